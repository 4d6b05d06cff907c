package index

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ./internal/genstop -words dict/zh_s.txt.gz -out dict/stop_zh.txt -pred dict/pred_zh.txt
//go:embed dict/stop_zh.txt
var stopZhFile string

// isStopZh reports whether w is one of the Chinese function words a
// question may use that carry no content: gse's stop word list and the
// pronouns, prepositions, conjunctions, particles and locality words of its
// tagged dictionary (dict/stop_zh.txt; see internal/genstop for the sources
// and the licence). Question words proper (什么, 请问, 规定) are in fillers.
// Like isPredicate it searches the embedded sorted list in place: the map
// of its 1,820 words that package init used to build cost every process
// 0.2–0.25 MB of heap before main (GODEBUG=inittrace=1, and a heap profile
// of the init).
func isStopZh(w string) bool { return inSortedLines(stopZhFile, w) }

//go:embed dict/pred_zh.txt
var predZhFile string

// isPredicate reports whether a Chinese word is a verb, adjective, adverb
// or status word by its main part-of-speech tag in gse's tagged
// dictionary (dict/pred_zh.txt, made by internal/genstop from the
// segmenter's word list). It searches the embedded sorted list in place:
// no table is built, so a process that never asks pays nothing.
func isPredicate(w string) bool { return inSortedLines(predZhFile, w) }

// inSortedLines reports whether w is one of the lines of file, a list of
// lines in byte order (sort.Strings) under a header of lines starting with
// "#", by binary search in place. An empty w is never found.
func inSortedLines(file, w string) bool {
	body := file
	for strings.HasPrefix(body, "#") {
		i := strings.IndexByte(body, '\n')
		if i < 0 {
			return false
		}
		body = body[i+1:]
	}
	lo, hi := 0, len(body) // body[lo:hi] is whole lines
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(body[lo:mid], '\n') + 1 + lo
		end := strings.IndexByte(body[start:hi], '\n')
		if end < 0 {
			end = hi
		} else {
			end += start
		}
		switch line := body[start:end]; {
		case line == w:
			return w != ""
		case line < w:
			lo = end + 1
		default:
			hi = start
		}
	}
	return false
}

// auxiliaryVerbs are the one-character auxiliary (modal) verbs of
// Mandarin (Li & Thompson 1981, §6.4: 能, 会, 可, 要, 该, 敢, 肯, 想, 愿):
// in an A-not-A form (能不能, 要不要) the repeated one is the auxiliary,
// never the first character of the next word, though the segmenter's
// list may hold one: 能不能带着会员 kept 能带 (an energy band, in physics),
// which no clause holds and which weighed the most of the question.
var auxiliaryVerbs = map[rune]bool{'能': true, '会': true, '可': true, '要': true, '该': true, '敢': true, '肯': true, '想': true, '愿': true}

// demonstrativesZh and classifiers make the demonstrative phrases quantityForms
// drops: the classifier after a one-character demonstrative (这, 那, 每,
// 某; 哪 is an interrogative number there), as in 那座桥, 每位代表: it
// counts the noun and names nothing (Li & Thompson 1981, §4.2.1). As
// content, the 座 of "黑河那座过江大桥修得咋样了" weighed as much as 大桥.
// classifiers are the one-character words tagged q (measure word) in
// gse's tagged dictionary (data/dict/zh/s_1.txt, v0.80.3); the tagger
// files a few common ones (条, 件, 项, 家, 种) under other classes, and
// they are left out rather than added by hand.
var (
	demonstrativesZh = toSet("这", "那", "每", "某")
	classifiers      = toSet(strings.Fields("盏 匹 袋 盒 铢 锾 乇 粒 场 腔 箱 蔸 筒 个 册 壶 爿 道 杆 枝 类 幕 帖 帙 炷 斛 位 些 次 绺 匝 口 盎 尊 盅 段 缕 张 顿 名 圈 杯 亩 番 畈 扇 帧 碗 锭 勺 米 天 楹 篇 盘 堂 榀 户 套 仞 磴 瓣 份 幢 茬 批 钧 章 片 集 层 句 代 封 盾 樘 架 株 棵 阕 股 泓 尺 犋 畦 座")...)
)

