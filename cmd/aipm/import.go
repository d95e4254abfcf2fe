package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cobra"
)

type importOptions struct {
	Paths   []string
	DryRun  bool
	Prune   bool
	JSON    bool
	SkipBad bool
	Reviews string // an FSRS review-log CSV to replay (reviews.go)
	// Anki packages (import_anki.go)
	WithSchedule bool
	MediaDir     string
}

func newImportCmd(a *app) *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Add or update decks from markdown, hashcards, Obsidian SR, Anki text files or Anki packages",
		Long: `Import deck files, or folders of them (*.md, *.txt, *.tsv, *.csv, recursively).

One import is one transaction: if any file has an error, nothing is written
and the error names the file and line (--skip-bad imports the other files).
In a folder, a .txt, .tsv or .csv is read only if it looks like an Anki
export (Anki's # headers, or tabs); name a file to read it anyway.

Re-importing a file updates its cards in place and keeps their progress:
cards are matched by ID: pin, by their text, or, for a small edit to a
front, by similarity (see the README). Cards removed from a file are
reported as orphaned: they keep their history and leave review; --prune
deletes them.

--reviews FILE reads an FSRS review-log CSV instead (aipm export --reviews
writes one) and adds its answers to the cards it names by id, as if given
at their instants. Rows already in the log are skipped; a bad row is
reported as file:line and nothing is written.

An Anki package (.apkg, .colpkg) is imported on its own: its notes become
cards, matched by note and card on a later import; --with-schedule keeps
their Anki progress and review history, --media DIR extracts the media.`,
		Example: `  aipm import decks/metrics.md
  aipm import decks/                  # every deck file in a folder
  aipm import --dry-run decks/        # show what would change, write nothing
  aipm import --prune decks/metrics.md
  aipm import --skip-bad vault/       # import the good files, list the bad ones
  aipm import --obsidian-separators ';; ;;; ;? ;??' vault/
  aipm import --json notes.tsv
  aipm import --reviews reviews.csv   # answers from aipm export --reviews
  aipm import --with-schedule ml.apkg # an Anki package, with its progress
  aipm import --media ~/aipm-media collection.colpkg`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.Reviews != "" && (len(args) > 0 || o.DryRun || o.Prune || o.SkipBad || o.WithSchedule || o.MediaDir != "") {
				return usagef("--reviews takes one FILE, and no deck PATH, --dry-run, --prune, --skip-bad, --with-schedule or --media")
			}
			if len(args) == 0 && o.Reviews == "" {
				return usagef("import needs at least one PATH: a deck file, or a folder of them")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Reviews != "" {
				return runImportReviews(cmd.Context(), a, o.Reviews, o.JSON)
			}
			o.Paths = args
			if isAnkiPackage(args) || o.WithSchedule || o.MediaDir != "" {
				return runImportAnki(cmd.Context(), a, o)
			}
			return runImport(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would change and write nothing")
	f.BoolVar(&o.Prune, "prune", false, "delete orphaned cards of the imported decks (their log rows stay)")
	f.BoolVar(&o.JSON, "json", false, "print the summary as JSON")
	f.BoolVar(&o.SkipBad, "skip-bad", false, "import the files without errors and list the others")
	f.StringVar(&o.Reviews, "reviews", "", "replay an FSRS review-log CSV `FILE` onto the cards it names")
	ankiFlags(f, &o)
	separatorsFlag(f)
	return cmd
}

func unwrapOS(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFiles parses every file, reporting progress as bytes are read. It
// returns the decks of the good files, every bad file's error (a file with
// an error stops at its first one) and the bad files' names.
func parseFiles(files []string, o deck.Options, prog *progress) ([]*deck.Deck, []error, []string) {
	var decks []*deck.Deck
	var errs []error
	var bad []string
	for _, f := range files {
		ds, err := parseFile(f, o, prog)
		if err != nil {
			errs = append(errs, err)
			bad = append(bad, f)
			continue
		}
		decks = append(decks, ds...)
	}
	return decks, errs, bad
}

// parseFile is deck.ParseFileWith, reading through prog.
func parseFile(path string, o deck.Options, prog *progress) ([]*deck.Deck, error) {
	if !isDeckFile(path) || prog == nil || !prog.on {
		return deck.ParseFileWith(path, o)
	}
	f, err := deck.OpenRegular(path)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return nil, data.Hintf("check the path", "%s: %v", path, pe.Err)
	case err != nil: // not a regular file: the message says so
		return nil, err
	}
	defer f.Close()
	r := &countingReader{r: f, add: prog.read}
	if strings.ToLower(filepath.Ext(path)) == ".md" {
		d, err := deck.ParseWith(path, r, o)
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

// erase takes the bar off the line, when it was shown.
func (p *progress) erase() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// finish erases the bar and, when it was shown, prints one closing line.
func (p *progress) finish(cards int) {
	if !p.on || !p.shown {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s\n", msgImported(cards, (p.since()-p.start).Seconds()))
}

type importJSON struct {
	Added     int      `json:"added"`
	Updated   int      `json:"updated"`
	Moved     int      `json:"moved"`
	Unchanged int      `json:"unchanged"`
	Orphaned  int      `json:"orphaned"`
	Pruned    int      `json:"pruned"`
	Warnings  []string `json:"warnings"`
	Refused   []string `json:"refused,omitempty"` // files with errors, skipped by --skip-bad
	// An Anki package imported --with-schedule (import_anki.go)
	Scheduled *int `json:"scheduled,omitempty"`
	Reviews   *int `json:"reviews,omitempty"`
	Kept      *int `json:"kept,omitempty"`
}

func runImport(ctx context.Context, a *app, o importOptions) error {
	files, skipped, err := deckFiles(o.Paths, "import")
	if err != nil {
		printWarnings(a, skipped)
		return err
	}
	defer a.leanGC()()
	prog := a.newProgress(files)
	// Read lean: the import plans from keys, and reads the texts again
	// from the files as it writes them (deck.Options.Lean).
	do := a.deckOptions()
	do.Lean = true
	decks, errs, bad := parseFiles(files, do, prog)
	if len(errs) > 0 {
		prog.erase()
		for _, e := range errs {
			fmt.Fprintf(a.Err, "aipm: %s\n", clean(e.Error()))
		}
		if !o.SkipBad || len(bad) == len(files) {
			printWarnings(a, skipped)
			fmt.Fprintln(a.Err, refusedSentence(bad, len(files)))
			return &silentError{code: exitError}
		}
	}
	st, err := a.importStore(ctx, decks, o.DryRun)
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
		prog.erase()
		return err
	}
	total := sum.Total()
	prog.finish(total.Added + total.Updated + total.Moved + total.Unchanged)
	if err := reportImport(a, o, sum, append(skipped, total.Warnings...), bad, nil); err != nil {
		return err
	}
	return a.importNext(ctx, st, o, sum)
}

// refusedSentence closes the errors of an import that wrote nothing: which
// files were refused, and that the others were not imported either.
func refusedSentence(bad []string, files int) string {
	it := itThem(len(bad))
	head := fmt.Sprintf("aipm: refused %s (%s)", plural(len(bad), "file"), clean(strings.Join(bad, ", ")))
	if others := files - len(bad); others > 0 {
		were := "were"
		if others == 1 {
			were = "was"
		}
		return fmt.Sprintf("%s; the other %s %s not imported either; fix %s and import again, or add --skip-bad to import the others", head, plural(others, "file"), were, it)
	}
	return fmt.Sprintf("%s; nothing was imported; fix %s and import again", head, it)
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func printWarnings(a *app, ws []string) {
	for _, w := range ws {
		fmt.Fprintf(a.Err, "warning: %s\n", clean(w))
	}
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
				return data.Hintf("give the file another `id:` in its front matter", "%s: deck id %q is a built-in deck's", d.File, d.ID)
			}
		}
	}
	return nil
}
