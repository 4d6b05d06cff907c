package bot

import (
	"slices"
	"strings"
	"unicode"

	"clausebot/internal/lazyre"
)

// op is what a message asks the bot to do.
type op int

const (
	opIgnore   op = iota // not for us: group chatter, another bot's command
	opAsk                // a question (arg)
	opHelp               // help, /start, a greeting
	opSection            // /section arg
	opClause             // /clause arg
	opSources            // /sources
	opMore               // /more
	opReload             // /reload (admins only)
	opRight              // /right REF: the clause a 👎'd answer should have given
	opUnknown            // an unknown /command (arg is the command)
	opThanks             // thanks, an acknowledgement or emoji only: no question
	opNegative           // "👎", "wrong", "не то": the last answer was no good (arg: the text)
)

// route is a parsed message.
type route struct {
	op  op
	arg string
}

// parse routes a message's text. Commands start with "/"; the same commands
// also work as subcommands of /ask (Slack apps share one slash command) and,
// in a direct chat or when addressed, as plain words where that is natural.
func parse(m Message) route {
	text := strings.TrimSpace(m.Text)
	addressed := m.Direct || m.Mentioned || m.ReplyToBot
	if addressed {
		// "、" also starts an enumeration: in group chatter it stays text.
		text = imeCommand(text)
	}
	if strings.HasPrefix(text, "/") {
		name, arg := cutWord(text[1:])
		name = strings.ToLower(name)
		if at := strings.IndexByte(name, '@'); at >= 0 {
			// Adapters strip a suffix naming this bot; any suffix left
			// names another bot in the same group.
			if !m.Direct {
				return route{op: opIgnore}
			}
			name = name[:at]
		}
		switch name {
		case "ask", "q":
			if arg == "" {
				return route{op: opAsk}
			}
			return plain(arg)
		case "help", "start":
			return route{op: opHelp}
		case "section":
			return route{op: opSection, arg: arg}
		case "clause":
			return route{op: opClause, arg: arg}
		case "sources":
			return route{op: opSources}
		case "more":
			return route{op: opMore}
		case "reload":
			return route{op: opReload}
		case "right":
			return route{op: opRight, arg: arg}
		}
		if !addressed {
			return route{op: opIgnore} // probably meant for another bot
		}
		return route{op: opUnknown, arg: "/" + name}
	}
	if !addressed {
		return route{op: opIgnore}
	}
	if text == "" {
		if m.Direct {
			return route{op: opIgnore} // a sticker or photo: nothing to answer
		}
		return route{op: opHelp} // a bare mention
	}
	return plain(text)
}

// plain routes text that is not a slash command.
func plain(text string) route {
	key := normalizeWords(text)
	switch {
	case negativeWords[key] || key == "" && negativeEmoji(text):
		// Before the emoji case: "👎" is no thanks (a trial's got "不客气").
		return route{op: opNegative, arg: text}
	case thanksWords[key] || thanksPhrase(key):
		return route{op: opThanks}
	case key == "" && emojiOnly(text):
		return route{op: opThanks, arg: "emoji"} // help when it opens a chat (see Handle)
	case helpWords[key] || greetings[key]:
		return route{op: opHelp}
	case sourcesWords[key]:
		return route{op: opSources}
	case moreWords[key]:
		return route{op: opMore}
	}
	if w, rest := cutWord(text); rest != "" && len(rest) <= maxRefBytes {
		switch strings.ToLower(w) {
		case "section", "sect", "§":
			return route{op: opSection, arg: rest}
		case "clause", "cl":
			return route{op: opClause, arg: rest}
		}
	}
	if ref, ok := bareRef(text); ok {
		return route{op: opClause, arg: ref}
	}
	return route{op: opAsk, arg: text}
}

// thanksPhrase reports whether a normalised Chinese message is thanks
// or an acknowledgement made of several such words and particles
// ("谢谢哈", "好的 谢谢", "收到，辛苦了", "好的好的，多谢"), which the
// thanksWords list, one phrase per entry, cannot hold in every order: a
// trial's "谢谢哈" and "好的 谢谢" were searched as questions. The message
// must be covered by thanksPieces and hold one of thanksCore ("你好" is
// covered, 你 and 好, but thanks nobody).
func thanksPhrase(key string) bool {
	s := strings.ReplaceAll(key, " ", "")
	if s == "" || !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return false
	}
	core := false
	for s != "" {
		n := 0
		for _, p := range thanksPieces { // longest first
			if strings.HasPrefix(s, p) {
				n = len(p)
				core = core || slices.Contains(thanksCore, p)
				break
			}
		}
		if n == 0 {
			return false
		}
		s = s[n:]
	}
	return core
}

// thanksCore are the words that thank or acknowledge; thanksPieces are
// those and the words and particles said with them, longest first.
var (
	thanksCore   = []string{"谢谢", "谢了", "多谢", "感谢", "好的", "收到", "明白", "知道了", "了解", "懂了", "辛苦了", "辛苦"}
	thanksPieces = []string{"知道了", "辛苦了", "谢谢", "谢了", "多谢", "感谢", "好的", "收到", "明白", "了解", "懂了", "辛苦",
		"你们", "大家", "哈哈", "嗯嗯", "非常", "你", "您", "好", "哈", "啊", "呀", "啦", "哦", "噢", "嗯", "了", "哒", "ok"}
)

