package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"clausebot/bot"
	"clausebot/bot/qlog"
	"clausebot/bot/redisstate"
	"clausebot/bot/slack"
	"clausebot/bot/telegram"
	"clausebot/config"
	"clausebot/index"
)

// serve runs every configured adapter behind one HTTP listener that also
// answers /healthz, /readyz and /metrics, reloads the documents on SIGHUP,
// on a change in the documents folder and on an admin's /reload, and stops
// gracefully on SIGTERM or SIGINT (ctx).
func (c *cli) serve(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	path := configFlag(fs, c.getenv)
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "usage: clausebot serve [--config FILE]")
		fmt.Fprintln(c.stderr, "Settings come from the file and the environment; see docs/operations.md or run clausebot config check.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "clausebot serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	cfg, ok := c.loadConfig("serve", *path)
	if !ok {
		return exitUsage
	}
	if !cfg.TelegramEnabled() && !cfg.SlackEnabled() {
		fmt.Fprint(c.stderr, `clausebot serve: no chat platform is configured, so there is nothing to serve.
Set at least one of:
  Telegram: TELEGRAM_BOT_TOKEN (long polling; add TELEGRAM_WEBHOOK_URL and
            TELEGRAM_WEBHOOK_SECRET for a webhook)
  Slack:    SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or
            SLACK_SIGNING_SECRET (HTTP mode)
or the same keys in a --config file (clausebot config check shows the result).
To try the bot without a platform, run: clausebot chat
`)
		return exitUsage
	}

	// Take SIGHUP from the start: its default action kills the process,
	// and a reload asked for while the index loads is simply done after.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	log := newLogger(c.stderr, &cfg)
	s, err := newServer(&cfg, log)
	if err == nil {
		s.reloader.getenv = c.getenv // for the default index folder under $HOME
	}
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitFail
	}
	s.hup = hup
	s.qlogDSN, s.qlogOff = questionLogDSN(cfg.DB, c.getenv)
	return s.run(ctx)
}

// server is one running clausebot serve.
type server struct {
	cfg      *config.Config
	log      *slog.Logger
	metrics  *metrics
	live     *index.Live // nil until the documents are loaded
	reloader *reloader
	// bot is what the adapters call: it is built with them, and gets the
	// core behind it once the documents are loaded, before any adapter
	// runs.
	bot      *loggedHandler
	adapters []*adapterRun
	mux      *http.ServeMux
	handler  http.Handler // mux behind a panic guard
	// qlogState is what /readyz says of the question log: "" when it is
	// not configured, "open", or the reason it is off.
	qlogState atomic.Value // of string
	// shared is the replicas' state in Redis; nil without redis.url.
	shared *redisstate.State

	stopping atomic.Bool
	// hup receives SIGHUP.
	hup chan os.Signal
	// The question log (qlog.go): its database, or why it is off; nil
	// until opened, and when it could not be.
	qlogDSN, qlogOff string
	qlog             *qlog.Log
}

// adapterRun tracks one adapter's state for /readyz and the stop policy.
type adapterRun struct {
	bot.Adapter
	mu    sync.Mutex
	state string // starting, running, failed, stopped (/readyz also shows connecting)
	err   string
}

func (a *adapterRun) set(state, err string) {
	a.mu.Lock()
	a.state, a.err = state, err
	a.mu.Unlock()
}

func (a *adapterRun) get() (state, err string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.state, a.err
}

