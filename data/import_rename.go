package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"

	"github.com/aipmhq/aipm/deck"
)

// fileGone reports whether a stored deck's file is no longer there. A
// variable, so that tests can say which files exist.
var fileGone = func(path string) bool {
	_, err := os.Lstat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// findRenamed looks for the stored deck that a new deck d was renamed from:
// a user deck that is not in this import, whose file no longer exists, and
// that holds more than half of d's cards (the same kind, text and group). Of
// several, the one holding the most wins. Two decks whose files both still
// exist are never merged: a copied file is a new deck.
//
// texts caches, by stored deck, the deck-free keys of its live cards, so
// that a folder of moved files loads each stored deck once.
func findRenamed(ctx context.Context, q queryer, d *deck.Deck, inImport, claimed map[string]bool, texts map[string]map[string]bool) (string, error) {
	if q == nil {
		return "", nil
	}
	rows, err := q.QueryContext(ctx, "SELECT id, file FROM decks WHERE builtin = 0 ORDER BY ord")
	if err != nil {
		return "", fmt.Errorf("read decks: %w", err)
	}
	var cands []string
	for rows.Next() {
		var id, file string
		if err := rows.Scan(&id, &file); err != nil {
			rows.Close()
			return "", fmt.Errorf("read decks: %w", err)
		}
		if !inImport[id] && !claimed[id] && file != d.File && fileGone(file) {
			cands = append(cands, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(cands) == 0 {
		return "", err
	}
	if err := hydrate(d); err != nil { // the keys below are made from the texts
		return "", err
	}
	best, most := "", len(d.Cards)/2
	for _, id := range cands {
		have, ok := texts[id]
		if !ok {
			old, err := loadOld(ctx, q, id)
			if err != nil {
				return "", err
			}
			have = make(map[string]bool, len(old))
			for _, o := range old {
				if !o.orphaned {
					have[deck.MakeKey("", deck.Kind(o.kind), o.source, o.grp)] = true
				}
			}
			texts[id] = have
		}
		n := 0
		for _, c := range d.Cards {
			if have[deck.MakeKey("", c.Kind, c.Source, c.Group)] {
				n++
			}
		}
		if n > most {
			best, most = id, n
		}
	}
	return best, nil
}

// rekeyFor gives stored cards the keys they would have in the deck with
// id deckID, numbering repeats as the parser does (live cards in file
// order; orphans among themselves, as migration 0002 does).
func rekeyFor(deckID string, old []oldCard) {
	seen := map[string]int{}
	for i := range old {
		o := &old[i]
		k := deck.MakeKey(deckID, deck.Kind(o.kind), o.source, o.grp)
		scope := k + "\x00" + strconv.FormatBool(o.orphaned)
		if seen[scope]++; seen[scope] > 1 {
			k += "#" + strconv.Itoa(seen[scope])
		}
		o.key = k
	}
}
