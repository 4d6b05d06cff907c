package slack

import (
	"context"

	"github.com/slack-go/slack"

	"clausebot/bot"
)

// acknowledge shows a vote's acknowledgement (and a 👎's follow-up
// question with its choices) to the voter alone, as an ephemeral message
// in the thread of the answer voted on, so the channel does not see who
// voted or fill with thank-yous.
func (a *Adapter) acknowledge(ctx context.Context, d dest, r bot.Reply) {
	for _, m := range render(r, renderOptions{}) {
		opts := []slack.MsgOption{
			slack.MsgOptionText(m.Text, false),
			slack.MsgOptionBlocks(m.Blocks...),
			slack.MsgOptionDisableLinkUnfurl(),
			slack.MsgOptionDisableMediaUnfurl(),
		}
		if d.threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(d.threadTS))
		}
		err := a.retry(ctx, "", "chat.postEphemeral", func(ctx context.Context) error {
			_, err := a.api.PostEphemeralContext(ctx, d.channel, d.user, opts...)
			return err
		})
		if err != nil {
			a.log.WarnContext(ctx, "slack: vote acknowledgement not delivered", "channel", d.channel, "error", err)
			return
		}
	}
}