// newServer builds the adapters and the HTTP routes. Nothing touches the
// network or the documents yet: run opens the listener first, then loads
// the documents (see startCore), so a slow or hung document read neither
// keeps /healthz and /readyz away nor holds a stop.
func newServer(cfg *config.Config, log *slog.Logger) (*server, error) {
	var platforms []bot.Platform
	if cfg.TelegramEnabled() {
		platforms = append(platforms, bot.Telegram)
	}
	if cfg.SlackEnabled() {
		platforms = append(platforms, bot.Slack)
	}
	s := &server{
		cfg:     cfg,
		log:     log,
		metrics: newMetrics(platforms...),
		mux:     http.NewServeMux(),
	}
	s.reloader = newReloader(cfg, log, s.metrics)
	shared, err := openShared(cfg, log, s.metrics)
	if err != nil {
		return nil, err
	}
	s.shared = shared
	s.bot = &loggedHandler{log: log, debug: cfg.Log.Level == "debug", boot: randomHexID(4)}

	// Adapters get most of the stop budget for their replies in flight;
	// the rest is for closing the listener and the index.
	adapterStop := cfg.ShutdownTimeout * 3 / 4
	if cfg.TelegramEnabled() {
		tc := telegram.Config{
			Token:         cfg.Telegram.Token.Value(),
			APIEndpoint:   cfg.Telegram.APIEndpoint,
			WebhookURL:    cfg.Telegram.WebhookURL,
			WebhookSecret: cfg.Telegram.WebhookSecret.Value(),
			AllowedChats:  cfg.Telegram.AllowedChats,
			// The Telegram adapter doesn't name itself in its logs; Slack's does.
			Logger:          log.With("platform", bot.Telegram),
			Metrics:         s.metrics,
			ShutdownTimeout: adapterStop,
		}
		if shared != nil {
			tc.Shared, tc.Lease, tc.LeaseTTL = shared, shared, cfg.Redis.LeaseTTL
		}
		a, err := telegram.New(tc, s.bot)
		if err != nil {
			return nil, err // it names itself: "telegram: …"
		}
		s.adapters = append(s.adapters, &adapterRun{Adapter: a, state: "starting"})
	}
	if cfg.SlackEnabled() {
		sc := slack.Config{
			BotToken:        cfg.Slack.BotToken.Value(),
			AppToken:        cfg.Slack.AppToken.Value(),
			SigningSecret:   cfg.Slack.SigningSecret.Value(),
			APIURL:          cfg.Slack.APIURL,
			CommandName:     cfg.Slack.Command,
			PublicAnswers:   cfg.Slack.PublicAnswers,
			AllowedTeams:    cfg.Slack.AllowedTeams,
			AllowedChannels: cfg.Slack.AllowedChannels,
			Logger:          log,
			Metrics:         s.metrics,
			ShutdownTimeout: adapterStop,
		}
		if shared != nil {
			sc.Shared = shared
		}
		a, err := slack.New(sc, s.bot)
		if err != nil {
			return nil, err // it names itself: "slack: …"
		}
		s.adapters = append(s.adapters, &adapterRun{Adapter: a, state: "starting"})
	}

	// Every route, the adapters' included, answers 500 to a panic rather
	// than dropping the connection.
	s.handler = bot.RecoverHTTP(log, s.mux)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())
	for _, a := range s.adapters {
		a.Register(s.mux)
	}
	return s, nil
}

// startCore puts the loaded index behind the bot the adapters call.
func (s *server) startCore() {
	s.live = s.reloader.live
	lang, ok := bot.ParseLang(s.cfg.Bot.Lang)
	if !ok {
		lang = bot.English
	}
	var (
		limiter bot.Limiter
		store   bot.Store
	)
	if s.shared != nil {
		limiter, store = s.shared, s.shared
	}
	var ql bot.QuestionLog
	if s.qlog != nil {
		ql = s.qlog
	}
	s.bot.next = bot.New(s.live, bot.Options{
		Limiter:          limiter,
		Store:            store,
		DefaultLang:      lang,
		MaxQuestionRunes: s.cfg.Bot.MaxQuestionRunes,
		RatePerMinute:    s.cfg.Bot.RatePerMinute,
		RateBurst:        s.cfg.Bot.RateBurst,
		Results:          s.cfg.Bot.Results,
		Admins:           s.cfg.Bot.Admins,
		Reload:           s.reloader.command,
		Metrics:          s.metrics,
		Logger:           s.log.With("component", "bot"),
		PageTTL:          s.cfg.Bot.PageTTL,
		QuestionLog:      ql,
	})
}

// adapterDone is an adapter's Run returning.
type adapterDone struct {
	a   *adapterRun
	err error
}

