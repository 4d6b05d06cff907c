package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Word automatic numbering (word/numbering.xml) is rendered into the text,
// because documents keep their article numbers there: a paragraph in a
// "第%1条" list reads "为了……" in its runs and "第一条 为了……" on paper.
//
// The rules, from ECMA-376 Part 1 §17.9, as implemented:
//
//   - A paragraph is numbered by w:numPr (numId, ilvl) in its properties,
//     or else by the numPr of its style or a style that style is based on.
//     numId 0 means "no numbering".
//   - A w:num points at a w:abstractNum. Counters belong to the abstractNum,
//     so two nums on one abstractNum continue one sequence, unless a num has
//     w:lvlOverride/w:startOverride: the first paragraph of that num restarts
//     the sequence at the override.
//   - A level counts from w:start (default 0 per the standard; Word writes
//     it, and 1 is used when absent). Using a level resets the levels below
//     it, unless a lower level has w:lvlRestart: 0 never restarts, N restarts
//     only when a level at or above N (1-based) is used.
//   - w:lvlText is the label: %1…%9 are the current counts of levels 1–9,
//     each in that level's w:numFmt (all decimal if the level is w:isLgl).
//     A level not used yet shows its start value and counts as used.
//   - Formats: decimal, decimalZero, upper/lowerRoman, upper/lowerLetter,
//     chineseCounting, chineseCountingThousand, japaneseCounting,
//     ideographDigital, ideographTraditional (甲乙丙), ideographZodiac,
//     chineseLegalSimplified (壹贰叁), ideographEnclosedCircle (㈠),
//     decimalEnclosedCircle (①), decimalEnclosedParen (⑴),
//     decimalEnclosedFullstop (⒈), decimalFullWidth (１), russianLower/Upper.
//     Others render as decimal. bullet and none give no label: a bulleted
//     item is a plain paragraph.
//   - w:suff after the label: "nothing" → no space, "space" → one space,
//     "tab" (the default) → one space, or none when the label ends in CJK
//     punctuation ("一、", "（一）"), which is how such text is typed.
//   - w:numStyleLink (a list defined by a numbering style) takes the levels
//     and counters of the list that style's numPr points at.
//   - Not supported: w:lvlPicBulletId (picture bullets: no label anyway),
//     w:legacy spacing, and a num's lvlOverride/lvl replacing a level of a
//     linked style's list.

type level struct {
	start   int
	format  string
	text    string
	restart int // -1: default (restart after any higher level)
	isLgl   bool
	suff    string
}

type abstractNum struct {
	levels   [9]*level
	counts   [9]int
	used     [9]bool
	styleRef string // w:numStyleLink: the levels are those of a numbering style's list
}

type numDef struct {
	abs       *abstractNum
	overrides map[int]int // ilvl → startOverride
	lvls      map[int]*level
	started   bool
}

type numbering struct {
	nums map[string]*numDef
}

func readLevel(l *xnode) *level {
	lv := &level{start: 1, format: "decimal", restart: -1, suff: "tab"}
	if s := l.val("start"); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			lv.start = n
		}
	}
	if f := l.val("numFmt"); f != "" {
		lv.format = f
	}
	lv.text = l.val("lvlText")
	if r := l.val("lvlRestart"); r != "" {
		if n, err := strconv.Atoi(r); err == nil {
			lv.restart = n
		}
	}
	if c := l.child("isLgl"); c != nil && c.attr("val") != "0" && c.attr("val") != "false" {
		lv.isLgl = true
	}
	if s := l.val("suff"); s != "" {
		lv.suff = s
	}
	return lv
}

