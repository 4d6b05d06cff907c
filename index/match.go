package index

import (
	"strings"

	"clausebot/bot"
)

// How a hit was reached, as HowMatched reports it.
const (
	// MatchDirect: the clause has the question's own words.
	MatchDirect = "direct"
	// MatchSynonym: a term of the question is in the clause only as a
	// synonym (BDS → 北斗, work from home → WFH).
	MatchSynonym = "synonym"
	// MatchTranslation: an English question reached a Chinese document
	// through the dictionary (h.Via says which words became which terms).
	MatchTranslation = "translation"
)

// HowMatched says how h, a hit of Search for question, was reached: by
// translation when Search went through the dictionary, by synonym when a
// synonym group term of the question appears in the clause only as another
// member of its group, and directly otherwise. It is a confidence hint for
// callers (ask --json): a direct match is the surest.
func (x *Index) HowMatched(question string, h bot.Hit) string {
	if strings.HasPrefix(h.Via, "translation") {
		return MatchTranslation
	}
	qa := x.analyzeQuestion(question)
	if len(qa.alts) == 0 {
		return MatchDirect
	}
	text := strings.Join(strings.Fields(normalizeString(h.Text)), " ")
	synonym := false
	for _, a := range qa.alts {
		own := strings.Join(strings.Fields(string(qa.runes[a.start:a.end])), " ")
		if strings.Contains(text, own) {
			continue
		}
		for _, t := range a.terms {
			if strings.Contains(text, t) {
				synonym = true
			}
		}
	}
	if synonym {
		return MatchSynonym
	}
	return MatchDirect
}