// run serves until ctx is cancelled (graceful stop, exit 0) or something
// fails for good (exit 1).
func (s *server) run(ctx context.Context) int {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		s.log.Error("cannot listen", "addr", s.cfg.Addr, "err", err)
		s.closeIndex()
		return exitFail
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	httpDone := make(chan error, 1)
	go func() { httpDone <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String())

	// The documents load with the listener open: /healthz answers and
	// /readyz says the index is not loaded yet. A stop meanwhile does not
	// wait for a load that may never end (a document read can hang).
	loaded := make(chan error, 1)
	go func() { loaded <- s.reloader.initial(ctx) }()
	select {
	case err := <-loaded:
		if err != nil && ctx.Err() == nil {
			s.log.Error("cannot start", "err", err)
			s.stopHTTP(srv)
			return exitFail
		}
	case err := <-httpDone:
		s.log.Error("HTTP listener failed", "err", err)
		return exitFail
	}
	if ctx.Err() != nil {
		s.log.Warn("stop requested while loading the documents; not waiting for the load", "source", s.reloader.source())
		s.stopping.Store(true)
		s.stopHTTP(srv)
		s.live = s.reloader.live // set if the load ended just as the stop came
		s.closeIndex()
		s.log.Info("stopped", "exit", exitOK)
		return exitOK
	}
	s.checkShared(ctx)
	s.openQuestionLog(ctx)
	s.startCore()

	// The adapters get their own context so the stop can be ordered: the
	// signal cancels ctx, and only then are they told to wind down.
	actx, stopAdapters := context.WithCancel(context.WithoutCancel(ctx))
	defer stopAdapters()
	done := make(chan adapterDone, len(s.adapters))
	for _, a := range s.adapters {
		go func() {
			a.set("running", "")
			err := a.Run(actx)
			done <- adapterDone{a, err}
		}()
	}

	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		if err := s.reloader.watch(wctx); err != nil {
			s.log.Warn("not watching the documents folder; SIGHUP and /reload still work", "err", err)
		}
	}()

	s.log.Info("serving",
		"addr", ln.Addr().String(),
		"adapters", s.platformNames(),
		"modes", s.modes(),
		"documents", len(s.live.Documents()),
		"clauses", s.live.Current().Len(),
	)

	code := exitOK
	running := len(s.adapters)
loop:
	for {
		select {
		case <-ctx.Done():
			s.log.Info("stop requested; finishing replies in flight", "timeout", s.cfg.ShutdownTimeout.String())
			break loop
		case <-s.hup:
			go s.reloader.reload(ctx, "signal", true)
		case err := <-httpDone:
			s.log.Error("HTTP listener failed", "err", err)
			code = exitFail
			break loop
		case d := <-done:
			running--
			if d.err == nil {
				d.err = errors.New("stopped unexpectedly")
			}
			d.a.set("failed", d.err.Error())
			s.log.Error("adapter failed", "platform", d.a.Platform(), "err", d.err, "on_adapter_error", s.cfg.OnAdapterError)
			if s.cfg.OnAdapterError == config.OnErrorExit {
				code = exitFail
				break loop
			}
			if running == 0 {
				s.log.Error("every adapter has failed; stopping")
				code = exitFail
				break loop
			}
		}
	}

	// Stop: /readyz says so from now on; the adapters stop taking new
	// messages and the listener new connections, at once; replies in
	// flight get until the deadline; the index is closed last, when
	// nothing can search it any more.
	s.stopping.Store(true)
	deadline := time.Now().Add(s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	stopAdapters()
	stopWatch()
	httpStopped := make(chan error, 1)
	go func() { httpStopped <- srv.Shutdown(sctx) }()

	for running > 0 {
		select {
		case d := <-done:
			running--
			switch {
			case errors.Is(d.err, bot.ErrRepliesAbandoned):
				// A stop that cut answers short is not a clean stop: the
				// exit status says so, for the supervisor and the operator.
				d.a.set("stopped", d.err.Error())
				s.log.Error("replies in flight abandoned at the stop timeout", "platform", d.a.Platform(), "err", d.err)
				code = exitFail
			case d.err != nil:
				d.a.set("failed", d.err.Error())
				s.log.Error("adapter failed while stopping", "platform", d.a.Platform(), "err", d.err)
				code = exitFail
			default:
				d.a.set("stopped", "")
			}
		case <-sctx.Done():
			s.log.Error("gave up waiting for replies in flight", "timeout", s.cfg.ShutdownTimeout.String(), "adapters_running", running)
			code = exitFail
			running = 0
		}
	}
	if err := <-httpStopped; err != nil {
		s.log.Warn("HTTP listener did not close cleanly", "err", err)
	}
	// A reload stuck on a document read gives up with its context; the
	// stop does not wait for it past the deadline either way.
	select {
	case <-watchDone:
	case <-sctx.Done():
	}
	if !s.reloader.stop(deadline) {
		s.log.Warn("a reload was still running at the stop timeout; not waiting for it", "timeout", s.cfg.ShutdownTimeout.String())
	}
	s.closeIndex()
	if s.shared != nil {
		s.shared.Close()
	}
	s.log.Info("stopped", "exit", code)
	return code
}

