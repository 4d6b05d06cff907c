package bot

import (
	"strings"
	"time"
	"unicode"
)

// DetectLang chooses the language of the bot's own words for text: Chinese
// if it has Han characters, English if it has letters but no Han, otherwise
// the platform's hint ("zh-hans", "en-US"), otherwise def.
func DetectLang(text, hint string, def Lang) Lang {
	if l, ok := textLang(text); ok {
		return l
	}
	return fallbackLang(hint, def)
}

// textLang tells the language of the user's own words in text: Chinese if
// it has Han characters, English if it has letters but no Han. ok is false
// when text has neither (numbers, emoji, punctuation).
func textLang(text string) (l Lang, ok bool) {
	letters := false
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			return Chinese, true
		}
		if !letters && unicode.IsLetter(r) {
			letters = true
		}
	}
	if letters {
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
	case opIgnore, opReload:
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
// remembers it for the chat when the user's own words decided it. In
// order: the words (Han → Chinese; letters → English), the chat's last
// language, Han in a reference ("/section 二" from a new chat), the
// platform's hint, DefaultLang. A reference never overwrites the chat's
// language: it is the document's label, not the user's choice.
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
	if l, ok := textLang(ref); ok && l == Chinese {
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
	}
	return "", false
}

// words holds one phrase of the bot's own words in each language.
type words struct{ en, zh string }

func (w words) in(l Lang) string {
	if l == Chinese {
		return w.zh
	}
	return w.en
}

// The bot's own words. Format verbs are filled by the caller; clause text
// never goes through here.
var (
	wIntro = words{
		"I answer questions about the loaded documents with the matching clause, word for word, and its exact reference (document, section, clause), so you can quote or check it.",
		"我根据已载入的文件回答问题：给出原文条款（一字不改）及其准确出处（文件、部分、条），方便引用和核对。",
	}
	wCommands     = words{"Commands:", "命令："}
	wTryExamples  = words{"Try one of these questions:", "可以试试这些问题："}
	wJustAsk      = words{"In a direct message, just type your question.", "私聊时直接输入问题即可。"}
	wGroupAsk     = words{"In a group, mention me or use /ask.", "在群组中请 @我 或使用 /ask。"}
	wHeader       = words{"Matches %d–%d of %d for “%s”:", "“%[4]s”的匹配结果：第%[1]d–%[2]d条，共%[3]d条"}
	wHeaderOne    = words{"One match for “%s”:", "“%s”的匹配结果：共1条"}
	wHeaderAt     = words{"Match %d of %d for “%s”:", "“%[3]s”的匹配结果：第%[1]d条，共%[2]d条"}
	wLastMatch    = words{"That was the last match.", "以上是全部结果。"}
	wNoMore       = words{"No more results for “%s”.", "“%s”没有更多结果了。"}
	wNoQuestion   = words{"There is no earlier question in this chat to show more results for. Ask a question first.", "此对话中还没有可以继续翻页的问题。请先提问。"}
	wNoMatch      = words{"I found no clause about “%s” in the loaded documents. Try /sources to see what they cover, or /section %s to browse a section.", "在已载入的文件中没有找到与“%s”相关的条款。可以用 /sources 查看文件列表，或用 /section %s 浏览某一部分。"}
	wDocsInLang   = words{"The loaded documents are in %s; try asking in %s.", "已载入的文件是%s文本，请用%s提问。"}
	wDocsInLangEx = words{"The loaded documents are in %s; try asking in %s, e.g. %s", "已载入的文件是%s文本，请用%s提问，例如：%s"}
	wOr           = words{" or ", "或"}
	wMore         = words{"More results", "更多结果"}
	wWholeSection = words{"Show whole section", "查看整节"}
	wFullText     = words{"Full text %s", "%s 全文"}
	wVersion      = words{"The same clause in the %s version", "%s文本的同一条款"}
	wPrevPage     = words{"◀ Previous", "◀ 上一页"}
	wNextPage     = words{"Next ▶", "下一页 ▶"}
	wSectionHead  = words{"%s%s of “%s”: clauses %d–%d of %d", "《%[3]s》%[1]s%[2]s：第%[4]d–%[5]d条，共%[6]d条"}
	wTruncated    = words{"“%s” is truncated: the saved copy ends inside section %s, so section %s is not in it.", "《%s》不完整：保存的文本在第%s部分中途截断，因此没有第%s部分。"}
	wGap          = words{"“%s” has no section %s: its numbering goes from %s to %s.", "《%s》没有第%s部分：其编号从%s直接跳到%s。"}
	wPastEnd      = words{"“%s” has no section %s: its last section is %s.", "《%s》没有第%s部分：最后一部分是%s。"}
	wNoSuchSect   = words{"There is no section “%s”. Sections of “%s”: %s.", "没有“%s”这一部分。《%s》的部分：%s。"}
	wNoSuchClause = words{"There is no clause %s: section %s of “%s” has %d clauses.", "没有条款 %s：《%[3]s》第%[2]s部分共有%[4]d条。"}
	wBadClause    = words{"“%s” is not a clause reference. Write it like /clause %s.", "“%s”不是条款出处。请这样写：/clause %s。"}
	wSectionUsage = words{"Which section? Write /section N, e.g. /section %s. Sections: %s.", "要看哪一部分？请这样写：/section 编号，例如 /section %s。现有部分：%s。"}
	wClauseUsage  = words{"Which clause? Write /clause REF, e.g. /clause %s.", "要看哪一条？请这样写：/clause 出处，例如 /clause %s。"}
	wAskUsage     = words{"What is your question? Write /ask followed by it, e.g. /ask %s", "请在 /ask 后面写上问题，例如 /ask %s"}
	wSourcesHead  = words{"Loaded documents:", "已载入的文件："}
	wSourceLine   = words{"Date: %s · Sections: %s · %d clauses", "日期：%s · 部分：%s · 共%d条"}
	wNoDate       = words{"unknown", "不详"}
	wTruncNote    = words{"truncated: the saved copy ends inside section %s", "不完整：保存的文本在第%s部分中途截断"}
	wNoDocs       = words{"No documents are loaded.", "尚未载入任何文件。"}
	wTooLong      = words{"Your question is %d characters long; the limit is %d. Please shorten it and ask again.", "问题长度为%d个字符，超过了%d个字符的上限。请缩短后重新提问。"}
	wRateLimited  = words{"You're sending messages faster than I can answer. Please wait a moment; I'll reply again shortly.", "消息发送过于频繁，请稍候片刻再提问。"}
	wExpired      = words{"This button has expired. Please ask your question again.", "此按钮已过期，请重新提问。"}
	wUnknownCmd   = words{"Unknown command %s. Send /help to see what I can do.", "未知命令 %s。发送 /help 查看可用命令。"}
	wVia          = words{"Found through the dictionary (CC-CEDICT), not your own words: %s", "经词典（CC-CEDICT）对译查到，并非原词匹配：%s"}
	wCannot       = words{"Sorry, I couldn't do that: %s", "抱歉，无法完成：%s"}
	wInternal     = words{"Sorry, something went wrong on my side (internal error). Please try again later.", "抱歉，服务出现内部错误，请稍后再试。"}
	wReloaded     = words{"Reloaded: %s", "已重新载入：%s"}
)
