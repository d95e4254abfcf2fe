package deck

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Cloze deletions. A C: card uses Anki's {{…}} deletions when its text holds
// a "{{" outside code, and hashcards' […] deletions otherwise; a highlight
// paragraph uses ==…==. Each mode is a single left-to-right pass.

type clozeMode int

const (
	clozeCurly clozeMode = iota
	clozeBracket
	clozeHighlight
)

// Limits on the cards one cloze may make, so that a pathological input
// cannot make the parser's output quadratic in its size.
const (
	maxClozeGroups = 500
	maxClozeBytes  = 32 << 20 // groups × text length
)

var (
	errNoDeletions = errors.New("no cloze deletions")
	errTooMany     = errors.New("too many cloze deletions")
)

type deletion struct {
	start, end int // the whole deletion, markers included
	text, hint string
	group      int // 0 until numbered
}

type clozeCard struct {
	front, back string
	group       int
	ident       string
}

// NumberedIdent is the identity of an explicitly numbered cloze group N
// ("{{cN::…}}"): a NUL byte, which no deck text holds, then N. A group's
// identity carries its first deletion's text after a second NUL
// (clozeIdent), which IdentParts splits off.
func NumberedIdent(n int) string { return "\x00c" + strconv.Itoa(n) }

// clozeIdent is a cloze group's identity within its note: an explicit cN
// is the group (NumberedIdent, then its text), as in Anki; an unnumbered
// deletion is its text (KeyText). The importer matches a cloze card only to
// a stored card of the same number, or of the same or a similar text where
// either side is unnumbered, so that removing or inserting a deletion moves
// no history between groups, and numbering a deletion keeps its history.
func clozeIdent(d deletion, numbered bool) string {
	if numbered {
		return NumberedIdent(d.group) + "\x00" + KeyText(d.text)
	}
	return KeyText(d.text)
}

// IdentParts splits a cloze group identity into its explicit number
// ("" for an unnumbered deletion) and its deletion text.
func IdentParts(ident string) (number, text string) {
	if !strings.HasPrefix(ident, "\x00c") {
		return "", ident
	}
	number, text, _ = strings.Cut(ident[1:], "\x00")
	return number, text
}

// ClozeIdents returns the identity of each group of the stored cloze text
// src, by group number. The syntax (C: text or a highlight paragraph) is
// the one whose group `group` has the stored front `front`; when neither
// gives that front (a front stored by another version of the parser), the
// first syntax that has the group. Nil when neither has it.
func ClozeIdents(src, front string, group int) map[int]string {
	var fallback map[int]string
	for _, mode := range []clozeMode{clozeModeOf(src), clozeHighlight} {
		cards, err := expandCloze(src, mode)
		if err != nil {
			continue
		}
		out := make(map[int]string, len(cards))
		exact, has := false, false
		for _, c := range cards {
			out[c.group] = c.ident
			has = has || c.group == group
			exact = exact || (c.group == group && c.front == front)
		}
		if exact {
			return out
		}
		if has && fallback == nil {
			fallback = out
		}
	}
	return fallback
}

// clozeModeOf picks the deletion syntax of a C: card's text.
func clozeModeOf(src string) clozeMode {
	if indexOutsideCode(src, "{{") >= 0 {
		return clozeCurly
	}
	return clozeBracket
}

// expandCloze returns one card per deletion group of src, in group order.
func expandCloze(src string, mode clozeMode) ([]clozeCard, error) {
	return expandClozeWith(src, mode, true)
}

