// Package tgfake is a loopback fake of the Telegram Bot API for tests.
//
// It answers the methods clausebot uses (getMe, getUpdates with real offset
// semantics and long polling, sendMessage, editMessageText,
// answerCallbackQuery, answerInlineQuery, setMyCommands, setWebhook,
// deleteWebhook, getWebhookInfo) and rejects what Telegram rejects: a wrong
// token, over-long text, malformed HTML, bad button data, replies to unknown
// messages, unanswered or twice-answered queries, a message_thread_id that
// is no topic of the chat, and the inline switch_pm_* fields Bot API 6.7
// replaced with button. It files each message under its forum topic (a
// reply lands in its question's topic, anything else without
// message_thread_id in General), and delivers captions, anonymous admins'
// messages and topic fields as Telegram does. It can inject 429s and
// dropped connections, enforce a flood interval per chat, and records
// everything the bot sent. Tests push updates with Private, Group, Press and
// Inline, and point the bot at Endpoint().
//
// The bot adapter's tests use it, and so does the server's end-to-end test.
package tgfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultToken is a well-formed token the fake accepts unless told another.
const DefaultToken = "123456789:AAFakeTokenForTests_0123456789abcdefg"

// Options configures a Server.
type Options struct {
	// Token is the only token accepted; default DefaultToken.
	Token string
	// Username is the bot's username; default "clause_test_bot".
	Username string
	// BotID is the bot's user id; default 7000001.
	BotID int64
	// PrivacyOff makes getMe report can_read_all_group_messages.
	PrivacyOff bool
	// NoInline makes getMe report no inline-mode support.
	NoInline bool
}

// Message is a message the bot sent, as Telegram stores it.
type Message struct {
	ChatID    int64
	MessageID int
	// Text is the text after entity parsing, as users see it.
	Text string
	// HTML is the text as the bot sent it.
	HTML      string
	ParseMode string
	Bold      []Bold
	Keyboard  *tgbotapi.InlineKeyboardMarkup
	ReplyTo   int
	NoPreview bool
	// Thread is the forum topic the message is in, 0 for General or a
	// chat without topics.
	Thread int
	At     time.Time
	// Edits counts how often the message was edited in place.
	Edits int
}

// Buttons returns the callback data of the message's buttons, in order.
func (m Message) Buttons() []string {
	var out []string
	if m.Keyboard == nil {
		return nil
	}
	for _, row := range m.Keyboard.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil {
				out = append(out, *b.CallbackData)
			}
		}
	}
	return out
}

// CallbackAnswer is an answerCallbackQuery the bot made.
type CallbackAnswer struct {
	ID   string
	Text string
}

// InlineAnswer is an answerInlineQuery the bot made.
type InlineAnswer struct {
	QueryID    string
	Results    []Article
	NextOffset string
	CacheTime  int
	IsPersonal bool
	// ButtonText and ButtonStartParameter are the button above the results
	// (Bot API 6.7's InlineQueryResultsButton) that opens a private chat
	// with the bot, sending /start PARAMETER.
	ButtonText           string
	ButtonStartParameter string
}

// Article is one inline result, with its message parsed.
type Article struct {
	ID          string
	Title       string
	Description string
	HTML        string
	Text        string
	NoPreview   bool
}

// Webhook is the registered webhook.
type Webhook struct {
	URL            string
	Secret         string
	AllowedUpdates []string
}

// Fault is a failure to inject into the next call of a method.
type Fault struct {
	// Drop closes the connection without an answer.
	Drop bool
	// Code, Description and RetryAfter make an error answer instead.
	Code        int
	Description string
	RetryAfter  int
}

// TooManyRequests is the fault Telegram's flood control answers with.
func TooManyRequests(retryAfter int) Fault {
	return Fault{Code: 429, Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), RetryAfter: retryAfter}
}

// Call is one request the fake received.
type Call struct {
	Method string
	Params map[string]string
	At     time.Time
}

type msgKey struct {
	chat int64
	id   int
}

type stored struct {
	fromBot bool
	msg     Message
}

