package extract

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/klippa-app/go-pdfium/requests"
)

func TestDebugLines(t *testing.T) {
	f := os.Getenv("PDFDEBUG")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	inst, err := pdfInstance()
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	doc, _ := inst.OpenDocument(&requests.OpenDocument{File: &data})
	page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: pageIndex()}}
	chars, _ := pdfChars(inst, page)
	runs := pdfRuns(chars)
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
	_ = context.Background
}

func pageIndex() int {
	n := 0
	fmt.Sscan(os.Getenv("PDFPAGE"), &n)
	return n
}

func TestDebugChars(t *testing.T) {
	f := os.Getenv("PDFCHARS")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	inst, err := pdfInstance()
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	doc, _ := inst.OpenDocument(&requests.OpenDocument{File: &data})
	page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: pageIndex()}}
	chars, _ := pdfChars(inst, page)
	for i, c := range chars {
		if i < 400 {
			fmt.Printf("%q %v %.1f-%.1f %.1f\n", c.text, c.generated, c.left, c.right, c.bottom)
		}
	}
}
