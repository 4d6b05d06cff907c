package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRedis(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "redis_url")
	if err := os.WriteFile(urlFile, []byte("redis://:pw-from-file@redis:6379/0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     env
		want    string // a problem the error must name; "" for none
		wantURL string
	}{
		{"unset", env{}, "", ""},
		{"from env", env{"CLAUSEBOT_REDIS_URL": "redis://:hunter2@127.0.0.1:6379/0"}, "", "redis://:hunter2@127.0.0.1:6379/0"},
		{"tls", env{"CLAUSEBOT_REDIS_URL": "rediss://redis.example.com:6380"}, "", "rediss://redis.example.com:6380"},
		{"from file", env{"CLAUSEBOT_REDIS_URL_FILE": urlFile}, "", "redis://:pw-from-file@redis:6379/0"},
		{"wrong scheme", env{"CLAUSEBOT_REDIS_URL": "http://:hunter2@h:1"}, `redis.url (env CLAUSEBOT_REDIS_URL): want a redis:// or rediss:// URL, got scheme "http"`, ""},
		{"no host", env{"CLAUSEBOT_REDIS_URL": "redis://:hunter2@/0"}, "redis.url (env CLAUSEBOT_REDIS_URL): missing the host", ""},
		{"bad db", env{"CLAUSEBOT_REDIS_URL": "redis://:hunter2@h:1/x"}, "redis.url (env CLAUSEBOT_REDIS_URL): the path must be a database number", ""},
		{"bad prefix", env{"CLAUSEBOT_REDIS_PREFIX": "a b"}, "redis.prefix (env CLAUSEBOT_REDIS_PREFIX): must be non-empty", ""},
		{"timeout too long", env{"CLAUSEBOT_REDIS_TIMEOUT": "1m"}, "redis.timeout (env CLAUSEBOT_REDIS_TIMEOUT): must be between 1ms and 10s, got 1m0s", ""},
		{"lease too short", env{"CLAUSEBOT_REDIS_LEASE_TTL": "100ms"}, "redis.lease_ttl (env CLAUSEBOT_REDIS_LEASE_TTL): must be between 1s and 1m", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load("", tt.env.get)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := c.Redis.URL.Value(); got != tt.wantURL {
					t.Errorf("url = %q, want %q", got, tt.wantURL)
				}
				if c.RedisEnabled() != (tt.wantURL != "") {
					t.Errorf("RedisEnabled() = %v", c.RedisEnabled())
				}
				if c.Redis.Prefix != "clausebot:" || c.Redis.Timeout != 250*time.Millisecond || c.Redis.LeaseTTL != 5*time.Second {
					t.Errorf("defaults = %+v", c.Redis)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
	c, err := Load("", env{"CLAUSEBOT_REDIS_URL": "redis://app:hunter2@h:6379/0"}.get)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.RedisPassword(); got != "hunter2" {
		t.Errorf("RedisPassword() = %q", got)
	}
}
