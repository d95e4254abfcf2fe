package render

// The GitHub-flavoured syntax card text uses beyond CommonMark: tables,
// ~~strikethrough~~ and task-list check boxes. They are goldmark's own
// extensions (github.com/yuin/goldmark/extension, v1.8.7), adapted: only
// their parsers, building the nodes of goldmark's extension/ast, with the
// table's delimiter row read without regular expressions. aipm does not
// import goldmark/extension because Go runs a linked package's
// initialisers on every run of every command, and that package compiles
// linkify's URL patterns at init (1.2 ms before the first card; see
// BENCHMARKS.md, issue 20).
//
// The code below is adapted from goldmark's extension/table.go,
// strikethrough.go and tasklist.go under this licence:
//
// MIT License
//
// Copyright (c) 2019 Yusuke Inuzuka
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfmOptions are the parser options of goldmark's Table, Strikethrough and
// TaskList extensions, at their priorities and in their order.
func gfmOptions() []parser.Option {
	return []parser.Option{
		parser.WithParagraphTransformers(util.Prioritized(tableParagraph{}, 200)),
		parser.WithASTTransformers(util.Prioritized(tableEscapes{}, 0)),
		parser.WithInlineParsers(util.Prioritized(strikeParser{}, 500)),
		parser.WithInlineParsers(util.Prioritized(taskParser{}, 0)),
	}
}

// --- tables

var escapedPipeKey = parser.NewContextKey()

// escapedPipeCell is a cell with \| inside a code span, which the AST
// transformer turns back into a bare |.
type escapedPipeCell struct {
	cell        *east.TableCell
	pos         []int
	transformed bool
}

// isTableDelim reports whether bs can be a delimiter row: only spaces,
// dashes, pipes and colons, not dashes alone, indented 3 columns at most.
func isTableDelim(bs []byte) bool {
	if w, _ := util.IndentWidth(bs, 0); w > 3 {
		return false
	}
	allSep := true
	for _, b := range bs {
		if b != '-' {
			allSep = false
		}
		if !(util.IsSpace(b) || b == '-' || b == '|' || b == ':') {
			return false
		}
	}
	return !allSep
}

// reSpace is a byte RE2's \s matches: goldmark's delimiter patterns
// (^\s*:?-+:?\s*$) trim these.
func reSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

// delimAlign reads one column of a delimiter row: :--- is left, ---: right,
// :---: centre, --- none; anything else is no column (ok false).
func delimAlign(col []byte) (a east.Alignment, ok bool) {
	i, j := 0, len(col)
	for i < j && reSpace(col[i]) {
		i++
	}
	for j > i && reSpace(col[j-1]) {
		j--
	}
	core := col[i:j]
	left := len(core) > 0 && core[0] == ':'
	if left {
		core = core[1:]
	}
	right := len(core) > 0 && core[len(core)-1] == ':'
	if right {
		core = core[:len(core)-1]
	}
	if len(core) == 0 || len(bytes.Trim(core, "-")) != 0 {
		return east.AlignNone, false
	}
	switch {
	case left && right:
		return east.AlignCenter, true
	case left:
		return east.AlignLeft, true
	case right:
		return east.AlignRight, true
	}
	return east.AlignNone, true
}

type tableParagraph struct{}

func (b tableParagraph) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	ppos := node.Pos()
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	for i := 1; i < lines.Len(); i++ {
		alignments := b.parseDelimiter(lines.At(i), reader)
		if alignments == nil {
			continue
		}
		header := b.parseRow(lines.At(i-1), alignments, true, reader, pc)
		if header == nil || len(alignments) != header.ChildCount() {
			return
		}
		table := east.NewTable()
		table.Alignments = alignments
		table.SetPos(ppos)
		table.AppendChild(table, east.NewTableHeader(header))
		for j := i + 1; j < lines.Len(); j++ {
			table.AppendChild(table, b.parseRow(lines.At(j), alignments, false, reader, pc))
		}
		node.Lines().SetSliced(0, i-1)
		node.Parent().InsertAfter(node.Parent(), node, table)
		if node.Lines().Len() == 0 {
			node.Parent().RemoveChild(node.Parent(), node)
		} else {
			last := node.Lines().At(i - 2)
			last.Stop = last.Stop - 1 // trim last newline(\n)
			node.Lines().Set(i-2, last)
		}
	}
}

