package index

import (
	"unicode"
	"unicode/utf8"
)

// Language detection thresholds (see detectLang).
const (
	// hanWeight is how many letters of an alphabetic script one Han
	// character is worth: a Chinese text and its English or Russian
	// translation differ about threefold in length, so without it a
	// bilingual document would read as English.
	hanWeight = 3
	// minLangEvidence is the least weighted letter count a language is
	// told from: about ten Chinese characters or a short English sentence.
	minLangEvidence = 30
	// langShare is the share of the weighted letters the main script must
	// hold. Below it the document is mixed (a bilingual text), and the bot
	// must not tell a user their language will not match.
	langShare = 0.75
)

// detectLang tells a document's main language from its clauses' script:
// "zh" when Han characters dominate, "en" for Latin letters, "ru" for
// Cyrillic, and "" when there is too little text (digits, a few words) or
// no script clearly dominates. The script is all it looks at: the loaded
// documents are Chinese, English and Russian, and a Latin-script document
// in another language is still better matched by a Latin-script question.
func detectLang(clauses []string) string {
	var han, latin, cyrillic int
	for _, c := range clauses {
		h, l, cy := scriptCounts(c)
		han, latin, cyrillic = han+h, latin+l, cyrillic+cy
	}
	scores := []struct {
		lang string
		n    int
	}{{"zh", han * hanWeight}, {"en", latin}, {"ru", cyrillic}}
	total, best := 0, 0
	for i, s := range scores {
		total += s.n
		if s.n > scores[best].n {
			best = i
		}
	}
	if total < minLangEvidence || float64(scores[best].n) < langShare*float64(total) {
		return ""
	}
	return scores[best].lang
}

// scriptCounts counts the runes of s that are Han, and the letters that
// are Latin or Cyrillic (an invalid byte is U+FFFD, none of them).
func scriptCounts(s string) (han, latin, cyrillic int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c |= 0x20; 'a' <= c && c <= 'z' {
				latin++
			}
			i++
			continue
		}
		if hanBytes(s, i) {
			// U+4E00–U+9FFF, all Han: most of a Chinese text, without
			// the tables' searches (TestParseFastPaths).
			han++
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		}
	}
	return han, latin, cyrillic
}
