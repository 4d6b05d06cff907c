package index

import (
	"strings"
	"unicode/utf8"

	"clausebot/internal/lazyre"
)

// The answer type of a quantity question. A question asking how many,
// how much, how long or which year ("中国一共有多少个省", "How many member
// states does the Council of Europe have?", "Сколько стоит билет?") is
// answered by a number, so a clause without one cannot answer it, however
// well it matches the question's other words: checking the expected
// answer type of a question against a candidate is the classic filter of
// question answering (Moldovan, Harabagiu et al., "The structure and
// performance of an open-domain question answering system", ACL 2000:
// a question's answer type, here NUMBER or DATE, and the candidate
// paragraphs that hold no entity of it are dropped).
//
// Measured on every question set of the project (see the commit's note):
// the off-topic questions that asked for a quantity and were answered by a
// clause holding the question's one specific word (多少个省 → a clause on
// 国家出口管制, 哪一年成立 → one on 成立商会) now abstain; every on-topic
// quantity question of the sets has a number in its gold clause.

var (
	// reAsksQuantityZh: 多少, 多久 and 多长时间, 几 before a measure word or time unit, 哪年
	// and 哪一年, 第几. 几 also means "a few" (几家公司合并, 要不要报批?):
	// a question with another question word is asking that one, so
	// asksQuantity checks hasOtherQuestionZh too.
	reAsksQuantityZh = lazyre.New(`多少|多久|多长时间|几[个年天日月周次位名人家项条种届倍岁点号分小]|哪一?年|第几`)
	reAsksQuantityEn = lazyre.New(`(?i)\bhow\s+(?:many|much|long|old|often)\b|\b(?:what|which)\s+year\b|\bwhat\s+time\b`)
	reAsksQuantityRu = lazyre.New(`(?i)(?:^|[^а-яё])сколько(?:$|[^а-яё])|(?:^|[^а-яё])в\s+каком\s+году(?:$|[^а-яё])`)

	// reClauseLabel is the number a clause's text may begin with: its
	// article, paragraph or item label (第四条, Article 12, Статья 3, 2.,
	// （一）, 4)), which is no quantity.
	reClauseLabel = lazyre.New(`^\s*(?:第[〇零一二三四五六七八九十百千两\d]+[条款项章节]|(?:Article|Section|Chapter|Part|Статья|Глава|Раздел)\s+[\dIVXLC]+[\w.]*|[(（]?[\d一二三四五六七八九十]+[)）.、．])\s*`)
	// reCitedNumber is a citation inside a clause's text (Articles 9 and
	// 10, paragraph 1 of Article 37, 第3条, статьи 5), whose numbers are
	// no quantity either.
	reCitedNumber = lazyre.New(`(?i)(?:\b(?:articles?|paragraphs?|sub-?paragraphs?|sections?|parts?|chapters?|annex(?:es)?|points?)|(?:^|[^а-яё])(?:стать[яеиюей]\S*|част[ьиейям]\S*|пункт\S*|глав\S*))\s+[\dIVXLC]+[\w.()]*(?:\s*(?:,|and|or|и|или|to|-|–)\s*[\dIVXLC]+[\w.()]*)*|第[\d０-９]+[条款项章节]`)
	reNumberEn    = lazyre.New(`(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|thousand|million|billion|half|once|twice|first|second|third)\b`)
	reNumberRu    = lazyre.New(`(?i)(?:^|[^а-яё])(?:од(?:ин|на|но|ного|ной|ном)|дв(?:а|е|ух|ум)|тр(?:и|ех|ёх|ем|ём)|четыр\S*|пят\S*|шест\S*|сем[иь]\S*|восем\S*|девят\S*|десят\S*|двадцат\S*|тридцат\S*|сорок\S*|девяност\S*|сто|ста|сот\S*|двест\S*|трист\S*|тысяч\S*|миллион\S*|миллиард\S*|половин\S*|полтор\S*)(?:$|[^а-яё])`)
)

// asksQuantity reports whether question text asks for a number: how many,
// how much, how long, which year (reAsksQuantityZh, En, Ru).
func asksQuantity(text string) bool {
	if reAsksQuantityEn().MatchString(text) || reAsksQuantityRu().MatchString(text) {
		return true
	}
	return reAsksQuantityZh().MatchString(text) && !hasOtherQuestionZh(text)
}

// hasOtherQuestionZh reports whether a Chinese question asks something
// besides a quantity: another question word, a final particle, or an
// A-not-A form (Go's regexp has no back-references, so those are found by
// aNotA).
func hasOtherQuestionZh(text string) bool {
	for _, w := range []string{"怎么", "怎样", "如何", "什么", "为什么", "哪些", "哪里", "哪儿", "哪个", "吗", "呢"} {
		if strings.Contains(text, w) {
			return true
		}
	}
	rs := []rune(text)
	return len(aNotA(rs, 0, len(rs))) > 0
}

// hasQuantity reports whether a clause's text, after its label
// (reClauseLabel), holds a number: a digit, a Chinese numeral before a
// measure word, a time unit or a fraction (七日, 三年, 二分之一, 第七届, 十万元),
// or an English or Russian number word (five years, три месяца, сто тысяч).
func hasQuantity(text string) bool {
	if loc := reClauseLabel().FindStringIndex(text); loc != nil {
		text = text[loc[1]:]
	}
	if strings.ContainsAny(text, "0123456789") {
		text = reCitedNumber().ReplaceAllString(text, " ")
	}
	prevNumeral := false
	var prev rune
	for _, r := range text {
		last := prev
		prev = r
		switch {
		case r >= '0' && r <= '9' || r >= '０' && r <= '９' || r == '%' || r == '％':
			return true
		case r == '一' && strings.ContainsRune("同统唯单划之专逐万", last):
			// 同一, 统一, 唯一, 万一: words, not the number one.
		case strings.ContainsRune("〇零一二三四五六七八九十百千万亿两半", r):
			prevNumeral = true
			continue
		case prevNumeral && strings.ContainsRune(quantityUnitsZh, r):
			return true
		}
		prevNumeral = false
	}
	if !hasLetters(text) {
		return false
	}
	return reNumberEn().MatchString(text) || reNumberRu().MatchString(text)
}

// quantityUnitsZh are the characters that make a Chinese numeral before
// them a quantity: measure words and time units (个 元 日 天 年 月 周 …, 小
// of 小时; not 时, which 同一时间 and 一时 hold),
// and 分 of fractions (二分之一) and 成 of tenths.
//
// 条 and 项 are not among them: a clause citing 第二十一条 or 第三项 gives
// no quantity.
const quantityUnitsZh = "个元日天年月周小人次倍名家种届分成岁件份户套台辆吨米里亩公克"

// hasLetters reports whether text has a Latin or Cyrillic letter.
func hasLetters(text string) bool {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z') || r >= 0x400 && r <= 0x4ff {
			return true
		}
		i += n
	}
	return false
}