// stopHTTP shuts the listener down, waiting at most shutdown_timeout for
// the requests being served.
func (s *server) stopHTTP(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		s.log.Warn("HTTP listener did not close cleanly", "err", err)
	}
}

func (s *server) closeIndex() {
	s.closeQuestionLog() // every way out of run passes here
	if s.live == nil {
		return
	}
	if err := s.live.Current().Close(); err != nil {
		s.log.Warn("closing the index", "err", err)
	}
}

// modes says how each adapter connects, for the start-up log line.
func (s *server) modes() []string {
	var out []string
	if s.cfg.TelegramEnabled() {
		if s.cfg.Telegram.WebhookURL != "" {
			out = append(out, "telegram: webhook")
		} else {
			out = append(out, "telegram: long polling")
		}
	}
	if s.cfg.SlackEnabled() {
		if s.cfg.SlackMode() == config.SlackSocketMode {
			out = append(out, "slack: socket mode")
		} else {
			out = append(out, "slack: http")
		}
	}
	return out
}

func (s *server) platformNames() []string {
	var out []string
	for _, a := range s.adapters {
		out = append(out, string(a.Platform()))
	}
	return out
}

// healthz says the process is alive: it answers as long as the listener
// does, whatever the state of the adapters.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ok\n")
}

// readiness is the JSON body of /readyz.
type readiness struct {
	Ready    bool             `json:"ready"`
	Stopping bool             `json:"stopping,omitempty"`
	Index    indexStatus      `json:"index"`
	Reload   *reloadStatus    `json:"last_reload,omitempty"`
	Adapters []adapterReading `json:"adapters"`
	// Redis is the shared state's condition, when redis.url is set. A
	// fallback does not make the server unready: it still answers.
	Redis *redisstate.Status `json:"redis,omitempty"`
	// QuestionLog is the question log's condition, when it is configured:
	// "open", or why it is off. Off does not make the server unready.
	QuestionLog string `json:"question_log,omitempty"`
}

type adapterReading struct {
	Platform bot.Platform `json:"platform"`
	State    string       `json:"state"`
	Ready    bool         `json:"ready"`
	Error    string       `json:"error,omitempty"`
}

// readyz says whether the server should get traffic: the index is loaded
// and every adapter is connected. Under on_adapter_error: continue an
// adapter that has failed for good no longer counts, so the others keep
// their traffic; it is still listed with its error.
func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	rd := readiness{
		Ready:    !s.stopping.Load(),
		Stopping: s.stopping.Load(),
		Index:    s.reloader.indexStatus(),
		Reload:   s.reloader.lastStatus(),
		Adapters: []adapterReading{},
	}
	if !rd.Index.Loaded {
		rd.Ready = false
	}
	if s.shared != nil {
		st := s.shared.Status()
		rd.Redis = &st
	}
	rd.QuestionLog, _ = s.qlogState.Load().(string)
	live := 0
	for _, a := range s.adapters {
		state, err := a.get()
		ready := state == "running" && a.Ready()
		if state == "running" && !ready {
			state = "connecting" // or reconnecting: the adapter retries by itself
		}
		rd.Adapters = append(rd.Adapters, adapterReading{Platform: a.Platform(), State: state, Ready: ready, Error: err})
		switch {
		case ready:
			live++
		case state == "failed" && s.cfg.OnAdapterError == config.OnErrorContinue:
		default:
			rd.Ready = false
		}
	}
	if live == 0 {
		rd.Ready = false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !rd.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(rd)
}
