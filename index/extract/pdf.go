package extract

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
)

// The PDFium pool is made on the first PDF, never at init: compiling the
// 5.8 MB WebAssembly module takes about 3 s on our 2-core machine, and a
// process that reads no PDF (the one-shot ask on the seed) must not pay it.
var pdfPool struct {
	sync.Mutex
	pool pdfium.Pool
	err  error
}

func pdfInstance() (pdfium.Pdfium, error) {
	pdfPool.Lock()
	if pdfPool.pool == nil && pdfPool.err == nil {
		pdfPool.pool, pdfPool.err = webassembly.Init(webassembly.Config{MinIdle: 0, MaxIdle: 1, MaxTotal: 2})
	}
	pool, err := pdfPool.pool, pdfPool.err
	pdfPool.Unlock()
	if err != nil {
		return nil, fmt.Errorf("starting PDFium: %w", err)
	}
	return pool.GetInstance(2 * time.Minute)
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
	cjk                      bool // mostly CJK text
}

func convertPDF(ctx context.Context, data []byte) (*Result, error) {
	inst, err := pdfInstance()
	if err != nil {
		return nil, err
	}
	defer inst.Close()
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
	var empty []string
	for i := 0; i < pc.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: page, Mode: requests.GetPageTextStructuredModeRects, CollectFontInformation: true,
		})
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrCorrupt, i+1, err)
		}
		var items []pdfItem
		for _, rc := range st.Rects {
			if strings.TrimSpace(rc.Text) == "" {
				continue
			}
			it := pdfItem{text: rc.Text, left: rc.PointPosition.Left, right: rc.PointPosition.Right,
				top: rc.PointPosition.Top, bottom: rc.PointPosition.Bottom}
			if it.top < it.bottom {
				it.top, it.bottom = it.bottom, it.top
			}
			if rc.FontInformation != nil {
				it.size = rc.FontInformation.Size
			}
			if it.size <= 0 {
				it.size = it.top - it.bottom
			}
			items = append(items, it)
		}
		lines := pdfLines(items, i+1)
		if len(lines) == 0 {
			empty = append(empty, strconv.Itoa(i+1))
		}
		pages = append(pages, lines)
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
	blocks := pdfParagraphs(pages)
	r.Markdown, r.Pages = render(blocks, true)
	return r, nil
}
