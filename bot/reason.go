package bot

import "strings"

// Why a reference names nothing, in each language (see Reason). English
// replies show the Searcher's own Message; these phrase the same parts in
// Chinese and Russian, so a zh or ru reply does not carry an English
// sentence inside its frame (wCannot).
var (
	rNoDocument        = words{"", "没有名为“%s”的文件；现有文件：%s", "документа «%s» нет; документы: %s"}
	rNoClauseIn        = words{"", "《%[2]s》中没有“%[1]s”", "в документе «%[2]s» нет «%[1]s»"}
	rNoClauseAnywhere  = words{"", "没有哪个文件有“%s”", "ни в одном документе нет «%s»"}
	rNoSectionIn       = words{"", "《%[2]s》中没有“%[1]s”这一部分（现有部分：%[3]s）", "в документе «%[2]s» нет раздела %[1]s (разделы: %[3]s)"}
	rNoSectionsAtAll   = words{"", "《%[2]s》中没有“%[1]s”这一部分（该文件不分部分：请用 /clause 查条文）", "в документе «%[2]s» нет раздела %[1]s (в нём нет разделов: статьи открывает /clause)"}
	rNoSectionAnywhere = words{"", "没有哪个文件有“%s”这一部分", "ни в одном документе нет раздела %s"}
	rPastLast          = words{"", "《%[2]s》%[1]s共%[3]d条，没有第%[4]s条", "в разделе %[1]s документа «%[2]s» пунктов: %[3]d; пункта %[4]s нет"}
	rNamesSection      = words{"", "“%[1]s”指的是一个部分，不是条款：可用 /section %[1]s 查看该部分，或加上条款编号", "«%[1]s» — это раздел, а не пункт: откройте его командой /section %[1]s или добавьте номер пункта"}
	rNotAReference     = words{"", "“%s”不是出处的写法：请写成 第十二条、第十二条第二款、Article 5(2)、Статья 12 ч. 2 或 二·12 这样", "«%s» — это не ссылка: пишите, например, 第十二条, Article 5(2), Статья 12 ч. 2 или 二·12"}
	rSeveralDocs       = words{"", "“%s”可指多个文件，请说明是哪一个：%s", "«%s» подходит к нескольким документам; уточните, к какому: %s"}
	rNotLoaded         = words{"", "已载入的文件中没有《%s》；/sources 列出已载入的文件。", "«%s» нет среди загруженных документов; /sources покажет, какие загружены."}
	rNotLoadedLike     = words{"", "已载入的文件中没有《%s》；您是不是指《%s》？/sources 列出已载入的文件。", "«%s» нет среди загруженных документов; может быть, вы имели в виду «%s»? /sources покажет, какие загружены."}
	rNotLoadedNom      = "Документа «%s» нет среди загруженных; /sources покажет, какие загружены."
	rFilesNotLoaded    = words{"", "%s无法载入（%s），仍在使用之前载入的文件", "не удалось загрузить %s (%s); по-прежнему используются прежние документы"}
	rOtherLanguage     = words{"", "《%[1]s》是%[2]s文件，问题里的词无法在%[2]s原文中查找。请用%[2]s提问，或直接引用条文，如“%[3]s”。", "Документ «%[1]s» написан на %[2]s языке: слов вопроса в его тексте не найти. Спросите на %[2]s или укажите статью, например «%[3]s»."}
	rNoEffective       = words{"", "已载入的《%[1]s》中没有哪一条说明它何时施行。%[2]s", "В загруженном тексте «%[1]s» нет статьи о том, когда он вступает в силу.%[2]s"}
	rDocDate           = words{"", "文件日期：%s。", " Дата документа: %s."}
	rClauseZero        = words{"", "条款编号从1开始（收到“%s”）", "номера пунктов начинаются с 1 (получено «%s»)"}
)

// ReasonText is why a Searcher's error says a reference names nothing
// (a law not loaded, an article its document lacks), in lang: what the
// chat says, for other front ends (clausebot ask). English is the error's
// own message.
func ReasonText(lang Lang, err error) string { return reasonText(lang, err) }

// NoMatchText is the one line a front end without commands (clausebot
// ask) gives when no clause covers a question, in lang.
func NoMatchText(lang Lang) string { return wNoClause.in(lang) }

