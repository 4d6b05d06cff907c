package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// QuestionLog records the questions the bot answered and the votes people
// gave the answers, so an operator can see what went unanswered or wrong.
// Package bot/qlog implements it over SQLite or PostgreSQL.
//
// Both methods are called on the reply path and must return at once: an
// implementation queues the record and writes it later, and drops it (and
// counts it) rather than wait for a slow or broken database.
type QuestionLog interface {
	// LogQuestion records one question and what the bot answered.
	LogQuestion(q LoggedQuestion)
	// LogVote records a user's vote on an answer. A later vote by the same
	// user on the same answer replaces the earlier one.
	LogVote(v Vote)
}

// LoggedQuestion is one question as the core saw it. ChatID and UserID are
// the platform's raw ids: the QuestionLog stores only keyed hashes of them.
type LoggedQuestion struct {
	// ID is the answer's id, the one its feedback buttons carry back.
	ID       string
	At       time.Time
	Platform Platform
	ChatID   string
	UserID   string
	// Text is the question as asked.
	Text string
	Lang Lang
	// Hits are the clauses shown on the answer's first page, best first.
	Hits []LoggedHit
	// Abstained is true when the bot answered "no match".
	Abstained bool
	// Match says how the best hit was reached: MatchDirect or
	// MatchTranslation; "" when the bot abstained.
	Match string
	// Latency is the search's duration.
	Latency time.Duration
}

// LoggedHit is one clause of a logged answer.
type LoggedHit struct {
	Ref     string
	DocID   string
	Section string
	Score   float64
}

// How a logged answer was matched (LoggedQuestion.Match).
const (
	MatchDirect      = "direct"      // the question's own words, synonyms included
	MatchTranslation = "translation" // English words through the dictionary
)

// Vote is one user's judgement of an answer.
type Vote struct {
	// QuestionID is the LoggedQuestion.ID of the answer voted on.
	QuestionID string
	At         time.Time
	Platform   Platform
	ChatID     string
	UserID     string
	// Up is true for 👍, false for 👎.
	Up bool
	// Correct is, on a 👎, the reference the user said would have been
	// right, CorrectNone when none of the documents' clauses would, or ""
	// when they did not say.
	Correct string
}

// CorrectNone is Vote.Correct for "none of them would have been right".
const CorrectNone = "none"

// The words of the feedback buttons and acknowledgements.
var (
	wVoteUp        = words{"👍", "👍", "👍"}
	wVoteDown      = words{"👎", "👎", "👎"}
	wThanksUp      = words{"Thanks, your 👍 is recorded. Press 👎 to change it.", "谢谢，已记下您的 👍。按 👎 可以改。", "Спасибо, ваш 👍 учтён. Нажмите 👎, чтобы изменить оценку."}
	wThanksDown    = words{"Thanks, your 👎 is recorded. Which clause would have been right? Press it below, or send %[1]s REF (e.g. %[1]s %[2]s).", "谢谢，已记下您的 👎。哪一条才对？请点下面的出处，或发送 %[1]s 出处（如 %[1]s %[2]s）。", "Спасибо, ваш 👎 учтён. Какой пункт был бы правильным? Нажмите его ниже или отправьте %[1]s ССЫЛКА (например, %[1]s %[2]s)."}
	wNoneRight     = words{"None of them", "都不对", "Ни один из них"}
	wThanksNoMatch = words{"Thanks, your 👎 is recorded. Which clause should have answered? Send %[1]s REF (e.g. %[1]s %[2]s).", "谢谢，已记下您的 👎。应该回答哪一条？请发送 %[1]s 出处（如 %[1]s %[2]s）。", "Спасибо, ваш 👎 учтён. Какой пункт должен был ответить? Отправьте %[1]s ССЫЛКА (например, %[1]s %[2]s)."}
	wThanksRight   = words{"Thanks: noted that %s would have been right.", "谢谢，已记下：%s 才对。", "Спасибо: отмечено, что правильным был бы %s."}
	wThanksNone    = words{"Thanks: noted that none of the clauses would have been right.", "谢谢，已记下：这些条款都不对。", "Спасибо: отмечено, что ни один из пунктов не был бы правильным."}
	wRightUsage    = words{"Send %[1]s REF after a 👎, e.g. %[1]s %[2]s, or %[1]s none.", "请在按 👎 之后发送 %[1]s 出处，如 %[1]s %[2]s，或 %[1]s none。", "Отправьте %[1]s ССЫЛКА после 👎, например %[1]s %[2]s, или %[1]s none."}
	wRightNoVote   = words{"There is no 👎 of yours to add a reference to. Press 👎 under an answer first.", "您还没有对回答按 👎，请先在回答下按 👎。", "Вы ещё не ставили 👎, к которому можно добавить ссылку. Сначала нажмите 👎 под ответом."}
	wVoteExpired   = words{"This answer is too old to vote on. Please ask again.", "这个回答已过期，无法投票，请重新提问。", "Этот ответ слишком старый для оценки. Задайте вопрос ещё раз."}
	wSorry         = words{"Sorry that was not what you needed. Try asking in other words, or see /sources for what the documents cover.", "抱歉，这个回答没帮上忙。可以换个说法再问，或用 /sources 查看已载入的文件。", "Жаль, что ответ не подошёл. Спросите другими словами или посмотрите /sources — какие документы загружены."}
	wRightUnknown  = words{"There is no clause %s. Send the reference as shown under a clause, e.g. %s %s.", "没有出处为 %s 的条款。请照条款下的出处发送，如 %s %s。", "Пункта %s нет. Отправьте ссылку так, как она указана под пунктом, например %s %s."}
)

