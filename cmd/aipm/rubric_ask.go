package main

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// Asking one rubric prompt, in review and in a mock: the prompt with a
// timer (counting up, or down to a limit), a typed answer with --type,
// then the numbered key points to tick. The caller records the result.

// actSkip skips a mock's prompt (n).
const actSkip actionKind = 100

// asker asks rubric prompts on a terminal (single keys, a cleared screen
// per prompt) or a pipe (one line per prompt).
type asker struct {
	a      *app
	screen io.Writer
	sty    style
	in     *keys
	typed  bool // --type: a typed answer first
	clears bool
	width  int
	// cmds are the commands besides ticking, by key or word, and cmdHelp
	// names them for the screen.
	cmds    map[string]actionKind
	cmdHelp string
}

// askPrompt is one prompt to ask.
type askPrompt struct {
	card   data.Card
	label  string                     // "P · technical (new)"
	header func(time.Duration) string // the top line, given the time spent
	note   string                     // the last action's outcome, under the header
	timeUp func(time.Duration) bool   // whether the answer time is over (nil: never)
}

// askResult is what the person did with a prompt: kind actGrade with the
// ticks, or a command (undo, suspend, bury, skip, quit, interrupt).
type askResult struct {
	kind    actionKind
	cov     srs.Coverage
	text    string
	dur     time.Duration // from the prompt's showing to the reveal
	shownAt time.Time
}

// askState is the screen's state while a prompt is asked.
type askState struct {
	p        *askPrompt
	start    time.Duration // a.Since() when shown
	answered time.Duration // the time spent, once revealed
	phase    int           // phaseFront, phaseTyping, phaseTicks
	text     strings.Builder
	ticked   []bool
	msg      string
}

const (
	phaseFront = iota
	phaseTyping
	phaseTicks
)

func (k *asker) ask(p *askPrompt) (askResult, error) {
	st := &askState{p: p, start: k.a.Since(), ticked: make([]bool, len(p.card.KeyPoints))}
	res := askResult{shownAt: k.a.now()}
	if k.typed {
		st.phase = phaseTyping
	}
	if !k.clears {
		return k.askLines(st, res)
	}
	k.draw(st)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		var raw []byte
		var ok bool
		select {
		case raw, ok = <-k.in.ch:
		case <-tick.C:
			if st.phase != phaseTicks {
				if p.timeUp != nil && p.timeUp(k.a.Since()-st.start) {
					st.msg = "Time is up."
					k.reveal(st)
					continue
				}
				fmt.Fprint(k.screen, "\x1b7\x1b[1;1H\x1b[2K"+k.headerLine(st)+"\x1b8")
			}
			continue
		case <-k.in.ctx.Done():
			return res, errInterrupted
		}
		if !ok {
			if k.in.err != nil {
				return res, k.in.err
			}
			res.kind = actQuit
			return res, nil
		}
		if done, kind := k.key(st, raw); done {
			res.kind = kind
			if kind == actGrade {
				res.cov, _ = srs.NewCoverage(st.hit(), len(st.ticked))
				res.text, res.dur = st.answer(), st.answered
			}
			return res, nil
		}
	}
}

// key handles one chunk of keys and reports whether the prompt is done.
func (k *asker) key(st *askState, raw []byte) (bool, actionKind) {
	if len(raw) == 0 || raw[0] == 0x1b { // arrow keys and other sequences
		return false, 0
	}
	for len(raw) > 0 {
		r, n := utf8.DecodeRune(raw)
		raw = raw[n:]
		switch r {
		case 3: // Ctrl-C
			return true, actInterrupt
		case 4: // Ctrl-D: ends a typed answer, else quits
			if st.phase == phaseTyping {
				k.reveal(st)
				continue
			}
			return true, actQuit
		}
		switch st.phase {
		case phaseTyping:
			k.typeRune(st, r)
		case phaseFront:
			switch {
			case r == ' ' || r == '\r' || r == '\n' || (r >= '0' && r <= '9'):
				k.reveal(st)
			case r == '?':
				st.msg = k.helpLine()
				k.draw(st)
			default:
				if act, ok := k.cmds[strings.ToLower(string(r))]; ok {
					return true, act
				}
				st.msg = fmt.Sprintf("%q is not a key here: [space] shows the key points; ? shows the keys.", string(r))
				k.draw(st)
			}
		case phaseTicks:
			switch {
			case r == '\r' || r == '\n':
				return true, actGrade
			case r >= '1' && r <= '9':
				if i := int(r - '1'); i < len(st.ticked) {
					st.ticked[i] = !st.ticked[i]
					st.msg = ""
				} else {
					st.msg = fmt.Sprintf("%c is not a key point: this prompt has %d.", r, len(st.ticked))
				}
				k.draw(st)
			case r == '?':
				st.msg = k.helpLine()
				k.draw(st)
			default:
				if act, ok := k.cmds[strings.ToLower(string(r))]; ok {
					return true, act
				}
			}
		}
	}
	return false, 0
}

// typeRune adds one key to a typed answer, echoing it. An empty line
// twice ends the answer.
func (k *asker) typeRune(st *askState, r rune) {
	switch {
	case r == '\r' || r == '\n':
		st.text.WriteByte('\n')
		fmt.Fprint(k.screen, "\n")
		if strings.HasSuffix("\n"+st.text.String(), "\n\n\n") {
			k.reveal(st)
		}
	case r == 0x7f || r == 0x08: // backspace
		s := st.text.String()
		if s == "" {
			return
		}
		last, n := utf8.DecodeLastRuneInString(s)
		st.text.Reset()
		st.text.WriteString(s[:len(s)-n])
		if last == '\n' || runeWidth(last) != 1 {
			k.draw(st)
			return
		}
		fmt.Fprint(k.screen, "\b \b")
	case r == '\t':
		k.typeRune(st, ' ')
	case r >= ' ' && r != utf8.RuneError:
		st.text.WriteRune(r)
		fmt.Fprint(k.screen, string(r))
	}
}

