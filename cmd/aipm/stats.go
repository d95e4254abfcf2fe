package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"
)

type statsOptions struct {
	Filter data.Filter
	Days   int // forecast horizon
	JSON   bool
	// Calibration reports how well each algorithm predicted the answers
	// instead (stats_calibration.go).
	Calibration bool
}

func newStatsCmd(a *app) *cobra.Command {
	o := statsOptions{Days: 7}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show how ready you are: readiness per topic, what is due, retention and your streak",
		Long: `Show how ready you are: cards by state per deck, today's reviews and streak,
readiness per topic (weakest first), true retention, the forecast of due
cards, a 26-week calendar of reviews, and the leeches and hardest cards.
With rubric prompts (P: cards): readiness per interview round (the mean
coverage of each prompt's latest answer, in review or a mock), the key
points most often missed, and the past mock interviews.

Every figure is read from the review log and the cards. Re-drills, cram
answers and undone answers count only as themselves. --json prints the same
figures in the schema documented in the README ("## Stats").

--calibration shows instead how well SM-2 and FSRS-6 predicted your own
recall (log loss and RMSE(bins), lower is better), with a chart of
predicted against actual recall (README: "Calibration and optimize").`,
		Example: `  aipm stats
  aipm stats --deck lesson-1-1
  aipm stats --topic "Loop structure"
  aipm stats --days 30            # a 30-day forecast
  aipm stats --json
  aipm stats --calibration        # how well SM-2 and FSRS predict your recall`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStats(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Deck, "deck", "", "only this deck `id`")
	f.StringVar(&o.Filter.Topic, "topic", "", "only this `topic` (any case)")
	f.IntVar(&o.Days, "days", o.Days, "forecast this many `days` ahead (1-365)")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.BoolVar(&o.Calibration, "calibration", false, "show how well each algorithm predicted your recall")
	return cmd
}

func runStats(ctx context.Context, a *app, o statsOptions) error {
	if o.Days < 1 || o.Days > 365 {
		return usagef("--days must be between 1 and 365, not %d", o.Days)
	}
	if o.Calibration {
		return runCalibration(ctx, a, o)
	}
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	if o.Filter.Deck, err = resolveDeck(ctx, st, o.Filter.Deck); err != nil {
		return err
	}
	if err := st.RequireFilter(ctx, o.Filter); err != nil {
		return err
	}
	s, err := st.Stats(ctx, data.StatsQuery{Day: a.day(), Filter: o.Filter, Days: o.Days})
	if err != nil {
		return err
	}
	plan, err := statsPlan(ctx, st, a.day())
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(a.Out, newStatsJSON(s, plan))
	}
	r := &statsReport{s: s, f: o.Filter, w: min(a.outWidth(), 160), sty: a.styleFor(a.OutTTY), plan: plan}
	return r.write(a.Out)
}

// statsReport renders Stats as text, w columns wide.
type statsReport struct {
	s    *data.Stats
	f    data.Filter
	w    int
	sty  style
	b    strings.Builder
	plan statsPlanInfo // the interview plan's line
}

func (r *statsReport) write(w io.Writer) error {
	r.header()
	if err := r.decks(); err != nil {
		return err
	}
	r.readiness()
	r.rounds() // stats_rounds.go
	r.retention()
	r.forecast()
	r.heatmap()
	r.hardCards()
	_, err := io.WriteString(w, r.b.String())
	return err
}

func (r *statsReport) line(format string, args ...any) {
	r.b.WriteString(strings.TrimRight(fmt.Sprintf(format, args...), " "))
	r.b.WriteByte('\n')
}

func (r *statsReport) section(title string) {
	r.b.WriteByte('\n')
	r.wrapWith(r.sty.bold, title)
}

func (r *statsReport) header() {
	s := r.s
	scope := "all decks"
	if r.f.Deck != "" {
		scope = "deck " + r.f.Deck
	}
	if r.f.Topic != "" {
		scope += " · topic " + clean(r.f.Topic)
	}
	r.wrapWith(r.sty.bold, "aipm stats · "+s.Day+" · "+scope)
	r.b.WriteByte('\n')
	t := s.Today
	again := "—"
	if t.AgainRate != nil {
		again = statsPct(*t.AgainRate)
	}
	r.planLine()
	r.items("Today", fmt.Sprintf("%s (%d new)", plural(t.Reviews, "review"), t.New), "again "+again,
		statsDuration(t.TimeMS), "streak "+plural(s.StreakDays, "day"))
	if t.Redrills+t.Cram+t.Undone > 0 {
		r.itemsSep("", ", ", "not counted above: "+plural(t.Redrills, "re-drill"), plural(t.Cram, "cram answer"),
			fmt.Sprintf("%d undone", t.Undone))
	}
	week := 0
	for _, f := range s.Forecast {
		week += f.Due
	}
	r.items("Due", fmt.Sprintf("%d today", s.Due.Today), fmt.Sprintf("%d tomorrow", s.Due.Tomorrow),
		fmt.Sprintf("%d in the next %s", week, plural(len(s.Forecast), "day")))
}

