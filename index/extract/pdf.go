package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// The PDFium pool is made on the first PDF, never at init: compiling the
// 5.8 MB WebAssembly module takes 3–5 s on our 2-core machine and peaks at
// about 330 MB of RSS, and a process that reads no PDF (the one-shot ask on
// the seed) must not pay that. It is closed again when no PDF has been
// converted for pdfIdle, so that a server does not keep PDFium's memory
// (about 60 MB with an instance) between reloads.
var pdfPool struct {
	sync.Mutex
	pool   pdfium.Pool
	active int         // conversions holding an instance
	idle   *time.Timer // closes the pool when it fires with active == 0
	cache  string      // see SetPDFCacheDir
}

// pdfIdle is how long the PDFium pool outlives the last conversion.
const pdfIdle = time.Minute

// SetPDFCacheDir makes the PDF reader keep the machine code it compiles
// from PDFium's WebAssembly in dir (about 21 MB), so that the first PDF of
// a later process, or after the pool was closed for being idle, starts in
// about 0.1 s instead of 3–5 s and without the compiler's 330 MB peak.
// It takes effect on the next conversion: a pool made with another folder
// and idle is closed, so that the next one keeps its code in dir (while a
// conversion runs, when the pool is next made). dir must be writable by
// this process only (wazero trusts what it finds there). Without it
// nothing is written to disk.
func SetPDFCacheDir(dir string) {
	pdfPool.Lock()
	defer pdfPool.Unlock()
	if dir == pdfPool.cache {
		return
	}
	pdfPool.cache = dir
	if pdfPool.pool != nil && pdfPool.active == 0 {
		if pdfPool.idle != nil {
			pdfPool.idle.Stop()
		}
		pdfPool.pool.Close()
		pdfPool.pool = nil
	}
}

// pdfInstance returns a PDFium instance and the function that gives it
// back; the pool is made on first use.
func pdfInstance() (pdfium.Pdfium, func(), error) {
	pdfPool.Lock()
	if pdfPool.pool == nil {
		rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
		if pdfPool.cache != "" {
			if cache, err := wazero.NewCompilationCacheWithDir(pdfPool.cache); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
		// PDFium's own output would go to our stdout, where a CLI prints
		// its answers.
		pool, err := webassembly.Init(webassembly.Config{
			MinIdle: 0, MaxIdle: 1, MaxTotal: 2, RuntimeConfig: rc, Stdout: io.Discard, Stderr: io.Discard,
		})
		if err != nil {
			pdfPool.Unlock()
			return nil, nil, fmt.Errorf("starting PDFium: %w", err)
		}
		pdfPool.pool = pool
	}
	pdfPool.active++
	if pdfPool.idle != nil {
		pdfPool.idle.Stop()
	}
	pool := pdfPool.pool
	pdfPool.Unlock()
	inst, err := pool.GetInstance(2 * time.Minute)
	release := func() {
		if inst != nil {
			inst.Close()
		}
		pdfPool.Lock()
		defer pdfPool.Unlock()
		pdfPool.active--
		if pdfPool.active == 0 {
			pdfPool.idle = time.AfterFunc(pdfIdle, closeIdlePDF)
		}
	}
	if err != nil {
		release()
		return nil, nil, fmt.Errorf("PDFium instance: %w", err)
	}
	return inst, release, nil
}

func closeIdlePDF() {
	pdfPool.Lock()
	defer pdfPool.Unlock()
	if pdfPool.active == 0 && pdfPool.pool != nil {
		pdfPool.pool.Close()
		pdfPool.pool = nil
	}
}

// pdfItem is a run of text PDFium found on one line in one font.
type pdfItem struct {
	text                     string
	left, right, top, bottom float64 // points, origin bottom left
	size                     float64
}

// pdfLine is one line of a page.
type pdfLine struct {
	text                     string
	left, right, top, bottom float64
	size                     float64
	page                     int
	cjk                      bool    // mostly CJK text
	columns                  bool    // has a gap of more than 2 em: table cells or columns
	pageWidth                float64 // of the page, in points; 0 if unknown
	col                      int     // 0: one column; 1, 2: left, right; 3: below the columns
}

func convertPDF(ctx context.Context, data []byte) (*Result, error) {
	inst, release, err := pdfInstance()
	if err != nil {
		return nil, err
	}
	defer release()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		if errors.Is(err, pdfiumerrors.ErrPassword) {
			return nil, ErrEncrypted
		}
		if errors.Is(err, pdfiumerrors.ErrSecurity) {
			return nil, fmt.Errorf("%w (unsupported security handler)", ErrEncrypted)
		}
		return nil, fmt.Errorf("%w: PDFium cannot open it: %v", ErrCorrupt, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	r := &Result{}
	if t, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: "Title"}); err == nil {
		r.Title = cleanText(t.Value)
	}
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: page count: %v", ErrCorrupt, err)
	}
	var pages [][]pdfLine
	var empty, garbled []string
	for i := 0; i < pc.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		chars, err := pdfChars(inst, page)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrCorrupt, i+1, err)
		}
		if unmapped(chars) {
			garbled = append(garbled, strconv.Itoa(i+1))
			continue
		}
		items := pdfRuns(chars)
		lines := pageLines(items, i+1)
		if sz, err := inst.GetPageSize(&requests.GetPageSize{Page: page}); err == nil {
			for k := range lines {
				lines[k].pageWidth = sz.Width
			}
		}
		if len(lines) == 0 {
			empty = append(empty, strconv.Itoa(i+1))
		}
		pages = append(pages, lines)
	}
	if len(garbled) > 0 && len(garbled) == pc.PageCount {
		return nil, fmt.Errorf("%w: the fonts map no characters to Unicode (no ToUnicode); OCR would read it", ErrNoTextLayer)
	}
	if len(garbled) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("pages %s skipped: their fonts map no characters to Unicode", strings.Join(garbled, ", ")))
	}
	if len(empty) == len(pages) {
		return nil, ErrNoTextLayer
	}
	if len(empty) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("pages %s have no text layer (scanned?): their text is missing", strings.Join(empty, ", ")))
	}
	pages, dropped := dropPageFurniture(pages)
	if dropped > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d page header, footer and page-number lines dropped", dropped))
	}
	pages, notes := dropFootnotes(pages)
	if notes > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d footnote lines dropped", notes))
	}
	blocks := pdfParagraphs(pages)
	r.Markdown, r.Pages = render(blocks, true)
	return r, nil
}

