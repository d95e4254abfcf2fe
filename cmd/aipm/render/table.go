package render

import (
	"strings"

	east "github.com/yuin/goldmark/extension/ast"
)

// A table keeps its shape: columns separated by │, a rule under the
// header, each column as wide as its widest cell. When that is wider than
// the width, the widest columns give up columns first and their cells wrap.
func (r *renderer) table(n *east.Table, width int) []line {
	var rows [][]tokens
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []tokens
		_, head := row.(*east.TableHeader)
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			var t tokens
			st := style(0)
			if head {
				st = stBold
			}
			r.inlines(c, &t, st)
			cells = append(cells, t)
		}
		rows = append(rows, cells)
	}
	if r.oneLine {
		var out []line
		for _, row := range rows {
			var l line
			for j, c := range row {
				if j > 0 {
					l = append(l, segment{" · ", 0})
				}
				for _, ln := range c.layout(0) {
					l = append(l, ln...)
				}
			}
			out = append(out, l)
		}
		return out
	}
	cols := 0
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	if cols == 0 {
		return nil
	}
	widths := make([]int, cols)
	for _, row := range rows {
		for j, c := range row {
			for _, l := range c.layout(0) {
				widths[j] = max(widths[j], l.width())
			}
		}
	}
	if width > 0 {
		avail := width - 3*(cols-1)
		for sum(widths) > avail {
			k := 0
			for j := range widths {
				if widths[j] > widths[k] {
					k = j
				}
			}
			if widths[k] <= 3 {
				break
			}
			widths[k]--
		}
	}
	sep := segment{" │ ", stDim}
	var out []line
	for i, row := range rows {
		cells := make([][]line, cols)
		height := 1
		for j := range cols {
			if j < len(row) {
				cells[j] = row[j].layout(widths[j])
			}
			height = max(height, len(cells[j]))
		}
		for k := range height {
			var l line
			for j := range cols {
				if j > 0 {
					l = append(l, sep)
				}
				var cell line
				if k < len(cells[j]) {
					cell = cells[j][k]
				}
				pad := max(widths[j]-cell.width(), 0)
				a := east.AlignNone
				if j < len(n.Alignments) {
					a = n.Alignments[j]
				}
				switch a {
				case east.AlignRight:
					l = append(append(l, segment{strings.Repeat(" ", pad), 0}), cell...)
				case east.AlignCenter:
					l = append(append(l, segment{strings.Repeat(" ", pad/2), 0}), cell...)
					l = append(l, segment{strings.Repeat(" ", pad-pad/2), 0})
				default:
					l = append(append(l, cell...), segment{strings.Repeat(" ", pad), 0})
				}
			}
			out = append(out, l.trimRight())
		}
		if _, head := n.FirstChild().(*east.TableHeader); head && i == 0 {
			var rule []string
			for _, w := range widths {
				rule = append(rule, strings.Repeat("─", w))
			}
			out = append(out, line{{strings.Join(rule, "─┼─"), stDim}})
		}
	}
	return out
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
