package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"clausebot/bot"
)

// api is the part of the Bot API the adapter uses, narrowed so tests can
// stand in for it. Call makes one request and returns the result field of a
// successful answer. Errors are already scrubbed of the token.
type api interface {
	Call(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error)
}

// libAPI is api over tgbotapi. The library's MakeRequest builds requests
// without a context, so each call gets its own shallow copy of the BotAPI
// whose HTTP client attaches the call's context: that is how a long poll is
// cancelled at shutdown.
type libAPI struct {
	bot     *tgbotapi.BotAPI
	client  *http.Client
	secrets []string // strings that must never leave the adapter
}

func newLibAPI(token, endpoint string, client *http.Client, secrets []string) *libAPI {
	// Not tgbotapi.NewBotAPIWithClient: it calls getMe, and New must not
	// touch the network.
	b := &tgbotapi.BotAPI{Token: token, Client: client, Buffer: 100}
	b.SetAPIEndpoint(endpoint)
	return &libAPI{bot: b, client: client, secrets: secrets}
}

// ctxDoer is a tgbotapi.HTTPClient that sends every request with ctx.
type ctxDoer struct {
	ctx    context.Context
	client *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.client.Do(req.WithContext(d.ctx))
}

// Call implements api.
func (l *libAPI) Call(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error) {
	b := *l.bot
	b.Client = ctxDoer{ctx: ctx, client: l.client}
	resp, err := b.MakeRequest(method, params)
	if err != nil {
		return nil, l.scrub(method, err)
	}
	return resp.Result, nil
}

// scrub turns an error from tgbotapi into one that cannot reveal the token.
//
// The library formats the token into every URL, so a *url.Error from the
// HTTP client carries it in its URL and its message. The returned error
// keeps the useful chain (errors.Is(err, context.Canceled) still works, and
// *tgbotapi.Error still comes out of errors.As) but the URL is replaced by
// the method name and every secret is cut out of the text.
func (l *libAPI) scrub(method string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		// Callers name the method ("telegram: getMe: …"), so the text is
		// the cause alone: no URL, which holds the token, and no
		// repetition of the method.
		err = &url.Error{Op: ue.Op, URL: method, Err: ue.Err}
		return &scrubbedError{msg: redact(ue.Err.Error(), l.secrets), err: err}
	}
	return &scrubbedError{msg: redact(err.Error(), l.secrets), err: err}
}

// scrubbedError is an error whose text has had secrets removed.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// startError is an error whose text is written whole for the operator
// ("telegram: getUpdates: the bot token was refused …") while errors.Is and
// errors.As still reach the cause, which the text only describes: wrapping
// with %w would repeat the cause's own "telegram: method:" prefix.
type startError struct {
	msg string
	err error
}

func (e *startError) Error() string { return e.msg }
func (e *startError) Unwrap() error { return e.err }

// redact replaces every secret in s.
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
		// A token can also appear URL-escaped (':' as %3A).
		if esc := url.PathEscape(sec); sec != "" && esc != sec && strings.Contains(s, esc) {
			s = strings.ReplaceAll(s, esc, "[REDACTED]")
		}
	}
	return s
}

// apiError reports the Bot API's own answer when err is one (ok=false).
func apiError(err error) (*tgbotapi.Error, bool) {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te, true
	}
	return nil, false
}

// retryAfter returns how long Telegram asked us to wait, if it did.
func retryAfter(err error, unit time.Duration) (time.Duration, bool) {
	te, ok := apiError(err)
	if !ok || te.Code != http.StatusTooManyRequests {
		return 0, false
	}
	n := te.RetryAfter
	if n <= 0 {
		n = 1
	}
	return time.Duration(n) * unit, true
}

// transient reports whether retrying the same request may succeed: network
// failures, timeouts and the server's own errors, but not a request the API
// rejected.
func transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || bot.Permanent(err) {
		return false
	}
	if te, ok := apiError(err); ok {
		return te.Code >= 500 || te.Code == http.StatusTooManyRequests
	}
	return true
}

// fatal reports whether err means the adapter cannot go on at all: the token
// is wrong or revoked.
func fatal(err error) bool {
	te, ok := apiError(err)
	return ok && (te.Code == http.StatusUnauthorized || te.Code == http.StatusNotFound)
}

// describe gives a short, token-free description of err for logs.
func describe(err error) string {
	if te, ok := apiError(err); ok {
		return fmt.Sprintf("%d %s", te.Code, te.Message)
	}
	return err.Error()
}

// requestIDAttr is the log attribute of an update's request id.
const requestIDAttr = "request_id"

// redactHandler is a slog.Handler that cuts secrets out of every message
// and attribute before they reach the real handler: a last line of defence
// behind scrub, for any path that might log an error we did not wrap.
type redactHandler struct {
	h       slog.Handler
	secrets []string
}

func (r redactHandler) Enabled(ctx context.Context, l slog.Level) bool { return r.h.Enabled(ctx, l) }

func (r redactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, redact(rec.Message, r.secrets), rec.PC)
	id := bot.RequestID(ctx)
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == requestIDAttr && id != "" {
			return true // the context's id is added below, once
		}
		out.AddAttrs(r.attr(a))
		return true
	})
	if id != "" {
		// Every line logged about an update carries its request id, so one
		// message can be followed through the core, the sends and retries.
		out.AddAttrs(slog.String(requestIDAttr, id))
	}
	return r.h.Handle(ctx, out)
}

func (r redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = r.attr(a)
	}
	return redactHandler{h: r.h.WithAttrs(clean), secrets: r.secrets}
}

func (r redactHandler) WithGroup(name string) slog.Handler {
	return redactHandler{h: r.h.WithGroup(name), secrets: r.secrets}
}

func (r redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, redact(v.String(), r.secrets))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, ga := range g {
			clean[i] = r.attr(ga)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, redact(err.Error(), r.secrets))
		}
		return slog.String(a.Key, redact(fmt.Sprint(v.Any()), r.secrets))
	default:
		return slog.Attr{Key: a.Key, Value: v}
	}
}
