package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// healthcheck probes a running server's /healthz and exits 0 when it answers
// 200. It exists because the container image has no shell or curl for a
// HEALTHCHECK to call.
func (c *cli) healthcheck(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	addr := fs.String("addr", "", "the server to probe: a URL (http://127.0.0.1:8080/healthz) or host:port; default from CLAUSEBOT_ADDR, else :8080")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	ready := fs.Bool("ready", false, "probe /readyz instead of /healthz")
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, "usage: clausebot healthcheck [--addr URL] [--timeout 3s] [--ready]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "clausebot healthcheck: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	target := *addr
	if target == "" {
		target = c.getenv("CLAUSEBOT_ADDR")
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	u, err := probeURL(target, path)
	if err != nil {
		fmt.Fprintf(c.stderr, "clausebot healthcheck: %v\n", err)
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		fmt.Fprintf(c.stderr, "clausebot healthcheck: %v\n", err)
		return exitUsage
	}
	// No proxy: the probe is always for this container's own listener.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is printed already
		}
		fmt.Fprintf(c.stderr, "clausebot healthcheck: %s: %v\n", u, err)
		return exitFail
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(c.stderr, "clausebot healthcheck: %s: %s %s\n", u, resp.Status, strings.TrimSpace(string(body)))
		return exitFail
	}
	fmt.Fprintf(c.stdout, "%s: %s\n", u, resp.Status)
	return exitOK
}

// probeURL turns a listen address or URL into the URL to probe. A listen
// address with no host (":8080", "0.0.0.0:8080") is probed on loopback.
func probeURL(target, path string) (string, error) {
	if target == "" {
		target = ":8080"
	}
	if strings.Contains(target, "://") {
		u, err := url.Parse(target)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return "", fmt.Errorf("--addr: want an http URL or host:port, got %q", target)
		}
		if u.Path == "" || u.Path == "/" {
			u.Path = path
		}
		return u.String(), nil
	}
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		return "", fmt.Errorf("--addr: want an http URL or host:port, got %q", target)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}
