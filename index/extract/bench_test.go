package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func benchFiles(b *testing.B, dir string) (names []string, data [][]byte, size int) {
	b.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "owner_password") {
			continue
		}
		d, err := os.ReadFile(filepath.Join("testdata", dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, dir+"/"+e.Name())
		data = append(data, d)
		size += len(d)
	}
	return names, data, size
}

// BenchmarkPDF converts the fixture PDFs (25 pages in all) with a warm
// PDFium pool and reports pages per second. The first PDF of a process also
// pays for the pool (see TestPDFColdStart).
func BenchmarkPDF(b *testing.B) {
	names, data, _ := benchFiles(b, "pdf")
	pages := 0
	for i, d := range data {
		r, err := Convert(context.Background(), names[i], d, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages += r.Pages[len(r.Pages)-1]
	}
	b.ResetTimer()
	for b.Loop() {
		for i, d := range data {
			if _, err := Convert(context.Background(), names[i], d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkDOCX converts the fixture DOCX files and reports MB/s of input.
func BenchmarkDOCX(b *testing.B) {
	names, data, size := benchFiles(b, "docx")
	for b.Loop() {
		for i, d := range data {
			if _, err := Convert(context.Background(), names[i], d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(size*b.N)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkHTML converts the fixture pages and reports MB/s of input.
func BenchmarkHTML(b *testing.B) {
	names, data, size := benchFiles(b, "html")
	for b.Loop() {
		for i, d := range data {
			if _, err := Convert(context.Background(), names[i], d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(size*b.N)/1e6/b.Elapsed().Seconds(), "MB/s")
}

// TestPDFColdStart logs what the first PDF of a process costs: compiling
// PDFium's WebAssembly. Run it alone (go test -run TestPDFColdStart -v) to
// see the figure; with other PDF tests first, the pool is already warm.
func TestPDFColdStart(t *testing.T) {
	data, err := os.ReadFile("testdata/pdf/zh_numbered.pdf")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Convert(context.Background(), "zh_numbered.pdf", data, Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("first PDF of the process: %v", time.Since(start))
}

// TestPDFColdStartCached is TestPDFColdStart with a compilation cache in
// CLAUSEBOT_TEST_PDF_CACHE (skipped without it): run it twice to see the
// second process start warm.
func TestPDFColdStartCached(t *testing.T) {
	dir := os.Getenv("CLAUSEBOT_TEST_PDF_CACHE")
	if dir == "" {
		t.Skip("set CLAUSEBOT_TEST_PDF_CACHE to a directory")
	}
	SetPDFCacheDir(dir)
	TestPDFColdStart(t)
}
