package main

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

type cardsOptions struct {
	Filter   data.Filter
	JSON     bool
	Orphaned bool
}

func newCardsCmd(a *app) *cobra.Command {
	var o cardsOptions
	cmd := &cobra.Command{
		Use:   "cards",
		Short: "List cards with their schedules; suspend, unsuspend, unbury",
		Long: `List cards with their scheduling state. Orphaned cards (gone from their
file) are left out unless --orphaned is given.

With --json it prints one object per card: id, deck, kind (basic,
reverse, cloze or rubric), topic, front, back, reps, interval, ef, due
(YYYY-MM-DD, or null for a new card), lapses, suspended, source
(file:line). A rubric card also has round and key_points (a list of
strings); its back is the model answer. Under FSRS (see aipm scheduler), every
answered card also has stability (days), difficulty (1-10) and
retrievability (its predicted recall today, 0-1).`,
		Example: `  aipm cards                          # a table of every card
  aipm cards --deck lesson-1-1 --json # JSON for scripts
  aipm cards --topic "Loop structure"
  aipm cards unsuspend 3f9a1c2b4d5e6f70`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCards(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Deck, "deck", "", "only cards of this deck `id`")
	f.StringVar(&o.Filter.Topic, "topic", "", "only cards of this topic")
	f.BoolVar(&o.JSON, "json", false, "print JSON")
	f.BoolVar(&o.Orphaned, "orphaned", false, "include orphaned cards")
	for _, act := range []struct{ name, short, example string }{
		{"suspend", "Suspend cards: they leave review until unsuspended", "aipm cards suspend 3f9a1c2b4d5e6f70"},
		{"unsuspend", "Bring suspended cards back into review", "aipm cards unsuspend 3f9a1c2b4d5e6f70 l1-loop-rounds"},
		{"unbury", "Bring cards buried today back into review", "aipm cards unbury 3f9a1c2b4d5e6f70"},
	} {
		name := act.name
		cmd.AddCommand(&cobra.Command{
			Use:     name + " ID...",
			Short:   act.short,
			Example: "  " + act.example,
			Args:    cobra.MinimumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return runCardFlag(cmd.Context(), a, name, args)
			},
		})
	}
	return cmd
}

type cardJSON struct {
	ID        string  `json:"id"`
	Deck      string  `json:"deck"`
	Kind      string  `json:"kind"` // basic, reverse, cloze or rubric
	Topic     string  `json:"topic"`
	Front     string  `json:"front"`
	Back      string  `json:"back"`
	Reps      int     `json:"reps"`
	Interval  int     `json:"interval"`
	EF        float64 `json:"ef"`
	Due       *string `json:"due"`
	Lapses    int     `json:"lapses"`
	Suspended bool    `json:"suspended"`
	Buried    bool    `json:"buried"`
	Orphaned  bool    `json:"orphaned"`
	Source    string  `json:"source"`
	// Rubric cards only: the interview round and the key points (back is
	// the model answer).
	Round     string   `json:"round,omitempty"`
	KeyPoints []string `json:"key_points,omitempty"`
	// FSRS only, on answered cards.
	Stability      *float64 `json:"stability,omitempty"`
	Difficulty     *float64 `json:"difficulty,omitempty"`
	Retrievability *float64 `json:"retrievability,omitempty"`
}

func runCards(ctx context.Context, a *app, o cardsOptions) error {
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	if o.Filter.Deck, err = resolveDeck(ctx, st, o.Filter.Deck); err != nil {
		return err
	}
	if err := st.RequireFilter(ctx, o.Filter); err != nil {
		return err
	}
	set, err := st.SchedulerSettings(ctx)
	if err != nil {
		return err
	}
	sched, err := set.Scheduler()
	if err != nil {
		return err
	}
	day := a.day()
	today := day.String()
	toJSON := func(c data.Card) cardJSON {
		j := cardJSON{ID: c.ID, Deck: c.DeckID, Kind: string(c.Kind), Topic: c.Topic, Front: c.Front, Back: c.Back,
			Round: c.Round, KeyPoints: c.KeyPoints,
			Reps: c.State.Reps, Interval: c.State.Interval, EF: c.State.EF, Lapses: c.Lapses,
			Suspended: c.Suspended, Buried: c.BuriedUntil > today, Orphaned: c.Orphaned,
			Source: fmt.Sprintf("%s:%d", c.File, c.Line)}
		if c.Due != "" {
			due := c.Due
			j.Due = &due
			if set.Algorithm == "fsrs" {
				s, d, r := c.Stability, c.Difficulty, round4(sched.Recall(c.Memory(), c.Elapsed(day)))
				j.Stability, j.Difficulty, j.Retrievability = &s, &d, &r
			}
		}
		return j
	}
	if o.JSON { // streamed: memory does not grow with the collection
		arr := newJSONArray(a.Out)
		err := st.EachCard(ctx, o.Filter, func(c data.Card) error {
			if c.Orphaned && !o.Orphaned {
				return nil
			}
			return arr.add(toJSON(c))
		})
		if err != nil {
			return err
		}
		return arr.close()
	}
	var out []cardJSON
	err = st.EachCard(ctx, o.Filter, func(c data.Card) error {
		if !c.Orphaned || o.Orphaned {
			out = append(out, toJSON(c))
		}
		return nil
	})
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(out))
	if !a.OutTTY { // scripts get every column, whole
		for _, c := range out {
			rows = append(rows, []string{c.ID, c.Deck, c.Topic, lineText(c.Front), dueText(c.Due),
				strconv.Itoa(c.Interval), fmt.Sprintf("%.2f", c.EF), strconv.Itoa(c.Lapses), cardState(c)})
		}
		return table(a.Out, a.listing(-1), []string{"ID", "DECK", "TOPIC", "FRONT", "DUE", "IVL", "EF", "LAPSES", "STATE"}, rows)
	}
	// A person gets what fits: the deck and topic are in --json and in
	// the piped listing.
	for _, c := range out {
		rows = append(rows, []string{fit(c.ID, 24), dueText(c.Due), strconv.Itoa(c.Interval), fmt.Sprintf("%.2f", c.EF),
			cardState(c), lineText(c.Front)})
	}
	l := a.listing(5)
	l.drop = []int{2, 3} // on a narrow terminal EF goes first, then IVL
	return table(a.Out, l, []string{"ID", "DUE", "IVL", "EF", "STATE", "FRONT"}, rows)
}

func dueText(due *string) string {
	if due == nil {
		return "new"
	}
	return *due
}

func cardState(c cardJSON) string {
	switch {
	case c.Orphaned:
		return "orphaned"
	case c.Suspended:
		return "suspended"
	case c.Buried:
		return "buried"
	}
	return ""
}

func runCardFlag(ctx context.Context, a *app, kind string, ids []string) error {
	a.writes = true
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	seqs, err := st.SetFlag(ctx, kind, ids, a.now(), a.day())
	if err != nil {
		return err
	}
	for i, id := range ids {
		if seqs[i] == 0 {
			fmt.Fprintf(a.Err, "%s: nothing to do (already %s)\n", clean(id), map[string]string{"suspend": "suspended", "unsuspend": "not suspended", "unbury": "not buried"}[kind])
			continue
		}
		fmt.Fprintf(a.Out, "%s %s\n", clean(id), map[string]string{"suspend": "suspended", "unsuspend": "unsuspended", "unbury": "unburied"}[kind])
	}
	return nil
}

// round4 rounds a probability to 4 decimals, as the stats rates are.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
