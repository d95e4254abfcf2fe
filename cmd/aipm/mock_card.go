package main

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
)

// The scorecard of a mock, read back from the log: coverage per round,
// time per answer against the limit, the weakest key points, and the
// change since the last mock for the same company.

type scorecard struct {
	Mock          *int64          `json:"mock"` // the mock's id; null when nothing was answered
	Company       string          `json:"company"`
	WeightsSource string          `json:"weights_source"`
	Seed          uint64          `json:"seed"`
	Minutes       int             `json:"minutes"`
	PerAnswer     int             `json:"per_answer_minutes"`
	Drawn         int             `json:"drawn"`
	Asked         int             `json:"asked"`
	Answered      int             `json:"answered"`
	Skipped       int             `json:"skipped"`
	Ended         string          `json:"ended,omitempty"`
	Coverage      *float64        `json:"coverage"` // mean of the answers' coverage, 0-1
	Rounds        []roundScore    `json:"rounds"`
	Answers       []answerScore   `json:"answers"`
	Weakest       []weakPoint     `json:"weakest"`
	Previous      *data.MockBrief `json:"previous"` // the last earlier mock for the company
	Change        *float64        `json:"change"`   // Coverage − Previous.Coverage
}

type roundScore struct {
	Round    string   `json:"round"`
	Weight   int      `json:"weight"`
	Answers  int      `json:"answers"`
	Coverage *float64 `json:"coverage"`
}

type answerScore struct {
	ID       string  `json:"id"`
	Round    string  `json:"round"`
	Prompt   string  `json:"prompt"`
	Hit      []int   `json:"hit"`
	Total    int     `json:"total"`
	Coverage float64 `json:"coverage"`
	Grade    int     `json:"grade"`
	Seconds  float64 `json:"seconds"`
	Limit    int     `json:"limit_seconds"`
	Over     bool    `json:"over"`
}

type weakPoint struct {
	ID     string `json:"id"`
	Prompt string `json:"prompt"`
	Point  int    `json:"point"`
	Text   string `json:"text"`
}

// maxWeakest is how many missed key points the scorecard lists.
const maxWeakest = 5

// roundOrder lists the rounds of weights in aipm's round order.
func roundOrder(weights map[string]int) []string {
	var out []string
	for _, r := range deck.Rounds {
		if _, ok := weights[r]; ok {
			out = append(out, r)
		}
	}
	return out
}

func (m *mockRun) scorecard(ctx context.Context) error {
	sc := scorecard{Company: m.co.Name, WeightsSource: m.co.Source, Seed: m.o.Seed, Minutes: m.o.Minutes,
		PerAnswer: m.o.PerAnswer, Drawn: len(m.drawn), Asked: m.asked, Skipped: m.skipped, Ended: m.ended,
		Rounds: []roundScore{}, Answers: []answerScore{}, Weakest: []weakPoint{}}
	var answers []data.MockAnswer
	if m.id != 0 {
		id := m.id
		sc.Mock = &id
		var err error
		if answers, err = m.st.MockAnswers(ctx, m.id); err != nil {
			return err
		}
	}
	sc.Answered = len(answers)
	limit := m.o.PerAnswer * 60
	sum := map[string]float64{}
	count := map[string]int{}
	total := 0.0
	for _, a := range answers {
		f := a.Coverage.Fraction()
		sc.Answers = append(sc.Answers, answerScore{ID: a.CardID, Round: a.Round, Prompt: a.Prompt, Hit: a.Coverage.Hit,
			Total: a.Coverage.Total, Coverage: round4(f), Grade: a.Grade, Seconds: math.Round(a.Duration.Seconds()*10) / 10,
			Limit: limit, Over: a.Duration.Seconds() > float64(limit)})
		sum[a.Round] += f
		count[a.Round]++
		total += f
	}
	for _, r := range roundOrder(m.co.Weights) {
		rs := roundScore{Round: r, Weight: m.co.Weights[r], Answers: count[r]}
		if count[r] > 0 {
			v := round4(sum[r] / float64(count[r]))
			rs.Coverage = &v
		}
		sc.Rounds = append(sc.Rounds, rs)
	}
	sc.Weakest = weakest(answers)
	if len(answers) > 0 {
		v := round4(total / float64(len(answers)))
		sc.Coverage = &v
	}
	past, err := m.st.Mocks(ctx, m.co.Name)
	if err != nil {
		return err
	}
	for i := len(past) - 1; i >= 0; i-- {
		if past[i].ID != m.id {
			p := past[i]
			sc.Previous = &p
			break
		}
	}
	if sc.Previous != nil && sc.Coverage != nil {
		v := round4(*sc.Coverage - *sc.Previous.Coverage)
		sc.Change = &v
	}
	if m.o.JSON {
		return writeJSON(m.a.Out, sc)
	}
	width := 80
	if m.a.OutTTY && m.a.Width != nil {
		width = max(m.a.Width()-1, 40)
	}
	return writeScorecard(m.a.Out, sc, m.a.styleFor(m.a.OutTTY), width)
}

