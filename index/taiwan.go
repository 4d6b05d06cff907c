package index

import (
	"strings"

	"clausebot/index/t2s"
	"clausebot/internal/lazyre"
)

// questionText is a question as analysis reads it: Taiwan usage rewritten
// as mainland usage with OpenCC's TWPhrases and TWVariants (智慧財產權 →
// 知識產權, 資料 → 數據), so a question asked in Taiwan finds the clause the
// Simplified question finds. Only questions are rewritten: the rewrite may
// change the text's length, and a document's normalised text must map
// back to the original rune for rune (see normalize).
func questionText(s string) string { return t2s.FromTaiwan(s) }

// citationText is a question as citations are read from it: in Simplified
// characters, so that "網絡安全法第二十一條" cites 网络安全法 第二十一条 (the
// documents' names and numbering words are matched in Simplified form).
// Taiwan usage is rewritten first (questionText).
func citationText(s string) string {
	rs := []rune(questionText(s))
	t2s.Runes(rs)
	return dotAbbreviations(string(rs))
}

// dotAbbreviations writes the abbreviations of a citation that people
// type without their dot as the citation patterns read them: "art 5" →
// "art. 5", "ст 1149 п 1" → "ст. 1149 п. 1" (a trial's "art 1 geneva
// convention" and "ст 1149" got no answer). "art" needs a number right
// after it that is a word of its own ("state of the art 5G" cites
// nothing); п and ч only after a number.
func dotAbbreviations(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	s = reArtNoDot().ReplaceAllString(s, "${1}. ${2}")
	s = reStNoDot().ReplaceAllString(s, "${1}${2}. ${3}")
	s = reZhNoDi().ReplaceAllString(s, "${1}第${2}条")
	return rePartNoDot().ReplaceAllString(s, "${1} ${2}. ${3}")
}

var (
	// "art 5", "art12 hague"; not "state of the art 5G"
	reArtNoDot = lazyre.New(`(?i)\b(art)\s*(\d+\b)`)
	// "ст 1149", "ст1142"
	reStNoDot   = lazyre.New(`(?i)(^|[^\p{L}])(ст)\s*(\d)`)
	rePartNoDot = lazyre.New(`(\d)\s+(п|ч|пп)\s+(\d)`)
	// "电商法38条", "网安法 21条": an article number in digits right after a
	// law's name, without 第 (a trial's; not "3条建议", three suggestions)
	reZhNoDi = lazyre.New(`(法|法典|条例|规定|办法|细则|公约|协定)\s*(\d+)\s*条`)
)