func (r *statsReport) decks() error {
	r.section("Cards by deck")
	if len(r.s.Decks) == 0 {
		r.line("No decks yet: add one with `aipm import FILE`.")
		return nil
	}
	head := []string{"DECK", "TOTAL", "NEW", "LEARN", "YOUNG", "MATURE", "SUSP", "DUE", "TMRW"}
	// The table's borders and padding take 3 columns per cell, plus 1.
	fixed := 1
	for _, h := range head[1:] {
		fixed += len(h) + 3
	}
	if !r.decksFit(fixed) {
		r.decksNarrow()
		return nil
	}
	row := func(name string, c data.CardCounts) []string {
		out := []string{clean(name)}
		for _, n := range []int{c.Total, c.New, c.Learning, c.Young, c.Mature, c.Suspended, c.DueToday, c.DueTomorrow} {
			out = append(out, strconv.Itoa(n))
		}
		return out
	}
	var rows [][]string
	for _, d := range r.s.Decks {
		rows = append(rows, row(d.ID, d.CardCounts))
	}
	if len(r.s.Decks) > 1 {
		rows = append(rows, row("all", data.CardCounts{Counts: r.s.Cards,
			DueToday: r.s.Due.Today, DueTomorrow: r.s.Due.Tomorrow}))
	}
	// Like table(), with the numbers aligned right.
	align := tw.CellAlignment{Global: tw.AlignRight, PerColumn: []tw.Align{tw.AlignLeft}}
	t := tablewriter.NewTable(&r.b,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignmentConfig(align),
		tablewriter.WithRowAlignmentConfig(align),
	)
	t.Header(head)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	r.wrap("LEARN: seen, last answer failed · YOUNG: interval under 21 days · MATURE: 21 days or more · " +
		"SUSP: suspended · DUE: due today · TMRW: due tomorrow")
	return nil
}

// wrap writes text as dim lines of at most r.w columns.
func (r *statsReport) wrap(text string) { r.wrapWith(r.sty.dim, text) }

