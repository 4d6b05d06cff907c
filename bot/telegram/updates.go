package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
)

// checkUpdate says what is wrong with a decoded update, or returns nil.
//
// Every update passes it before anything else looks at it, in both modes,
// so the rest of the adapter may rely on it: a message has its chat, a
// callback query its id (and the chat of its message, if it has one), an
// inline query its id and sender. Telegram always sends these; a proxy or a
// self-hosted Bot API server may not, and one such update must not stop the
// bot. Fields the handlers check themselves (a message's sender, a
// callback's sender) may be missing.
func checkUpdate(u *tgbotapi.Update) error {
	switch {
	case u.UpdateID <= 0:
		return errors.New("update_id is not positive")
	case u.Message != nil && u.Message.Chat == nil:
		return errors.New("message without a chat")
	case u.CallbackQuery != nil && u.CallbackQuery.ID == "":
		return errors.New("callback_query without an id")
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat == nil:
		return errors.New("callback_query on a message without a chat")
	case u.InlineQuery != nil && u.InlineQuery.ID == "":
		return errors.New("inline_query without an id")
	case u.InlineQuery != nil && u.InlineQuery.From == nil:
		return errors.New("inline_query without a sender")
	}
	return nil
}

// updateKey is the runner key of an update: its chat, so one chat's updates
// are handled in order; inline queries by their user. It is safe for any
// update, checked or not.
func updateKey(u *tgbotapi.Update) string {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return "c" + strconv.FormatInt(u.Message.Chat.ID, 10)
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return "c" + strconv.FormatInt(u.CallbackQuery.Message.Chat.ID, 10)
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return "u" + strconv.FormatInt(u.CallbackQuery.From.ID, 10)
	case u.InlineQuery != nil && u.InlineQuery.From != nil:
		return "i" + strconv.FormatInt(u.InlineQuery.From.ID, 10)
	}
	return "other"
}

// handleUpdate handles one update to the end: the handler's reply is sent,
// the callback answered. Edited messages, channel posts and other kinds are
// ignored.
func (a *Adapter) handleUpdate(ctx context.Context, u *incoming) {
	// One id for everything this update causes: the core's log lines, the
	// sends and retries, and serve's per-message line.
	ctx = bot.WithRequestID(ctx, a.newRequestID(u.UpdateID))
	defer func() {
		// A panic in a handler must not take the other chats down with it;
		// the update counts as handled, so it is not retried forever.
		if p := recover(); p != nil {
			a.log.ErrorContext(ctx, "telegram: panic handling update", "update", u.UpdateID, "panic", p)
		}
	}()
	switch {
	case u.Message != nil:
		a.onMessage(ctx, u.Message, u.thread)
	case u.CallbackQuery != nil:
		a.onCallback(ctx, u.CallbackQuery, u.thread)
	case u.InlineQuery != nil:
		a.onInline(ctx, u.InlineQuery)
	}
}

func (a *Adapter) allowedChat(id int64) bool {
	return len(a.allowed) == 0 || a.allowed[id]
}

func isGroup(c *tgbotapi.Chat) bool {
	return c != nil && (c.Type == "group" || c.Type == "supergroup")
}

