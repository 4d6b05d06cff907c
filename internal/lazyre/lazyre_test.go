package lazyre

import (
	"strings"
	"sync"
	"testing"
)

func TestNewCompilesOnceOnFirstUse(t *testing.T) {
	re := New(`^a+b$`)
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Go(func() { got[i] = re() })
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatalf("call %d returned another *regexp.Regexp", i)
		}
	}
	if !re().MatchString("aab") || re().MatchString("ab c") {
		t.Fatal("compiled the wrong expression")
	}
}

func TestInvalidPanicsOnUseAndCheckAllNamesIt(t *testing.T) {
	before := Count()
	bad := New(`(unclosed`)
	if Count() != before+1 {
		t.Fatalf("Count = %d, want %d", Count(), before+1)
	}
	err := CheckAll()
	if err == nil || !strings.Contains(err.Error(), `"(unclosed"`) {
		t.Fatalf("CheckAll() = %v, want an error naming (unclosed", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("using an invalid expression did not panic")
		}
	}()
	bad()
}