// Server is the fake Bot API.
type Server struct {
	// URL is the server's base URL.
	URL   string
	token string
	me    tgbotapi.User
	srv   *httptest.Server

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	queue      []queued
	nextUpdate int
	confirmed  int // highest offset a getUpdates confirmed
	pollGen    int
	nextMsg    map[int64]int
	topics     map[int64]map[int]bool // forum chat -> its topics
	chats      map[int64]tgbotapi.Chat
	msgs       map[msgKey]*stored
	sent       []msgKey
	callbacks  map[string]bool // id -> answered
	cbOrder    []string
	cbAnswers  []CallbackAnswer
	inlineQs   map[string]bool
	inlineAns  []InlineAnswer
	commands   map[string][]tgbotapi.BotCommand
	webhook    Webhook
	faults     map[string][]Fault
	calls      []Call
	flood      time.Duration
	lastSend   map[int64]time.Time
	floodHits  int
	deliveries map[int]int // update id -> times returned by getUpdates
}

// New starts a fake on a loopback port and closes it when the test ends.
// The test fails if a callback query the bot received was never answered.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.Username == "" {
		opts.Username = "clause_test_bot"
	}
	if opts.BotID == 0 {
		opts.BotID = 7000001
	}
	s := &Server{
		token: opts.Token,
		me: tgbotapi.User{
			ID: opts.BotID, IsBot: true, FirstName: "Clause Test", UserName: opts.Username,
			CanJoinGroups: true, CanReadAllGroupMessages: opts.PrivacyOff, SupportsInlineQueries: !opts.NoInline,
		},
		changed:    make(chan struct{}),
		nextUpdate: 100000,
		nextMsg:    map[int64]int{},
		topics:     map[int64]map[int]bool{},
		chats:      map[int64]tgbotapi.Chat{},
		msgs:       map[msgKey]*stored{},
		callbacks:  map[string]bool{},
		inlineQs:   map[string]bool{},
		commands:   map[string][]tgbotapi.BotCommand{},
		faults:     map[string][]Fault{},
		lastSend:   map[int64]time.Time{},
		deliveries: map[int]int{},
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
		if u := s.Unanswered(); len(u) > 0 {
			tb.Errorf("tgfake: callback queries never answered (the user's spinner never stops): %v", u)
		}
	})
	return s
}

// Endpoint is the API endpoint pattern to give the bot (TELEGRAM_API_ENDPOINT).
func (s *Server) Endpoint() string { return s.URL + "/bot%s/%s" }

// Token is the token the fake accepts.
func (s *Server) Token() string { return s.token }

// Bot is the bot's own user, as getMe reports it.
func (s *Server) Bot() tgbotapi.User { return s.me }

// notify wakes long polls and waiters. Call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// --- Pushing updates -------------------------------------------------------

// User makes a user with the given id and language.
func User(id int64, lang string) tgbotapi.User {
	return tgbotapi.User{ID: id, FirstName: "User" + strconv.FormatInt(id, 10), LanguageCode: lang}
}

// MessageSpec describes an incoming message.
type MessageSpec struct {
	Chat tgbotapi.Chat
	From tgbotapi.User
	Text string
	// ReplyTo is the id of a message in the same chat this one replies to.
	ReplyTo int
	// Edited delivers it as an edited_message update.
	Edited bool
	// ViaBot marks a message posted through a bot's inline mode.
	ViaBot *tgbotapi.User
	// Thread puts the message in that forum topic of Chat (a supergroup
	// with topics): the update carries message_thread_id and
	// is_topic_message, and the fake then accepts message_thread_id for
	// the chat.
	Thread int
	// Caption sends Text as the caption of a photo, with caption_entities,
	// as a client does for a picture sent with words. Telegram allows
	// 1024 UTF-16 units; Push panics past that.
	Caption bool
	// SenderChat is the chat a message is sent on behalf of: the group
	// itself for an anonymous admin (From is then AnonymousAdmin()).
	SenderChat *tgbotapi.Chat
}

// AnonymousAdmin is the user Telegram puts in From for a message an admin
// posts anonymously in a group; SenderChat is then the group.
func AnonymousAdmin() tgbotapi.User {
	return tgbotapi.User{ID: 1087968824, IsBot: true, FirstName: "Group", UserName: "GroupAnonymousBot"}
}

// queued is an update waiting for getUpdates, with the forum-topic fields
// go-telegram-bot-api v5.5.1's types lack.
type queued struct {
	tgbotapi.Update
	thread int // topic of the message, or of the callback query's message
}

