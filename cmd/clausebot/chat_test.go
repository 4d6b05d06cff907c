package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clausebot/bot"
	"clausebot/bot/bottest"
	"clausebot/index"
)

// runChat drives `clausebot chat args...` with script on stdin.
func runChat(t *testing.T, env map[string]string, script string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = run(context.Background(), append([]string{"chat"}, args...), getenv, strings.NewReader(script), &out, &errOut)
	return code, out.String(), errOut.String()
}

// seedClause finds the seed clause containing part, so the test follows
// the engine's references instead of hard-coding them.
func seedClause(t *testing.T, part string) bot.Clause {
	t.Helper()
	x, err := index.Load(context.Background(), index.Seed(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, s := range x.Documents()[0].Sections {
		cl, err := x.Section(context.Background(), s.Label)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cl {
			if strings.Contains(c.Text, part) {
				return c
			}
		}
	}
	t.Fatalf("no seed clause has %q", part)
	return bot.Clause{}
}

func TestChatScripted(t *testing.T) {
	beidou := seedClause(t, "北斗")
	script := strings.Join([]string{
		"你好",
		"北斗卫星导航",
		"1", // the first button: 查看整节
		"",  // blank lines are skipped
		"/clause 二.12",
		"/section 五",
		"/section 三",
		"What is the weather in Paris?",
		"/sources",
	}, "\n") + "\n"
	code, out, errOut := runChat(t, nil, script)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitOK, errOut)
	}
	for _, want := range []string{
		"命令：", // help, in Chinese
		beidou.Ref + " · " + beidou.DocTitle,
		"[1] 查看整节",            // buttons as numbered choices
		"第二部分：共64条，显示其中21–30", // the button jumped to the page holding the best clause
		"二·12",                      // /clause
		"没有第五部分",                    // truncated
		"没有第三部分",                    // numbering gap
		"I found no clause",         // English no-match for an English question
		"truncated: the saved copy", // /sources
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\noutput:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("ANSI codes written to a pipe")
	}
	// Piped, a clause is printed verbatim: the line can be quoted as is.
	if strings.ContainsAny(out, "【】") || !strings.Contains(out, beidou.Text) {
		t.Errorf("the clause %s is not printed verbatim:\n%s", beidou.Ref, out)
	}
	if strings.Contains(out, "> ") {
		t.Errorf("a prompt was printed in scripted mode")
	}
	// Nine non-blank lines, nine replies, each followed by a blank line.
	if n := strings.Count(out, "\n\n\n"); n != 0 {
		t.Errorf("%d double blank lines in the output", n)
	}
}

func TestChatFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		script   string
		wantCode int
		wantOut  string // in stdout
		wantErr  string // in stderr
	}{
		{"lang zh", []string{"--lang", "zh"}, nil, "/sources\n", exitOK, "已载入的文件", ""},
		{"lang from env", nil, map[string]string{"LANG": "zh_CN.UTF-8"}, "/sources\n", exitOK, "已载入的文件", ""},
		{"lang default en", nil, nil, "/sources\n", exitOK, "Loaded documents", ""},
		{"color always", []string{"--color", "always"}, nil, "北斗\n", exitOK, "\x1b[1m北斗\x1b[22m", ""},
		{"color never marks", []string{"--color", "never", "--marks"}, nil, "北斗\n", exitOK, "【北斗】", ""},
		{"piped marks", []string{"--marks"}, nil, "北斗\n", exitOK, "【北斗】", ""},
		{"NO_COLOR marks", []string{"--marks"}, map[string]string{"NO_COLOR": "1"}, "北斗\n", exitOK, "【北斗】", ""},
		{"color always beats marks", []string{"--color", "always", "--marks"}, nil, "北斗\n", exitOK, "\x1b[1m北斗\x1b[22m", ""},
		{"bad lang", []string{"--lang", "fr"}, nil, "", exitUsage, "", "--lang must be zh, en or ru"},
		{"bad color", []string{"--color", "rainbow"}, nil, "", exitUsage, "", "--color"},
		{"bad flag", []string{"--nope"}, nil, "", exitUsage, "", "flag provided but not defined"},
		{"extra arg", []string{"hello"}, nil, "", exitUsage, "", "unexpected argument"},
		{"missing docs", []string{"--docs", "/nonexistent/clausebot"}, nil, "", exitUsage, "", "does not exist"},
		{"help flag", []string{"-h"}, nil, "", exitOK, "usage: clausebot chat", ""},
		{"empty input", nil, nil, "", exitOK, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runChat(t, tt.env, tt.script, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, out)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, errOut)
			}
		})
	}
}

