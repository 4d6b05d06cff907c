package slack

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"clausebot/bot"
)

// Surfaces beyond messages: the App Home tab and the message shortcut.
const (
	// ShortcutCallbackID is the callback_id of the message shortcut "Ask
	// clausebot about this message" (slack-app-manifest.yaml).
	ShortcutCallbackID = "clausebot_ask_message"
	// maxViewBlocks is the most blocks a Home tab view may hold.
	maxViewBlocks = 100
)

// onAppHomeOpened publishes the Home tab for the user who opened it: what
// the bot knows (the core's /sources), how to ask and example questions
// (its /help). The messages tab opening is not a question and is ignored.
func (a *Adapter) onAppHomeOpened(e *slackevents.AppHomeOpenedEvent, team, key string) {
	// The channel allowlist does not apply: the Home tab is the user's
	// own page, in no channel.
	if e.Tab != "home" || e.User == "" || (a.teams != nil && !a.teams[team]) {
		return
	}
	if !a.firstSeen(key, "home:"+e.User+":"+e.EventTimeStamp) {
		return
	}
	// The event's channel is the user's DM with the app, so the tab speaks
	// the language the user last wrote to the bot in there.
	chat := firstNonEmpty(e.Channel, "home:"+e.User)
	a.dispatch("app_home_opened", func(ctx context.Context) {
		blocks := a.homeBlocks(ctx, chat, e.User)
		if len(blocks) == 0 {
			return
		}
		view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
		err := a.retry(ctx, "", "views.publish", func(ctx context.Context) error {
			_, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: e.User, View: view})
			return err
		})
		if err != nil {
			a.log.WarnContext(ctx, "slack: home tab not published", "user", e.User, "error", err)
		}
	})
}

// homeBlocks builds the Home tab from the core's /help and /sources
// replies, asked as user in chat (their DM with the app), so the tab
// speaks the language the user last wrote in there, else the default.
// Buttons are left out: the tab is a page to read, and presses on it have
// no channel to answer in.
func (a *Adapter) homeBlocks(ctx context.Context, chat, user string) []slack.Block {
	var blocks []slack.Block
	for i, cmd := range []string{"/help", "/sources"} {
		r, ok := a.h.Handle(ctx, bot.Message{Platform: bot.Slack, ChatID: chat, UserID: user, Text: cmd, Direct: true})
		if !ok {
			continue
		}
		r.Buttons = nil
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		for _, m := range render(r, renderOptions{}) {
			blocks = append(blocks, m.Blocks...)
		}
	}
	if len(blocks) > maxViewBlocks {
		// A view holds at most 100 blocks; /sources of very many
		// documents is cut, and the last block says where to see it all.
		blocks = append(blocks[:maxViewBlocks-1], slack.NewContextBlock("", mrkdwn("… /ask sources")))
	}
	return blocks
}

// onMessageShortcut answers "Ask clausebot about this message": the
// message's words are the question, and the answer is shown only to the
// user who chose the shortcut, with a "Share in channel" button, as a
// slash command's is.
func (a *Adapter) onMessageShortcut(ic slack.InteractionCallback) {
	if ic.CallbackID != ShortcutCallbackID {
		return
	}
	channel, user := ic.Channel.ID, ic.User.ID
	if !a.allowed(firstNonEmpty(ic.Team.ID, ic.User.TeamID), channel) || channel == "" || user == "" {
		return
	}
	if !a.firstSeen("shortcut:" + channel + ":" + ic.MessageTs + ":" + ic.ActionTs + ":" + user) {
		return
	}
	text := ic.Message.Text
	if len(ic.Message.Blocks.BlockSet) > 0 && text == "" {
		text = blocksText(ic.Message.Blocks)
	}
	question := a.plainText(text)
	d := dest{channel: channel, user: user}
	if checkResponseURL(ic.ResponseURL) == nil {
		d.responseURL = ic.ResponseURL
	}
	m := bot.Message{Platform: bot.Slack, ChatID: channel, UserID: user, Text: "/ask " + question, Mentioned: true,
		Direct: len(channel) > 0 && channel[0] == 'D'}
	a.dispatch("shortcut", func(ctx context.Context) {
		r, ok := a.h.Handle(ctx, m)
		if !ok {
			return
		}
		if d.responseURL != "" {
			a.deliver(ctx, d, r, m.Text)
			return
		}
		// No response_url: post the answer ephemerally ourselves.
		for _, msg := range render(r, renderOptions{}) {
			if err := a.postEphemeral(ctx, channel, user, msg); err != nil {
				a.log.WarnContext(ctx, "slack: shortcut answer not delivered", "channel", channel, "error", err)
				return
			}
		}
	})
}