// MarshalJSON writes the update as Telegram does, adding
// message_thread_id and is_topic_message to the message in a topic.
func (q queued) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(q.Update)
	if err != nil || q.thread == 0 {
		return b, err
	}
	var u map[string]json.RawMessage
	if err := json.Unmarshal(b, &u); err != nil {
		return nil, err
	}
	addTopic := func(raw json.RawMessage) (json.RawMessage, error) {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		m["message_thread_id"] = q.thread
		m["is_topic_message"] = true
		return json.Marshal(m)
	}
	switch {
	case u["message"] != nil:
		if u["message"], err = addTopic(u["message"]); err != nil {
			return nil, err
		}
	case u["callback_query"] != nil:
		var cq map[string]json.RawMessage
		if err := json.Unmarshal(u["callback_query"], &cq); err != nil {
			return nil, err
		}
		if cq["message"] != nil {
			if cq["message"], err = addTopic(cq["message"]); err != nil {
				return nil, err
			}
		}
		if u["callback_query"], err = json.Marshal(cq); err != nil {
			return nil, err
		}
	}
	return json.Marshal(u)
}

// Private pushes a text message from user in their private chat with the
// bot and returns the update and message ids.
func (s *Server) Private(from tgbotapi.User, text string) (updateID, messageID int) {
	return s.Push(MessageSpec{Chat: tgbotapi.Chat{ID: from.ID, Type: "private", FirstName: from.FirstName}, From: from, Text: text})
}

// Group pushes a text message from user in a group chat (a supergroup, as
// most are today).
func (s *Server) Group(chat int64, from tgbotapi.User, text string) (updateID, messageID int) {
	return s.Push(MessageSpec{Chat: tgbotapi.Chat{ID: chat, Type: "supergroup", Title: "Group"}, From: from, Text: text})
}

// Push pushes a message update. Entities for commands and mentions are
// computed as Telegram does.
func (s *Server) Push(m MessageSpec) (updateID, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chats[m.Chat.ID] = m.Chat
	s.nextMsg[m.Chat.ID]++
	id := s.nextMsg[m.Chat.ID]
	from := m.From
	chat := m.Chat
	msg := &tgbotapi.Message{
		MessageID:  id,
		From:       &from,
		Chat:       &chat,
		SenderChat: m.SenderChat,
		Date:       int(time.Now().Unix()),
		Text:       m.Text,
		Entities:   Entities(m.Text),
		ViaBot:     m.ViaBot,
	}
	if m.Caption {
		if utf16Len(m.Text) > 1024 {
			panic(fmt.Sprintf("tgfake: Push: a caption of %d UTF-16 units; Telegram allows 1024", utf16Len(m.Text)))
		}
		msg.Text, msg.Entities = "", nil
		msg.Caption, msg.CaptionEntities = m.Text, Entities(m.Text)
		msg.Photo = []tgbotapi.PhotoSize{{FileID: "photo" + strconv.Itoa(id), FileUniqueID: "p" + strconv.Itoa(id), Width: 90, Height: 90}}
	}
	if m.Thread != 0 {
		if m.Chat.Type != "supergroup" {
			panic("tgfake: Push: only a supergroup has forum topics")
		}
		if s.topics[m.Chat.ID] == nil {
			s.topics[m.Chat.ID] = map[int]bool{}
		}
		s.topics[m.Chat.ID][m.Thread] = true
	}
	if m.ReplyTo != 0 {
		st, ok := s.msgs[msgKey{m.Chat.ID, m.ReplyTo}]
		if !ok {
			panic(fmt.Sprintf("tgfake: Push: no message %d in chat %d to reply to", m.ReplyTo, m.Chat.ID))
		}
		r := &tgbotapi.Message{MessageID: m.ReplyTo, Chat: &chat, Text: st.msg.Text}
		if st.fromBot {
			me := s.me
			r.From = &me
		} else {
			r.From = &from
		}
		msg.ReplyToMessage = r
	}
	s.msgs[msgKey{m.Chat.ID, id}] = &stored{msg: Message{ChatID: m.Chat.ID, MessageID: id, Text: m.Text, Thread: m.Thread}}
	u := tgbotapi.Update{Message: msg}
	if m.Edited {
		u = tgbotapi.Update{EditedMessage: msg}
	}
	return s.pushLocked(queued{Update: u, thread: m.Thread}), id
}

