package main

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	Paths   []string
	Builtin bool
}

func newLintCmd(a *app) *cobra.Command {
	var o lintOptions
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check deck files for errors and warnings without importing them",
		Long: `Parse deck files (or folders of them) and report every error and warning
as file:line: message. It never opens the database. It exits 1 when any
file has an error, 0 otherwise (warnings alone do not fail). Folders are
walked as import walks them: a .txt, .tsv or .csv that does not look like
an Anki export, and anything that is not a regular file, is skipped with a
warning.

Besides the parser's warnings it checks each card's style: a Q:/A: back, or
an R: card's reversed back, of more than two sentences, and a card whose
topic heading gives its answer away (every content word of the back, or of
a cloze's deletion, is in the heading). In the built-in decks (--builtin)
these are errors.`,
		Example: `  aipm lint decks/
  aipm lint notes.md anki-export.txt
  aipm lint --builtin                 # check the decks aipm ships with`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			if len(args) == 0 && !o.Builtin {
				return usagef("lint needs a PATH, or --builtin")
			}
			return runLint(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.Builtin, "builtin", false, "lint the built-in decks")
	separatorsFlag(cmd.Flags())
	return cmd
}

func runLint(ctx context.Context, a *app, o lintOptions) error {
	files, skipped, err := deckFiles(o.Paths, "lint")
	for _, w := range skipped {
		fmt.Fprintf(a.Out, "%s (warning)\n", clean(w))
	}
	if err != nil {
		return err
	}
	failed, warned, cards := 0, len(skipped), 0
	var all []*deck.Deck
	// check reports ds's warnings; in the built-in decks the style checks
	// are errors, since the decks aipm ships must pass them.
	check := func(ds []*deck.Deck, builtin bool) {
		for _, d := range ds {
			cards += d.Len()
			for _, w := range d.Warnings {
				fmt.Fprintf(a.Out, "%s (warning)\n", clean(w.String()))
				warned++
			}
			report := func(ws []deck.Warning) {
				for _, w := range ws {
					if builtin {
						fmt.Fprintln(a.Out, clean(w.String()))
						failed++
						continue
					}
					fmt.Fprintf(a.Out, "%s (warning)\n", clean(w.String()))
					warned++
				}
			}
			if d.Reread == nil {
				report(deck.Lint(d))
				continue
			}
			// Read lean: the cards come back one at a time, with their texts.
			if err := d.Reread(func(_ int, c *deck.Card) error { report(deck.LintCard(d.File, *c)); return nil }); err != nil {
				fmt.Fprintln(a.Out, clean(err.Error()))
				failed++
			}
		}
		all = append(all, ds...)
	}
	if o.Builtin {
		ds, err := a.builtinDecks()
		if err != nil {
			fmt.Fprintln(a.Out, clean(err.Error()))
			failed++
		}
		check(ds, true)
	}
	// Files are read lean (keys only), and their cards checked as a
	// second reading hands them over: a deck of any size is checked in the
	// memory of its keys.
	do := a.deckOptions()
	do.Lean = true
	defer a.leanGC()()
	for _, f := range files {
		ds, err := parseFile(f, do, nil)
		if err != nil {
			fmt.Fprintln(a.Out, clean(err.Error()))
			failed++
			continue
		}
		check(ds, false)
	}
	// What only the whole batch shows: two files with one deck id, one ID:
	// in two files. Import refuses these too.
	if err := data.CheckDecks(all); err != nil {
		fmt.Fprintln(a.Out, clean(err.Error()))
		failed++
	}
	fmt.Fprintf(a.Err, "%s checked: %s, %s\n", plural(cards, "card"), plural(failed, "error"), plural(warned, "warning"))
	if failed > 0 {
		return &silentError{code: exitError}
	}
	return nil
}
