package index

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"clausebot/bot"
)

// Questions in Taiwan usage find what the same question in mainland usage
// finds, through OpenCC's TWPhrases and TWVariants.
func TestTaiwanUsage(t *testing.T) {
	ctx := context.Background()
	seed, err := Load(ctx, Seed(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	ip, err := Load(ctx, fstest.MapFS{"ip.md": {Data: []byte("# 电子商务规定\n\n第一条 电子商务平台经营者应当建立知识产权保护规则，与知识产权权利人加强合作，依法保护知识产权。\n\n第二条 电子商务经营者应当依法办理市场主体登记。\n\n第三条 快递物流服务提供者应当按照规定使用环保包装材料。\n")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ip.Close()
	for _, tc := range []struct {
		x        *Index
		taiwan   string
		mainland string
		want     string // in the first hit
	}{
		{seed, "國際道路運輸資料資訊交換", "国际道路运输数据信息交换", "国际道路运输数据信息交换"},
		{ip, "智慧財產權保護", "知识产权保护", "知识产权保护规则"},
	} {
		first := func(q string) bot.Hit {
			t.Helper()
			res, err := tc.x.Search(ctx, bot.Query{Text: q, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) == 0 {
				t.Fatalf("%q: no match", q)
			}
			return res.Hits[0]
		}
		tw, cn := first(tc.taiwan), first(tc.mainland)
		if tw.Ref != cn.Ref || !strings.Contains(tw.Text, tc.want) {
			t.Errorf("%q answers %s, want %s as %q does", tc.taiwan, tw.Ref, cn.Ref, tc.mainland)
		}
		if len(tw.Highlights) == 0 {
			t.Errorf("%q: nothing highlighted in %s", tc.taiwan, tw.Ref)
		}
	}
}
