package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// table prints rows under header with tablewriter. When plain is set (the
// stream is not a terminal) it prints tab-separated lines instead, for
// scripts: a header line, then one line per row.
func table(w io.Writer, plain bool, header []string, rows [][]string) error {
	for i, r := range rows {
		for j, cell := range r {
			rows[i][j] = clean(cell)
		}
	}
	if plain {
		fmt.Fprintln(w, strings.Join(header, "\t"))
		for _, r := range rows {
			for j := range r {
				r[j] = strings.NewReplacer("\t", " ", "\n", " ").Replace(r[j])
			}
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return nil
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	t.Header(header)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
