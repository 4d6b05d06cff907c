package index

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"clausebot/bot"
)

// Warning is a problem found while loading a document: the document, or the
// part of it named, was skipped or read in a way the operator should know.
type Warning struct {
	File string // the file's path within the documents folder
	Line int    // 1-based; 0 when it concerns the whole file
	Msg  string
}

// String formats w as "file:line: msg", the way compilers report.
func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.File, w.Msg)
}

// parsedDoc is a document as the parser understands it.
type parsedDoc struct {
	file     string
	meta     docMeta
	tree     *docTree
	warnings []Warning
	// What prepare computes from the units' texts, kept in the parse
	// cache so that a reopened index folder does not compute it again.
	prepared bool
	edits    [][]normEdit // normEdits of each unit's text
	copyKeys []uint64     // copyHash of each unit's text (see indexBuilder.add)
	lang     string       // detectLang of the units' texts
	// body is the rest of a parse-cache entry of which only the head is
	// decoded, "" once decoded (see decodeHead, decodeBody): tree,
	// meta and edits are set then; units is its number of units.
	body  string
	units int
	// reread parses the document's file again (nil for a document that
	// was parsed, not read from the cache).
	reread func() *parsedDoc
}

// full decodes the rest of pd when only its head is (decodeBody). An
// entry whose head decoded and whose rest does not (its checksum was
// right: never seen) is parsed again from its file, or, when that fails
// too, has no units, so that the index folder's update drops its
// clauses.
func (pd *parsedDoc) full() {
	if pd.body == "" {
		return
	}
	if pd.decodeBody() == nil {
		return
	}
	var again *parsedDoc
	if pd.reread != nil {
		again = pd.reread()
	}
	if again == nil {
		again = &parsedDoc{file: pd.file, tree: &docTree{}}
	}
	again.prepare()
	again.warnings = pd.warnings
	*pd = *again
}

// numUnits returns the number of units of pd, decoded or not.
func (pd *parsedDoc) numUnits() int {
	if pd.tree == nil {
		return pd.units
	}
	return len(pd.tree.units)
}

// prepare computes pd.edits and pd.copyKeys once: on a reopen they were
// a third of the work left after reading the parse cache.
func (pd *parsedDoc) prepare() {
	if pd.prepared {
		return
	}
	pd.edits = make([][]normEdit, len(pd.tree.units))
	pd.copyKeys = make([]uint64, len(pd.tree.units))
	texts := make([]string, len(pd.tree.units))
	var scratch normScratch
	for i, u := range pd.tree.units {
		pd.edits[i], pd.copyKeys[i] = scratch.editsCopy(u.text)
		texts[i] = u.text
	}
	pd.lang = detectLang(texts)
	pd.prepared = true
}

// decode turns a file's bytes into text: it removes a BOM, decodes UTF-16
// (with BOM) and GB18030/GBK, rejects binary data, and normalises line
// endings. Notes about what it did are returned as warnings.
func decode(file string, data []byte) (string, []Warning, error) {
	var warns []Warning
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil {
			return "", nil, fmt.Errorf("bad UTF-16 text: %w", err)
		}
		data = out
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", warns, fmt.Errorf("empty file")
	}
	if out, name, ok := decodeUTF16NoBOM(data); ok {
		// Notepad's "Unicode" without its BOM, an export cut from a
		// longer file: text, not binary, though it is full of NUL bytes.
		data = out
		warns = append(warns, Warning{File: file, Msg: "read as " + name + " text without a byte-order mark; save it as UTF-8 to be sure"})
	}
	if isBinary(data) {
		return "", warns, fmt.Errorf("binary file, not text")
	}
	if !utf8.Valid(data) {
		if out, ok := decodeCyrillic(data); ok {
			data = out // Windows-1251 and KOI8-R are supported input too
		} else if out, ok := decodeLatin(data); ok {
			data = out // and Windows-1252 (Latin-1) English or European text
		} else {
			out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
			if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
				return "", warns, fmt.Errorf("not valid UTF-8, GB18030, Windows-1251, KOI8-R or Windows-1252 text")
			}
			data = out // GB18030/GBK is supported input, not a problem to warn of
		}
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, warns, nil
}

