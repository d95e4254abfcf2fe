package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/cmd/aipm/render"
	"github.com/aipmhq/aipm/data"
)

// The stats report below 80 columns drops or stacks columns rather than
// letting the terminal wrap them, and never cuts a deck id: an id too long
// for its column gets a line of its own.

// items writes label and the parts joined by " · ", wrapped at r.w with
// the continuation lines under the first part.
func (r *statsReport) items(label string, parts ...string) { r.itemsSep(label, " · ", parts...) }

// itemsSep is items with another separator.
func (r *statsReport) itemsSep(label, sep string, parts ...string) {
	parts[0] = fmt.Sprintf("%-8s %s", label, parts[0])
	for _, l := range strings.Split(render.Pack(parts, sep, r.w, "         "), "\n") {
		r.line("%s", l)
	}
}

// decksFit reports whether the full deck table fits r.w with every id
// whole.
func (r *statsReport) decksFit(fixed int) bool {
	if r.w < 80 {
		return false
	}
	for _, d := range r.s.Decks {
		if textWidth(clean(d.ID)) > r.w-fixed-3 {
			return false
		}
	}
	return true
}

// decksNarrow writes the deck counts in four columns; a deck id that does
// not fit beside them takes a line of its own, the numbers under it.
func (r *statsReport) decksNarrow() {
	head := []string{"TOTAL", "NEW", "DUE", "TMRW"}
	nums := func(c data.CardCounts) string {
		var b strings.Builder
		for i, n := range []int{c.Total, c.New, c.DueToday, c.DueTomorrow} {
			fmt.Fprintf(&b, "  %*d", len(head[i]), n)
		}
		return b.String()
	}
	numW := textWidth(nums(data.CardCounts{}))
	type row struct {
		id string
		c  data.CardCounts
	}
	var rows []row
	idW := len("DECK")
	for _, d := range r.s.Decks {
		rows = append(rows, row{clean(d.ID), d.CardCounts})
		idW = max(idW, textWidth(clean(d.ID)))
	}
	if len(r.s.Decks) > 1 {
		rows = append(rows, row{"all", data.CardCounts{Counts: r.s.Cards, DueToday: r.s.Due.Today, DueTomorrow: r.s.Due.Tomorrow}})
	}
	col := min(idW, r.w-numW)
	r.line("%s%s", statsPad("DECK", col), "  "+strings.Join(head, "  "))
	for _, x := range rows {
		if textWidth(x.id) > col {
			r.line("%s", x.id)
			r.line("%s%s", strings.Repeat(" ", col), nums(x.c))
			continue
		}
		r.line("%s%s", statsPad(x.id, col), nums(x.c))
	}
	r.wrap("TOTAL: every card · NEW: never answered · DUE: due today · TMRW: due tomorrow " +
		"(learning, young, mature and suspended: on a wider terminal, or --json)")
}

// studyCommand is the command that reviews topic t, quoted for a shell,
// as the words that may go on lines of their own.
func studyCommand(t data.TopicCounts, withDeck bool) []string {
	cmd := []string{"aipm", "review", "--topic", quoteArg(clean(t.Topic), true)}
	if withDeck {
		cmd = append(cmd, "--deck", quoteArg(clean(t.Deck), false))
	}
	return cmd
}

// studyLines indents the command by two; when it is wider than w, its
// words go on lines joined by a shell's backslash continuation, so that it
// still pastes as one command.
func studyLines(words []string, w int) []string {
	if one := "  " + strings.Join(words, " "); textWidth(one) <= w {
		return []string{one}
	}
	var lines []string
	cur := "  " + words[0]
	for _, p := range words[1:] {
		if textWidth(cur)+1+textWidth(p)+2 <= w {
			cur += " " + p
			continue
		}
		lines = append(lines, cur+" \\")
		cur = "    " + p
	}
	return append(lines, cur)
}

// retentionStacked writes the retention table as two blocks, young then
// mature, for a terminal too narrow for them side by side.
func (r *statsReport) retentionStacked(spans []retentionRow) {
	for i, label := range []string{fmt.Sprintf("YOUNG (< %d days)", data.MatureInterval), fmt.Sprintf("MATURE (%d+ days)", data.MatureInterval)} {
		r.line("%s", label)
		for _, sp := range spans {
			p := sp.s.Young
			if i == 1 {
				p = sp.s.Mature
			}
			r.line("  %-9s %s", sp.label, retentionCell(p))
		}
	}
}

type retentionRow struct {
	label string
	s     data.RetentionSpan
}

func retentionCell(p data.Pass) string {
	if p.Rate == nil {
		return fmt.Sprintf("%6s  %-11s", "—", "no reviews")
	}
	return fmt.Sprintf("%6s  %-11s", statsPct(*p.Rate), strconv.Itoa(p.Passed)+" of "+strconv.Itoa(p.Reviews))
}

// topicCell is a topic's name in a column of w: with its deck id in
// brackets when two decks share the topic. The name is shortened, never
// the id; an id too long for the column goes below the row.
func topicCell(t data.TopicCounts, withDeck bool, w int) (cell, below string) {
	topic := strings.Join(strings.Fields(clean(t.Topic)), " ")
	if !withDeck {
		return fit(topic, w), ""
	}
	suffix := " (" + clean(t.Deck) + ")"
	switch {
	case textWidth(topic+suffix) <= w:
		return topic + suffix, ""
	case textWidth(suffix)+5 <= w:
		return fit(topic, w-textWidth(suffix)) + suffix, ""
	}
	return fit(topic, w), "(deck " + clean(t.Deck) + ")"
}

// quoteArg quotes s for a shell as people type it: in double quotes
// (always, with always) when nothing in it is special there, else as
// shellQuote does.
func quoteArg(s string, always bool) string {
	if q := shellQuote(s); (q == s && !always) || strings.ContainsAny(s, "\"$`\\!") {
		return q
	}
	return `"` + s + `"`
}
