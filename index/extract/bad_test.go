package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// zipBomb is a DOCX-shaped zip whose document.xml inflates to size bytes.
func zipBomb(t testing.TB, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lyingZip declares a 100-byte document.xml whose data inflates to size
// bytes: the declared sizes pass, the reading must stop it.
func lyingZip(t testing.TB, size int) []byte {
	t.Helper()
	var raw bytes.Buffer
	var comp bytes.Buffer
	zwTmp := zip.NewWriter(&comp)
	w, _ := zwTmp.CreateHeader(&zip.FileHeader{Name: "tmp", Method: zip.Deflate})
	data := bytes.Repeat([]byte{' '}, size)
	w.Write(data)
	zwTmp.Close()
	zr, err := zip.NewReader(bytes.NewReader(comp.Bytes()), int64(comp.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ReadFrom(rc); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	hw, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(data), CompressedSize64: uint64(raw.Len()), UncompressedSize64: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	hw.Write(raw.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestBadInput(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	bigHTML := []byte("<html><body>" + strings.Repeat("<p>第一条 这是一段很长的正文。</p>", 50<<20/40) + "</body></html>")
	tests := []struct {
		name string
		file string
		data []byte
		opts Options
		want error
		msg  string // a part of the error text
	}{
		{"encrypted PDF", "bad.pdf", read("bad/encrypted.pdf"), Options{}, ErrEncrypted, "password"},
		{"scanned PDF", "scan.pdf", read("bad/scanned.pdf"), Options{}, ErrNoTextLayer, "no text layer: scanned? OCR is not supported"},
		{"not a PDF", "x.pdf", []byte("%PDF-1.4\nnot really"), Options{}, ErrCorrupt, "PDFium cannot open it"},
		{"truncated DOCX", "cut.docx", read("bad/truncated.docx"), Options{}, ErrCorrupt, "not a zip archive"},
		{"zip bomb (declared)", "bomb.docx", zipBomb(t, 20<<20), Options{MaxDecompressed: 10 << 20}, ErrZipBomb, "declares"},
		{"zip bomb (lying header)", "liar.docx", lyingZip(t, 5<<20), Options{MaxDecompressed: 10 << 20}, ErrZipBomb, "inflates past its declared size"},
		{"DOCX without a document", "empty.docx", emptyZip(t), Options{}, ErrCorrupt, "not a Word document"},
		{"50 MB HTML", "big.html", bigHTML, Options{}, ErrTooLarge, "over the size cap"},
		{"login page", "login.html", read("bad/login.html"), Options{}, ErrLoginPage, "login form"},
		{"empty page", "empty.html", []byte("<html><head><title>x</title></head><body><nav><a href=/>首页</a></nav></body></html>"), Options{}, ErrNoMainContent, "no main content"},
		{"other format", "notes.odt", []byte("x"), Options{}, ErrUnsupported, `".odt"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Convert(context.Background(), tt.file, tt.data, tt.opts)
			if err == nil {
				t.Fatalf("Convert(%s) = %q, want an error", tt.file, r.Markdown)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Convert(%s) error = %v, want %v", tt.file, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.file+": ") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("Convert(%s) error = %q, want it to name the file and say %q", tt.file, err, tt.msg)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != tt.file || strings.Contains(e.Err.Error(), tt.file) {
				t.Errorf("Convert(%s) error = %#v, want an *Error with the name only in File", tt.file, err)
			}
		})
	}
}

func emptyZip(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	return buf.Bytes()
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Convert(ctx, "a.html", []byte("<p>x</p>"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Convert with a cancelled context: error = %v, want context.Canceled", err)
	}
}

func TestSupported(t *testing.T) {
	for ext, want := range map[string]bool{".html": true, ".HTM": true, ".docx": true, ".Pdf": true, ".doc": false, ".md": false, "": false} {
		if got := Supported(ext); got != want {
			t.Errorf("Supported(%q) = %v, want %v", ext, got, want)
		}
	}
}

// A PDF with only an owner password (printing or copying restricted) opens
// without one, and reads as the unencrypted file.
func TestOwnerPasswordPDF(t *testing.T) {
	plain := mustConvert(t, "pdf/en_geneva.pdf")
	enc := mustConvert(t, "pdf/en_geneva_owner_password.pdf")
	if diff := cmp.Diff(plain.Markdown, enc.Markdown); diff != "" {
		t.Errorf("owner-password PDF differs from the plain one (-plain +encrypted):\n%s", diff)
	}
}

// The PDFium pool closes when idle and opens again on the next PDF, from
// the compilation cache when there is one.
func TestPDFReopen(t *testing.T) {
	SetPDFCacheDir(t.TempDir())
	t.Cleanup(func() { SetPDFCacheDir(""); closeIdlePDF() })
	closeIdlePDF()
	want := mustConvert(t, "pdf/zh_numbered.pdf").Markdown // compiles into the cache
	closeIdlePDF()
	start := time.Now()
	got := mustConvert(t, "pdf/zh_numbered.pdf").Markdown
	t.Logf("reopened from the compilation cache in %v", time.Since(start))
	if got != want {
		t.Errorf("after reopening: %q, want %q", got, want)
	}
}

// Conversions run at once share the PDFium pool (two instances) and give
// what they give one at a time.
func TestConcurrent(t *testing.T) {
	files := []string{"pdf/zh_numbered.pdf", "pdf/en_geneva.pdf", "docx/zh_numbered.docx", "html/en_geneva.html"}
	want := map[string]string{}
	for _, f := range files {
		want[f] = mustConvert(t, f).Markdown
	}
	errs := make(chan error, 4*len(files))
	for range 4 {
		for _, f := range files {
			go func() {
				data, err := os.ReadFile(filepath.Join("testdata", f))
				if err == nil {
					var r *Result
					if r, err = Convert(context.Background(), f, data, Options{}); err == nil && r.Markdown != want[f] {
						err = errors.New(f + ": different text when converted concurrently")
					}
				}
				errs <- err
			}()
		}
	}
	for range 4 * len(files) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
