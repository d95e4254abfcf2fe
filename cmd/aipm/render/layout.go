package render

import "strings"

// style is a set of text attributes.
type style uint8

const (
	stBold style = 1 << iota
	stItalic
	stCode
	stDim
	stMark
	stStrike
)

// sgr is the SGR parameter list of a style, "" for none.
func (s style) sgr() string {
	var p []string
	for _, a := range []struct {
		bit  style
		code string
	}{{stBold, "1"}, {stDim, "2"}, {stItalic, "3"}, {stStrike, "9"}, {stCode, "36"}, {stMark, "1;33"}} {
		if s&a.bit != 0 && !(a.bit == stBold && s&stMark != 0) {
			p = append(p, a.code)
		}
	}
	return strings.Join(p, ";")
}

// A segment is a piece of text in one style.
type segment struct {
	text string
	st   style
}

// A line is a laid-out line of segments.
type line []segment

func (l line) width() int {
	n := 0
	for _, s := range l {
		n += Width(s.text)
	}
	return n
}

func (l line) plain() string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.text)
	}
	return b.String()
}

// styled writes l with SGR sequences when color is set; the styling of
// each run ends with the run, so that a line never leaks its style.
func (l line) styled(color bool) string {
	if !color {
		return l.plain()
	}
	var b strings.Builder
	for i := 0; i < len(l); {
		j, text := i+1, l[i].text
		for j < len(l) && l[j].st == l[i].st {
			text += l[j].text
			j++
		}
		if code := l[i].st.sgr(); code != "" && text != "" {
			b.WriteString("\x1b[" + code + "m" + text + "\x1b[0m")
		} else {
			b.WriteString(text)
		}
		i = j
	}
	return b.String()
}

// trimRight drops trailing spaces.
func (l line) trimRight() line {
	for len(l) > 0 {
		last := &l[len(l)-1]
		t := strings.TrimRight(last.text, " ")
		if t != "" {
			last.text = t
			return l
		}
		l = l[:len(l)-1]
	}
	return l
}

type tokKind uint8

const (
	tokWord tokKind = iota
	tokSpace
	tokBreak
)

type token struct {
	kind tokKind
	word []segment
}

// tokens is inline text as words, the spaces between them and hard line
// breaks, ready to be laid out at a width.
type tokens []token

// word appends to the current word (a word may change style midway, as
// in "**bold**,").
func (t *tokens) word(s segment) {
	if s.text == "" {
		return
	}
	if n := len(*t); n > 0 && (*t)[n-1].kind == tokWord {
		(*t)[n-1].word = append((*t)[n-1].word, s)
		return
	}
	*t = append(*t, token{kind: tokWord, word: []segment{s}})
}

func (t *tokens) space() {
	if n := len(*t); n > 0 && (*t)[n-1].kind == tokWord {
		*t = append(*t, token{kind: tokSpace})
	}
}

func (t *tokens) lineBreak() {
	if n := len(*t); n > 0 && (*t)[n-1].kind == tokSpace {
		*t = (*t)[:n-1]
	}
	*t = append(*t, token{kind: tokBreak})
}

// text adds s in style st: spaces and newlines separate words.
func (t *tokens) text(s string, st style) {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			t.word(segment{s[start:i], st})
			t.space()
			start = i + 1
		}
	}
	t.word(segment{s[start:], st})
}

// empty reports whether t holds no word.
func (t tokens) empty() bool {
	for _, k := range t {
		if k.kind == tokWord {
			return false
		}
	}
	return true
}

// layout breaks t into lines of at most width columns (no limit when
// width <= 0). A space at a break is dropped, so no line starts with one;
// a word is split only when it alone is wider than the line.
func (t tokens) layout(width int) []line {
	var out []line
	var cur line
	col, gap := 0, false
	flush := func() {
		out = append(out, cur.trimRight())
		cur, col, gap = nil, 0, false
	}
	for _, k := range t {
		switch k.kind {
		case tokSpace:
			gap = col > 0
		case tokBreak:
			flush()
		case tokWord:
			ww := line(k.word).width()
			if width > 0 && col > 0 && col+1+ww > width {
				flush()
			}
			if gap {
				cur = append(cur, segment{" ", spaceStyle(cur, k.word)})
				col++
				gap = false
			}
			if width > 0 && ww > width-col {
				for _, s := range k.word {
					for _, c := range s.text {
						cw := RuneWidth(c)
						if col+cw > width && col > 0 {
							flush()
						}
						cur = append(cur, segment{string(c), s.st})
						col += cw
					}
				}
				continue
			}
			cur = append(cur, k.word...)
			col += ww
		}
	}
	if len(cur) > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// spaceStyle keeps a space inside a styled run ("**two words**") in that
// run's style, so that a mark or an underline does not break at it.
func spaceStyle(before line, after []segment) style {
	if len(before) == 0 || len(after) == 0 {
		return 0
	}
	if a, b := before[len(before)-1].st, after[0].st; a == b {
		return a
	}
	return 0
}
