package main

import (
	"fmt"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// A rubric card in review: asked by the asker (rubric_ask.go), its answer
// recorded through the session like any other, then its model answer
// shown. It is never queued again the same day (srs.Session).

// rubricCard asks c and records the answer; it returns the command the
// person gave instead (undo, suspend, bury, quit), or actNone.
func (r *sitting) rubricCard(c data.Card, e srs.Entry) (action, error) {
	k := r.asker(map[string]actionKind{"u": actUndo, "undo": actUndo, "s": actSuspend, "suspend": actSuspend,
		"b": actBury, "bury": actBury, "q": actQuit, "quit": actQuit}, "u undo · s suspend · b bury · q quit")
	due, fresh, pending := r.sess.Counts()
	label := "P · " + c.Round + " round"
	switch {
	case e.From == srs.FromPending:
		label += " (again)"
	case c.New():
		label += " (new)"
	}
	where := clean(c.DeckName) + " › " + clean(c.Topic)
	header := func(spent time.Duration) string {
		return fmt.Sprintf("⏱ %s · %s · due %d · new %d · again %d", clock(spent), where, due, fresh, pending)
	}
	note := r.note
	r.note = ""
	res, err := k.ask(&askPrompt{card: c, label: label, header: header, note: note})
	if err != nil || res.kind != actGrade {
		return action{kind: res.kind}, err
	}
	cov := res.cov
	if err := r.answer(srs.Response{Grade: cov.Grade(), ShownAt: res.shownAt, Duration: res.dur, Coverage: &cov, Text: res.text}); err != nil {
		return action{}, err
	}
	return k.modelAnswer(c, r.note, "[space] next · u undo · q quit")
}

// asker is the sitting's rubric asker with these commands.
func (r *sitting) asker(cmds map[string]actionKind, help string) *asker {
	return &asker{a: r.a, screen: r.screen, sty: r.sty, in: r.in, typed: r.o.Type, clears: r.clears(),
		width: r.width(), cmds: cmds, cmdHelp: help}
}
