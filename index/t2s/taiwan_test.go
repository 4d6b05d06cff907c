package t2s

import "testing"

func TestFromTaiwan(t *testing.T) {
	tests := []struct{ in, want, simplified string }{
		{"智慧財產權保護", "知識產權保護", "知识产权保护"},
		{"國際道路運輸資料資訊交換", "國際道路運輸數據信息交換", "国际道路运输数据信息交换"},
		{"資料庫", "數據庫", "数据库"},    // the longest word wins
		{"衛星導航", "衛星導航", "卫星导航"}, // nothing Taiwanese: unchanged
		{"資料", "數據", "数据"},
		{"资料", "资料", "资料"},                         // Simplified: a mainland word already
		{"program 程式", "program 程式", "program 程式"}, // no Traditional character
		{"", "", ""},
	}
	for _, tc := range tests {
		got := FromTaiwan(tc.in)
		if got != tc.want {
			t.Errorf("FromTaiwan(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if s := Convert(got); s != tc.simplified {
			t.Errorf("Convert(FromTaiwan(%q)) = %q, want %q", tc.in, s, tc.simplified)
		}
	}
}

func TestTaiwanTablesLoad(t *testing.T) {
	tab := loadTW()
	if len(tab.phrases) < 400 || len(tab.variants) < 30 {
		t.Errorf("%d Taiwan phrases and %d variants; the OpenCC files hold about 500 and 39", len(tab.phrases), len(tab.variants))
	}
	if got := tab.phrases["智慧財產權"]; got != "知識產權" {
		t.Errorf("智慧財產權 → %q, want 知識產權", got)
	}
}

// TestFromTaiwanKeepsSimplified: a question mixing Simplified and
// Traditional characters keeps its Simplified ones: the reversed variant
// 么 → 幺 made "什么是網絡運營者" 什幺是…, and its question word was lost.
func TestFromTaiwanKeepsSimplified(t *testing.T) {
	for in, want := range map[string]string{
		"什么是網絡運營者":  "什么是網絡運營者",
		"个人資訊是什么意思": "个人信息是什么意思",
	} {
		if got := FromTaiwan(in); got != want {
			t.Errorf("FromTaiwan(%q) = %q; want %q", in, got, want)
		}
	}
}