// onMessage answers a message when it is addressed to the bot: anything in
// a private chat; in groups, commands (not those for another bot), mentions
// and replies to the bot. A photo or file with a caption is read as its
// caption. thread is the message's forum topic (0 outside topics); every
// reply goes back to it.
func (a *Adapter) onMessage(ctx context.Context, m *tgbotapi.Message, thread int) {
	me := a.self.Load()
	text, entities := m.Text, m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	if m.From == nil || m.Chat == nil || text == "" {
		return
	}
	// An admin posting anonymously shows as Telegram's GroupAnonymousBot,
	// with the group itself as sender_chat: the group asks, not a bot.
	// Messages from other chats (a linked channel's posts) stay ignored.
	anonymous := m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID && isGroup(m.Chat)
	if m.From.IsBot && !anonymous {
		return
	}
	if m.ViaBot != nil && m.ViaBot.ID == me.ID {
		return // an inline result the user posted: our own words, not a question
	}
	direct := m.Chat.Type == "private"
	group := isGroup(m.Chat)
	if !direct && !group {
		return // channels
	}
	in := parseText(text, entities, me)
	if in.otherBot {
		return
	}
	replyToBot := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == me.ID
	if group && !in.command && !in.mentioned && !replyToBot {
		return // chatter
	}
	to := target{chat: m.Chat.ID, group: group, thread: thread}
	if !a.allowedChat(m.Chat.ID) {
		a.refuse(ctx, to, m.From.LanguageCode)
		return
	}
	replyTo := 0
	if group {
		replyTo = m.MessageID
	}
	user := strconv.FormatInt(m.From.ID, 10)
	if anonymous {
		// Every anonymous admin shares GroupAnonymousBot's id; the group's
		// own (negative) id names them without mixing them with a user.
		user = strconv.FormatInt(m.SenderChat.ID, 10)
	}
	if in.share {
		ref := in.text
		if ref == "" && replyToBot {
			// /share in reply to an answer: that answer's clause.
			ref, _ = a.msgRef.Get(sent{m.Chat.ID, m.ReplyToMessage.MessageID})
		}
		a.share(ctx, to, replyTo, ref, m.From.LanguageCode)
		return
	}
	r, ok := a.h.Handle(ctx, bot.Message{
		Platform:   bot.Telegram,
		ChatID:     strconv.FormatInt(m.Chat.ID, 10),
		UserID:     user,
		Text:       in.text,
		Direct:     direct,
		Mentioned:  in.mentioned || in.addressed,
		ReplyToBot: replyToBot,
		LangHint:   m.From.LanguageCode,
	})
	if !ok {
		return
	}
	a.deliver(ctx, to, replyTo, r)
}

// refuse tells a chat outside the allowlist, once, that the bot does not
// serve it.
func (a *Adapter) refuse(ctx context.Context, to target, lang string) {
	if ok, _ := a.refused.ContainsOrAdd(to.chat, struct{}{}); ok {
		return
	}
	a.log.InfoContext(ctx, "telegram: refused a chat outside CLAUSEBOT_TELEGRAM_ALLOWED_CHATS", "chat", to.chat)
	text := "This bot is not available in this chat."
	if isChinese(lang) {
		text = "本机器人未在此对话中开放。"
	}
	if _, err := a.sendMessage(ctx, &to, escapeHTML(text), nil, 0); err != nil {
		a.log.WarnContext(ctx, "telegram: refusal not sent", "chat", to.chat, "err", err)
	}
}

func isChinese(lang string) bool { return strings.HasPrefix(strings.ToLower(lang), "zh") }

// parsed is a message's text as the core should see it.
type parsed struct {
	text      string
	command   bool // it starts with a /command for us (or for any bot)
	addressed bool // the command named us: /help@ourbot
	mentioned bool // @ourbot appears in it
	otherBot  bool // a command for another bot: /help@otherbot
	share     bool // /share [REF]: text is the REF, "" for the last answer
}

