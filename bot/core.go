package bot

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// Options configures a Bot. The zero value is usable: every field has a
// default.
type Options struct {
	// DefaultLang is the language of the bot's own words when neither the
	// text nor the platform's hint decides; default English.
	DefaultLang Lang
	// MaxQuestionRunes is the longest question accepted; default 500.
	MaxQuestionRunes int
	// RatePerMinute is the per-user token bucket's refill rate; default 20.
	// A negative rate turns the limit off (the local terminal user).
	RatePerMinute float64
	// RateBurst is the bucket's size; default 5.
	RateBurst int
	// Results is the number of answers shown per page: the best in full and
	// up to Results-1 more, shortened; default 3.
	Results int
	// Admins are the users allowed to run /reload, as "platform:userid":
	// "telegram:12345", "slack:U0123", "terminal:local".
	Admins []string
	// Reload reloads the documents and reports what it did (see
	// Reloaded). nil means /reload is not offered. An error with a Reason
	// (ReasonFilesNotLoaded) is told in the admin's language; any other
	// error as its Error text.
	Reload func(ctx context.Context) (Reloaded, error)
	// Metrics receives the core's events; nil means NopMetrics.
	Metrics Metrics
	// Logger receives the core's log lines; nil discards. Each carries the
	// message's request id (RequestID, or one the core makes). The
	// per-message "reply" line, with the user's text, is at debug level:
	// the server logs its own Info line per message.
	Logger *slog.Logger
	// Now is the clock for rate limits and paging expiry; nil is time.Now.
	Now func() time.Time
	// PageCacheSize bounds the paging state kept (LRU); default 10000.
	PageCacheSize int
	// PageTTL is how long a "More results" button keeps working after its
	// last use; default 30 minutes.
	PageTTL time.Duration
	// Limiter, when set, keeps the per-user rate limits instead of the
	// Bot's own buckets: replicas sharing one (bot/redisstate) limit a user
	// once, not once each.
	Limiter Limiter
	// Store, when set, keeps the paging state, long button data and each
	// chat's language instead of the Bot's own LRUs, so a button pressed on
	// one replica's answer works on another (bot/redisstate).
	Store Store
	// QuestionLog records questions and votes; nil records nothing and
	// shows no 👍/👎 buttons.
	QuestionLog QuestionLog
}

// Reloaded is what a reload did, as Options.Reload reports it.
type Reloaded struct {
	// Summary says it in English, for the log and an English reply: "17
	// documents, 1020 clauses (was 16, 950)".
	Summary string
	// Skipped are the files this reload found and did not load (broken,
	// not text, undecodable), as paths within the documents folder
	// ("zh/bad.pdf"), in the order found. /reload names the first
	// maxSkippedNamed of them and counts the rest.
	Skipped []string
}

// maxSkippedNamed is the number of skipped files a /reload reply names;
// it counts the others ("and 4 more").
const maxSkippedNamed = 3

// Defaults for Options.
const (
	DefaultMaxQuestionRunes = 500
	DefaultRatePerMinute    = 20
	DefaultRateBurst        = 5
	DefaultResults          = 3
	DefaultPageCacheSize    = 10000
	DefaultPageTTL          = 30 * time.Minute
)

// sectionPageSize is the number of clauses on one page of /section.
const sectionPageSize = 10

// limiterCacheSize bounds the per-user rate limiters kept. Evicting a
// user's bucket only forgives them, so the bound is a memory cap, not a
// correctness concern.
const limiterCacheSize = 50000

