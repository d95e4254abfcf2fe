package main

import (
	"context"
	"strconv"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

type statsOptions struct {
	Filter data.Filter
	JSON   bool
}

func newStatsCmd(a *app) *cobra.Command {
	var o statsOptions
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Show how ready you are: cards by state and what is due",
		Example: `  aipm stats
  aipm stats --deck lesson-1-1
  aipm stats --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStats(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Deck, "deck", "", "only this deck `id`")
	f.StringVar(&o.Filter.Topic, "topic", "", "only this topic")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

func runStats(ctx context.Context, a *app, o statsOptions) error {
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	decks, err := st.DeckStats(ctx, a.day(), o.Filter)
	if err != nil {
		return err
	}
	if o.JSON {
		if decks == nil {
			decks = []data.DeckCounts{}
		}
		return writeJSON(a.Out, map[string]any{"decks": decks})
	}
	rows := [][]string{}
	for _, d := range decks {
		c := d.CardCounts
		rows = append(rows, []string{d.ID, strconv.Itoa(c.Total), strconv.Itoa(c.New), strconv.Itoa(c.Learning),
			strconv.Itoa(c.Young), strconv.Itoa(c.Mature), strconv.Itoa(c.Suspended), strconv.Itoa(c.DueToday), strconv.Itoa(c.DueTomorrow)})
	}
	return table(a.Out, false, []string{"DECK", "TOTAL", "NEW", "LEARNING", "YOUNG", "MATURE", "SUSPENDED", "DUE TODAY", "DUE TOMORROW"}, rows)
}