// parseText reads a message's text and entities (whose offsets are UTF-16
// units): it strips our @mention and the @ourbot suffix of a command, and
// notices commands meant for another bot. "/start" (Telegram's first
// message to a bot) becomes "/help", and "/start PAYLOAD" from a share link
// "/clause REF"; "/share [REF]" is the adapter's own command.
func parseText(text string, entities []tgbotapi.MessageEntity, me *tgbotapi.User) parsed {
	u := utf16.Encode([]rune(text))
	var p parsed
	type cut struct{ from, to int }
	var cuts []cut
	for i, e := range entities {
		// Compared without adding, so a huge offset or length cannot
		// overflow into a valid-looking range.
		if e.Offset < 0 || e.Length <= 0 || e.Offset > len(u) || e.Length > len(u)-e.Offset {
			continue
		}
		s := string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
		switch {
		case e.Type == "bot_command" && i == 0 && e.Offset == 0:
			p.command = true
			if at := strings.IndexByte(s, '@'); at >= 0 {
				if !strings.EqualFold(s[at+1:], me.UserName) {
					p.otherBot = true
					return p
				}
				p.addressed = true
				// Cut "@ourbot", keep "/cmd".
				cuts = append(cuts, cut{e.Offset + len(utf16.Encode([]rune(s[:at]))), e.Offset + e.Length})
			}
		case e.Type == "mention" && strings.EqualFold(s, "@"+me.UserName),
			e.Type == "text_mention" && e.User != nil && e.User.ID == me.ID:
			p.mentioned = true
			cuts = append(cuts, cut{e.Offset, e.Offset + e.Length})
		}
	}
	if len(cuts) == 0 {
		p.text = strings.TrimSpace(text)
	} else {
		var out []uint16
		pos := 0
		for _, c := range cuts {
			if c.from < pos {
				continue
			}
			out = append(out, u[pos:c.from]...)
			pos = c.to
		}
		out = append(out, u[pos:]...)
		// Removing a mention from the middle leaves two spaces; a mention
		// at the start leaves a leading one ("@bot, what…" leaves ", what…").
		p.text = strings.Join(strings.Fields(string(utf16.Decode(out))), " ")
		p.text = strings.TrimLeft(p.text, ",，:： ")
	}
	if p.command {
		name, rest, _ := strings.Cut(p.text, " ")
		switch {
		case strings.EqualFold(name, "/start"):
			p.text = "/help"
			if ref, ok := refFromPayload(strings.TrimSpace(rest)); ok {
				p.text = "/clause " + ref
			}
		case strings.EqualFold(name, "/share"):
			p.share = true
			p.text = strings.TrimSpace(rest)
		}
	}
	return p
}

// onCallback handles a button press: it always answers the callback query,
// so the client's spinner stops, and shows the result by editing the
// message in place when the press pages through the same kind of reply the
// message shows; otherwise it sends the result as a new message.
//
// thread is the forum topic of the pressed message; what the press sends
// goes there too.
func (a *Adapter) onCallback(ctx context.Context, cq *tgbotapi.CallbackQuery, thread int) {
	lang := ""
	if cq.From != nil {
		lang = cq.From.LanguageCode
	}
	answered := false
	answer := func(text string) {
		if !answered {
			answered = true
			a.answerCallback(ctx, cq.ID, text)
		}
	}
	defer answer("")
	m := cq.Message
	if m == nil || m.Chat == nil || cq.From == nil {
		return // a button on an inline result: we put none there
	}
	if !a.allowedChat(m.Chat.ID) {
		answer(pick(lang, "This bot is not available in this chat.", "本机器人未在此对话中开放。"))
		return
	}
	r, ok := a.h.Press(ctx, bot.Action{
		Platform: bot.Telegram,
		ChatID:   strconv.FormatInt(m.Chat.ID, 10),
		UserID:   strconv.FormatInt(cq.From.ID, 10),
		Data:     cq.Data,
	})
	if !ok {
		answer(pick(lang, "This button has expired. Please ask again.", "此按钮已失效，请重新提问。"))
		return
	}
	to := target{chat: m.Chat.ID, group: isGroup(m.Chat), thread: thread}
	if r.Kind == bot.KindFeedback {
		a.acknowledge(ctx, to, m.MessageID, r, answer)
		return
	}
	answer("")
	out := render(r)
	if kind, known := a.kinds.Get(sent{m.Chat.ID, m.MessageID}); known && kind == r.Kind && len(out.Messages) == 1 {
		err := a.editMessage(ctx, to, m.MessageID, out.Messages[0], out.Keyboard)
		if err == nil || notModified(err) {
			if ref := firstRef(r); ref != "" {
				a.msgRef.Add(sent{m.Chat.ID, m.MessageID}, ref)
			}
			if out.Keyboard != nil {
				a.kinds.Add(sent{m.Chat.ID, m.MessageID}, r.Kind)
			}
			a.metrics.Sent(bot.Telegram)
			return
		}
		a.log.WarnContext(ctx, "telegram: edit failed; sending a new message", "chat", m.Chat.ID, "err", err)
	}
	a.deliver(ctx, to, 0, r)
}