// Press pushes a callback query: user presses the button with data on the
// bot's message. The button must exist on that message, as it would in a
// real client; use PressData to send data no button carries.
func (s *Server) Press(from tgbotapi.User, chat int64, messageID int, data string) (updateID int, queryID string) {
	s.mu.Lock()
	st, ok := s.msgs[msgKey{chat, messageID}]
	var buttons []string
	if ok {
		buttons = st.msg.Buttons()
	}
	s.mu.Unlock()
	if !ok || !st.fromBot {
		panic(fmt.Sprintf("tgfake: Press: no bot message %d in chat %d", messageID, chat))
	}
	if !slices.Contains(buttons, data) {
		panic(fmt.Sprintf("tgfake: Press: message %d has no button with data %q (has %q)", messageID, data, buttons))
	}
	return s.PressData(from, chat, messageID, data)
}

// PressData pushes a callback query with any data, as a forged or very old
// client might.
func (s *Server) PressData(from tgbotapi.User, chat int64, messageID int, data string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chat]
	me := s.me
	var text string
	var thread int
	if st, ok := s.msgs[msgKey{chat, messageID}]; ok {
		text, thread = st.msg.Text, st.msg.Thread
	}
	queryID = fmt.Sprintf("cb%d", s.nextUpdate+1)
	s.callbacks[queryID] = false
	s.cbOrder = append(s.cbOrder, queryID)
	u := tgbotapi.Update{CallbackQuery: &tgbotapi.CallbackQuery{
		ID:           queryID,
		From:         &from,
		Message:      &tgbotapi.Message{MessageID: messageID, From: &me, Chat: &c, Text: text},
		ChatInstance: strconv.FormatInt(chat, 10),
		Data:         data,
	}}
	return s.pushLocked(queued{Update: u, thread: thread}), queryID
}

// Inline pushes an inline query ("@bot query" typed in any chat).
func (s *Server) Inline(from tgbotapi.User, query, offset string) (updateID int, queryID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queryID = fmt.Sprintf("iq%d", s.nextUpdate+1)
	s.inlineQs[queryID] = false
	u := tgbotapi.Update{InlineQuery: &tgbotapi.InlineQuery{ID: queryID, From: &from, Query: query, Offset: offset, ChatType: "sender"}}
	return s.pushLocked(queued{Update: u}), queryID
}

// PushUpdate queues any update, numbering it if its UpdateID is 0.
func (s *Server) PushUpdate(u tgbotapi.Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushLocked(queued{Update: u})
}

func (s *Server) pushLocked(u queued) int {
	if u.UpdateID == 0 {
		s.nextUpdate++
		u.UpdateID = s.nextUpdate
	}
	s.queue = append(s.queue, u)
	s.notify()
	return u.UpdateID
}

var (
	commandRe = regexp.MustCompile(`^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?`)
	mentionRe = regexp.MustCompile(`@[A-Za-z0-9_]{5,32}`)
)

// Entities computes the bot_command and mention entities Telegram attaches
// to text, with UTF-16 offsets.
func Entities(text string) []tgbotapi.MessageEntity {
	var out []tgbotapi.MessageEntity
	add := func(typ string, from, to int) {
		out = append(out, tgbotapi.MessageEntity{Type: typ, Offset: utf16Len(text[:from]), Length: utf16Len(text[from:to])})
	}
	cmdEnd := 0
	if loc := commandRe.FindStringIndex(text); loc != nil {
		add("bot_command", loc[0], loc[1])
		cmdEnd = loc[1]
	}
	for _, loc := range mentionRe.FindAllStringIndex(text, -1) {
		if loc[0] < cmdEnd {
			continue
		}
		if loc[0] > 0 && isWordByte(text[loc[0]-1]) {
			continue // an e-mail address, not a mention
		}
		add("mention", loc[0], loc[1])
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// --- Faults ------------------------------------------------------------------

// Fail makes the next call of method fail with f. Faults queue up: call it
// n times to fail n calls.
func (s *Server) Fail(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f)
}

// SetFloodInterval makes the fake answer 429 (retry_after 1) to a
// sendMessage or editMessageText that comes sooner than d after the last
// one to the same chat, as Telegram's flood control would.
func (s *Server) SetFloodInterval(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flood = d
}

// FloodHits counts the requests refused by the flood interval.
func (s *Server) FloodHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floodHits
}

// --- Inspecting ----------------------------------------------------------------

// Sent returns the messages the bot sent, in order, as they are now (after
// any edits).
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, 0, len(s.sent))
	for _, k := range s.sent {
		out = append(out, s.msgs[k].msg)
	}
	return out
}

