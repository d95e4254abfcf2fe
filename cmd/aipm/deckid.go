package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/data"
)

// Deck ids as people type them: --deck matches an id whatever its case,
// and a near miss is told the id it probably meant.

// resolveDeck returns the stored id that id names: itself, or the one id
// equal to it ignoring case. Any other id is an error, which suggests the
// closest id when one is near.
func resolveDeck(ctx context.Context, st *data.Store, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	decks, err := st.Decks(ctx)
	if err != nil {
		return "", err
	}
	for _, d := range decks {
		if d.ID == id {
			return id, nil
		}
	}
	for _, d := range decks {
		if strings.EqualFold(d.ID, id) {
			return d.ID, nil
		}
	}
	if near := nearestDeck(decks, id); near != "" {
		return "", data.Hintf(fmt.Sprintf("did you mean %s? `aipm decks` lists them", near), "no deck with id %q", id)
	}
	return "", &data.NotFoundError{What: "deck", ID: id}
}

// nearestDeck is the id closest to id: within two edits (a third for a
// long id), or the only id that starts with it; "" when none is.
func nearestDeck(decks []data.Deck, id string) string {
	low := strings.ToLower(id)
	best, bestD := "", max(2, len(low)/5)+1
	var prefixed []string
	for _, d := range decks {
		cand := strings.ToLower(d.ID)
		if strings.HasPrefix(cand, low) {
			prefixed = append(prefixed, d.ID)
		}
		if dist := data.EditDistance(low, cand, bestD-1); dist < bestD {
			best, bestD = d.ID, dist
		}
	}
	if best == "" && len(prefixed) == 1 {
		best = prefixed[0]
	}
	return best
}

// missingDeckID is the error of a command that needs a deck id and got
// none: it lists the ids there are.
func (a *app) missingDeckID(ctx context.Context, command string) error {
	st, err := a.openStoreReadExisting(ctx)
	if err != nil {
		return err
	}
	var ids []string
	if st != nil {
		decks, err := st.Decks(ctx)
		if err != nil {
			return err
		}
		for _, d := range decks {
			ids = append(ids, clean(d.ID))
		}
	}
	if len(ids) == 0 {
		return usagef("%s needs a deck id, and there are no decks yet: import one with `aipm import FILE` (or give --reviews for the review log)", command)
	}
	return usagef("%s needs a deck id: %s (`aipm decks` lists them with their names), or --reviews for the review log", command, strings.Join(ids, ", "))
}