// cyrillicCharsets are the 8-bit encodings of Russian text a file may be
// in, by the names chardet gives them: Windows-1251 (the Russian legal
// databases' exports and most older Russian web pages) and KOI8-R.
var cyrillicCharsets = map[string]*charmap.Charmap{
	"windows-1251": charmap.Windows1251,
	"KOI8-R":       charmap.KOI8R,
	"ISO-8859-5":   charmap.ISO8859_5,
}

// decodeCyrillic decodes data, not UTF-8, as an 8-bit Cyrillic encoding
// when ICU's detector (github.com/gogs/chardet) names one as the best
// guess and the decoded text's letters outside ASCII are mostly
// Cyrillic. It reports false otherwise (GB18030 is tried then): a
// Chinese file is never read as Cyrillic, as the detector names GB18030
// for it (100 against 45 for a Windows-1251 Водный кодекс).
func decodeCyrillic(data []byte) ([]byte, bool) {
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10] // enough to tell; the detector is linear
	}
	best, err := chardet.NewTextDetector().DetectBest(sample)
	if err != nil {
		return nil, false
	}
	cm, ok := cyrillicCharsets[best.Charset]
	if !ok {
		return nil, false
	}
	out, err := cm.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	cyr, other := 0, 0
	for _, r := range string(out) {
		switch {
		case r < 0x80 || !unicode.IsLetter(r):
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		default:
			other++
		}
	}
	return out, cyr > 0 && cyr >= 9*other
}

// decodeLatin decodes data, not UTF-8, as Windows-1252 (a superset of
// ISO-8859-1's printable characters) when ICU's detector names
// ISO-8859-1 or windows-1252 as the best guess and the decoded text is
// mostly ASCII letters, its other letters all Latin (é, ü, ß of a European
// treaty's names; a trial's Latin-1 English file was skipped as not
// text). It reports false otherwise.
func decodeLatin(data []byte) ([]byte, bool) {
	sample := data
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	best, err := chardet.NewTextDetector().DetectBest(sample)
	if err != nil || best.Charset != "ISO-8859-1" && best.Charset != "windows-1252" {
		return nil, false
	}
	// Latin-1 writes an accented letter as one byte among ASCII ones;
	// GBK writes a Chinese character as two high bytes: a file whose
	// runs of high bytes are mostly longer than one is not Latin-1, even
	// where it is mostly ASCII with a few Chinese names.
	runs, single := 0, 0
	for i := 0; i < len(sample); {
		if sample[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(sample) && sample[j] >= 0x80 {
			j++
		}
		runs++
		if j-i == 1 {
			single++
		}
		i = j
	}
	if single*5 < runs*4 {
		return nil, false
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false
	}
	ascii, latin, other := 0, 0, 0
	for _, r := range string(out) {
		switch {
		case !unicode.IsLetter(r):
		case r < 0x80:
			ascii++
		case unicode.Is(unicode.Latin, r):
			latin++
		default:
			other++
		}
	}
	return out, other == 0 && ascii > 0 && ascii >= 4*latin
}

// decodeUTF16NoBOM decodes data as UTF-16 without a byte-order mark when
// it reads as text in one byte order: an even length, every newline a
// whole UTF-16 code unit of that order (see below), and at
// least 95% of the decoded characters letters, digits, punctuation or
// white space of the scripts the documents use (Han, Latin, Cyrillic,
// CJK and full-width punctuation), with no unpaired surrogate. Read in the
// wrong order the same bytes give the newline as U+0A00 and Chinese
// characters as other, mostly unassigned or private code points, so the
// two orders are not both plausible. ICU's detector (gogs/chardet) names
// UTF-16 only from a BOM, and called such a file windows-1250. name is
// "UTF-16LE" or "UTF-16BE".
func decodeUTF16NoBOM(data []byte) (out []byte, name string, ok bool) {
	if len(data) < 4 || len(data)%2 != 0 || bytes.IndexByte(data, 0) < 0 {
		return nil, "", false
	}
	sample := data
	if len(sample) > 16<<10 {
		sample = sample[:16<<10]
	}
	// Its line ends are the surest sign: a newline is 0A 00 at an even
	// offset in little-endian UTF-16, 00 0A in big-endian, and every line
	// end of the file is one. (NUL bytes alone are not: 一, U+4E00, puts
	// one on the other side, and ASCII text with a stray NUL read as
	// UTF-16 is Chinese characters, "he" → U+6568.)
	best := 0.0
	for _, o := range []struct {
		name   string
		endian xunicode.Endianness
		nlAt   int // the newline byte's place in its code unit
	}{{"UTF-16LE", xunicode.LittleEndian, 0}, {"UTF-16BE", xunicode.BigEndian, 1}} {
		paired, other := 0, 0
		for i, b := range sample {
			if b != '\n' {
				continue
			}
			if i%2 == o.nlAt && sample[i-o.nlAt+(1-o.nlAt)] == 0 {
				paired++
			} else {
				other++
			}
		}
		if paired == 0 || other > 0 {
			continue
		}
		dec := xunicode.UTF16(o.endian, xunicode.IgnoreBOM).NewDecoder()
		text, _, err := transform.Bytes(dec, sample)
		if err != nil {
			continue
		}
		if share := plausibleText(string(text)); share >= 0.95 && share > best {
			best, name = share, o.name
			out, _, err = transform.Bytes(xunicode.UTF16(o.endian, xunicode.IgnoreBOM).NewDecoder(), data)
			if err != nil {
				return nil, "", false
			}
		}
	}
	if name == "" || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", false
	}
	return out, name, true
}

