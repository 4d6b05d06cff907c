package extract

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Result is a converted document, ready for the structure parser.
type Result struct {
	// Markdown is the text: ATX headings ("# ", "## " …; from h1–h6 in
	// HTML and Word heading styles in DOCX; PDF has none), paragraphs
	// separated by one blank line, one paragraph per line (no hard wraps),
	// list items as their own paragraphs with their rendered numbers, and
	// tables as GitHub pipe tables (header row, separator, rows). There is
	// no other inline markup: no emphasis, and links keep only their text.
	Markdown string
	// Pages gives, for each line of Markdown (split on "\n"), its 1-based
	// page in the source; nil for formats without pages (HTML, DOCX).
	// A blank line has the page of the line before it.
	Pages []int
	// Title is the title from the file's metadata (HTML <title> or
	// og:title, DOCX docProps/core.xml dc:title, PDF Info Title); "" if none.
	Title string
	// Warnings are problems the operator should know; each names what was
	// dropped or guessed. They do not repeat the file name.
	Warnings []string
}

// Options limits the work done on one file.
type Options struct {
	// MaxInput is the largest input accepted, in bytes; 0 means
	// DefaultMaxInput.
	MaxInput int64
	// MaxDecompressed caps the bytes inflated out of a DOCX (the sum of the
	// XML parts read; images are not read) so that a zip bomb fails fast;
	// 0 means DefaultMaxDecompressed.
	MaxDecompressed int64
}

// DefaultMaxInput is the input size cap when Options.MaxInput is 0. It
// matches index.DefaultMaxFileSize: a policy document is rarely over 1 MB
// even as a PDF with fonts.
const DefaultMaxInput = 8 << 20

// DefaultMaxDecompressed is the decompressed size cap when
// Options.MaxDecompressed is 0. A 300-page Word law is about 5 MB of XML;
// converting 32 MB of it takes 1–2 s with a heap peak near 130 MB.
const DefaultMaxDecompressed = 32 << 20

// Errors a caller may test for with errors.Is. Convert wraps them with the
// file name and the details.
var (
	ErrTooLarge      = errors.New("over the size cap")
	ErrEncrypted     = errors.New("encrypted: a password is needed to open it")
	ErrNoTextLayer   = errors.New("no text layer: scanned? OCR is not supported")
	ErrCorrupt       = errors.New("corrupt file")
	ErrZipBomb       = errors.New("decompressed size over the cap (zip bomb?)")
	ErrLoginPage     = errors.New("page is only a login form")
	ErrNoMainContent = errors.New("page has no main content")
	ErrUnsupported   = errors.New("unsupported format")
)

// Error is what Convert returns when a file cannot be used: the file's name
// and the problem, which wraps one of the Err values (errors.Is works on an
// *Error). index.Load can put File and Err.Error() into its own warning
// without the name twice.
type Error struct {
	File string // the name passed to Convert
	Err  error
}

func (e *Error) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the problem.
func (e *Error) Unwrap() error { return e.Err }

// Supported reports whether ext (".html", ".htm", ".docx", ".pdf", any
// case) is converted by Convert.
func Supported(ext string) bool {
	switch strings.ToLower(ext) {
	case ".html", ".htm", ".docx", ".pdf":
		return true
	}
	return false
}

// Convert converts data, read from the file name (its extension picks the
// format; the name is also used in errors). When the file cannot be used
// at all it returns an *Error wrapping one of the Err values above, or the
// context's error.
func Convert(ctx context.Context, name string, data []byte, opts Options) (*Result, error) {
	if opts.MaxInput <= 0 {
		opts.MaxInput = DefaultMaxInput
	}
	if opts.MaxDecompressed <= 0 {
		opts.MaxDecompressed = DefaultMaxDecompressed
	}
	if int64(len(data)) > opts.MaxInput {
		return nil, &Error{File: name, Err: fmt.Errorf("%d bytes: %w of %d bytes", len(data), ErrTooLarge, opts.MaxInput)}
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{File: name, Err: err}
	}
	var (
		r   *Result
		err error
	)
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".html", ".htm":
		r, err = convertHTML(ctx, data)
	case ".docx":
		r, err = convertDOCX(ctx, data, opts.MaxDecompressed)
	case ".pdf":
		r, err = convertPDF(ctx, data)
	default:
		err = fmt.Errorf("%w %q", ErrUnsupported, ext)
	}
	if err != nil {
		return nil, &Error{File: name, Err: err}
	}
	return r, nil
}

