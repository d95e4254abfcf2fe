package main

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"
)

type decksOptions struct{ JSON bool }

func newDecksCmd(a *app) *cobra.Command {
	var o decksOptions
	cmd := &cobra.Command{
		Use:   "decks",
		Short: "List the decks with their card counts",
		Long: `List the decks in review order (built-in decks first, then the others in
the order they were first imported), with their ids for --deck, their live
cards, the new ones among them (never answered, not suspended), and the
orphans (cards gone from their file, kept with their history).`,
		Example: `  aipm decks
  aipm decks --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDecks(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

type deckJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	File     string `json:"file"`
	Builtin  bool   `json:"builtin"`
	Cards    int    `json:"cards"`
	New      int    `json:"new"`
	Orphaned int    `json:"orphaned"`
}

func runDecks(ctx context.Context, a *app, o decksOptions) error {
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	decks, err := st.Decks(ctx)
	if err != nil {
		return err
	}
	out := make([]deckJSON, 0, len(decks))
	rows := [][]string{}
	for _, d := range decks {
		out = append(out, deckJSON{d.ID, d.Name, d.File, d.Builtin, d.Cards, d.New, d.Orphaned})
		src := d.File
		if d.Builtin {
			src = "built-in"
		} else if r := []rune(src); a.OutTTY && len(r) > 30 {
			src = "…" + string(r[len(r)-29:]) // the end of a path says the most
		}
		rows = append(rows, []string{d.ID, d.Name, strconv.Itoa(d.Cards), strconv.Itoa(d.New), strconv.Itoa(d.Orphaned), src})
	}
	if o.JSON {
		return writeJSON(a.Out, out)
	}
	l := a.listing(1)
	l.drop = []int{4, 5} // on a narrow terminal SOURCE goes first, then ORPHANED
	return table(a.Out, l, []string{"ID", "NAME", "CARDS", "NEW", "ORPHANED", "SOURCE"}, rows)
}
