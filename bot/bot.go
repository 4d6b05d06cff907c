// Package bot is clausebot's platform-neutral core.
//
// It owns the domain types (documents, clauses, search hits), the small
// interfaces its outside pieces satisfy (Searcher, implemented by package
// index; Metrics, implemented by the server), the incoming Message and the
// Reply model that every adapter renders: Telegram HTML (bot/telegram), Slack
// Block Kit (bot/slack) and plain terminal text (bot/terminal).
//
// The flow is always the same: an adapter turns a platform event into a
// Message and calls Handler.Handle; the core routes it (command, question,
// greeting or chatter to ignore), asks the Searcher, and returns a Reply; the
// adapter renders the Reply and sends it, splitting with Split/Pack.
package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Clause is one unit a document is answered with: an article (第X条,
// Article N, Статья N) with its paragraphs and items; in a document without
// articles, a numbered item with the paragraphs that continue it, or a
// paragraph or "——" bullet. A sub-unit looked up by reference (第十二条第二款)
// is a Clause too, with its own Ref and Text.
type Clause struct {
	// DocID is the document's short, stable id (derived from its file name).
	DocID string `json:"doc"`
	// DocTitle is the document's title line.
	DocTitle string `json:"title"`
	// Section is the reference of the innermost section holding the clause
	// ("二", "第三章", "Chapter II", a heading's text); PreambleLabel for text
	// before the first heading.
	Section string `json:"section"`
	// N is the 1-based position of the clause within its section.
	N int `json:"n"`
	// Ref is the canonical, human-checkable reference built from the
	// document's own numbering: "第二十一条", "Article 5", "Статья 7¹",
	// "三（二）1", "二·12" (section 二, its 12th unnumbered paragraph). With
	// several documents loaded it also names the document ("doc:二·12").
	Ref string `json:"ref"`
	// Path names the containers above the clause, outermost first, as
	// printed with their titles: ["第三章 网络运行安全", "第一节 一般规定"].
	Path []string `json:"path,omitempty"`
	// Text is the clause exactly as in the document, its blocks (款,
	// paragraphs, items) one per line, with markup removed.
	Text string `json:"text"`
	// Lead is the sentence that introduces a list the clause is an item of
	// ("为此，双方商定："), "" when it is none.
	Lead string `json:"lead,omitempty"`
	// Parts are an article's paragraphs and items, each with its reference
	// and its UTF-8 byte range in Text.
	Parts []Part `json:"parts,omitempty"`
	// Page is the 1-based page of a PDF the clause starts on, 0 if unknown.
	Page int `json:"page,omitempty"`
	// Versions are the same clause in the document's other language
	// versions (communique.zh.txt / communique.ru.txt), aligned by their
	// numbering; empty for a document with no versions.
	Versions []Version `json:"versions,omitempty"`
}

// Version is a clause's counterpart in another language version of its
// document: that version's language ("zh", "en", "ru"), document, own
// reference ("Статья 5" for "第五条") and text.
type Version struct {
	Lang  string `json:"lang"`
	DocID string `json:"doc"`
	Ref   string `json:"ref"`
	Text  string `json:"text"`
	// Unaligned is true when the two versions' structures differ (a
	// clause of one has no counterpart in the other): the clauses are
	// paired by their numbering, which may then pair different texts, so
	// the asker should check it.
	Unaligned bool `json:"unaligned,omitempty"`
}

// Part is a paragraph (款, часть), item (项, пункт) or sub-item (目) of an
// article: its reference ("第十二条第二款", "Article 5(2)(a)") and the
// half-open UTF-8 byte range [Start, End) of its text in the article's
// Text.
type Part struct {
	Ref   string `json:"ref"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// PreambleLabel is the section label of the paragraphs before a document's
// first heading.
const PreambleLabel = "0"

// Span is a half-open byte range [Start, End) into a clause's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Hit is a clause that matched a question.
type Hit struct {
	Clause
	Score float64 `json:"score"`
	// Highlights are the matched spans in Clause.Text, sorted, with adjacent
	// and overlapping spans merged.
	Highlights []Span `json:"highlights"`
	// Via says how the hit was reached when not by the question's own
	// words: "translation: satellite navigation → 卫星导航; …". "" for a
	// direct match.
	Via string `json:"via,omitempty"`
}

// SectionInfo describes one section of a document.
type SectionInfo struct {
	Label   string `json:"label"`   // its reference: "二", "第三章", "第二章 第一节", "Chapter II"
	Title   string `json:"title"`   // heading text after the number, if any
	Clauses int    `json:"clauses"` // number of clauses in it, nested sections included
	Depth   int    `json:"depth"`   // 0 for the outermost sections, 1 for those inside them …
}

// Document describes one loaded document.
type Document struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Date is the adoption, issue or signing date, YYYY-MM-DD where it
	// could be read, else as printed.
	Date string `json:"date,omitempty"`
	// Effective is the date it takes effect (施行), YYYY-MM-DD, if stated.
	Effective string `json:"effective,omitempty"`
	// Number is the document number: "国发〔2019〕5号", "№ 74-ФЗ".
	Number    string        `json:"number,omitempty"`
	File      string        `json:"file"`
	Truncated bool          `json:"truncated"`
	Sections  []SectionInfo `json:"sections"`
	Clauses   int           `json:"clauses"`
	Warnings  []string      `json:"warnings,omitempty"`
	// Lang is the document's main language ("zh", "en", "ru"), or "" when
	// it cannot be told. The core uses it to hint that a question in
	// another language will not match.
	Lang string `json:"lang,omitempty"`
	// VersionOf is the name the document's language versions share
	// ("docs/communique" for communique.zh.txt and communique.ru.txt), ""
	// when it declares none.
	VersionOf string `json:"version_of,omitempty"`
}

// Query is a question put to a Searcher.
type Query struct {
	Text   string
	Offset int // number of hits to skip, for paging
	Limit  int // maximum hits to return; 0 means the Searcher's default
	// Doc is the ID of the document the chat's previous answer came from,
	// or "": a question citing an article without naming its document
	// ("那第十一条呢" after 网络安全法第十条) finds that document's first.
	Doc string
	// SameLang reports that the asker goes on in the language of the
	// chat's previous message. A citation in that language's own
	// numbering ("and Article 22?" in English, after English questions
	// about a Chinese law) then means Doc's article, whatever Doc's
	// numbering; after a switch ("Что говорится в статье 5?" following
	// English questions), it means a document numbered that way.
	SameLang bool
}

// Results is a Searcher's answer to a Query.
type Results struct {
	// Hits are the matches above the abstention cut-off, best first. It is
	// empty when the documents do not cover the question.
	Hits []Hit
	// Total is the number of hits above the cut-off, ignoring Offset/Limit.
	Total int
	// Near, when Hits is empty, holds the clauses closest to the question
	// under the cut-off, best first (at most 3; package index gives those
	// covering at least its MinNearCoverage): no answer, but where a
	// question worded far from the documents most often finds its clause.
	// Nil when there are none, and for a question that is small talk or
	// everyday words only.
	Near []Hit
	// Focus, when set, is the part of a long message that Hits answer: a
	// question sentence of it ("…, what does the law say about the
	// negative list?"), searched alone after the whole message found
	// nothing. "" when the whole message was searched.
	Focus string
}

// Searcher finds clauses. Package index implements it.
//
// Reference arguments accept the canonical form ("二·12") and the typed
// forms "二.12", "2.12", "二 12"; with several documents, "doc:二·12". A
// section argument is "二", "2" or "doc:二". Errors for bad or unknown
// references are *Error with code ENOTFOUND or EINVALID.
type Searcher interface {
	Search(ctx context.Context, q Query) (Results, error)
	Clause(ctx context.Context, ref string) (Clause, error)
	Section(ctx context.Context, ref string) ([]Clause, error)
	Documents() []Document
}

// SkippedFile is a file of the documents folder that was not loaded, and
// why ("skipped: empty file (0 bytes)").
type SkippedFile struct {
	File   string `json:"file"`   // its path within the documents folder
	Reason string `json:"reason"` // in English, as the log gives it
}

// SkipLister is a Searcher that can say which files it did not load;
// /sources lists them, so that a chat's users learn that a document
// they expect is missing and why. Package index implements it.
type SkipLister interface {
	Skipped() []SkippedFile
}

// Platform names an adapter. It is used in Messages, logs and metrics.
type Platform string

// The platforms clausebot speaks to.
const (
	Terminal Platform = "terminal"
	Telegram Platform = "telegram"
	Slack    Platform = "slack"
)

// Message is an incoming chat message, already stripped of platform details.
type Message struct {
	Platform Platform
	ChatID   string
	UserID   string
	// Text is what the user typed. Adapters remove the bot's own mention
	// ("@clausebot ", "<@U123> ") and a "@botname" command suffix addressed
	// to this bot; commands keep their leading "/".
	Text string
	// Direct is true in a one-to-one chat with the bot.
	Direct bool
	// Mentioned is true when the bot was @-mentioned in a group.
	Mentioned bool
	// ReplyToBot is true when the message replies to one of the bot's own.
	ReplyToBot bool
	// LangHint is the platform's language code for the user ("zh-hans",
	// "en"), if it has one. The text itself decides first.
	LangHint string
}

// Action is a button press: Data is a Button's Data, as the platform gave it
// back.
type Action struct {
	Platform Platform
	ChatID   string
	UserID   string
	Data     string
}

// InlineQuery is a search typed into another chat through the platform's
// inline mode (Telegram's "@bot question").
type InlineQuery struct {
	Platform Platform
	UserID   string
	Text     string
	Offset   int
	Limit    int
}

// InlineResults is the core's answer to an InlineQuery.
type InlineResults struct {
	Lang Lang
	Hits []Hit
	// Next is the offset of the next page, or 0 when there is none.
	Next int
}

// Handler is what every adapter calls. *Bot implements it; adapters depend
// on this interface so their tests can also drive a real Bot.
type Handler interface {
	// Handle routes a message. ok is false when the bot must stay silent
	// (group chatter, a flooding user already warned).
	Handle(ctx context.Context, m Message) (r Reply, ok bool)
	// Press handles a button press. ok is false when the press is stale or
	// not ours; adapters still acknowledge it to the platform.
	Press(ctx context.Context, a Action) (r Reply, ok bool)
	// Inline answers an inline query.
	Inline(ctx context.Context, q InlineQuery) (InlineResults, error)
}

// Lang is the language of the bot's own words.
type Lang string

// The languages the bot speaks. Clause text is never translated.
const (
	Chinese Lang = "zh"
	English Lang = "en"
	Russian Lang = "ru"
)

// ParseLang reads a language setting ("zh", "en", "ru", any case): the
// values config's bot.lang and chat's --lang accept. ok is false for
// anything else.
func ParseLang(s string) (l Lang, ok bool) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case Chinese, English, Russian:
		return l, true
	}
	return "", false
}

// ReplyKind says what a reply is, so adapters can choose how to send it
// (e.g. Telegram edits a message in place for a page of results).
type ReplyKind int

// The kinds of reply.
const (
	KindAnswer  ReplyKind = iota // search results
	KindNoMatch                  // the documents do not cover the question
	KindHelp                     // help text
	KindSection                  // a page of a section's clauses
	KindClause                   // one clause by reference
	KindSources                  // the document list
	KindNotice                   // limits: too long, rate limited
	KindError                    // the user's request could not be done
	// KindFeedback acknowledges a vote on an answer. It is meant for the
	// voter alone: adapters show it privately where the platform can (a
	// Telegram callback notice, a Slack ephemeral message).
	KindFeedback
)

// BlockKind says how a Block is rendered.
type BlockKind int

// The kinds of block.
const (
	// TextBlock is the bot's own words. Text may contain several lines.
	TextBlock BlockKind = iota
	// ClauseBlock is (part of) a clause: Text is the clause text, verbatim
	// or shortened with "…"; Bold are the spans to embolden; Ref and Doc
	// name where it comes from.
	ClauseBlock
)

// Block is one piece of a Reply. All text is plain: adapters escape it for
// their markup and apply Bold themselves.
type Block struct {
	Kind BlockKind
	Text string
	// Bold are byte spans of Text to show in bold (matched terms).
	Bold []Span
	// Ref is the clause reference ("二·12"); Doc its document's title.
	Ref string
	Doc string
	// Shortened is true when Text is an excerpt, not the whole clause.
	Shortened bool
}

// Button is an action the user can take next. Data is a compact cursor of at
// most MaxButtonData bytes that comes back in Action.Data.
type Button struct {
	Label string
	Data  string
}

// MaxButtonData is the largest Button.Data: Telegram's callback_data limit.
const MaxButtonData = 64

// Reply is what the core answers, before any platform rendering.
type Reply struct {
	Kind    ReplyKind
	Lang    Lang
	Blocks  []Block
	Buttons []Button
}

// Metrics receives the core's and adapters' events. The server implements
// it with Prometheus; NopMetrics discards everything.
type Metrics interface {
	Question(p Platform)
	Answered(p Platform, abstained bool, latency time.Duration)
	RateLimited(p Platform)
	Sent(p Platform)
	SendError(p Platform)
	SendRetry(p Platform)
}

// NopMetrics is a Metrics that records nothing.
type NopMetrics struct{}

func (NopMetrics) Question(Platform)                      {}
func (NopMetrics) Answered(Platform, bool, time.Duration) {}
func (NopMetrics) RateLimited(Platform)                   {}
func (NopMetrics) Sent(Platform)                          {}
func (NopMetrics) SendError(Platform)                     {}
func (NopMetrics) SendRetry(Platform)                     {}

var _ Metrics = NopMetrics{}

// Error codes for errors a user may see.
const (
	EINVALID  = "invalid"   // the request is malformed
	ENOTFOUND = "not_found" // no such document, section or clause
	EINTERNAL = "internal"  // anything else; details are only logged
)

// Error is an error whose Message is safe to show to a user.
type Error struct {
	Code    string
	Message string
	// Choices, for a reference that names several clauses or sections
	// (EINVALID), are the full references of each, any of which the user
	// can send instead; the bot offers them as buttons, in the user's
	// language.
	Choices []string
	// Reason, when set, says the same as Message in parts the bot can
	// phrase in the user's language (Message stays English, for logs and
	// JSON). The zero Reason means only Message says it.
	Reason Reason
}

// Reason is why a reference names nothing, in parts: which reference,
// which document, and what there is instead.
type Reason struct {
	Kind ReasonKind
	// Ref is the reference (or document name, for NoDocument) as typed.
	Ref string
	// Doc is the document's title; empty when no document has the unit.
	Doc string
	// Section is a section label, Clause a clause number, Count how many
	// clauses the section has (PastLastClause).
	Section, Clause string
	Count           int
	// List is the documents' IDs (NoDocument, SeveralDocuments) or the document's section
	// labels (NoSuchSection; empty when it has none).
	List []string
}

// ReasonKind is the kind of a Reason.
type ReasonKind int

// The reasons a reference names nothing.
const (
	ReasonNone              ReasonKind = iota
	ReasonNoDocument                   // no document is called Ref; List holds their IDs
	ReasonNoSuchClause                 // Doc (or, Doc empty, no document) has no clause Ref
	ReasonNoSuchSection                // Doc (or no document) has no section Ref; List its sections
	ReasonPastLastClause               // Section of Doc has Count clauses; Clause is past them
	ReasonNamesSection                 // Ref names a section, not a clause
	ReasonNotAReference                // Ref is not written as a reference
	ReasonClauseZero                   // clause numbers start at 1
	ReasonSeveralDocuments             // Ref names each of the documents in List
	ReasonNotLoaded                    // the question cites a law, Ref, that no loaded document is
	ReasonFilesNotLoaded               // a reload could not load the files in List; the previous documents are still served
	ReasonOtherLanguage                // the question names Doc, whose text is in language List[0], which its words cannot be looked up in; Clause is a citation that works ("Civil Code Article 1111")
	ReasonNoEffectiveClause            // the question asks when Doc takes effect, and no clause of it says; Ref is its date, "" when unknown
)

// ErrorReason returns the Reason of err if it is (or wraps) an *Error.
func ErrorReason(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return Reason{}
}

// ErrorChoices returns the Choices of err if it is (or wraps) an *Error.
func ErrorChoices(err error) []string {
	var e *Error
	if errors.As(err, &e) {
		return e.Choices
	}
	return nil
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// EINTERNAL otherwise.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err if it is (or wraps) an
// *Error, and "internal error" otherwise.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Adapter is a running platform connection. cmd/clausebot starts each
// configured adapter and mounts its HTTP endpoints, if any, on the one
// listener.
type Adapter interface {
	// Platform names the adapter.
	Platform() Platform
	// Run connects (checking its credentials first) and serves until ctx is
	// cancelled. It then stops taking new messages, finishes the replies in
	// flight and returns nil. It returns an error when it cannot start (a
	// bad token) or fails for good (a revoked token).
	Run(ctx context.Context) error
	// Ready reports whether the adapter is connected and serving.
	Ready() bool
	// Register mounts the adapter's HTTP endpoints (webhooks) on mux. It
	// does nothing for an adapter that needs no inbound HTTP.
	Register(mux *http.ServeMux)
}

// CommandInfo describes one command for a platform's command menu
// (Telegram's setMyCommands) and for help text.
type CommandInfo struct {
	Name        string // without the slash
	Usage       string // arguments, e.g. "QUESTION"
	Description string
}

// Commands lists the bot's user commands with descriptions in lang.
func Commands(lang Lang) []CommandInfo {
	if lang == Chinese {
		return []CommandInfo{
			{"ask", "问题", "提问，返回原文条款及出处"},
			{"section", "编号", "列出某一部分的全部条款，如 /section 二"},
			{"clause", "出处", "按出处显示一条条款，如 /clause 二.12"},
			{"sources", "", "列出已载入的文件"},
			{"more", "", "上一个问题的更多结果，或所看部分的下一页"},
			{"help", "", "使用说明和示例问题"},
		}
	}
	if lang == Russian {
		return []CommandInfo{
			{"ask", "ВОПРОС", "задать вопрос; ответ — пункт документа дословно и его точная ссылка"},
			{"section", "N", "пункты одного раздела, например /section 2"},
			{"clause", "ССЫЛКА", "один пункт по ссылке, например /clause 2.12"},
			{"sources", "", "загруженные документы"},
			{"more", "", "ещё результаты по последнему вопросу или следующая страница раздела"},
			{"help", "", "что умеет бот, с примерами вопросов"},
		}
	}
	return []CommandInfo{
		{"ask", "QUESTION", "ask a question; get the clause and its reference"},
		{"section", "N", "list a section's clauses, e.g. /section 2"},
		{"clause", "REF", "show one clause by reference, e.g. /clause 2.12"},
		{"sources", "", "list the loaded documents"},
		{"more", "", "more results for your last question, or the next page of a section"},
		{"help", "", "what the bot can do, with example questions"},
	}
}

// ErrRepliesAbandoned is returned (wrapped) by Adapter.Run when its stop
// timeout ran out with replies still in flight, so the server can exit
// non-zero instead of reporting a clean stop.
var ErrRepliesAbandoned = errors.New("replies in flight were abandoned at stop")

type requestIDKey struct{}

// WithRequestID returns ctx carrying id, the request id an adapter gives an
// incoming message before it calls the Handler, so the core's and the
// adapter's log lines for that message share it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
