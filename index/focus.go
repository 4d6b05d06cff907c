package index

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minFocusRunes is the shortest message whose question is looked for in
// it (focusParts): a question of one sentence of up to about 20 Chinese
// characters or six English words is its own question.
const minFocusRunes = 40

// minFocusUnits is the fewest content units (words) a part of a message
// needs to be searched alone: the tail of "My laptop won't connect to the
// office Wi-Fi, any ideas?" is no question about anything, and alone it
// was answered through "ideas" → 思想 (testdata/fresh2/offtopic.jsonl
// lost three of 45 with no bar).
const minFocusUnits = 3

// maxFocusParts bounds the parts of a message searched on their own,
// each a full search.
const maxFocusParts = 3

// focusParts returns the parts of a long message (minFocusRunes or more)
// to search alone when the whole finds nothing, most likely first: its
// sentences that ask (ending in ? or ？, or holding an asking word: 吗,
// 什么, ли, what …), from the last; then its last sentence; then, for each
// of those, the words after its last comma, where a lead-in such as
// "Директор хочет понять," or "我想问一下，" ends. A part is kept only
// when it is shorter than the message and has some content. Nil for a
// short message or one of a single sentence with no comma.
func focusParts(text string) []string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) < minFocusRunes {
		return nil
	}
	var sentences []string
	start := 0
	rs := []rune(text)
	for i, r := range rs {
		end := strings.ContainsRune("。！？!?；;\n", r) || r == '.' && (i+1 == len(rs) || unicode.IsSpace(rs[i+1]))
		if end {
			if s := strings.TrimSpace(string(rs[start : i+1])); s != "" {
				sentences = append(sentences, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		sentences = append(sentences, s)
	}
	var order []string
	for i := len(sentences) - 1; i >= 0; i-- {
		if asks(sentences[i]) {
			order = append(order, sentences[i])
		}
	}
	if len(sentences) > 0 && !slices.Contains(order, sentences[len(sentences)-1]) {
		order = append(order, sentences[len(sentences)-1])
	}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if len(out) < maxFocusParts && s != "" && s != text && utf8.RuneCountInString(s) >= 4 && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, s := range order {
		add(s)
	}
	for _, s := range order {
		if i := strings.LastIndexAny(s, ",，、:："); i >= 0 {
			_, n := utf8.DecodeRuneInString(s[i:])
			add(s[i+n:])
		}
	}
	return out
}

// asks reports whether a sentence asks something: it ends in a question
// mark, or holds a Chinese question particle or word, a Russian ли or
// question word, or an English question word (what, how …), or begins
// with an English auxiliary (Does …, Can …) or a Russian что.
func asks(s string) bool {
	if strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？") {
		return true
	}
	for _, w := range []string{"吗", "么", "呢", "什么", "怎么", "如何", "哪", "是否", "能否", "可否", "多少", "几"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		switch w {
		case "what", "which", "how", "when", "where", "who", "whom", "whose", "why", "whether",
			"ли", "как", "какой", "какая", "какое", "какие", "каков", "когда", "где", "кто", "сколько", "почему", "зачем":
			return true
		case "is", "are", "do", "does", "did", "can", "could", "must", "may", "should", "will", "would", "has", "have", "что":
			if i == 0 {
				return true
			}
		}
	}
	return false
}