// SentTo returns the messages the bot sent to one chat.
func (s *Server) SentTo(chat int64) []Message {
	var out []Message
	for _, m := range s.Sent() {
		if m.ChatID == chat {
			out = append(out, m)
		}
	}
	return out
}

// CallbackAnswers returns the answerCallbackQuery calls, in order.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cbAnswers)
}

// Unanswered returns the ids of callback queries the bot never answered.
func (s *Server) Unanswered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range s.cbOrder {
		if !s.callbacks[id] {
			out = append(out, id)
		}
	}
	return out
}

// InlineAnswers returns the answerInlineQuery calls, in order.
func (s *Server) InlineAnswers() []InlineAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.inlineAns)
}

// Commands returns the command menu set for a language code ("" is the
// default).
func (s *Server) Commands(lang string) []tgbotapi.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[lang])
}

// Webhook returns the registered webhook, if any.
func (s *Server) Webhook() Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// Calls returns the requests received for method ("" for all).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Pending returns the number of updates not yet confirmed by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Confirmed returns the highest offset a getUpdates has confirmed: every
// update below it is done.
func (s *Server) Confirmed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmed
}

// Deliveries reports how many times getUpdates returned the update.
func (s *Server) Deliveries(updateID int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deliveries[updateID]
}

// WaitFor waits until cond, checked under the fake's lock after every
// change, holds, or the timeout passes; it reports whether cond held.
func (s *Server) WaitFor(timeout time.Duration, cond func(s *Server) bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond(s) {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return cond(s)
		}
	}
}

// WaitSent waits until the bot has sent at least n messages.
func (s *Server) WaitSent(n int, timeout time.Duration) bool {
	return s.WaitFor(timeout, func(s *Server) bool { return len(s.Sent()) >= n })
}

// --- Serving -------------------------------------------------------------------

// apiError is a Bot API error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		writeJSON(w, 404, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	if token != s.token {
		writeJSON(w, 401, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	params, err := readParams(r)
	if err != nil {
		writeJSON(w, 400, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + err.Error()})
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: method, Params: params, At: time.Now()})
	var fault *Fault
	if q := s.faults[method]; len(q) > 0 {
		fault = &q[0]
		s.faults[method] = q[1:]
	}
	s.notify()
	s.mu.Unlock()
	if fault != nil {
		if fault.Drop {
			drop(w)
			return
		}
		writeError(w, &apiError{code: fault.Code, desc: fault.Description, retryAfter: fault.RetryAfter})
		return
	}
	var result any
	var aerr *apiError
	switch method {
	case "getMe":
		result = s.me
	case "getUpdates":
		result, aerr = s.getUpdates(r, params)
	case "sendMessage":
		result, aerr = s.sendMessage(params)
	case "editMessageText":
		result, aerr = s.editMessageText(params)
	case "answerCallbackQuery":
		result, aerr = s.answerCallbackQuery(params)
	case "answerInlineQuery":
		result, aerr = s.answerInlineQuery(params)
	case "setMyCommands":
		result, aerr = s.setMyCommands(params)
	case "setWebhook":
		result, aerr = s.setWebhook(params)
	case "deleteWebhook":
		result, aerr = s.deleteWebhook(params)
	case "getWebhookInfo":
		s.mu.Lock()
		result = map[string]any{"url": s.webhook.URL, "has_custom_certificate": false, "pending_update_count": len(s.queue)}
		s.mu.Unlock()
	default:
		aerr = &apiError{code: 404, desc: "Not Found"}
	}
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, 200, map[string]any{"ok": true, "result": result})
}

