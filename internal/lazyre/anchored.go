package lazyre

import (
	"regexp"
	"regexp/syntax"
	"sync"
	"unicode/utf8"
)

// Anchored is a compiled expression with a test of the first rune of the
// text it is run on: an expression that can only match at the start of
// the text (every way through it reads ^ before its first rune) fails at
// once on a text whose first rune none of its first instructions take.
//
// The regexp package finds no literal prefix in an anchored expression,
// and its backtracker clears a bitmap of (instructions × bytes of the
// text) before every run: trying a line's opening against twenty such
// expressions cost more than the rest of parsing a clause
// (BenchmarkScale's CPU profile at 1M clauses, issue 11). Its methods
// MatchString, FindString, FindStringSubmatch and FindStringSubmatchIndex
// answer as the Regexp's do, without running it when the first rune rules
// a match out; the others are the Regexp's own.
type Anchored struct {
	*regexp.Regexp
	// first holds the instructions that can read a match's first rune;
	// open is true when the test cannot rule anything out (a match may be
	// empty, or may start past the start of the text).
	first []*syntax.Inst
	open  bool
}

// NewAnchored is New for an expression anchored with ^ (the test is
// skipped, never wrong, for one that is not).
func NewAnchored(expr string) func() *Anchored {
	mu.Lock()
	exprs = append(exprs, expr)
	mu.Unlock()
	return sync.OnceValue(func() *Anchored { return MustAnchored(expr) })
}

// MustAnchored compiles expr (as regexp.MustCompile: an invalid expression
// panics) and works out its first runes.
func MustAnchored(expr string) *Anchored {
	a := &Anchored{Regexp: regexp.MustCompile(expr)}
	re, err := syntax.Parse(expr, syntax.Perl) // regexp.Compile's flags
	if err != nil {
		panic(err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		panic(err)
	}
	a.first, a.open = firstInsts(prog)
	return a
}

// firstInsts walks prog from its start, through every instruction that
// reads no rune, to the instructions that read the first rune of a match.
// It returns them, or open = true when some way through reads a rune
// before ^ or reaches the end with none read. Empty-width assertions other
// than ^ are taken as met: the set may be larger than needed, never
// smaller.
func firstInsts(prog *syntax.Prog) (first []*syntax.Inst, open bool) {
	type at struct {
		pc       uint32
		anchored bool
	}
	seen := map[at]bool{}
	var walk func(pc uint32, anchored bool)
	walk = func(pc uint32, anchored bool) {
		if open || seen[at{pc, anchored}] {
			return
		}
		seen[at{pc, anchored}] = true
		i := &prog.Inst[pc]
		switch i.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			walk(i.Out, anchored)
			walk(i.Arg, anchored)
		case syntax.InstCapture, syntax.InstNop:
			walk(i.Out, anchored)
		case syntax.InstEmptyWidth:
			walk(i.Out, anchored || syntax.EmptyOp(i.Arg)&syntax.EmptyBeginText != 0)
		case syntax.InstFail:
		case syntax.InstMatch:
			open = true
		default: // InstRune, InstRune1, InstRuneAny, InstRuneAnyNotNL
			if !anchored {
				open = true
				return
			}
			first = append(first, i)
		}
	}
	walk(uint32(prog.Start), false)
	if open {
		return nil, true
	}
	return first, false
}

// CanStart reports whether a match of a can start with s's first rune (an
// invalid byte reads as utf8.RuneError, as the regexp package reads it).
// It is true for an empty s, and whenever the test cannot rule a match
// out; false means a does not match s.
func (a *Anchored) CanStart(s string) bool {
	if a.open || s == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	for _, i := range a.first {
		switch i.Op {
		case syntax.InstRuneAny:
			return true
		case syntax.InstRuneAnyNotNL:
			if r != '\n' {
				return true
			}
		default:
			if i.MatchRune(r) {
				return true
			}
		}
	}
	return false
}

// MatchString is regexp.Regexp.MatchString.
func (a *Anchored) MatchString(s string) bool {
	return a.CanStart(s) && a.Regexp.MatchString(s)
}

// FindString is regexp.Regexp.FindString.
func (a *Anchored) FindString(s string) string {
	if !a.CanStart(s) {
		return ""
	}
	return a.Regexp.FindString(s)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (a *Anchored) FindStringSubmatch(s string) []string {
	if !a.CanStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatch(s)
}

// FindStringSubmatchIndex is regexp.Regexp.FindStringSubmatchIndex.
func (a *Anchored) FindStringSubmatchIndex(s string) []int {
	if !a.CanStart(s) {
		return nil
	}
	return a.Regexp.FindStringSubmatchIndex(s)
}
