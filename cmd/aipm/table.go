package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/cmd/aipm/render"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// listing says how to print a table.
type listing struct {
	plain bool // the stream is not a terminal: tab-separated lines for scripts
	width int  // terminal columns to fit in; 0 for no limit
	flex  int  // the column that shrinks to fit the width
	// drop are the columns (after flex, last first) left out of a table
	// that would not fit otherwise, before it turns into records
	drop []int
}

// listing returns the way to print a table on stdout.
func (a *app) listing(flex int) listing {
	l := listing{plain: !a.OutTTY, flex: flex}
	if a.OutTTY && a.Width != nil {
		l.width = a.Width()
	}
	return l
}

// table prints rows under header with tablewriter, numbers aligned right,
// the flex column shortened so that the table fits the width. When plain
// is set it prints tab-separated lines instead: a header line, then one
// line per row, every cell whole.
func table(w io.Writer, l listing, header []string, rows [][]string) error {
	for i, r := range rows {
		for j, cell := range r {
			rows[i][j] = clean(cell)
		}
	}
	if l.plain {
		fmt.Fprintln(w, strings.Join(header, "\t"))
		for _, r := range rows {
			for j := range r {
				r[j] = strings.NewReplacer("\t", " ", "\n", " ").Replace(r[j])
			}
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return nil
	}
	header, rows, l.flex = dropColumns(l, header, rows)
	widths := make([]int, len(header))
	numeric := make([]bool, len(header))
	for j, h := range header {
		widths[j] = textWidth(h)
		numeric[j] = len(rows) > 0
	}
	for _, r := range rows {
		for j, cell := range r {
			if j >= len(widths) {
				continue
			}
			widths[j] = max(widths[j], textWidth(cell))
			if _, err := strconv.ParseFloat(cell, 64); err != nil && cell != "" {
				numeric[j] = false
			}
		}
	}
	total := 1 // the left border
	for _, cw := range widths {
		total += cw + 3 // a space each side and a border
	}
	if l.width > 0 && total > l.width && (l.flex < 0 || l.flex >= len(header)) {
		return records(w, l, header, rows) // no column may shrink: the first is an id
	}
	if l.width > 0 && l.flex >= 0 && l.flex < len(header) {
		if over := total - l.width; over > 0 {
			limit := max(widths[l.flex]-over, textWidth(header[l.flex]), 12)
			if total-widths[l.flex]+limit > l.width {
				return records(w, l, header, rows)
			}
			for _, r := range rows {
				r[l.flex] = fit(r[l.flex], limit)
			}
		}
	}
	aligns := make([]tw.Align, len(header))
	for j := range aligns {
		aligns[j] = tw.AlignLeft
		if numeric[j] {
			aligns[j] = tw.AlignRight
		}
	}
	align := tw.CellAlignment{Global: tw.AlignLeft, PerColumn: aligns}
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignmentConfig(align),
		tablewriter.WithRowAlignmentConfig(align),
	)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

// dropColumns leaves out l.drop's columns, one at a time from the end of
// the list, while the table is wider than l.width with its flex column at
// 24 columns (what is narrower reads better as records).
func dropColumns(l listing, header []string, rows [][]string) ([]string, [][]string, int) {
	if l.width <= 0 || len(l.drop) == 0 {
		return header, rows, l.flex
	}
	widths := make([]int, len(header)) // measured once, for every try below
	for j := range header {
		cw := textWidth(header[j])
		for _, r := range rows {
			if j < len(r) {
				cw = max(cw, textWidth(r[j]))
			}
		}
		if j == l.flex {
			cw = min(cw, max(24, textWidth(header[j])))
		}
		widths[j] = cw
	}
	need := func(skip map[int]bool) int {
		total := 1
		for j, cw := range widths {
			if !skip[j] {
				total += cw + 3
			}
		}
		return total
	}
	skip := map[int]bool{}
	for k := len(l.drop) - 1; k >= 0 && need(skip) > l.width; k-- {
		skip[l.drop[k]] = true
	}
	if len(skip) == 0 || need(skip) > l.width {
		return header, rows, l.flex // dropping does not make it fit: records keep every column
	}
	flex := l.flex
	for j := range skip {
		if j < l.flex {
			flex--
		}
	}
	keep := func(r []string) []string {
		var out []string
		for j, c := range r {
			if !skip[j] {
				out = append(out, c)
			}
		}
		return out
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = keep(r)
	}
	return keep(header), out, flex
}

// records prints each row as a block, for a terminal too narrow for the
// table: the first cell whole on a line of its own, the flex cell under
// it, then the other cells as "header value", indented.
func records(w io.Writer, l listing, header []string, rows [][]string) error {
	room := max(l.width-2, 10)
	for _, r := range rows {
		fmt.Fprintln(w, r[0])
		if l.flex > 0 && l.flex < len(r) && r[l.flex] != "" {
			fmt.Fprintln(w, "  "+fit(r[l.flex], room))
		}
		var parts []string
		for j := 1; j < len(r) && j < len(header); j++ {
			if j != l.flex && r[j] != "" {
				parts = append(parts, strings.ToLower(header[j])+" "+r[j])
			}
		}
		if len(parts) > 0 {
			text := render.Wrap(strings.Join(parts, " · "), room)
			fmt.Fprintln(w, "  "+strings.ReplaceAll(text, "\n", "\n  "))
		}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(jsonControls{w})
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonArray writes a JSON array one element at a time, laid out as
// writeJSON lays out a slice, so that a long listing is never held whole.
type jsonArray struct {
	w *bufio.Writer
	n int
}

func newJSONArray(w io.Writer) *jsonArray {
	return &jsonArray{w: bufio.NewWriterSize(w, 64<<10)}
}

func (j *jsonArray) add(v any) error {
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	j.w.WriteString(sep)
	_, err = jsonControls{j.w}.Write(b) // whole runes: one element at a time
	return err
}

func (j *jsonArray) close() error {
	if j.n == 0 {
		j.w.WriteString("[]\n")
	} else {
		j.w.WriteString("\n]\n")
	}
	return j.w.Flush()
}

// jsonControls writes JSON with the characters that steer a terminal and
// that encoding/json leaves raw (DEL, the C1 controls U+0080-U+009F, the
// bidi overrides U+202A-U+202E and U+2066-U+2069) as \u escapes. They can
// only occur inside strings, so the JSON decodes to the same text. Each
// Write must hold whole runes: json.Encoder writes a value at a time.
type jsonControls struct{ w io.Writer }

func (j jsonControls) Write(p []byte) (int, error) {
	if !hasControl(p) {
		return j.w.Write(p)
	}
	var b strings.Builder
	for _, r := range string(p) {
		if steers(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	if _, err := io.WriteString(j.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

func steers(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// hasControl is the fast path: all of those are DEL, or start with 0xC2
// or 0xE2 in UTF-8.
func hasControl(p []byte) bool {
	for _, c := range p {
		if c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true
		}
	}
	return false
}