func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("tgfake: cannot hijack the connection to drop it")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error_code": e.code, "description": e.desc}
	if e.retryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.retryAfter}
	}
	writeJSON(w, e.code, body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// readParams reads a request's parameters the ways the Bot API accepts
// them: query string, form (urlencoded or multipart) or a JSON object.
func readParams(r *http.Request) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		out[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, fmt.Errorf("can't parse JSON object")
		}
		for k, v := range m {
			var s string
			if json.Unmarshal(v, &s) == nil {
				out[k] = s
			} else {
				out[k] = string(v)
			}
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(10 << 20); err != nil {
			return nil, err
		}
		for k, v := range r.MultipartForm.Value {
			out[k] = v[0]
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.PostForm {
			out[k] = v[0]
		}
	}
	return out, nil
}

func intParam(p map[string]string, name string) (int64, bool) {
	v, ok := p[name]
	if !ok || v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

func (s *Server) getUpdates(r *http.Request, p map[string]string) (any, *apiError) {
	offset, _ := intParam(p, "offset")
	limit, ok := intParam(p, "limit")
	if !ok || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := intParam(p, "timeout")
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)

	s.mu.Lock()
	if s.webhook.URL != "" {
		s.mu.Unlock()
		return nil, &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	// Confirm: updates below offset are forgotten for good.
	if offset > 0 {
		s.queue = slices.DeleteFunc(s.queue, func(u queued) bool { return int64(u.UpdateID) < offset })
		s.confirmed = max(s.confirmed, int(offset))
	} else if offset < 0 && int(-offset) < len(s.queue) {
		s.queue = s.queue[len(s.queue)+int(offset):]
	}
	s.pollGen++
	gen := s.pollGen
	s.notify()
	for {
		if gen != s.pollGen {
			s.mu.Unlock()
			return nil, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if len(s.queue) > 0 || !time.Now().Before(deadline) {
			n := min(int(limit), len(s.queue))
			out := slices.Clone(s.queue[:n])
			for _, u := range out {
				s.deliveries[u.UpdateID]++
			}
			s.mu.Unlock()
			return out, nil
		}
		ch := s.changed
		s.mu.Unlock()
		t := time.NewTimer(time.Until(deadline))
		select {
		case <-ch:
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return nil, &apiError{code: 499, desc: "client went away"}
		}
		t.Stop()
		s.mu.Lock()
	}
}

// checkText parses a message text in its parse mode and checks its length.
func checkText(text, parseMode string) (plain string, bold []Bold, aerr *apiError) {
	plain = text
	if strings.EqualFold(parseMode, "HTML") {
		var err error
		plain, bold, err = ParseHTML(text)
		if err != nil {
			return "", nil, badRequest("%v", err)
		}
	} else if parseMode != "" {
		return "", nil, badRequest("unsupported parse_mode %q in this fake", parseMode)
	}
	if strings.TrimSpace(plain) == "" {
		return "", nil, badRequest("message text is empty")
	}
	if utf16Len(plain) > 4096 {
		return "", nil, badRequest("message is too long")
	}
	return plain, bold, nil
}

// checkKeyboard parses and validates a reply_markup.
func checkKeyboard(raw string) (*tgbotapi.InlineKeyboardMarkup, *apiError) {
	if raw == "" {
		return nil, nil
	}
	var kb tgbotapi.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &kb); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("BUTTON_TEXT_EMPTY")
			}
			if b.CallbackData != nil && (len(*b.CallbackData) == 0 || len(*b.CallbackData) > 64) {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
			if b.CallbackData == nil && b.URL == nil && b.SwitchInlineQuery == nil && b.SwitchInlineQueryCurrentChat == nil {
				return nil, badRequest("can't find field \"callback_data\"")
			}
		}
	}
	return &kb, nil
}

func noPreview(p map[string]string) bool {
	if p["disable_web_page_preview"] == "true" {
		return true
	}
	var o struct {
		IsDisabled bool `json:"is_disabled"`
	}
	return json.Unmarshal([]byte(p["link_preview_options"]), &o) == nil && o.IsDisabled
}

// floodLocked applies the flood interval. Call with s.mu held.
func (s *Server) floodLocked(chat int64) *apiError {
	if s.flood <= 0 {
		return nil
	}
	now := time.Now()
	if last, ok := s.lastSend[chat]; ok && now.Sub(last) < s.flood {
		s.floodHits++
		return &apiError{code: 429, desc: "Too Many Requests: retry after 1", retryAfter: 1}
	}
	s.lastSend[chat] = now
	return nil
}

