package bot

import "strconv"

// noun is a countable word of the bot's own text in each language: English
// singular and plural, the Chinese measure word and noun ("条", "个文件"),
// and the three Russian forms (one, few, many: пункт, пункта, пунктов).
type noun struct {
	en1, enN string
	zh       string
	ru       [3]string
}

// The nouns the bot counts.
var (
	nClause   = noun{"clause", "clauses", "条", [3]string{"пункт", "пункта", "пунктов"}}
	nDocument = noun{"document", "documents", "个文件", [3]string{"документ", "документа", "документов"}}
	nFile     = noun{"file", "files", "个文件", [3]string{"файл", "файла", "файлов"}}
	nWarning  = noun{"warning", "warnings", "条警告", [3]string{"предупреждение", "предупреждения", "предупреждений"}}
)

// count writes n of w in l: "1 clause", "70 clauses"; "70条"; "1 пункт",
// "2 пункта", "5 пунктов", "21 пункт".
func (w noun) count(l Lang, n int) string {
	num := strconv.Itoa(n)
	switch l {
	case Chinese:
		return num + w.zh
	case Russian:
		return num + " " + w.ru[russianPlural(n)]
	}
	if n == 1 {
		return num + " " + w.en1
	}
	return num + " " + w.enN
}

// russianPlural picks the Russian form for n: 0 for 1, 21, 101 (but not
// 11); 1 for 2–4, 22–24 (but not 12–14); 2 for the rest.
func russianPlural(n int) int {
	if n < 0 {
		n = -n
	}
	switch d, h := n%10, n%100; {
	case d == 1 && h != 11:
		return 0
	case d >= 2 && d <= 4 && (h < 12 || h > 14):
		return 1
	}
	return 2
}
