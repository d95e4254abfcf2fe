package main

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean removes control characters and terminal escape sequences (CSI, OSC,
// DCS and the rest) from s, keeping newlines and turning tabs into spaces,
// so that no deck, file name or error message can drive the terminal.
func clean(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			i++ // invalid byte: drop it
			continue
		case r == 0x1b: // ESC
			i = skipEscape(s, i+size)
			continue
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+size)
			continue
		case r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f || r == 0x98: // C1 OSC, DCS, PM, APC, SOS
			i = skipString(s, i+size)
			continue
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case unicode.IsControl(r), r == 0x2028, r == 0x2029, unicode.Is(unicode.Bidi_Control, r):
			// dropped: C0, DEL, C1, line separators, bidi overrides
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// skipEscape skips the rest of an escape sequence that started with ESC
// just before i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Two-byte sequences such as ESC c, ESC 7, ESC ( B: skip intermediates
	// (0x20-0x2f) and the final byte.
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) {
		i++
	}
	return i
}

// skipCSI skips parameter and intermediate bytes and the final byte. A byte
// that cannot be part of the sequence ends it and is kept.
func skipCSI(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x40 && c <= 0x7e:
			return i + 1
		case c >= 0x20 && c <= 0x3f:
			i++
		default:
			return i
		}
	}
	return i
}

// skipString skips an OSC/DCS/PM/APC string up to BEL or ST (ESC \ or 0x9c).
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
			return i + 2
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

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
func textWidth(s string) int {
	n := 0
	for _, c := range s {
		n += runeWidth(c)
	}
	return n
}

func runeWidth(c rune) int {
	switch {
	case unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c) || c == 0x200b:
		return 0
	case unicode.Is(unicode.Han, c) || unicode.Is(unicode.Hangul, c) || unicode.Is(unicode.Hiragana, c) ||
		unicode.Is(unicode.Katakana, c) || (c >= 0xff00 && c <= 0xff60) || (c >= 0x1f300 && c <= 0x1faff):
		return 2
	}
	return 1
}

// fit cleans s, folds its whitespace to single spaces, and shortens it
// to at most n columns with an ellipsis.
func fit(s string, n int) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	if textWidth(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, c := range s {
		cw := runeWidth(c)
		if w+cw > n-1 {
			break
		}
		b.WriteRune(c)
		w += cw
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// wrap breaks each line of s at spaces so that no line is wider than width
// columns (a word wider than that is cut). width <= 0 leaves s as it is.
func wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		col := 0
		for j, word := range strings.Split(line, " ") {
			ww := textWidth(word)
			if j > 0 {
				if col+1+ww <= width {
					out.WriteByte(' ')
					col++
				} else {
					out.WriteByte('\n')
					col = 0
				}
			}
			for _, c := range word {
				cw := runeWidth(c)
				if col+cw > width {
					out.WriteByte('\n')
					col = 0
				}
				out.WriteRune(c)
				col += cw
			}
		}
	}
	return out.String()
}