// TooLongText is what a question of n runes, over the limit of max runes
// (Options.MaxQuestionRunes), is told in lang: the chat's notice, for the
// one-shot ask to give the same.
func TooLongText(lang Lang, n, max int) string { return sprintf(wTooLong.in(lang), n, max) }

var wNoClause = words{"No clause in the documents covers this question.", "已载入的文件中没有条款涉及这个问题。", "В загруженных документах нет пункта по этому вопросу."}

// reasonText is why err's reference names nothing, in lang: the
// Searcher's Message in English, or when err carries no Reason; the
// Reason's parts phrased in Chinese or Russian otherwise.
func reasonText(lang Lang, err error) string {
	r := ErrorReason(err)
	if lang == English || r.Kind == ReasonNone {
		return ErrorMessage(err)
	}
	list := func() string {
		if lang == Chinese {
			return strings.Join(r.List, "、")
		}
		return strings.Join(r.List, ", ")
	}
	switch r.Kind {
	case ReasonNoDocument:
		return sprintf(rNoDocument.in(lang), r.Ref, list())
	case ReasonSeveralDocuments:
		return sprintf(rSeveralDocs.in(lang), r.Ref, list())
	case ReasonNoSuchClause:
		if r.Doc == "" {
			return sprintf(rNoClauseAnywhere.in(lang), r.Ref)
		}
		return sprintf(rNoClauseIn.in(lang), r.Ref, r.Doc)
	case ReasonNoSuchSection:
		switch {
		case r.Doc == "":
			return sprintf(rNoSectionAnywhere.in(lang), r.Ref)
		case len(r.List) == 0:
			return sprintf(rNoSectionsAtAll.in(lang), r.Ref, r.Doc)
		}
		return sprintf(rNoSectionIn.in(lang), r.Ref, r.Doc, list())
	case ReasonPastLastClause:
		sec := r.Section // "в разделе 二"
		if lang == Chinese {
			sec = sectionName(lang, r.Section) // 第二部分, 第三章
		}
		return sprintf(rPastLast.in(lang), sec, r.Doc, r.Count, r.Clause)
	case ReasonNamesSection:
		return sprintf(rNamesSection.in(lang), r.Ref)
	case ReasonNotAReference:
		return sprintf(rNotAReference.in(lang), r.Ref)
	case ReasonNotLoaded:
		if lang == Russian && ruNominative(r.Ref) {
			// "Уголовный кодекс" as the question named it, not "Трудового
			// кодекса" as a citation's genitive gives it.
			return sprintf(rNotLoadedNom, r.Ref)
		}
		if len(r.List) == 1 {
			return sprintf(rNotLoadedLike.in(lang), r.Ref, r.List[0])
		}
		return sprintf(rNotLoaded.in(lang), r.Ref)
	case ReasonFilesNotLoaded:
		return sprintf(rFilesNotLoaded.in(lang), nFile.count(lang, len(r.List)), fileList(lang, r.List))
	case ReasonClauseZero:
		return sprintf(rClauseZero.in(lang), r.Ref)
	case ReasonNoEffectiveClause:
		date := ""
		if r.Ref != "" {
			date = sprintf(rDocDate.in(lang), r.Ref)
		}
		return sprintf(rNoEffective.in(lang), r.Doc, date)
	case ReasonOtherLanguage:
		if lang == English || len(r.List) == 0 {
			break
		}
		name := langName(r.List[0], lang)
		if lang == Russian {
			// "на русском языке": the prepositional case.
			name = map[string]string{"zh": "китайском", "en": "английском", "ru": "русском"}[r.List[0]]
			if name == "" {
				name = r.List[0]
			}
		}
		return sprintf(rOtherLanguage.in(lang), r.Doc, name, r.Clause)
	}
	return ErrorMessage(err)
}

// ruNominative reports whether a Russian document name is in the
// nominative case: its first word is an adjective with a nominative
// ending (Уголовный, Трудовая, Гражданское) or a kind word in the
// nominative (Закон, Кодекс). A citation gives the genitive ("Статья 10
// Трудового кодекса"), which the plain phrasing takes.
func ruNominative(name string) bool {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(name)), " ")
	switch first {
	case "закон", "кодекс", "конвенция", "договор", "соглашение", "протокол", "постановление", "конституция", "положение", "устав":
		return true
	}
	for _, end := range []string{"ый", "ий", "ой", "ая", "яя", "ое", "ее"} {
		if strings.HasSuffix(first, end) {
			return true
		}
	}
	return false
}
