package main

import (
	"fmt"
	"strings"
	"testing"
)

func TestGlosses(t *testing.T) {
	for _, tc := range []struct {
		sense string
		want  string // glosses as "key key/n", joined by " | "
	}{
		{"(lit. and fig.) to navigate", "navig/1"},
		{"satellite navigation", "satellit navig/2"},
		{"to cooperate; to collaborate; to work together", "cooper/1 | collabor/1 | work togeth/2"},
		{"customs (i.e. border crossing inspection)", "custom/1"},
		{"see 基友[ji1 you3]", ""},
		{"variant of 臺|台[tai2]", ""},
		{"old variant of 線|线[xian4]", ""},
		{"surname Wei", ""},
		{"abbr. for 中國|中国[Zhong1 guo2]", ""},
		{"CL:顆|颗[ke1]", ""},
		{"light; ray (CL:道[dao4])", "light/1 | ray/1"},
		{"Buddhist image", "buddhist imag/2"},
		{"this year", "year/2"},
		{"Harbin, subprovincial city and capital of Heilongjiang province 黑龍江省|黑龍江省[Hei1 long2 jiang1 Sheng3] in northeast China",
			"harbin subprovinci citi capit heilongjiang provinc northeast china/9 | harbin/1"},
		{"to do sth for sb", ""},
	} {
		var parts []string
		for _, g := range glosses(tc.sense) {
			parts = append(parts, fmt.Sprintf("%s/%d", strings.Join(g.keys, " "), g.n))
		}
		if got := strings.Join(parts, " | "); got != tc.want {
			t.Errorf("glosses(%q) = %q, want %q", tc.sense, got, tc.want)
		}
	}
}

func TestBuild(t *testing.T) {
	es := []entry{
		{"卫星", []string{"satellite", "moon"}},
		{"卫星导航", []string{"satellite navigation", "sat-nav"}},
		{"星", []string{"star"}},
		{"今年", []string{"this year"}},
	}
	tb := build(es, 0, 0.2, 2)
	got := map[string]string{}
	for i, k := range tb.keys {
		var ps []string
		for _, p := range tb.posts[i] {
			ps = append(ps, fmt.Sprintf("%s %.2f", tb.heads[p.head], p.weight))
		}
		got[k] = strings.Join(ps, ", ")
	}
	want := map[string]string{
		"satellit": "卫星 1.00, 卫星导航 0.50",
		"navig":    "卫星导航 0.50",
		"moon":     "卫星 1.00",
		"sat":      "卫星导航 0.50",
		"nav":      "卫星导航 0.50",
		"year":     "今年 0.50",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("build:\n got %v\nwant %v", got, want)
	}
	if tb.maxPhrase != 2 {
		t.Errorf("longest gloss %d, want 2", tb.maxPhrase)
	}
}
