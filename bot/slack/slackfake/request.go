package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"time"
)

// Sign returns the X-Slack-Request-Timestamp and X-Slack-Signature headers
// Slack would send with body at time ts.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignedRequest builds an inbound request to target ("/slack/events", …)
// signed with secret at ts. contentType is "application/json" for events
// and "application/x-www-form-urlencoded" for commands and interactions.
func SignedRequest(secret string, ts time.Time, target, contentType string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	tsh, sig := Sign(secret, ts, body)
	r.Header.Set("X-Slack-Request-Timestamp", tsh)
	r.Header.Set("X-Slack-Signature", sig)
	return r
}

// EventRequest is SignedRequest for an Events API body, now, with the
// fake's signing secret.
func EventRequest(body []byte) *http.Request {
	return SignedRequest(SigningSecret, time.Now(), "/slack/events", "application/json", body)
}

// EventBody wraps an inner event in an event_callback envelope.
func EventBody(eventID, teamID string, inner map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"token": "unused", "team_id": teamID, "api_app_id": "AFAKE001", "type": "event_callback",
		"event_id": eventID, "event_time": time.Now().Unix(), "event": inner,
		"authorizations": []map[string]any{{"team_id": teamID, "user_id": BotUserID, "is_bot": true}},
	})
	return b
}

// AppMention is an app_mention event: text should contain "<@UBOT0001>".
// threadTS is "" for a top-level message.
func AppMention(channel, user, text, ts, threadTS string) map[string]any {
	e := map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

// DirectMessage is a message.im event.
func DirectMessage(channel, user, text, ts string) map[string]any {
	return map[string]any{"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
}

// Command is a slash command invocation.
type Command struct {
	TeamID, ChannelID, UserID, Command, Text, ResponseURL string
}

// Form encodes the command as Slack posts it.
func (c Command) Form() []byte {
	v := url.Values{
		"token": {"unused"}, "team_id": {c.TeamID}, "team_domain": {"fake"}, "channel_id": {c.ChannelID},
		"channel_name": {"general"}, "user_id": {c.UserID}, "user_name": {"someone"}, "command": {c.Command},
		"text": {c.Text}, "response_url": {c.ResponseURL}, "trigger_id": {"1.2.3"}, "api_app_id": {"AFAKE001"},
	}
	return []byte(v.Encode())
}

// Payload is the command as a Socket Mode slash_commands payload.
func (c Command) Payload() json.RawMessage {
	b, _ := json.Marshal(map[string]string{
		"team_id": c.TeamID, "channel_id": c.ChannelID, "user_id": c.UserID, "command": c.Command,
		"text": c.Text, "response_url": c.ResponseURL, "trigger_id": "1.2.3", "api_app_id": "AFAKE001",
	})
	return b
}

// Press is a button press on a message.
type Press struct {
	TeamID, ChannelID, UserID string
	ActionID, Value           string
	// MessageTS and ThreadTS locate the message; Ephemeral marks a button
	// on an ephemeral message.
	MessageTS, ThreadTS string
	Ephemeral           bool
	ResponseURL         string
	ActionTS            string
}

// Payload is the block_actions JSON Slack sends for the press.
func (p Press) Payload() json.RawMessage {
	container := map[string]any{"type": "message", "message_ts": p.MessageTS, "channel_id": p.ChannelID, "is_ephemeral": p.Ephemeral}
	if p.ThreadTS != "" {
		container["thread_ts"] = p.ThreadTS
	}
	actionTS := p.ActionTS
	if actionTS == "" {
		actionTS = strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	b, _ := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": p.TeamID}, "user": map[string]any{"id": p.UserID, "team_id": p.TeamID},
		"api_app_id": "AFAKE001", "container": container, "channel": map[string]any{"id": p.ChannelID},
		"response_url": p.ResponseURL, "trigger_id": "1.2.3",
		"actions": []map[string]any{{"type": "button", "action_id": p.ActionID, "block_id": "clausebot_actions", "value": p.Value, "action_ts": actionTS}},
	})
	return b
}

// Form encodes the press as Slack posts it to the interactivity URL.
func (p Press) Form() []byte {
	return []byte(url.Values{"payload": {string(p.Payload())}}.Encode())
}

// AppHomeOpened is an app_home_opened event for the Home tab ("home") or
// the Messages tab ("messages").
// Its channel is the user's DM with the app, DM.
func AppHomeOpened(user, tab, ts string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": DM, "tab": tab, "event_ts": ts}
}

// MessageShortcut is a message shortcut chosen on a message in a channel.
type MessageShortcut struct {
	TeamID, ChannelID, UserID string
	CallbackID                string
	// MessageText and MessageBlocks are the message the shortcut was
	// chosen on; MessageTS its timestamp.
	MessageText   string
	MessageBlocks []any
	MessageTS     string
	ResponseURL   string
}

// Payload is the message_action JSON Slack sends for the shortcut.
func (m MessageShortcut) Payload() json.RawMessage {
	msg := map[string]any{"type": "message", "user": "UAUTHOR", "text": m.MessageText, "ts": m.MessageTS}
	if m.MessageBlocks != nil {
		msg["blocks"] = m.MessageBlocks
	}
	b, _ := json.Marshal(map[string]any{
		"type": "message_action", "callback_id": m.CallbackID, "trigger_id": "1.2.3", "action_ts": strconv.FormatInt(time.Now().UnixNano(), 10),
		"team": map[string]any{"id": m.TeamID}, "user": map[string]any{"id": m.UserID, "team_id": m.TeamID},
		"channel": map[string]any{"id": m.ChannelID, "name": "general"}, "message_ts": m.MessageTS, "message": msg,
		"response_url": m.ResponseURL, "api_app_id": "AFAKE001",
	})
	return b
}

// Form encodes the shortcut as Slack posts it to the interactivity URL.
func (m MessageShortcut) Form() []byte {
	return []byte(url.Values{"payload": {string(m.Payload())}}.Encode())
}
