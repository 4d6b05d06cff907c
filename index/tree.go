package index

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"clausebot/bot"
	"clausebot/internal/lazyre"
)

// This file is where a document becomes a tree, and the tree becomes the
// units the engine answers with, each with its reference.
//
// The tree follows Akoma Ntoso's hierarchy: containers (编/章/节, Part,
// Chapter, Раздел, Глава, Annex, a Markdown heading) hold articles (第X条,
// Article N, Статья N) or, in documents without articles, numbered
// paragraphs and items (一、 → （一） → 1. → （1）) and plain paragraphs.
// Containers nest by kind (a 节 inside a 章); numbered schemes nest in the
// order they first appear, as in a policy document, and a scheme seen
// again closes everything opened after it.
//
// The unit answered is the article; where there is none, a numbered item
// (with the paragraphs that continue it) or a paragraph. A heading alone
// is never a unit. References are built from the numbers as printed, never
// from positions, except for unnumbered paragraphs, which are counted from
// 1 under their heading ("二·12", the seed's form).

// node is one element of a document tree.
type node struct {
	mark
	text string // the block's text as in the document ("" for the root)
	// heading is true for a numbered Markdown heading ("## 2. Hotels"):
	// its text is a title, never a unit of its own.
	heading bool
	line    int
	page    int
	parent  *node
	kids    []*node
}

// comp is one component of a reference: a kind letter and the number (or
// heading text) it names. Kinds: containers 'B' 'P' 'T' 'C' 'S' 'X' 'h'
// (see containerRank), 'A' article, 'p' paragraph (款, часть), 'i' item
// (项, пункт, (a)), 'm' sub-item (目, подпункт), 'n' a number of a policy
// document's own scheme, 'o' the position of an unnumbered paragraph, and
// 'd' a duplicate's position, when a document repeats a number in the same
// place.
type comp struct {
	k     byte
	style byte   // the article style for article parts ('z', 'e', 'r')
	key   string // compared: "12", "7^1", "a", a heading's folded text
	label string // printed: "第十二条", "（三）", "Chapter VII"
	title string // a container's title, folded: typed references may name it
}

// docUnit is one unit a document is answered with: an article, a numbered
// item or a paragraph.
type docUnit struct {
	node  *node
	text  string
	line  int
	page  int
	base  []comp // its reference, outermost first, without disambiguation
	needs int    // how many of the innermost containers above it its reference names (see disambiguate)
	anc   []*node
	heads []string // the numbered headings above it, as printed ("二、重点任务")
	lead  string   // the lead-in sentence of an item ("为此，双方商定：")
	subs  []subUnit
	ctx   string // heading titles above it and its own title, searched with its text
}

// subUnit is a paragraph, item or sub-item of an article: comps extend
// the article's base, and [start, end) are byte offsets into its text.
type subUnit struct {
	comps      []comp
	start, end int
}

// section is a container or a numbered heading that can be listed and
// browsed, with the units under it.
type docSection struct {
	node  *node
	base  []comp
	needs int
	anc   []*node
	units []int // indexes into the document's units
	depth int
}

// docTree is a parsed document's structure.
type docTree struct {
	root     *node
	units    []*docUnit
	sections []*docSection
	warns    []Warning
	// ruPoints: the document is a Russian code whose articles' numbered
	// paragraphs are пункты (see citesPoints).
	ruPoints bool
}

// rank orders a container against open ones (see containerRank).
func (n *node) rank() int {
	if n.ck == 'h' {
		return n.value // the Markdown level, kept in value for 'h'
	}
	return containerRank[n.ck]
}

