package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/aipmhq/aipm/anki"
	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/pflag"
)

func ankiFlags(f *pflag.FlagSet, o *importOptions) {
	f.BoolVar(&o.WithSchedule, "with-schedule", false, "Anki packages: keep each card's progress (interval, ease, due day, lapses, suspension) and its review history")
	f.StringVar(&o.MediaDir, "media", "", "Anki packages: extract the media files into `DIR` and show their references as paths there")
}

// isAnkiPackage reports whether the paths name an Anki package (.apkg or
// .colpkg).
func isAnkiPackage(paths []string) bool {
	for _, p := range paths {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".apkg", ".colpkg":
			return true
		}
	}
	return false
}

// runImportAnki imports one Anki package: its decks as any import, and
// with --with-schedule its schedules, in one transaction; with --media its
// media files, placed only once the import is written.
func runImportAnki(ctx context.Context, a *app, o importOptions) error {
	if len(o.Paths) != 1 || !isAnkiPackage(o.Paths) {
		return usagef("--with-schedule and --media are for one Anki package (.apkg or .colpkg): import it on its own, e.g. aipm import --with-schedule deck.apkg")
	}
	if o.SkipBad {
		return usagef("--skip-bad is for folders of deck files; an Anki package is imported whole or not at all")
	}
	path := o.Paths[0]
	if _, _, err := deckFiles(o.Paths, "import"); err != nil {
		return err
	}
	mediaDir := o.MediaDir
	if mediaDir != "" {
		abs, err := filepath.Abs(mediaDir)
		if err != nil {
			return fmt.Errorf("media folder %s: %w", mediaDir, err)
		}
		mediaDir = abs
	}
	p, err := anki.Open(path, anki.Options{MediaDir: mediaDir})
	if err != nil {
		return err
	}
	defer p.Close()
	st, err := a.importStore(ctx, p.Decks, o.DryRun)
	if err != nil {
		return err
	}
	opts := data.AnkiOptions{
		ImportOptions: data.ImportOptions{DryRun: o.DryRun, Prune: o.Prune, At: a.now(), Day: a.day(),
			Changes: o.DryRun && !o.JSON, Backup: true},
		WithSchedule: o.WithSchedule,
		DayOf:        func(t time.Time) srs.Day { return srs.DayOf(t, time.Local, a.cfg.DayStartsAt) },
	}
	prog := a.newProgress(nil)
	opts.Progress = prog.writing
	// The media go into the folder as temporary files first, and take
	// their names only once the import is written.
	var commit func() ([]string, error)
	cleanup := func() {}
	if mediaDir != "" && !o.DryRun {
		if commit, cleanup, err = p.ExtractMedia(mediaDir); err != nil {
			return err
		}
	}
	var sum *data.AnkiSummary
	if st == nil { // dry run without a database: everything is new
		if err = a.builtinIDsFree(p.Decks); err == nil {
			sum, err = data.PlanAnkiEmpty(ctx, p, opts)
		}
	} else {
		sum, err = st.ImportAnki(ctx, p, opts)
	}
	if err != nil {
		prog.erase()
		cleanup()
		return err
	}
	t := sum.Total()
	prog.finish(t.Added + t.Updated + t.Moved + t.Unchanged)
	warnings := append(append([]string(nil), p.Warnings...), sum.Total().Warnings...)
	if commit != nil {
		w, err := commit()
		warnings = append(warnings, w...)
		if err != nil {
			return fmt.Errorf("the decks were imported, but %w", err)
		}
	}
	var schedule *data.AnkiSummary
	if o.WithSchedule {
		schedule = sum
	}
	if err := reportImport(a, o, sum.Summary, warnings, nil, schedule); err != nil {
		return err
	}
	return a.importNext(ctx, st, o, sum.Summary)
}

// reportAnki closes the summary of an import --with-schedule.
func reportAnki(a *app, o importOptions, s *data.AnkiSummary) {
	verb := "came in"
	if o.DryRun {
		verb = "would come in"
	}
	fmt.Fprintf(a.Out, "%s and %s %s from Anki\n", plural(s.Scheduled, "scheduled card"), plural(s.Reviews, "review row"), verb)
	if s.Kept > 0 {
		fmt.Fprintf(a.Err, "%s answered in aipm since %s last import kept %s aipm progress\n",
			plural(s.Kept, "card"), itsTheir(s.Kept), itsTheir(s.Kept))
	}
}

func itsTheir(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}
