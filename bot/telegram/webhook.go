package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the webhook secret in Telegram's requests.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// serveWebhookMode registers the webhook and serves until ctx ends.
func (a *Adapter) serveWebhookMode(ctx, work context.Context, cancelWork context.CancelFunc) error {
	// tgbotapi's WebhookConfig has no secret_token, so the request is built
	// by hand and sent through the library's raw request method.
	p := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}
	if err := p.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return err
	}
	if _, err := a.call(ctx, "setWebhook", p, nil); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		// err already reads "telegram: setWebhook…: cause"; an API
		// refusal is described by Telegram's own words.
		if te, ok := apiError(err); ok {
			return &startError{msg: fmt.Sprintf("telegram: setWebhook: Telegram refused %s (%d %s)", a.cfg.WebhookURL, te.Code, te.Message), err: err}
		}
		return err
	}
	a.intake.Lock()
	a.work = work
	a.accepting = true
	a.intake.Unlock()
	a.ready.Store(true)
	a.log.Info("telegram: webhook registered", "path", WebhookPath)
	<-ctx.Done()
	// The webhook stays registered: Telegram queues updates while we are
	// down and delivers them to the next instance.
	if !a.drain(cancelWork) {
		return errAbandoned(a.cfg.ShutdownTimeout)
	}
	return nil
}

// serveWebhook takes one update from Telegram. It answers at once and
// handles the update in the background: Telegram waits for the answer
// before sending the next update to the bot, and retries on a slow one.
func (a *Adapter) serveWebhook(w http.ResponseWriter, r *http.Request) {
	got := r.Header.Get(secretHeader)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.WebhookSecret)) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, a.cfg.MaxWebhookBody)
	var u incoming
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad update: "+err.Error(), http.StatusBadRequest)
		return
	}
	a.intake.RLock()
	defer a.intake.RUnlock()
	if !a.accepting {
		// Starting or stopping: Telegram will deliver it again, to us or
		// to the next instance.
		w.Header().Set("Retry-After", "1")
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	if !a.firstUpdate(r.Context(), u.UpdateID) {
		w.WriteHeader(http.StatusOK) // a re-delivery: already taken
		return
	}
	if err := checkUpdate(&u.Update); err != nil {
		// 200, not 400: Telegram redelivers anything else, forever.
		a.skipMalformed(&u.Update, err)
		w.WriteHeader(http.StatusOK)
		return
	}
	work := a.work
	a.runner.Go(updateKey(&u.Update), func() { a.handleUpdate(work, &u) })
	w.WriteHeader(http.StatusOK)
}
