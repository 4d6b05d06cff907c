package slack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"golang.org/x/time/rate"

	"clausebot/bot"
)

// Slack's limits on a response_url: it takes at most five posts, within
// thirty minutes of the command or press that gave it.
const (
	maxResponseURLUses  = 5
	responseURLLifetime = 30 * time.Minute
)

// errResponseURLUsed says a response_url has taken all the posts Slack
// allows (counted here, or refused by Slack as used_url).
var errResponseURLUsed = errors.New("response_url: used up (Slack takes 5 posts)")

// send delivers msgs to d in order, paced per channel and retried on 429.
// It stops at the first message that cannot be delivered, so a reply never
// arrives with a hole in it.
//
// Replies through a response_url go there while it has uses left (render
// has already packed the reply into as few messages as the block limits
// allow, so nearly every reply takes one or two); the rest go by
// chat.postEphemeral to the asker, or chat.postMessage for a public answer,
// so a long answer is never cut off at Slack's five posts.
func (a *Adapter) send(ctx context.Context, d dest, msgs []message) error {
	for i, m := range msgs {
		var err error
		if d.responseURL != "" {
			err = a.respondMessage(ctx, d, m)
			if errors.Is(err, errResponseURLUsed) {
				a.log.DebugContext(ctx, "slack: response_url used up; posting the rest directly", "channel", d.channel, "part", i+1, "parts", len(msgs))
				if d.public {
					err = a.postMessage(ctx, d.channel, d.threadTS, m)
				} else {
					err = a.postEphemeral(ctx, d.channel, d.user, m)
				}
			}
		} else {
			err = a.postMessage(ctx, d.channel, d.threadTS, m)
		}
		if err != nil {
			return fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}

// respondMessage posts one message of a reply to d's response_url.
func (a *Adapter) respondMessage(ctx context.Context, d dest, m message) error {
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
	return a.respond(ctx, d.responseURL, channel, wm)
}

// postEphemeral posts one message only user can see, with
// chat.postEphemeral.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user string, m message) error {
	if user == "" {
		return errors.New("chat.postEphemeral: no user to show the reply to")
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(m.Text, false),
		slack.MsgOptionBlocks(m.Blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	return a.retry(ctx, "", "chat.postEphemeral", func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
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
// when set, is paced like a channel post. It returns errResponseURLUsed,
// without calling Slack, once the URL has taken its five posts.
func (a *Adapter) respond(ctx context.Context, url, channel string, wm *slack.WebhookMessage) error {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return errors.New("response_url: not an http(s) URL")
	}
	if a.responseURLUses(ctx, url, 0) >= maxResponseURLUses {
		return errResponseURLUsed
	}
	err := a.retry(ctx, channel, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookCustomHTTPContext(ctx, url, a.cfg.HTTPClient, wm)
	})
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusNotFound {
		// used_url or expired_url: Slack takes no more posts there.
		a.responseURLUses(ctx, url, maxResponseURLUses)
		return fmt.Errorf("%w: %v", errResponseURLUsed, err)
	}
	if err == nil {
		a.responseURLUses(ctx, url, 1)
	}
	return err
}

// responseURLUses adds n to the posts counted for url and returns the
// count. The shared count is keyed by a hash of the URL, which is a
// credential for posting to the channel.
func (a *Adapter) responseURLUses(ctx context.Context, url string, n int) int {
	if a.cfg.Shared != nil {
		sum := sha256.Sum256([]byte(url))
		key := "slack:response_url:" + hex.EncodeToString(sum[:16])
		if n == 0 {
			return int(a.cfg.Shared.Count(ctx, key))
		}
		return int(a.cfg.Shared.Add(ctx, key, int64(n), responseURLLifetime))
	}
	a.respMu.Lock()
	defer a.respMu.Unlock()
	uses, _ := a.responseUses.Get(url)
	if n != 0 {
		uses += n
		a.responseUses.Add(url, uses)
	}
	return uses
}

// retry runs call, paced for channel, until it succeeds, fails for good, or
// has been retried MaxRetries times. It honours Retry-After on 429 and backs
// off on 5xx and network errors. A rejected token ends Run.
func (a *Adapter) retry(ctx context.Context, channel, op string, call func(context.Context) error) error {
	backoff := time.Second
	for attempt := 0; ; attempt++ {
		if channel != "" {
			if err := a.pace(ctx, channel); err != nil {
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
	// A network error: the request may not have reached Slack. One that
	// could not be sent as written (a malformed URL) never will.
	return backoff, !bot.Permanent(err) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

func isAuthCode(code string) bool {
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		return true
	}
	return false
}

// pace waits for the channel's next slot: on the shared pacer when there is
// one, else on this process's limiter.
func (a *Adapter) pace(ctx context.Context, channel string) error {
	if a.cfg.Shared != nil && a.cfg.ChannelInterval > 0 {
		return a.cfg.Shared.Wait(ctx, "slack:channel:"+channel, float64(time.Second)/float64(a.cfg.ChannelInterval), a.cfg.ChannelBurst)
	}
	return a.limiter(channel).Wait(ctx)
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
