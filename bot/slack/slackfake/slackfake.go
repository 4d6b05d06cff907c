// Package slackfake is a loopback stand-in for Slack, for clausebot's
// tests: slack-go's slacktest server extended with handlers that check what
// they receive the way Slack does (tokens, channels, Block Kit limits) and
// record every post, can answer 429, accept response_url posts, and serve a
// scripted Socket Mode websocket. It also builds signed HTTP requests and
// event payloads, and decodes Block Kit back to plain text.
//
// It is a normal package, not a _test one, so the server's end-to-end tests
// can drive the Slack adapter through it too.
package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack/slacktest"
)

// The credentials and identities the fake accepts and reports.
const (
	BotToken      = "xoxb-fake-bot-token"
	AppToken      = "xapp-fake-app-token"
	SigningSecret = "fake-signing-secret"
	BotUserID     = "UBOT0001"
	BotID         = "BBOT0001"
	TeamID        = "TFAKE001"
	// DM is a direct-message channel with the bot that exists from the start.
	DM = "DFAKE001"
	// Channel is a public channel the bot is in.
	Channel = "CFAKE001"
)

// Slack's limits, as the real API enforces them.
const (
	maxTextRunes   = 40000
	maxBlocks      = 50
	maxSectionText = 3000
	maxButtonValue = 2000
	// maxBlocksText is the text all of a message's blocks may carry
	// together. Slack documents no figure; posts whose blocks carry more
	// than about 12,000 characters are refused with msg_blocks_too_long
	// (slackapi/bolt-js#2509 measured 13,172 to 13,297, moving with the
	// blocks' structure), so the fake refuses at 12,000.
	maxBlocksText = 12000
	// maxHeaderText is the plain_text of a header block.
	maxHeaderText = 150
)

// Post is one message the fake received.
type Post struct {
	// Method is "chat.postMessage", "chat.postEphemeral", "response_url"
	// or "views.publish" (User is then the Home tab's user).
	Method   string
	Channel  string
	ThreadTS string
	// User is the recipient of an ephemeral message.
	User string
	// Text is the plain-text fallback.
	Text string
	// Blocks is the raw Block Kit JSON.
	Blocks json.RawMessage
	// ResponseType, ReplaceOriginal and DeleteOriginal are a response_url
	// post's fields; ResponseURL is the URL it was posted to.
	ResponseType    string
	ReplaceOriginal bool
	DeleteOriginal  bool
	ResponseURL     string
	// UnfurlLinks and UnfurlMedia are as sent ("" when absent).
	UnfurlLinks string
	UnfurlMedia string
	// TS is the timestamp the fake gave the message.
	TS string
	At time.Time
}

// Server is a fake Slack Web API on 127.0.0.1.
type Server struct {
	*slacktest.Server
	t testing.TB

	mu       sync.Mutex
	posts    []Post
	changed  chan struct{} // closed and replaced whenever posts change
	channels map[string]bool
	limits   map[string][]int // method → Retry-After seconds of the next 429s
	calls    map[string]int
	fail     map[string]string // method → Slack error to return
	ts       int
	// responseUses counts the accepted posts to each response_url: Slack
	// takes at most MaxResponseURLUses.
	responseUses map[string]int

	socket *socketState
}

// New starts a fake Slack that knows DM and Channel, and stops it when the
// test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:            t,
		changed:      make(chan struct{}),
		channels:     map[string]bool{DM: true, Channel: true},
		limits:       map[string][]int{},
		calls:        map[string]int{},
		fail:         map[string]string{},
		responseUses: map[string]int{},
		socket:       newSocketState(),
	}
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", s.authTest)
		c.Handle("/chat.postMessage", s.chatPost("chat.postMessage"))
		c.Handle("/chat.postEphemeral", s.chatPost("chat.postEphemeral"))
		c.Handle("/views.publish", s.viewsPublish)
		c.Handle("/apps.connections.open", s.connectionsOpen)
		c.Handle("/socket", s.serveSocket)
		c.Handle("/response/", s.responseURL)
	})
	s.Server.Start()
	t.Cleanup(func() {
		s.socket.closeAll()
		s.Server.Stop()
	})
	return s
}