func pick(lang, en, zh string) string {
	if isChinese(lang) {
		return zh
	}
	return en
}

// startParameter is the /start payload of the inline "open a chat" button;
// a /start whose payload is no share link opens with the help.
const startParameter = "inline"

// onInline answers an inline query with articles, a page at a time.
func (a *Adapter) onInline(ctx context.Context, q *tgbotapi.InlineQuery) {
	results := []any{}
	next := ""
	if q.From != nil && a.allowedChat(q.From.ID) && strings.TrimSpace(q.Query) != "" {
		offset, _ := strconv.Atoi(q.Offset)
		res, err := a.h.Inline(ctx, bot.InlineQuery{
			Platform: bot.Telegram,
			UserID:   strconv.FormatInt(q.From.ID, 10),
			Text:     q.Query,
			Offset:   max(offset, 0),
			Limit:    inlineLimit,
		})
		if err != nil {
			a.log.WarnContext(ctx, "telegram: inline query failed", "err", err)
		}
		ids := map[string]bool{}
		for i, h := range res.Hits {
			if len(results) == maxInlinePage {
				break
			}
			id := strconv.Itoa(max(offset, 0) + i)
			if ids[id] {
				continue
			}
			ids[id] = true
			results = append(results, article(id, h))
		}
		if res.Next > 0 {
			next = strconv.Itoa(res.Next)
		}
	}
	p := tgbotapi.Params{"inline_query_id": q.ID}
	b, err := json.Marshal(results)
	if err != nil {
		a.log.ErrorContext(ctx, "telegram: answerInlineQuery: encoding results", "err", err)
		return
	}
	p["results"] = string(b)
	p.AddNonZero("cache_time", inlineCacheSec)
	p.AddNonEmpty("next_offset", next)
	// With an allowlist the answer depends on who asks, so Telegram must
	// not hand one user's cached results to another.
	p.AddBool("is_personal", len(a.allowed) > 0)
	if len(results) == 0 && q.Offset == "" && q.From != nil && a.allowedChat(q.From.ID) {
		// Nothing to pick (an empty query, or one the bot abstains on):
		// offer the way to a conversation, where the bot can explain,
		// page and take follow-ups. The button sends /start inline,
		// which opens with the help. It is Bot API 6.7's button object;
		// switch_pm_text and switch_pm_parameter, which it replaced, are
		// deprecated.
		text := "Open a chat with the bot"
		if isChinese(q.From.LanguageCode) {
			text = "与机器人私聊"
		}
		b, err := json.Marshal(inlineButton{Text: text, StartParameter: startParameter})
		if err != nil {
			a.log.ErrorContext(ctx, "telegram: answerInlineQuery: encoding button", "err", err)
			return
		}
		p["button"] = string(b)
	}
	if _, err := a.call(ctx, "answerInlineQuery", p, nil); err != nil {
		a.metrics.SendError(bot.Telegram)
		a.log.WarnContext(ctx, "telegram: answerInlineQuery failed", "err", err)
		return
	}
	a.metrics.Sent(bot.Telegram)
}

// skipMalformed logs an update that failed checkUpdate. The update is not
// handled; its id is logged so it can be found in the Bot API server's logs.
func (a *Adapter) skipMalformed(u *tgbotapi.Update, reason error) {
	a.log.Warn("telegram: malformed update skipped", "update", u.UpdateID, "reason", reason.Error())
}

// inlineButton is InlineQueryResultsButton (Bot API 6.7), which the library
// predates: the button above inline results that opens a private chat with
// the bot, sending /start StartParameter.
type inlineButton struct {
	Text           string `json:"text"`
	StartParameter string `json:"start_parameter"`
}