// askWords are words a question uses to ask about a document rather than
// to name what it is about: "What does the communiqué say about customs?",
// "Do they mention soybeans?", "Что сказано о …", "Сколько …". They are
// matched unstemmed, so "agreement" stays content while "agree" does not.
// English and Russian question words that the stop lists lack belong
// here too. (A new user's "What does it say about customs?" got no answer
// while "customs" did.)
var askWords = toSet(
	"say", "says", "said", "mention", "mentions", "mentioned", "discuss", "discusses", "discussed",
	"talk", "talks", "cover", "covers", "covered", "regarding", "concerning", "anything", "something",
	"document", "documents", "communique", "communiqué", "statement", "text", "clause", "clauses",
	"agree", "agreed", "plan", "planned", "will", "would", "can", "could", "should", "must", "going",
	// ("going" is the future of "be going to", as "will")
	// polite lead-ins: "Please tell me about soybeans" asks what "soybeans" does
	"please", "tell", "explain", "describe", "show", "know", "want", "wanted", "like",
	// quantity questions ("How many …", "How much …"), as сколько below
	"many", "much",
	"сколько", "почему", "зачем", "откуда", "куда", "сказано", "говорится", "говорит", "написано",
	"документ", "документе", "документа", "текст", "тексте", "такое", "означает", "понимается",
	// the names of a document's divisions say where to look, not what
	// about: a question of only "Article" or "Статья" named no clause
	// and got a random one (a number with them is a citation, read apart)
	// "What does X mean?" asks for a definition (see reAsksDefinition)
	"mean", "means", "meaning", "meant",
	"article", "articles", "chapter", "chapters", "section", "sections", "paragraph", "paragraphs", "provision", "provisions",
	"статья", "статьи", "статье", "статью", "статей", "статьях", "глава", "главе", "главы", "положение", "положения",
)

// politeness are the formulae a Chinese chat message wraps a question
// in: a greeting, thanks, "may I ask", "sorry to bother you" (你好，…，谢谢;
// 麻烦问一下，…). They are no content of the question: as words no clause
// holds they weighed as much as its subject and sank its coverage (a
// trial's "你好，公司垄断了市场咋整" lost the near clauses
// "公司垄断了市场咋整" has). A message of nothing else has no content left
// and gets no answer, as small talk. (English and Russian ones were
// tried too and not kept: with "thank" and "спасибо" gone, "How do you say
// thank you in Chinese?" and "Спасибо большое!" were answered on their
// one other word, testdata/offtopic.jsonl 57/60 → 55/60.)
var politeness = toSet(
	"你好", "您好", "大家好", "哈喽", "嗨", "谢谢", "谢谢你", "谢谢您", "多谢", "谢了", "麻烦", "麻烦你", "麻烦您",
	"打扰", "打扰一下", "请教", "问", "问一下", "问问", "劳驾", "拜托",
)

// ruClosedClass are the Russian pronouns, pronominal adjectives in all
// their case forms, and the particles and modal words that the Snowball
// stop list bleve ships (ru.StopName, 159 words, mostly one form of
// each) leaves out: the closed classes of a Russian grammar (Зализняк,
// «Грамматический словарь русского языка», pronoun paradigms), not words
// collected from misses. "Кому достанется квартира?" weighed "кому"
// (stem ком, in 3 clauses) like a subject; "моём участке" kept "моём".
// (A published Russian list with more forms, stopwords-iso's 559 words,
// holds content words a law uses: вода, война, дом, and was not taken.)
var ruClosedClass = toSet(
	// кто, что, никто, ничто
	"кого", "кому", "кем", "ком", "чему", "чём", "нечего", "некого", "никого", "никому", "никем", "ничему", "ничем", "ничто",
	// мой, твой, свой, наш, ваш
	"моё", "мое", "мои", "моего", "моей", "моему", "моим", "моём", "моем", "моих", "моими", "мою",
	"твой", "твоя", "твоё", "твое", "твои", "твоего", "твоей", "твоему", "твоим", "твоём", "твоем", "твоих", "твоими", "твою",
	"свой", "своя", "своё", "свое", "свои", "своего", "своей", "своему", "своим", "своём", "своем", "своих", "своими",
	"наш", "наша", "наше", "наши", "нашего", "нашей", "нашему", "нашим", "нашем", "наших", "нашими", "нашу",
	"ваша", "ваше", "ваши", "вашего", "вашей", "вашему", "вашим", "вашем", "ваших", "вашими", "вашу",
	// этот, тот, весь, сам, какой, который, чей (the forms the list lacks)
	"эта", "это", "этого", "этому", "этим", "этих", "этими", "та", "то", "те", "той", "тому", "теми", "ту",
	"весь", "вся", "всё", "все", "всей", "всему", "всем", "всеми", "сама", "само", "сами", "самого", "самой", "самому", "самим", "самих",
	"какое", "какие", "какого", "какому", "каким", "каком", "какую", "каких", "какими",
	"который", "которая", "которое", "которые", "которого", "которой", "которому", "которым", "котором", "которую", "которых", "которыми",
	"чей", "чья", "чьё", "чье", "чьи", "чьего", "чьей", "чьему", "чьим", "чьих",
	// personal pronouns' other forms
	"мной", "мною", "тобой", "нами", "вами", "ими", "ему", "ею", "нём", "нем", "нему",
	// particles and sentence adverbs: what a chat question adds to its content
	"вообще", "прямо", "просто", "именно", "также", "тоже", "ещё", "еще", "очень", "лишь", "либо", "вот", "же", "ведь", "разве",
	"нужно", "нужен", "нужна", "нужны", "обязательно",
)

