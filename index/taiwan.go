package index

import "clausebot/index/t2s"

// questionText is a question as analysis reads it: Taiwan usage rewritten
// as mainland usage with OpenCC's TWPhrases and TWVariants (智慧財產權 →
// 知識產權, 資料 → 數據), so a question asked in Taiwan finds the clause the
// Simplified question finds. Only questions are rewritten: the rewrite may
// change the text's length, and a document's normalised text must map
// back to the original rune for rune (see normalize).
func questionText(s string) string { return t2s.FromTaiwan(s) }
