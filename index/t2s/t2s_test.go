package t2s

import "testing"

func TestConvert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"衛星導航", "卫星导航"},
		{"財政政策溝通", "财政政策沟通"},
		{"跨境電商", "跨境电商"},
		{"一目瞭然", "一目了然"},     // a phrase: 瞭 alone would become 了 too, but via TSPhrases
		{"乾紅", "干红"},         // phrase first: 乾 alone stays 乾 in TSCharacters
		{"乾坤", "乾坤"},         // and 乾 alone is left alone
		{"卫星导航", "卫星导航"},     // already Simplified
		{"5G PPP", "5G PPP"}, // not Chinese
		{"", ""},
	}
	for _, tt := range tests {
		if got := Convert(tt.in); got != tt.want {
			t.Errorf("Convert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRunesKeepsLength(t *testing.T) {
	in := []rune("中華人民共和國政府與俄羅斯聯邦政府關於便利公民往來的協議")
	n := len(in)
	Runes(in)
	if len(in) != n {
		t.Fatalf("len = %d, want %d", len(in), n)
	}
	if got, want := string(in), "中华人民共和国政府与俄罗斯联邦政府关于便利公民往来的协议"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkConvert(b *testing.B) {
	s := "中華人民共和國政府與俄羅斯聯邦政府關於便利公民往來的協議第13條"
	for b.Loop() {
		Convert(s)
	}
}

func TestEachEntry(t *testing.T) {
	data := "# comment\n國\t国 囯\r\n\n無值\n乾紅\t干红\n後\t后"
	var got []string
	eachEntry(data, func(key, val string) { got = append(got, key+"="+val) })
	want := []string{"國=国", "乾紅=干红", "後=后"}
	if len(got) != len(want) {
		t.Fatalf("entries %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestLoadAllocs checks that building the tables allocates the two maps and
// no copy of the data's lines (bufio.Scanner's Text made 6k allocations,
// 0.33 MB, on every process's first conversion).
func TestLoadAllocs(t *testing.T) {
	tb := &tables{}
	allocs := testing.AllocsPerRun(5, func() {
		tb.chars = make(map[rune]rune, 3300)
		tb.phrases = make(map[string]string, 500)
		eachEntry(charactersData, func(key, val string) {})
		eachEntry(phrasesData, func(key, val string) {})
	})
	if allocs > 50 {
		t.Errorf("reading the tables: %v allocations, want the maps' few", allocs)
	}
}

// TestPairFilter checks Runes's pre-filters against every phrase (each
// must pass them) and against the conversion without them, on every
// phrase and character of the tables alone, in pairs and inside text.
func TestPairFilter(t *testing.T) {
	tb := load()
	slow := func(rs []rune) {
		for i := 0; i < len(rs); {
			if n, val := tb.longestPhrase(rs[i:]); n > 0 {
				j := i
				for _, r := range val {
					rs[j] = r
					j++
				}
				i += n
				continue
			}
			if s, ok := tb.chars[rs[i]]; ok {
				rs[i] = s
			}
			i++
		}
	}
	var keys []string
	for k := range tb.phrases {
		rs := []rune(k)
		if !tb.mayStartPhrase(rs[0]) || !tb.mayStartPair(rs[0], rs[1]) {
			t.Fatalf("phrase %q fails the pre-filters", k)
		}
		keys = append(keys, k)
	}
	for k := range tb.chars {
		keys = append(keys, string(k))
	}
	ruled := 0
	check := func(s string) {
		a, b := []rune(s), []rune(s)
		Runes(a)
		slow(b)
		if string(a) != string(b) {
			t.Fatalf("Runes(%q) = %q, want %q", s, string(a), string(b))
		}
	}
	for i, k := range keys {
		check(k)
		check("的" + k + "國")
		check(k + keys[(i*7+1)%len(keys)])
		if rs := []rune(k + "的"); tb.mayStartPhrase(rs[0]) && !tb.mayStartPair(rs[0], rs[1]) {
			ruled++
		}
	}
	if ruled == 0 {
		t.Fatal("the pair filter ruled nothing out")
	}
}
