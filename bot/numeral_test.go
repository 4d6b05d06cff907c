package bot_test

import (
	"testing"

	"clausebot/bot"
)

func TestParseSectionNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		// Chinese, with units.
		{"一", 1, true}, {"二", 2, true}, {"十", 10, true}, {"十四", 14, true}, {"二十", 20, true},
		{"二十三", 23, true}, {"九十九", 99, true}, {"一百", 100, true}, {"一百零五", 105, true},
		{"一百一十", 110, true}, {"一百十", 110, true}, {"两百", 200, true}, {"一千零一", 1001, true},
		{"两千零一十", 2010, true}, {"九千九百九十九", 9999, true}, {" 二 ", 2, true},
		// Chinese, positional with a zero.
		{"二〇", 20, true}, {"一〇五", 105, true}, {"〇", 0, false}, {"零", 0, false},
		// Chinese that reads two ways, or not at all.
		{"二三", 0, false}, {"一百五", 0, false}, {"十百", 0, false}, {"二十三十", 0, false},
		{"百", 0, false}, {"零五", 0, false}, {"二零十", 0, false}, {"二〇二一二", 0, false},
		{"第二部分", 0, false}, {"二、", 0, false}, {"二。", 0, false},
		// Arabic, ASCII and full-width.
		{"5", 5, true}, {"12", 12, true}, {"05", 5, true}, {"１２", 12, true}, {"１2", 12, true},
		{"0", 0, false}, {"-1", 0, false}, {"+1", 0, false}, {"2.", 0, false}, {"1 2", 0, false},
		{"99999999999999999999999", 0, false},
		// Roman, either case, canonical only, ASCII or Unicode signs.
		{"I", 1, true}, {"II", 2, true}, {"iv", 4, true}, {"xiv", 14, true}, {"XLII", 42, true},
		{"MMMCMXCIX", 3999, true}, {"Ⅱ", 2, true}, {"Ⅻ", 12, true}, {"ⅹⅳ", 14, true}, {"ⅩⅣ", 14, true},
		{"IIII", 0, false}, {"VX", 0, false}, {"IM", 0, false}, {"MMMM", 0, false}, {"IIV", 0, false},
		// Neither.
		{"", 0, false}, {"abc", 0, false}, {"preamble", 0, false}, {"二II", 0, false},
	}
	for _, tt := range tests {
		got, ok := bot.ParseSectionNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseSectionNumber(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestChineseNumeral(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "一"}, {5, "五"}, {10, "十"}, {11, "十一"}, {20, "二十"}, {23, "二十三"}, {100, "一百"},
		{105, "一百零五"}, {110, "一百一十"}, {999, "九百九十九"}, {1000, "一千"}, {1001, "一千零一"},
		{1010, "一千零一十"}, {1100, "一千一百"}, {2024, "二千零二十四"}, {9999, "九千九百九十九"},
		{0, "0"}, {-3, "-3"}, {10000, "10000"},
	}
	for _, tt := range tests {
		if got := bot.ChineseNumeral(tt.n); got != tt.want {
			t.Errorf("ChineseNumeral(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	// Every numeral written reads back as itself.
	for n := 1; n <= 9999; n++ {
		if got, ok := bot.ParseChineseNumeral(bot.ChineseNumeral(n)); !ok || got != n {
			t.Fatalf("ParseChineseNumeral(ChineseNumeral(%d) = %q) = %d, %v", n, bot.ChineseNumeral(n), got, ok)
		}
	}
}

func TestRomanNumeral(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "I"}, {4, "IV"}, {9, "IX"}, {14, "XIV"}, {40, "XL"}, {90, "XC"}, {400, "CD"},
		{1994, "MCMXCIV"}, {3999, "MMMCMXCIX"}, {0, "0"}, {4000, "4000"},
	}
	for _, tt := range tests {
		if got := bot.RomanNumeral(tt.n); got != tt.want {
			t.Errorf("RomanNumeral(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	for n := 1; n < 4000; n++ {
		if got, ok := bot.ParseRomanNumeral(bot.RomanNumeral(n)); !ok || got != n {
			t.Fatalf("ParseRomanNumeral(RomanNumeral(%d) = %q) = %d, %v", n, bot.RomanNumeral(n), got, ok)
		}
	}
}

func FuzzParseSectionNumber(f *testing.F) {
	for _, s := range []string{"二十三", "一百零五", "XIV", "１２", "Ⅻ", "二〇"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := bot.ParseSectionNumber(s)
		if ok != (n > 0) {
			t.Fatalf("ParseSectionNumber(%q) = %d, %v: ok must mean a positive number", s, n, ok)
		}
	})
}
