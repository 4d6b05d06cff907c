package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// unitsOf loads one file alone and lists its units as "ref | text", with
// white space folded (a converter may wrap or space differently).
func unitsOf(t *testing.T, path string) ([]string, *Index) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := "doc" + filepath.Ext(path)
	x, err := Load(context.Background(), fstest.MapFS{name: {Data: data}}, Options{})
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	t.Cleanup(func() { x.Close() })
	var out []string
	for _, c := range x.clauses {
		out = append(out, c.Ref+" | "+strings.Join(strings.Fields(c.Text), " "))
	}
	return out, x
}

// knownFormatDiffs are the differences between a document's Markdown
// source and its converted forms that are expected, each with its reason
// (see package extract's TestSameText for the text-level list).
var knownFormatDiffs = map[string]string{
	"pdf/zh_haimian.pdf": "a paragraph ending flush at the foot of a page, the next page's first line not indented, reads as one paragraph; a space between Chinese and a digit is dropped",
}

// TestFormatsSameTree checks that a document kept as .docx, .html or .pdf
// gives the same units, texts and references as its Markdown source: a
// reference means the same whatever the file was. PDFs also carry pages.
func TestFormatsSameTree(t *testing.T) {
	dir := filepath.Join("extract", "testdata")
	for _, base := range []string{"en_geneva", "ru_vodny", "zh_haimian", "zh_waishang"} {
		want, _ := unitsOf(t, filepath.Join(dir, "src", base+".md"))
		for _, f := range []string{"docx/" + base + ".docx", "html/" + base + ".html", "html/" + base + ".gbk.html", "pdf/" + base + ".pdf"} {
			path := filepath.Join(dir, f)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			t.Run(f, func(t *testing.T) {
				got, x := unitsOf(t, path)
				diff := cmp.Diff(want, got)
				if reason, known := knownFormatDiffs[f]; known {
					if diff == "" {
						t.Errorf("the known difference (%s) is gone: remove it from knownFormatDiffs", reason)
					}
					t.Logf("known difference: %s\n%s", reason, diff)
					return
				}
				if diff != "" {
					t.Errorf("units of %s against %s.md (-md +%s):\n%s", f, base, filepath.Ext(f), diff)
				}
				if strings.HasSuffix(f, ".pdf") {
					for _, c := range x.clauses {
						if c.Page < 1 {
							t.Errorf("%s: clause %s has no page", f, c.Ref)
							break
						}
					}
				}
			})
		}
	}
}

// TestDecodeCyrillic checks that a Russian text file in Windows-1251 or
// KOI8-R (common for Russian legal texts; a fresh-user trial's cp1251 file
// was skipped as "not valid UTF-8 or GB18030") is decoded to the same text
// as its UTF-8 original, that a GB18030 file is still read as Chinese, and
// that bytes in neither are refused with the encodings named.
func TestDecodeCyrillic(t *testing.T) {
	ru, err := os.ReadFile("../testdata/documents/ru/grazhdansky_kodeks_rf_chast3_pravo-102073578.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The characters both encodings have (superscripts and NBSP aside).
	src := strings.Map(func(r rune) rune {
		if r == '\u00a0' || strings.ContainsRune("¹²³⁴⁵⁶⁷⁸⁹⁰⁻«»–—№§", r) {
			return ' '
		}
		return r
	}, string(ru))
	for _, cm := range []*charmap.Charmap{charmap.Windows1251, charmap.KOI8R} {
		enc, err := cm.NewEncoder().String(src)
		if err != nil {
			t.Fatalf("%v: %v", cm, err)
		}
		got, _, err := decode("gk.txt", []byte(enc))
		if err != nil || got != strings.ReplaceAll(src, "\r\n", "\n") {
			t.Errorf("%v: decoded %d bytes, err %v; want the UTF-8 text (%d bytes)", cm, len(got), err, len(src))
		}
	}
	zh, err := os.ReadFile("../testdata/documents/zh/反垄断法(2022-06-24).gb18030.md")
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := decode("a.md", zh); err != nil || !strings.Contains(got, "中华人民共和国反垄断法") {
		t.Errorf("GB18030: err %v, text %.40q", err, got)
	}
	if _, _, err := decode("x.txt", []byte("abc \xff\xfe\x81 def \x81\x20 ghi")); err == nil || !strings.Contains(err.Error(), "Windows-1251") {
		t.Errorf("undecodable bytes: %v, want an error naming the encodings tried", err)
	}
}

// TestDecodeLatin1: an English or European text file in Windows-1252 /
// Latin-1 (a trial's was skipped as not text) is decoded to its UTF-8
// original; a GBK file that is mostly ASCII with a few Chinese names is
// still read as Chinese.
func TestDecodeLatin1(t *testing.T) {
	en, err := os.ReadFile("../testdata/documents/en/hague_convention_international_protection_of_adults_BWBV0003084.md")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Map(func(r rune) rune {
		if r > 0xff {
			return ' ' // what Latin-1 cannot write
		}
		return r
	}, string(en)) + "\nMünchen, Zürich, café, naïve, São Paulo.\n"
	enc, err := charmap.Windows1252.NewEncoder().String(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := decode("hague.md", []byte(enc)); err != nil || got != strings.ReplaceAll(src, "\r\n", "\n") {
		t.Errorf("Windows-1252: decoded %d bytes, err %v; want the UTF-8 text (%d bytes)", len(got), err, len(src))
	}
	mixed := "Minutes of the meeting\n\nAttendees: Mr Smith, 李明, 王芳 and Ms Jones.\nThe meeting discussed the budget for the next year at length.\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(mixed)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := decode("minutes.txt", []byte(gbk)); err != nil || !strings.Contains(got, "李明, 王芳") {
		t.Errorf("GBK with a few Chinese names: %q, %v; want them read as Chinese", got, err)
	}
}

// TestDecodeUTF16NoBOM: UTF-16 text saved without its byte-order mark,
// in either byte order and any of the three languages, is read as text
// with a warning naming the file, not rejected as binary; ASCII text with
// stray NUL bytes and random bytes are still binary.
func TestDecodeUTF16NoBOM(t *testing.T) {
	text := "第一条 为了规范网络数据处理活动，制定本条例。\n第二条 本条例适用于境内的网络数据处理活动。\nArticle 1\nСтатья 1. Водное законодательство\n"
	for name, enc := range map[string]xunicode.Endianness{"UTF-16LE": xunicode.LittleEndian, "UTF-16BE": xunicode.BigEndian} {
		data, err := xunicode.UTF16(enc, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		got, warns, err := decode("reg.txt", data)
		if err != nil || got != text {
			t.Errorf("%s: decode = %q, %v; want the text", name, trunc(got), err)
		}
		if len(warns) != 1 || warns[0].File != "reg.txt" || !strings.Contains(warns[0].Msg, name) {
			t.Errorf("%s: warnings %v; want one naming reg.txt and %s", name, warns, name)
		}
	}
	for name, data := range map[string][]byte{
		"ASCII with NULs": []byte("Article 1\nThis Act applies to data.\x00\x00ab\n"),
		"PNG header":      {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, '\r', 'I', 'H', 'D', 'R'},
	} {
		if _, _, err := decode("x.txt", data); err == nil || !strings.Contains(err.Error(), "binary") {
			t.Errorf("%s: decode error %v; want binary", name, err)
		}
	}
}
