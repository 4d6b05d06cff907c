package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"clausebot/bot"
)

// send delivers msgs to d in order, paced per channel and retried on 429.
// It stops at the first message that cannot be delivered, so a reply never
// arrives with a hole in it.
func (a *Adapter) send(ctx context.Context, d dest, msgs []message) error {
	for i, m := range msgs {
		var err error
		if d.responseURL != "" {
			wm := &slack.WebhookMessage{
				Text:        m.Text,
				Blocks:      &slack.Blocks{BlockSet: m.Blocks},
				UnfurlLinks: new(false),
				UnfurlMedia: new(false),
			}
			wm.ResponseType = slack.ResponseTypeEphemeral
			channel := "" // ephemeral replies do not count toward the channel's pace
			if d.public {
				wm.ResponseType = slack.ResponseTypeInChannel
				channel = d.channel
			}
			err = a.respond(ctx, d.responseURL, channel, wm)
		} else {
			err = a.postMessage(ctx, d.channel, d.threadTS, m)
		}
		if err != nil {
			return fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}

// postMessage posts one message with chat.postMessage.
func (a *Adapter) postMessage(ctx context.Context, channel, threadTS string, m message) error {
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return a.retry(ctx, channel, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
}

// respond posts to a response_url (slash commands and buttons). channel,
// when set, is paced like a channel post.
func (a *Adapter) respond(ctx context.Context, url, channel string, wm *slack.WebhookMessage) error {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return errors.New("response_url: not an http(s) URL")
	}
	return a.retry(ctx, channel, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, url, a.cfg.HTTPClient, wm)
	})
}

// retry runs call, paced for channel, until it succeeds, fails for good, or
// has been retried MaxRetries times. It honours Retry-After on 429 and backs
// off on 5xx and network errors. A rejected token ends Run.
func (a *Adapter) retry(ctx context.Context, channel, op string, call func(context.Context) error) error {
	backoff := time.Second
	for attempt := 0; ; attempt++ {
		if channel != "" {
			if err := a.limiter(channel).Wait(ctx); err != nil {
				a.metrics.SendError(bot.Slack)
				return fmt.Errorf("%s: waiting for the channel's pace: %w", op, err)
			}
		}
		err := call(ctx)
		if err == nil {
			a.metrics.Sent(bot.Slack)
			return nil
		}
		wait, retryable := a.retryWait(err, backoff)
		if !retryable || attempt >= a.cfg.MaxRetries || ctx.Err() != nil {
			a.metrics.SendError(bot.Slack)
			if code := slackErrorCode(err); isAuthCode(code) {
				select {
				case a.fatal <- a.authError(op, "SLACK_BOT_TOKEN", err):
				default:
				}
			}
			return fmt.Errorf("%s: %w", op, err)
		}
		a.metrics.SendRetry(bot.Slack)
		a.log.InfoContext(ctx, "slack: send retried", "op", op, "channel", channel, "wait", wait, "attempt", attempt+1, "error", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			a.metrics.SendError(bot.Slack)
			return fmt.Errorf("%s: %w", op, ctx.Err())
		case <-t.C:
		}
		backoff = min(2*backoff, 30*time.Second)
	}
}

// retryWait says whether err is worth another try and how long to wait.
func (a *Adapter) retryWait(err error, backoff time.Duration) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return min(max(rl.RetryAfter, time.Second), a.cfg.MaxRetryAfter), true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return backoff, sc.Code >= 500 || sc.Code == http.StatusTooManyRequests
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		// Slack's own transient errors; everything else (msg_too_long,
		// channel_not_found, …) will fail the same way again.
		switch se.Err {
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited":
			return backoff, true
		}
		return 0, false
	}
	// A network error: the request may not have reached Slack.
	return backoff, !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func isAuthCode(code string) bool {
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		return true
	}
	return false
}

// limiter returns the channel's pacing limiter.
func (a *Adapter) limiter(channel string) *rate.Limiter {
	a.limMu.Lock()
	defer a.limMu.Unlock()
	if l, ok := a.limiters.Get(channel); ok {
		return l
	}
	every := rate.Every(a.cfg.ChannelInterval)
	if a.cfg.ChannelInterval < 0 {
		every = rate.Inf
	}
	l := rate.NewLimiter(every, a.cfg.ChannelBurst)
	a.limiters.Add(channel, l)
	return l
}
