package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
)

// Input: single keys on a terminal, one line per card otherwise.

type actionKind int

const (
	actNone actionKind = iota
	actReveal
	actGrade
	actUndo
	actSuspend
	actBury
	actQuit
	actInterrupt
	actHelp
)

type action struct {
	kind  actionKind
	grade int
}

// keys reads actions from stdin: single bytes on a terminal, lines otherwise.
type keys struct {
	tty bool
	ch  chan []byte
	ctx context.Context
	err error // why the input ended early; set before ch is closed
}

func newKeys(ctx context.Context, r io.Reader, tty bool) *keys {
	k := &keys{tty: tty, ch: make(chan []byte), ctx: ctx}
	go func() {
		defer close(k.ch)
		if tty {
			buf := make([]byte, 64)
			for {
				n, err := r.Read(buf)
				if n > 0 {
					b := append([]byte(nil), buf[:n]...)
					select {
					case k.ch <- b:
					case <-ctx.Done():
						return
					}
				}
				if err != nil {
					return
				}
			}
		}
		br := bufio.NewReaderSize(r, maxLine)
		for {
			line, err := readLine(br)
			if errors.Is(err, errLongLine) {
				k.err = data.Hintf("send one answer per line", "a line of input is longer than %d bytes (it starts %s), so the review stopped; the answers before it are recorded", maxLine, quoteStart(line))
				return
			}
			if line != "" {
				select {
				case k.ch <- []byte(line):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return k
}

// read returns the next action; revealed says whether the back is showing.
// It re-asks on invalid input with a message that names the valid grades.
func (k *keys) read(s *sitting, revealed bool) (action, error) {
	for {
		var raw []byte
		var ok bool
		select {
		case raw, ok = <-k.ch:
		case <-k.ctx.Done():
			return action{}, errInterrupted
		}
		if !ok {
			if k.err != nil {
				return action{}, k.err
			}
			return action{kind: actQuit}, nil // end of input means q
		}
		act, msg := parseAction(raw, k.tty, revealed)
		switch act.kind {
		case actNone:
			if msg != "" {
				fmt.Fprintln(s.screen, s.sty.yellow(msg))
			}
			continue
		case actHelp:
			fmt.Fprintln(s.screen, s.help())
			continue
		}
		return act, nil
	}
}

const helpText = `keys: space/enter show the answer · 0-5 grade (0-2 wrong, 3 hard, 4 good, 5 easy)
      a again(1) · h hard(3) · g good(4) · e easy(5)
      u undo the last answer · s suspend · b bury until tomorrow · q quit`

var words = map[string]action{
	"again": {actGrade, 1}, "hard": {actGrade, 3}, "good": {actGrade, 4}, "easy": {actGrade, 5},
	"a": {actGrade, 1}, "h": {actGrade, 3}, "g": {actGrade, 4}, "e": {actGrade, 5},
	"u": {kind: actUndo}, "undo": {kind: actUndo},
	"s": {kind: actSuspend}, "suspend": {kind: actSuspend},
	"b": {kind: actBury}, "bury": {kind: actBury},
	"q": {kind: actQuit}, "quit": {kind: actQuit},
	"?": {kind: actHelp}, "help": {kind: actHelp},
}

func parseAction(raw []byte, tty, revealed bool) (action, string) {
	if tty {
		if len(raw) == 0 || raw[0] == 0x1b { // arrow keys and other sequences
			return action{}, ""
		}
		switch raw[0] {
		case 3: // Ctrl-C
			return action{kind: actInterrupt}, ""
		case 4: // Ctrl-D
			return action{kind: actQuit}, ""
		case ' ', '\r', '\n':
			if !revealed {
				return action{kind: actReveal}, ""
			}
			return action{}, "Grade it: 0-5, or a/h/g/e."
		}
		key := string(raw[:1])
		if raw[0] >= '0' && raw[0] <= '9' {
			if !revealed {
				return action{kind: actReveal}, ""
			}
			g := int(raw[0] - '0')
			if g > 5 {
				return action{}, fmt.Sprintf("%d is not a grade: grades are 0-5.", g)
			}
			return action{actGrade, g}, ""
		}
		act, ok := words[strings.ToLower(key)]
		if !ok {
			return action{}, fmt.Sprintf("%q is not a key here: grades are 0-5; ? shows the keys.", key)
		}
		if act.kind == actGrade && !revealed {
			return action{kind: actReveal}, ""
		}
		return act, ""
	}
	line := strings.ToLower(strings.TrimSpace(string(raw)))
	if line == "" {
		return action{}, "Empty line: type a grade 0-5, a word (again/hard/good/easy), u, s, b or q."
	}
	if n, err := strconv.Atoi(line); err == nil {
		if n < 0 || n > 5 {
			return action{}, fmt.Sprintf("%d is not a grade: grades are 0-5. Nothing was recorded; try again.", n)
		}
		return action{actGrade, n}, ""
	}
	if act, ok := words[line]; ok {
		return act, ""
	}
	return action{}, fmt.Sprintf("%s is not a grade: grades are 0-5 (or again/hard/good/easy, u, s, b, q). Nothing was recorded; try again.", quoteStart(line))
}