func (b tableParagraph) parseRow(segment text.Segment, alignments []east.Alignment, isHeader bool, reader text.Reader, pc parser.Context) *east.TableRow {
	npos := segment
	source := reader.Source()
	segment = segment.TrimLeftSpace(source)
	segment = segment.TrimRightSpace(source)
	line := segment.Value(source)
	pos := 0
	limit := len(line)
	row := east.NewTableRow(alignments)
	row.SetPos(npos.Start)
	if len(line) > 0 && line[pos] == '|' {
		pos++
	}
	if len(line) > 0 && line[limit-1] == '|' {
		limit--
	}
	i := 0
	for ; pos < limit; i++ {
		alignment := east.AlignNone
		if i >= len(alignments) {
			if !isHeader {
				return row
			}
		} else {
			alignment = alignments[i]
		}
		var escaped *escapedPipeCell
		node := east.NewTableCell()
		node.SetPos(npos.Start + pos - npos.Padding)
		node.Alignment = alignment
		hasBacktick := false
		closure := pos
		for ; closure < limit; closure++ {
			if line[closure] == '`' {
				hasBacktick = true
			}
			if line[closure] == '|' {
				if closure == 0 || line[closure-1] != '\\' {
					break
				} else if hasBacktick {
					if escaped == nil {
						escaped = &escapedPipeCell{cell: node}
						list := pc.ComputeIfAbsent(escapedPipeKey, func() any { return []*escapedPipeCell{} }).([]*escapedPipeCell)
						pc.Set(escapedPipeKey, append(list, escaped))
					}
					escaped.pos = append(escaped.pos, segment.Start+closure-1)
				}
			}
		}
		seg := text.NewSegment(segment.Start+pos, segment.Start+closure)
		seg = seg.TrimLeftSpace(source)
		seg = seg.TrimRightSpace(source)
		node.Lines().Append(seg)
		row.AppendChild(row, node)
		pos = closure + 1
	}
	for ; i < len(alignments); i++ {
		row.AppendChild(row, east.NewTableCell())
	}
	return row
}

func (b tableParagraph) parseDelimiter(segment text.Segment, reader text.Reader) []east.Alignment {
	line := segment.Value(reader.Source())
	if !isTableDelim(line) {
		return nil
	}
	cols := bytes.Split(line, []byte{'|'})
	if util.IsBlank(cols[0]) {
		cols = cols[1:]
	}
	if len(cols) > 0 && util.IsBlank(cols[len(cols)-1]) {
		cols = cols[:len(cols)-1]
	}
	var alignments []east.Alignment
	for _, col := range cols {
		a, ok := delimAlign(col)
		if !ok {
			return nil
		}
		alignments = append(alignments, a)
	}
	return alignments
}

// tableEscapes splits the text of a code span in a table cell at each \|,
// dropping the backslash, as GFM says.
type tableEscapes struct{}

func (tableEscapes) Transform(node *ast.Document, reader text.Reader, pc parser.Context) {
	lst := pc.Get(escapedPipeKey)
	if lst == nil {
		return
	}
	pc.Set(escapedPipeKey, nil)
	cells := lst.([]*escapedPipeCell)
	for _, v := range cells {
		if v.transformed {
			continue
		}
		_ = ast.Walk(v.cell, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Kind() != ast.KindCodeSpan {
				return ast.WalkContinue, nil
			}
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				if c.Kind() != ast.KindText {
					c = next
					continue
				}
				parent := c.Parent()
				ts := &c.(*ast.Text).Segment
				n := c
				for _, v := range cells {
					for _, pos := range v.pos {
						if ts.Start <= pos && pos < ts.Stop {
							segment := n.(*ast.Text).Segment
							n1 := ast.NewRawTextSegment(segment.WithStop(pos))
							n2 := ast.NewRawTextSegment(segment.WithStart(pos + 1))
							parent.InsertAfter(parent, n, n1)
							parent.InsertAfter(parent, n1, n2)
							parent.RemoveChild(parent, n)
							n = n2
							v.transformed = true
						}
					}
				}
				c = next
			}
			return ast.WalkContinue, nil
		})
	}
}

// --- strikethrough

type strikeDelims struct{}

func (strikeDelims) IsDelimiter(b byte) bool { return b == '~' }

func (strikeDelims) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (strikeDelims) OnMatch(consumes int) ast.Node { return east.NewStrikethrough() }

type strikeParser struct{}

func (strikeParser) Trigger() []byte { return []byte{'~'} }

// Parse reads ~ or ~~ as a delimiter (three or more are text).
func (strikeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, strikeDelims{})
	if node == nil || node.OriginalLength > 2 || before == '~' {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

func (strikeParser) CloseBlock(parent ast.Node, pc parser.Context) {}

// --- task lists

type taskParser struct{}

func (taskParser) Trigger() []byte { return []byte{'['} }

// Parse reads [ ], [x] or [X] (then any spaces) at the very start of a
// list item's first paragraph: goldmark's pattern ^\[([\sxX])\]\s*.
func (taskParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if parent.Parent() == nil || parent.Parent().FirstChild() != parent {
		return nil
	}
	if parent.HasChildren() {
		return nil
	}
	if _, ok := parent.Parent().(*ast.ListItem); !ok {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[2] != ']' {
		return nil
	}
	value := line[1]
	if !reSpace(value) && value != 'x' && value != 'X' {
		return nil
	}
	n := 3
	for n < len(line) && reSpace(line[n]) {
		n++
	}
	block.Advance(n)
	return east.NewTaskCheckBox(value == 'x' || value == 'X')
}

func (taskParser) CloseBlock(parent ast.Node, pc parser.Context) {}
