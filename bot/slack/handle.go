package slack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// dest is where a reply goes: a channel (in a thread, if threadTS is set)
// through chat.postMessage, or a slash command's or button's response_url.
type dest struct {
	channel  string
	threadTS string
	// responseURL, when set, is used instead of chat.postMessage.
	responseURL string
	// public makes a response_url reply visible to the channel.
	public bool
	// user is who asked; ephemeral replies get a share button for them.
	user string
}

// shareEntry is an ephemeral answer kept so "Share in channel" can post it.
type shareEntry struct {
	reply bot.Reply
}

// shareValue is the share button's value: the key of the kept answer, and
// the question, so the answer can be rebuilt once the key has expired.
type shareValue struct {
	Key      string `json:"k"`
	Question string `json:"q,omitempty"`
}

// onEvent handles an Events API callback. key identifies its delivery
// (envelope or HTTP), besides the event_id inside it.
func (a *Adapter) onEvent(ev slackevents.EventsAPIEvent, key string) {
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	eventID := ""
	if cb != nil {
		eventID = "event:" + cb.EventID
	}
	var m bot.Message
	var d dest
	var msgKey string
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == *a.botUserID.Load() {
			return
		}
		m = bot.Message{ChatID: e.Channel, UserID: e.User, Mentioned: true, Text: a.plainText(e.Text)}
		d = dest{channel: e.Channel, threadTS: firstNonEmpty(e.ThreadTimeStamp, e.TimeStamp), user: e.User}
		msgKey = "ts:" + e.Channel + ":" + e.TimeStamp
	case *slackevents.MessageEvent:
		// Only direct messages: channel chatter reaches us as app_mention.
		// Edits, deletions, joins and bot posts carry another subtype or a
		// bot_id and are not questions (see answeredSubtypes).
		if e.ChannelType != "im" || !answeredSubtypes[e.SubType] || e.BotID != "" || e.User == "" ||
			e.User == *a.botUserID.Load() {
			return
		}
		raw := e.Text
		if strings.TrimSpace(raw) == "" {
			raw = blocksText(e.Blocks)
		}
		m = bot.Message{ChatID: e.Channel, UserID: e.User, Direct: true, Text: a.plainText(raw)}
		d = dest{channel: e.Channel, threadTS: e.ThreadTimeStamp, user: e.User}
		msgKey = "ts:" + e.Channel + ":" + e.TimeStamp
	case *slackevents.AppHomeOpenedEvent:
		a.onAppHomeOpened(e, ev.TeamID, eventID)
		return
	default:
		return
	}
	if !a.allowed(ev.TeamID, m.ChatID) {
		a.log.Debug("slack: event outside the allowlists ignored", "team", ev.TeamID, "channel", m.ChatID)
		return
	}
	// The message timestamp catches the same message seen as app_mention
	// and as message.im, and retries that arrive with a new envelope.
	if !a.firstSeen(eventID, key, msgKey) {
		a.log.Debug("slack: duplicate event ignored", "event", eventID)
		return
	}
	m.Platform = bot.Slack
	a.dispatch("event", func(ctx context.Context) {
		r, ok := a.h.Handle(ctx, m)
		if !ok {
			return
		}
		a.deliver(ctx, d, r, m.Text)
	})
}

