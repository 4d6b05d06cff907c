package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	dm := func(text string) Message { return Message{Text: text, Direct: true} }
	group := func(text string) Message { return Message{Text: text} }
	mention := func(text string) Message { return Message{Text: text, Mentioned: true} }
	reply := func(text string) Message { return Message{Text: text, ReplyToBot: true} }
	tests := []struct {
		name string
		m    Message
		want route
	}{
		{"question", dm("北斗卫星导航"), route{opAsk, "北斗卫星导航"}},
		{"question spaces", dm("  what about trade?  "), route{opAsk, "what about trade?"}},
		{"ask", dm("/ask 北斗"), route{opAsk, "北斗"}},
		{"ask empty", dm("/ask"), route{op: opAsk}},
		{"ask help", dm("/ask help"), route{op: opHelp}},
		{"ask section", dm("/ask section 二"), route{opSection, "二"}},
		{"ask clause", dm("/ask clause 二.12"), route{opClause, "二.12"}},
		{"ask sources", dm("/ask sources"), route{op: opSources}},
		{"ask more", dm("/ask more"), route{op: opMore}},
		{"ask greeting", dm("/ask 你好"), route{op: opHelp}},
		{"help", dm("/help"), route{op: opHelp}},
		{"start", dm("/start"), route{op: opHelp}},
		{"start payload", dm("/start deep-link"), route{op: opHelp}},
		{"upper case command", dm("/HELP"), route{op: opHelp}},
		{"section", dm("/section 二"), route{opSection, "二"}},
		{"section arabic", dm("/section 2"), route{opSection, "2"}},
		{"section empty", dm("/section"), route{op: opSection}},
		{"clause", dm("/clause 二.12"), route{opClause, "二.12"}},
		{"sources", dm("/sources"), route{op: opSources}},
		{"more", dm("/more"), route{op: opMore}},
		{"reload", dm("/reload"), route{op: opReload}},
		{"unknown dm", dm("/frobnicate"), route{opUnknown, "/frobnicate"}},
		{"command to us in dm", dm("/help@clausebot"), route{op: opHelp}},
		{"plain help", dm("help"), route{op: opHelp}},
		{"plain help zh", dm("帮助"), route{op: opHelp}},
		{"question mark", dm("？"), route{op: opHelp}},
		{"thumbs up", dm("👍"), route{opThanks, "emoji"}},
		{"emoji", dm("🔥🌡️"), route{opThanks, "emoji"}},
		{"thanks", dm("Thanks!"), route{op: opThanks}},
		{"shoudao", dm("好的，收到"), route{op: opThanks}},
		// thanks in several words and particles (a trial's 谢谢哈 and 好的 谢谢
		// were searched); 你好 is covered by 你 and 好 and thanks nobody
		{"xiexieha", dm("谢谢哈"), route{op: opThanks}},
		{"haode xiexie", dm("好的 谢谢"), route{op: opThanks}},
		{"shoudao xinku", dm("收到，辛苦了！"), route{op: opThanks}},
		{"nihao", dm("你好"), route{op: opHelp}},
		{"thanks then question", dm("谢谢，网店要办营业执照吗"), route{op: opAsk, arg: "谢谢，网店要办营业执照吗"}},
		{"spasibo", dm("Спасибо большое!"), route{op: opThanks}},
		{"thanks with question", dm("thanks, and what about trade?"), route{opAsk, "thanks, and what about trade?"}},
		{"emoji with question", dm("👍 北斗呢"), route{opAsk, "👍 北斗呢"}},
		{"hi", dm("Hi!"), route{op: opHelp}},
		{"hello bot", dm("hello bot"), route{op: opHelp}},
		{"nihao", dm("你好。"), route{op: opHelp}},
		{"good morning", dm("Good morning"), route{op: opHelp}},
		{"how are you", dm("Hello, how are you?"), route{op: opHelp}},
		{"kak dela", dm("Как у тебя дела?"), route{op: opHelp}},
		{"zuijin", dm("最近怎么样？"), route{op: opHelp}},
		{"bye", dm("Thanks, bye!"), route{op: opThanks}},
		{"poka", dm("Спасибо, пока!"), route{op: opThanks}},
		{"hi with question", dm("hi, what about trade?"), route{opAsk, "hi, what about trade?"}},
		{"plain sources", dm("sources"), route{op: opSources}},
		{"plain more", dm("更多"), route{op: opMore}},
		{"plain more en", dm("More"), route{op: opMore}},
		{"plain section", dm("section 二"), route{opSection, "二"}},
		{"plain clause", dm("clause 2.12"), route{opClause, "2.12"}},
		{"bare ref", dm("二.12"), route{opClause, "二.12"}},
		{"bare ref dot", dm("二·12"), route{opClause, "二·12"}},
		{"full-width slash", dm("／section 二"), route{opSection, "二"}},
		{"IME slash", dm("、section 二"), route{opSection, "二"}},
		{"IME slash, full-width name", dm("、ｃｌａｕｓｅ ２.１２"), route{opClause, "２.１２"}},
		{"IME slash in a group", group("、help"), route{op: opIgnore}},
		{"IME slash to us in a group", mention("、sources"), route{op: opSources}},
		{"enumeration comma is text", dm("、北斗合作"), route{opAsk, "、北斗合作"}},
		{"IME slash, unknown word", dm("、frobnicate"), route{opAsk, "、frobnicate"}},
		{"full-width bare ref", dm("２.１２"), route{opClause, "2.12"}},
		{"full-width stop ref", dm("二．１２"), route{opClause, "二.12"}},
		{"middle dot, full-width digits", dm("二·１２"), route{opClause, "二·12"}},
		{"katakana middle dot", dm("二・12"), route{opClause, "二·12"}},
		{"full-width doc ref", dm("doc：二．１２"), route{opClause, "doc:二.12"}},
		{"bare ref doc", dm("ru-2021:II.3"), route{opClause, "ru-2021:II.3"}},
		{"not a ref", dm("2021.12"), route{opAsk, "2021.12"}},
		{"long text is a question", dm(strings.Repeat("合作", 40)), route{opAsk, strings.Repeat("合作", 40)}},
		{"sticker", dm(""), route{op: opIgnore}},
		{"group chatter", group("北斗卫星导航"), route{op: opIgnore}},
		{"group hi", group("hi"), route{op: opIgnore}},
		{"group command", group("/ask 北斗"), route{opAsk, "北斗"}},
		{"group other bot", group("/help@otherbot"), route{op: opIgnore}},
		{"group unknown command", group("/weather"), route{op: opIgnore}},
		{"group mention", mention("北斗"), route{opAsk, "北斗"}},
		{"group bare mention", mention(""), route{op: opHelp}},
		{"group mention unknown", mention("/weather"), route{opUnknown, "/weather"}},
		{"group reply", reply("更多"), route{op: opMore}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parse(tt.m); got != tt.want {
				t.Errorf("parse(%+v) = %+v, want %+v", tt.m, got, tt.want)
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		text, hint string
		def        Lang
		want       Lang
	}{
		{"北斗", "", English, Chinese},
		{"what about 北斗?", "en", English, Chinese},
		{"what about trade", "zh-hans", Chinese, English},
		{"привет", "", Chinese, Russian},
		{"что такое ГЛОНАСС", "", English, Russian},
		{"GLONASS и BeiDou", "", Chinese, English},
		{"2.12", "zh-hans", English, Chinese},
		{"2.12", "zh_CN", English, Chinese},
		{"2.12", "en-US", Chinese, English},
		{"2.12", "ru", Chinese, Russian},
		{"2.12", "fr", Russian, Russian},
		{"", "", Chinese, Chinese},
		{"", "", "", English},
		{"？！", "", English, English},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.text, tt.hint, tt.def); got != tt.want {
			t.Errorf("DetectLang(%q, %q, %q) = %q, want %q", tt.text, tt.hint, tt.def, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "——促进产业链供应链融合，推动在可持续发展、加工业、矿产资源开采和深加工、农产品、木材、石油天然气化工、交通基础设施建设、医疗、金融、保险、高新技术、数字经济等领域的投资合作。"
	at := strings.Index(long, "数字经济")
	en := "The parties agreed to strengthen cooperation in satellite navigation, including the compatibility of the Beidou and GLONASS systems, and to promote their use in transport, agriculture and disaster relief across both countries."
	enAt := strings.Index(en, "Beidou")
	tests := []struct {
		name      string
		text      string
		bold      []Span
		width     int
		shortened bool
		wantBold  []string
	}{
		{"short stays whole", "加强服务贸易合作。", []Span{{6, 12}}, 100, false, []string{"服务"}},
		{"chinese around match", long, []Span{{at, at + len("数字经济")}}, 60, true, []string{"数字经济"}},
		{"chinese no match", long, nil, 60, true, nil},
		{"english around match", en, []Span{{enAt, enAt + len("Beidou")}}, 80, true, []string{"Beidou"}},
		{"match at start", long, []Span{{len("——"), len("——促进")}}, 60, true, []string{"促进"}},
	}
	// A match near the end: the excerpt starts after a clause's end, not
	// in the middle of the sentence before (a trial saw "…报。对劳动者…").
	notice := "用人单位应当建立高温天气劳动保护制度，并向劳动者公布。劳动者发现用人单位未落实防暑降温措施的，可以向人力资源社会保障部门举报。对劳动者反映的问题，有关部门应当及时处理并答复。"
	noticeAt := strings.Index(notice, "及时处理")
	tests = append(tests, struct {
		name      string
		text      string
		bold      []Span
		width     int
		shortened bool
		wantBold  []string
	}{"match near the end", notice, []Span{{noticeAt, noticeAt + len("及时处理")}}, 100, true, []string{"及时处理"}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bold, short := shorten(tt.text, tt.bold, tt.width)
			if core := strings.TrimPrefix(got, "…"); tt.name == "match near the end" {
				i := strings.Index(tt.text, core)
				if r, _ := utf8.DecodeLastRuneInString(tt.text[:i]); i > 0 && !strings.ContainsRune("，。；：", r) {
					t.Errorf("excerpt %q starts inside a clause (after %q)", got, string(r))
				}
			}
			if short != tt.shortened {
				t.Fatalf("shortened = %v, want %v (%q)", short, tt.shortened, got)
			}
			if !utf8.ValidString(got) {
				t.Fatalf("invalid UTF-8: %q", got)
			}
			var gotBold []string
			for _, s := range bold {
				gotBold = append(gotBold, got[s.Start:s.End])
			}
			if strings.Join(gotBold, "|") != strings.Join(tt.wantBold, "|") {
				t.Errorf("bold = %q, want %q (in %q)", gotBold, tt.wantBold, got)
			}
			if !short {
				return
			}
			if w := displayWidth(got); w > tt.width+4 {
				t.Errorf("width %d, want about %d: %q", w, tt.width, got)
			}
			core := strings.TrimSuffix(strings.TrimPrefix(got, "…"), "…")
			if !strings.Contains(tt.text, core) {
				t.Errorf("excerpt %q is not a verbatim part of the clause", core)
			}
			if !strings.HasPrefix(got, "…") && !strings.HasPrefix(tt.text, core) {
				t.Errorf("a cut at the start is not marked: %q", got)
			}
			if !strings.HasSuffix(got, "…") && !strings.HasSuffix(tt.text, core) {
				t.Errorf("a cut at the end is not marked: %q", got)
			}
			if strings.Contains(tt.text, " ") { // alphabetic: no word cut in half
				words := strings.Fields(core)
				for _, w := range []string{words[0], words[len(words)-1]} {
					w = strings.Trim(w, ",.")
					if !strings.Contains(" "+tt.text+" ", " "+w) || !strings.Contains(tt.text, w) {
						t.Errorf("word %q was cut", w)
					}
				}
			}
		})
	}
}

func TestValidSpans(t *testing.T) {
	text := "北斗卫星" // 12 bytes
	tests := []struct {
		in   []Span
		want []Span
	}{
		{nil, nil},
		{[]Span{{0, 6}}, []Span{{0, 6}}},
		{[]Span{{6, 12}, {0, 3}}, []Span{{0, 3}, {6, 12}}},
		{[]Span{{0, 6}, {3, 9}}, []Span{{0, 9}}},
		{[]Span{{0, 3}, {3, 6}}, []Span{{0, 6}}},
		{[]Span{{1, 3}}, nil},  // inside a rune
		{[]Span{{0, 13}}, nil}, // past the end
		{[]Span{{-1, 3}}, nil}, // negative
		{[]Span{{6, 6}}, nil},  // empty
		{[]Span{{6, 3}}, nil},  // reversed
		{[]Span{{0, 4}}, nil},  // ends inside a rune
	}
	for _, tt := range tests {
		got := validSpans(text, tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("validSpans(%v) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("validSpans(%v) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

func TestDecodeRejectsForeignData(t *testing.T) {
	b := New(nil, Options{})
	for _, d := range []string{
		"", "x", "m", "me:", "mq:AAAAAAAA:1", "qe:abc", "me:short:1", "me:AAAAAAAA:-1", "me:AAAAAAAA:x",
		"me:AAAAAAAA:99999999", "se:1", "se:x:二", "se:1:", "ce:", "ae: ", "x:bad", "x:AAAA!AAA",
		strings.Repeat("c", MaxButtonData+1), "ce:二\x00", "ce:\xff",
		"wz:0:s:", "wz:0:x:二", "wz:-1:s:二", "wz:s:二", "wz:0:二", "we:99999999:c:第十条",
	} {
		if c, ok := b.decode(d); ok {
			t.Errorf("decode(%q) = %+v, want not ours", d, c)
		}
	}
	for _, d := range []string{"me:AAAAAAAA:3", "sz:2:二", "ce:二·12", "az:北斗", "x:AAAAAAAA", "wz:1:s:第二章", "we:0:c:doc:Article 5"} {
		if _, ok := b.decode(d); !ok {
			t.Errorf("decode(%q) rejected a well-formed cursor", d)
		}
	}
}

// FuzzDecode checks that no button data, however forged, makes decode
// panic or accept a number out of bounds.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"me:AAAAAAAA:3", "sz:2:二", "ce:二·12", "az:北斗", "x:AAAAAAAA", "wz:1:s:第二章"} {
		f.Add(s)
	}
	b := New(nil, Options{})
	f.Fuzz(func(t *testing.T, d string) {
		c, ok := b.decode(d)
		if ok && (c.n < 0 || c.n > maxCursorNumber || len(c.ref) > MaxButtonData) {
			t.Errorf("decode(%q) = %+v", d, c)
		}
	})
}

// TestLongCursorStored checks button data too long for Telegram is kept
// server-side behind a short id, and expires with the paging TTL.
func TestLongCursorStored(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := New(nil, Options{Now: func() time.Time { return now }})
	ref := strings.Repeat("很长的文件名", 5) + ":二·12"
	d := b.clauseData(Chinese, ref)
	if len(d) > MaxButtonData || !strings.HasPrefix(d, "x:") {
		t.Fatalf("data %q (%d bytes), want a stored cursor", d, len(d))
	}
	c, ok := b.decode(d)
	if !ok || c.kind != curClause || c.ref != ref || c.lang != Chinese {
		t.Fatalf("decode = %+v, %v; want clause %q in Chinese", c, ok, ref)
	}
	now = now.Add(DefaultPageTTL + time.Second)
	if c, ok := b.decode(d); !ok || c.kind != curExpired {
		t.Errorf("after the TTL: decode = %+v, %v; want expired", c, ok)
	}
	if short := b.clauseData(English, "二·12"); short != "ce:二·12" {
		t.Errorf("a short cursor is %q, want it inline", short)
	}
}

func TestTermSpans(t *testing.T) {
	text := "中俄双方支持茶叶贸易，发展维生素C产业。"
	span := func(s string) Span {
		i := strings.Index(text, s)
		if i < 0 {
			t.Fatalf("%q not in the text", s)
		}
		return Span{i, i + len(s)}
	}
	tests := []struct {
		q    string
		in   []string
		want []string
	}{
		{"中俄茶叶贸易", []string{"中", "茶叶", "贸易"}, []string{"茶叶", "贸易"}},
		{"中 俄", []string{"中", "俄"}, []string{"中", "俄"}},
		{"茶", []string{"茶"}, []string{"茶"}},
		{"茶叶", []string{"茶"}, nil},
		{"what about vitamin c?", []string{"C"}, []string{"C"}},
		{"vitamins", []string{"C"}, nil},
		{"", []string{"中", "双方"}, []string{"双方"}},
	}
	for _, tt := range tests {
		var in []Span
		for _, s := range tt.in {
			in = append(in, span(s))
		}
		var got []string
		for _, sp := range termSpans(text, in, tt.q) {
			got = append(got, text[sp.Start:sp.End])
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("termSpans(q=%q) (-want +got):\n%s", tt.q, diff)
		}
	}
}

// TestWellCut checks that a help example's phrase neither starts nor ends
// with a word that leaves it a fragment of its sentence.
func TestWellCut(t *testing.T) {
	for p, want := range map[string]bool{
		"annual leave": true, "employees may carry over leave": true,
		"save in cases of emergency": false, "subject to paragraph 2": false, "as provided for in": false,
		"the right to disconnect": false, "кроме случаев": false, "водные объекты": true,
	} {
		if got := wellCut(p); got != want {
			t.Errorf("wellCut(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestRussianExamplePhrases: a Russian phrase starting with an oblique
// adjective or participle, or a relative adverb, is the tail of a
// sentence and no example topic (a trial's help offered "Что сказано о
// теме «обладавшего имуществом на территории Российской Федерации»?");
// a phrase in the nominative is one.
func TestRussianExamplePhrases(t *testing.T) {
	for p, want := range map[string]bool{
		"обладавшего имуществом на территории Российской Федерации": false,
		"где это имущество находилось в момент":                     false,
		"Личный закон физического лица":                             true,
		"наследники первой очереди":                                 true,
	} {
		if got := wellCut(p); got != want {
			t.Errorf("wellCut(%q) = %v, want %v", p, got, want)
		}
	}
}