func readNumbering(root *xnode) *numbering {
	nb := &numbering{nums: map[string]*numDef{}}
	abs := map[string]*abstractNum{}
	top := root.child("numbering")
	for _, a := range top.childrenNamed("abstractNum") {
		an := &abstractNum{styleRef: a.val("numStyleLink")}
		for _, l := range a.childrenNamed("lvl") {
			i, err := strconv.Atoi(l.attr("ilvl"))
			if err != nil || i < 0 || i > 8 {
				continue
			}
			an.levels[i] = readLevel(l)
		}
		abs[a.attr("abstractNumId")] = an
	}
	for _, n := range top.childrenNamed("num") {
		def := &numDef{abs: abs[n.val("abstractNumId")], overrides: map[int]int{}, lvls: map[int]*level{}}
		if def.abs == nil {
			continue
		}
		for _, o := range n.childrenNamed("lvlOverride") {
			i, err := strconv.Atoi(o.attr("ilvl"))
			if err != nil || i < 0 || i > 8 {
				continue
			}
			if s := o.val("startOverride"); s != "" {
				if v, err := strconv.Atoi(s); err == nil {
					def.overrides[i] = v
				}
			}
			if l := o.child("lvl"); l != nil {
				def.lvls[i] = readLevel(l)
			}
		}
		nb.nums[n.attr("numId")] = def
	}
	return nb
}

func (d *numDef) level(i int) *level {
	if l := d.lvls[i]; l != nil {
		return l
	}
	if l := d.abs.levels[i]; l != nil {
		return l
	}
	return &level{start: 1, format: "decimal", restart: -1, suff: "tab", text: "%" + strconv.Itoa(i+1) + "."}
}

func (d *numDef) startOf(i int) int {
	if v, ok := d.overrides[i]; ok {
		return v
	}
	return d.level(i).start
}

// linkStyles resolves w:numStyleLink: an abstractNum that only names a
// numbering style takes the list of the num that style points at, levels
// and counters both. numStyles maps a numbering style's id to its numId.
func (nb *numbering) linkStyles(numStyles map[string]string) {
	for _, d := range nb.nums {
		for i := 0; d.abs.styleRef != "" && i < 3; i++ {
			target := nb.nums[numStyles[d.abs.styleRef]]
			if target == nil || target.abs == d.abs {
				break
			}
			d.abs = target.abs
		}
	}
}

// next counts one more paragraph at level ilvl of list numID and returns its
// rendered label and the separator to put before the text.
func (nb *numbering) next(numID string, ilvl int) (label, suff string) {
	d := nb.nums[numID]
	if d == nil || ilvl < 0 || ilvl > 8 {
		return "", ""
	}
	a := d.abs
	if !d.started {
		d.started = true
		if len(d.overrides) > 0 {
			for i := range a.used {
				a.used[i] = false
			}
		}
	}
	if a.used[ilvl] {
		a.counts[ilvl]++
	} else {
		a.counts[ilvl] = d.startOf(ilvl)
		a.used[ilvl] = true
	}
	for i := ilvl + 1; i < 9; i++ {
		r := d.level(i).restart
		if r == -1 || (r > 0 && ilvl <= r-1) {
			a.used[i] = false
		}
	}
	lv := d.level(ilvl)
	if lv.format == "bullet" {
		return "", ""
	}
	var b strings.Builder
	t := lv.text
	for k := 0; k < len(t); k++ {
		if t[k] == '%' && k+1 < len(t) && t[k+1] >= '1' && t[k+1] <= '9' {
			i := int(t[k+1] - '1')
			k++
			if !a.used[i] {
				// A level shown before it was used shows its start, and
				// counts as used: Word numbers "1.1" then "2.".
				a.counts[i], a.used[i] = d.startOf(i), true
			}
			n := a.counts[i]
			f := d.level(i).format
			if lv.isLgl {
				f = "decimal"
			}
			b.WriteString(formatNumber(n, f))
			continue
		}
		b.WriteByte(t[k])
	}
	label = b.String()
	if label == "" {
		return "", ""
	}
	switch lv.suff {
	case "nothing":
		suff = ""
	case "space":
		suff = " "
	default:
		last, _ := utf8.DecodeLastRuneInString(label)
		if isCJK(last) && strings.ContainsRune("、）。．：】」』〕，", last) {
			suff = ""
		} else {
			suff = " "
		}
	}
	return label, suff
}

