package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/cmd/aipm/render"
	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// The review screen: a card's front, its back with the interval each grade
// would give, and the header with the sitting's counts.

func (r *sitting) showFront(c data.Card, e srs.Entry) {
	w := r.screen
	if r.clears() {
		fmt.Fprint(w, "\x1b[H\x1b[2J")
		if r.note != "" {
			fmt.Fprintln(w, r.note)
			r.note = ""
		}
	}
	fmt.Fprint(w, r.header(c))
	width := r.width()
	tag := ""
	switch {
	case e.From == srs.FromPending:
		tag = r.sty.yellow(" (again)")
	case c.New():
		tag = r.sty.green(" (new)")
	}
	fmt.Fprintf(w, "%s%s\n\n%s\n\n", r.sty.bold("Q"), tag, frontText(c, width, r.sty))
	if r.in != nil && r.in.tty {
		fmt.Fprintln(w, r.sty.dim("[space] show answer   ? help"))
	} else {
		fmt.Fprintf(w, "A\n\n%s\n\n", backText(c, width, r.sty))
		fmt.Fprintln(w, r.sty.dim(r.fitText("grade 0-5, again/hard/good/easy, u undo, s suspend, b bury, q quit:")))
	}
}

// width is the terminal width to wrap card text to (one column spare), or
// 0 when the screen is not a terminal.
func (r *sitting) width() int {
	if !r.a.ErrTTY || r.a.Width == nil {
		return 0
	}
	return max(r.a.Width()-1, 0)
}

// header is the line above a card: where it is from and the sitting's
// counts. The deck name is shortened before the topic, and a topic that
// only repeats the deck name is left out. Below 60 columns the counts go
// on a line of their own; the counts are padded to the width of the
// sitting's first total, so the header keeps its shape as they shrink.
func (r *sitting) header(c data.Card) string {
	due, fresh, pending := r.sess.Counts()
	label := "due"
	if r.o.Cram {
		label = "cram"
	}
	width := r.width()
	nw := 0
	if width > 0 {
		if r.countW == 0 {
			r.countW = len(strconv.Itoa(due + fresh + pending))
		}
		nw = r.countW
	}
	progress := fmt.Sprintf("%s %*d · new %*d · again %*d", label, nw, due, nw, fresh, nw, pending)
	deckName, topic := clean(c.DeckName), clean(c.Topic)
	if strings.EqualFold(strings.TrimSpace(topic), strings.TrimSpace(deckName)) {
		topic = ""
	}
	where := func(room int) string {
		if topic == "" {
			if room > 0 {
				return fit(deckName, room)
			}
			return deckName
		}
		if room > 0 { // shorten the deck name first: the topic says more
			topic = fit(topic, max(room*2/3, room-textWidth(deckName)-3))
			deckName = fit(deckName, max(room-textWidth(topic)-3, 8))
		}
		return deckName + " › " + topic
	}
	switch {
	case width <= 0:
		return fmt.Sprintf("\n%s  %s\n", r.sty.cyan(where(0)), r.sty.dim(progress))
	case width+1 < 60: // the terminal is narrower than 60 columns
		return fmt.Sprintf("\n%s\n%s\n", r.sty.cyan(where(width)), r.sty.dim(progress))
	}
	return fmt.Sprintf("\n%s  %s\n", r.sty.cyan(where(width-textWidth(progress)-2)), r.sty.dim(progress))
}

// pack joins parts with " · " into lines as wide as the screen.
func (r *sitting) pack(parts ...string) string { return render.Pack(parts, " · ", r.width(), "") }

// fitText wraps a line of the screen to its width.
func (r *sitting) fitText(s string) string { return render.Wrap(s, r.width()) }

// help is the key help, as wide as the screen.
func (r *sitting) help() string {
	width := r.width()
	if width <= 0 || width >= 90 {
		return helpText
	}
	return render.Pack([]string{"keys: space/enter show the answer", "0-5 grade: 0-2 wrong", "3 hard", "4 good", "5 easy",
		"a again(1)", "h hard(3)", "g good(4)", "e easy(5)", "u undo the last answer", "s suspend",
		"b bury until tomorrow", "q quit"}, " · ", width, "      ")
}

func (r *sitting) showBack(ctx context.Context, c data.Card) {
	w := r.screen
	if r.clears() {
		fmt.Fprint(w, "\r\x1b[1A\x1b[2K") // the "[space] show answer" line has done its job
	}
	fmt.Fprintf(w, "%s\n\n%s\n\n", r.sty.bold("A"), backText(c, r.width(), r.sty))
	fmt.Fprintln(w, r.sty.dim(r.fitText(r.intervals(ctx, c))))
	fmt.Fprintln(w, r.sty.dim(r.pack("0-2 wrong", "3 hard", "4 good", "5 easy  (or a h g e)")))
	fmt.Fprintln(w, r.sty.dim(r.pack("u undo", "s suspend", "b bury", "q quit", "? help")))
}

// intervals shows what each grade would schedule, as the scheduler in
// force previews it, or why a grade would schedule nothing.
func (r *sitting) intervals(ctx context.Context, c data.Card) string {
	if r.o.Cram {
		return "cram: grades are logged; schedules are not changed"
	}
	if r.o.Final && c.Due > r.day.String() {
		return "final drill: this card is not due; grades are logged, its schedule is not changed"
	}
	next, redrill, err := r.st.Preview(ctx, c, r.day, r.a.cfg.MaxInterval)
	switch {
	case err != nil:
		return "next interval: " + clean(err.Error())
	case redrill:
		return "re-drill: today's first answer set the schedule; grade 4 or 5 to finish this card for today"
	}
	var parts []string
	for _, g := range []int{1, 3, 4, 5} {
		parts = append(parts, fmt.Sprintf("%d %s", g, fmtDays(next[g])))
	}
	return r.pack(append([]string{"next interval by grade: " + parts[0]}, parts[1:]...)...)
}

func fmtDays(n int) string {
	switch {
	case n < 60:
		return fmt.Sprintf("%dd", n)
	case n < 365:
		return fmt.Sprintf("%.1fmo", float64(n)/30.44)
	}
	return fmt.Sprintf("%.1fy", float64(n)/365.25)
}

// plural writes "1 card", "2 cards".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	return strconv.Itoa(int(float64(n)*100/float64(d)+0.5)) + "%"
}