// onCommand handles a slash command after it has been acknowledged.
func (a *Adapter) onCommand(cmd slack.SlashCommand) {
	if !a.allowed(cmd.TeamID, cmd.ChannelID) {
		a.log.Debug("slack: command outside the allowlists ignored", "team", cmd.TeamID, "channel", cmd.ChannelID)
		return
	}
	if err := checkResponseURL(cmd.ResponseURL); err != nil {
		a.log.Warn("slack: slash command ignored", "reason", err.Error())
		return
	}
	// A command has no event id; its response_url is issued for one
	// invocation, so a replay of the signed request (within the 5-minute
	// window) or a redelivered envelope carries the same one.
	if !a.firstSeen("command:" + cmd.ResponseURL) {
		a.log.Debug("slack: duplicate slash command ignored", "channel", cmd.ChannelID)
		return
	}
	m := bot.Message{
		Platform:  bot.Slack,
		ChatID:    cmd.ChannelID,
		UserID:    cmd.UserID,
		Text:      commandText(a.plainText(cmd.Text)),
		Mentioned: true,
		Direct:    strings.HasPrefix(cmd.ChannelID, "D"),
	}
	d := dest{channel: cmd.ChannelID, responseURL: cmd.ResponseURL, public: a.cfg.PublicAnswers, user: cmd.UserID}
	a.dispatch("command", func(ctx context.Context) {
		r, ok := a.h.Handle(ctx, m)
		if !ok {
			return
		}
		a.deliver(ctx, d, r, m.Text)
	})
}

// commandText maps "/ask ARGS" to the core's command language: Slack apps
// share one slash-command namespace, so /ask carries the other commands as
// its first word ("/ask section 二" is /section 二).
func commandText(args string) string {
	args = strings.TrimSpace(args)
	if args == "" {
		return "/help"
	}
	word, rest, _ := strings.Cut(args, " ")
	w := strings.ToLower(strings.TrimPrefix(word, "/"))
	for _, c := range bot.Commands(bot.English) {
		if w == c.Name && c.Name != "ask" {
			return strings.TrimSpace("/" + c.Name + " " + strings.TrimSpace(rest))
		}
	}
	if w == "ask" {
		args = strings.TrimSpace(rest)
	}
	return "/ask " + args
}

// onInteraction handles a block_actions payload (the core's buttons and
// "Share in channel") and the message shortcut (message_action).
func (a *Adapter) onInteraction(ic slack.InteractionCallback) {
	if ic.Type == slack.InteractionTypeMessageAction {
		a.onMessageShortcut(ic)
		return
	}
	if ic.Type != slack.InteractionTypeBlockActions || len(ic.ActionCallback.BlockActions) == 0 {
		return
	}
	channel := firstNonEmpty(ic.Container.ChannelID, ic.Channel.ID)
	if !a.allowed(firstNonEmpty(ic.Team.ID, ic.User.TeamID), channel) {
		return
	}
	act := ic.ActionCallback.BlockActions[0]
	if !strings.HasPrefix(act.ActionID, actionPrefix) {
		return
	}
	// The same press delivered twice (a retry, a redelivered envelope) has
	// the same action_ts: one press, one answer.
	if !a.firstSeen("action:" + channel + ":" + ic.Container.MessageTs + ":" + act.ActionTs + ":" + ic.User.ID) {
		return
	}
	user := ic.User.ID
	if user == "" || channel == "" {
		a.log.Warn("slack: button press without a user or channel ignored")
		return
	}
	if err := checkResponseURL(ic.ResponseURL); err != nil && (ic.Container.IsEphemeral || act.ActionID == actionShare) {
		// Its answer could only go to the response_url.
		a.log.Warn("slack: button press ignored", "reason", err.Error())
		return
	}
	if act.ActionID == actionShare {
		a.dispatch("share", func(ctx context.Context) { a.share(ctx, ic, channel, act.Value) })
		return
	}
	d := dest{channel: channel, user: user}
	if ic.Container.IsEphemeral {
		d.responseURL = ic.ResponseURL
	} else {
		// Answer in the thread the button is in; a button on a top-level
		// message (a DM answer) answers at the top level too.
		d.threadTS = ic.Container.ThreadTs
	}
	action := bot.Action{Platform: bot.Slack, ChatID: channel, UserID: user, Data: act.Value}
	a.dispatch("action", func(ctx context.Context) {
		r, ok := a.h.Press(ctx, action)
		if !ok {
			return
		}
		if r.Kind == bot.KindFeedback {
			a.acknowledge(ctx, d, r)
			return
		}
		a.deliver(ctx, d, r, "")
	})
}

