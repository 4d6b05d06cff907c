package index

import (
	"strings"
	"unicode"

	"clausebot/bot"
)

// otherLanguage returns why a question naming its documents (scope, from
// namedDocs) found nothing when they are all in a language the question's
// words cannot be looked up in: "What does the Civil Code say about
// inheritance?" with only the Russian Гражданский кодекс as the Civil
// Code. English reaches Chinese text through CC-CEDICT; nothing else
// crosses languages (no licensable Russian dictionary), except a
// document's own parallel version in the question's language, which
// namedDocs would have found. The error (ENOTFOUND, bot.Reason
// ReasonOtherLanguage) names the document and a citation that works
// instead ("Civil Code Article 1110", from the document's first article);
// nil when the question's language is the documents', or they are in
// several languages.
func (x *Index) otherLanguage(ct string, scope map[*document]bool) error {
	qlang := bot.ScriptLang(ct)
	if qlang == "" || len(scope) == 0 {
		return nil
	}
	var d *document
	for s := range scope {
		if s.Lang == "" || s.Lang == qlang || qlang == "en" && s.Lang == "zh" {
			return nil
		}
		if d != nil && s.Lang != d.Lang {
			return nil
		}
		if d == nil || s.ID < d.ID {
			d = s // one of them, the same whichever map order
		}
	}
	example := ""
	var units []int
	for _, sec := range d.sections {
		units = append(units, sec.clauses...)
	}
	for _, i := range units {
		ref := x.clauses[i].Ref
		if j := strings.LastIndexAny(ref, ":："); j >= 0 {
			ref = ref[j+len(":"):]
		}
		num := strings.TrimLeftFunc(ref, func(r rune) bool { return !unicode.IsDigit(r) })
		if num == "" || len(num) == len(ref) {
			continue
		}
		num = strings.TrimRightFunc(num, func(r rune) bool { return !unicode.IsDigit(r) })
		if end := strings.IndexFunc(num, func(r rune) bool { return !unicode.IsDigit(r) }); end > 0 {
			num = num[:end]
		}
		switch qlang {
		case "en":
			example = "Article " + num
			if names := questionNames(ct); len(names) > 0 && names[0].english {
				example = names[0].name + " Article " + num
			}
		case "zh":
			example = "第" + num + "条"
		default:
			example = "Статья " + num
		}
		break
	}
	if example == "" {
		return nil
	}
	e := bot.Errorf(bot.ENOTFOUND, "%s is in %s, and the question's words cannot be looked up in its text: ask in %s, or cite an article, e.g. %q",
		d.Title, langEnglish(d.Lang), langEnglish(d.Lang), example)
	e.Reason = bot.Reason{Kind: bot.ReasonOtherLanguage, Doc: d.Title, Clause: example, List: []string{d.Lang}}
	return e
}

// langEnglish is a language code's English name.
func langEnglish(code string) string {
	switch code {
	case "zh":
		return "Chinese"
	case "en":
		return "English"
	case "ru":
		return "Russian"
	}
	return code
}
