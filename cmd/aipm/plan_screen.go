package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// planScreen renders a plan report as text, w columns wide (40-200).
type planScreen struct {
	r   *data.PlanReport
	w   int
	sty style
	b   strings.Builder
}

func (s *planScreen) line(format string, args ...any) {
	s.b.WriteString(strings.TrimRight(fmt.Sprintf(format, args...), " "))
	s.b.WriteByte('\n')
}

// lines writes text wrapped to the width, each line through sty.
func (s *planScreen) lines(sty func(string) string, text string) {
	for _, l := range strings.Split(wrap(text, s.w), "\n") {
		s.line("%s", sty(l))
	}
}

// field writes a labelled paragraph, wrapped to the width under its label.
func (s *planScreen) field(label, text string) {
	const lw = 11
	lines := strings.Split(wrap(text, max(s.w-lw, 20)), "\n")
	for i, l := range lines {
		if i == 0 {
			s.line("%-*s%s", lw, label, l)
			continue
		}
		s.line("%*s%s", lw, "", l)
	}
}

func (s *planScreen) render() string {
	r, p := s.r, s.r.Plan
	head := "Interview " + p.Interview.String()
	if p.Company != "" {
		head += " · " + clean(p.Company)
	}
	head += " · " + daysLeftWords(r.DaysLeft)
	s.lines(s.sty.bold, head)
	s.b.WriteByte('\n')
	decks := "every deck"
	if len(p.Decks) > 0 {
		decks = clean(strings.Join(p.Decks, ", "))
	}
	s.field("Decks", fmt.Sprintf("%s · %s, %d not yet seen", decks, plural(r.Cards, "card"), r.Unseen))
	s.newCards()
	s.window()
	if len(r.Mocks) > 0 {
		days := make([]string, len(r.Mocks))
		for i, d := range r.Mocks {
			days[i] = d.String()
		}
		s.field("Mocks", fmt.Sprintf("%d × `aipm mock --company %s`, on %s (%s in the plan)",
			len(r.Mocks), clean(p.Company), strings.Join(days, ", "), plural(r.Rubric, "rubric prompt")))
	}
	s.recall()
	s.workload()
	return s.b.String()
}

func daysLeftWords(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return strconv.Itoa(days) + " days left"
}

func (s *planScreen) newCards() {
	r, p := s.r, s.r.Plan
	switch {
	case r.Unseen == 0:
		s.field("New cards", "every plan card has been introduced")
	case r.DaysLeft == 0:
		s.field("New cards", fmt.Sprintf("%s will not be seen before the interview", plural(r.Unseen, "card")))
	default:
		s.field("New cards", fmt.Sprintf("at least %d a day, every card introduced by %s (D-%d)",
			r.NeededNew, p.IntroDeadline(), p.DaysLeft(p.IntroDeadline())))
	}
	if r.NeededNew > data.PlanNewWarn {
		s.field("", s.sty.yellow(fmt.Sprintf("Over %d new cards a day: narrow the plan to the decks that matter most "+
			"with `aipm plan --interview %s --decks ID,…` (aipm decks lists them).", data.PlanNewWarn, p.Interview)))
	}
	if r.NotSeen > 0 && r.DaysLeft > 0 {
		s.field("", s.sty.yellow(fmt.Sprintf("%s will not be seen before the interview, even at %d new cards a day.",
			plural(r.NotSeen, "card"), data.PlanNewCap)))
	}
}

func (s *planScreen) window() {
	p := s.r.Plan
	n := p.WindowDays()
	if n == 0 {
		s.field("Window", "none: the plan was set the day before the interview")
		return
	}
	text := fmt.Sprintf("%s to %s (%s): every card answered before it is seen again; no review limit for plan cards",
		p.WindowStart(), p.Interview-1, plural(n, "day"))
	if n < p.Window {
		text += fmt.Sprintf("; shortened from %d days to the days left", p.Window)
	}
	s.field("Window", text)
}

func (s *planScreen) recall() {
	r := s.r
	s.b.WriteByte('\n')
	s.line("%s", s.sty.bold(fmt.Sprintf("Predicted recall on %s: %s", r.Plan.Interview, pct0(r.Recall))))
	if len(r.Topics) == 0 {
		s.line("No plan cards: import a deck, or widen --decks.")
		return
	}
	nameW := min(24, max(8, s.w/3))
	for _, t := range r.Topics {
		if textWidth(t.Topic) > nameW {
			nameW = min(textWidth(t.Topic), max(8, s.w/3))
		}
	}
	barW := max(s.w-nameW-21, 5)
	var weak []string
	for _, t := range r.Topics {
		bar := statsBar(t.Recall, barW)
		if t.Recall < data.RecallTarget {
			bar = s.sty.yellow(bar)
			weak = append(weak, clean(t.Topic))
		}
		s.line("  %s %s %5s  %s", statsPad(fit(clean(t.Topic), nameW), nameW), bar, pct0(t.Recall), plural(t.Cards, "card"))
	}
	if len(weak) > 0 {
		s.field("Below 80%", strings.Join(weak, ", "))
	} else {
		s.line("Every topic is predicted at 80%% or more.")
	}
}

func (s *planScreen) workload() {
	s.b.WriteByte('\n')
	s.line("%s", s.sty.bold("Workload to the interview"))
	most := 1
	for _, d := range s.r.Workload {
		most = max(most, d.Reviews+d.New)
	}
	barW := max(s.w-40, 0) // the 30 columns before the bar, 10 for its tag
	for _, d := range s.r.Workload {
		label := d.Day
		if day, err := srs.ParseDay(d.Day); err == nil {
			label = day.Time().Format("Mon 01-02")
		}
		bar := ""
		if n := d.Reviews + d.New; n > 0 && barW > 0 {
			bar = strings.Repeat("█", max(1, n*barW/most))
		}
		tag := ""
		switch {
		case d.Day == s.r.Plan.Interview.String():
			tag = "interview"
		case s.r.Plan.InWindow(mustDay(d.Day)):
			tag = "window"
		}
		s.line("  %-9s %4d due %3d new  %s", label, d.Reviews, d.New, s.sty.cyan(bar)+dimTag(s.sty, tag))
	}
	s.lines(s.sty.dim, "due: plan cards scheduled that day (overdue ones today); reviews answered meanwhile add more")
}

func dimTag(sty style, tag string) string {
	if tag == "" {
		return ""
	}
	return " " + sty.dim(tag)
}

func mustDay(s string) srs.Day {
	d, _ := srs.ParseDay(s)
	return d
}

// pct0 prints a fraction as a whole percentage, rounded down, so that a
// topic shown at 80% is never one listed below 80%.
func pct0(f float64) string { return strconv.Itoa(int(f*100+1e-9)) + "%" }

// pastLine is the line kept for an interview that has passed.
func pastLine(p data.PastInterview) string {
	s := "Past interview " + p.Date
	if p.Company != "" {
		s += " (" + clean(p.Company) + ")"
	}
	return s + ": predicted recall on the day " + pct0(p.Recall) + "."
}
