package extract

// Diagnostics, skipped unless their environment variable is set:
//
//	PDFDEBUG=file.pdf [PDFPAGE=n] [RUNS=1]  print a page's lines (and runs) with their geometry
//	PDFCHARS=file.pdf [PDFPAGE=n]           print a page's characters
//	MEMPDF=1 [MEMPDFCACHE=dir]              RSS before and after PDFium starts, and after it closes

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/klippa-app/go-pdfium/requests"
)

func pageIndex() int {
	n := 0
	fmt.Sscan(os.Getenv("PDFPAGE"), &n)
	return n
}

func diagChars(t *testing.T, file string) []pdfChar {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	inst, release, err := pdfInstance()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	chars, err := pdfChars(inst, requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: pageIndex()}})
	if err != nil {
		t.Fatal(err)
	}
	return chars
}

func TestDiagLines(t *testing.T) {
	f := os.Getenv("PDFDEBUG")
	if f == "" {
		t.Skip("set PDFDEBUG")
	}
	runs := pdfRuns(diagChars(t, f))
	if os.Getenv("RUNS") != "" {
		for _, r := range runs {
			fmt.Printf("run %6.1f %6.1f %6.1f %6.1f %q\n", r.left, r.right, r.bottom, r.top, r.text)
		}
	}
	lines := pdfLines(runs, 1)
	fmt.Println("right margin", rightMargin(lines))
	for _, l := range lines {
		fmt.Printf("%6.1f %6.1f %6.1f %5.1f %v %.60s\n", l.left, l.right, l.bottom, l.size, l.columns, l.text)
	}
}

func TestDiagChars(t *testing.T) {
	f := os.Getenv("PDFCHARS")
	if f == "" {
		t.Skip("set PDFCHARS")
	}
	for _, c := range diagChars(t, f) {
		fmt.Printf("%q %v %.1f-%.1f %.1f size %.1f\n", c.text, c.generated, c.left, c.right, c.bottom, c.size)
	}
}

func rss() string {
	b, _ := os.ReadFile("/proc/self/status")
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS") || strings.HasPrefix(l, "VmHWM") {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(out, ", ")
}

func TestDiagMemory(t *testing.T) {
	if os.Getenv("MEMPDF") == "" {
		t.Skip("set MEMPDF")
	}
	if dir := os.Getenv("MEMPDFCACHE"); dir != "" {
		SetPDFCacheDir(dir)
	}
	t.Logf("start: %s", rss())
	mustConvert(t, "pdf/zh_waishang.pdf")
	t.Logf("one PDF converted: %s", rss())
	closeIdlePDF()
	runtime.GC()
	debug.FreeOSMemory()
	t.Logf("PDFium closed: %s", rss())
}
