package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cobra"
)

type importOptions struct {
	Paths  []string
	DryRun bool
	Prune  bool
	JSON   bool
}

func newImportCmd(a *app) *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Add or update decks from markdown, hashcards, Obsidian SR or Anki text files",
		Long: `Import deck files, or folders of them (*.md, *.txt, *.tsv, *.csv, recursively).

One import is one transaction: if any file has an error, nothing is written
and the error names the file and line. Re-importing a file updates its cards
in place and keeps their progress: cards are matched by ID: pin, by their
text, or, for a small edit to a front, by similarity (see the README).
Cards removed from a file are reported as orphaned: they keep their history
and leave review; --prune deletes them.`,
		Example: `  aipm import decks/metrics.md
  aipm import decks/                  # every deck file in a folder
  aipm import --dry-run decks/        # show what would change, write nothing
  aipm import --prune decks/metrics.md
  aipm import --json notes.tsv`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			return runImport(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would change and write nothing")
	f.BoolVar(&o.Prune, "prune", false, "delete orphaned cards of the imported decks (their log rows stay)")
	f.BoolVar(&o.JSON, "json", false, "print the summary as JSON")
	return cmd
}

// deckFiles expands paths into deck files: files as given, folders walked
// for *.md, *.txt, *.tsv and *.csv in name order.
func deckFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %v; check the path", p, unwrapOS(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && isDeckFile(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read folder %s: %v", p, unwrapOS(err))
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s has no deck files (*.md, *.txt, *.tsv, *.csv)", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

func isDeckFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".txt", ".tsv", ".csv":
		return true
	}
	return false
}

func unwrapOS(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFiles parses every file; it returns all decks, or the first error.
func parseFiles(files []string) ([]*deck.Deck, error) {
	var decks []*deck.Deck
	for _, f := range files {
		ds, err := deck.ParseFile(f)
		if err != nil {
			return nil, err
		}
		decks = append(decks, ds...)
	}
	return decks, nil
}

type importJSON struct {
	Added     int          `json:"added"`
	Updated   int          `json:"updated"`
	Moved     int          `json:"moved"`
	Unchanged int          `json:"unchanged"`
	Orphaned  int          `json:"orphaned"`
	Pruned    int          `json:"pruned"`
	Warnings  []string     `json:"warnings"`
	DryRun    bool         `json:"dry_run"`
	Decks     []deckImport `json:"decks"`
}

type deckImport struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	File      string `json:"file"`
	Added     int    `json:"added"`
	Updated   int    `json:"updated"`
	Moved     int    `json:"moved"`
	Unchanged int    `json:"unchanged"`
	Orphaned  int    `json:"orphaned"`
	Pruned    int    `json:"pruned"`
}

func runImport(ctx context.Context, a *app, o importOptions) error {
	files, err := deckFiles(o.Paths)
	if err != nil {
		return err
	}
	decks, err := parseFiles(files)
	if err != nil {
		return err
	}
	var st *data.Store
	if o.DryRun {
		st, err = a.openStoreRead(ctx)
	} else {
		st, err = a.openStore(ctx)
	}
	if err != nil {
		return err
	}
	opts := data.ImportOptions{DryRun: o.DryRun, Prune: o.Prune, At: a.now(), Day: a.day()}
	var sum *data.Summary
	if st == nil { // dry run without a database: everything is new
		sum, err = data.PlanEmpty(ctx, decks)
	} else {
		sum, err = st.Import(ctx, decks, opts)
	}
	if err != nil {
		return err
	}
	total := sum.Total()
	if o.JSON {
		j := importJSON{Added: total.Added, Updated: total.Updated, Moved: total.Moved, Unchanged: total.Unchanged,
			Orphaned: total.Orphaned, Pruned: total.Pruned, Warnings: total.Warnings, DryRun: o.DryRun, Decks: []deckImport{}}
		if j.Warnings == nil {
			j.Warnings = []string{}
		}
		for _, d := range sum.Decks {
			j.Decks = append(j.Decks, deckImport{d.ID, d.Name, d.File, d.Added, d.Updated, d.Moved, d.Unchanged, d.Orphaned, d.Pruned})
		}
		return writeJSON(a.Out, j)
	}
	for _, w := range total.Warnings {
		fmt.Fprintf(a.Err, "warning: %s\n", clean(w))
	}
	if o.DryRun {
		for _, d := range sum.Decks {
			for _, c := range d.Changes {
				if c.Action == "unchanged" {
					continue
				}
				at := ""
				if c.Line > 0 {
					at = fmt.Sprintf("%s:%d ", c.File, c.Line)
				}
				fmt.Fprintf(a.Out, "%-9s %s%s\n", c.Action, clean(at), shorten(c.Front, 60))
			}
		}
	}
	rows := [][]string{}
	for _, d := range sum.Decks {
		rows = append(rows, []string{d.ID, strconv.Itoa(d.Added), strconv.Itoa(d.Updated), strconv.Itoa(d.Moved),
			strconv.Itoa(d.Unchanged), strconv.Itoa(d.Orphaned), strconv.Itoa(d.Pruned)})
	}
	if err := table(a.Out, !a.OutTTY, []string{"DECK", "ADDED", "UPDATED", "MOVED", "UNCHANGED", "ORPHANED", "PRUNED"}, rows); err != nil {
		return err
	}
	if o.DryRun {
		fmt.Fprintln(a.Err, "dry run: nothing was written")
	} else if total.Remaining > 0 {
		fmt.Fprintf(a.Err, "%d orphaned cards are out of review but keep their history; --prune deletes them\n", total.Remaining)
	}
	return nil
}