// genSpace marks a space PDFium generated from a gap between characters. It
// is a noncharacter, so no document contains it.
const genSpace = '\ufdd0'

// pdfChar is one character of a page as PDFium reads it.
type pdfChar struct {
	text                     string
	left, right, top, bottom float64 // the loose box: advance × ascent–descent
	size                     float64
	generated                bool // a space or line break PDFium added
}

// pdfChars reads a page's characters in content-stream order. The loose
// box (font ascent to descent, origin to advance) is used rather than the
// glyph's ink box: every character of a line then has the same height, and
// a quote mark or a full stop gets the place it takes in the line.
func pdfChars(inst pdfium.Pdfium, page requests.Page) ([]pdfChar, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, err
	}
	// One call for the text, then one per character for its box: the
	// wasm calls are what a page costs. PDFium generates only spaces and
	// line breaks, so only those are asked whether they were generated;
	// the font size is asked again only when the box height changes.
	units := make([]uint16, 0, n.Count)
	if t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count}); err == nil {
		units = utf16.Encode([]rune(t.Text))
	}
	if len(units) != n.Count {
		units = units[:0]
		for i := 0; i < n.Count; i++ {
			u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
			if err != nil {
				return nil, err
			}
			units = append(units, uint16(u.Unicode))
		}
	}
	chars := make([]pdfChar, 0, n.Count)
	lastHeight, lastSize := -1.0, 0.0
	for i := 0; i < n.Count; i++ {
		u := rune(units[i])
		r := u
		switch {
		case utf16.IsSurrogate(u) && u < 0xDC00 && i+1 < n.Count:
			r = utf16.DecodeRune(u, rune(units[i+1]))
		case utf16.IsSurrogate(u):
			continue // the second half, read with the first
		case u == 0:
			r = utf8.RuneError
		}
		c := pdfChar{text: string(r)}
		if r == ' ' || r == '\r' || r == '\n' {
			if g, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp.TextPage, Index: i}); err == nil {
				c.generated = g.IsGenerated
			}
		}
		if !c.generated {
			box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
			if err != nil {
				return nil, err
			}
			c.left, c.right = float64(box.Rect.Left), float64(box.Rect.Right)
			c.top, c.bottom = float64(max(box.Rect.Top, box.Rect.Bottom)), float64(min(box.Rect.Top, box.Rect.Bottom))
			if h := c.top - c.bottom; math.Abs(h-lastHeight) > 0.01 {
				lastHeight, lastSize = h, 0
				if fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: i}); err == nil {
					lastSize = fs.FontSize
				}
				if lastSize <= 0 {
					lastSize = h
				}
			}
			c.size = lastSize
		}
		chars = append(chars, c)
	}
	return chars, nil
}

