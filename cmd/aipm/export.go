package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	Deck   string
	Format string
	Output string
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export DECK",
		Short: "Write a deck back out as markdown or Anki text",
		Long: `Write a deck's cards as a markdown deck (the default) or as Anki text
(--format tsv). A markdown export carries an ID: line for every card whose
id differs from its text's key, so importing the export into a fresh
database gives the same card ids.`,
		Example: `  aipm export lesson-1-1 > lesson-1-1.md
  aipm export ai-pm-concepts --format tsv -o concepts.tsv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Deck = args[0]
			if o.Format != "md" && o.Format != "tsv" {
				return usagef("--format must be md or tsv, not %q", o.Format)
			}
			return runExport(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "md", "md or tsv")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func runExport(ctx context.Context, a *app, o exportOptions) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	decks, err := st.Decks(ctx)
	if err != nil {
		return err
	}
	var d *data.Deck
	for i := range decks {
		if decks[i].ID == o.Deck {
			d = &decks[i]
		}
	}
	if d == nil {
		return fmt.Errorf("no deck with id %q; list them with `aipm decks`", o.Deck)
	}
	cards, err := st.Cards(ctx, data.Filter{Deck: o.Deck})
	if err != nil {
		return err
	}
	out := &deck.Deck{ID: d.ID, Name: d.Name, File: d.File}
	for _, c := range cards {
		if c.Orphaned {
			continue
		}
		dc := deck.Card{Kind: deck.Kind(c.Kind), Front: c.Front, Back: c.Back, Topic: c.Topic,
			Source: c.Source, Group: c.Group, Key: c.Key, Line: c.Line}
		if c.ID != c.Key {
			dc.Pin = c.ID
		}
		out.Cards = append(out.Cards, dc)
	}
	var buf bytes.Buffer
	if o.Format == "tsv" {
		err = deck.RenderTSV(&buf, out)
	} else {
		err = deck.Render(&buf, out)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", o.Deck, err)
	}
	if o.Output == "" {
		_, err = io.Copy(a.Out, &buf)
		return err
	}
	if err := os.WriteFile(o.Output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %v; choose another -o path", o.Output, unwrapOS(err))
	}
	fmt.Fprintf(a.Err, "wrote %d cards to %s\n", len(out.Cards), clean(o.Output))
	return nil
}