// The symbol sets are strings, turned into runes when used, so that the
// package allocates nothing at init.
const (
	cnDigits    = "〇一二三四五六七八九"
	cnLegal     = "零壹贰叁肆伍陆柒捌玖"
	tiangan     = "甲乙丙丁戊己庚辛壬癸"
	dizhi       = "子丑寅卯辰巳午未申酉戌亥"
	ruLetters   = "абвгдежзиклмнопрстуфхцчшщэюя"
	circled     = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
	parened     = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
	fullstop    = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
	cnCircled   = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
	fullDigits  = "０１２３４５６７８９"
	letterUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// formatNumber renders n in the Word number format f.
func formatNumber(n int, f string) string {
	pick := func(symbols string) string {
		set := []rune(symbols)
		if n >= 1 && n <= len(set) {
			return string(set[n-1])
		}
		return strconv.Itoa(n)
	}
	switch f {
	case "decimal", "decimalHalfWidth":
		return strconv.Itoa(n)
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	case "upperRoman":
		return roman(n)
	case "lowerRoman":
		return strings.ToLower(roman(n))
	case "upperLetter", "lowerLetter":
		if n < 1 {
			return strconv.Itoa(n)
		}
		// Word repeats the letter: 27 → AA, 53 → AAA.
		s := strings.Repeat(string(letterUpper[(n-1)%26]), (n-1)/26+1)
		if f == "lowerLetter" {
			s = strings.ToLower(s)
		}
		return s
	case "russianLower", "russianUpper":
		if n < 1 {
			return strconv.Itoa(n)
		}
		ru := []rune(ruLetters)
		s := strings.Repeat(string(ru[(n-1)%len(ru)]), (n-1)/len(ru)+1)
		if f == "russianUpper" {
			s = strings.ToUpper(s)
		}
		return s
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand":
		return chineseCounting(n, []rune("零一二三四五六七八九"), []rune("十百千"))
	case "chineseLegalSimplified":
		return chineseCounting(n, []rune(cnLegal), []rune("拾佰仟"))
	case "ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital":
		var b strings.Builder
		for _, c := range strconv.Itoa(n) {
			if c >= '0' && c <= '9' {
				b.WriteRune([]rune(cnDigits)[c-'0'])
			} else {
				b.WriteRune(c)
			}
		}
		return b.String()
	case "ideographTraditional":
		return pick(tiangan)
	case "ideographZodiac":
		return pick(dizhi)
	case "ideographEnclosedCircle":
		return pick(cnCircled)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		return pick(circled)
	case "decimalEnclosedParen":
		return pick(parened)
	case "decimalEnclosedFullstop":
		return pick(fullstop)
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, c := range strconv.Itoa(n) {
			if c >= '0' && c <= '9' {
				b.WriteRune([]rune(fullDigits)[c-'0'])
			} else {
				b.WriteRune(c)
			}
		}
		return b.String()
	case "none":
		return ""
	}
	return strconv.Itoa(n)
}

// chineseCounting writes n (0–99999) the way Chinese documents number
// articles: 一, 十, 十一, 二十, 一百零一, 一千零二十.
func chineseCounting(n int, digits []rune, units []rune) string {
	if n <= 0 || n >= 100000 {
		return strconv.Itoa(n)
	}
	if n >= 10000 {
		hi, lo := n/10000, n%10000
		s := chineseCounting(hi, digits, units) + "万"
		if lo == 0 {
			return s
		}
		if lo < 1000 {
			s += string(digits[0])
		}
		return s + chineseCountingBelow(lo, digits, units, false)
	}
	// Only plain counting drops the 一 of 一十; 壹拾 keeps it.
	return chineseCountingBelow(n, digits, units, digits[1] == '一')
}

func chineseCountingBelow(n int, digits, units []rune, leading bool) string {
	var b strings.Builder
	pos := []int{1000, 100, 10, 1}
	zero := false
	started := false
	for i, p := range pos {
		d := n / p % 10
		if d == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteRune(digits[0])
			zero = false
		}
		// 10–19 read 十, 十一 at the start, but 一百一十 inside.
		if !(p == 10 && d == 1 && !started && leading) {
			b.WriteRune(digits[d])
		}
		if i < 3 {
			b.WriteRune(units[2-i])
		}
		started = true
	}
	return b.String()
}
