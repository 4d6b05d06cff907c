package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"

	"clausebot/bot"
)

// pacer keeps the bot under Telegram's flood limits: per chat, per group and
// overall. Limiters live in bounded LRU maps: a chat idle long enough to be
// evicted has a full bucket anyway.
type pacer struct {
	global *rate.Limiter

	chatRate   rate.Limit
	groupRate  rate.Limit
	groupBurst int

	// now and sleep are the clock the pacing reads; tests replace them to
	// check the spacing exactly, whatever the machine's load.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu     sync.Mutex
	chats  *lru.Cache[int64, *rate.Limiter]
	groups *lru.Cache[int64, *rate.Limiter]

	// shared, when set, paces instead of the limiters above, across
	// replicas (Config.Shared).
	shared     bot.Pacer
	globalRate rate.Limit
}

// limiterCacheSize bounds the number of chats whose pacing is remembered.
const limiterCacheSize = 10000

func newPacer(chatRate, groupRate rate.Limit, groupBurst int, globalRate rate.Limit) *pacer {
	chats, _ := lru.New[int64, *rate.Limiter](limiterCacheSize)
	groups, _ := lru.New[int64, *rate.Limiter](limiterCacheSize)
	return &pacer{
		global:     rate.NewLimiter(globalRate, 1),
		globalRate: globalRate,
		chatRate:   chatRate,
		groupRate:  groupRate,
		groupBurst: groupBurst,
		now:        time.Now,
		sleep:      sleep,
		chats:      chats,
		groups:     groups,
	}
}

func (p *pacer) limiter(c *lru.Cache[int64, *rate.Limiter], id int64, r rate.Limit, burst int) *rate.Limiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := c.Get(id)
	if !ok {
		l = rate.NewLimiter(r, burst)
		c.Add(id, l)
	}
	return l
}

// Wait blocks until one more message may go to chat.
func (p *pacer) Wait(ctx context.Context, chat int64, group bool) error {
	if p.shared != nil {
		return p.waitShared(ctx, chat, group)
	}
	if err := p.wait(ctx, p.limiter(p.chats, chat, p.chatRate, 1)); err != nil {
		return err
	}
	if group {
		if err := p.wait(ctx, p.limiter(p.groups, chat, p.groupRate, p.groupBurst)); err != nil {
			return err
		}
	}
	// The shared limit last, so its token is spent nearest the send.
	return p.wait(ctx, p.global)
}

// waitShared is Wait on the shared pacer, with the same three limits.
func (p *pacer) waitShared(ctx context.Context, chat int64, group bool) error {
	id := strconv.FormatInt(chat, 10)
	if err := p.shared.Wait(ctx, "telegram:chat:"+id, float64(p.chatRate), 1); err != nil {
		return err
	}
	if group {
		if err := p.shared.Wait(ctx, "telegram:group:"+id, float64(p.groupRate), p.groupBurst); err != nil {
			return err
		}
	}
	return p.shared.Wait(ctx, "telegram:global", float64(p.globalRate), 1)
}

// wait is rate.Limiter.Wait on the pacer's clock: it reserves a token and
// sleeps until it is due, giving it back if ctx ends first.
func (p *pacer) wait(ctx context.Context, l *rate.Limiter) error {
	r := l.ReserveN(p.now(), 1)
	if !r.OK() {
		return errors.New("pacing: limit has no burst")
	}
	d := r.DelayFrom(p.now())
	if d <= 0 {
		return nil
	}
	if err := p.sleep(ctx, d); err != nil {
		r.CancelAt(p.now())
		return err
	}
	return nil
}

// target says where a paced request goes.
type target struct {
	chat  int64
	group bool
	// thread is the forum topic every message goes to (message_thread_id),
	// 0 outside topics. Telegram puts a reply in its question's topic
	// only when asked: without it, the parts of a split answer after the
	// first would land in General.
	thread int
}

