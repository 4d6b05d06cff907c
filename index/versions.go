package index

import (
	"clausebot/bot"
	"cmp"
	"fmt"
	"path"
	"strings"
)

// versionLangs are the language tags a file name may carry to declare it
// one version of a document: "communique.zh.txt" and "communique.ru.txt"
// are the Chinese and Russian texts of one communiqué. The tags are the
// ISO 639-1 codes of the languages the engine analyses.
var versionLangs = map[string]string{"zh": "zh", "en": "en", "ru": "ru"}

// versionName splits a document's file name into the name its versions
// share and the language its tag declares: "docs/communique.ru.txt" →
// "docs/communique", "ru". The tag may carry a region ("pact.zh-CN.md"),
// follow an underscore or hyphen instead of a dot ("pact_en.md",
// "pact-ru.md"), or be the name of a folder the file is in with no tag of
// its own ("zh/pact.md", "ru/pact.md": one folder per language). ok is
// false for a name with none of these.
func versionName(file string) (shared, lang string, ok bool) {
	ext := path.Ext(file)
	base := strings.TrimSuffix(file, ext)
	dir, name := path.Split(base)
	if i := strings.LastIndexAny(name, "._-"); i > 0 {
		// pact.zh, pact.zh-CN, pact_en, pact-ru: the tag is after the
		// last separator, or a region after the one before it.
		for _, cut := range []int{i, strings.LastIndexAny(name[:i], "._-")} {
			if cut <= 0 {
				continue
			}
			tag := strings.ToLower(name[cut+1:])
			primary, region, hasRegion := strings.Cut(tag, "-")
			if !hasRegion {
				primary, region, hasRegion = strings.Cut(tag, "_")
			}
			if l, known := versionLangs[primary]; known && (!hasRegion || isRegion(region)) {
				return sharedDir(dir + name[:cut]), l, true
			}
		}
	}
	// zh/pact.md: the nearest folder named by a tag.
	parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if l, known := versionLangs[strings.ToLower(parts[i])]; known {
			return sharedDir(base), l, true
		}
	}
	return "", "", false
}

// langCode reads a front matter's language as a tag of versionLangs:
// "zh", "zh-CN", "Chinese", "中文", "English", "русский" …; as given,
// lower case, when it is none of them (a trial's "lang: english" was
// warned to read as en).
func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	primary, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if _, ok := versionLangs[primary]; ok {
		return primary
	}
	switch s {
	case "chinese", "中文", "汉语", "漢語", "简体中文", "繁體中文", "китайский", "zho", "chi":
		return "zh"
	case "english", "英文", "英语", "английский", "eng":
		return "en"
	case "russian", "俄文", "俄语", "русский", "rus":
		return "ru"
	}
	return s
}

// dotTagged reports whether a file name declares its language after a dot
// (pact.zh.md, pact.zh-CN.md): a declaration, where pact_en.md and a
// language folder may be a habit of naming.
func dotTagged(file string) bool {
	base := strings.TrimSuffix(path.Base(file), path.Ext(file))
	i := strings.LastIndex(base, ".")
	if i <= 0 {
		return false
	}
	primary, region, hasRegion := strings.Cut(strings.ToLower(base[i+1:]), "-")
	_, known := versionLangs[primary]
	return known && (!hasRegion || isRegion(region))
}

// isRegion reports whether s (lower case) is a BCP 47 region or script
// subtag a file name may give after its language: two letters (cn, us),
// three digits (419) or a four-letter script (hans, cyrl).
func isRegion(s string) bool {
	if len(s) != 2 && len(s) != 3 && len(s) != 4 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || len(s) == 3 && r >= '0' && r <= '9') {
			return false
		}
	}
	return len(s) != 3 || s[0] >= '0' && s[0] <= '9'
}