func (s *Server) sendMessage(p map[string]string) (any, *apiError) {
	chat, ok := intParam(p, "chat_id")
	if !ok {
		return nil, badRequest("chat_id is empty")
	}
	plain, bold, aerr := checkText(p["text"], p["parse_mode"])
	if aerr != nil {
		return nil, aerr
	}
	kb, aerr := checkKeyboard(p["reply_markup"])
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, known := s.chats[chat]
	if !known {
		return nil, badRequest("chat not found")
	}
	replyTo, _ := intParam(p, "reply_to_message_id")
	thread := 0
	if replyTo != 0 {
		st, ok := s.msgs[msgKey{chat, int(replyTo)}]
		if !ok && p["allow_sending_without_reply"] != "true" {
			return nil, badRequest("message to be replied not found")
		}
		if ok {
			// A reply lands in its message's topic; nothing else does
			// without message_thread_id.
			thread = st.msg.Thread
		}
	}
	if v, given := p["message_thread_id"]; given {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || !s.topics[chat][n] {
			return nil, badRequest("message thread not found")
		}
		if replyTo != 0 && thread != 0 && thread != n {
			return nil, badRequest("message to be replied not found") // it is in another topic
		}
		thread = n
	}
	if aerr := s.floodLocked(chat); aerr != nil {
		return nil, aerr
	}
	s.nextMsg[chat]++
	id := s.nextMsg[chat]
	m := Message{
		ChatID: chat, MessageID: id, Text: plain, HTML: p["text"], ParseMode: p["parse_mode"], Bold: bold,
		Keyboard: kb, ReplyTo: int(replyTo), NoPreview: noPreview(p), Thread: thread, At: time.Now(),
	}
	k := msgKey{chat, id}
	s.msgs[k] = &stored{fromBot: true, msg: m}
	s.sent = append(s.sent, k)
	s.notify()
	me := s.me
	return tgbotapi.Message{MessageID: id, From: &me, Chat: &c, Date: int(m.At.Unix()), Text: plain, ReplyMarkup: kb}, nil
}

