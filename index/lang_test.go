package index

import (
	"os"
	"testing"
	"testing/fstest"
)

// TestDocumentLang checks Document.Lang on real loads: the seed, the
// English test documents, a Russian document, and documents whose language
// cannot be told.
func TestDocumentLang(t *testing.T) {
	en := fstest.MapFS{}
	for _, name := range []string{"joint_statement.txt", "science_memorandum.txt"} {
		data, err := os.ReadFile("testdata/en/" + name)
		if err != nil {
			t.Fatal(err)
		}
		en[name] = &fstest.MapFile{Data: data}
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string // per document, in load order
	}{
		{"seed", nil, []string{"zh"}},
		{"english", en, []string{"en", "en"}},
		{"russian", fstest.MapFS{"ru.txt": {Data: []byte("Совместное заявление\n\n" +
			"I. Общие положения\n\nСтороны подтвердили приверженность принципам равенства и взаимной выгоды.\n\n" +
			"II. Торговля\n\nСтороны будут расширять торговлю сельскохозяйственной продукцией (в том числе через APEC).\n")}},
			[]string{"ru"}},
		// A Chinese document that names a few things in English is still
		// Chinese.
		{"chinese with acronyms", fstest.MapFS{"zh.txt": {Data: []byte("声明\n\n一\n\n双方将在APEC、G20和BRICS框架内加强协调，推动WTO改革。\n")}},
			[]string{"zh"}},
		{"digits only", fstest.MapFS{"n.txt": {Data: []byte("表\n\n一\n\n2021 2022 2023\n\n10.5 20.7 31.9\n")}},
			[]string{""}},
		{"too little text", fstest.MapFS{"s.txt": {Data: []byte("Note\n\n1.\n\nSee annex.\n")}},
			[]string{""}},
		// Parallel Chinese and English: a hint that the question's
		// language will not match would be wrong either way.
		{"bilingual", fstest.MapFS{"b.txt": {Data: []byte("声明\n\n一\n\n双方同意扩大农产品贸易，推动检验检疫合作。\n\n" +
			"The Parties agreed to expand trade in farm products and promote cooperation on inspection and quarantine.\n")}},
			[]string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x *Index
			if tt.fsys == nil {
				x = mustSeed(t)
			} else {
				x = mustLoad(t, tt.fsys, Options{})
			}
			var got []string
			for _, d := range x.Documents() {
				got = append(got, d.Lang)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d documents %q, want %q", len(got), got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("document %d: got Lang %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