// maxRefBytes bounds a section or clause reference a user may type.
const maxRefBytes = 200

// clauseRefRE matches a bare clause reference: "二.12", "2.12", "二·12",
// "II.3", "doc:二·12".
var clauseRefRE = lazyre.New(`^(?:[\w-]+:)?(?:[一二三四五六七八九十百〇零]+|\d{1,2}|[IVXLivxl]+)\s*[.·．]\s*\d{1,3}$`)

// cutWord splits s at its first run of white space.
func cutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// normalizeWords lowercases text and drops punctuation, symbols and extra
// space, so "Hi!", "hi 👋" and "你好。" match the word lists.
func normalizeWords(text string) string {
	if len(text) > 64 {
		return "\x00" // no greeting is this long; match nothing
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r):
			space = true
		}
	}
	s := b.String()
	for _, suffix := range []string{" clausebot", " bot"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return s
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	helpWords = set("help", "start", "帮助", "使用说明", "说明", "怎么用", "如何使用", "命令", "помощь", "")
	greetings = set("hi", "hello", "hey", "hiya", "yo", "howdy", "greetings", "good morning", "good afternoon",
		"good evening", "hi there", "hello there", "hey there",
		"你好", "您好", "你好啊", "嗨", "哈喽", "哈啰", "早上好", "上午好", "下午好", "晚上好", "在吗", "在么", "大家好",
		"привет", "здравствуйте",
		// how-are-you: a greeting, answered with what the bot does (a
		// trial's "How are you?" was told no clause covers it)
		"how are you", "hi how are you", "hello how are you", "how are you doing", "hows it going", "whats up", "whats new",
		"你好吗", "最近怎么样", "最近好吗", "在吗你好",
		"как дела", "привет как дела", "как ты", "как вы", "как поживаешь", "как поживаете", "что нового", "как твои дела", "как у тебя дела")
	// thanksWords acknowledge or thank: the message asks nothing, and a
	// short reply says the bot heard (the whole help, given before to
	// "👍", repeated what the user had just read; "好的收到" was searched
	// and told no clause covers it).
	thanksWords = set("thanks", "thank you", "thanks a lot", "thank you very much", "thx", "ty", "ok", "okay", "got it", "great",
		"谢谢", "多谢", "谢谢你", "感谢", "好的", "收到", "好的收到", "好的谢谢", "明白", "明白了", "知道了", "了解了", "懂了",
		"спасибо", "спасибо большое", "понятно", "понял", "поняла", "хорошо", "ок", "ясно",
		// and goodbyes
		"bye", "goodbye", "thanks bye", "thank you bye", "ok bye", "see you", "再见", "拜拜", "谢谢再见", "好的再见",
		"пока", "до свидания", "спасибо пока", "спасибо до свидания")
	// negativeWords say the answer just given was wrong or no help. They
	// count as feedback only right after an answer (see Handle); before
	// one, "wrong" or "нет" is searched like any words.
	negativeWords = set("wrong", "thats wrong", "this is wrong", "that is wrong", "wrong answer", "not right", "thats not right",
		"not it", "thats not it", "not that", "not this", "incorrect", "no", "nope", "not helpful", "unhelpful", "useless",
		"bad answer", "not what i asked", "not what i meant", "not what i was looking for", "irrelevant", "not relevant",
		"不对", "不对吧", "错了", "错误", "答错了", "回答错了", "不是", "不是这个", "不是这条", "不是这个意思", "不是我要的",
		"这不对", "这个不对", "答非所问", "没用", "没有用", "没帮助", "没有帮助", "不相关", "不准确", "不行",
		"не то", "не тот", "не та", "не так", "не то пальто", "неправильно", "не правильно", "неверно", "не верно",
		"ошибка", "нет", "не помогло", "бесполезно", "не о том", "не тот пункт", "не тот ответ", "мимо", "не подходит")
	sourcesWords = set("sources", "source", "documents", "docs", "来源", "文件", "文件列表", "资料来源")
	moreWords    = set("more", "next", "more results", "更多", "更多结果", "下一页", "继续")
)

// negativeEmojis are the reactions that say an answer was wrong or no
// help: 👎, ❌, a frown, anger, a facepalm.
const negativeEmojis = "👎❌✖✗✘🚫🙁☹😞😟😕😒😠😡🤬🤦💩"

// negativeEmoji reports whether text is emoji only (see emojiOnly) with a
// negative one among them and no 👍.
func negativeEmoji(text string) bool {
	return emojiOnly(text) && strings.ContainsAny(text, negativeEmojis) && !strings.Contains(text, "👍")
}

// emojiOnly reports whether text holds a pictograph (Unicode category So:
// 👍, 🔥, ✅) and no letter or digit: a reaction typed as a message.
func emojiOnly(text string) bool {
	pict := false
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return false
		case unicode.Is(unicode.So, r):
			pict = true
		}
	}
	return pict
}