// expandClozeWith is expandCloze; without texts, the cards have their
// groups and identities but no front or back (a lean parse drops them).
func expandClozeWith(src string, mode clozeMode, texts bool) ([]clozeCard, error) {
	dels, idents, err := numberedDeletions(src, mode)
	if err != nil {
		return nil, err
	}
	order := make([]int, 0, len(idents))
	for g := range idents {
		order = append(order, g)
	}
	sort.Ints(order)
	cards := make([]clozeCard, 0, len(order))
	if !texts {
		for _, g := range order {
			cards = append(cards, clozeCard{group: g, ident: idents[g]})
		}
		return cards, nil
	}
	back := clozeText(src, dels, -1)
	for _, g := range order {
		cards = append(cards, clozeCard{front: clozeText(src, dels, g), back: back, group: g, ident: idents[g]})
	}
	return cards, nil
}

// numberedDeletions finds the deletions of src and numbers the unnumbered
// ones after the highest explicit number; idents has each group's identity.
func numberedDeletions(src string, mode clozeMode) ([]deletion, map[int]string, error) {
	mask := codeMask(src)
	var dels []deletion
	switch mode {
	case clozeCurly:
		dels = curlyDeletions(src, mask)
	case clozeBracket:
		dels = bracketDeletions(src, mask)
	default:
		dels = highlightDeletions(src, mask)
	}
	if len(dels) == 0 {
		return nil, nil, errNoDeletions
	}
	maxN := 0
	for _, d := range dels {
		if d.group > maxN {
			maxN = d.group
		}
	}
	idents := map[int]string{}
	for i := range dels {
		if _, ok := idents[dels[i].group]; !ok && dels[i].group > 0 {
			idents[dels[i].group] = clozeIdent(dels[i], true)
		}
		if dels[i].group == 0 {
			maxN++
			dels[i].group = maxN
			idents[maxN] = clozeIdent(dels[i], false)
		}
		if len(idents) > maxClozeGroups || len(idents)*len(src) > maxClozeBytes {
			return nil, nil, errTooMany
		}
	}
	return dels, idents, nil
}

// clozeText writes src with group g's deletions hidden and every other
// deletion as its plain text (g < 0 hides nothing).
func clozeText(src string, dels []deletion, g int) string {
	var b strings.Builder
	b.Grow(len(src))
	pos := 0
	for _, d := range dels {
		b.WriteString(src[pos:d.start])
		switch {
		case d.group != g:
			b.WriteString(d.text)
		case d.hint != "":
			b.WriteString("[" + d.hint + "]")
		default:
			b.WriteString("[…]")
		}
		pos = d.end
	}
	b.WriteString(src[pos:])
	return b.String()
}

// codeMask marks the bytes of src that are code: fenced lines and inline
// code spans. It is nil when src has no code.
func codeMask(src string) []bool {
	if !strings.ContainsAny(src, "`~") {
		return nil
	}
	mask := make([]bool, len(src))
	var fch byte
	var fn int
	inFence := false
	for off := 0; off < len(src); {
		end := strings.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		code := false
		switch {
		case inFence:
			code = true
			if fenceClose(line, fch, fn) {
				inFence = false
			}
		default:
			if ch, n, ok := fenceOpen(line); ok {
				fch, fn, inFence, code = ch, n, true, true
			}
		}
		if code {
			for i := off; i < end; i++ {
				mask[i] = true
			}
		} else {
			for _, s := range codeSpans(line) {
				for i := off + s[0]; i < off+s[1]; i++ {
					mask[i] = true
				}
			}
		}
		off = end + 1
	}
	return mask
}

func masked(mask []bool, i int) bool { return mask != nil && i < len(mask) && mask[i] }

// indexOutsideCode is strings.Index that skips matches starting in code.
func indexOutsideCode(src, sep string) int {
	i := strings.Index(src, sep)
	if i < 0 {
		return -1
	}
	mask := codeMask(src)
	for from := 0; i >= 0; {
		if !masked(mask, from+i) {
			return from + i
		}
		from += i + 1
		i = strings.Index(src[from:], sep)
	}
	return -1
}

