package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"clausebot/bot"
)

// The HTTP-mode endpoints, as slack-app-manifest.yaml declares them.
const (
	pathEvents      = "/slack/events"
	pathCommands    = "/slack/commands"
	pathInteractive = "/slack/interactive"
)

// maxSkew is how far a request's timestamp may be from now, either way,
// before it is refused as a possible replay.
const maxSkew = 5 * time.Minute

// Register mounts the Events API, slash command and interactivity
// endpoints on mux in HTTP mode, each behind a panic guard that answers
// 500. In Socket Mode it mounts nothing: events arrive over the websocket.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.SocketMode() {
		return
	}
	mux.Handle("POST "+pathEvents, bot.RecoverHTTP(a.log, a.verified(a.serveEvents)))
	mux.Handle("POST "+pathCommands, bot.RecoverHTTP(a.log, a.verified(a.serveCommand)))
	mux.Handle("POST "+pathInteractive, bot.RecoverHTTP(a.log, a.verified(a.serveInteractive)))
}

// Bounds on reading a request body before its signature is known.
const (
	// bodySlotWait is how long a request waits for one of the
	// MaxPendingBodies slots before it is refused 503; short enough that
	// a slash command is still acknowledged within Slack's 3 s.
	bodySlotWait = time.Second
	// bodyReadTimeout bounds the reading of one body (Slack's are a few
	// kilobytes, sent at once), so a stalled client frees its slot.
	bodyReadTimeout = 10 * time.Second
)

// verified checks what it can of Slack's signature from the headers alone,
// then reads the body under the size cap, checks the signature over it and
// only then calls next with the body.
//
// Until the signature is checked the request may be anyone's, so reading
// its body is bounded three ways: a request with no, a stale or a
// malformed signature, or a declared size over MaxBodyBytes, is refused
// before any of its body is read; at most MaxPendingBodies bodies are read
// at once (the others get 503 and Retry-After, and Slack retries); and each
// read must finish within bodyReadTimeout. Unauthenticated requests thus
// hold at most MaxPendingBodies × MaxBodyBytes of memory.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := signatureHeaders(r.Header, a.now()); err != nil {
			a.refuse(w, r, err)
			return
		}
		if r.ContentLength > a.cfg.MaxBodyBytes {
			a.log.Warn("slack: request body over the size cap", "path", r.URL.Path, "limit", a.cfg.MaxBodyBytes)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		if !a.takeBodySlot(r.Context()) {
			a.log.Warn("slack: too many request bodies being read; refused", "path", r.URL.Path, "limit", a.cfg.MaxPendingBodies)
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		body, err := a.readBody(w, r)
		<-a.bodySlots
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				a.log.Warn("slack: request body over the size cap", "path", r.URL.Path, "limit", a.cfg.MaxBodyBytes)
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request body", http.StatusBadRequest)
			return
		}
		if err := verifySignature(r.Header, body, a.cfg.SigningSecret, a.now()); err != nil {
			a.refuse(w, r, err)
			return
		}
		next(w, r, body)
	}
}

// refuse answers 401 to a request whose signature does not hold.
func (a *Adapter) refuse(w http.ResponseWriter, r *http.Request, reason error) {
	a.log.Warn("slack: request refused", "path", r.URL.Path, "reason", reason.Error(), "remote", r.RemoteAddr)
	http.Error(w, "invalid request signature", http.StatusUnauthorized)
}

// takeBodySlot waits up to bodySlotWait for one of the MaxPendingBodies
// slots and reports whether it got one; the caller gives it back.
func (a *Adapter) takeBodySlot(ctx context.Context) bool {
	select {
	case a.bodySlots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(bodySlotWait)
	defer t.Stop()
	select {
	case a.bodySlots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

// readBody reads r's body, at most MaxBytesBody bytes within
// bodyReadTimeout.
func (a *Adapter) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	// Not every ResponseWriter supports deadlines (a test recorder does
	// not); the server's own ReadTimeout still applies then.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(bodyReadTimeout))
	defer http.NewResponseController(w).SetReadDeadline(time.Time{})
	return io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
}

// Signature verification errors. They are logged, never shown to callers.
var (
	errNoSignature  = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	errBadTimestamp = errors.New("malformed X-Slack-Request-Timestamp")
	errStale        = errors.New("timestamp more than 5 minutes from now")
	errBadSignature = errors.New("signature mismatch")
)

// signatureHeaders checks the signature headers without the body: both
// present, the timestamp a number within maxSkew of now, the signature
// "v0=" and 32 bytes of hex. It returns the timestamp as sent and the
// decoded signature.
func signatureHeaders(h http.Header, now time.Time) (ts string, sig []byte, err error) {
	s, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if s == "" || ts == "" {
		return "", nil, errNoSignature
	}
	if len(ts) > 12 || strings.TrimLeft(ts, "0123456789") != "" {
		return "", nil, errBadTimestamp
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", nil, errBadTimestamp
	}
	if d := now.Sub(time.Unix(secs, 0)); d > maxSkew || d < -maxSkew {
		return "", nil, errStale
	}
	hexSig, ok := strings.CutPrefix(s, "v0=")
	if !ok {
		return "", nil, errBadSignature
	}
	sig, err = hex.DecodeString(hexSig)
	if err != nil || len(sig) != sha256.Size {
		return "", nil, errBadSignature
	}
	return ts, sig, nil
}

// verifySignature checks Slack's v0 request signature: HMAC-SHA256 of
// "v0:timestamp:body" keyed with the signing secret, compared in constant
// time, with the timestamp within maxSkew of now.
//
// slack-go's SecretsVerifier does the same but reads the wall clock, which
// makes the ±5-minute edges untestable; this takes now.
func verifySignature(h http.Header, body []byte, secret string, now time.Time) error {
	ts, got, err := signatureHeaders(h, now)
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// notServing answers 503 while the adapter is starting or stopping, so
// Slack retries the delivery instead of it being lost.
func (a *Adapter) notServing(w http.ResponseWriter) bool {
	if a.ready.Load() && !a.closing.Load() {
		return false
	}
	w.Header().Set("Retry-After", "5")
	http.Error(w, "not serving", http.StatusServiceUnavailable)
	return true
}

// serveEvents handles the Events API: url_verification and event callbacks.
func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, outer.Challenge)
		return
	}
	if a.notServing(w) {
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		a.log.Warn("slack: unparsable event", "error", err)
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	// Answer 200 at once: the reply goes out through the Web API, and
	// Slack retries (X-Slack-Retry-Num) anything not acknowledged in 3 s.
	// Retries are deduplicated by event_id in onEvent.
	if ev.Type == slackevents.CallbackEvent {
		a.onEvent(ev, "")
	}
	w.WriteHeader(http.StatusOK)
}

// serveCommand acknowledges a slash command at once with an empty 200 and
// answers through its response_url in the background, however slow the
// search is.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	if a.notServing(w) {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	req := &http.Request{Method: http.MethodPost, PostForm: form, Form: form}
	cmd, err := slack.SlashCommandParse(req)
	if err != nil {
		http.Error(w, "malformed command", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.onCommand(cmd)
}

// serveInteractive handles button presses (block_actions).
func (a *Adapter) serveInteractive(w http.ResponseWriter, r *http.Request, body []byte) {
	if a.notServing(w) {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("payload") == "" {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	var ic slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &ic); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.onInteraction(ic)
}