// feedback is the core's memory of recent answers, so a vote can be
// checked against the chat it came from and a 👎 can offer the answer's
// own references as the likely right ones.
//
// With a shared Store (replicas, bot/redisstate) both live there, so a vote
// pressed on one replica's answer reaches another; otherwise in two LRUs.
// Either way they last PageTTL: a 👎 waits for its reference that long,
// and no longer once the reference is given.
type feedback struct {
	answers *lru.Cache[string, answered] // answer id → what it showed
	downs   *lru.Cache[string, pending]  // platform:chat:user → their last 👎
}

// answered is what an answer showed, kept for its votes.
type answered struct {
	Platform Platform  `json:"p"`
	Chat     string    `json:"c"`
	Refs     []string  `json:"r"`
	At       time.Time `json:"t"`
}

// pending is a 👎 waiting for the reference that would have been right.
type pending struct {
	ID string    `json:"id"`
	At time.Time `json:"t"`
}

// rememberAnswer keeps what answer id showed, for its votes.
func (b *Bot) rememberAnswer(ctx context.Context, id string, a answered) {
	if st := b.opts.Store; st != nil {
		v, _ := json.Marshal(a)
		st.Set(ctx, "fb:a:"+id, string(v), b.opts.PageTTL)
		return
	}
	b.fb.answers.Add(id, a)
}

// answerOf is what answer id showed; false when it is unknown or older
// than PageTTL.
func (b *Bot) answerOf(ctx context.Context, id string) (answered, bool) {
	var a answered
	if st := b.opts.Store; st != nil {
		v, ok := st.Get(ctx, "fb:a:"+id)
		if !ok || json.Unmarshal([]byte(v), &a) != nil {
			return answered{}, false
		}
		return a, true
	}
	a, ok := b.fb.answers.Get(id)
	return a, ok && b.opts.Now().Sub(a.At) <= b.opts.PageTTL
}

// setPending records (id != "") or clears (id == "") user key's waiting 👎.
func (b *Bot) setPending(ctx context.Context, key, id string) {
	if st := b.opts.Store; st != nil {
		ttl := b.opts.PageTTL
		if id == "" {
			ttl = time.Second // the Store has no delete: "" is none
		}
		st.Set(ctx, "fb:d:"+key, id, ttl)
		return
	}
	if id == "" {
		b.fb.downs.Remove(key)
		return
	}
	b.fb.downs.Add(key, pending{ID: id, At: b.opts.Now()})
}

// pendingDown is the answer id of user key's waiting 👎, if any.
func (b *Bot) pendingDown(ctx context.Context, key string) (string, bool) {
	if st := b.opts.Store; st != nil {
		v, ok := st.Get(ctx, "fb:d:"+key)
		return v, ok && v != ""
	}
	p, ok := b.fb.downs.Get(key)
	return p.ID, ok && b.opts.Now().Sub(p.At) <= b.opts.PageTTL
}

func newFeedback(size int) *feedback {
	// lru.New only fails for a non-positive size, which withDefaults rules out.
	a, _ := lru.New[string, answered](size)
	d, _ := lru.New[string, pending](size)
	return &feedback{answers: a, downs: d}
}