// chatWords are what a chat message says when it acknowledges, thanks or
// greets rather than asks (好的收到, "Got it, thanks!", "Спасибо, понял"):
// a message made only of them (after filler) is not a question, although
// 收到 and 明白 are words of many laws ("自收到通知之日起"). Alphabetic words
// are listed as their stems.
var chatWords = toSet(
	"好", "好的", "好吧", "收到", "谢谢", "多谢", "感谢", "谢了", "明白", "明白了", "知道了", "懂了", "了解", "嗯", "嗯嗯",
	"哦", "噢", "行", "没问题", "辛苦", "辛苦了", "你好", "您好", "大家好", "早上好", "早", "晚上好", "再见", "拜拜", "哈哈",
	"ok", "okay", "thank", "thanks", "got", "it", "hi", "hello", "hey", "bye", "great", "cool", "sure", "yes", "no", "nice",
	"good", "morn", "morning", "cheer", "понял", "поняла", "понятно", "спасибо", "хорошо", "ладно", "привет",
	"здравствуйте", "пока", "ок", "да", "нет", "отлично",
	// how-are-you and what's-new: "Как дела?", "Как поживаешь?", "Что
	// нового?", "What's new?" (a trial's "Как дела?" got Статья 1167 of
	// the Civil Code); listed as written, so that 'дела' of a case
	// ("рассмотрение дела") stays content.
	"дела", "делишки", "поживаешь", "поживаете", "нового", "новенького", "new", "up",
	"最近怎么样", "最近好吗", "怎么样",
)

// isFiller reports whether a segmented Chinese word or a normalised
// alphabetic word carries no content. The stop list counts for words of
// two or more characters only: a lone character in a segmented question
// is as often a piece of a word the segmenter split (自 of 自驾车, 中 of
// 中俄) as a function word, and the one-character function words a
// question uses (的, 了, 在) are in fillers.
func isFiller(w string) bool {
	if fillers[w] || isStopWord(w) || askWords[w] || ruClosedClass[w] || politeness[w] || (utf8.RuneCountInString(w) > 1 && isStopZh(w)) {
		return true
	}
	// Russian writes ё as е as often as not, and the stop list has the е
	// forms: "О чём …" is "О чем …".
	if strings.ContainsRune(w, 'ё') {
		return isFiller(strings.ReplaceAll(w, "ё", "е"))
	}
	return false
}

// aNotA finds the A-not-A question forms in a run of Chinese characters
// (会不会, 有没有, 行不行, 是不是, 能不能, 参不参加, 签没签): a character,
// 不 or 没, and the same character again. The form asks yes or no; it is a
// question word, not content. It returns, for each form, the rune offset
// of its first character: the first character and the negation are dropped,
// and the repeated character stays to begin the word it may start (参不参加
// keeps 参加; 会不会 keeps 会, which is filler on its own).
//
// Source: the A-not-A (正反问句) pattern of Mandarin grammar, V-不-V and
// V-没-V with a one-syllable V, and its disyllabic form V-不-VO (Li &
// Thompson, Mandarin Chinese: A Functional Reference Grammar, 1981, §18.3).
func aNotA(rs []rune, start, end int) []int {
	var out []int
	for i := start; i+2 < end; i++ {
		if (rs[i+1] == '不' || rs[i+1] == '没') && rs[i] == rs[i+2] && unicode.Is(unicode.Han, rs[i]) && rs[i] != '不' && rs[i] != '没' {
			out = append(out, i)
			i += 2
		}
	}
	return out
}