// weakest lists the key points the answers missed, the weakest answers
// first, up to maxWeakest. The points are the card's as it is now; an
// answer given to another number of points names none.
func weakest(answers []data.MockAnswer) []weakPoint {
	order := make([]int, len(answers))
	for i := range order {
		order[i] = i
	}
	for i := 1; i < len(order); i++ { // stable insertion sort by coverage
		for j := i; j > 0 && answers[order[j]].Coverage.Fraction() < answers[order[j-1]].Coverage.Fraction(); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	out := []weakPoint{}
	for _, i := range order {
		a := answers[i]
		if len(a.KeyPoints) != a.Coverage.Total {
			continue
		}
		hit := map[int]bool{}
		for _, n := range a.Coverage.Hit {
			hit[n] = true
		}
		for n, kp := range a.KeyPoints {
			if !hit[n+1] && len(out) < maxWeakest {
				out = append(out, weakPoint{ID: a.CardID, Prompt: a.Prompt, Point: n + 1, Text: kp})
			}
		}
	}
	return out
}

func writeScorecard(w interface{ Write([]byte) (int, error) }, sc scorecard, sty style, width int) error {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("")
	line("%s", sty.bold(wrap(fmt.Sprintf("Scorecard: mock %s, %d of %d prompts answered (%d skipped)", sc.Company, sc.Answered, sc.Drawn, sc.Skipped), width)))
	if sc.Ended != "" {
		line("%s", wrap("The mock "+sc.Ended+".", width))
	}
	if sc.Answered == 0 {
		line("No answers, so nothing was logged.")
	} else {
		line("%s", wrap("Coverage "+pct(sc.Coverage)+changeText(sc), width))
	}
	line("%s", sty.dim(wrap("Weights: "+sc.WeightsSource+".", width)))
	line("")
	line("%s", sty.bold("Coverage per round"))
	for _, r := range sc.Rounds {
		line("  %-13s %3d%%  %-10s %s", r.Round, r.Weight, plural(r.Answers, "answer"), pct(r.Coverage))
	}
	if len(sc.Answers) > 0 {
		line("")
		line("%s", sty.bold(fmt.Sprintf("Time per answer (limit %s)", clockSeconds(sc.PerAnswer*60))))
		for i, a := range sc.Answers {
			over := ""
			if a.Over {
				over = "  over the limit"
			}
			head := fmt.Sprintf("  %d. %s  %-13s %d/%d points  ", i+1, clockSeconds(int(a.Seconds)), a.Round, len(a.Hit), a.Total)
			if room := width - len(head) - len(over); room >= 16 {
				line("%s%s%s", head, fit(lineText(a.Prompt), room), over)
			} else { // a narrow terminal: the prompt goes below
				line("%s%s", strings.TrimRight(head, " "), over)
				line("     %s", fit(lineText(a.Prompt), max(width-5, 12)))
			}
		}
	}
	if len(sc.Weakest) > 0 {
		line("")
		line("%s", sty.bold("Weakest key points"))
		for _, p := range sc.Weakest {
			line("  - %s", indentWrap(clean(p.Text), width, 4))
			line("    in: %s", fit(lineText(p.Prompt), max(width-8, 12)))
		}
	}
	_, err := w.Write([]byte(b.String()))
	return err
}

func changeText(sc scorecard) string {
	if sc.Change == nil {
		return fmt.Sprintf(" (your first %s mock).", sc.Company)
	}
	return fmt.Sprintf(" (%+.0f points since your last %s mock on %s, at %s).", *sc.Change*100, sc.Company, sc.Previous.Day, pct(sc.Previous.Coverage))
}

func pct(f *float64) string {
	if f == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", *f*100)
}

func clockSeconds(s int) string { return fmt.Sprintf("%d:%02d", s/60, s%60) }