// logQuestion records a searched question, when a QuestionLog is set, and
// remembers the answer for its votes.
func (b *Bot) logQuestion(c call, id, q string, res Results, latency time.Duration) {
	ql := b.opts.QuestionLog
	if ql == nil {
		return
	}
	e := LoggedQuestion{
		ID: id, At: b.opts.Now(), Platform: c.platform, ChatID: c.chat, UserID: c.user,
		Text: q, Lang: c.lang, Abstained: len(res.Hits) == 0, Latency: latency,
	}
	refs := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		e.Hits = append(e.Hits, LoggedHit{Ref: h.Ref, DocID: h.DocID, Section: h.Section, Score: h.Score})
		refs = append(refs, h.Ref)
	}
	if len(res.Hits) > 0 {
		e.Match = MatchDirect
		if strings.HasPrefix(res.Hits[0].Via, "translation") {
			e.Match = MatchTranslation
		}
	}
	b.rememberAnswer(context.Background(), id, answered{Platform: c.platform, Chat: c.chat, Refs: refs, At: e.At})
	ql.LogQuestion(e)
}

// feedbackButtons are the 👍 and 👎 under an answer; none without a
// QuestionLog to record them.
func (b *Bot) feedbackButtons(l Lang, id string) []Button {
	if b.opts.QuestionLog == nil {
		return nil
	}
	return []Button{
		{Label: wVoteUp.in(l), Data: b.voteData(l, id, "u")},
		{Label: wVoteDown.in(l), Data: b.voteData(l, id, "d")},
	}
}

// voteData is button data for a vote: "v<l>:<id>:u" (👍), "…:d" (👎),
// "…:n" (none would have been right) or "…:<k>" (the answer's k-th
// reference, from 1, would have been).
func (b *Bot) voteData(l Lang, id, v string) string {
	return b.data("v" + string(langCode(l)) + ":" + id + ":" + v)
}

// decodeVote parses the rest of "v<l>:" data into c.
func decodeVote(rest string, c *cursor) bool {
	id, v, ok := strings.Cut(rest, ":")
	if !ok || !validID(id) {
		return false
	}
	switch v {
	case "u", "d", "n":
	default:
		k, err := strconv.Atoi(v)
		if err != nil || k < 1 || k > 10 {
			return false
		}
	}
	c.kind, c.id, c.ref = curVote, id, v
	return true
}

// vote records a button vote and acknowledges it. A 👎 asks which clause
// would have been right, offering the answer's own references.
func (b *Bot) vote(ctx context.Context, c call, id, v string) Reply {
	ans, ok := b.answerOf(ctx, id)
	if !ok || ans.Platform != c.platform || ans.Chat != c.chat || b.opts.QuestionLog == nil {
		return text(KindFeedback, c.lang, wVoteExpired.in(c.lang))
	}
	vt := Vote{QuestionID: id, At: b.opts.Now(), Platform: c.platform, ChatID: c.chat, UserID: c.user}
	down := chatKey(c.platform, c.chat) + ":" + c.user
	switch v {
	case "u":
		vt.Up = true
		b.setPending(ctx, down, "")
		b.opts.QuestionLog.LogVote(vt)
		return text(KindFeedback, c.lang, wThanksUp.in(c.lang))
	case "d":
		b.setPending(ctx, down, id)
		b.opts.QuestionLog.LogVote(vt)
		example := "二·12"
		if len(ans.Refs) > 0 {
			example = ans.Refs[len(ans.Refs)-1]
		}
		if len(ans.Refs) == 0 {
			// "No match" voted down: the documents do answer it, so
			// there is no list to choose from, only a reference to type.
			return text(KindFeedback, c.lang, sprintf(wThanksNoMatch.in(c.lang), rightCommand(c.platform), example))
		}
		r := text(KindFeedback, c.lang, sprintf(wThanksDown.in(c.lang), rightCommand(c.platform), example))
		for k, ref := range ans.Refs {
			r.Buttons = append(r.Buttons, Button{Label: ref, Data: b.voteData(c.lang, id, strconv.Itoa(k+1))})
		}
		r.Buttons = append(r.Buttons, Button{Label: wNoneRight.in(c.lang), Data: b.voteData(c.lang, id, "n")})
		return r
	case "n":
		vt.Correct = CorrectNone
		b.setPending(ctx, down, "")
		b.opts.QuestionLog.LogVote(vt)
		return text(KindFeedback, c.lang, wThanksNone.in(c.lang))
	}
	k, _ := strconv.Atoi(v) // decodeVote checked it
	if k > len(ans.Refs) {
		return text(KindFeedback, c.lang, wVoteExpired.in(c.lang))
	}
	vt.Correct = ans.Refs[k-1]
	b.setPending(ctx, down, "")
	b.opts.QuestionLog.LogVote(vt)
	return text(KindFeedback, c.lang, sprintf(wThanksRight.in(c.lang), vt.Correct))
}

