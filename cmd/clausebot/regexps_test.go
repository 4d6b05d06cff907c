package main

import (
	"testing"

	"clausebot/internal/lazyre"
)

// TestRegexpsCompile compiles every regular expression the packages
// linked into clausebot declare with lazyre (compiled on first use, not at
// init), so an invalid one fails here rather than on the first document
// or message that reaches it.
func TestRegexpsCompile(t *testing.T) {
	if n := lazyre.Count(); n < 80 {
		t.Fatalf("lazyre.Count() = %d: the packages' expressions are not declared with lazyre.New", n)
	}
	if err := lazyre.CheckAll(); err != nil {
		t.Fatal(err)
	}
}