// buildTree reads blocks into a tree.
func buildTree(file string, bs []block) *docTree {
	t := &docTree{root: &node{mark: mark{kind: nodeRoot}}}
	stack := []*node{t.root}
	top := func() *node { return stack[len(stack)-1] }
	push := func(n *node) {
		p := top()
		n.parent = p
		p.kids = append(p.kids, n)
		stack = append(stack, n)
	}
	var prev *node // the node made from the previous block
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		s := spaceFold(b.text)
		var m mark
		if b.table {
			m = mark{kind: nodeTable}
		} else {
			m = markLine(s)
		}
		if b.md > 0 {
			switch {
			case m.kind == nodeContainer || m.kind == nodeArticle:
			case m.kind == nodeNumbered && headingTitle(s[m.body:], 80):
				m.scheme = fmt.Sprintf("md%d:%s", b.md, m.scheme)
			default:
				title := titleFold(s)
				// A title on its own heading line after a bare number:
				// "###CHAPTER I" then "####SCOPE OF THE CONVENTION".
				if prev != nil && prev == top() && len(prev.kids) == 0 && prev.title == "" &&
					(prev.kind == nodeContainer && (prev.ck != 'h' || reNumberedHeading().MatchString(prev.label)) || prev.kind == nodeArticle && prev.style != 'z') {
					prev.title = title
					continue
				}
				m = mark{kind: nodeContainer, ck: 'h', label: title, key: refFold(title), value: b.md, title: title, body: len(s)}
			}
		} else if m.kind == nodePara && len(stack) == 1 && i+1 < len(bs) && isTitleLine(s) {
			// A title line standing before a numbered heading at the top
			// level: the title of an attached document (a 通知's 实施意见).
			if nm := markLine(spaceFold(bs[i+1].text)); nm.kind == nodeNumbered && nm.scheme == "cn" || nm.kind == nodeContainer || nm.kind == nodeArticle {
				m = mark{kind: nodeContainer, ck: 'h', label: titleFold(s), key: refFold(s), value: 1, title: titleFold(s), body: len(s)}
			}
		}
		n := &node{mark: m, text: b.text, line: b.line, page: b.page, heading: b.md > 0 && m.kind == nodeNumbered}
		n.body = origOffset(b.text, s, m.body)
		if m.kind == nodeContainer && n.body < len(n.text) {
			// A heading with its first item on the same line: the item
			// is a block of its own, read next.
			rest := block{text: strings.TrimSpace(n.text[n.body:]), line: b.line, page: b.page}
			n.text = strings.TrimSpace(n.text[:n.body])
			n.body = len(n.text)
			bs = append(bs[:i+1], append([]block{rest}, bs[i+1:]...)...)
		}
		switch m.kind {
		case nodeContainer:
			r := n.rank()
			for len(stack) > 1 && !(top().kind == nodeContainer && top().rank() < r) {
				stack = stack[:len(stack)-1]
			}
			push(n)
		case nodeArticle:
			for len(stack) > 1 && top().kind != nodeContainer {
				stack = stack[:len(stack)-1]
			}
			push(n)
		case nodeNumbered, nodeBullet:
			j := -1
			for k := len(stack) - 1; k >= 1 && (stack[k].kind == nodeNumbered || stack[k].kind == nodeBullet); k-- {
				if stack[k].scheme == m.scheme {
					j = k
					break
				}
			}
			if j >= 0 && !(m.kind == nodeNumbered && m.value == 1 && j == len(stack)-1 && stack[j].value >= 1) {
				stack = stack[:j]
			}
			push(n)
		default: // a paragraph or a table row
			for len(stack) > 1 {
				t := top()
				if t.kind == nodeBullet || t.kind == nodeNumbered && (inArticle(stack) || endsListItem(t)) {
					stack = stack[:len(stack)-1]
					continue
				}
				break
			}
			p := top()
			n.parent = p
			p.kids = append(p.kids, n)
		}
		prev = n
	}
	t.checkNumbering(file)
	t.collect()
	return t
}

// reNumberedHeading matches a heading of a kind not known by its word that
// is only a word and a number ("HOOFDSTUK I –"): a title may follow on its
// own heading line.
var reNumberedHeading = lazyre.New(`^\S+\s+([IVXLC]+|\d+)\s*[-–—:.]?$`)

func inArticle(stack []*node) bool {
	for _, n := range stack {
		if n.kind == nodeArticle {
			return true
		}
	}
	return false
}

// endsListItem reports whether a numbered node is a one-line list item
// ("（一）经营者达成垄断协议；"), which a following paragraph does not
// continue.
func endsListItem(n *node) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(n.text))
	return strings.ContainsRune("；;", last)
}

// isTitleLine reports whether a paragraph reads as a title: short, with no
// sentence punctuation.
func isTitleLine(s string) bool {
	if utf8.RuneCountInString(s) > 40 || strings.ContainsAny(s, "。；;：:，,！!") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return last != '.' && unicode.IsLetter(last) || last == '》' || last == '）' || last == ')'
}