// negative answers a message saying the chat's last answer was wrong or
// no help ("👎", "wrong", "не то"): with a question log, it is the 👎
// vote on that answer, recorded and acknowledged as the button's is (it
// asks which clause would have been right); without one, or when the
// answer is no longer remembered, a plain apology in c.lang. It is never
// thanked: a trial's "👎" got "不客气".
func (b *Bot) negative(ctx context.Context, c call) Reply {
	if id, ok := b.recentAnswer(ctx, c.platform, c.chat); ok && b.opts.QuestionLog != nil {
		if _, ok := b.answerOf(ctx, id); ok {
			return b.vote(ctx, c, id, "d")
		}
	}
	return text(KindFeedback, c.lang, wSorry.in(c.lang))
}

// recentAnswer is the id of the chat's last answer (or "no match") if it
// was given or paged through less than PageTTL ago; false otherwise.
func (b *Bot) recentAnswer(ctx context.Context, p Platform, chat string) (string, bool) {
	id, ok := b.getLast(ctx, chatKey(p, chat))
	if !ok {
		return "", false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	pg, ok := b.getPage(ctx, id)
	if !ok || pg.platform != p || pg.chat != chat || b.opts.Now().Sub(pg.at) > b.opts.PageTTL {
		return "", false
	}
	return id, true
}

// right records a typed correction, "/right REF" or "/right none", on the
// user's last 👎 in this chat. The reference must name a clause.
func (b *Bot) right(ctx context.Context, c call, arg string) Reply {
	arg = strings.TrimSpace(arg)
	example := "二·12"
	if b.opts.QuestionLog == nil {
		return text(KindError, c.lang, sprintf(wUnknownCmd.in(c.lang), "/right"))
	}
	down := chatKey(c.platform, c.chat) + ":" + c.user
	id, ok := b.pendingDown(ctx, down)
	var ans answered
	if ok {
		ans, ok = b.answerOf(ctx, id)
	}
	if ok && len(ans.Refs) > 0 {
		example = ans.Refs[len(ans.Refs)-1]
	}
	switch {
	case !ok:
		return text(KindFeedback, c.lang, wRightNoVote.in(c.lang))
	case arg == "":
		return text(KindFeedback, c.lang, sprintf(wRightUsage.in(c.lang), rightCommand(c.platform), example))
	}
	vt := Vote{QuestionID: id, At: b.opts.Now(), Platform: c.platform, ChatID: c.chat, UserID: c.user}
	if noneWord(arg) {
		vt.Correct = CorrectNone
		b.setPending(ctx, down, "")
		b.opts.QuestionLog.LogVote(vt)
		return text(KindFeedback, c.lang, wThanksNone.in(c.lang))
	}
	if len(arg) > maxRefBytes {
		return text(KindFeedback, c.lang, sprintf(wRightUsage.in(c.lang), rightCommand(c.platform), example))
	}
	cl, err := b.s.Clause(ctx, arg)
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			return b.errorReply(ctx, c, "right", err)
		}
		b.logf(ctx, slog.LevelDebug, "right: not a clause", slog.String("platform", string(c.platform)))
		return text(KindFeedback, c.lang, sprintf(wRightUnknown.in(c.lang), quote(arg), rightCommand(c.platform), example))
	}
	vt.Correct = cl.Ref
	b.setPending(ctx, down, "")
	b.opts.QuestionLog.LogVote(vt)
	return text(KindFeedback, c.lang, sprintf(wThanksRight.in(c.lang), cl.Ref))
}

// rightCommand is how a user names the right clause on platform p: the
// /right command, or on Slack, whose one slash command takes the others as
// words, "right" in a message to the bot (or after /ask).
func rightCommand(p Platform) string {
	if p == Slack {
		return "right"
	}
	return "/right"
}

// rightRoute turns a question that starts with the word "right" into
// /right, but only for a user whose 👎 in this chat awaits its reference,
// and only when the rest is a reference or "none": "right to education"
// is a question, from anyone.
func (b *Bot) rightRoute(ctx context.Context, m Message, r route) route {
	if r.op != opAsk || b.opts.QuestionLog == nil {
		return r
	}
	w, rest := cutWord(r.arg)
	if !strings.EqualFold(w, "right") || rest == "" {
		return r
	}
	if _, ok := b.pendingDown(ctx, chatKey(m.Platform, m.ChatID)+":"+m.UserID); !ok {
		return r
	}
	if !noneWord(rest) {
		if _, err := b.s.Clause(ctx, strings.TrimSpace(rest)); err != nil {
			return r
		}
	}
	return route{op: opRight, arg: rest}
}

// noneWord reports whether a correction says no clause would have been
// right: "none", 都不对, 没有, нет, ни один.
func noneWord(s string) bool {
	switch normalizeWords(s) {
	case "none", "no", "都不对", "没有", "都没有", "нет", "ни один", "никакой", "ничего":
		return true
	}
	return false
}