// APIURL is the Web API base URL to give the adapter (SLACK_API_URL).
func (s *Server) APIURL() string { return s.GetAPIURL() }

// ResponseURL returns a response_url that posts to this fake, recorded with
// Method "response_url".
func (s *Server) ResponseURL(id string) string {
	return s.GetAPIURL() + "response/" + url.PathEscape(id)
}

// AddChannel makes channel IDs known, so posts to them succeed.
func (s *Server) AddChannel(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.channels[id] = true
	}
}

// RateLimit makes the next calls of method ("chat.postMessage",
// "response_url", …) answer 429 with these Retry-After seconds, one each.
func (s *Server) RateLimit(method string, retryAfter ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[method] = append(s.limits[method], retryAfter...)
}

// Fail makes every later call of method fail with Slack error code (e.g.
// "token_revoked"); an empty code stops it.
func (s *Server) Fail(method, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.fail, method)
	} else {
		s.fail[method] = code
	}
}

// Calls returns how many times method was called, rejected calls included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Posts returns the messages accepted so far, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts waits until at least n messages have been accepted, or
// timeout passes, and returns them.
func (s *Server) WaitPosts(n int, timeout time.Duration) ([]Post, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, ch := append([]Post(nil), s.posts...), s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-ch:
		case <-deadline.C:
			return got, fmt.Errorf("slackfake: got %d posts after %v, want %d", len(got), timeout, n)
		}
	}
}

// record stores an accepted post and wakes waiters.
func (s *Server) record(p Post) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ts++
	p.TS = fmt.Sprintf("1700000000.%06d", s.ts)
	p.At = time.Now()
	s.posts = append(s.posts, p)
	close(s.changed)
	s.changed = make(chan struct{})
	return p.TS
}