func (s *Server) editMessageText(p map[string]string) (any, *apiError) {
	chat, ok := intParam(p, "chat_id")
	id, ok2 := intParam(p, "message_id")
	if !ok || !ok2 {
		if p["inline_message_id"] != "" {
			return nil, badRequest("inline messages are not supported by this fake")
		}
		return nil, badRequest("message identifier is not specified")
	}
	plain, bold, aerr := checkText(p["text"], p["parse_mode"])
	if aerr != nil {
		return nil, aerr
	}
	kb, aerr := checkKeyboard(p["reply_markup"])
	if aerr != nil {
		return nil, aerr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, found := s.msgs[msgKey{chat, int(id)}]
	if !found {
		return nil, badRequest("message to edit not found")
	}
	if !st.fromBot {
		return nil, badRequest("message can't be edited")
	}
	sameKB := func() bool {
		a, _ := json.Marshal(st.msg.Keyboard)
		b, _ := json.Marshal(kb)
		return string(a) == string(b) || (kb != nil && len(kb.InlineKeyboard) == 0 && st.msg.Keyboard == nil)
	}
	if st.msg.HTML == p["text"] && sameKB() {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	if aerr := s.floodLocked(chat); aerr != nil {
		return nil, aerr
	}
	st.msg.Text, st.msg.HTML, st.msg.Bold, st.msg.ParseMode = plain, p["text"], bold, p["parse_mode"]
	st.msg.NoPreview = noPreview(p)
	if kb != nil && len(kb.InlineKeyboard) == 0 {
		kb = nil // an empty keyboard removes the buttons
	}
	st.msg.Keyboard = kb
	st.msg.Edits++
	s.notify()
	c := s.chats[chat]
	me := s.me
	return tgbotapi.Message{MessageID: int(id), From: &me, Chat: &c, Text: plain, ReplyMarkup: kb}, nil
}

func (s *Server) answerCallbackQuery(p map[string]string) (any, *apiError) {
	id := p["callback_query_id"]
	if utf16Len(p["text"]) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	answered, ok := s.callbacks[id]
	if !ok || answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.callbacks[id] = true
	s.cbAnswers = append(s.cbAnswers, CallbackAnswer{ID: id, Text: p["text"]})
	s.notify()
	return true, nil
}

func (s *Server) answerInlineQuery(p map[string]string) (any, *apiError) {
	id := p["inline_query_id"]
	var raw []struct {
		Type                string `json:"type"`
		ID                  string `json:"id"`
		Title               string `json:"title"`
		Description         string `json:"description"`
		InputMessageContent *struct {
			MessageText           string          `json:"message_text"`
			ParseMode             string          `json:"parse_mode"`
			DisableWebPagePreview bool            `json:"disable_web_page_preview"`
			LinkPreviewOptions    json.RawMessage `json:"link_preview_options"`
		} `json:"input_message_content"`
	}
	if err := json.Unmarshal([]byte(p["results"]), &raw); err != nil {
		return nil, badRequest("can't parse inline query results JSON object")
	}
	if len(raw) > 50 {
		return nil, badRequest("RESULTS_TOO_MUCH")
	}
	if len(p["next_offset"]) > 64 {
		return nil, badRequest("NEXT_OFFSET_INVALID")
	}
	ans := InlineAnswer{QueryID: id, NextOffset: p["next_offset"], IsPersonal: p["is_personal"] == "true"}
	if p["switch_pm_text"] != "" || p["switch_pm_parameter"] != "" {
		// Deprecated since Bot API 6.7; this fake models the current API,
		// so a bot still sending them fails here rather than on the day
		// Telegram drops them.
		return nil, badRequest("switch_pm_text and switch_pm_parameter are deprecated: use button")
	}
	if raw := p["button"]; raw != "" {
		var b struct {
			Text           string          `json:"text"`
			StartParameter string          `json:"start_parameter"`
			WebApp         json.RawMessage `json:"web_app"`
		}
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			return nil, badRequest("can't parse inline query results button JSON object")
		}
		if b.Text == "" {
			return nil, badRequest("BUTTON_TEXT_EMPTY")
		}
		if len(b.WebApp) == 0 && !switchPMParamRe.MatchString(b.StartParameter) {
			// Telegram requires a deep-link parameter with the button.
			return nil, badRequest("START_PARAM_INVALID")
		}
		ans.ButtonText, ans.ButtonStartParameter = b.Text, b.StartParameter
	}
	if n, ok := intParam(p, "cache_time"); ok {
		ans.CacheTime = int(n)
	} else {
		ans.CacheTime = 300
	}
	ids := map[string]bool{}
	for _, r := range raw {
		if r.Type != "article" {
			return nil, badRequest("unsupported result type %q in this fake", r.Type)
		}
		if r.ID == "" || len(r.ID) > 64 {
			return nil, badRequest("RESULT_ID_INVALID")
		}
		if ids[r.ID] {
			return nil, badRequest("RESULT_ID_DUPLICATE")
		}
		ids[r.ID] = true
		if r.Title == "" {
			return nil, badRequest("RESULT_TITLE_EMPTY")
		}
		if r.InputMessageContent == nil {
			return nil, badRequest("can't parse InputMessageContent")
		}
		plain, _, aerr := checkText(r.InputMessageContent.MessageText, r.InputMessageContent.ParseMode)
		if aerr != nil {
			return nil, aerr
		}
		ans.Results = append(ans.Results, Article{
			ID: r.ID, Title: r.Title, Description: r.Description,
			HTML: r.InputMessageContent.MessageText, Text: plain,
			NoPreview: r.InputMessageContent.DisableWebPagePreview || strings.Contains(string(r.InputMessageContent.LinkPreviewOptions), `"is_disabled":true`),
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	answered, ok := s.inlineQs[id]
	if !ok || answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.inlineQs[id] = true
	s.inlineAns = append(s.inlineAns, ans)
	s.notify()
	return true, nil
}

var commandNameRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// switchPMParamRe is what Telegram accepts as a /start deep-link parameter.
var switchPMParamRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (s *Server) setMyCommands(p map[string]string) (any, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !commandNameRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(c.Description); n < 1 || n > 256 {
			return nil, badRequest("command description must be 1-256 characters")
		}
	}
	lang := p["language_code"]
	if lang != "" && len(lang) != 2 {
		return nil, badRequest("invalid language code specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[lang] = cmds
	s.notify()
	return true, nil
}

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(p map[string]string) (any, *apiError) {
	raw := p["url"]
	if raw == "" {
		s.mu.Lock()
		s.webhook = Webhook{}
		s.mu.Unlock()
		return true, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if sec, ok := p["secret_token"]; ok && !secretRe.MatchString(sec) {
		return nil, badRequest("bad webhook: secret token contains unallowed characters")
	}
	var allowed []string
	if a := p["allowed_updates"]; a != "" {
		if err := json.Unmarshal([]byte(a), &allowed); err != nil {
			return nil, badRequest("can't parse allowed updates")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = Webhook{URL: raw, Secret: p["secret_token"], AllowedUpdates: allowed}
	s.notify()
	return true, nil
}

func (s *Server) deleteWebhook(p map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhook = Webhook{}
	if p["drop_pending_updates"] == "true" {
		s.queue = nil
	}
	s.notify()
	return true, nil
}
