package index

import "clausebot/index/t2s"

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
	return string(rs)
}