// reveal stops the timer and shows the key points.
func (k *asker) reveal(st *askState) {
	st.answered = k.a.Since() - st.start
	st.phase = phaseTicks
	if k.clears {
		k.draw(st)
	}
}

func (st *askState) hit() []int {
	var out []int
	for i, t := range st.ticked {
		if t {
			out = append(out, i+1)
		}
	}
	return out
}

func (st *askState) answer() string { return strings.TrimRight(st.text.String(), "\n") }

func (k *asker) helpLine() string {
	return "keys: [space] show the key points · 1-9 tick or untick a point · Enter finish · " + k.cmdHelp +
		" · Ctrl-C quit (answers given are saved)"
}

// headerLine is the top line: the timer and the caller's header.
func (k *asker) headerLine(st *askState) string {
	spent := st.answered
	if st.phase != phaseTicks {
		spent = k.a.Since() - st.start
	}
	if k.width == 0 {
		return st.p.header(spent)
	}
	return fit(st.p.header(spent), max(k.width, 40))
}

// draw shows the whole prompt screen.
func (k *asker) draw(st *askState) {
	w, p := k.screen, st.p
	fmt.Fprint(w, "\x1b[H\x1b[2J")
	fmt.Fprintln(w, k.headerLine(st))
	if p.note != "" {
		fmt.Fprintln(w, p.note)
	}
	fmt.Fprintf(w, "\n%s\n\n%s\n\n", k.sty.bold(p.label), frontText(p.card, k.width, k.sty))
	if st.msg != "" {
		fmt.Fprintln(w, k.sty.yellow(st.msg))
	}
	switch st.phase {
	case phaseFront:
		k.hint("Answer aloud, then [space] shows the key points.")
		k.hint(k.cmdHelp + " · ? help")
	case phaseTyping:
		k.hint("Type your answer; Ctrl-D or two empty lines end it.")
		fmt.Fprint(w, st.text.String())
	case phaseTicks:
		k.drawTicks(st)
	}
}

func (k *asker) drawTicks(st *askState) {
	w := k.screen
	if t := st.answer(); t != "" {
		fmt.Fprintf(w, "%s\n%s\n\n", k.sty.dim("Your answer:"), wrap(clean(t), k.width))
	}
	fmt.Fprintln(w, k.sty.bold("Key points")+k.sty.dim(fmt.Sprintf(" · 1-%d tick the ones you hit, Enter finishes", len(st.ticked))))
	for i, kp := range st.p.card.KeyPoints {
		box := "[ ]"
		if st.ticked[i] {
			box = k.sty.green("[x]")
		}
		fmt.Fprintf(w, "%s %s\n", box, indentWrap(fmt.Sprintf("%d. %s", i+1, clean(kp)), k.width, 4))
	}
	cov, _ := srs.NewCoverage(st.hit(), len(st.ticked))
	fmt.Fprintf(w, "\n%s\n", coverageLine(cov))
	k.hint(srs.CoverageRule)
}

// hint writes a dim line of help, wrapped to the screen.
func (k *asker) hint(s string) { fmt.Fprintln(k.screen, k.sty.dim(wrap(s, k.width))) }

// coverageLine says what the ticks earn: "2 of 4 key points: c = 0.50 → grade 3".
func coverageLine(c srs.Coverage) string {
	return fmt.Sprintf("%d of %d key points: c = %.2f → grade %d", len(c.Hit), c.Total, c.Fraction(), c.Grade())
}

// indentWrap wraps s to width, the lines after the first indented by n.
func indentWrap(s string, width, n int) string {
	if width <= n+10 {
		return s
	}
	return strings.ReplaceAll(wrap(s, width-n), "\n", "\n"+strings.Repeat(" ", n))
}

// countdown formats the time left as m:ss, rounded up: 5:00 until a
// whole second has gone.
func countdown(d time.Duration) string { return clock(d + time.Second - 1) }

// clock formats a duration as m:ss.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// modelAnswer shows c's model answer, if it has one, after the answer is
// recorded; on a terminal it waits for a key (u undoes the answer, q
// quits), under note (the outcome of the answer) and hint (the keys).
func (k *asker) modelAnswer(c data.Card, note, hint string) (action, error) {
	if c.Back == "" {
		return action{}, nil
	}
	fmt.Fprintf(k.screen, "\n%s\n\n%s\n\n", k.sty.bold("Model answer"), backText(c, k.width, k.sty))
	if !k.clears {
		return action{}, nil
	}
	if note != "" {
		fmt.Fprintln(k.screen, wrap(note, k.width))
	}
	k.hint(hint)
	for {
		var raw []byte
		var ok bool
		select {
		case raw, ok = <-k.in.ch:
		case <-k.in.ctx.Done():
			return action{}, errInterrupted
		}
		switch {
		case !ok:
			return action{kind: actQuit}, k.in.err
		case len(raw) == 0 || raw[0] == 0x1b:
			continue
		case raw[0] == 3:
			return action{kind: actInterrupt}, nil
		case raw[0] == 'u' || raw[0] == 'U':
			return action{kind: actUndo}, nil
		case raw[0] == 'q' || raw[0] == 'Q' || raw[0] == 4:
			return action{kind: actQuit}, nil
		}
		return action{}, nil
	}
}