// pdfRuns makes runs of text out of a page's characters: a run ends at a
// line break, when the baseline moves, or when the next character is left
// of the last or more than 0.6 em to its right (another column or cell, or
// a gap where something drawn later belongs: LibreOffice draws a Latin-font
// "”" in CJK text after the text around it). Spaces end nothing; they stay
// in the run's text. PDFium writes U+0002 (U+FFFE through FPDFText_GetText) for a hyphen at a line end.
func pdfRuns(chars []pdfChar) []pdfItem {
	var items []pdfItem
	var cur *pdfItem
	var b strings.Builder
	end := func() {
		if cur != nil {
			cur.text = b.String()
			if strings.TrimSpace(cur.text) != "" {
				items = append(items, *cur)
			}
		}
		cur = nil
		b.Reset()
	}
	for _, c := range chars {
		t := c.text
		switch t {
		case "\r", "\n":
			end()
			continue
		case "\x02", "\ufffe":
			t = "-"
		}
		if c.generated || strings.TrimSpace(t) == "" || c.top-c.bottom <= 0 {
			// A space PDFium made up from a gap is written as genSpace: it
			// stands for a no-break space too (PDFium reports none, and
			// "от 19.06.2007" must stay one word for endsShort).
			if cur != nil {
				if c.generated {
					b.WriteRune(genSpace)
				} else {
					// A drawn space fills its gap: the next character is
					// not "after a gap".
					b.WriteByte(' ')
					if c.right > cur.right && c.left-cur.right < 0.6*math.Max(c.size, cur.size) {
						cur.right = c.right
					}
				}
			}
			continue
		}
		if cur != nil {
			mid, cmid := (c.top+c.bottom)/2, (cur.top+cur.bottom)/2
			em := math.Max(c.size, cur.size)
			gap := c.left - cur.right
			last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(b.String(), " "+string(genSpace)))
			r, _ := utf8.DecodeRuneInString(t)
			// CJK text has no gaps of its own: a third of an em means
			// something drawn later belongs there.
			cjkGap := gap > 0.3*em && (isCJK(last) || isCJK(r))
			// A change of type size ends the run too: a raised small "1"
			// is an inserted article's index (see pdfLines).
			resized := math.Abs(c.size-cur.size) > 0.2*em
			if math.Abs(mid-cmid) > 0.5*em || c.left < cur.right-0.5*em || gap > 0.6*em || cjkGap || resized {
				end()
			} else if gap > 0.15*em && last != 0 && !isCJK(last) && !isCJK(r) && !strings.HasSuffix(b.String(), " ") &&
				!strings.HasSuffix(b.String(), string(genSpace)) {
				// A word space the PDF positioned instead of drawing
				// (LibreOffice's justified lines).
				b.WriteRune(genSpace)
			}
		}
		if cur == nil {
			cur = &pdfItem{left: c.left, right: c.right, top: c.top, bottom: c.bottom, size: c.size}
		}
		b.WriteString(t)
		cur.left, cur.right = math.Min(cur.left, c.left), math.Max(cur.right, c.right)
		cur.top, cur.bottom = math.Max(cur.top, c.top), math.Min(cur.bottom, c.bottom)
		cur.size = math.Max(cur.size, c.size)
	}
	end()
	return items
}

// unmapped reports whether most characters of a page have no Unicode value
// PDFium could find (U+FFFD, or the Private Use Area a font without a
// ToUnicode map lands in): its text would be garbage.
func unmapped(chars []pdfChar) bool {
	bad, all := 0, 0
	for _, c := range chars {
		r, _ := utf8.DecodeRuneInString(c.text)
		if c.generated || r == ' ' || r == '\r' || r == '\n' {
			continue
		}
		all++
		if r == utf8.RuneError || (r >= 0xE000 && r <= 0xF8FF) {
			bad++
		}
	}
	return all > 0 && bad*2 > all
}