// runIn reports whether a numbered node's text reads as a sentence
// ("（六）启动1+X证书制度试点工作。", "1.旧区改造。…") rather than a heading's
// title ("II. Trade and Investment", "一、谁可以报销？"): the paragraphs after a
// sentence continue the item; those after a title are the heading's own.
func runIn(own string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(own))
	return strings.ContainsRune("。．.；;！!）)", last) || utf8.RuneCountInString(own) > 60
}

// headingLike reports whether a numbered node's own text is only a title
// ("（一）加强组织领导。", "一、总体要求").
func headingLike(body string) bool {
	body = strings.TrimSpace(body)
	if body == "" {
		return true
	}
	if utf8.RuneCountInString(body) > 40 {
		return false
	}
	trimmed := strings.TrimRight(body, "。.")
	return !strings.ContainsAny(trimmed, "。；;，,：:！!")
}

// origOffset maps a byte offset in the space-folded form of orig back to
// orig: the same count of non-space characters, then any spaces after.
func origOffset(orig, folded string, off int) int {
	if off >= len(folded) {
		return len(orig)
	}
	want := 0
	for _, r := range folded[:off] {
		if !unicode.IsSpace(r) {
			want++
		}
	}
	i, seen := 0, 0
	for i < len(orig) && seen < want {
		r, n := utf8.DecodeRuneInString(orig[i:])
		if !unicode.IsSpace(r) {
			seen++
		}
		i += n
	}
	for i < len(orig) {
		r, n := utf8.DecodeRuneInString(orig[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// own is a numbered node's text after its number.
func (n *node) own() string { return strings.TrimSpace(n.text[n.body:]) }

// containerComp is a container's reference component.
func containerComp(n *node) comp {
	c := comp{k: n.ck, key: n.key, label: n.label}
	if n.ck != 'h' && n.title != "" {
		c.title = refFold(n.title)
	}
	return c
}

// collect walks the tree for its units and sections, then tells apart
// units and sections whose references would be the same.
func (t *docTree) collect() {
	t.ruPoints = citesPoints(t.root)
	t.walk(t.root, nil, 0)
	disambiguate(len(t.units), func(i int) []comp { return t.units[i].base }, func(i int) []comp { return ancComps(t.units[i].anc) },
		func(i, needs int, dup string) {
			t.units[i].needs = needs
			if dup != "" {
				t.units[i].base = append(t.units[i].base, comp{k: 'd', key: dup})
			}
		})
	disambiguate(len(t.sections), func(i int) []comp { return t.sections[i].base }, func(i int) []comp { return ancComps(t.sections[i].anc) },
		func(i, needs int, dup string) {
			t.sections[i].needs = needs
			if dup != "" {
				t.sections[i].base = append(t.sections[i].base, comp{k: 'd', key: dup})
			}
		})
}

// walk collects the units under n, a container or the root; anc are the
// containers above and including n.
//
// A unit's reference names the numbers that cite it (an article's, or a
// policy document's 三（二）1), and the heading above only for an
// unnumbered paragraph ("二·12", "Chapter I·2"); the containers above are
// added only where needed to tell two units apart (see disambiguate). A
// section's reference names all the containers above it ("第二章 第一节").
func (t *docTree) walk(n *node, anc []*node, depth int) {
	lead := ""
	ord := 0
	var sec *docSection
	var posBase []comp
	if n.kind == nodeRoot {
		posBase = []comp{{k: 'n', key: "0", label: bot.PreambleLabel}}
	} else {
		posBase = []comp{containerComp(n)}
		sec = &docSection{node: n, base: posBase, anc: anc[:len(anc)-1], depth: depth}
		t.sections = append(t.sections, sec)
	}
	first := len(t.units)
	for _, k := range n.kids {
		switch k.kind {
		case nodeContainer:
			t.walk(k, append(append([]*node(nil), anc...), k), depth+1)
			lead = ""
		case nodeArticle:
			t.article(k, anc)
			lead = ""
		case nodeNumbered:
			var path []comp
			if n.kind == nodeContainer && n.ck != 'h' {
				path = posBase // "PART I 1": a list right under a named container
			}
			t.numbered(k, anc, nil, path, lead, depth+1)
		default:
			ord++
			u := &docUnit{node: k, text: subtreeText(k), line: k.line, page: k.page, anc: anc,
				base: append(append([]comp(nil), posBase...), comp{k: 'o', key: strconv.Itoa(ord), label: strconv.Itoa(ord)})}
			if k.kind == nodeBullet {
				u.lead = lead
			} else {
				lead = leadIn(k.text)
			}
			t.add(u)
		}
	}
	if sec != nil {
		for i := first; i < len(t.units); i++ {
			sec.units = append(sec.units, i)
		}
		if len(sec.units) == 0 {
			t.sections = removeSection(t.sections, sec)
		}
		return
	}
	// The preamble is a section of its own ("0"), listed first.
	var pre []int
	for i := first; i < len(t.units); i++ {
		if b := t.units[i].base; b[0].k == 'n' && b[0].key == "0" {
			pre = append(pre, i)
		}
	}
	if len(t.sections) == 0 {
		// No headings: the whole document is section 0, as its warning says.
		pre = pre[:0]
		for i := first; i < len(t.units); i++ {
			pre = append(pre, i)
		}
	}
	if len(pre) > 0 {
		t.sections = append([]*docSection{{node: n, base: posBase, units: pre}}, t.sections...)
	}
}

func removeSection(ss []*docSection, s *docSection) []*docSection {
	for i := range ss {
		if ss[i] == s {
			return append(ss[:i], ss[i+1:]...)
		}
	}
	return ss
}

// leadIn returns text if it introduces a list (ends in ：or :), else "".
func leadIn(text string) string {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, "：") || strings.HasSuffix(t, ":") {
		return t
	}
	return ""
}

func (t *docTree) add(u *docUnit) {
	if strings.TrimSpace(u.text) == "" {
		return
	}
	var titles []string
	for _, a := range u.anc {
		if a.title != "" {
			titles = append(titles, a.title)
		} else if a.ck == 'h' {
			titles = append(titles, a.label)
		}
	}
	if u.node.kind == nodeArticle && u.node.title != "" {
		// An article's own title is in its text too (see article): here
		// it counts twice for BM25, the weight 2 of a title field in
		// BM25F (Robertson, Zaragoza & Taylor, CIKM 2004: a field of
		// weight w counts as its text repeated w times).
		titles = append(titles, u.node.title)
	}
	u.ctx = strings.Join(titles, " ")
	t.units = append(t.units, u)
}

// subtreeText is a node's text with the text of everything under it, a
// block a line.
func subtreeText(n *node) string {
	if len(n.kids) == 0 {
		return n.text // most units: no copy
	}
	var b strings.Builder
	var rec func(*node)
	rec = func(n *node) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(n.text)
		for _, k := range n.kids {
			rec(k)
		}
	}
	rec(n)
	return b.String()
}

// subtreeRunes is utf8.RuneCountInString(subtreeText(n)), counted
// without making the text.
func subtreeRunes(n *node) int {
	runes, bytes := 0, 0
	var rec func(*node)
	rec = func(n *node) {
		if bytes > 0 {
			runes++ // the '\n' subtreeText writes before it
			bytes++
		}
		runes += utf8.RuneCountInString(n.text)
		bytes += len(n.text)
		for _, k := range n.kids {
			rec(k)
		}
	}
	rec(n)
	return runes
}

// numbered collects the units of a numbered node outside any article.
func (t *docTree) numbered(n *node, anc []*node, heads []string, path []comp, lead string, depth int) {
	comps := append(append([]comp(nil), path...), comp{k: 'n', key: n.key, label: n.label})
	var paras, nums []*node
	for _, k := range n.kids {
		if k.kind == nodeNumbered {
			nums = append(nums, k)
		} else {
			paras = append(paras, k)
		}
	}
	own := n.own()
	if len(nums) == 0 {
		// size is the item's runes with its paragraphs', read only when
		// the rest of the test holds (it walked every paragraph under every
		// heading).
		size := func() int {
			size := utf8.RuneCountInString(n.text)
			for _, p := range paras {
				size += subtreeRunes(p)
			}
			return size
		}
		if !n.heading && (own != "" && runIn(own) && len(paras) <= 3 && size() <= 1500 || len(paras) == 0) {
			// An item with the paragraphs that continue it.
			t.add(&docUnit{node: n, text: subtreeText(n), line: n.line, page: n.page, base: comps, anc: anc, heads: heads, lead: lead})
			return
		}
	}
	// A heading over its own units: its paragraphs count from 1, and its
	// own text, unless only a title or a list's lead-in, is a unit. A title
	// is the context of the units under it ("二、重点任务").
	kidHeads := heads
	if own != "" && (headingLike(own) || n.heading) { // a bare "二" says nothing the reference does not
		kidHeads = append(append([]string(nil), heads...), strings.TrimSpace(n.text))
	}
	sec := &docSection{node: n, base: comps, anc: anc, depth: depth}
	t.sections = append(t.sections, sec)
	first := len(t.units)
	sub := ""
	if own != "" && !headingLike(own) && !n.heading {
		if sub = leadIn(n.text); sub == "" {
			t.add(&docUnit{node: n, text: n.text, line: n.line, page: n.page, base: comps, anc: anc, heads: heads, lead: lead})
		}
	}
	ord := 0
	for _, k := range n.kids {
		if k.kind == nodeNumbered {
			t.numbered(k, anc, kidHeads, comps, sub, depth+1)
			continue
		}
		ord++
		u := &docUnit{node: k, text: subtreeText(k), line: k.line, page: k.page, anc: anc, heads: kidHeads,
			base: append(append([]comp(nil), comps...), comp{k: 'o', key: strconv.Itoa(ord), label: strconv.Itoa(ord)})}
		if k.kind == nodeBullet {
			u.lead = sub
		} else {
			sub = leadIn(k.text)
		}
		t.add(u)
	}
	for i := first; i < len(t.units); i++ {
		sec.units = append(sec.units, i)
	}
	if len(sec.units) == 0 {
		t.sections = removeSection(t.sections, sec)
	}
}

// article collects an article as one unit, with its paragraphs (款,
// части), items (项, пункты) and sub-items (目) as sub-units.
func (t *docTree) article(n *node, anc []*node) {
	base := []comp{{k: 'A', key: n.key, label: n.label, style: n.style}}
	// The style of the article's parts: a Russian code whose text cites
	// its articles' paragraphs as пункты has them printed and typed so.
	partStyle := n.style
	if n.style == 'r' && t.ruPoints {
		partStyle = 'q'
	}
	u := &docUnit{node: n, line: n.line, page: n.page, base: base, anc: anc}
	var b strings.Builder
	type open struct {
		level int
		idx   int // into u.subs
	}
	var opens []open
	closeFrom := func(level, at int) {
		for len(opens) > 0 && opens[len(opens)-1].level >= level {
			o := opens[len(opens)-1]
			u.subs[o.idx].end = at
			opens = opens[:len(opens)-1]
		}
	}
	cur := map[int]comp{} // the open component at each level
	pIdx := 0
	hasNumberedParas := false
	plain := 0 // unnumbered paragraphs right under the article
	for _, k := range n.kids {
		if numberedPara(n, k) {
			hasNumberedParas = true
		}
		if k.kind == nodePara || k.kind == nodeTable {
			plain++
		}
	}
	if n.body < len(n.text) {
		plain++ // "Article 2 The Parties shall …": its first paragraph
	}
	// An English or Russian article's unnumbered paragraphs are counted
	// (a treaty's "Article 5, paragraph 2", a code's "часть вторая") only
	// when it has several: the points of its one paragraph are the
	// article's own ("Article 3(b)", "Статья 2 п. 3"), as cited; a
	// Chinese article's 款 are counted always (第二十一条第一款第（三）项).
	countParas := n.style == 'z' || !hasNumberedParas && plain > 1
	start := func(level int, c comp, at int) {
		closeFrom(level, trimEnd(b.String(), at))
		cur[level] = c
		for l := level + 1; l <= 3; l++ {
			delete(cur, l)
		}
		comps := append([]comp(nil), base...)
		for l := 1; l <= level; l++ {
			if cc, ok := cur[l]; ok {
				comps = append(comps, cc)
			}
		}
		u.subs = append(u.subs, subUnit{comps: comps, start: at})
		opens = append(opens, open{level, len(u.subs) - 1})
	}
	write := func(s string) int {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		at := b.Len()
		b.WriteString(s)
		return at
	}
	// An article's heading is its first line, as printed ("第三条 …",
	// "Article 10 — Complaints", "Статья 65. Водоохранные зоны и
	// прибрежные защитные полосы"), so a quote of it is the document's
	// text; a title on a heading line of its own follows it ("### Article
	// 1" then "#### Objectives"). The title is searched as the article's
	// own words (and as context, at half credit: "Что такое водоохранная
	// зона?" found Статья 61).
	at := write(n.text)
	if n.title != "" && !strings.Contains(spaceFold(n.text), n.title) {
		write(n.title)
	}
	if n.body < len(n.text) && (n.style == 'z' || countParas) {
		// Its first paragraph run in after the number.
		pIdx = 1
		start(1, comp{k: 'p', key: "1", label: "1", style: partStyle}, at+n.body)
	}
	var rec func(k *node, depth, level int)
	rec = func(k *node, depth, level int) {
		at := write(k.text)
		next := level
		switch {
		case k.kind == nodePara || k.kind == nodeTable:
			if depth == 1 && countParas {
				pIdx++
				start(1, comp{k: 'p', key: strconv.Itoa(pIdx), label: strconv.Itoa(pIdx), style: partStyle}, at)
			}
		case k.kind == nodeNumbered:
			key, label := k.key, k.label
			switch {
			case depth == 1 && numberedPara(n, k):
				if strings.HasPrefix(k.scheme, "dec") {
					parts := strings.Split(k.label, ".")
					key = parts[len(parts)-1]
				}
				label = key
				pIdx, _ = strconv.Atoi(key)
				start(1, comp{k: 'p', key: key, label: label, style: partStyle}, at)
				next = 1
			case level < 3:
				lv := max(level+1, 2)
				kind := byte('i')
				if lv == 3 {
					kind = 'm'
				}
				style := n.style
				if _, inPara := cur[1]; inPara {
					style = partStyle // a подпункт of a пункт; an article's own list is its пункты
				}
				start(lv, comp{k: kind, key: key, label: label, style: style}, at)
				next = lv
			}
		}
		for _, kk := range k.kids {
			rec(kk, depth+1, next)
		}
	}
	for _, k := range n.kids {
		lvl := 0
		if _, ok := cur[1]; ok {
			lvl = 1
		}
		rec(k, 1, lvl)
	}
	text := b.String()
	closeFrom(1, len(text))
	u.text = text
	// Drop sub-units that would be the whole article, and empty ones.
	subs := u.subs[:0]
	for _, s := range u.subs {
		if s.end > s.start && strings.TrimSpace(text[s.start:s.end]) != "" {
			subs = append(subs, s)
		}
	}
	u.subs = subs
	t.add(u)
}

// numberedPara reports whether k, a block right under article n, opens one
// of its numbered paragraphs: "1." or "5.1." (a treaty's, a Russian
// часть), or "(1)" in an English article (UK, Commonwealth and EU
// drafting: "Article 4(2)"). A Chinese article's paragraphs (款) are
// unnumbered, and its numbers are items.
func numberedPara(n, k *node) bool {
	if k.kind != nodeNumbered || n.style == 'z' {
		return false
	}
	return k.scheme == "ar." || strings.HasPrefix(k.scheme, "dec") || k.scheme == "(ar)" && n.style == 'e'
}

// trimEnd returns at, or at-1 when the text before it ends with the
// newline that separates blocks.
func trimEnd(s string, at int) int {
	if at > 0 && at <= len(s) && s[at-1] == '\n' {
		return at - 1
	}
	return at
}

// checkNumbering warns about real gaps: a number skipped among siblings of
// one scheme (containers of one kind under one parent, numbered items of
// one scheme), and among the articles of a document. Restarts (an annex, a
// translation) are not gaps.
func (t *docTree) checkNumbering(file string) {
	warn := func(line int, format string, args ...any) {
		t.warns = append(t.warns, Warning{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	var prevArt *node
	restarted := false // articles numbered again (an annex, a translation): often partial, so no gaps
	var rec func(n *node)
	rec = func(n *node) {
		last := map[string]*node{}
		for _, k := range n.kids {
			if k.kind == nodeArticle {
				if prevArt != nil && k.value <= prevArt.value {
					restarted = true
				}
				if prevArt != nil && !restarted && !strings.Contains(k.key, "^") && prevArt.style == k.style && k.value > prevArt.value+1 && k.value-prevArt.value < 20 {
					warn(k.line, "numbering gap: %s is followed by %s (missing %s)", prevArt.label, k.label, missingLabels(prevArt, k))
				}
				if !strings.Contains(k.key, "^") {
					prevArt = k
				}
			}
			var scheme string
			switch k.kind {
			case nodeContainer:
				scheme = "c" + string(k.ck)
			case nodeNumbered:
				scheme = k.scheme
			}
			// Lettered lists skip letters by custom (i, j, o): no gaps there.
			if scheme != "" && k.value > 0 && k.ck != 'h' && !strings.HasPrefix(scheme, "al") && !strings.HasPrefix(scheme, "(al") {
				if p := last[scheme]; p != nil && k.value > p.value+1 && k.value-p.value < 20 {
					warn(k.line, "numbering gap: %s is followed by %s (missing %s); labels are kept as printed", p.label, k.label, missingLabels(p, k))
				}
				last[scheme] = k
			}
			rec(k)
		}
	}
	rec(t.root)
}

// missingLabels names the numbers between a and b in b's style.
func missingLabels(a, b *node) string {
	var out []string
	for v := a.value + 1; v < b.value && len(out) < 5; v++ {
		out = append(out, relabel(b.label, b.value, v))
	}
	return strings.Join(out, ", ")
}

// relabel writes v where label printed old: "第七条" with 6 is "第六条",
// "Article 7" "Article 6", "四" "三", "（四）" "（三）".
func relabel(label string, old, v int) string {
	for _, form := range []struct{ from, to string }{
		{bot.ChineseNumeral(old), bot.ChineseNumeral(v)},
		{strconv.Itoa(old), strconv.Itoa(v)},
		{bot.RomanNumeral(old), bot.RomanNumeral(v)},
	} {
		if form.from != "" && strings.Contains(label, form.from) {
			return strings.Replace(label, form.from, form.to, 1)
		}
	}
	return strconv.Itoa(v)
}

func ancComps(anc []*node) []comp {
	out := make([]comp, len(anc))
	for i, a := range anc {
		out[i] = containerComp(a)
	}
	return out
}

// compsKey is a reference's comparison key.
func compsKey(cs []comp) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteByte(c.k)
		b.WriteString(c.key)
		b.WriteByte(0)
	}
	return b.String()
}

// typedOf is what a user types to name exactly these components.
func typedOf(cs []comp) []tcomp {
	out := make([]tcomp, len(cs))
	for i, c := range cs {
		out[i] = tcomp{k: c.k, keys: []string{c.key}}
	}
	return out
}

// disambiguate tells apart items (units, or sections) whose references
// would be the same: the first in reading order keeps the short form, and
// each later one names as many of the containers above it, innermost
// first, as it takes for its reference to name it alone ("Appendix to the
// Protocol Article 1", "Annex II PART 1 Article 1"). Where even all of
// them do not (a number printed twice in one place), it gets a 'd'
// component with its position among the duplicates. getBase(i) is item
// i's reference, getAnc(i) the components of the containers above it,
// outermost first (made only for items whose references clash).
func disambiguate(n int, getBase, getAnc func(i int) []comp, set func(i, needs int, dup string)) {
	// first holds each key's first member; groups the members of the
	// keys that have two or more, and order those keys by their first
	// member. (A slice for every key, most of them alone, was most of
	// the time this took.)
	first := make(map[string]int, n)
	groups := map[string][]int{}
	var order []string
	for i := 0; i < n; i++ {
		k := compsKey(getBase(i))
		f, seen := first[k]
		switch {
		case !seen:
			first[k] = i
		case groups[k] == nil:
			groups[k] = []int{f, i}
			order = append(order, k)
		default:
			groups[k] = append(groups[k], i)
		}
	}
	slices.SortFunc(order, func(a, b string) int { return first[a] - first[b] })
	needs := map[int]int{}
	for _, k := range order {
		g := groups[k]
		// Who holds each container: only a member under the containers a
		// reference names can clash with it, so each member is checked
		// against those alone (a 第一节 in each of 800 chapters is linear).
		holders := map[string][]int{}
		for _, j := range g {
			ja := getAnc(j)
			seen := map[string]bool{}
			for _, c := range ja {
				if ck := compsKey([]comp{c}); !seen[ck] {
					seen[ck] = true
					holders[ck] = append(holders[ck], j)
				}
			}
		}
		for gi, i := range g[1:] {
			base, anc := getBase(i), getAnc(i)
			found := false
			// With no container named, the first member (which names none)
			// always clashes: start at one.
			for need := 1; need <= len(anc); need++ {
				typed := typedOf(append(append([]comp(nil), anc[len(anc)-need:]...), base...))
				clash := false
				for _, j := range holders[compsKey(anc[len(anc)-1:])] {
					if j == i {
						continue
					}
					jb, ja := getBase(j), getAnc(j)
					if ok, _ := matchRef(typed, ja, needs[j], jb); ok {
						clash = true
						break
					}
				}
				if !clash {
					needs[i] = need
					found = true
					break
				}
			}
			dup := ""
			if !found {
				// Two items with the same numbers in the same place.
				needs[i] = len(anc)
				dup = strconv.Itoa(gi + 2)
			}
			set(i, needs[i], dup)
		}
	}
	sameQualifier(n, getBase, getAnc, needs, set)
}

// sameQualifier gives every item under a container that some item's
// reference names (see disambiguate) a reference that names it too, so
// that the references of one annex read alike: ITPGRFA's Annex II had
// "Annex II PART 1 Article 1" to "Article 3" (clashing with the treaty's
// own Articles 1 to 3), then "PART 1 Article 4", and a trial, following
// that style, typed "PART 2 Article 4" for the annex's (the treaty's
// Article 4 is in its PART II). A reference typed without the container
// still finds an item it alone names (see lookupRef's loose match).
func sameQualifier(n int, getBase, getAnc func(i int) []comp, needs map[int]int, set func(i, needs int, dup string)) {
	if len(needs) == 0 {
		return
	}
	quals := map[string]int{} // the containers down to the one named → how many
	for i, k := range needs {
		if anc := getAnc(i); k > 0 && k <= len(anc) {
			quals[compsKey(anc[:len(anc)-k+1])] = len(anc) - k + 1
		}
	}
	for j := 0; j < n; j++ {
		ja := getAnc(j)
		want := 0
		for key, l := range quals {
			if l <= len(ja) && len(ja)-l+1 > want && compsKey(ja[:l]) == key {
				want = len(ja) - l + 1
			}
		}
		if b := getBase(j); want > 0 && len(b) > 0 && compsKey(b[:1]) == compsKey(ja[len(ja)-1:]) {
			want-- // its own reference names its container ("Appendix to the Protocol·1")
		}
		if want > needs[j] {
			needs[j] = want
			set(j, want, "")
		}
	}
}

// Russian codes number an article's paragraphs "1.", "2." and call them
// части in some (Водный, Трудовой, Уголовный кодекс: "часть 2 статьи
// 65", "ч. 2 ст. 65") and пункты in others (Гражданский, Налоговый
// кодекс: "пункт 2 статьи 1142", "п. 2 ст. 1142", with their "1)" lists
// as подпункты), which nothing in the numbering tells apart. The code's
// own cross-references do: reCitesParts and reCitesPoints count a part
// or a point cited with its article ("частью 2 настоящей статьи",
// "пунктом 1 статьи 1148"; "пункт 3 части 1 статьи 5" cites a part).
var (
	reCitesParts  = lazyre.New(`(?i)част(?:ь|и|ью|ей|ями|ях)\s+\d+(?:\s*(?:,|и)\s*\d+)*\s+(?:настоящей\s+)?стать`)
	reCitesPoints = lazyre.New(`(?i)пункт(?:а|е|ом|ы|ов|ами|ах)?\s+\d+(?:\s*(?:,|и)\s*\d+)*\s+(?:настоящей\s+)?стать`)
)

// citesPoints reports whether the text under root cites its articles'
// paragraphs as пункты more often than as части, at least twice.
func citesPoints(root *node) bool {
	parts, points := 0, 0
	var walk func(n *node)
	walk = func(n *node) {
		if strings.Contains(n.text, "стат") {
			parts += len(reCitesParts().FindAllStringIndex(n.text, -1))
			points += len(reCitesPoints().FindAllStringIndex(n.text, -1))
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	return points >= 2 && points > parts
}
