package main

import (
	"io"
	"strings"

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

// textWidth is the number of terminal columns s takes.
func textWidth(s string) int { return render.Width(s) }

// fit cleans s, folds its whitespace to single spaces, and shortens it
// to at most n columns with an ellipsis.
func fit(s string, n int) string { return render.Fit(clean(s), n) }

// wrap breaks plain text at spaces to width columns (render.Wrap).
func wrap(s string, width int) string { return render.Wrap(s, width) }

// runeWidth is the number of columns c takes (render.RuneWidth).
func runeWidth(c rune) int { return render.RuneWidth(c) }