// begin counts a call and reports a 429 or forced failure, if one is due.
func (s *Server) begin(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[method]++
	if q := s.limits[method]; len(q) > 0 {
		s.limits[method] = q[1:]
		w.Header().Set("Retry-After", strconv.Itoa(q[0]))
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"ok":false,"error":"ratelimited"}`)
		return true
	}
	if code := s.fail[method]; code != "" {
		writeJSON(w, map[string]any{"ok": false, "error": code})
		return true
	}
	return false
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func slackError(w http.ResponseWriter, code string) {
	writeJSON(w, map[string]any{"ok": false, "error": code})
}

// token returns the request's token, from the form or a Bearer header.
func token(r *http.Request) string {
	if t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return t
	}
	return r.FormValue("token")
}

func (s *Server) authTest(w http.ResponseWriter, r *http.Request) {
	if s.begin(w, "auth.test") {
		return
	}
	if r.Method != http.MethodPost {
		slackError(w, "invalid_request")
		return
	}
	if token(r) != BotToken {
		slackError(w, "invalid_auth")
		return
	}
	writeJSON(w, map[string]any{
		"ok": true, "url": "https://fake.slack.invalid/", "team": "Fake", "user": "clausebot",
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID,
	})
}

// chatPost checks and records chat.postMessage and chat.postEphemeral the
// way Slack validates them.
func (s *Server) chatPost(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.begin(w, method) {
			return
		}
		if r.Method != http.MethodPost {
			slackError(w, "invalid_request")
			return
		}
		if err := r.ParseForm(); err != nil {
			slackError(w, "invalid_form_data")
			return
		}
		if token(r) != BotToken {
			slackError(w, "invalid_auth")
			return
		}
		p := Post{
			Method:      method,
			Channel:     r.PostForm.Get("channel"),
			ThreadTS:    r.PostForm.Get("thread_ts"),
			User:        r.PostForm.Get("user"),
			Text:        r.PostForm.Get("text"),
			UnfurlLinks: r.PostForm.Get("unfurl_links"),
			UnfurlMedia: r.PostForm.Get("unfurl_media"),
		}
		if b := r.PostForm.Get("blocks"); b != "" {
			p.Blocks = json.RawMessage(b)
		}
		s.mu.Lock()
		known := s.channels[p.Channel]
		s.mu.Unlock()
		if !known {
			slackError(w, "channel_not_found")
			return
		}
		if method == "chat.postEphemeral" && p.User == "" {
			slackError(w, "user_not_in_channel")
			return
		}
		if code := CheckMessage(p.Text, p.Blocks); code != "" {
			slackError(w, code)
			return
		}
		ts := s.record(p)
		writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": ts, "message_ts": ts})
	}
}

// MaxResponseURLUses is how many times Slack accepts a post to one
// response_url (within its 30 minutes).
const MaxResponseURLUses = 5

// responseURL accepts posts to a response_url: JSON bodies with text,
// blocks, response_type, replace_original and delete_original.
func (s *Server) responseURL(w http.ResponseWriter, r *http.Request) {
	if s.begin(w, "response_url") {
		return
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	var body struct {
		Text            string          `json:"text"`
		Blocks          json.RawMessage `json:"blocks"`
		ResponseType    string          `json:"response_type"`
		ReplaceOriginal bool            `json:"replace_original"`
		DeleteOriginal  bool            `json:"delete_original"`
		ThreadTS        string          `json:"thread_ts"`
		UnfurlLinks     *bool           `json:"unfurl_links"`
		UnfurlMedia     *bool           `json:"unfurl_media"`
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&body); err != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	switch body.ResponseType {
	case "", "ephemeral", "in_channel":
	default:
		http.Error(w, "invalid_response_type", http.StatusBadRequest)
		return
	}
	if !body.DeleteOriginal {
		if code := CheckMessage(body.Text, body.Blocks); code != "" {
			http.Error(w, code, http.StatusBadRequest)
			return
		}
	}
	s.mu.Lock()
	spent := s.responseUses[r.URL.Path] >= MaxResponseURLUses
	if !spent {
		s.responseUses[r.URL.Path]++
	}
	s.mu.Unlock()
	if spent {
		// What Slack answers a sixth use of a response_url.
		http.Error(w, "used_url", http.StatusNotFound)
		return
	}
	p := Post{
		Method: "response_url", Text: body.Text, Blocks: body.Blocks, ThreadTS: body.ThreadTS,
		ResponseType: body.ResponseType, ReplaceOriginal: body.ReplaceOriginal, DeleteOriginal: body.DeleteOriginal,
		ResponseURL: r.URL.Path, UnfurlLinks: boolString(body.UnfurlLinks), UnfurlMedia: boolString(body.UnfurlMedia),
	}
	if len(p.Blocks) == 0 || string(p.Blocks) == "null" {
		p.Blocks = nil
	}
	s.record(p)
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprint(w, "ok")
}

func boolString(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// CheckMessage applies Slack's chat.postMessage validation to a message's
// fallback text and blocks JSON and returns Slack's error code, or "" when
// Slack would accept it.
func CheckMessage(text string, blocks json.RawMessage) string {
	if utf8.RuneCountInString(text) > maxTextRunes {
		return "msg_too_long"
	}
	if len(blocks) == 0 {
		if strings.TrimSpace(text) == "" {
			return "no_text"
		}
		return ""
	}
	return checkBlocks(blocks, maxBlocks, maxBlocksText)
}

// checkBlocks validates a blocks array as Slack does, with at most
// limitBlocks blocks carrying at most limitText characters of text, and
// returns Slack's error code or "".
func checkBlocks(blocks json.RawMessage, limitBlocks, limitText int) string {
	var bs []map[string]json.RawMessage
	if err := json.Unmarshal(blocks, &bs); err != nil {
		return "invalid_blocks_format"
	}
	if len(bs) > limitBlocks || len(bs) == 0 {
		return "invalid_blocks"
	}
	ids := map[string]bool{}
	total := 0 // characters of text in all the blocks
	count := func(s string) int {
		n := utf8.RuneCountInString(s)
		total += n
		return n
	}
	for _, b := range bs {
		var typ string
		_ = json.Unmarshal(b["type"], &typ)
		switch typ {
		case "section":
			var t textObject
			if json.Unmarshal(b["text"], &t) != nil || t.Text == "" || count(t.Text) > maxSectionText ||
				(t.Type != "mrkdwn" && t.Type != "plain_text") {
				return "invalid_blocks"
			}
		case "context":
			var els []textObject
			if json.Unmarshal(b["elements"], &els) != nil || len(els) == 0 || len(els) > 10 {
				return "invalid_blocks"
			}
			for _, e := range els {
				if e.Text == "" || count(e.Text) > maxSectionText {
					return "invalid_blocks" // a text object holds at most 3,000 characters
				}
			}
		case "header":
			var t textObject
			if json.Unmarshal(b["text"], &t) != nil || t.Type != "plain_text" || t.Text == "" || count(t.Text) > maxHeaderText {
				return "invalid_blocks"
			}
		case "rich_text":
			var els []richElement
			if json.Unmarshal(b["elements"], &els) != nil || len(els) == 0 {
				return "invalid_blocks"
			}
			for _, e := range els {
				if !e.valid(count) {
					return "invalid_blocks"
				}
			}
		case "actions":
			var els []struct {
				Type     string     `json:"type"`
				ActionID string     `json:"action_id"`
				Value    string     `json:"value"`
				Text     textObject `json:"text"`
			}
			if json.Unmarshal(b["elements"], &els) != nil || len(els) == 0 || len(els) > 25 {
				return "invalid_blocks"
			}
			for _, e := range els {
				if e.ActionID == "" || ids[e.ActionID] || len(e.Value) > maxButtonValue ||
					e.Text.Text == "" || utf8.RuneCountInString(e.Text.Text) > 75 || e.Text.Type != "plain_text" {
					return "invalid_blocks"
				}
				ids[e.ActionID] = true
				count(e.Text.Text)
			}
		case "divider":
		default:
			return "invalid_blocks"
		}
	}
	if total > limitText {
		return "msg_blocks_too_long"
	}
	return ""
}

// richElement is a rich_text block's element: a section, list, quote or
// preformatted run, holding inline elements (or, for a list, sections).
type richElement struct {
	Type     string            `json:"type"`
	Elements []json.RawMessage `json:"elements"`
}

// valid checks a rich_text element as Slack does: a known type, at least
// one inline element, and text elements with non-empty text, whose
// characters it adds up with count.
func (e richElement) valid(count func(string) int) bool {
	switch e.Type {
	case "rich_text_section", "rich_text_quote", "rich_text_preformatted":
	case "rich_text_list":
		for _, raw := range e.Elements {
			var item richElement
			if json.Unmarshal(raw, &item) != nil || item.Type != "rich_text_section" || !item.valid(count) {
				return false
			}
		}
		return len(e.Elements) > 0
	default:
		return false
	}
	if len(e.Elements) == 0 {
		return false
	}
	for _, raw := range e.Elements {
		var in struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if json.Unmarshal(raw, &in) != nil {
			return false
		}
		switch in.Type {
		case "text":
			if in.Text == "" {
				return false
			}
			count(in.Text)
		case "link", "emoji", "user", "channel", "usergroup", "broadcast", "date", "color", "team":
			count(in.Text)
		default:
			return false
		}
	}
	return true
}

type textObject struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim"`
}

// maxViewBlocks is the most blocks a Home tab view holds.
const maxViewBlocks = 100

// viewsPublish checks and records views.publish: a JSON body with the
// user_id and a home view whose blocks pass Slack's checks (at most 100).
// Slack answers a bad view with invalid_arguments.
func (s *Server) viewsPublish(w http.ResponseWriter, r *http.Request) {
	if s.begin(w, "views.publish") {
		return
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		slackError(w, "invalid_request")
		return
	}
	if token(r) != BotToken {
		slackError(w, "invalid_auth")
		return
	}
	var body struct {
		UserID string `json:"user_id"`
		View   struct {
			Type   string          `json:"type"`
			Blocks json.RawMessage `json:"blocks"`
		} `json:"view"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		slackError(w, "invalid_json")
		return
	}
	if body.UserID == "" {
		slackError(w, "invalid_arguments")
		return
	}
	if body.View.Type != "home" || checkBlocks(body.View.Blocks, maxViewBlocks, 1<<30) != "" {
		slackError(w, "invalid_arguments")
		return
	}
	s.record(Post{Method: "views.publish", User: body.UserID, Blocks: body.View.Blocks})
	writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "VFAKE001", "type": "home"}})
}
