package config

import (
	"net/url"
	"strings"
	"time"
)

// Redis configures the shared state of several replicas (bot/redisstate).
// It is enabled by a URL; without one every replica keeps its own state in
// memory, as a single process does.
type Redis struct {
	// URL is redis://[user:password@]host:port/db, or rediss:// for TLS. It
	// may carry a password, so it is a Secret: never printed or logged.
	URL Secret `yaml:"url" env:"CLAUSEBOT_REDIS_URL"`
	// URLFile reads the URL from a file (container secrets).
	URLFile string `yaml:"url_file" env:"CLAUSEBOT_REDIS_URL_FILE"`
	// Prefix starts every key clausebot writes. Replicas of one bot share
	// it; bots sharing one Redis need different ones.
	Prefix string `yaml:"prefix" env:"CLAUSEBOT_REDIS_PREFIX"`
	// Timeout bounds each Redis call; past it the call is answered from
	// in-process state, so no answer waits on Redis longer.
	Timeout time.Duration `yaml:"timeout" env:"CLAUSEBOT_REDIS_TIMEOUT"`
	// LeaseTTL is how long the Telegram polling lease lasts unrenewed: a
	// replica that dies is replaced by another within about this long.
	LeaseTTL time.Duration `yaml:"lease_ttl" env:"CLAUSEBOT_REDIS_LEASE_TTL"`
}

// RedisEnabled reports whether shared state in Redis is configured.
func (c *Config) RedisEnabled() bool { return c.Redis.URL != "" }

// RedisPassword returns the password in the Redis URL, if any, so the logs
// can mask it wherever it occurs.
func (c *Config) RedisPassword() string {
	u, err := url.Parse(c.Redis.URL.Value())
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}

func (c *Config) validateRedis(bad func(key, format string, args ...any)) {
	r := &c.Redis
	if r.URL != "" {
		// The messages never quote the URL: it may carry a password.
		u, err := url.Parse(r.URL.Value())
		switch {
		case err != nil:
			bad("redis.url", "not a URL; want redis://[user:password@]host:port/db")
		case u.Scheme != "redis" && u.Scheme != "rediss":
			bad("redis.url", "want a redis:// or rediss:// URL, got scheme %q", u.Scheme)
		case u.Host == "":
			bad("redis.url", "missing the host; want redis://[user:password@]host:port/db")
		case strings.Trim(u.Path, "/") != "" && strings.Trim(strings.Trim(u.Path, "/"), "0123456789") != "":
			bad("redis.url", "the path must be a database number, as in redis://host:6379/0")
		}
	}
	if r.Prefix == "" || strings.ContainsAny(r.Prefix, " \t\r\n*?[") {
		bad("redis.prefix", "must be non-empty, without spaces or *?[, got %q", r.Prefix)
	}
	if r.Timeout < time.Millisecond || r.Timeout > 10*time.Second {
		bad("redis.timeout", "must be between 1ms and 10s, got %v", r.Timeout)
	}
	if r.LeaseTTL < time.Second || r.LeaseTTL > time.Minute {
		bad("redis.lease_ttl", "must be between 1s and 1m, got %v", r.LeaseTTL)
	}
}
