package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoFile reads a file at the repository root (two folders up).
func repoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDockerfile checks the image's invariants, since no Docker engine runs
// in CI: the builder's Go matches go.mod, the build is .ci/build (what CI
// runs), the runtime is distroless or scratch as a non-root user, and the
// health check works without a shell.
func TestDockerfile(t *testing.T) {
	df := repoFile(t, "Dockerfile")
	gomod := repoFile(t, "go.mod")

	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+(?:\.\d+)?)\s*$`).FindStringSubmatch(gomod)
	if goLine == nil {
		t.Fatal("go.mod has no go line")
	}
	var froms []string
	for _, m := range regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(df, -1) {
		froms = append(froms, m[1])
	}
	if len(froms) < 2 {
		t.Fatalf("FROM lines = %q, want a multi-stage build", froms)
	}
	builder := regexp.MustCompile(`^golang:(\d+\.\d+\.\d+)(-\S+)?$`).FindStringSubmatch(froms[0])
	if builder == nil {
		t.Errorf("builder = %q, want a pinned golang:X.Y.Z image", froms[0])
	} else if builder[1] != goLine[1] {
		t.Errorf("builder Go %s, go.mod says go %s: keep them the same", builder[1], goLine[1])
	}
	runtime := froms[len(froms)-1]
	if !strings.HasPrefix(runtime, "gcr.io/distroless/static") && runtime != "scratch" {
		t.Errorf("runtime image = %q, want distroless static or scratch", runtime)
	}

	final := df[strings.LastIndex(df, "\nFROM "):]
	user := regexp.MustCompile(`(?m)^USER\s+(\S+)`).FindStringSubmatch(final)
	if user == nil {
		t.Error("the runtime stage sets no USER")
	} else if u := strings.SplitN(user[1], ":", 2)[0]; u == "root" || u == "0" {
		t.Errorf("USER %s: want a non-root user", user[1])
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^RUN\b[^\n]*(\\\n[^\n]*)*\bbash \.ci/build\b`),
		regexp.MustCompile(`(?m)^HEALTHCHECK\b.*\\?\n?\s*CMD \["/usr/local/bin/clausebot", "healthcheck"\]`),
		regexp.MustCompile(`(?m)^EXPOSE 8080$`),
		regexp.MustCompile(`(?m)^ENTRYPOINT \["/usr/local/bin/clausebot"\]$`),
		regexp.MustCompile(`(?m)^CMD \["serve"\]$`),
		regexp.MustCompile(`(?m)^COPY index/seed/ /docs/$`),
		regexp.MustCompile(`CLAUSEBOT_DOCS=/docs`),
	} {
		if !want.MatchString(df) {
			t.Errorf("Dockerfile does not match %s", want)
		}
	}
	if strings.Contains(df, "go build") {
		t.Error("the Dockerfile runs go build itself; it must only run .ci/build")
	}

	build := repoFile(t, ".ci/build")
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "./cmd/clausebot") {
		t.Errorf(".ci/build does not build ./cmd/clausebot with CGO_ENABLED=0:\n%s", build)
	}
	if fi, err := os.Stat(filepath.Join("..", "..", ".ci", "build")); err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf(".ci/build is not executable: %v", err)
	}

	// .dockerignore must not keep out what the build needs.
	ignore := repoFile(t, ".dockerignore")
	for _, line := range strings.Split(ignore, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, needed := range []string{"go.mod", "go.sum", ".ci/build", "index/seed/000_ad880c8de21a5870.txt", "cmd/clausebot/main.go"} {
			if ok, _ := filepath.Match(strings.TrimPrefix(line, "/"), needed); ok || strings.HasPrefix(needed, strings.TrimPrefix(line, "/")+"/") {
				t.Errorf(".dockerignore line %q excludes %s, which the build needs", line, needed)
			}
		}
	}
}
