package qlog

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clausebot/bot"
)

// TestReportAndGold checks the report's lists and the gold entries on
// both databases, over two days of questions and votes.
func TestReportAndGold(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		day1 := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
		day2 := day1.Add(24 * time.Hour)
		l := mustOpen(t, dsn, Options{LogQuestions: true, Retention: 100 * 365 * 24 * time.Hour})
		log := func(q bot.LoggedQuestion, votes ...bot.Vote) {
			l.LogQuestion(q)
			for _, v := range votes {
				v.QuestionID, v.Platform, v.At = q.ID, q.Platform, q.At
				l.LogVote(v)
			}
		}
		log(question("Q0000001", day1, "北斗合作", false, "seed:二·12", "seed:二·3"), bot.Vote{UserID: "a", Up: true})
		log(question("Q0000002", day1, "北斗合作 ", false, "seed:二·12"), bot.Vote{UserID: "b", Up: true})
		log(question("Q0000003", day1, "天气", true))
		log(question("Q0000004", day2, "天气", true))
		log(question("Q0000005", day2, "Weather", true))
		log(question("Q0000006", day2, "能源", false, "seed:二·5", "other:第一条"),
			bot.Vote{UserID: "a", Correct: "seed:二·3"}, bot.Vote{UserID: "b", Correct: "seed:二·3"})
		log(question("Q0000007", day2, "签证", false, "other:第一条"), bot.Vote{UserID: "a", Correct: "none"})
		log(question("Q0000008", day2, "分歧", false, "other:第二条"), bot.Vote{UserID: "a", Up: true}, bot.Vote{UserID: "b", Correct: "none"})
		r := mustReader(t, l, dsn)

		rep, err := r.Report(ctx, day1.Add(-time.Hour), 0)
		if err != nil {
			t.Fatal(err)
		}
		want := Report{
			Since: day1.Add(-time.Hour), Questions: 8, Abstained: 3, VotesUp: 3, VotesDown: 4, TextLogged: true,
			Unanswered: []Unanswered{{"天气", 2, day2}, {"Weather", 1, day2}},
			VotedDown: []VotedDown{
				{"能源", "seed:二·5", "seed:二·3", 2},
				{"签证", "other:第一条", "none", 1},
				{"分歧", "other:第二条", "none", 1},
			},
			Documents: []Use{{Doc: "seed", Count: 3}, {Doc: "other", Count: 2}},
			Sections:  []Use{{"seed", "二", 3}, {"other", "第一条", 1}, {"other", "第二条", 1}},
			Days: []Day{
				{Day: "2026-11-28", Questions: 3, Abstained: 1, Rate: 1.0 / 3},
				{Day: "2026-11-29", Questions: 5, Abstained: 2, Rate: 2.0 / 5},
			},
		}
		if d := cmp.Diff(want, rep); d != "" {
			t.Errorf("report (-want +got):\n%s", d)
		}
		rep, err = r.Report(ctx, day2.Add(-time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Questions != 5 || len(rep.Unanswered) != 1 || len(rep.Days) != 1 {
			t.Errorf("since day 2, top 1: %d questions, %d unanswered, %d days; want 5, 1, 1", rep.Questions, len(rep.Unanswered), len(rep.Days))
		}

		gold, conflicts, err := r.Gold(ctx, day1.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// Same time: by question, as bytes.
		wantGold := []Gold{{"北斗合作", "seed:二·12"}, {"签证", ""}, {"能源", "seed:二·3"}}
		if d := cmp.Diff(wantGold, gold); d != "" || conflicts != 1 {
			t.Errorf("gold (-want +got):\n%s\nconflicts %d, want 1 (分歧)", d, conflicts)
		}
	})
}
