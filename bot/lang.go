package bot

import (
	"strings"
	"time"
	"unicode"
)

// DetectLang chooses the language of the bot's own words for text: Chinese
// if it has Han characters, Russian if Cyrillic letters outnumber Latin
// ones, English if it has other letters, otherwise the platform's hint
// ("zh-hans", "en-US", "ru"), otherwise def.
func DetectLang(text, hint string, def Lang) Lang {
	if l, ok := textLang(text); ok {
		return l
	}
	return fallbackLang(hint, def)
}

// textLang tells the language of the user's own words in text: Chinese if
// it has Han characters, Russian if Cyrillic letters outnumber the other
// letters ("что такое ГЛОНАСС"), English if it has other letters. ok is
// false when text has no letters (numbers, emoji, punctuation).
func textLang(text string) (l Lang, ok bool) {
	letters, cyrillic := 0, 0
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return Chinese, true
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Cyrillic, r) {
				cyrillic++
			}
		}
	}
	switch {
	case cyrillic > letters-cyrillic:
		return Russian, true
	case letters > 0:
		return English, true
	}
	return "", false
}

// fallbackLang is the language when nothing the user typed decides: the
// platform's hint, otherwise def.
func fallbackLang(hint string, def Lang) Lang {
	if l, ok := hintLang(hint); ok {
		return l
	}
	if def == "" {
		return English
	}
	return def
}

// spoken splits a routed message's text into the user's own words, which
// tell their language ("北斗" in "/ask 北斗", a greeting, "更多"), and a
// reference, which only names a part of a document ("二" in "/section 二",
// "2.12"). A command word is neither: "/sources" and "/clause 2.12" say
// nothing about the language of the conversation, and neither does the
// "section" of "section 2".
func spoken(text string, r route) (words, ref string) {
	switch r.op {
	case opSection, opClause:
		return "", r.arg
	case opIgnore, opReload, opUnknown:
		// (an unknown command's words are no language of the chat's:
		// "/foo bar" in a Chinese chat answered, and went on, in English)
		return "", ""
	}
	return stripCommand(text), ""
}

// langMemoryTTL is how long a chat's language is remembered after it was
// last used. It is longer than the paging state's: coming back to a chat
// the next morning, users expect the bot to still speak their language.
const langMemoryTTL = 24 * time.Hour

// spokenLang is a chat's remembered language.
type spokenLang struct {
	lang Lang
	at   time.Time
}

// chatLang chooses the language of the bot's words for a message and
// remembers it for the chat. In order: the words (Han → Chinese; mostly
// Cyrillic → Russian; other letters → English), the chat's last language,
// Han or Cyrillic in a reference ("/section 二", "/clause Статья 5" from a
// new chat), the platform's hint, DefaultLang. The words are remembered;
// so is a reference's language in a chat that has none yet, so the next
// command without words ("/more", "/clause 2.12", "😀") goes on in the
// language of the reply it follows. A reference never overwrites the
// chat's language: it is the document's label, not the user's choice.
func (b *Bot) chatLang(m Message, r route) Lang {
	words, ref := spoken(m.Text, r)
	key := chatKey(m.Platform, m.ChatID)
	now := b.opts.Now()
	if l, ok := textLang(words); ok {
		b.setLang(key, l, now)
		return l
	}
	if l, ok := b.rememberedLang(key); ok {
		return l
	}
	if l, ok := textLang(ref); ok && (l == Chinese || l == Russian) {
		b.setLang(key, l, now)
		return l
	}
	return fallbackLang(m.LangHint, b.opts.DefaultLang)
}

// rememberedLang returns the chat's last language, if it is still fresh,
// and refreshes it: a conversation that goes on keeps its language.
func (b *Bot) rememberedLang(key string) (Lang, bool) {
	now := b.opts.Now()
	sl, ok := b.getLang(key)
	if !ok || now.Sub(sl.at) > langMemoryTTL {
		return "", false
	}
	b.setLang(key, sl.lang, now)
	return sl.lang, true
}

