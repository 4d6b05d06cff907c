package index

import (
	"context"
	"strings"
	"testing"

	"clausebot/bot"
)

// TestDocPrefixNotQuotedLaw: a law's name as a "doc:" prefix names the
// law, not a document whose title only quotes it (the Supreme People's
// Court's interpretation of 《反不正当竞争法》): the law is not loaded,
// and the interpretation is still named by its own words.
func TestDocPrefixNotQuotedLaw(t *testing.T) {
	x := mustDocuments(t)
	ctx := context.Background()
	if c, err := x.Clause(ctx, "反不正当竞争法:第一条"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("反不正当竞争法:第一条 = %s, %v; want no such document", c.Ref, err)
	}
	for _, ref := range []string{"最高人民法院:第一条", "若干问题的解释:第一条", "反垄断法:第一条"} {
		c, err := x.Clause(ctx, ref)
		if err != nil || !strings.HasSuffix(c.Ref, ":第一条") {
			t.Errorf("%s = %q, %v; want its 第一条", ref, c.Ref, err)
		}
	}
}
