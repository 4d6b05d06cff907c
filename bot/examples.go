package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// askAbout turns a phrase cut from a clause into the question a person
// would type to find it, in the phrase's language (the documents'; a
// question in another language could not find it):
//
//	为规范员工休假管理           → 关于规范员工休假管理有什么规定？
//	employees may carry over leave → Where does it say that employees may carry over leave?
//	annual leave                   → What does it say about annual leave?
//	стороны развивают сотрудничество → Где сказано, что стороны развивают сотрудничество?
//
// The question keeps the phrase's words as written, so it still finds the
// clause; examples checks that it does.
func askAbout(phrase string) string {
	p := strings.TrimSpace(phrase)
	switch ScriptLang(p) {
	case "zh":
		// A leading preposition or conjunction reads badly after 关于.
		for _, w := range []string{"为了", "为", "对于", "对", "关于", "根据", "按照", "并且", "并", "以及", "和", "与", "同时"} {
			if rest, ok := strings.CutPrefix(p, w); ok && utf8.RuneCountInString(rest) >= 4 {
				p = rest
				break
			}
		}
		return "关于" + p + "有什么规定？"
	case "ru":
		if hasVerbRU(p) {
			return "Где сказано, что " + lowerFirst(p) + "?"
		}
		return "Что сказано о теме «" + p + "»?"
	}
	p = strings.TrimSuffix(p, ".")
	if hasVerbEN(p) {
		return "Where does it say that " + lowerFirst(p) + "?"
	}
	return "What does it say about " + lowerFirst(p) + "?"
}

// hasVerbEN reports whether an English phrase reads as a statement (it has
// a modal or a common finite verb), so "that …" fits it.
func hasVerbEN(p string) bool {
	for _, w := range strings.Fields(strings.ToLower(p)) {
		switch strings.Trim(w, ",;:") {
		case "shall", "may", "must", "will", "should", "can", "is", "are", "was", "were", "has", "have",
			"agree", "agreed", "agrees", "support", "supports", "take", "takes", "apply", "applies":
			return true
		}
	}
	return false
}

// hasVerbRU reports whether a Russian phrase reads as a statement: it has a
// word with a common finite-verb ending, or a modal word.
func hasVerbRU(p string) bool {
	for _, w := range strings.Fields(strings.ToLower(p)) {
		w = strings.Trim(w, ",;:")
		if w == "должны" || w == "должен" || w == "может" || w == "могут" {
			return true
		}
		for _, end := range []string{"ают", "яют", "уют", "ют", "ут", "ет", "ит", "ат", "ят", "ется", "ются", "ится", "ятся"} {
			if utf8.RuneCountInString(w) > 4 && strings.HasSuffix(w, end) {
				return true
			}
		}
	}
	return false
}

// lowerFirst lowercases the first letter of s unless the first word is an
// acronym or a name in capitals ("EU", "BRICS").
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	r, n := utf8.DecodeRuneInString(word)
	if r == utf8.RuneError || !unicode.IsUpper(r) {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(word[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// dangling are words an English or Russian phrase cut at a comma should
// neither start nor end with: a phrase that does ("as provided for in",
// "when such a right", "both … and") is the tail or head of a sentence,
// not something a person would ask about.
var dangling = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true, "as": true, "both": true,
	"either": true, "neither": true, "which": true, "who": true, "whom": true, "whose": true, "that": true, "this": true,
	"these": true, "those": true, "to": true, "of": true, "in": true, "on": true, "at": true, "for": true, "by": true,
	"with": true, "from": true, "into": true, "if": true, "when": true, "where": true, "while": true, "unless": true,
	"provided": true, "including": true, "such": true, "than": true, "may": true, "shall": true, "must": true,
	"is": true, "are": true, "be": true, "been": true, "not": true, "it": true, "its": true, "their": true,
	"и": true, "или": true, "а": true, "но": true, "что": true, "чтобы": true, "когда": true, "если": true,
	"который": true, "которая": true, "которое": true, "которые": true, "в": true, "во": true, "на": true,
	"с": true, "со": true, "к": true, "по": true, "о": true, "об": true, "от": true, "для": true, "из": true,
	"при": true, "за": true, "до": true, "также": true, "том": true, "числе": true, "как": true, "так": true,
	// the other English prepositions, and "save" (except) of legal
	// English: "save in cases of emergency" was a trial's help example
	"save": true, "except": true, "subject": true, "without": true, "after": true, "before": true, "during": true,
	"within": true, "under": true, "between": true, "among": true, "through": true, "upon": true, "per": true,
	"via": true, "against": true, "towards": true, "toward": true, "beyond": true, "across": true, "about": true,
	"over": true, "above": true, "below": true, "since": true, "until": true, "notwithstanding": true, "pursuant": true,
	"regarding": true, "concerning": true, "otherwise": true,
	// and the Russian ones a phrase may start with
	"без": true, "после": true, "перед": true, "между": true, "через": true, "под": true, "над": true, "кроме": true,
	"согласно": true, "относительно": true, "вне": true, "среди": true,
	// relative adverbs, as "where" and "when" above
	"где": true, "куда": true, "откуда": true,
}

// wellCut reports whether a phrase of spaced words starts and ends with a
// word that can stand at the edge of a question (see dangling).
func wellCut(p string) bool {
	f := strings.Fields(strings.ToLower(p))
	if len(f) == 0 {
		return false
	}
	first := strings.Trim(f[0], ",;:()")
	return !dangling[first] && !dangling[strings.Trim(f[len(f)-1], ",;:()")] && !obliqueRU(first)
}

// obliqueRU reports whether a Russian word has an adjective's or a
// participle's ending of an oblique case (-ого, -ему, -ыми, -их …): a
// phrase starting with one is the tail of a noun phrase ("обладавшего
// имуществом на территории Российской Федерации" was a trial's help
// example), not a topic to ask about, which starts in the nominative.
func obliqueRU(w string) bool {
	if utf8.RuneCountInString(w) < 5 {
		return false
	}
	for _, end := range []string{"ого", "его", "ому", "ему", "ыми", "ими", "ых", "их"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}