// hintLang maps a platform language code to a Lang we speak.
func hintLang(hint string) (Lang, bool) {
	h := strings.ToLower(strings.TrimSpace(hint))
	switch {
	case h == "":
		return "", false
	case strings.HasPrefix(h, "zh"):
		return Chinese, true
	case strings.HasPrefix(h, "en"):
		return English, true
	case strings.HasPrefix(h, "ru"):
		return Russian, true
	}
	return "", false
}

// words holds one phrase of the bot's own words in each language.
type words struct{ en, zh, ru string }

// in returns the phrase in l; English for a language it lacks.
func (w words) in(l Lang) string {
	switch {
	case l == Chinese && w.zh != "":
		return w.zh
	case l == Russian && w.ru != "":
		return w.ru
	}
	return w.en
}

// The bot's own words. Format verbs are filled by the caller; clause text
// never goes through here.
var (
	wIntro = words{
		"I answer questions about the loaded documents with the matching clause, word for word, and its exact reference (document, section, clause), so you can quote or check it.",
		"我根据已载入的文件回答问题：给出原文条款（一字不改）及其准确出处（文件、部分、条），方便引用和核对。",
		"Я отвечаю на вопросы по загруженным документам: привожу подходящий пункт дословно и его точную ссылку (документ, раздел, пункт), чтобы его можно было процитировать или проверить.",
	}
	wCommands         = words{"Commands:", "命令：", "Команды:"}
	wTryExamples      = words{"Try one of these questions:", "可以试试这些问题：", "Попробуйте один из этих вопросов:"}
	wJustAsk          = words{"In a direct message, just type your question.", "私聊时直接输入问题即可。", "В личных сообщениях просто напишите вопрос."}
	wGroupAsk         = words{"In a group, mention me or use /ask.", "在群组中请 @我 或使用 /ask。", "В группе упомяните меня или используйте /ask."}
	wHeader           = words{"Matches %d–%d of %d for “%s”:", "“%[4]s”的匹配结果：共%[3]d条，显示其中%[1]d–%[2]d", "Результаты %d–%d из %d по запросу «%s»:"}
	wHeaderOne        = words{"One match for “%s”:", "“%s”的匹配结果：共1条", "Один результат по запросу «%s»:"}
	wHeaderAt         = words{"Match %d of %d for “%s”:", "“%[3]s”的匹配结果：共%[2]d条，显示其中第%[1]d个", "Результат %d из %d по запросу «%s»:"}
	wLastMatch        = words{"That was the last match.", "以上是全部结果。", "Это был последний результат."}
	wSectionEnd       = words{"That was the last page of %s.", "%s已经显示到最后一页。", "Это была последняя страница: %s."}
	wNoMore           = words{"No more results for “%s”.", "“%s”没有更多结果了。", "Больше результатов по запросу «%s» нет."}
	wNoQuestion       = words{"There is no earlier question in this chat to show more results for. Ask a question first.", "此对话中还没有可以继续翻页的问题。请先提问。", "В этом чате ещё не было вопроса, по которому можно показать больше результатов. Сначала задайте вопрос."}
	wNoMatch          = words{"I found no clause about “%s” in the loaded documents. Try /sources to see what they cover, or /section %s to browse a section.", "在已载入的文件中没有找到与“%s”相关的条款。可以用 /sources 查看文件列表，或用 /section %s 浏览某一部分。", "В загруженных документах не нашлось пункта по запросу «%s». Команда /sources покажет, какие документы загружены, а /section %s — раздел целиком."}
	wDocsInLang       = words{"The loaded documents are in %s; try asking in %s.", "已载入的文件是%s文本，请用%s提问。", "Загруженные документы написаны на языке: %s. Задайте вопрос на этом языке (%s)."}
	wDocsInLangEx     = words{"The loaded documents are in %s; try asking in %s, e.g. %s", "已载入的文件是%s文本，请用%s提问，例如：%s", "Загруженные документы написаны на языке: %s. Задайте вопрос на этом языке (%s), например: %s"}
	wDocsZhTranslated = words{
		"The loaded documents are in %s; English questions are looked up in them through an English–Chinese dictionary, which found nothing here. Asking in %s finds more.",
		"已载入的文件是%s文本；英文问题会通过英汉词典检索，这次没有找到。用%s提问能找到更多。",
		"Загруженные документы написаны на языке: %s; английские вопросы ищутся в них через англо-китайский словарь, и здесь он ничего не нашёл. Вопрос на этом языке (%s) найдёт больше.",
	}
	wDocsZhTranslatedEx = words{
		"The loaded documents are in %s; English questions are looked up in them through an English–Chinese dictionary, which found nothing here. Asking in %s finds more, e.g. %s",
		"已载入的文件是%s文本；英文问题会通过英汉词典检索，这次没有找到。用%s提问能找到更多，例如：%s",
		"Загруженные документы написаны на языке: %s; английские вопросы ищутся в них через англо-китайский словарь, и здесь он ничего не нашёл. Вопрос на этом языке (%s) найдёт больше, например: %s",
	}
	wOr           = words{" or ", "或", " или "}
	wMore         = words{"More results", "更多结果", "Ещё результаты"}
	wWholeSection = words{"Show whole section", "查看整节", "Весь раздел"}
	wSayWhich     = words{"%s names more than one; which did you mean?", "%s 对应不止一处，您指的是哪一个？", "%s — таких несколько; какой вы имели в виду?"}
	wSayWhichPage = words{"%s names %d; which did you mean? (%d–%d shown)", "%s 对应%d处，您指的是哪一个？（这里是第%d–%d个）", "%s — таких %d; какой вы имели в виду? (показаны %d–%d)"}
	wTypeDoc      = words{"Or type it with the document's name: %s", "也可以带上文件名输入：%s", "Или напишите с названием документа: %s"}
	wOtherDocs    = words{"“%s” in other documents", "其他文件中的“%s”", "«%s» в других документах"}
	wFullText     = words{"Full text %s", "%s 全文", "Полный текст %s"}
	wNear         = words{"The closest clauses, which may not answer it:", "最接近的条款（不一定回答了这个问题）：", "Ближайшие пункты (возможно, не отвечают на вопрос):"}
	wClauseCut    = words{"%s is %d characters long; only the first %d are shown. The whole text is in the document's file, %s.", "%s共%d个字符，这里只显示前%d个；全文见文件 %s。", "%s — %d знаков; показаны только первые %d. Полный текст — в файле документа %s."}
	wNoNextClause = words{"%s is the last clause of “%s”.", "%s是《%s》的最后一条。", "%s — последний пункт документа «%s»."}
	wNoPrevClause = words{"%s is the first clause of “%s”.", "%s是《%s》的第一条。", "%s — первый пункт документа «%s»."}
	wNoItem       = words{"%s has no item (%s).", "%s没有第（%s）项。", "В %s нет пункта (%s)."}
	wNoParagraph  = words{"%s has no paragraph %s.", "%s没有第%s款。", "В %s нет части %s."}
	wVersion      = words{"The same clause in the %s version", "%s文本的同一条款", "Тот же пункт в версии: %s"}
	// A pairing by numbering where the versions' structures differ.
	wVersionUnaligned = words{"⚠ The clause numbered the same in the %s version (the versions do not align: check it)", "⚠ %s文本中编号相同的条款（两个文本的结构不一致，请核对）", "⚠ Пункт с тем же номером в версии: %s (версии не совпадают по структуре — проверьте)"}
	wPrevPage         = words{"◀ Previous", "◀ 上一页", "◀ Назад"}
	wNextPage         = words{"Next ▶", "下一页 ▶", "Далее ▶"}
	// Not "第1–10条" nor "пункты 1–10": a chapter's clauses are its
	// articles, and a trial read those as Articles 1–10.
	wSectionHead  = words{"%s%s of “%s”: clauses %d–%d of %d", "《%[3]s》%[1]s%[2]s：共%[6]d条，显示其中%[4]d–%[5]d", "%s%s документа «%s»: показаны %d–%d из %d"}
	wSectionOnly  = words{"%s%s of “%s”: %s", "《%[3]s》%[1]s%[2]s：共%[4]s", "%s%s документа «%s»: %s"}
	wSectionAt    = words{"%s%s of “%s”: clause %d of %d", "《%[3]s》%[1]s%[2]s：共%[5]d条，显示其中第%[4]d个", "%s%s документа «%s»: показан %d-й из %d"}
	wTruncated    = words{"“%s” is truncated: the saved copy ends inside section %s, so section %s is not in it.", "《%s》不完整：保存的文本在第%s部分中途截断，因此没有第%s部分。", "Документ «%s» неполный: сохранённый текст обрывается в разделе %s, поэтому раздела %s в нём нет."}
	wGap          = words{"“%s” has no section %s: its numbering goes from %s to %s.", "《%s》没有第%s部分：其编号从%s直接跳到%s。", "В документе «%s» нет раздела %s: нумерация идёт от %s сразу к %s."}
	wPastEnd      = words{"“%s” has no section %s: its last section is %s.", "《%s》没有第%s部分：最后一部分是%s。", "В документе «%s» нет раздела %s: последний раздел — %s."}
	wNoSuchSect   = words{"There is no section “%s”. Sections of “%s”: %s.", "没有“%s”这一部分。《%s》的部分：%s。", "Раздела «%s» нет. Разделы документа «%s»: %s."}
	wNoSuchClause = words{"There is no clause %s: section %s of “%s” has %s.", "没有条款 %s：《%[3]s》第%[2]s部分共有%[4]s。", "Пункта %s нет: в разделе %s документа «%s» %s."}
	wBadClause    = words{"“%s” is not a clause reference. Write it like /clause %s.", "“%s”不是条款出处。请这样写：/clause %s。", "«%s» — это не ссылка на пункт. Напишите так: /clause %s."}
	wSectionUsage = words{"Which section? Write /section N, e.g. /section %s. Sections: %s.", "要看哪一部分？请这样写：/section 编号，例如 /section %s。现有部分：%s。", "Какой раздел? Напишите /section N, например /section %s. Разделы: %s."}
	wClauseUsage  = words{"Which clause? Write /clause REF, e.g. /clause %s.", "要看哪一条？请这样写：/clause 出处，例如 /clause %s。", "Какой пункт? Напишите /clause ССЫЛКА, например /clause %s."}
	wAskUsage     = words{"What is your question? Write /ask followed by it, e.g. /ask %s", "请在 /ask 后面写上问题，例如 /ask %s", "Какой у вас вопрос? Напишите его после /ask, например /ask %s"}
	wSourcesHead  = words{"Loaded documents:", "已载入的文件：", "Загруженные документы:"}
	wSkippedHead  = words{"Not loaded (%d files; the administrator can fix them):", "未能载入的文件（%d个，需由管理员处理）：", "Не загружены (файлов: %d; исправить их может администратор):"}
	wSourceID     = words{" · cite as %s:…", " · 引用写作 %s:…", " · ссылка: %s:…"}
	wSourceLine   = words{"Date: %s · Sections: %s · %s", "日期：%s · 部分：%s · 共%s", "Дата: %s · Разделы: %s · %s"}
	wNoDate       = words{"unknown", "不详", "неизвестна"}
	wEffective    = words{" · In force from %s", " · 施行日期：%s", " · Вступает в силу: %s"}
	wTruncNote    = words{"truncated: the saved copy ends inside section %s", "不完整：保存的文本在第%s部分中途截断", "неполный: сохранённый текст обрывается в разделе %s"}
	wNoDocs       = words{"No documents are loaded.", "尚未载入任何文件。", "Документы не загружены."}
	wTooLong      = words{"Your question is %d characters long; the limit is %d. Please shorten it and ask again.", "问题长度为%d个字符，超过了%d个字符的上限。请缩短后重新提问。", "Ваш вопрос длиной %d символов, а предел — %d. Сократите его и спросите снова."}
	wRateLimited  = words{"You're sending messages faster than I can answer. Please wait a moment; I'll reply again shortly.", "消息发送过于频繁，请稍候片刻再提问。", "Вы пишете быстрее, чем я успеваю отвечать. Подождите немного — скоро отвечу."}
	wExpired      = words{"This button has expired. Please ask your question again.", "此按钮已过期，请重新提问。", "Срок действия этой кнопки истёк. Задайте вопрос заново."}
	wThanks       = words{"Glad to help. Ask me about the documents any time.", "不客气，有问题随时问我。", "Рад помочь. Спрашивайте о документах в любое время."}
	wUnknownCmd   = words{"Unknown command %s. Send /help to see what I can do.", "未知命令 %s。发送 /help 查看可用命令。", "Неизвестная команда %s. Отправьте /help, чтобы узнать, что я умею."}
	wFocus        = words{"Answering the question of your message: %s", "回答您消息中的问题：%s", "Отвечаю на вопрос из вашего сообщения: %s"}
	wVia          = words{"Found through the dictionary (CC-CEDICT), not your own words: %s", "经词典（CC-CEDICT）对译查到，并非原词匹配：%s", "Найдено через словарь (CC-CEDICT), а не по вашим словам: %s"}
	wCannot       = words{"Sorry, I couldn't do that: %s", "抱歉，无法完成：%s", "Не получилось: %s"}
	wInternal     = words{"Sorry, something went wrong on my side (internal error). Please try again later.", "抱歉，服务出现内部错误，请稍后再试。", "Извините, у меня произошла внутренняя ошибка. Попробуйте позже."}
	wRussianOnly  = words{
		"Russian questions are answered only from Russian documents, or from a Russian version of a document loaded beside it: there is no %s dictionary to look %s text up with.",
		"俄文问题只能在俄文文件或与文件并列载入的俄文版本中查找：没有%s词典可用来检索%s文本。",
		"На вопросы на русском языке я отвечаю только по русским документам или по русским версиям документов, загруженным рядом с оригиналом: %s словаря у меня нет, поэтому по-русски %s текст не найти.",
	}
	wDocInLang    = words{"“%s” (%s)", "《%s》（%s）", "«%s» (%s)"}
	wRussianNotRu = words{
		"Russian questions are matched only against Russian text (the Russian documents and the Russian versions of others): %d of the loaded documents have none and cannot be searched in Russian: %s. Ask about those in their own language or in English.",
		"俄文问题只与俄文文本（俄文文件和其他文件的俄文版本）匹配：已载入的文件中有%d份没有俄文文本，无法用俄文检索：%s。请用这些文件的语言或英文询问。",
		"Вопросы на русском я сопоставляю только с русским текстом (русскими документами и русскими версиями других): в %d из загруженных документов его нет, и по-русски в них не найти: %s. О них спросите на их языке или по-английски.",
	}
	wRussianNotRuMany = words{
		"Russian questions are matched only against Russian text: %d of the %d loaded documents have none (%s). Ask about those in their own language or in English.",
		"俄文问题只与俄文文本匹配：已载入的%[2]d份文件中有%[1]d份没有俄文文本（%[3]s）。请用这些文件的语言或英文询问。",
		"Вопросы на русском я ищу только в русском тексте: в %d из %d загруженных документов его нет (%s). О них спросите на их языке или по-английски.",
	}
	wChineseNotZh = words{
		"Chinese questions are matched against Chinese text only: %d of the %d loaded documents have none (%s). Ask about those in their own language.",
		"中文问题只在中文文本中检索：已载入的%[2]d份文件中有%[1]d份没有中文文本（%[3]s），询问这些文件请用它们的语言。",
		"Вопросы на китайском я ищу только в китайском тексте: в %d из %d загруженных документов его нет (%s). О них спросите на их языке.",
	}
	wDocCount     = words{"%d in %s", "%[2]s%[1]d份", "%d на %s"}
	wReloadCounts = words{"%s, %s (was %s, %s)", "%s，共%s（之前：%s，共%s）", "%s, %s (было: %s, %s)"}
	wPreamble     = words{"0 (preamble)", "0（序言）", "0 (преамбула)"}
	wSkippedFiles = words{"skipped %s: %s", "跳过%s：%s", "пропущено: %s (%s)"}
	wAndMore      = words{"%s and %d more", "%s等（另有%d个）", "%s и ещё %d"}
	wReloaded     = words{"Reloaded: %s", "已重新载入：%s", "Загружено заново: %s"}
)
