package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
)

// importStore checks the decks that one import brings (CheckDecks), then
// opens the store it writes to, or only reads for a dry run (nil when a
// dry run finds no database).
func (a *app) importStore(ctx context.Context, decks []*deck.Deck, dryRun bool) (*data.Store, error) {
	if err := data.CheckDecks(decks); err != nil {
		return nil, err
	}
	if dryRun {
		return a.openStoreRead(ctx)
	}
	a.writes = true
	return a.openStore(ctx)
}

// reportImport prints an import's summary: the diff (dry run), the table of
// counts and the notes on stderr, or the JSON object; anki, when set, adds
// an Anki package's schedule counts.
func reportImport(a *app, o importOptions, sum *data.Summary, warnings, bad []string, anki *data.AnkiSummary) error {
	total := sum.Total()
	if o.JSON {
		j := importJSON{Added: total.Added, Updated: total.Updated, Moved: total.Moved, Unchanged: total.Unchanged,
			Orphaned: total.Orphaned, Pruned: total.Pruned, Warnings: warnings, Refused: bad}
		if anki != nil {
			j.Scheduled, j.Reviews, j.Kept = &anki.Scheduled, &anki.Reviews, &anki.Kept
		}
		if j.Warnings == nil {
			j.Warnings = []string{}
		}
		return writeJSON(a.Out, j)
	}
	printWarnings(a, warnings)
	for _, d := range sum.Decks {
		if d.RenamedFrom != "" {
			fmt.Fprintf(a.Err, "renamed deck %s → %s: its cards keep their history\n", clean(d.RenamedFrom), clean(d.ID))
		}
	}
	for _, d := range sum.Decks {
		for _, c := range d.Changes {
			at := ""
			if c.Line > 0 {
				at = fmt.Sprintf("%s:%d ", c.File, c.Line)
			} else {
				at = c.CardID + " "
			}
			fmt.Fprintf(a.Out, "%-9s %s%s\n", c.Action, clean(at), fit(lineText(c.Front), 60))
		}
	}
	rows := [][]string{}
	for _, d := range sum.Decks {
		if d.Skipped {
			continue
		}
		rows = append(rows, []string{d.ID, strconv.Itoa(d.Added), strconv.Itoa(d.Updated), strconv.Itoa(d.Moved),
			strconv.Itoa(d.Unchanged), strconv.Itoa(d.Orphaned), strconv.Itoa(d.Pruned)})
	}
	if len(rows) > 1 {
		rows = append(rows, []string{"total", strconv.Itoa(total.Added), strconv.Itoa(total.Updated), strconv.Itoa(total.Moved),
			strconv.Itoa(total.Unchanged), strconv.Itoa(total.Orphaned), strconv.Itoa(total.Pruned)})
	}
	if err := table(a.Out, a.listing(-1), []string{"DECK", "ADDED", "UPDATED", "MOVED", "UNCHANGED", "ORPHANED", "PRUNED"}, rows); err != nil {
		return err
	}
	if anki != nil {
		reportAnki(a, o, anki)
	}
	switch {
	case o.DryRun:
		fmt.Fprintln(a.Err, "dry run: nothing was written")
	case total.Restored > 0:
		fmt.Fprintf(a.Err, "%s back from orphaned, with their history\n", plural(total.Restored, "added card"))
	}
	if !o.DryRun && total.Remaining > 0 {
		fmt.Fprintf(a.Err, "%s out of review but keeping history; --prune deletes them\n", plural(total.Remaining, "orphaned card"))
	}
	if len(bad) > 0 {
		fmt.Fprintf(a.Err, "aipm: skipped %s with errors (--skip-bad): %s; fix %s and import again\n", plural(len(bad), "file"), clean(strings.Join(bad, ", ")), itThem(len(bad)))
	}
	return nil
}
