package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"clausebot/bot"
	"clausebot/config"
)

// newLogger builds serve's logger from the log settings. Every record
// passes through a filter that masks the configured secrets, so a token
// cannot reach the log even if a library puts it in an error (tgbotapi puts
// the token in every URL), and that adds the request id of the message
// being handled.
func newLogger(w io.Writer, cfg *config.Config) *slog.Logger {
	level := slog.LevelInfo
	switch cfg.Log.Level {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: durationString}
	var h slog.Handler
	if cfg.Log.Format == "text" {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	var secrets []string
	for _, s := range []config.Secret{cfg.Telegram.Token, cfg.Telegram.WebhookSecret, cfg.Slack.BotToken, cfg.Slack.AppToken, cfg.Slack.SigningSecret} {
		// Very short values would mask ordinary words; config validation
		// keeps real tokens long, and a short webhook secret is still
		// refused by Telegram's own length rules only at 1 character.
		if len(s.Value()) >= 4 {
			secrets = append(secrets, s.Value())
		}
	}
	// The whole Redis URL first, then its password alone, wherever a
	// library quotes either.
	if u := cfg.Redis.URL.Value(); u != "" {
		secrets = append(secrets, u)
	}
	if p := cfg.RedisPassword(); len(p) >= 4 {
		secrets = append(secrets, p)
	}
	return slog.New(&serveHandler{next: h, secrets: secrets})
}

// durationString writes every duration as Go writes it and the
// configuration takes it ("1s", "500ms"): the JSON handler would otherwise
// write integer nanoseconds, unlike the docs and the text format.
func durationString(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		return slog.String(a.Key, a.Value.Duration().String())
	}
	return a
}

// serveHandler masks secrets and adds request ids; see newLogger.
type serveHandler struct {
	next    slog.Handler
	secrets []string
}

func (h *serveHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *serveHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.scrub(r.Message), r.PC)
	id := bot.RequestID(ctx)
	if id != "" {
		out.AddAttrs(slog.String("request_id", id))
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "request_id" && id != "" {
			return true // the context's is the same; don't print it twice
		}
		out.AddAttrs(h.scrubAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *serveHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		scrubbed[i] = h.scrubAttr(a)
	}
	return &serveHandler{next: h.next.WithAttrs(scrubbed), secrets: h.secrets}
}

func (h *serveHandler) WithGroup(name string) slog.Handler {
	return &serveHandler{next: h.next.WithGroup(name), secrets: h.secrets}
}

func (h *serveHandler) scrub(s string) string {
	for _, sec := range h.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, config.Redacted)
		}
	}
	return s
}

func (h *serveHandler) scrubAttr(a slog.Attr) slog.Attr {
	if len(h.secrets) == 0 {
		return a
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.scrub(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i, ga := range g {
			out[i] = h.scrubAttr(ga)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		// Errors and other values are formatted here, and only replaced
		// when they carry a secret, so ordinary values keep their shape.
		s := fmt.Sprint(v.Any())
		if clean := h.scrub(s); clean != s {
			return slog.String(a.Key, clean)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// loggedHandler logs one line per message, button press and inline query
// with the platform, chat, request id and latency. The request id is the
// one the adapter put in the context (bot.WithRequestID), so one message
// has one id in the adapter's, the core's and this line; a message from an
// adapter that gives none gets one here. The user's text is logged only at debug level.
type loggedHandler struct {
	next  bot.Handler
	log   *slog.Logger
	debug bool
	seq   atomic.Uint64
	boot  string // random per process, so ids from restarts don't collide
}

var _ bot.Handler = (*loggedHandler)(nil)

// withID returns ctx with a request id: the adapter's, which its own log
// lines about the message carry too, or a new one if it gave none.
func (h *loggedHandler) withID(ctx context.Context) context.Context {
	if bot.RequestID(ctx) != "" {
		return ctx
	}
	return bot.WithRequestID(ctx, fmt.Sprintf("%s-%06d", h.boot, h.seq.Add(1)))
}

func randomHexID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Handle implements bot.Handler.
func (h *loggedHandler) Handle(ctx context.Context, m bot.Message) (bot.Reply, bool) {
	ctx = h.withID(ctx)
	start := time.Now()
	r, ok := h.next.Handle(ctx, m)
	var extra []slog.Attr
	if h.debug {
		extra = append(extra, slog.String("text", m.Text))
	}
	h.logCall(ctx, "message", m.Platform, m.ChatID, m.UserID, start, r, ok, extra...)
	return r, ok
}

// Press implements bot.Handler.
func (h *loggedHandler) Press(ctx context.Context, a bot.Action) (bot.Reply, bool) {
	ctx = h.withID(ctx)
	start := time.Now()
	r, ok := h.next.Press(ctx, a)
	h.logCall(ctx, "button", a.Platform, a.ChatID, a.UserID, start, r, ok)
	return r, ok
}

// logCall writes the one Info line per message or press: who, where, how
// long, and what kind of reply went back.
func (h *loggedHandler) logCall(ctx context.Context, msg string, p bot.Platform, chat, user string, start time.Time, r bot.Reply, ok bool, extra ...slog.Attr) {
	attrs := []slog.Attr{
		slog.String("platform", string(p)),
		slog.String("chat", chat),
		slog.String("user", user),
		slog.Float64("latency_ms", millis(time.Since(start))),
		slog.Bool("replied", ok),
	}
	if ok {
		attrs = append(attrs, slog.String("kind", r.Kind.String()))
	}
	h.log.LogAttrs(ctx, slog.LevelInfo, msg, append(attrs, extra...)...)
}

// Inline implements bot.Handler.
func (h *loggedHandler) Inline(ctx context.Context, q bot.InlineQuery) (bot.InlineResults, error) {
	ctx = h.withID(ctx)
	start := time.Now()
	res, err := h.next.Inline(ctx, q)
	attrs := []slog.Attr{
		slog.String("platform", string(q.Platform)),
		slog.String("chat", "inline"),
		slog.String("user", q.UserID),
		slog.Float64("latency_ms", millis(time.Since(start))),
		slog.Int("hits", len(res.Hits)),
	}
	if h.debug {
		attrs = append(attrs, slog.String("text", q.Text))
	}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelError
		attrs = append(attrs, slog.Any("err", err))
	}
	h.log.LogAttrs(ctx, level, "inline query", attrs...)
	return res, err
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