// TestChatReload checks /reload: the local user is an admin, and an edit
// to the documents folder shows up without restarting the chat.
func TestChatReload(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "rules.txt")
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(doc, []byte("Harbour Rules\n\n1. Ships\n\n"+body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Ships must report their cargo to the harbour master.")
	pr, pw := io.Pipe()
	var out, errOut bottest.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"chat", "--docs", dir}, func(string) string { return "" }, pr, &out, &errOut)
	}()
	say := func(line, want string) {
		t.Helper()
		if _, err := io.WriteString(pw, line+"\n"); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second) // generous: a loaded machine
		unmarked := strings.NewReplacer("【", "", "】", "")
		for !strings.Contains(unmarked.Replace(out.String()), want) {
			if time.Now().After(deadline) {
				t.Fatalf("after %q the output lacks %q:\n%s\nstderr:\n%s", line, want, out.String(), errOut.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	say("cargo report", "Ships must report their cargo to the harbour master.")
	write("Ships must drop anchor only in the marked zones.")
	say("/reload", "Reloaded: 1 document, 1 clause")
	say("drop anchor in marked zones", "Ships must drop anchor only in the marked zones.")
	// In a Chinese conversation the summary is Chinese, counted in Chinese.
	say("你好", "命令")
	say("/reload", "已重新载入：1个文件，共1条（之前：1个文件，共1条）")
	pw.Close()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit code %d, want %d", code, exitOK)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("chat did not exit at end of input")
	}
}

// TestChatVerbatim checks that without ANSI bold (--color never, NO_COLOR,
// a pipe) every clause line of the output is the document's text exactly:
// no 【】 and nothing else inserted.
func TestChatVerbatim(t *testing.T) {
	beidou := seedClause(t, "北斗")
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"piped", nil, nil},
		{"color never", []string{"--color", "never"}, nil},
		{"NO_COLOR", nil, map[string]string{"NO_COLOR": "1"}},
		{"NO_COLOR with color auto", []string{"--color", "auto"}, map[string]string{"NO_COLOR": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runChat(t, tc.env, "北斗卫星导航\n", tc.args...)
			if code != exitOK {
				t.Fatalf("exit code %d; stderr:\n%s", code, errOut)
			}
			if !strings.Contains(out, beidou.Text+"\n") || strings.ContainsAny(out, "【】\x1b") {
				t.Errorf("the clause is not verbatim:\n%s", out)
			}
		})
	}
}

// TestChatReloadNamesSkippedFiles checks /reload in chat after files that
// cannot be loaded were added (a broken PDF, a binary text): the reply
// counts and names the files this reload skipped, in the chat's language,
// naming a few and counting the rest; "已重新载入：17个文件…；3条警告"
// counted only the documents' old warnings.
func TestChatReloadNamesSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"rules.txt":  []byte("Harbour Rules\n\n1. Ships\n\nShips must report their cargo to the harbour master.\n"),
		"broken.pdf": []byte("%PDF-1.4\nnot really a PDF\n"),
		// binary: a NUL byte (a Windows-1251 text is read since)
		"legacy.txt": []byte("Статья 1.\x00 Суда обязаны сообщать о грузе.\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bottest.Buffer
	in := strings.NewReader("/reload\n你好\n/reload\n")
	if code := run(context.Background(), []string{"chat", "--docs", dir}, func(string) string { return "" }, in, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut.String())
	}
	for _, want := range []string{
		"Reloaded: 1 document, 1 clause; skipped 2 files: broken.pdf, legacy.txt",
		"已重新载入：1个文件，共1条（之前：1个文件，共1条）；1条警告；跳过2个文件：broken.pdf、legacy.txt",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestChatHugeLine: a pasted line of 1.2 million characters (a trial's
// 1 MB line ended the chat with "bufio.Scanner: token too long") is
// answered with the too-long notice, and the chat goes on.
func TestChatHugeLine(t *testing.T) {
	script := strings.Repeat("网络安全", 300_000) + "\n北斗卫星导航\n"
	code, out, errOut := runChat(t, nil, script)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitOK, errOut)
	}
	if !strings.Contains(out, "超过了500个字符的上限") || !strings.Contains(out, "北斗") {
		t.Errorf("output:\n%.800s\nwant the too-long notice, then an answer about 北斗", out)
	}
}
