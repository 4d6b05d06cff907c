package index

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAsksQuantity(t *testing.T) {
	for q, want := range map[string]bool{
		"中国一共有多少个省":                                               true,
		"中华人民共和国是哪一年成立的":                                          true,
		"明年春节放几天假":                                                true,
		"下一届中俄博览会打算哪年办，是第几届？":                                     true,
		"外资企业不报投资信息会罚多少钱":                                         true,
		"网店不想开了，得提前多久告诉大家？":                                       true,
		"申请要等多长时间":                                                true,
		"How many member states does the Council of Europe have?": true,
		"How long is the flight from London to Beijing?":          true,
		"In which year was the treaty signed?":                    true,
		"Сколько стоит билет в Москву?":                           true,
		"В каком году подписан договор?":                          true,
		// 几 as "a few", with the question asked by another word.
		"几家公司合并，事先要不要去报批？":                   false,
		"几家公司私下约好价格，被查出来一般怎么罚":               false,
		"农民合作社几家一起联合卖农产品，会不会被认定为垄断":          false,
		"中俄在北斗卫星导航方面有什么合作？":                  false,
		"When does the law come into force?": false,
		"Что такое водный объект?":           false,
		"what time is it?": true,
		"Howmany":          false,
		"Несколько вопросов о законе": false, // не "сколько"
		// Two questions in one message: the first asks for a number.
		"咱们公司年假一年有几天？在哪儿请？":     true,
		"公司报销流程是怎样的？发票最晚几天内要交？": true,
	} {
		if got := asksQuantity(q); got != want {
			t.Errorf("asksQuantity(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestHasQuantity(t *testing.T) {
	for text, want := range map[string]bool{
		"修改内容应当至少在实施前七日予以公示。":                                                 true,
		"一个经营者在相关市场的市场份额达到二分之一的":                                              true,
		"支持2022年举办第七届中俄博览会。":                                                  true,
		"处十万元以上五十万元以下的罚款":                                                     true,
		"The Protocol may be denounced at the end of a period of five years.": true,
		"не позднее чем за три месяца":                                        true,
		"не может превышать сто тысяч рублей":                                 true,
		"от десяти до пятидесяти километров":                                  true,
		// Labels and citations are no quantities.
		"第四条 国家出口管制工作协调机制负责组织、指导两用物项出口管制工作。":                                                     false,
		"第二十七条 外商投资企业可以依法成立和自愿参加商会、协会。":                                                          false,
		"2.组建专家委员会。为区级城市更新工作提供技术支撑。":                                                             false,
		"依照本法第二十一条第三项的规定处理。":                                                                     false,
		"Article 12 Notifications The Secretary General shall notify the member States.":         false,
		"Статья 3. Водное законодательство регулирует отношения.":                                false,
		"c) any date of entry into force of this Protocol in accordance with Articles 9 and 10;": false,
		"under paragraph 1 of Article 37 and sections II-IV":                                     false,
		"в соответствии со статьей 5 и частью 2 статьи 11":                                       false,
		"依照本法第3条的规定":                                         false,
		"within 30 days of the notification under Article 9": true,
		"对于同一侵权人在同一时间实施的侵权行为":                                false,
		"推进统一大市场建设，进一步深化合作。":                                 false,
		"员工食堂每天中午十二点开放。":                                     true,
		"加强重点领域合作。":                                          false,
	} {
		if got := hasQuantity(text); got != want {
			t.Errorf("hasQuantity(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestQuantityAnswerType: a question asking for a number is not answered
// by a clause holding its words but no number, and is answered by the
// clause with one.
func TestQuantityAnswerType(t *testing.T) {
	x := mustDocuments(t)
	for _, q := range []string{"中国一共有多少个省", "中华人民共和国是哪一年成立的"} {
		if r := mustSearch(t, x, q); len(r.Hits) > 0 {
			t.Errorf("%s: answered %s %q; want no answer (no clause gives the number)", q, r.Hits[0].Clause.Ref, trunc(r.Hits[0].Clause.Text))
		}
	}
	for q, want := range map[string]string{
		"电子商务平台经营者修改平台服务协议和交易规则要提前多少天公示？": "实施前七日予以公示",
		"一家公司市场占有率到多少，就会被推定为有支配地位？":       "二分之一",
	} {
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Clause.Text, want) {
			t.Errorf("%s: top hit %v; want the clause with %q", q, r.Hits, want)
		}
	}
}

// TestEnglishQuestionForms: "how long" and "must" are the question's form,
// and an irregular verb's past forms share its stem, so an English
// question in everyday words finds the paragraph in a regulation's words.
func TestEnglishQuestionForms(t *testing.T) {
	x := mustLoad(t, fstest.MapFS{"reg.md": {Data: []byte(`# The Workplace Safety Regulations 2025

## Article 1 — Citation
These Regulations may be cited as the Workplace Safety Regulations 2025.

## Article 2 — Duties of employers
(1) Every employer shall ensure the health and safety of employees.
(2) An employer shall keep records of accidents for five years.

## Article 3 — Complaints
A worker may complain to the inspector about unsafe equipment.
`)}}, Options{})
	for q, want := range map[string]string{
		"How long must accident records be kept?": "keep records of accidents",
		"Who kept the accident records?":          "keep records of accidents",
	} {
		r := mustSearch(t, x, q)
		if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Clause.Text, want) {
			t.Errorf("%s: hits %v; want the clause with %q", q, r.Hits, want)
		}
	}
	for q, want := range map[string]string{
		"How long must accident records be kept?": "accid record keep",
		"How often does the Governing Body meet?": "govern bodi meet",
		"Is a long-term lease a lease?":           "long term leas leas",
		"What time limit applies to a lease?":     "time limit appli leas",
		"What time does the inspector come?":      "inspector come",
	} {
		var got []string
		for _, u := range x.analyzeQuestion(q).units {
			got = append(got, u.text)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: units %q, want %q", q, got, want)
		}
	}
	for w, want := range map[string]string{"kept": "keep", "paid": "pay", "written": "write", "found": "found", "records": "record"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestQuantityKind: a quantity question whose words say what it counts
// is answered only by a clause with a number of that kind.
func TestQuantityKind(t *testing.T) {
	for _, c := range []struct {
		q, clause string
		want      bool
	}{
		{"中俄两国今年的双边贸易额具体是多少亿美元？", "2021年两国经贸合作克服外部因素不利影响，双边贸易额创下历史新高。", false},
		{"中俄两国今年的双边贸易额具体是多少亿美元？", "双边贸易额达到1468.7亿美元。", true},
		{"中俄两国元首今年一共见了几次面？", "今年双方庆祝《中俄睦邻友好合作条约》签署20周年。", false},
		{"中俄两国元首今年一共见了几次面？", "两国元首今年举行了三次会晤。", true},
		{"中俄那个友好条约签了多少年了？", "今年双方庆祝《中俄睦邻友好合作条约》签署20周年。", true},
		{"运营者多久进行一次检测评估？", "对其网络的安全性和可能存在的风险每年至少进行一次检测评估", true},
		{"申请要等多长时间", "自收到申请之日起二十个工作日内作出决定", true},
		{"申请要等多长时间", "依照本法第二十一条第三项的规定处理，处十万元以下罚款。", false},
		{"外资企业不报投资信息会罚多少钱", "处十万元以上五十万元以下的罚款", true},
		{"外资企业不报投资信息会罚多少钱", "责令限期改正；逾期不改正的，处以警告，期限为三个月。", false},
		{"How many member states does the Council of Europe have?", "Preamble The member States of the Council of Europe signatory hereto, opened for signature in Turin on 18 October 1961", false},
		{"How many member states does the Council of Europe have?", "1.  This Protocol shall apply to each Party.\n2.  Any Contracting State may declare", false},
		{"How many member states does the Council of Europe have?", "The Council of Europe has 46 member States.", true},
		{"How many experts sit on the committee?", "The Committee shall consist of nine independent experts.", true},
		{"How long does the Party have to notify?", "within thirty days of the notification", true},
		{"How long must a password be?", "Passwords must be at least 12 characters long.", true},
		{"How long does the Party have to notify?", "Article 7\n30 days after the notification the Party shall", true},
		{"How long does the Party have to notify?", "in accordance with Articles 9 and 10 of 1961", false},
		{"In which year was the Protocol opened for signature?", "opened for signature in Strasbourg on 5 May 1988", true},
		{"中华人民共和国是哪一年成立的", "第四条 国家实行统一的出口管制制度。", false},
		// 哪天 asks a date: a numeral before 日 or 号
		{"两国总理是哪天开的会？", "今年双方庆祝《中俄睦邻友好合作条约》签署20周年。", false},
		{"两国总理是哪天开的会？", "于2021年11月30日以视频方式举行中俄总理第二十六次定期会晤。", true},
		// Times of day, and a frequency per quarter.
		{"食堂几点开门", "第三条 员工食堂每天中午十二点开放。", true},
		{"食堂几点开门", "第三条 员工食堂每天向员工开放。", false},
		{"What time does the canteen open?", "The canteen opens at 12 noon.", true},
		{"What time does the canteen open?", "The library opens at 9 a.m. on weekdays.", true},
		{"What time does the canteen open?", "The canteen is open on 5 days a week.", false},
		{"消防演练多久一次", "第五条 每季度组织一次消防演练。", true},
		// a rate asks a percentage
		{"年径流总量控制率要求多少", "落实2030年海绵城市建设达标要求。", false},
		{"年径流总量控制率要求多少", "年径流总量控制率达到75%以上。", true},
		{"市场份额比例是多少会被推定", "一个经营者在相关市场的市场份额达到二分之一的", true},
		{"卢布汇率是多少", "汇率为1比11.5。", true},
		// 星期几 asks a weekday: no number answers it.
		{"今天星期几", "今年双方庆祝《中俄睦邻友好合作条约》签署20周年。", false},
		{"档案室星期几开放", "第六条 档案室每周星期二、星期四向公众开放。", true},
		{"每周几次检查", "第七条 每周两次对设施进行检查。", true},
	} {
		got := askedQuantity(c.q).holds(c.clause)
		if got != c.want {
			t.Errorf("%s\n  clause %q: answers %v, want %v (%+v)", c.q, c.clause, got, c.want, askedQuantity(c.q))
		}
	}
}

// TestWhereAnswerType: a Chinese question asking only where is answered
// by a clause naming a place, an office or a site, not by one that names
// none; one asking something else besides is not typed.
func TestWhereAnswerType(t *testing.T) {
	for q, want := range map[string]bool{
		"两国元首今年在哪儿见的面？":                                 true,
		"我的快递到哪儿了":                                      true,
		"关键信息基础设施的数据应当在哪里存储？":                           true,
		"打不正当竞争的官司，应该去哪里的法院起诉？":                         true,
		"在哪里查怎么办理":                                      false, // 怎么 asks how
		"Where does it say that the parties cooperate?": false,
	} {
		if got := asksWhere(q); got != want {
			t.Errorf("asksWhere(%q) = %v, want %v", q, got, want)
		}
	}
	for text, want := range map[string]bool{
		"收集和产生的个人信息和重要数据应当在境内存储。":      true,
		"由侵权行为地或者被告住所地人民法院管辖。":         true,
		"区城市更新领导小组下设办公室，设在区建设管理委。":     true,
		"今年双方庆祝《中俄睦邻友好合作条约》签署20周年。":    false,
		"合同标的为采用在线传输方式交付的，从其约定。":       false,
		"快递物流服务提供者在交付商品时，应当提示收货人当面查验。": false,
		"国家推动电子商务基础设施和物流网络建设。":         false, // the State, no place
	} {
		if got := hasPlace(text); got != want {
			t.Errorf("hasPlace(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestEnglishQuantityChineseClause: an English quantity question answered
// by a Chinese clause (through the dictionary) takes its Chinese number:
// "How long must network logs be kept?" is answered by 六个月, which the
// English units never matched (a trial got no answer), and not by a
// clause with no duration.
func TestEnglishQuantityChineseClause(t *testing.T) {
	long := askedQuantity("How long must network logs be kept?")
	for text, want := range map[string]bool{
		"（三）采取监测、记录网络运行状态、网络安全事件的技术措施，并按照规定留存相关的网络日志不少于六个月；":        true,
		"第三十七条 关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的个人信息和重要数据应当在境内存储。第2款": false,
	} {
		if got := hasQuantity(text) && long.answers(text); got != want {
			t.Errorf("how long: %q answers %v, want %v", text, got, want)
		}
	}
	many := askedQuantity("How many members does the committee have?")
	if text := "委员会由七名委员组成。"; !(hasQuantity(text) && many.answers(text)) {
		t.Errorf("how many: %q does not answer", text)
	}
}

// TestOriginalEffective: a revised law's retained 本法自…起施行, more than
// a year before the text's own date, is not the revision's effective date
// (反垄断法 as amended 2022-06-24 showed "in force from 2008-08-01").
func TestOriginalEffective(t *testing.T) {
	for _, c := range []struct {
		effective, date string
		want            bool
	}{
		{"2008-08-01", "2022-06-24", true},
		{"2017-06-01", "2016-11-07", false}, // in force after adoption
		{"2024-01-01", "2024-01-05", false}, // a notice issued days after
		{"2008", "2022-06-24", false},       // only a year read
	} {
		if got := originalEffective(c.effective, c.date); got != c.want {
			t.Errorf("originalEffective(%s, %s) = %v, want %v", c.effective, c.date, got, c.want)
		}
	}
}

// TestAuthorityAnswerType: a question asking which authority acts needs a
// clause naming one: "外商投资准入负面清单由谁发布？" is answered by 第四条
// (负面清单由国务院发布), not 第二十八条 on what the list forbids; a bare 谁
// asks as often for a party, and is not this type.
func TestAuthorityAnswerType(t *testing.T) {
	for q, want := range map[string]bool{
		"外商投资准入负面清单由谁发布？": true, "出口两用物项找哪个部门审批": true, "这事归什么机关管": true,
		"谁可以申请出口许可": false, "外商投资企业能参加政府采购吗": false,
	} {
		if got := asksAuthority(q); got != want {
			t.Errorf("asksAuthority(%q) = %v, want %v", q, got, want)
		}
	}
	for text, want := range map[string]bool{
		"负面清单由国务院发布或者批准发布。": true, "由区规划资源局负责审核。": true, "报国务院商务主管部门批准": true,
		"外国投资者不得投资。负面清单以外的领域，按照内外资一致的原则实施管理。": false, "全部内容的格局与结局": false,
	} {
		if got := hasAuthority(text); got != want {
			t.Errorf("hasAuthority(%q) = %v, want %v", text, got, want)
		}
	}
	x, err := Load(context.Background(), os.DirFS("../testdata/documents/zh"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	res := mustSearch(t, x, "外商投资准入负面清单由谁发布？")
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Clause.Text, "负面清单由国务院发布") {
		t.Errorf("外商投资准入负面清单由谁发布？: %v", res.Hits)
	}
}

// TestWhenPastAsksDate: "When was … held?" asks a date, which a clause
// without a year cannot give ("When was the meeting held?" over the
// Chinese laws got 两用物项出口管制条例 第十九条 through hold → 举办 and
// meeting → 符合); "When must … be refused?" asks a condition.
func TestWhenPastAsksDate(t *testing.T) {
	for q, want := range map[string]bool{
		"When was the meeting held?": true, "When did China and Russia sign the treaty?": true,
		"When must recognition of an award be refused?": false, "When can a party withdraw?": false,
	} {
		if got := asksQuantity(q) && askedQuantity(q).year; got != want {
			t.Errorf("%q asks a date: %v, want %v", q, got, want)
		}
	}
	x, err := Load(context.Background(), os.DirFS("../testdata/documents/zh"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if res := mustSearch(t, x, "When was the meeting held?"); len(res.Hits) > 0 {
		t.Errorf("When was the meeting held? over the Chinese laws: %s, want no answer", res.Hits[0].Ref)
	}
}

// TestQuantityPart: a quantity question answered by a long article gets
// the part holding a number of the kind asked and the most of its words,
// under its own reference: Статья 65 ч. 8 (пятьсот метров), not the whole
// article nor ч. 3 (the most words, no number); 第二十一条第一款第（三）项
// (六个月), the item rather than its paragraph.
func TestQuantityPart(t *testing.T) {
	for docs, c := range map[string]struct{ q, ref, holds string }{
		"../testdata/documents/ru": {"Сколько метров ширина водоохранной зоны моря?", "Статья 65 ч. 8", "пятьсот метров"},
		"../testdata/documents/zh": {"网络日志要保存多久？", "第二十一条第一款第（三）项", "六个月"},
	} {
		x, err := Load(context.Background(), os.DirFS(docs), Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := mustSearch(t, x, c.q)
		if len(res.Hits) == 0 || !strings.HasSuffix(res.Hits[0].Ref, ":"+c.ref) || !strings.Contains(res.Hits[0].Text, c.holds) {
			t.Errorf("%s: %v, want %s holding %s", c.q, res.Hits, c.ref, c.holds)
		}
		x.Close()
	}
}

// TestCourtAnswerType checks the question forms asking which court hears
// a case, and that such a question is answered by the rule of
// jurisdiction rather than by another clause of the same words.
func TestCourtAnswerType(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"被人不正当竞争了，去哪个法院起诉？", true},
		{"应该去哪里起诉", true},
		{"Which court hears disputes over the award?", true},
		{"Where can I sue the seller?", true},
		{"В какой суд подавать иск?", true},
		{"法院怎么判", false},
		{"What does the court decide?", false},
	} {
		if got := asksCourt(c.q); got != c.want {
			t.Errorf("asksCourt(%q) = %v, want %v", c.q, got, c.want)
		}
	}
	x := mustDocuments(t)
	const q, want = "被人不正当竞争了，去哪个法院起诉？", "由侵权行为地或者被告住所地人民法院管辖"
	r := mustSearch(t, x, q)
	if len(r.Hits) == 0 || !strings.Contains(r.Hits[0].Text, want) {
		t.Errorf("Search(%q): top hit %s, want the clause holding %q", q, topRef(r), want)
	}
}

// TestAsksSigning checks the question forms asking where, when or in
// which languages a treaty was signed.
func TestAsksSigning(t *testing.T) {
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"Where and when was the Hague Convention signed?", true},
		{"Which language versions are authentic?", true},
		{"这个协定是在哪里签署的？", true},
		{"Когда подписана конвенция?", true},
		{"Who may sign the Convention?", false},
		{"签署协议后多久生效", false},
	} {
		if got := asksSigning(c.q); got != c.want {
			t.Errorf("asksSigning(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}
