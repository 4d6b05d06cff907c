package t2s

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// OpenCC's Taiwan tables map mainland usage, in Traditional characters, to
// Taiwan's: TWPhrases words (知識產權 → 智慧財產權, 數據 → 資料, 信息 →
// 資訊) and TWVariants character forms (着 → 著). OpenCC's tw2sp
// configuration reads them reversed, Taiwan → mainland, before its
// Traditional → Simplified step; Taiwan does the same.
//
//go:embed data/TWPhrases.txt
var twPhrasesData string

//go:embed data/TWVariants.txt
var twVariantsData string

// twTables are the reversed Taiwan tables.
type twTables struct {
	phrases   map[string]string // Taiwan word → mainland word, both Traditional
	maxPhrase int               // longest key, in runes
	variants  map[rune]rune     // Taiwan character form → mainland form
}

var (
	twOnce sync.Once
	twTab  *twTables
)

func loadTW() *twTables {
	twOnce.Do(func() {
		t := &twTables{phrases: map[string]string{}, variants: map[rune]rune{}}
		// Reversed as OpenCC reverses them: every listed Taiwan form
		// points back to its mainland key, and the first key listed for
		// a form wins.
		eachReversed(twPhrasesData, func(tw, mainland string) {
			if _, dup := t.phrases[tw]; !dup && tw != mainland {
				t.phrases[tw] = mainland
				t.maxPhrase = max(t.maxPhrase, utf8.RuneCountInString(tw))
			}
		})
		eachReversed(twVariantsData, func(tw, mainland string) {
			k, _ := utf8.DecodeRuneInString(tw)
			v, _ := utf8.DecodeRuneInString(mainland)
			if _, dup := t.variants[k]; !dup && utf8.RuneCountInString(tw) == 1 && utf8.RuneCountInString(mainland) == 1 && k != v {
				t.variants[k] = v
			}
		})
		twTab = t
	})
	return twTab
}

// eachReversed calls f(value, key) for every value of every line of an
// OpenCC dictionary ("key<TAB>value value…").
func eachReversed(data string, f func(value, key string)) {
	for _, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		key, vals, ok := strings.Cut(line, "\t")
		if !ok || key == "" {
			continue
		}
		for _, v := range strings.Fields(vals) {
			f(v, key)
		}
	}
}

// FromTaiwan rewrites Taiwan usage in s as mainland usage, still in
// Traditional characters: at each position the longest TWPhrases word wins
// (智慧財產權 → 知識產權, 資料 → 數據), and otherwise a TWVariants character
// form is replaced. Convert then gives Simplified (知识产权, 数据).
//
// Unlike Convert it may change the length of s, so it is for questions,
// which are not mapped back to their original text, and not for documents.
// Text without a Traditional character (see IsTraditional) is returned
// unchanged: 程式 or 资料 typed in Simplified are mainland words already.
func FromTaiwan(s string) string {
	if !IsTraditional(s) {
		return s
	}
	t := loadTW()
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		if n := t.longest(rs[i:]); n > 0 {
			b.WriteString(t.phrases[string(rs[i:i+n])])
			i += n
			continue
		}
		if v, ok := t.variants[rs[i]]; ok && convertible(v) {
			b.WriteRune(v)
		} else {
			b.WriteRune(rs[i])
		}
		i++
	}
	return b.String()
}

// longest returns the rune length of the longest Taiwan word rs starts
// with, or 0.
func (t *twTables) longest(rs []rune) int {
	for n := min(t.maxPhrase, len(rs)); n >= 1; n-- {
		if _, ok := t.phrases[string(rs[:n])]; ok {
			return n
		}
	}
	return 0
}

// convertible reports whether the Traditional → Simplified step maps r: a
// Taiwan variant applies only where it does, so that a Simplified
// character a reversed variant would turn into a form that step keeps is
// left alone (么 → 幺 made 什么 什幺: "什么是網絡運營者" found nothing).
func convertible(r rune) bool {
	_, ok := load().chars[r]
	return ok
}

// IsTraditional reports whether s has a character that Convert would make
// Simplified.
func IsTraditional(s string) bool {
	t := load()
	for _, r := range s {
		if _, ok := t.chars[r]; ok {
			return true
		}
	}
	return false
}