// sharedDir drops the folders named by a language tag from a version's
// name, so that zh/fish.zh.md and ru/fish.ru.md are versions of "fish":
// keeping each language in its own folder is as common as a name tag.
func sharedDir(name string) string {
	parts := strings.Split(name, "/")
	kept := parts[:0]
	for i, p := range parts {
		if _, tag := versionLangs[strings.ToLower(p)]; tag && i < len(parts)-1 {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "/")
}

// versionOf says which document d is a language version of: what its
// front matter declares (`version_of: agreement`, `lang: ru`; the
// language defaults to the detected one), or else its file name's tag.
func versionOf(d *document) (shared, lang string, ok bool) {
	if v := d.declared[0]; v != "" {
		lang = langCode(d.declared[1])
		if _, known := versionLangs[lang]; !known || d.Lang != "" {
			lang = cmp.Or(d.Lang, lang) // the text's own language wins over a label
		}
		return v, lang, lang != ""
	}
	shared, lang, ok = versionName(d.File)
	if ok && d.Lang != "" {
		lang = d.Lang // the text's own language wins over a label
	}
	return shared, lang, ok
}

// alignKey is a unit's language-neutral place in its document: the kinds
// and numbers of the numbered containers above it and of its own
// reference (Chapter 2 → Article 5 is "C2 A5" in every language; 第二章 →
// 第五条 too). A heading with no number has no key of its own, so its
// title's language does not matter; its units keep their order through
// the numbers under it, or through position ('o').
func alignKey(anc, base []comp) string {
	var b strings.Builder
	for _, cs := range [][]comp{anc, base} {
		for _, c := range cs {
			if c.k == 'h' {
				continue
			}
			b.WriteByte(c.k)
			b.WriteString(c.key)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// linkVersions aligns the documents that declare themselves versions of
// one another (see versionName) by alignKey, and gives each of their
// clauses the same clause of the other versions (bot.Clause.Versions). A
// unit with no counterpart keeps none, and the later version gets a
// warning saying how far the structures differ, with an example. Versions
// in the same language, or documents whose file names share a stem but not
// a tag, are not linked.
func (x *Index) linkVersions() {
	groups := map[string][]int{} // shared name → indexes into x.docs
	var order []string
	for i, d := range x.docs {
		shared, _, ok := versionOf(d)
		if !ok {
			continue
		}
		if label := declaredLang(d); d.Lang != "" && label != "" && d.Lang != label {
			msg := fmt.Sprintf("labelled as the %s version, but the text reads as %s: it is taken as the %s version", label, d.Lang, d.Lang)
			x.warnings = append(x.warnings, Warning{File: d.File, Msg: msg})
			d.Warnings = append(d.Warnings, msg)
		}
		if _, seen := groups[shared]; !seen {
			order = append(order, shared)
		}
		groups[shared] = append(groups[shared], i)
	}
	for _, shared := range order {
		g := groups[shared]
		if len(g) < 2 {
			// Declared a version, in front matter or by a tag after a dot,
			// with no other: a typo in version_of ("pcat" for "pact") or
			// a file name left the others' name would link nothing, silently.
			if d := x.docs[g[0]]; d.declared[0] != "" || dotTagged(d.File) {
				_, lang, _ := versionOf(d)
				msg := fmt.Sprintf("declared the %s version of %q, but no other version of it is loaded: check version_of or the file names", lang, shared)
				x.warnings = append(x.warnings, Warning{File: d.File, Msg: msg})
				d.Warnings = append(d.Warnings, msg)
			}
			continue
		}
		byKey := make([]map[string]int, len(g)) // per version: alignKey → clause
		for gi, di := range g {
			byKey[gi] = map[string]int{}
			for ci, c := range x.clauses {
				if c.DocID() == x.docs[di].ID {
					if _, dup := byKey[gi][x.akeys[ci]]; !dup {
						byKey[gi][x.akeys[ci]] = ci
					}
				}
			}
		}
		missing := map[[2]int]int{} // [version, other] → its clauses with no counterpart there
		example := map[[2]int]string{}
		for gi, di := range g {
			d := x.docs[di]
			_, lang, _ := versionOf(d)
			d.VersionOf = shared
			for gj, dj := range g {
				_, olang, _ := versionOf(x.docs[dj])
				if gj == gi || olang == lang {
					continue
				}
				for key, ci := range byKey[gi] {
					if _, ok := byKey[gj][key]; !ok {
						p := [2]int{gi, gj}
						missing[p]++
						if e := example[p]; e == "" || x.clauses[ci].Ref < e {
							example[p] = x.clauses[ci].Ref
						}
					}
				}
			}
		}
		// Where two versions' structures differ, a pairing by number may
		// pair different clauses (an English text lacking Article 4 and
		// numbering on paired its Article 4, on disputes, with 第四条, on a
		// working group: a trial): each such pairing says so.
		for gi, di := range g {
			_, lang, _ := versionOf(x.docs[di])
			for gj, dj := range g {
				_, olang, _ := versionOf(x.docs[dj])
				if gj == gi || olang == lang {
					continue
				}
				unaligned := missing[[2]int{gi, gj}]+missing[[2]int{gj, gi}] > 0
				for key, ci := range byKey[gi] {
					cj, ok := byKey[gj][key]
					if !ok {
						continue
					}
					o, c := &x.clauses[cj], &x.clauses[ci]
					if c.more == nil {
						c.more = &clauseMore{}
					}
					c.more.Versions = append(c.more.Versions, bot.Version{Lang: olang, DocID: o.DocID(), Ref: o.Ref, Text: o.Text, Unaligned: unaligned})
				}
			}
		}
		for gi, di := range g {
			for gj := 0; gj < gi; gj++ {
				a, b := missing[[2]int{gi, gj}], missing[[2]int{gj, gi}]
				if a+b == 0 {
					continue
				}
				d, o := x.docs[di], x.docs[g[gj]]
				var parts []string
				if a > 0 {
					parts = append(parts, fmt.Sprintf("%s no counterpart in %s (e.g. %s)", clausesHave(a, "of its clauses"), o.File, example[[2]int{gi, gj}]))
				}
				if b > 0 {
					parts = append(parts, fmt.Sprintf("%s none here (e.g. %s)", clausesHave(b, "of "+o.File+"'s clauses"), example[[2]int{gj, gi}]))
				}
				msg := "versions do not align: " + strings.Join(parts, "; ")
				x.warnings = append(x.warnings, Warning{File: d.File, Msg: msg})
				d.Warnings = append(d.Warnings, msg)
			}
		}
	}
}

// declaredLang is the language d's label gives: front matter, else the
// file name's tag; "" when it has neither.
func declaredLang(d *document) string {
	if d.declared[0] != "" {
		return langCode(d.declared[1])
	}
	_, lang, _ := versionName(d.File)
	return lang
}

// clausesHave is "1 of its clauses has" or "3 of its clauses have".
func clausesHave(n int, of string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s has", of)
	}
	return fmt.Sprintf("%d %s have", n, of)
}
