// Package extract converts documents as people keep them (HTML pages, Word
// .docx files and PDFs) into the Markdown-like text that package index's
// structure parser reads: ATX headings, one paragraph per line separated by
// blank lines, numbered items as their own paragraphs with their numbers, and
// tables as pipe tables. It is meant for index.Load, which hands Convert the
// files whose extension Supported accepts and parses the result like a .md
// file; nothing else in clausebot needs it.
//
// # HTML
//
// The page is decoded from its declared charset
// (golang.org/x/net/html/charset: meta charset, BOM, then a guess; GB2312 and
// GBK pages decode as GBK), parsed, and every element is marked with an
// attribute. go-readability picks the main content; the marks tell which
// elements of the original page it kept, and the original is rendered, so
// that h1–h6 keep their levels (readability turns h1 into h2 and drops the
// heading that repeats the title, which we put back). p, li, br, div and the
// other block elements end paragraphs; ordered list items get their number
// ("3. "); tables become rows, and a table that lays out the page (a cell
// with paragraphs in it, or over 300 characters) is read as a container;
// links keep their text; digits in <sup> become superscripts ("Статья 7¹",
// not "Статья 71"). nav, aside and the page's own header and footer never
// become text. Lines readability leaves inside the article that are page
// furniture (info bar "发布时间：… 浏览次数：…", 【字体：大 中 小】, 打印本页/关闭窗口, 分享到, 上一篇/下一篇,
// "Share", "Print") are dropped with a warning, and a document-sharing site's
// "预览已结束" trailer drops itself and everything after it, with a warning that
// the page holds only part of the document. A page with a password field and
// under 300 characters of content is a login page (ErrLoginPage); under 30
// characters is ErrNoMainContent.
//
// Library choice, measured on the four fixture pages (the real zh, en and ru
// texts wrapped in the furniture of gov.cn-style pages: navigation,
// breadcrumbs, an info bar, share buttons, scripts, related links, footer,
// one GBK page with a "预览已结束" trailer). R and P are the recall and precision
// of the extracted characters against the source text (longest common
// subsequence, whitespace ignored), before our furniture filter:
//
//	library                 zh_waishang.gbk  zh_haimian     en_geneva      ru_vodny       speed        binary   package init
//	go-readability (chosen) R 1.000 P .974   R 1.000 P .992 R 1.000 P .996 R 1.000 P .998 2.2–4.4 MB/s  +3.9 MB  0.3 ms, 0.2 MB
//	go-trafilatura v1.12.2  R 1.000 P .983   R 1.000 P 1.00 R 1.000 P 1.00 R 1.000 P 1.00 1.5–2.4 MB/s +11.4 MB  250 ms, 43 MB heap
//
// Trafilatura leaves less furniture (only the trailer), but importing it
// costs a quarter of a second and 43 MB of heap at package init (date parser
// tables, and go-re2 brings a WebAssembly regexp engine), which the one-shot
// `clausebot ask` on the embedded seed would pay on every run. What
// readability leaves (the info bar, 大中小, the trailer) is line-level furniture
// our filter removes: after it, all four pages give exactly the paragraphs of
// their Markdown source (TestSameText). Real pages found with the code search
// tools (pravo.gov.ru exports in deep-foundation/ russian-laws) are bare
// "Word filtered" HTML with one <p> per printed line: converted faithfully,
// but each printed line becomes a paragraph.
//
// # DOCX
//
// archive/zip and encoding/xml over the OOXML parts. No kept Go library
// renders Word's automatic numbering, and the articles of Chinese laws typed
// in Word often have their 第X条 only there: github.com/fumiama/go-docx reads
// paragraphs, runs and a paragraph's numPr but never numbering.xml (no
// abstractNum, no lvlText), and opens parts with zip.File.Open and no size
// cap; github.com/unidoc/unioffice needs a paid licence; baliance.com/gooxml
// is not served by the module proxy. word/document.xml is read in order:
// paragraphs; Word heading styles ("heading N", whatever the UI language,
// "Title", or an outline level, directly or through basedOn) as heading
// levels; tables as rows (a cell's paragraphs joined by spaces, gridSpan
// padded with empty cells, nested tables flattened into the cell); content
// controls, inserted text, hyperlinks and smart tags read through; deleted
// text and field codes left out; text boxes left out with a warning (their
// place in the reading order is unknown); footnote and endnote references
// dropped with a warning (their notes are not read); superscript runs' digits
// written as superscripts. A manual line break inside a paragraph joins like
// a broken line (no space between CJK characters). Word automatic numbering
// is rendered into the text: see numbering.go for the rules (formats 第%1条,
// %1、, （%1）, %1.%2, (%3); chineseCounting, ideographDigital,
// upper/lowerRoman, lower/upperLetter and more; start values, startOverride
// restarts, lvlRestart, isLgl, suffixes). docProps/ core.xml's dc:title is
// the Title.
//
// A DOCX is a zip. The XML parts read (document, styles, numbering, core
// properties; never images) share the budget Options.MaxDecompressed: a part
// whose declared size is over what is left is refused before it is inflated,
// an archive declaring over 16 times the cap in all is refused at once, and
// every part is inflated by us (not through zip.File.Open) through an
// io.LimitReader on the remaining budget, with its size and CRC-32 checked
// against the archive's, so a part that inflates past its declared size is
// named as a bomb (ErrZipBomb) and a damaged one as corrupt (ErrCorrupt). The
// body is parsed one paragraph or table at a time, so memory follows the
// XML's size, not a tree of it.
//
// # PDF
//
// PDFium (Chrome's PDF library) compiled to WebAssembly and run by wazero,
// through github.com/klippa-app/go-pdfium: no cgo, the binary stays static.
// For each page we read every character with its loose box (origin to
// advance, descent to ascent) and font size, in content-stream order, and lay
// the page out ourselves (pdflayout.go): runs split at line breaks, baseline
// changes, backward jumps and gaps (a third of an em next to CJK text, where
// LibreOffice leaves the gap for a Latin-font "”" it draws later) and type
// size changes; a page in two columns (a gutter in the middle 40% of the text
// that almost no run crosses, with text on both sides) is read left column
// first, a title across both before them; runs grouped into lines by vertical
// overlap and read left to right; a gap over 2 em that stands out from the
// line's word gaps is a table cell boundary (the line is its own paragraph);
// a space between a Han character and a Latin letter or digit, or next to CJK
// punctuation, is dropped (PDFium reports the extra spacing typesetters put
// there as a space: "2019 年 3 月", "。 （"). Running headers and footers (a line
// among the first or last two of a page whose text recurs there on half the
// pages) and page numbers ("3", "- 3 -", "第 3 页", "第3页 共10页", "Page 3 of 10",
// "Стр. 4", "3/10", roman) are dropped with a count in the warnings, and so
// are footnotes (the lines closing a page in type under 85% of the body size,
// the first starting with a note number). A run in smaller type raised above
// its line is a superscript ("7¹"). Lines are joined into paragraphs; a
// paragraph starts at a heading (type over 1 pt larger than the body, a
// centred line, or 第X章/CHAPTER/Глава…; two heading lines of one size with no
// gap between are one heading) and after one, after a vertical gap over 1.3
// line pitches, at an indented line, after a line that ends short (the next
// line's first word would have fitted after it, with 2.5 em to spare as
// no-break spaces do not show; in CJK text its first character with the
// punctuation that may not start a line; the right margin is where most lines
// of the page end or the left margin mirrored, whichever is further), and at
// 第X条/Article N/（一）/1./VIII. when the line before ends a sentence. A CJK line
// break joins with no space, a Latin one with a space, a lower-case Latin
// word hyphenated at the break loses its hyphen, any other hyphen stays with
// no space ("160-ФЗ"). A paragraph runs on across a page break unless one of
// these says otherwise. Headings are kept as paragraphs of their own (no "#":
// a PDF does not say a heading's level). Each line's page is in Result.Pages.
// An encrypted PDF that needs a password is ErrEncrypted (one with only an
// owner password reads); one whose pages have no characters is
// ErrNoTextLayer, and pages without text in an otherwise textual PDF are
// named in a warning.
//
// Reader choice, measured on the four fixture PDFs (LibreOffice 7.4 output
// with Noto CJK and DejaVu fonts, page headers and footers, 24 pages). R and
// P as for HTML, on each reader's plain text before our layout (P below 1 is
// mostly the running headers and footers every reader keeps); speed with a
// warm reader on the 2-core machine; binary growth of a static -ldflags="-s
// -w" build over an empty program:
//
//	reader                        zh_waishang    zh_haimian     en_geneva      ru_vodny       pages/s   first call  binary
//	ledongthuc/pdf (pure Go)      R 1.000 P .979 R 1.000 P .976 R .998 P .964  R 1.000 P .945 23–119    0.2 s       +0.1 MB
//	PDFium/wazero (chosen)        R 1.000 P .993 R .999 P .984  R 1.000 P .984 R 1.000 P .982 128–190   3.1–4.9 s   +10.2 MB
//	poppler pdftotext 22.12 (exec) R 1.000 P .993 R .998 P .983 R 1.000 P .984 R 1.000 P .982 159–251   0.03 s      none; image: +5.3 MB installed and a non-static base
//
// ledongthuc/pdf corrupts text: it inserts stray characters at line ends
// ("总则投", "规范外十商", "Думойс" for a no-break space) and drops runs of
// single-character text operators, and it is the slowest on CJK fonts; its
// lower precision is those errors, not furniture. pdftotext is as good as
// PDFium and faster, but the runtime image is distroless/static: it would
// need another base image with libpoppler and its libraries, and an exec per
// file. PDFium keeps the binary static and self-contained. Its costs: +13 MB
// on the clausebot binary (23.7 → 36.7 MB stripped; the embedded WebAssembly
// is 5.8 MB, the rest wazero's compiler), and the first PDF of a process
// compiles PDFium (3–5 s on our machine) unless SetPDFCacheDir names a
// compilation cache (then 0.1 s from the second process on; the cache is 21
// MB). Compiling also peaks at about 330 MB of RSS (60 MB when loaded from
// the cache); the pool is closed after a minute without PDFs, so a server
// keeps none of it between reloads. Nothing is done at init: the wazero
// runtime is created on the first PDF. With our layout on top, the four PDFs
// give exactly the paragraphs of their Markdown source except one paragraph
// joined across a page break, and so do the same documents laid out as a
// Chinese government PDF (indented, justified, no space between paragraphs),
// as a justified English treaty and in two columns (but two lines padded with
// no-break spaces); TestSameText lists each difference and why.
//
// # Speed
//
// On the fixtures, 2-core machine, warm (go test -bench . -benchtime 3s): PDF
// 180–190 pages/s (46 pages of zh, en and ru; the first PDF of a process adds
// 3.5 s, or 0.1 s with SetPDFCacheDir), DOCX 7.6–8.0 MB/s of zipped input
// (about 23 MB/s of the XML read), HTML 4.9–6.1 MB/s.
//
// # Cost when unused
//
// Linking this package into clausebot and converting nothing (the one-shot
// ask on the embedded seed), measured with a stripped static build before
// and after (Convert reachable from main): the binary grows 23.7 → 36.7 MB;
// package init adds 0.45 ms and 0.2 MB (go-readability's regexps; ours is
// 0.01 ms and nothing else, all our regexps compile on first use);
// `clausebot ask` on the seed takes 0.20 s median before and after (40
// alternating runs). Peak RSS grows 52.3 → 56.0 MB median, and that is
// file-backed: RssAnon is 34–40 MB for both builds (run-to-run spread),
// RssFile 16.8 → 19.3 MB, the pages of a larger binary the kernel maps
// around the code that runs. Nothing is allocated for PDFs until one is
// converted.
package extract
