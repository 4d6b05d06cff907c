package main

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"runtime"
)

// indexDir returns the index folder for the documents folder docs: dir
// when it is set (from --index, CLAUSEBOT_INDEX or the config's index:),
// and otherwise a folder under the user's cache directory named after the
// documents folder's absolute path, so that two documents folders never
// share one. "" means in memory: for the embedded seed, for dir "off",
// and when there is no cache directory (no $HOME in getenv).
func indexDir(dir, docs string, getenv func(string) string) string {
	switch {
	case docs == "", dir == "off":
		return ""
	case dir != "":
		return dir
	}
	cache := userCacheDir(getenv)
	if cache == "" {
		return ""
	}
	abs, err := filepath.Abs(docs)
	if err != nil {
		abs = docs
	}
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "clausebot", "index", filepath.Base(abs)+"-"+hex.EncodeToString(h[:6]))
}

// userCacheDir is os.UserCacheDir reading the environment through getenv,
// so that tests decide it: $XDG_CACHE_HOME or ~/.cache on Unix,
// ~/Library/Caches on macOS, %LocalAppData% on Windows; "" when unknown.
func userCacheDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("LocalAppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Caches")
		}
		return ""
	}
	if d := getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache")
	}
	return ""
}