// wrapWith writes text in lines of at most r.w columns, each through sty.
func (r *statsReport) wrapWith(sty func(string) string, text string) {
	var cur string
	for _, word := range strings.Fields(text) {
		if cur != "" && textWidth(cur)+1+textWidth(word) > r.w {
			r.line("%s", sty(cur))
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += word
	}
	if cur != "" {
		r.line("%s", sty(cur))
	}
}

// maxTopics is how many topics the readiness table shows, weakest first.
const maxTopics = 30

func (r *statsReport) readiness() {
	r.section("Readiness by topic, weakest first")
	topics := append([]data.TopicCounts(nil), r.s.Topics...)
	if len(topics) == 0 {
		r.line("No cards yet.")
		return
	}
	active := func(t data.TopicCounts) bool { return t.Total > t.Suspended }
	sort.SliceStable(topics, func(i, j int) bool {
		if active(topics[i]) != active(topics[j]) {
			return active(topics[i])
		}
		return topics[i].Readiness < topics[j].Readiness
	})
	// A topic name used by two decks gets its deck id.
	decksOf := map[string]int{}
	for _, t := range topics {
		decksOf[t.Topic]++
	}
	name := func(t data.TopicCounts) string {
		n := strings.Join(strings.Fields(clean(t.Topic)), " ")
		if decksOf[t.Topic] > 1 {
			n += " (" + clean(t.Deck) + ")"
		}
		return n
	}
	shown := topics[:min(len(topics), maxTopics)]
	narrow := r.w < 80                         // SEEN and MATURE go: --json has them
	fixed := 1 + 5 + 1 + 4 + 1 + 6 + 1 + 5 + 2 // the number columns
	if narrow {
		fixed = 1 + 5 + 1 + 5 + 2
	}
	nameW := 5
	for _, t := range shown {
		nameW = max(nameW, textWidth(name(t)))
	}
	nameW = min(nameW, r.w-fixed-min(20, r.w/4))
	barW := r.w - fixed - nameW
	if narrow {
		r.line("%s %5s %5s", statsPad("TOPIC", nameW), "CARDS", "READY")
	} else {
		r.line("%s %5s %4s %6s %5s", statsPad("TOPIC", nameW), "CARDS", "SEEN", "MATURE", "READY")
	}
	for _, t := range shown {
		ready, bar := "—", ""
		if active(t) {
			ready = fmt.Sprintf("%.0f%%", t.Readiness)
			bar = r.colourBy(t.Readiness, statsBar(t.Readiness/100, barW))
		}
		cell, below := topicCell(t, decksOf[t.Topic] > 1, nameW)
		if narrow {
			r.line("%s %5d %5s  %s", statsPad(cell, nameW), t.Total, ready, bar)
		} else {
			r.line("%s %5d %4d %6d %5s  %s", statsPad(cell, nameW), t.Total, t.Seen, t.Mature, ready, bar)
		}
		if below != "" {
			r.line("  %s", below)
		}
	}
	if n := len(topics) - len(shown); n > 0 {
		r.wrapWith(func(s string) string { return s }, fmt.Sprintf("… and %s more, stronger (see --json, or --deck)", plural(n, "topic")))
	}
	if w := topics[0]; active(w) && w.Readiness < 100 {
		r.wrapWith(r.sty.bold, fmt.Sprintf("Study next: %s (%.0f%% ready; %s new, %d mature).",
			name(w), w.Readiness, ofCards(w.New, w.Total-w.Suspended), w.Mature))
		for _, l := range studyLines(studyCommand(w, decksOf[w.Topic] > 1 || r.f.Deck != ""), r.w) {
			r.line("%s", l)
		}
	}
	r.wrap("READY: " + data.ReadinessRuleFor(r.s.Scheduler))
}

// colourBy colours a readiness bar: red under 25%, yellow under 60%, green.
func (r *statsReport) colourBy(pct float64, s string) string {
	switch {
	case pct < 25:
		return r.sty.red(s)
	case pct < 60:
		return r.sty.yellow(s)
	}
	return r.sty.green(s)
}

func (r *statsReport) retention() {
	r.section("True retention: answers graded 3 or more, on cards already seen")
	spans := []retentionRow{{"7 days", r.s.Retention.D7}, {"30 days", r.s.Retention.D30}, {"365 days", r.s.Retention.D365}}
	if r.w < 52 {
		r.retentionStacked(spans)
		return
	}
	r.line("%-10s %-19s  %s", "", fmt.Sprintf("YOUNG (< %d days)", data.MatureInterval), fmt.Sprintf("MATURE (%d+ days)", data.MatureInterval))
	for _, sp := range spans {
		r.line("%-10s %s  %s", sp.label, retentionCell(sp.s.Young), retentionCell(sp.s.Mature))
	}
}

func (r *statsReport) hardCards() {
	frontW := r.w - 16
	r.section("Most lapses (cards you keep forgetting)")
	if len(r.s.Leeches) == 0 {
		r.line("No lapses yet.")
	} else {
		r.line("%6s %5s  %s", "LAPSES", "EF", "FRONT")
		for _, c := range r.s.Leeches {
			r.line("%6d %5.2f  %s", c.Lapses, c.EF, fit(lineText(c.Front), frontW))
		}
	}
	if r.s.Scheduler == "fsrs" {
		r.section("Hardest: highest FSRS difficulty (1-10)")
		if len(r.s.Hardest) == 0 {
			r.line("No card answered yet.")
			return
		}
		r.line("%6s %5s  %s", "LAPSES", "DIFF", "FRONT")
		for _, c := range r.s.Hardest {
			d := 0.0
			if c.Difficulty != nil {
				d = *c.Difficulty
			}
			r.line("%6d %5.2f  %s", c.Lapses, d, fit(lineText(c.Front), frontW))
		}
		return
	}
	r.section("Hardest: lowest ease")
	if len(r.s.Hardest) == 0 {
		r.line("No card below the starting ease of 2.50 yet.")
		return
	}
	r.line("%6s %5s  %s", "LAPSES", "EF", "FRONT")
	for _, c := range r.s.Hardest {
		r.line("%6d %5.2f  %s", c.Lapses, c.EF, fit(lineText(c.Front), frontW))
	}
}
