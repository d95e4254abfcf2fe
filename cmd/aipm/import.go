package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

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
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("import needs at least one PATH: a deck file, or a folder of them")
			}
			return nil
		},
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

// parseFiles parses every file, reporting progress as bytes are read. It
// returns all decks, or every file's error (a file with an error stops at
// its first one).
func parseFiles(files []string, prog *progress) ([]*deck.Deck, []error) {
	var decks []*deck.Deck
	var errs []error
	for _, f := range files {
		ds, err := parseFile(f, prog)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		decks = append(decks, ds...)
	}
	return decks, errs
}

// parseFile is deck.ParseFile, reading through prog.
func parseFile(path string, prog *progress) ([]*deck.Deck, error) {
	if !isDeckFile(path) || prog == nil || !prog.on {
		return deck.ParseFile(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; check the path", path, unwrapOS(err))
	}
	defer f.Close()
	r := &countingReader{r: f, add: prog.read}
	if strings.ToLower(filepath.Ext(path)) == ".md" {
		d, err := deck.Parse(path, r)
		if err != nil {
			return nil, err
		}
		return []*deck.Deck{d}, nil
	}
	return deck.ParseAnki(path, r)
}

type countingReader struct {
	r   io.Reader
	add func(int)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.add(n)
	return n, err
}

// progress draws a one-line bar on a terminal's stderr for an import that
// takes a while: it appears after progressDelay, redraws at most every
// progressEvery, and is erased before the summary is printed. Off (not a
// terminal, NO_COLOR or TERM=dumb) it does nothing.
type progress struct {
	on         bool
	w          io.Writer
	since      func() time.Duration
	width      func() int
	start      time.Duration
	drawn      time.Duration
	shown      bool
	phase      string
	done, size int64
}

const (
	progressDelay = 300 * time.Millisecond
	progressEvery = 100 * time.Millisecond
)

func (a *app) newProgress(files []string) *progress {
	p := &progress{on: a.styleFor(a.ErrTTY).on, w: a.Err, since: a.Since, width: a.Width, phase: "reading"}
	if !p.on {
		return p
	}
	p.start = p.since()
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			p.size += st.Size()
		}
	}
	return p
}

// read counts n more bytes parsed.
func (p *progress) read(n int) {
	p.done += int64(n)
	p.draw(false)
}

// writing reports cards written to the database.
func (p *progress) writing(done, total int) {
	if !p.on {
		return
	}
	p.phase = fmt.Sprintf("writing %d/%d cards", done, total)
	p.done, p.size = int64(done), int64(total)
	p.draw(done == total)
}

func (p *progress) draw(force bool) {
	if !p.on {
		return
	}
	now := p.since()
	if now-p.start < progressDelay || (!force && p.shown && now-p.drawn < progressEvery) {
		return
	}
	p.drawn, p.shown = now, true
	frac := 1.0
	if p.size > 0 {
		frac = min(float64(p.done)/float64(p.size), 1)
	}
	bar := 30
	if w := p.width(); w > 0 && w < 80 {
		bar = max(w-50, 10)
	}
	fill := int(frac * float64(bar))
	fmt.Fprintf(p.w, "\r\x1b[K[%s%s] %3.0f%% %s", strings.Repeat("=", fill), strings.Repeat(" ", bar-fill), frac*100, p.phase)
}

// finish erases the bar and, when it was shown, prints one closing line.
func (p *progress) finish(cards int) {
	if !p.on || !p.shown {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%d cards imported in %.1fs\n", cards, (p.since() - p.start).Seconds())
}

type importJSON struct {
	Added     int      `json:"added"`
	Updated   int      `json:"updated"`
	Moved     int      `json:"moved"`
	Unchanged int      `json:"unchanged"`
	Orphaned  int      `json:"orphaned"`
	Pruned    int      `json:"pruned"`
	Warnings  []string `json:"warnings"`
}

func runImport(ctx context.Context, a *app, o importOptions) error {
	files, err := deckFiles(o.Paths)
	if err != nil {
		return err
	}
	prog := a.newProgress(files)
	decks, errs := parseFiles(files, prog)
	if len(errs) > 0 {
		if prog.shown {
			fmt.Fprint(a.Err, "\r\x1b[K")
		}
		for _, e := range errs {
			fmt.Fprintf(a.Err, "aipm: %s\n", clean(e.Error()))
		}
		fmt.Fprintln(a.Err, "try: fix the file and import again; nothing was imported")
		return &silentError{code: exitError}
	}
	if err := data.CheckDecks(decks); err != nil {
		return err
	}
	var st *data.Store
	if o.DryRun {
		st, err = a.openStoreRead(ctx)
	} else {
		a.writes = true
		st, err = a.openStore(ctx)
	}
	if err != nil {
		return err
	}
	opts := data.ImportOptions{DryRun: o.DryRun, Prune: o.Prune, At: a.now(), Day: a.day(),
		Changes: o.DryRun && !o.JSON, Backup: true, Progress: prog.writing}
	var sum *data.Summary
	if st == nil { // dry run without a database: everything is new
		err = a.builtinIDsFree(decks)
		if err == nil {
			sum, err = data.PlanEmpty(ctx, decks, opts)
		}
	} else {
		sum, err = st.Import(ctx, decks, opts)
	}
	if err != nil {
		if prog.shown {
			fmt.Fprint(a.Err, "\r\x1b[K")
		}
		return err
	}
	total := sum.Total()
	prog.finish(total.Added + total.Updated + total.Moved + total.Unchanged)
	if o.JSON {
		j := importJSON{Added: total.Added, Updated: total.Updated, Moved: total.Moved, Unchanged: total.Unchanged,
			Orphaned: total.Orphaned, Pruned: total.Pruned, Warnings: total.Warnings}
		if j.Warnings == nil {
			j.Warnings = []string{}
		}
		return writeJSON(a.Out, j)
	}
	for _, w := range total.Warnings {
		fmt.Fprintf(a.Err, "warning: %s\n", clean(w))
	}
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
			fmt.Fprintf(a.Out, "%-9s %s%s\n", c.Action, clean(at), fit(c.Front, 60))
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
	if err := table(a.Out, a.listing(0), []string{"DECK", "ADDED", "UPDATED", "MOVED", "UNCHANGED", "ORPHANED", "PRUNED"}, rows); err != nil {
		return err
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
	return nil
}

// builtinIDsFree refuses, as the real import into a new database would,
// a deck that takes the id of a built-in deck that creating the database
// installs.
func (a *app) builtinIDsFree(decks []*deck.Deck) error {
	if !a.cfg.BuiltinDecks {
		return nil
	}
	builtin, err := a.builtinDecks()
	if err != nil {
		return err
	}
	for _, b := range builtin {
		for _, d := range decks {
			if d.ID == b.ID {
				return fmt.Errorf("%s: deck id %q is a built-in deck's; give the file another `id:` in its front matter", d.File, d.ID)
			}
		}
	}
	return nil
}
