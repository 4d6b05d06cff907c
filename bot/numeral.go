package bot

import (
	"strconv"
	"strings"
)

// sectionNumber reads a section label as a number: Chinese numerals
// ("二", "十四", "二十"), Arabic ("2") or Roman ("II", "xiv"). It is used to
// explain a missing section (a numbering gap, a truncated document), never
// to find one: the Searcher resolves references itself.
func sectionNumber(label string) (int, bool) {
	label = strings.TrimSpace(label)
	if label == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(label); err == nil {
		return n, n > 0
	}
	if n, ok := chineseNumber(label); ok {
		return n, true
	}
	return romanNumber(label)
}

var chineseDigits = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// chineseNumber reads 1..999 written in Chinese numerals.
func chineseNumber(s string) (int, bool) {
	total, digit := 0, -1
	seen := false
	for _, r := range s {
		seen = true
		if d, ok := chineseDigits[r]; ok {
			if digit >= 0 && digit != 0 {
				return 0, false // two digits in a row: "二三"
			}
			digit = d
			continue
		}
		unit := 0
		switch r {
		case '十':
			unit = 10
		case '百':
			unit = 100
		default:
			return 0, false
		}
		if digit < 0 {
			digit = 1 // "十二" is twelve
		}
		total += digit * unit
		digit = -1
	}
	if digit > 0 {
		total += digit
	}
	return total, seen && total > 0
}

// romanNumber reads a Roman numeral from 1 to 3999.
func romanNumber(s string) (int, bool) {
	vals := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100, 'd': 500, 'm': 1000}
	s = strings.ToLower(s)
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := vals[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && vals[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total >= 4000 || toRoman(total) != s {
		return 0, false // reject non-canonical forms like "iiii" or "vx"
	}
	return total, true
}

func toRoman(n int) string {
	syms := []struct {
		v int
		s string
	}{{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}
	var b strings.Builder
	for _, x := range syms {
		for n >= x.v {
			b.WriteString(x.s)
			n -= x.v
		}
	}
	return b.String()
}

// chineseNumeral writes 1..99 in Chinese numerals, to name a section the
// way a Chinese document does when the user typed "5".
func chineseNumeral(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return d[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + d[n%10]
	default:
		return d[n/10] + "十" + d[n%10]
	}
}