func (o Options) withDefaults() Options {
	if _, ok := ParseLang(string(o.DefaultLang)); !ok {
		o.DefaultLang = English
	}
	if o.MaxQuestionRunes <= 0 {
		o.MaxQuestionRunes = DefaultMaxQuestionRunes
	}
	if o.RatePerMinute == 0 {
		o.RatePerMinute = DefaultRatePerMinute
	}
	if o.RateBurst <= 0 {
		o.RateBurst = DefaultRateBurst
	}
	if o.Results <= 0 {
		o.Results = DefaultResults
	}
	if o.Metrics == nil {
		o.Metrics = NopMetrics{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PageCacheSize <= 0 {
		o.PageCacheSize = DefaultPageCacheSize
	}
	if o.PageTTL <= 0 {
		o.PageTTL = DefaultPageTTL
	}
	return o
}

// Bot is the platform-neutral core: it routes messages, asks the Searcher
// and builds Replies. It is safe for concurrent use by several adapters.
type Bot struct {
	s      Searcher
	opts   Options
	log    *slog.Logger
	admins map[string]bool

	// The caches are plain LRUs whose entries carry their own time, checked
	// against opts.Now: expiry is then deterministic under a fake clock and
	// no cleanup goroutine outlives the Bot.
	pages    *lru.Cache[string, *page]      // paging state by id
	last     *lru.Cache[string, string]     // chat → id of its last question
	cursors  *lru.Cache[string, stored]     // button data too long to inline
	limiters *lru.Cache[string, *bucket]    // per-user rate limit
	langs    *lru.Cache[string, spokenLang] // chat → its last language
	docs     *lru.Cache[string, chatDoc]    // chat → its current document
	browsing *lru.Cache[string, stored]     // chat → the section page /more shows next (see setBrowsing)
	mu       sync.Mutex                     // guards the fields of pages and buckets
	exMu     sync.Mutex                     // guards exKey and exList
	exKey    string                         // the documents the examples were chosen from
	exList   map[Lang][]string              // example questions for help, by the documents' language
	fb       *feedback                      // recent answers, for their votes
}

var _ Handler = (*Bot)(nil)

// page is the paging state of one question.
type page struct {
	platform Platform
	chat     string
	question string
	total    int
	next     int // offset of the first result not shown yet
	at       time.Time
	doc      string // the document of the first answer shown, "" for none
	asked    string // the Query.Doc it was asked with, so every page ranks as the first did
	sameLang bool   // and its Query.SameLang
}

// chatDoc is a chat's current document: that of its last answer or of
// the clause or section it last browsed, and when it became current.
type chatDoc struct {
	doc string
	ref string // the clause it is reading in doc, "" for none (see setReading)
	at  time.Time
}

// stored is button data kept server-side because it does not fit in
// MaxButtonData bytes.
type stored struct {
	data string
	at   time.Time
}

// bucket is one user's rate limit.
type bucket struct {
	lim    *rate.Limiter
	warned bool // the user has had their one notice since the last allowed message
}

// New returns a Bot that answers from s.
func New(s Searcher, opts Options) *Bot {
	opts = opts.withDefaults()
	b := &Bot{s: s, opts: opts, log: opts.Logger, admins: map[string]bool{}}
	for _, a := range opts.Admins {
		b.admins[strings.TrimSpace(a)] = true
	}
	// lru.New only fails for a non-positive size, which withDefaults rules out.
	b.pages, _ = lru.New[string, *page](opts.PageCacheSize)
	b.last, _ = lru.New[string, string](opts.PageCacheSize)
	b.cursors, _ = lru.New[string, stored](opts.PageCacheSize)
	b.limiters, _ = lru.New[string, *bucket](limiterCacheSize)
	b.langs, _ = lru.New[string, spokenLang](opts.PageCacheSize)
	b.docs, _ = lru.New[string, chatDoc](opts.PageCacheSize)
	b.browsing, _ = lru.New[string, stored](opts.PageCacheSize)
	b.fb = newFeedback(opts.PageCacheSize)
	return b
}

// Handle routes a message and returns the reply to send. ok is false when
// the bot must stay silent: chatter in a group, another bot's command, a
// flooding user who has had their notice.
func (b *Bot) Handle(ctx context.Context, m Message) (Reply, bool) {
	start := time.Now()
	ctx = ensureRequestID(ctx)
	r := b.rightRoute(ctx, m, parse(m))
	if r.op == opIgnore {
		return Reply{}, false
	}
	if r.op == opThanks && r.arg == "emoji" {
		if _, known := b.rememberedLang(chatKey(m.Platform, m.ChatID)); !known {
			r = route{op: opHelp} // "😀" opening a chat: an introduction
		}
	}
	if r.op == opNegative {
		if _, ok := b.recentAnswer(ctx, m.Platform, m.ChatID); !ok {
			switch _, known := b.rememberedLang(chatKey(m.Platform, m.ChatID)); {
			case !emojiOnly(r.arg):
				r = route{op: opAsk, arg: r.arg} // "wrong" with no answer to judge: words to search
			case !known:
				r = route{op: opHelp} // "👎" opening a chat: an introduction
			}
		}
	}
	prev, hadLang := b.rememberedLang(chatKey(m.Platform, m.ChatID))
	lang := b.chatLang(m, r)
	if allowed, notice := b.allow(ctx, m.Platform, m.UserID); !allowed {
		if !notice {
			return Reply{}, false
		}
		return text(KindNotice, lang, wRateLimited.in(lang)), true
	}
	c := call{platform: m.Platform, chat: m.ChatID, user: m.UserID, lang: lang, sameLang: hadLang && prev == lang}
	var reply Reply
	switch r.op {
	case opAsk:
		reply = b.ask(ctx, c, r.arg)
	case opHelp:
		reply = b.help(ctx, c, !m.Direct)
	case opSection:
		reply = b.section(ctx, c, r.arg, -1)
	case opClause:
		reply = b.clause(ctx, c, r.arg)
	case opSources:
		reply = b.sources(c)
	case opMore:
		reply = b.more(ctx, c)
	case opReload:
		reply = b.reload(ctx, c)
	case opRight:
		reply = b.right(ctx, c, r.arg)
	case opThanks:
		reply = text(KindNotice, lang, wThanks.in(lang))
	case opNegative:
		reply = b.negative(ctx, c)
	default:
		reply = text(KindError, lang, sprintf(wUnknownCmd.in(lang), r.arg))
	}
	reply = b.capClauses(reply)
	b.logReply(ctx, m.Platform, m.ChatID, m.UserID, reply, start, slog.String("text", m.Text))
	return reply, true
}

// Press handles a button press. ok is false when the data is not one of
// ours or the user is flooding; a stale button gets an "expired" reply.
func (b *Bot) Press(ctx context.Context, a Action) (Reply, bool) {
	start := time.Now()
	ctx = ensureRequestID(ctx)
	cur, ok := b.decode(a.Data)
	if !ok {
		b.logf(ctx, slog.LevelInfo, "press: unknown button data", slog.String("platform", string(a.Platform)), slog.Int("bytes", len(a.Data)))
		return Reply{}, false
	}
	if allowed, notice := b.allow(ctx, a.Platform, a.UserID); !allowed {
		if !notice {
			return Reply{}, false
		}
		return text(KindNotice, cur.lang, wRateLimited.in(cur.lang)), true
	}
	c := call{platform: a.Platform, chat: a.ChatID, user: a.UserID, lang: cur.lang, press: true}
	if l, ok := b.rememberedLang(chatKey(a.Platform, a.ChatID)); ok {
		// The chat's latest words win over the language of the reply the
		// button came from: a user who switched languages since expects
		// the bot to follow.
		c.lang = l
	}
	var reply Reply
	switch cur.kind {
	case curExpired:
		reply = text(KindNotice, c.lang, wExpired.in(c.lang))
	case curMore:
		reply = b.page(ctx, c, cur.id, cur.n)
	case curSection:
		reply = b.section(ctx, c, cur.ref, cur.n)
	case curClause:
		reply = b.clause(ctx, c, cur.ref)
	case curAsk:
		reply = b.ask(ctx, c, cur.ref)
	case curVote:
		reply = b.vote(ctx, c, cur.id, cur.ref)
	case curWhich:
		reply = b.which(ctx, c, cur.ref, cur.sec, cur.n)
	}
	reply = b.capClauses(reply)
	b.logReply(ctx, a.Platform, a.ChatID, a.UserID, reply, start, slog.String("button", a.Data))
	return reply, true
}

// Inline answers an inline query: up to q.Limit hits (default 10, at most
// 50) from q.Offset, with the next offset when more exist.
func (b *Bot) Inline(ctx context.Context, q InlineQuery) (InlineResults, error) {
	ctx = ensureRequestID(ctx)
	text := strings.TrimSpace(q.Text)
	lang := DetectLang(text, "", b.opts.DefaultLang)
	out := InlineResults{Lang: lang}
	if text == "" {
		return out, nil
	}
	if n := utf8.RuneCountInString(text); n > b.opts.MaxQuestionRunes {
		return out, Errorf(EINVALID, wTooLong.in(lang), n, b.opts.MaxQuestionRunes)
	}
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = 10
	case limit > 50:
		limit = 50
	}
	offset := max(q.Offset, 0)
	if allowed, _ := b.allow(ctx, q.Platform, "inline:"+q.UserID); !allowed {
		return out, nil
	}
	b.opts.Metrics.Question(q.Platform)
	t0 := b.opts.Now()
	res, err := b.s.Search(ctx, Query{Text: text, Offset: offset, Limit: limit})
	if err != nil {
		if ErrorCode(err) == EINTERNAL {
			b.logf(ctx, slog.LevelError, "inline search failed", slog.String("platform", string(q.Platform)), slog.Any("err", err))
		}
		return out, err
	}
	b.opts.Metrics.Answered(q.Platform, len(res.Hits) == 0, b.opts.Now().Sub(t0))
	for _, h := range res.Hits {
		h.Highlights = termSpans(h.Text, validSpans(h.Text, h.Highlights), text)
		out.Hits = append(out.Hits, capHit(h))
	}
	if next := offset + len(res.Hits); len(res.Hits) > 0 && next < res.Total {
		out.Next = next
	}
	return out, nil
}

// call is what a request's handlers need to know about where it came from.
type call struct {
	platform Platform
	chat     string
	user     string
	lang     Lang
	press    bool // from a button, not typed
	// sameLang: the message is in the language of the chat's previous
	// one (see Query.SameLang)
	sameLang bool
}

// allow takes a token from the user's bucket. When there is none, notice
// says whether this is the first refusal since the last allowed message,
// which gets the one polite notice; later ones get silence.
func (b *Bot) allow(ctx context.Context, p Platform, user string) (allowed, notice bool) {
	if b.opts.RatePerMinute < 0 {
		return true, false
	}
	key := string(p) + ":" + user
	if b.opts.Limiter != nil {
		allowed, notice = b.opts.Limiter.Allow(ctx, key, b.opts.RatePerMinute, b.opts.RateBurst)
		if !allowed {
			b.opts.Metrics.RateLimited(p)
		}
		return allowed, notice
	}
	now := b.opts.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	bk, ok := b.limiters.Get(key)
	if !ok {
		bk = &bucket{lim: rate.NewLimiter(rate.Limit(b.opts.RatePerMinute/60), b.opts.RateBurst)}
		b.limiters.Add(key, bk)
	}
	if bk.lim.AllowN(now, 1) {
		bk.warned = false
		return true, false
	}
	b.opts.Metrics.RateLimited(p)
	if bk.warned {
		return false, false
	}
	bk.warned = true
	return false, true
}

// logReply writes the per-message debug line. It is Debug, not Info,
// because the server already logs one Info line per message with the same
// request id; this one adds what only the core knows (the reply's kind) and
// what must stay out of Info logs (the user's text).
func (b *Bot) logReply(ctx context.Context, p Platform, chat, user string, r Reply, start time.Time, what slog.Attr) {
	if !b.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	b.logf(ctx, slog.LevelDebug, "reply",
		slog.String("platform", string(p)),
		slog.String("chat", chat),
		slog.String("user", user),
		slog.String("kind", r.Kind.String()),
		slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
		what)
}

// logf logs msg with the request id of ctx first, so every core line about
// one message can be found with the adapter's and the server's.
func (b *Bot) logf(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if !b.log.Enabled(ctx, level) {
		return
	}
	all := make([]slog.Attr, 0, len(attrs)+1)
	all = append(all, slog.String("request_id", RequestID(ctx)))
	b.log.LogAttrs(ctx, level, msg, append(all, attrs...)...)
}

// ensureRequestID returns ctx with a request id: the adapter's if it gave
// one, otherwise a new random one, so the core's lines about one message
// still belong together when the Bot is used without the server.
func ensureRequestID(ctx context.Context) context.Context {
	if RequestID(ctx) != "" {
		return ctx
	}
	return WithRequestID(ctx, newID())
}

// String names a ReplyKind for logs.
func (k ReplyKind) String() string {
	switch k {
	case KindAnswer:
		return "answer"
	case KindNoMatch:
		return "no_match"
	case KindHelp:
		return "help"
	case KindSection:
		return "section"
	case KindClause:
		return "clause"
	case KindSources:
		return "sources"
	case KindNotice:
		return "notice"
	case KindError:
		return "error"
	case KindFeedback:
		return "feedback"
	}
	return "unknown"
}

// stripCommand drops a leading "/command" so its English name does not
// decide the language of the reply.
func stripCommand(s string) string {
	s = imeCommand(strings.TrimSpace(s))
	if strings.HasPrefix(s, "/") {
		_, rest := cutWord(s)
		return rest
	}
	return s
}

// text is a reply of one TextBlock.
func text(kind ReplyKind, lang Lang, s string) Reply {
	return Reply{Kind: kind, Lang: lang, Blocks: []Block{{Kind: TextBlock, Text: s}}}
}

// newID returns a short random id for paging state. It is random, not a
// counter, so a forged button cannot page through another chat's question.
func newID() string {
	var buf [6]byte
	_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(buf[:])
}