// curlyDeletions reads {{text}}, {{text::hint}}, {{cN::text}} and
// {{cN::text::hint}}. A "{{" with no "}}" after it is text.
func curlyDeletions(src string, mask []bool) []deletion {
	var dels []deletion
	for pos := 0; pos < len(src); {
		i := strings.Index(src[pos:], "{{")
		if i < 0 {
			break
		}
		i += pos
		if masked(mask, i) {
			pos = i + 1
			continue
		}
		j := strings.Index(src[i+2:], "}}")
		if j < 0 {
			break
		}
		j += i + 2
		body := src[i+2 : j]
		pos = j + 2
		d := deletion{start: i, end: j + 2}
		if n, rest, ok := clozeNumber(body); ok {
			d.group, body = n, rest
		}
		d.text, d.hint, _ = strings.Cut(body, "::")
		if d.text == "" {
			continue
		}
		dels = append(dels, d)
	}
	return dels
}

// clozeNumber splits "cN::rest" (N from 1 to 9999).
func clozeNumber(body string) (int, string, bool) {
	if len(body) < 4 || (body[0] != 'c' && body[0] != 'C') {
		return 0, body, false
	}
	k := 1
	for k < len(body) && k <= 5 && body[k] >= '0' && body[k] <= '9' {
		k++
	}
	if k == 1 || k > 5 || !strings.HasPrefix(body[k:], "::") {
		return 0, body, false
	}
	n, err := strconv.Atoi(body[1:k])
	if err != nil || n < 1 {
		return 0, body, false
	}
	return n, body[k+2:], true
}

// bracketDeletions reads hashcards' […] deletions: every outermost pair of
// matched brackets, except images ![a](u), escaped \[ and, outside $…$ or
// $$…$$ math, links [t](u).
func bracketDeletions(src string, mask []bool) []deletion {
	type open struct {
		pos   int
		image bool
		math  bool
	}
	type pair struct {
		open  open
		close int
	}
	var stack []open
	var pairs []pair
	mathInline, mathDisplay := false, false
	for i := 0; i < len(src); i++ {
		if masked(mask, i) {
			continue
		}
		switch c := src[i]; c {
		case '\\':
			i++ // an escaped character is text
		case '\n':
			mathInline = false
		case '$':
			if i+1 < len(src) && src[i+1] == '$' {
				if !mathInline {
					mathDisplay = !mathDisplay
				}
				i++
			} else if !mathDisplay {
				mathInline = !mathInline
			}
		case '[':
			stack = append(stack, open{pos: i, image: i > 0 && src[i-1] == '!', math: mathInline || mathDisplay})
		case ']':
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				pairs = append(pairs, pair{o, i})
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].open.pos < pairs[b].open.pos })
	var dels []deletion
	end := -1
	for _, p := range pairs {
		if p.open.pos < end {
			continue // nested in an earlier outermost pair
		}
		end = p.close
		link := p.close+1 < len(src) && src[p.close+1] == '('
		if p.open.image || (link && !p.open.math) || p.close == p.open.pos+1 {
			continue
		}
		dels = append(dels, deletion{start: p.open.pos, end: p.close + 1, text: src[p.open.pos+1 : p.close]})
	}
	return dels
}

// highlightDeletions reads Obsidian ==highlights== within one line: the
// text between the marks is not empty and neither starts nor ends with a
// space.
func highlightDeletions(src string, mask []bool) []deletion {
	var dels []deletion
	for pos := 0; pos < len(src); {
		i := strings.Index(src[pos:], "==")
		if i < 0 {
			break
		}
		i += pos
		if masked(mask, i) {
			pos = i + 1
			continue
		}
		j := strings.Index(src[i+2:], "==")
		if j < 0 {
			break
		}
		j += i + 2
		text := src[i+2 : j]
		if text == "" || strings.ContainsAny(text, "\n") || strings.TrimSpace(text) != text || text[0] == '=' || masked(mask, j) {
			pos = i + 2
			if text == "" {
				pos = j
			}
			continue
		}
		dels = append(dels, deletion{start: i, end: j + 2, text: text})
		pos = j + 2
	}
	return dels
}