// call makes one API request, retrying what may succeed later: a 429 after
// the retry_after Telegram asked for, a group that became a supergroup at
// its new id, and network or server failures after a backoff. It gives up
// after MaxSendAttempts attempts or a wait longer than MaxRetryWait. When
// to is non-nil every attempt is paced for that chat.
//
// A request that failed in the network may in fact have been delivered, so
// a retried sendMessage can, rarely, arrive twice; losing an answer is the
// worse failure for a bot people ask questions.
func (a *Adapter) call(ctx context.Context, method string, params tgbotapi.Params, to *target) (json.RawMessage, error) {
	backoff := a.backoffBase
	for attempt := 1; ; attempt++ {
		if to != nil {
			if err := a.pacer.Wait(ctx, to.chat, to.group); err != nil {
				return nil, fmt.Errorf("telegram: %s: %w", method, err)
			}
		}
		res, err := a.do(ctx, method, params, callTimeout)
		if err == nil {
			return res, nil
		}
		if ctx.Err() != nil || attempt >= a.cfg.MaxSendAttempts {
			return nil, fmt.Errorf("telegram: %s (attempt %d): %w", method, attempt, err)
		}
		wait := backoff
		if d, ok := retryAfter(err, a.retryUnit); ok {
			wait = d
		} else if te, ok := apiError(err); ok && te.MigrateToChatID != 0 && params["chat_id"] != "" {
			a.log.InfoContext(ctx, "telegram: group became a supergroup; resending to its new id",
				"old_chat", params["chat_id"], "new_chat", te.MigrateToChatID)
			params["chat_id"] = strconv.FormatInt(te.MigrateToChatID, 10)
			if to != nil {
				to.chat = te.MigrateToChatID
			}
			wait = 0
		} else if !transient(err) {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		} else {
			backoff = min(2*backoff, a.backoffMax)
		}
		if wait > a.cfg.MaxRetryWait {
			return nil, fmt.Errorf("telegram: %s: asked to wait %s, more than MaxRetryWait: %w", method, wait, err)
		}
		a.metrics.SendRetry(bot.Telegram)
		a.log.WarnContext(ctx, "telegram: retrying", "method", method, "attempt", attempt, "wait", wait, "err", describe(err))
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("telegram: %s: %w", method, err)
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sent identifies a message the bot sent.
type sent struct {
	chat int64
	id   int
}

// deliver renders a reply and sends it to a chat, in order, paced. replyTo,
// if not 0, is the message the first part answers (used in groups, so it is
// clear whose question is answered). A part that cannot be sent is logged
// and counted, and the rest still go.
func (a *Adapter) deliver(ctx context.Context, to target, replyTo int, r bot.Reply) {
	ref := firstRef(r)
	if ref != "" {
		a.lastRef.Add(target{chat: to.chat, thread: to.thread}, ref)
	}
	out := render(r)
	if len(out.Dropped) > 0 {
		a.log.ErrorContext(ctx, "telegram: buttons dropped: bad callback data", "buttons", out.Dropped)
	}
	for i, text := range out.Messages {
		var kb *tgbotapi.InlineKeyboardMarkup
		if i == len(out.Messages)-1 {
			kb = out.Keyboard
		}
		id, err := a.sendMessage(ctx, &to, text, kb, replyTo)
		if err != nil {
			a.metrics.SendError(bot.Telegram)
			a.log.ErrorContext(ctx, "telegram: send failed", "chat", to.chat, "part", i+1, "parts", len(out.Messages), "err", err)
			continue
		}
		a.metrics.Sent(bot.Telegram)
		replyTo = 0
		if ref != "" {
			a.msgRef.Add(sent{to.chat, id}, ref)
		}
		if kb != nil {
			a.kinds.Add(sent{to.chat, id}, r.Kind)
		}
	}
}

// sendMessage sends one HTML message. If Telegram cannot parse the HTML
// (which our renderer should never produce, but a reply must never be lost
// to a markup bug) it resends the same text as plain text.
func (a *Adapter) sendMessage(ctx context.Context, to *target, text string, kb *tgbotapi.InlineKeyboardMarkup, replyTo int) (int, error) {
	p := tgbotapi.Params{}
	p.AddNonZero64("chat_id", to.chat)
	p.AddNonZero("message_thread_id", to.thread)
	p["text"] = text
	p["parse_mode"] = tgbotapi.ModeHTML
	noPreviews(p)
	if replyTo != 0 {
		p.AddNonZero("reply_to_message_id", replyTo)
		p.AddBool("allow_sending_without_reply", true)
	}
	if err := p.AddInterface("reply_markup", kb); err != nil {
		return 0, fmt.Errorf("telegram: sendMessage: reply_markup: %w", err)
	}
	res, err := a.call(ctx, "sendMessage", p, to)
	if err != nil && badEntities(err) {
		a.log.ErrorContext(ctx, "telegram: HTML refused; sending as plain text", "err", describe(err))
		p["text"] = plainText(text)
		delete(p, "parse_mode")
		res, err = a.call(ctx, "sendMessage", p, to)
	}
	if err != nil {
		return 0, err
	}
	var m tgbotapi.Message
	if err := json.Unmarshal(res, &m); err != nil {
		return 0, fmt.Errorf("telegram: sendMessage: decoding result: %w", err)
	}
	return m.MessageID, nil
}

// editMessage replaces a message's text and keyboard in place.
func (a *Adapter) editMessage(ctx context.Context, to target, id int, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	p := tgbotapi.Params{}
	p.AddNonZero64("chat_id", to.chat)
	p.AddNonZero("message_id", id)
	p["text"] = text
	p["parse_mode"] = tgbotapi.ModeHTML
	noPreviews(p)
	if kb == nil {
		// Without reply_markup Telegram would keep the old buttons, which
		// would then page from a stale cursor.
		kb = &tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
	}
	if err := p.AddInterface("reply_markup", kb); err != nil {
		return fmt.Errorf("telegram: editMessageText: reply_markup: %w", err)
	}
	_, err := a.call(ctx, "editMessageText", p, &to)
	return err
}

// noPreviews turns link previews off, in both the current field and the
// one older Bot API servers (and the library) know.
func noPreviews(p tgbotapi.Params) {
	p["link_preview_options"] = `{"is_disabled":true}`
	p["disable_web_page_preview"] = "true"
}

// badEntities reports whether Telegram refused a message's markup.
func badEntities(err error) bool {
	te, ok := apiError(err)
	return ok && te.Code == 400 && strings.Contains(te.Message, "can't parse entities")
}

// notModified reports whether an edit failed only because nothing changed.
func notModified(err error) bool {
	te, ok := apiError(err)
	return ok && te.Code == 400 && strings.Contains(te.Message, "message is not modified")
}

// plainText strips our HTML back to the text it marks up.
func plainText(h string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			sb.WriteString(h)
			break
		}
		sb.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(sb.String())
}

// answerCallback acknowledges a button press so the client's spinner stops;
// text, if any, is shown as a short notice.
func (a *Adapter) answerCallback(ctx context.Context, id, text string) {
	p := tgbotapi.Params{"callback_query_id": id}
	p.AddNonEmpty("text", text)
	if _, err := a.call(ctx, "answerCallbackQuery", p, nil); err != nil {
		a.log.WarnContext(ctx, "telegram: answerCallbackQuery failed", "err", err)
	}
}
