package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Envelope is one Socket Mode message from Slack to the app.
type Envelope struct {
	EnvelopeID             string          `json:"envelope_id,omitempty"`
	Type                   string          `json:"type"`
	Payload                json.RawMessage `json:"payload,omitempty"`
	AcceptsResponsePayload bool            `json:"accepts_response_payload,omitempty"`
	RetryAttempt           int             `json:"retry_attempt,omitempty"`
	Reason                 string          `json:"reason,omitempty"`
}

// socketState is the scripted Socket Mode server: envelopes wait in order
// until acknowledged, and every new connection is sent the unacknowledged
// ones again, as Slack redelivers them.
type socketState struct {
	mu       sync.Mutex
	pending  []Envelope
	acks     []string
	acked    map[string]bool
	dropAcks bool
	// dropAtOnce closes each new connection right after accepting it,
	// before hello: a flapping load balancer.
	dropAtOnce bool
	conns      []*websocket.Conn
	connCount  int
	changed    chan struct{}
}

func newSocketState() *socketState {
	return &socketState{acked: map[string]bool{}, changed: make(chan struct{})}
}

func (st *socketState) notify() {
	close(st.changed)
	st.changed = make(chan struct{})
}

func (st *socketState) closeAll() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, c := range st.conns {
		c.Close()
	}
	st.conns = nil
}

// connectionsOpen is apps.connections.open: it checks the app-level token
// and hands out the websocket URL.
func (s *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if s.begin(w, "apps.connections.open") {
		return
	}
	if token(r) != AppToken {
		slackError(w, "invalid_auth")
		return
	}
	writeJSON(w, map[string]any{"ok": true, "url": "ws://" + s.ServerAddr + "/socket"})
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveSocket runs one Socket Mode connection: hello, then the pending
// envelopes as they come, pings every 100 ms, and acks read back.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	st := s.socket
	st.mu.Lock()
	st.connCount++
	if st.dropAtOnce {
		st.notify()
		st.mu.Unlock()
		conn.Close()
		return
	}
	st.conns = append(st.conns, conn)
	n := st.connCount
	st.mu.Unlock()

	var wmu sync.Mutex // gorilla allows one writer at a time
	write := func(v any) error {
		wmu.Lock()
		defer wmu.Unlock()
		conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		return conn.WriteJSON(v)
	}
	done := make(chan struct{})
	defer close(done)

	go func() { // reader: acks
		defer conn.Close()
		for {
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if err := conn.ReadJSON(&ack); err != nil {
				return
			}
			st.mu.Lock()
			if !st.dropAcks && ack.EnvelopeID != "" {
				st.acks = append(st.acks, ack.EnvelopeID)
				st.acked[ack.EnvelopeID] = true
				kept := st.pending[:0]
				for _, e := range st.pending {
					if e.EnvelopeID != ack.EnvelopeID {
						kept = append(kept, e)
					}
				}
				st.pending = kept
			}
			st.notify()
			st.mu.Unlock()
		}
	}()

	hello := map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "AFAKE001"},
		"debug_info":      map[string]any{"host": fmt.Sprintf("fake-%d", n)}}
	if write(hello) != nil {
		return
	}
	sent := map[string]bool{}
	ping := time.NewTicker(100 * time.Millisecond)
	defer ping.Stop()
	for {
		st.mu.Lock()
		var out []Envelope
		for _, e := range st.pending {
			if !sent[e.EnvelopeID] {
				sent[e.EnvelopeID] = true
				out = append(out, e)
			}
		}
		ch := st.changed
		st.mu.Unlock()
		for _, e := range out {
			if e.Type == "disconnect" {
				st.mu.Lock()
				st.removePending(e.EnvelopeID)
				st.mu.Unlock()
			}
			if write(e) != nil {
				return
			}
		}
		select {
		case <-ch:
		case <-ping.C:
			wmu.Lock()
			err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			wmu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (st *socketState) removePending(id string) {
	kept := st.pending[:0]
	for _, e := range st.pending {
		if e.EnvelopeID != id {
			kept = append(kept, e)
		}
	}
	st.pending = kept
}

// Send queues an envelope for the app. It is sent on the current
// connection and, until acknowledged, again on every new one.
func (s *Server) Send(e Envelope) {
	st := s.socket
	st.mu.Lock()
	defer st.mu.Unlock()
	st.pending = append(st.pending, e)
	st.notify()
}

// SendEvent queues an events_api envelope carrying body (see EventBody).
func (s *Server) SendEvent(envelopeID string, body []byte) {
	s.Send(Envelope{EnvelopeID: envelopeID, Type: "events_api", Payload: body, AcceptsResponsePayload: false})
}

// Disconnect sends a "disconnect" envelope (reason "refresh_requested"):
// the app must reconnect.
func (s *Server) Disconnect() {
	s.Send(Envelope{EnvelopeID: fmt.Sprintf("disconnect-%d", time.Now().UnixNano()), Type: "disconnect", Reason: "refresh_requested"})
}

// Drop closes every open websocket abruptly, as a network failure would.
func (s *Server) Drop() { s.socket.closeAll() }

// DropAtOnce makes the fake accept each new Socket Mode connection and
// close it at once, without hello, until called with false.
func (s *Server) DropAtOnce(on bool) {
	s.socket.mu.Lock()
	defer s.socket.mu.Unlock()
	s.socket.dropAtOnce = on
}

// DropAcks makes the fake ignore acks (as if they were lost in transit)
// while on is true: those envelopes are redelivered on the next connection.
func (s *Server) DropAcks(on bool) {
	st := s.socket
	st.mu.Lock()
	defer st.mu.Unlock()
	st.dropAcks = on
}

// Acks returns the envelope IDs acknowledged so far, in order.
func (s *Server) Acks() []string {
	st := s.socket
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]string(nil), st.acks...)
}

// Connections returns how many websocket connections were opened.
func (s *Server) Connections() int {
	st := s.socket
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.connCount
}

// WaitAcked waits until envelope id is acknowledged.
func (s *Server) WaitAcked(id string, timeout time.Duration) error {
	return s.waitSocket(timeout, func(st *socketState) bool { return st.acked[id] }, "ack of "+id)
}

// WaitConnections waits until n connections have been opened.
func (s *Server) WaitConnections(n int, timeout time.Duration) error {
	return s.waitSocket(timeout, func(st *socketState) bool { return st.connCount >= n }, fmt.Sprintf("%d connections", n))
}

func (s *Server) waitSocket(timeout time.Duration, cond func(*socketState) bool, what string) error {
	st := s.socket
	deadline := time.Now().Add(timeout)
	for {
		st.mu.Lock()
		ok, ch := cond(st), st.changed
		st.mu.Unlock()
		if ok {
			return nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("slackfake: timed out waiting for %s", what)
		}
		select {
		case <-ch:
		case <-time.After(min(left, 50*time.Millisecond)):
		}
	}
}
