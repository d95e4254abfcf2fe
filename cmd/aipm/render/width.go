package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Width is the number of terminal columns s takes: wide (East Asian)
// characters and emoji take two, combining marks and SGR sequences (the
// styling this program adds) none.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			i = skipCSI(s, i+2) - 1
			continue
		}
		if s[i] < 0x80 {
			n++
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		n += RuneWidth(c)
		i += size - 1
	}
	return n
}

// RuneWidth is the number of columns c takes.
func RuneWidth(c rune) int {
	switch {
	case unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c) || c == 0x200b || c == markOpen || c == markClose:
		return 0
	case unicode.Is(unicode.Han, c) || unicode.Is(unicode.Hangul, c) || unicode.Is(unicode.Hiragana, c) ||
		unicode.Is(unicode.Katakana, c) || (c >= 0xff00 && c <= 0xff60) || (c >= 0x1f300 && c <= 0x1faff) ||
		(c >= 0x3000 && c <= 0x303f):
		return 2
	}
	return 1
}

// Wrap breaks each line of plain text s at spaces so that no line is
// wider than width columns. A wrapped line never starts with a space, and
// a word is split only when it alone is wider than the line. Spaces inside
// a line are kept where it does not break, and so is its indentation.
// width <= 0 leaves s as it is.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out strings.Builder
	for i, ln := range strings.Split(s, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		body := strings.TrimLeft(ln, " ")
		col, content, spaces := 0, false, 0
		if lead := len(ln) - len(body); lead < width {
			out.WriteString(ln[:lead])
			col = lead
		}
		for j, w := range strings.Split(body, " ") {
			if j > 0 {
				spaces++
			}
			if w == "" {
				continue
			}
			ww := Width(w)
			if content && col+spaces+ww > width {
				out.WriteByte('\n')
				col, spaces = 0, 0
			}
			if content {
				out.WriteString(strings.Repeat(" ", spaces))
				col += spaces
			}
			spaces, content = 0, true
			if ww <= width-col {
				out.WriteString(w)
				col += ww
				continue
			}
			for _, c := range w {
				cw := RuneWidth(c)
				if col+cw > width && col > 0 {
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

// Fit folds the whitespace of s to single spaces and shortens it to at
// most n columns with an ellipsis. It does not clean s.
func Fit(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if Width(s) <= n {
		return s
	}
	var b strings.Builder
	w := 0
	for _, c := range s {
		cw := RuneWidth(c)
		if w+cw > n-1 {
			break
		}
		b.WriteRune(c)
		w += cw
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// Pack joins parts with sep into lines of at most width columns, breaking
// only between parts; the lines after the first start with indent. A part
// wider than a line is wrapped as Wrap does. width <= 0 gives one line.
func Pack(parts []string, sep string, width int, indent string) string {
	var b strings.Builder
	cur := ""
	for i, p := range parts {
		switch {
		case i == 0:
			cur = p
		case width > 0 && Width(cur)+Width(sep)+Width(p) > width:
			b.WriteString(strings.TrimRight(cur, " ") + "\n")
			cur = indent + p
		default:
			cur += sep + p
		}
	}
	b.WriteString(cur)
	return Wrap(b.String(), width)
}
