package main

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/aipmhq/aipm/cmd/aipm/render"
)

// clean removes control characters and terminal escape sequences from s
// (render.Clean), so that no deck, file name or error message can drive
// the terminal.
func clean(s string) string { return render.Clean(s) }

// style adds colour and weight when the stream is a terminal and NO_COLOR
// is unset; otherwise it returns text unchanged.
type style struct{ on bool }

func (a *app) styleFor(tty bool) style {
	return style{on: tty && a.Getenv("NO_COLOR") == "" && a.Getenv("TERM") != "dumb"}
}

func (s style) wrap(code, text string) string {
	if !s.on || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string   { return s.wrap("1", t) }
func (s style) dim(t string) string    { return s.wrap("2", t) }
func (s style) green(t string) string  { return s.wrap("32", t) }
func (s style) red(t string) string    { return s.wrap("31", t) }
func (s style) yellow(t string) string { return s.wrap("33", t) }
func (s style) cyan(t string) string   { return s.wrap("36", t) }

// crlf writes \r\n for \n: a terminal in raw mode does not return the
// carriage by itself.
type crlf struct{ w io.Writer }

func (c crlf) Write(p []byte) (int, error) {
	if _, err := io.WriteString(c.w, strings.ReplaceAll(string(p), "\n", "\r\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}

// rawScreen puts a terminal's input into single-key mode for review and
// mock: it returns the screen to draw on (a.Err, through crlf when raw)
// and the function that restores the terminal, which is safe to call more
// than once. The caller defers it, so a panic (recovered by run) restores
// too; piped, nothing changes and restore does nothing.
func (a *app) rawScreen() (io.Writer, func(), error) {
	if !a.InTTY || a.MakeRaw == nil {
		return a.Err, func() {}, nil
	}
	raw, err := a.MakeRaw()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read single keys from this terminal: %w", err)
	}
	return crlf{a.Err}, sync.OnceFunc(raw), nil
}

// textWidth is the number of terminal columns s takes.
func textWidth(s string) int { return render.Width(s) }

// fit cleans s, folds its whitespace to single spaces, and shortens it
// to at most n columns with an ellipsis.
func fit(s string, n int) string { return render.Fit(clean(s), n) }

// wrap breaks plain text at spaces to width columns (render.Wrap).
func wrap(s string, width int) string { return render.Wrap(s, width) }

// runeWidth is the number of columns c takes (render.RuneWidth).
func runeWidth(c rune) int { return render.RuneWidth(c) }

// ttyWidth is the terminal's width, held to 40-200 columns, when tty says
// the stream is a terminal; 0 otherwise.
func (a *app) ttyWidth(tty bool) int {
	if tty && a.Width != nil {
		if w := a.Width(); w > 0 {
			return min(max(w, 40), 200)
		}
	}
	return 0
}

// outWidth is the width to lay stdout out in: the terminal's, or the
// classic 80 columns off a terminal.
func (a *app) outWidth() int {
	if w := a.ttyWidth(a.OutTTY); w > 0 {
		return w
	}
	return 80
}

// errWrap wraps a message for stderr to the terminal's width; to a pipe it
// stays one line.
func (a *app) errWrap(s string) string {
	if w := a.ttyWidth(a.ErrTTY); w > 0 {
		return wrap(s, w)
	}
	return s
}
