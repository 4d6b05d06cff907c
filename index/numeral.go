package index

import "strings"

var chineseDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// chineseNumber parses a Chinese numeral below 1000 ("二", "十二", "二十",
// "一百零五") or a run of Chinese digits ("一二").
func chineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	total, cur := 0, -1
	unitSeen := false
	for _, r := range s {
		switch {
		case r == '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
			cur, unitSeen = -1, true
		case r == '百':
			if cur < 0 {
				return 0, false
			}
			total += cur * 100
			cur, unitSeen = -1, true
		default:
			d, ok := chineseDigits[r]
			if !ok {
				return 0, false
			}
			if cur >= 0 && !unitSeen {
				cur = cur*10 + d // digit string: 一二 = 12
			} else {
				cur = d
			}
		}
	}
	if cur > 0 {
		total += cur
	}
	return total, true
}

// chineseNumeral writes 1 ≤ v < 1000 as a Chinese numeral.
func chineseNumeral(v int) string {
	const digits = "〇一二三四五六七八九"
	d := []rune(digits)
	if v <= 0 || v >= 1000 {
		return ""
	}
	var b strings.Builder
	h, t, u := v/100, v/10%10, v%10
	if h > 0 {
		b.WriteRune(d[h])
		b.WriteRune('百')
		if t == 0 && u > 0 {
			b.WriteRune('零')
		}
	}
	if t > 0 {
		if !(t == 1 && h == 0) {
			b.WriteRune(d[t])
		}
		b.WriteRune('十')
	}
	if u > 0 {
		b.WriteRune(d[u])
	}
	return b.String()
}

var romanValues = map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}

// romanNumber parses an upper-case Roman numeral in canonical form.
func romanNumber(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		v, ok := romanValues[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && romanValues[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || romanNumeral(n) != s {
		return 0, false
	}
	return n, true
}

// romanNumeral writes 1 ≤ v < 4000 as an upper-case Roman numeral.
func romanNumeral(v int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, val := range vals {
		for v >= val {
			b.WriteString(syms[i])
			v -= val
		}
	}
	return b.String()
}
