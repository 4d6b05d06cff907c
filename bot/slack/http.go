package slack

import (
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
// endpoints on mux in HTTP mode. In Socket Mode it mounts nothing: events
// arrive over the websocket.
func (a *Adapter) Register(mux *http.ServeMux) {
	if a.SocketMode() {
		return
	}
	mux.HandleFunc("POST "+pathEvents, a.verified(a.serveEvents))
	mux.HandleFunc("POST "+pathCommands, a.verified(a.serveCommand))
	mux.HandleFunc("POST "+pathInteractive, a.verified(a.serveInteractive))
}

// verified reads the body under the size cap, checks Slack's signature and
// only then calls next with the body.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes))
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
			a.log.Warn("slack: request refused", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	}
}

// Signature verification errors. They are logged, never shown to callers.
var (
	errNoSignature  = errors.New("missing X-Slack-Signature or X-Slack-Request-Timestamp")
	errBadTimestamp = errors.New("malformed X-Slack-Request-Timestamp")
	errStale        = errors.New("timestamp more than 5 minutes from now")
	errBadSignature = errors.New("signature mismatch")
)

// verifySignature checks Slack's v0 request signature: HMAC-SHA256 of
// "v0:timestamp:body" keyed with the signing secret, compared in constant
// time, with the timestamp within maxSkew of now.
//
// slack-go's SecretsVerifier does the same but reads the wall clock, which
// makes the ±5-minute edges untestable; this takes now.
func verifySignature(h http.Header, body []byte, secret string, now time.Time) error {
	sig, ts := h.Get("X-Slack-Signature"), h.Get("X-Slack-Request-Timestamp")
	if sig == "" || ts == "" {
		return errNoSignature
	}
	if len(ts) > 12 || strings.TrimLeft(ts, "0123456789") != "" {
		return errBadTimestamp
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errBadTimestamp
	}
	if d := now.Sub(time.Unix(secs, 0)); d > maxSkew || d < -maxSkew {
		return errStale
	}
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return errBadSignature
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
