package telegram

import (
	"context"
	"encoding/base64"
	"net/url"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// Share links open one clause: https://t.me/BOT?start=PAYLOAD sends the
// bot "/start PAYLOAD" from the user's private chat, and the bot answers
// it as "/clause REF".
//
// Telegram accepts a payload of 1–64 characters from [A-Za-z0-9_-]. A
// reference ("doc:二·12", "第二十一条第一款第（三）项") is mostly not
// ASCII, so the payload is sharePrefix followed by the reference's UTF-8
// bytes in unpadded base64url, whose alphabet is exactly that set: a
// reference of up to maxShareRef bytes fits.
const (
	sharePrefix  = "c"
	maxPayload   = 64
	maxShareRef  = (maxPayload - len(sharePrefix)) / 4 * 3 // 45 bytes
	shareMemory  = 8192                                    // chats whose last answer /share remembers
	shareURLBase = "https://t.me/"
)

// payloadRe is what Telegram accepts as a /start deep-link parameter.
var payloadRe = lazyre.New(`^[A-Za-z0-9_-]{1,64}$`)

// sharePayload is the /start payload that opens the clause ref; ok is false
// when ref is empty or too long to fit in Telegram's 64 characters.
func sharePayload(ref string) (payload string, ok bool) {
	if ref == "" || len(ref) > maxShareRef || !utf8.ValidString(ref) {
		return "", false
	}
	p := sharePrefix + base64.RawURLEncoding.EncodeToString([]byte(ref))
	return p, payloadRe().MatchString(p)
}

// refFromPayload reads a reference back from a /start payload; ok is false
// for any other payload ("inline", a hand-edited link), which opens with
// the help.
func refFromPayload(payload string) (ref string, ok bool) {
	if !payloadRe().MatchString(payload) || !strings.HasPrefix(payload, sharePrefix) {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(payload[len(sharePrefix):])
	if err != nil || len(b) == 0 || !utf8.Valid(b) || strings.ContainsAny(string(b), "\n\r") {
		return "", false
	}
	return strings.TrimSpace(string(b)), true
}

// shareLink is the t.me link that opens ref in a private chat with the bot
// named username.
func shareLink(username, ref string) (string, bool) {
	p, ok := sharePayload(ref)
	if !ok || username == "" {
		return "", false
	}
	return shareURLBase + url.PathEscape(username) + "?start=" + p, true
}

// firstRef is the reference of a reply's first clause, "" if it has none.
func firstRef(r bot.Reply) string {
	for _, b := range r.Blocks {
		if b.Kind == bot.ClauseBlock && b.Ref != "" {
			return b.Ref
		}
	}
	return ""
}

// share answers /share [REF] with the link that opens REF, or (ref "")
// the first clause of the last answer in this chat (and topic). onMessage
// passes the answer's clause for /share sent in reply to an answer.
func (a *Adapter) share(ctx context.Context, to target, replyTo int, ref, lang string) {
	if ref == "" {
		ref, _ = a.lastRef.Get(target{chat: to.chat, thread: to.thread})
	}
	var text string
	link, ok := shareLink(a.self.Load().UserName, ref)
	switch {
	case ref == "":
		text = pick(lang, "Ask a question first: /share then gives a link to the clause it answered with. Or name a clause: /share 二·12",
			"请先提问：之后 /share 会给出所答条款的链接。也可以指明条款：/share 二·12")
	case !ok:
		text = pick(lang, "The reference "+ref+" is too long for a Telegram link. Send it as /clause "+ref,
			"条款编号 "+ref+" 太长，无法做成 Telegram 链接。请发送 /clause "+ref)
	default:
		text = pick(lang, "Link that opens "+ref+":\n"+link, "打开 "+ref+" 的链接：\n"+link)
	}
	if _, err := a.sendMessage(ctx, &to, escapeHTML(text), nil, replyTo); err != nil {
		a.metrics.SendError(bot.Telegram)
		a.log.WarnContext(ctx, "telegram: share link not sent", "chat", to.chat, "err", err)
		return
	}
	a.metrics.Sent(bot.Telegram)
}

// shareCommand is /share in the command menu: it is Telegram's alone, so
// the core's list does not have it.
func shareCommand(lang bot.Lang) tgbotapi.BotCommand {
	if lang == bot.Chinese {
		return tgbotapi.BotCommand{Command: "share", Description: "上次答案的链接，点开即见该条款"}
	}
	return tgbotapi.BotCommand{Command: "share", Description: "A link that opens the last answer's clause"}
}
