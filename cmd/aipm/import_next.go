package main

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/data"
)

// After an import: how to start the decks that got new cards, and whether
// the shared new-card limit makes their cards wait behind other decks.

// maxNextDecks is how many decks the hint names one by one.
const maxNextDecks = 3

func (a *app) importNext(ctx context.Context, st *data.Store, o importOptions, sum *data.Summary) error {
	if o.DryRun || o.JSON {
		return nil
	}
	var added []string
	for _, d := range sum.Decks {
		if !d.Skipped && d.Added > 0 {
			added = append(added, d.ID)
		}
	}
	if len(added) == 0 || st == nil {
		return nil
	}
	if len(added) > maxNextDecks {
		fmt.Fprintln(a.Err, msgNewDecks(len(added)))
		return nil
	}
	decks, err := st.NewByDeck(ctx) // decks with no new cards are none ahead
	if err != nil {
		return err
	}
	today, err := st.Counts(ctx, a.day())
	if err != nil {
		return err
	}
	left := max(a.cfg.NewPerDay-today.New, 0)
	for _, id := range added {
		// The new cards of the decks before this one come first (new_order
		// deck), and the limit is shared by every deck.
		ahead, mine := 0, 0
		for _, d := range decks {
			if d.ID == id {
				mine = d.New
				break
			}
			ahead += d.New
		}
		cmd := "aipm review --deck " + quoteArg(clean(id), false)
		switch {
		case mine == 0:
			continue
		case a.cfg.NewOrder == "deck" && ahead > 0 && ahead >= left:
			fmt.Fprintln(a.Err, a.errWrap(msgWaits(clean(id), cmd, mine, ahead, a.cfg.NewPerDay)))
		default:
			fmt.Fprintln(a.Err, a.errWrap(fmt.Sprintf("Start %s: `%s` (or `aipm review` for every deck).", clean(id), cmd)))
		}
	}
	return nil
}