// blockKind is what a block becomes in Markdown.
type blockKind int

const (
	paraBlock blockKind = iota
	headingBlock
	tableBlock
)

// block is one paragraph, heading or table of a converted document.
type block struct {
	kind  blockKind
	level int        // heading level, 1–6
	text  string     // paragraph or heading text, one line
	rows  [][]string // table cells
	page  int        // 1-based source page, 0 if the format has none
}

// render writes blocks as the Markdown described on Result, and the page of
// each line when withPages is set.
func render(blocks []block, withPages bool) (string, []int) {
	var b strings.Builder
	var pages []int
	line := func(s string, page int) {
		b.WriteString(s)
		b.WriteByte('\n')
		if withPages {
			pages = append(pages, page)
		}
	}
	first := true
	for _, bl := range blocks {
		switch bl.kind {
		case paraBlock, headingBlock:
			if strings.TrimSpace(bl.text) == "" {
				continue
			}
		case tableBlock:
			if len(bl.rows) == 0 {
				continue
			}
		}
		if !first {
			prev := 0
			if withPages {
				prev = pages[len(pages)-1]
			}
			line("", prev)
		}
		first = false
		switch bl.kind {
		case paraBlock:
			line(bl.text, bl.page)
		case headingBlock:
			lv := min(max(bl.level, 1), 6)
			line(strings.Repeat("#", lv)+" "+bl.text, bl.page)
		case tableBlock:
			width := 0
			for _, r := range bl.rows {
				width = max(width, len(r))
			}
			for i, r := range bl.rows {
				cells := make([]string, width)
				for j := range cells {
					if j < len(r) {
						cells[j] = strings.ReplaceAll(cleanText(r[j]), "|", `\|`)
					}
				}
				line("| "+strings.Join(cells, " | ")+" |", bl.page)
				if i == 0 {
					sep := make([]string, width)
					for j := range sep {
						sep[j] = "---"
					}
					line("| "+strings.Join(sep, " | ")+" |", bl.page)
				}
			}
		}
	}
	s := strings.TrimSuffix(b.String(), "\n")
	if withPages && len(pages) == 0 {
		pages = []int{}
	}
	return s, pages
}

// cleanText collapses ASCII whitespace runs (tabs, newlines, spaces) into one
// space and trims the ends, U+00A0 and U+3000 included there (pages indent
// paragraphs with "&nbsp;&nbsp;" or "　　"). Inside, U+00A0 and U+3000 are
// kept: documents use them after article numbers ("第一条　",
// "Статья 1.\u00a0").
func cleanText(s string) string {
	s = strings.Trim(s, " \t\n\r\f\v\u00a0\u3000")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			space = true
			continue
		case '\u200b', '\ufeff', '\u00ad':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isCJK reports whether r is a Han, kana or Hangul character or a CJK
// punctuation mark: between two of them a line break is not a space.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// joinLines joins the text of a line broken in the source to the text before
// it: CJK to CJK with nothing, a word hyphenated at the break without its
// hyphen, anything else with one space.
func joinLines(a, b string) string {
	a = strings.TrimRight(a, " \t")
	b = strings.TrimLeft(b, " \t")
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if isCJK(last) || isCJK(first) {
		// A CJK character on either side: Chinese lines break anywhere,
		// and a Latin word or number next to Chinese has no space before
		// it in our documents ("2019年3月15日", "第3条").
		if !(unicode.IsLetter(last) && !isCJK(last) && unicode.IsLetter(first) && !isCJK(first)) {
			return a + b
		}
	}
	if last == '-' && len(a) >= 2 {
		// A word hyphenated at the break ("arbi-" "tration") loses the
		// hyphen; LibreOffice and Word do not hyphenate unless asked, and
		// typeset English does, so this is for lower-case Latin only. A
		// hyphen anywhere else is part of the text ("160-" "ФЗ",
		// "физико-" "географических") and stays, with no space.
		before, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		if before < 0x80 && first < 0x80 && unicode.IsLower(before) && unicode.IsLower(first) {
			return a[:len(a)-1] + b
		}
		if unicode.IsLetter(before) || unicode.IsDigit(before) {
			return a + b
		}
	}
	return a + " " + b
}

// roman renders n (1–3999) in Roman numerals.
func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// superscript writes the digits of s as Unicode superscripts: an inserted
// article "Статья 7<sup>1</sup>" must read "Статья 7¹", not "Статья 71".
// Other characters are kept as they are.
func superscript(s string) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	digits := []rune(sup)
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(digits[r-'0'])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
