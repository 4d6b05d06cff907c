package slack

import (
	"context"
	"errors"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocketMode serves over Socket Mode until ctx is done.
//
// It uses slack-go's socketmode client: it opens the connection with
// apps.connections.open, answers pings, reconnects after a "disconnect"
// envelope or a dropped socket, retries failed connects with jittered
// exponential backoff (honouring 429s), and gives up on rejected
// credentials. What it does not do, this adapter adds: every envelope is
// acknowledged as soon as it is read, before any work; and envelopes are
// deduplicated by envelope_id and event_id, since Slack redelivers an
// envelope whose ack was lost with a reconnect.
func (a *Adapter) runSocketMode(ctx context.Context) error {
	smc := socketmode.New(a.client, socketmode.OptionLog(debugLog{a.log}))
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- smc.RunContext(runCtx) }()

	for {
		select {
		case <-ctx.Done():
			cancel()
			<-runErr
			return nil
		case err := <-a.fatal:
			cancel()
			<-runErr
			return err
		case err := <-runErr:
			a.ready.Store(false)
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return a.authError("socket mode", "SLACK_APP_TOKEN", err)
		case evt := <-smc.Events:
			a.onSocketEvent(runCtx, smc, evt)
		}
	}
}

// onSocketEvent handles one event from the socketmode client.
func (a *Adapter) onSocketEvent(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	// Ready means connected now: a connection that has said hello and
	// has not been lost since. Every (re)connect starts with Connecting,
	// including the ones after a socket closed without an error event.
	case socketmode.EventTypeConnecting:
		a.ready.Store(false)
		a.log.Debug("slack: socket mode connecting")
	case socketmode.EventTypeConnected:
		a.log.Info("slack: socket mode connected")
	case socketmode.EventTypeHello:
		a.ready.Store(true)
	case socketmode.EventTypeDisconnect:
		a.ready.Store(false)
	case socketmode.EventTypeConnectionError:
		a.ready.Store(false)
		if e, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			// slack-go's own backoff; the reconnect gate may add to it
			// and logs its own wait.
			a.log.Warn("slack: socket mode connect failed; retrying", "attempt", e.Attempt, "wait", e.Backoff, "error", e.ErrorObj)
		}
	case socketmode.EventTypeIncomingError:
		a.ready.Store(false)
		a.log.Warn("slack: socket mode connection lost; reconnecting")
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack: socket mode: app token rejected")
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack: socket mode message error", "type", string(evt.Type))
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		// Ack first: Slack redelivers anything not acknowledged within
		// 3 s, and answering can take longer than that.
		if err := smc.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			a.log.Warn("slack: ack failed", "envelope", evt.Request.EnvelopeID, "error", err)
		}
		envelope := "envelope:" + evt.Request.EnvelopeID
		switch data := evt.Data.(type) {
		case slackevents.EventsAPIEvent:
			a.onEvent(data, envelope)
		case slack.SlashCommand:
			if a.firstSeen(envelope) {
				a.onCommand(data)
			}
		case slack.InteractionCallback:
			if a.firstSeen(envelope) {
				a.onInteraction(data)
			}
		}
	}
}
