package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// sitting runs one review sitting on the terminal or a pipe: it shows the
// session's current card, reads a key and tells the session what to do.
type sitting struct {
	a      *app
	st     *data.Store
	o      reviewOptions
	day    srs.Day
	sess   *srs.Session
	store  *sittingStore
	screen io.Writer
	sty    style
	in     *keys
	countW int // the width of the header's counts, fixed at the first card
	// note is the outcome of the last action; on a terminal it shows at the
	// top of the next card's screen.
	note string
}

// sittingStore is the session's storage: the store, with the clock, the
// day and the interval cap of this run.
type sittingStore struct {
	ctx   context.Context
	a     *app
	st    *data.Store
	day   srs.Day
	last  data.Answer // the last answer recorded, for its message
	final bool        // the final drill (aipm review --final)
}

// Answer implements srs.SessionStore.
func (w *sittingStore) Answer(e srs.Entry, r srs.Response, cram bool) (srs.Recorded, error) {
	ans, err := w.st.Record(w.ctx, data.Event{
		CardID: e.ID, Grade: int(r.Grade), At: w.a.now(), ShownAt: r.ShownAt, Day: w.day,
		Duration: r.Duration, MaxInterval: w.a.cfg.MaxInterval, Cram: cram, Final: w.final,
		Coverage: r.Coverage, Text: r.Text,
	})
	if err != nil {
		return srs.Recorded{}, err
	}
	w.last = ans
	return srs.Recorded{Seq: ans.Seq, Kind: ans.Kind}, nil
}

// Undo implements srs.SessionStore.
func (w *sittingStore) Undo(seq int64) error {
	_, err := w.st.Undo(w.ctx, seq, w.a.now(), w.day)
	return err
}

// Flag implements srs.SessionStore.
func (w *sittingStore) Flag(kind srs.LogKind, id string) (int64, error) {
	seqs, err := w.st.SetFlag(w.ctx, string(kind), []string{id}, w.a.now(), w.day)
	if err != nil {
		return 0, err
	}
	return seqs[0], nil
}

// say shows the outcome of an action: at once when piped, above the next
// card on a terminal (which clears the screen between cards).
func (r *sitting) say(msg string) {
	msg = r.fitText(msg)
	if r.clears() {
		r.note = msg
		return
	}
	fmt.Fprintln(r.screen, msg)
}

// clears reports whether each card starts on a cleared screen.
func (r *sitting) clears() bool { return r.in != nil && r.in.tty && r.a.ErrTTY }

func (r *sitting) loop(ctx context.Context) error {
	for {
		e, ok := r.sess.Current()
		if !ok {
			return nil
		}
		c, err := r.st.Card(ctx, e.ID)
		if err != nil {
			if gone(err) { // pruned by another process meanwhile
				r.sess.Drop()
				continue
			}
			return err
		}
		shownAt, shownMono := r.a.now(), r.a.Since()
		var act action
		if c.Kind == deck.Rubric { // asked, and its answer recorded, in review_rubric.go
			act, err = r.rubricCard(c, e)
		} else {
			r.showFront(c, e)
			act, err = r.in.read(r, false)
		}
		if err != nil {
			return err
		}
		if act.kind == actReveal { // terminal only: a piped line carries the grade
			r.showBack(ctx, c)
			if act, err = r.in.read(r, true); err != nil {
				return err
			}
		}
		switch act.kind {
		case actGrade:
			if err := r.answer(srs.Response{Grade: srs.Grade(act.grade), ShownAt: shownAt, Duration: r.a.Since() - shownMono}); err != nil {
				return err
			}
		case actUndo:
			r.undo()
		case actSuspend:
			if err := r.flag(r.sess.Suspend, "Suspended. `aipm cards unsuspend "+clean(e.ID)+"` brings it back."); err != nil {
				return err
			}
		case actBury:
			if err := r.flag(r.sess.Bury, "Buried until tomorrow."); err != nil {
				return err
			}
		case actQuit:
			return nil
		case actInterrupt:
			return errInterrupted
		}
	}
}

// gone reports whether err says that the card no longer exists.
func gone(err error) bool {
	var nf *data.NotFoundError
	return errors.As(err, &nf)
}

