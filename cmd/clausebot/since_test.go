package main

import (
	"flag"
	"os"
	"regexp"
	"testing"
)

// TestSinceDefaultAgrees checks that every usage line and the README show
// --since with the flag's real default (qlogFlags): eval's usage said 30d
// and the README 90d while the flag defaults to 7d.
func TestSinceDefaultAgrees(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	qlogFlags(fs, func(string) string { return "" })
	def := fs.Lookup("since").DefValue
	shown := regexp.MustCompile(`\[--since ([^\]\s]+)\]`)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"eval usage": evalUsage, "report usage": reportUsage, "README": string(readme)} {
		ms := shown.FindAllStringSubmatch(text, -1)
		if name != "README" && len(ms) == 0 {
			t.Errorf("%s shows no [--since …]: %q", name, text)
		}
		for _, m := range ms {
			if m[1] != def {
				t.Errorf("%s shows %s, but --since defaults to %s", name, m[0], def)
			}
		}
	}
}
