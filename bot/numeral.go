package bot

import (
	"strconv"
	"strings"
)

// Section numbers are printed in many styles: Chinese numerals ("二",
// "十四", "一百零五"), Arabic digits, ASCII or full-width ("2", "１２"),
// Roman numerals, ASCII or the Unicode Roman numeral signs ("II", "xiv",
// "Ⅱ"). These functions are the one place clausebot reads and writes them,
// for the core and for package index.

// ParseSectionNumber reads a section label as a positive number in any of
// the styles above. It accepts the label alone, trimmed of white space:
// "第二部分", "二、", "2." and "二三" (two or three?) are not numbers.
func ParseSectionNumber(label string) (int, bool) {
	label = strings.TrimSpace(label)
	if n, ok := parseArabic(label); ok {
		return n, true
	}
	if n, ok := ParseChineseNumeral(label); ok {
		return n, true
	}
	return ParseRomanNumeral(label)
}

// maxArabic bounds the Arabic numbers read, far above any section number,
// so a long digit string cannot overflow.
const maxArabic = 1_000_000

// parseArabic reads ASCII or full-width decimal digits, and nothing else
// (no sign, no space).
func parseArabic(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			n = n*10 + int(r-'0')
		case '０' <= r && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return 0, false
		}
		if n > maxArabic {
			return 0, false
		}
	}
	return n, n > 0
}

var chineseDigits = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var chineseUnits = map[rune]int{'十': 10, '百': 100, '千': 1000}

// ParseChineseNumeral reads a positive Chinese numeral below 10000: with
// units ("十二", "二十", "一百零五", "两千零一十") or, when it has a zero,
// positionally ("二〇" is 20, "一〇五" 105, as some documents number). It
// rejects what a reader could take two ways: a run of digits without a
// zero ("二三": 23, or "two or three"?) and a digit after a unit above ten
// with no zero between ("一百五": 105, or colloquially 150?).
func ParseChineseNumeral(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if !strings.ContainsFunc(s, func(r rune) bool { _, ok := chineseUnits[r]; return ok }) {
		return chinesePositional(s)
	}
	total, digit, lastUnit, zero := 0, -1, 10000, false
	for _, r := range s {
		if d, ok := chineseDigits[r]; ok {
			switch {
			case d == 0:
				if digit >= 0 || total == 0 {
					return 0, false // "二零十", or a leading zero
				}
				zero = true
			case digit >= 0:
				return 0, false // two digits in a row: "二三十"
			default:
				digit = d
			}
			continue
		}
		unit, ok := chineseUnits[r]
		if !ok || unit >= lastUnit {
			return 0, false // not a numeral, or units out of order: "十百", "二十三十"
		}
		if digit < 0 {
			if unit != 10 {
				return 0, false // "百" needs its digit
			}
			digit = 1 // "十二" is twelve, "一百十" one hundred and ten
		}
		total += digit * unit
		digit, lastUnit, zero = -1, unit, false
	}
	if digit > 0 {
		if lastUnit > 10 && lastUnit < 10000 && !zero {
			return 0, false // "一百五": see above
		}
		total += digit
	}
	return total, total > 0
}

// chinesePositional reads a run of Chinese digits: one digit, or several
// with a zero among them ("二〇", "一〇五").
func chinesePositional(s string) (int, bool) {
	n, count, zero := 0, 0, false
	for _, r := range s {
		d, ok := chineseDigits[r]
		if !ok || count >= 4 || (count == 1 && n == 0) {
			return 0, false // not a digit, too long, or a leading zero: "零五"
		}
		zero = zero || d == 0
		n = n*10 + d
		count++
	}
	if count > 1 && !zero {
		return 0, false
	}
	return n, n > 0
}

// ChineseNumeral writes 1 ≤ n ≤ 9999 in Chinese numerals ("五", "十二",
// "一百零五"), the way a Chinese document numbers its sections; other n are
// written in Arabic digits.
func ChineseNumeral(n int) string {
	if n <= 0 || n > 9999 {
		return strconv.Itoa(n)
	}
	digits := []rune("〇一二三四五六七八九")
	units := []rune("千百十")
	var b strings.Builder
	pending := false // a zero is owed before the next non-zero digit
	for i, div := range []int{1000, 100, 10} {
		d := n / div % 10
		switch {
		case d == 0:
			pending = b.Len() > 0
		default:
			if pending {
				b.WriteRune('零')
				pending = false
			}
			if !(d == 1 && div == 10 && b.Len() == 0) { // "十二", not "一十二"
				b.WriteRune(digits[d])
			}
			b.WriteRune(units[i])
		}
	}
	if d := n % 10; d > 0 {
		if pending {
			b.WriteRune('零')
		}
		b.WriteRune(digits[d])
	}
	return b.String()
}

// romanSigns spells the Unicode Roman numeral signs (Ⅰ U+2160 … ↀ) in
// ASCII, upper-case from U+2160 and lower-case from U+2170.
var romanSigns = [16]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "L", "C", "D", "M"}

// ParseRomanNumeral reads a Roman numeral from 1 to 3999 in canonical form
// ("XIV", not "XIIII" or "IVX"), in either case, in ASCII or with the
// Unicode Roman numeral signs ("Ⅻ", "ⅹⅳ").
func ParseRomanNumeral(s string) (int, bool) {
	if s == "" || len(s) > 64 {
		return 0, false
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case 0x2160 <= r && r <= 0x216F:
			b.WriteString(romanSigns[r-0x2160])
		case 0x2170 <= r && r <= 0x217F:
			b.WriteString(romanSigns[r-0x2170])
		case r < 0x80:
			b.WriteRune(r)
		default:
			return 0, false
		}
	}
	up := strings.ToUpper(b.String())
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	total := 0
	for i := 0; i < len(up); i++ {
		v, ok := vals[up[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(up) && vals[up[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || RomanNumeral(total) != up {
		return 0, false // non-canonical: "IIII", "VX", "IM"
	}
	return total, true
}

// RomanNumeral writes 1 ≤ n ≤ 3999 as an upper-case ASCII Roman numeral;
// other n are written in Arabic digits.
func RomanNumeral(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	syms := []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}
	var b strings.Builder
	for _, x := range syms {
		for n >= x.v {
			b.WriteString(x.s)
			n -= x.v
		}
	}
	return b.String()
}