func (r *sitting) flag(do func() error, msg string) error {
	if err := do(); err != nil {
		if gone(err) {
			r.sess.Drop()
			r.say(r.sty.yellow("This card was removed by another aipm while it was on screen (an import pruned it); skipped."))
			return nil
		}
		return err
	}
	r.say(r.sty.dim(msg))
	return nil
}

// answer records a grade through the session, which queues the card again
// if it is pending.
func (r *sitting) answer(resp srs.Response) error {
	out, err := r.sess.Answer(resp)
	if err != nil {
		if gone(err) {
			r.sess.Drop()
			r.say(r.sty.yellow("This card was removed by another aipm while it was on screen (an import pruned it); skipped."))
			return nil
		}
		return err
	}
	grade := int(resp.Grade)
	msg := "Recorded."
	switch {
	case out.Kind == srs.LogReview:
		msg = fmt.Sprintf("Recorded %d. Next review %s%s.", grade, dueWords(r.store.last.Due, r.day), plannedWords(r.store.last))
		if out.Pending {
			msg += " It comes back today until you grade it 4 or 5."
		}
	case out.Kind == srs.LogRedrill && out.Pending:
		msg = fmt.Sprintf("Recorded %d (re-drill). It comes back again.", grade)
	case out.Kind == srs.LogRedrill:
		msg = fmt.Sprintf("Recorded %d (re-drill). Done for today.", grade)
	case out.Kind == srs.LogFinal:
		msg = fmt.Sprintf("Recorded %d (final drill; not due, schedule unchanged).%s", grade, finalWords(out))
	case out.Kind == srs.LogCram:
		msg = fmt.Sprintf("Recorded %d (cram; schedule unchanged).", grade)
	}
	if resp.Coverage != nil {
		msg = strings.Replace(msg, ".", " ("+coverageLine(*resp.Coverage)+").", 1)
	}
	r.say(r.sty.dim(msg))
	return nil
}

func dueWords(due string, today srs.Day) string {
	d, err := srs.ParseDay(due)
	if err != nil {
		return due
	}
	return fmt.Sprintf("%s (%s)", due, inDays(int(d-today)))
}

// undo cancels the last action of this sitting and shows that card again.
func (r *sitting) undo() {
	if _, err := r.sess.Undo(); err != nil {
		if errors.Is(err, srs.ErrNothingToUndo) {
			r.say(r.sty.yellow("Nothing to undo in this session."))
			return
		}
		r.say(r.sty.red("Cannot undo: " + clean(err.Error())))
		return
	}
	r.say(r.sty.yellow("Undone. Showing that card again."))
}

type reviewSummary struct {
	Cards   int     `json:"cards"`
	Answers int     `json:"answers"`
	Correct int     `json:"correct"`
	Rate    float64 `json:"correct_rate"`
	Seconds float64 `json:"seconds"`
	NextDue *string `json:"next_due"`
	DueLeft int     `json:"due_left"`
}

func (r *sitting) summary(ctx context.Context) error {
	t := r.sess.Tally()
	sum := reviewSummary{Cards: t.Cards, Answers: t.Answers, Correct: t.Correct, Seconds: t.Spent.Seconds(), DueLeft: r.sess.Left()}
	if t.Answers > 0 {
		sum.Rate = float64(t.Correct) / float64(t.Answers)
	}
	// The first day after today with cards due (today's are in due_left).
	next, err := r.st.NextDue(ctx, r.day, r.o.Filter)
	if err != nil {
		return err
	}
	if next != "" {
		sum.NextDue = &next
	}
	if r.o.JSON {
		return writeJSON(r.a.Out, sum)
	}
	w := r.a.Out
	fmt.Fprintf(w, "\nSession: %s drilled, %s, %s correct, %s.\n",
		plural(sum.Cards, "card"), plural(sum.Answers, "answer"), percent(t.Correct, t.Answers), fmtDuration(t.Spent))
	switch {
	case sum.DueLeft > 0: // the next day with cards due is after these
		fmt.Fprintf(w, "%s still queued for today; run aipm review again to finish.\n", plural(sum.DueLeft, "card"))
	case next != "":
		fmt.Fprintf(w, "Next cards due %s.\n", dueWords(next, r.day))
	}
	return nil
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}