// plausibleText is the share of text's characters that a document in
// Chinese, English or Russian is made of (see decodeUTF16NoBOM); the last
// character of a cut sample does not count against it.
func plausibleText(text string) float64 {
	n, good := 0, 0
	for _, r := range text {
		n++
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r >= 0x20 && r < 0x7f:
		case r >= 0xa0 && r <= 0x24f, unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Han, r):
		case r >= 0x2000 && r <= 0x206f, r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef:
		default:
			continue
		}
		good++
	}
	if n <= 1 {
		return 0
	}
	return float64(good) / float64(n-1)
}

// isBinary reports whether data looks like a binary file: a NUL byte, or
// many control characters, in its first 8 KiB.
func isBinary(data []byte) bool {
	if len(data) > 8<<10 {
		data = data[:8<<10]
	}
	ctl := 0
	for _, b := range data {
		switch {
		case b == 0:
			return true
		case b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f':
			ctl++
		}
	}
	return ctl*20 > len(data)
}

// parseDocument reads decoded text into metadata and a document tree:
// text hygiene (clean.go), metadata (meta.go), structure (tree.go).
func parseDocument(file, text string) (*parsedDoc, error) {
	ext := strings.ToLower(path.Ext(file))
	return parseText(file, text, ext == ".md" || ext == ".markdown", nil, "")
}

// parseText is parseDocument for text from any source: markdown selects
// Markdown rules (converted HTML, DOCX and PDF are Markdown), pages gives
// the 1-based PDF page of each line (nil when the source has none), and
// title is the title the file's metadata gives, used when the text has
// none of its own (a converted page's <title> often carries a site name,
// so the text's own heading wins).
func parseText(file, text string, markdown bool, pages []int, title string) (*parsedDoc, error) {
	d := &parsedDoc{file: file}
	warn := func(line int, format string, args ...any) {
		d.warnings = append(d.warnings, Warning{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	blocks, fm := toBlocks(text, markdown)
	if pages != nil {
		for i := range blocks {
			if l := blocks[i].line; l >= 1 && l <= len(pages) {
				blocks[i].page = pages[l-1]
			}
		}
	}
	blocks, d.meta = readMeta(file, blocks, fm, warn)
	if d.meta.title == "" {
		d.meta.title = strings.TrimSpace(title)
	}
	if d.meta.title == "" {
		d.meta.title = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	d.tree = buildTree(file, blocks)
	d.warnings = append(d.warnings, d.tree.warns...)
	sort.SliceStable(d.warnings, func(i, j int) bool { return d.warnings[i].Line < d.warnings[j].Line })
	if len(d.tree.units) == 0 {
		return nil, fmt.Errorf("no text to index (only a title or headings)")
	}
	if len(d.tree.sections) <= 1 && !hasArticles(d.tree) {
		warn(0, "no section headings: the whole document is one section (%s)", bot.PreambleLabel)
	}
	return d, nil
}

func hasArticles(t *docTree) bool {
	for _, u := range t.units {
		if u.node.kind == nodeArticle {
			return true
		}
	}
	return false
}
