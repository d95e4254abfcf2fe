// Package render shows card text, which people write in markdown
// (CommonMark with the Obsidian and TeX habits of flashcard decks), on a
// terminal: paragraphs reflowed to the width, lists, quotes and tables in
// their shape, code verbatim, emphasis styled on a colour terminal and
// plain otherwise. It parses with goldmark; it never changes what is
// stored (--json and export keep the source).
package render

import (
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Mark wraps the part of a card text that Render highlights: a revealed
// cloze answer. In colour it is bold yellow; without, it is put in [ ].
func Mark(s string) string { return string(markOpen) + s + string(markClose) }

// The mark's delimiters: two private-use characters, which no deck holds
// and which take no column.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// md is goldmark's CommonMark parser (what goldmark.New builds, without
// the HTML renderer aipm never uses), then the card syntax (syntax.go),
// then tables, strikethrough and task lists (gfm.go), added in that order;
// built on first use, not at init, for the commands that render nothing.
var md = sync.OnceValue(func() parser.Parser {
	return parser.NewParser(append(append([]parser.Option{
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	}, options()...), gfmOptions()...)...)
})

// Render lays out the markdown src at width columns (no limit when width
// <= 0: each paragraph is then one line), with SGR styling when color is
// set. Its text is cleaned of control characters and escape sequences
// (Clean) before the styling is added, so the card cannot drive the
// terminal; the result has no trailing newline.
func Render(src string, width int, color bool) string {
	lines := Lines(src, width, color)
	return strings.Join(lines, "\n")
}

// Lines is Render as lines.
func Lines(src string, width int, color bool) []string {
	r := &renderer{src: []byte(Clean(src)), color: color}
	doc := md().Parse(text.NewReader(r.src))
	var out []string
	for _, l := range r.blocks(doc, width) {
		out = append(out, l.styled(color))
	}
	return out
}

// Inline renders src as one line of plain text, for a table cell or a
// list entry: blocks and lines are joined by spaces.
func Inline(src string) string {
	if plainLine(src) { // most fronts: nothing to parse
		return strings.Join(strings.Fields(Clean(src)), " ")
	}
	return inlineParsed(src)
}

// plainLine reports whether src is one line that markdown leaves as it is:
// no character that starts an inline construct, an entity or an escape,
// and no first character that could open a block.
func plainLine(src string) bool {
	t := strings.TrimLeft(src, " ")
	if t == "" || strings.ContainsAny(src, "\n\r*_`[]!<>&\\$|~^\uE000\uE001") || strings.ContainsRune("-+=#>0123456789", rune(t[0])) {
		return false
	}
	return true
}

func inlineParsed(src string) string {
	r := &renderer{src: []byte(Clean(src)), oneLine: true}
	doc := md().Parse(text.NewReader(r.src))
	var parts []string
	for _, l := range r.blocks(doc, 0) {
		parts = append(parts, l.plain())
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

type renderer struct {
	src   []byte
	color bool
	mark  bool   // inside a Mark
	html  style  // the styles of open HTML tags (<b>, <i>)
	href  string // the target of an open <a> tag
	// oneLine lays a table out as its rows, cells split by " · ", for Inline
	oneLine bool
}

// blocks lays out the children of n, a blank line between blocks.
func (r *renderer) blocks(n ast.Node, width int) []line {
	var out []line
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		ls := r.block(c, width)
		if len(ls) == 0 {
			continue
		}
		if len(out) > 0 && !tightItem(c) {
			out = append(out, nil)
		}
		out = append(out, ls...)
	}
	return out
}

// tightItem reports whether c is a paragraph-like block inside a tight
// list item, which follows its sibling without a blank line.
func tightItem(c ast.Node) bool {
	if _, ok := c.Parent().(*ast.ListItem); !ok {
		return false
	}
	l, ok := c.Parent().Parent().(*ast.List)
	return ok && l.IsTight
}

func (r *renderer) block(n ast.Node, width int) []line {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return r.para(n, width, 0)
	case *ast.Heading:
		return r.para(n, width, stBold)
	case *ast.ThematicBreak:
		w := width
		if w <= 0 || w > 40 {
			w = 40
		}
		return []line{{{strings.Repeat("─", w), stDim}}}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		return r.verbatim(n, "  ", stCode)
	case *displayMath:
		return r.verbatim(n, "", 0)
	case *ast.Blockquote:
		return prefix(r.blocks(n, width-2), segment{"│ ", stDim}, segment{"│ ", stDim})
	case *ast.List:
		return r.list(n, width)
	case *ast.HTMLBlock:
		return r.htmlBlock(n, width)
	case *east.Table:
		return r.table(n, width)
	}
	return r.blocks(n, width)
}

// para lays out the inline content of n.
func (r *renderer) para(n ast.Node, width int, st style) []line {
	var t tokens
	r.inlines(n, &t, st)
	if t.empty() {
		return nil
	}
	return trimBlank(t.layout(width))
}

// verbatim writes the lines of a code or math block as they are, after
// indent.
func (r *renderer) verbatim(n ast.Node, indent string, st style) []line {
	var out []line
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		s := strings.TrimRight(string(seg.Value(r.src)), "\r\n")
		s = strings.Repeat(" ", seg.Padding) + s
		var t tokens
		r.words(&t, Clean(s), st, true)
		l := line{{indent, 0}}
		for _, k := range t {
			l = append(l, k.word...)
		}
		out = append(out, l.trimRight())
	}
	return out
}

func trimBlank(ls []line) []line {
	for len(ls) > 0 && len(ls[len(ls)-1]) == 0 {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// prefix puts first before the first line and rest before the others
// (blank lines get the prefix without its trailing space).
func prefix(ls []line, first, rest segment) []line {
	out := make([]line, len(ls))
	for i, l := range ls {
		p := rest
		if i == 0 {
			p = first
		}
		if len(l) == 0 {
			p.text = strings.TrimRight(p.text, " ")
		}
		out[i] = append(line{p}, l...)
	}
	return out
}

func (r *renderer) list(n *ast.List, width int) []line {
	var markers []string
	mw := 0
	i := n.Start
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m := "•"
		if n.IsOrdered() {
			m = strconv.Itoa(i) + string(n.Marker)
			i++
		}
		markers = append(markers, m)
		mw = max(mw, Width(m)+1)
	}
	var out []line
	k := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		ls := r.blocks(c, width-mw)
		if len(ls) == 0 {
			ls = []line{nil}
		}
		m := markers[k]
		k++
		if len(out) > 0 && !n.IsTight {
			out = append(out, nil)
		}
		pad := strings.Repeat(" ", mw)
		out = append(out, prefix(ls, segment{m + pad[Width(m):], 0}, segment{pad, 0})...)
	}
	return out
}
