package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/srs"
)

// A rubric prompt through a pipe: one line of key point numbers per
// prompt (after the typed answer's lines, with --type).

// askLines asks a prompt through a pipe: the prompt and its numbered key
// points, then (with --type) the answer's lines up to two empty ones, then
// one line of ticks.
func (k *asker) askLines(st *askState, res askResult) (askResult, error) {
	w, p := k.screen, st.p
	fmt.Fprintln(w, k.headerLine(st))
	if p.note != "" {
		fmt.Fprintln(w, p.note)
	}
	fmt.Fprintf(w, "\n%s\n\n%s\n\n", p.label, frontText(p.card, 0, style{}))
	if k.typed {
		fmt.Fprintln(w, "Type your answer; two empty lines end it.")
		var lines []string
		for n := 0; n < 2 || lines[n-1] != "" || lines[n-2] != ""; n = len(lines) {
			line, ok, err := k.line()
			if err != nil || !ok {
				res.kind = actQuit
				return res, err
			}
			lines = append(lines, strings.TrimRight(line, "\r\n"))
		}
		st.text.WriteString(strings.Trim(strings.Join(lines, "\n"), "\n"))
	}
	k.reveal(st)
	fmt.Fprintln(w, "Key points:")
	for i, kp := range p.card.KeyPoints {
		fmt.Fprintf(w, "%d. %s\n", i+1, clean(kp))
	}
	fmt.Fprintf(w, "grade rule: %s\n", srs.CoverageRule)
	n := len(st.ticked)
	for {
		fmt.Fprintf(w, "grade: the key points you hit (1-%d, all, or an empty line for none), %s:\n", n, k.cmdHelp)
		line, ok, err := k.line()
		if err != nil || !ok {
			res.kind = actQuit
			return res, err
		}
		word := strings.ToLower(strings.TrimSpace(line))
		if act, ok := k.cmds[word]; ok {
			res.kind = act
			return res, nil
		}
		hit, err := parseTicks(word, n)
		if err != nil {
			fmt.Fprintln(w, err.Error()+" Nothing was recorded; try again.")
			continue
		}
		res.kind = actGrade
		res.cov, _ = srs.NewCoverage(hit, n)
		res.text, res.dur = st.answer(), st.answered
		return res, nil
	}
}

// line reads one line of piped input; ok is false at its end.
func (k *asker) line() (string, bool, error) {
	select {
	case raw, ok := <-k.in.ch:
		if !ok {
			return "", false, k.in.err
		}
		return string(raw), true, nil
	case <-k.in.ctx.Done():
		return "", false, errInterrupted
	}
}

// parseTicks reads a line of key point numbers, separated by spaces or
// commas: "" is none, "all" every one of n.
func parseTicks(line string, n int) ([]int, error) {
	if line == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out, nil
	}
	var out []int
	for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 || v > n {
			return nil, fmt.Errorf("%s is not a key point: type their numbers, 1 to %d (all for all, an empty line for none).", quoteStart(f), n)
		}
		out = append(out, v)
	}
	return out, nil
}
