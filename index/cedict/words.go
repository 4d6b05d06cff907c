package cedict

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

var (
	stopOnce sync.Once
	stops    analysis.TokenMap
)

// stopWords returns bleve's English stop word list (Snowball's), the one
// package index drops from questions too. Parsed on first use, so that
// package initialisation allocates nothing.
func stopWords() analysis.TokenMap {
	stopOnce.Do(func() {
		m := analysis.NewTokenMap()
		if err := m.LoadBytes(en.EnglishStopWords); err != nil {
			panic(err) // a constant in bleve
		}
		stops = m
	})
	return stops
}

// IsStopWord reports whether w (any case) is an English stop word, one
// that never produces a candidate.
func IsStopWord(w string) bool {
	return stopWords()[strings.ToLower(w)]
}

// IsShorthand reports whether key is one of CC-CEDICT's own abbreviations
// and placeholders (sb, sth, etc, lit, fig, and the letters of "i.e." and
// "e.g."), which the table never holds as keys. A question's "e" of
// "e-commerce" is such a key: no clause can cover it, so a caller that
// counts the keys a clause must cover should leave it out.
func IsShorthand(key string) bool { return shorthand[key] }

// shorthand are CEDICT's own abbreviations and placeholders, as keys.
var shorthand = map[string]bool{
	"sb": true, "sth": true, "etc": true, "esp": true, "lit": true, "fig": true,
	"abbr": true, "ie": true, "eg": true, "i": true, "e": true, "g": true,
	"onesel": true, "oneself": true, "someth": true, "someon": true, "sb's": true,
}

// Keys splits English text into the dictionary's keys, in order: the text
// is lower-cased and cut at every character that is not a letter, a digit
// or an apostrophe; a possessive "'s" and other apostrophes are dropped;
// stop words are removed; words of three or more Latin letters are
// Snowball-stemmed ("cooperation" and "cooperate" both give "cooper").
// Words with digits, shorter words and words in other scripts are kept as
// they are. The generator builds the dictionary's keys with this same
// function, so a question's words and the glosses meet in one form.
func Keys(text string) []string {
	var out []string
	eachKey(text, func(key string) { out = append(out, key) })
	return out
}

// eachKey calls f with each key of text in order (see Keys).
func eachKey(text string, f func(key string)) {
	stops := stopWords()
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := text[start:end]
		start = -1
		if k, ok := key(w, stops); ok {
			f(k)
		}
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
}

// key normalises one word (letters, digits, apostrophes) to its key.
func key(w string, stops analysis.TokenMap) (string, bool) {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	if stops[w] {
		return "", false
	}
	w = strings.TrimSuffix(w, "'s")
	w = strings.ReplaceAll(w, "'", "")
	if w == "" || stops[w] {
		return "", false
	}
	return stem(w), true
}

// stem reduces a lower-case word to its Snowball stem, as package index
// does: only words of three or more Latin letters; codes such as "5g" or
// "eu" are left alone.
func stem(w string) string {
	if utf8.RuneCountInString(w) < 3 {
		return w
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return w
		}
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// isWordRune reports whether r belongs to a word: a letter, a digit or an
// apostrophe.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}
