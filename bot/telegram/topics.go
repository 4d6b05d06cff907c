package telegram

import (
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// incoming is an update as the adapter reads it: the library's decoding plus
// the fields go-telegram-bot-api v5.5.1 predates. Both the poller and the
// webhook decode into it, so every handler sees the same fields.
type incoming struct {
	tgbotapi.Update
	// thread is the forum topic (message_thread_id) of the message, or of
	// the message whose button was pressed; 0 outside forum topics, where
	// a reply needs no thread (General included).
	thread int
}

// topicFields are a message's forum-topic fields (Bot API 6.3).
type topicFields struct {
	ThreadID int  `json:"message_thread_id"`
	IsTopic  bool `json:"is_topic_message"`
}

// topic is the thread a reply to the message must name: its
// message_thread_id when the message is in a forum topic. In a supergroup
// without topics a reply chain also has a message_thread_id, but a reply
// sent with it would be refused, so it counts only with is_topic_message.
func (t *topicFields) topic() int {
	if t == nil || !t.IsTopic || t.ThreadID <= 0 {
		return 0
	}
	return t.ThreadID
}

// UnmarshalJSON decodes an update with the library, then reads the topic
// fields the library's Message does not have from the same bytes.
func (u *incoming) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &u.Update); err != nil {
		return err
	}
	var raw struct {
		Message       *topicFields `json:"message"`
		CallbackQuery *struct {
			Message *topicFields `json:"message"`
		} `json:"callback_query"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	u.thread = raw.Message.topic()
	if raw.CallbackQuery != nil && u.thread == 0 {
		u.thread = raw.CallbackQuery.Message.topic()
	}
	return nil
}