// share posts an ephemeral answer to its channel, attributed to the person
// who shared it, and removes the ephemeral copy.
func (a *Adapter) share(ctx context.Context, ic slack.InteractionCallback, channel, value string) {
	var sv shareValue
	if err := json.Unmarshal([]byte(value), &sv); err != nil {
		a.log.WarnContext(ctx, "slack: malformed share button value")
		return
	}
	var r bot.Reply
	if e, ok := a.shares.Get(sv.Key); ok {
		r = e.reply
	} else if sv.Question != "" {
		var ok bool
		r, ok = a.h.Handle(ctx, bot.Message{Platform: bot.Slack, ChatID: channel, UserID: ic.User.ID, Text: sv.Question, Mentioned: true})
		if !ok {
			return
		}
	} else {
		return
	}
	footer := "Shared by <@" + ic.User.ID + ">"
	switch r.Lang {
	case bot.Chinese:
		footer = "由 <@" + ic.User.ID + "> 分享"
	case bot.Russian:
		footer = "Поделился <@" + ic.User.ID + ">"
	}
	// Sharing shows the answer without its paging buttons: they would
	// page for whoever presses them, not for the channel.
	r.Buttons = nil
	d := dest{channel: channel, responseURL: ic.ResponseURL, public: true, user: ic.User.ID}
	if err := a.send(ctx, d, render(r, renderOptions{Footer: footer})); err != nil {
		a.log.WarnContext(ctx, "slack: share failed", "error", err)
		return
	}
	if err := a.respond(ctx, ic.ResponseURL, "", &slack.WebhookMessage{DeleteOriginal: true}); err != nil {
		a.log.DebugContext(ctx, "slack: deleting the ephemeral original failed", "error", err)
	}
}

// deliver renders a reply for d and sends it. Ephemeral replies get a
// "Share in channel" button, and are kept for it.
func (a *Adapter) deliver(ctx context.Context, d dest, r bot.Reply, question string) {
	var opt renderOptions
	if d.responseURL != "" && !d.public && shareable(r.Kind) {
		key := newKey()
		a.shares.Add(key, shareEntry{reply: r})
		v, _ := json.Marshal(shareValue{Key: key, Question: truncateBytes(question, 1500)})
		opt = renderOptions{Share: true, ShareValue: string(v)}
	}
	if err := a.send(ctx, d, render(r, opt)); err != nil {
		a.log.WarnContext(ctx, "slack: reply not delivered", "channel", d.channel, "error", err)
	}
}

// shareable reports whether a reply is worth a "Share in channel" button.
func shareable(k bot.ReplyKind) bool {
	switch k {
	case bot.KindAnswer, bot.KindSection, bot.KindClause, bot.KindSources:
		return true
	}
	return false
}

// newKey returns a random key for the share cache.
func newKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// slackEntity matches Slack's control sequences in message text:
// <@U123>, <#C123|name>, <!here>, <https://x|label>.
var slackEntity = lazyre.New(`<([^<>]*)>`)

var unescapeText = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// plainText turns Slack message text into what the user typed: the bot's
// own mention removed, other mentions and links as their visible labels,
// and entities unescaped.
func (a *Adapter) plainText(s string) string {
	bot := *a.botUserID.Load()
	s = slackEntity().ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if bot != "" && target[1:] == bot {
				return ""
			}
			if hasLabel {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"):
			if hasLabel {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"):
			if hasLabel {
				return label
			}
			name, _, _ := strings.Cut(target[1:], "^")
			return "@" + name
		}
		if hasLabel {
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	})
	return strings.TrimSpace(unescapeText.Replace(s))
}

// checkResponseURL says what is wrong with a response_url from a command
// or a button press, or returns nil: it must be an absolute http(s) URL
// with a host. Checked when the payload arrives, so a malformed one is
// refused once rather than failing at every send.
func checkResponseURL(s string) error {
	if s == "" {
		return errors.New("no response_url")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("response_url is not an absolute http(s) URL")
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// truncateBytes cuts s to at most n bytes on a rune boundary.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
