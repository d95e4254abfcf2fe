package data

import (
	"context"
	"database/sql"
	"fmt"
)

// migrationCode is the Go part of a migration step, by step number: it runs
// right after the step's SQL, in the same transaction.
var migrationCode = map[int]func(context.Context, *sql.Tx) error{
	2: rekeyCards,
}

// rekeyCards is migration 0002: every stored card gets the key that
// deck.MakeKey gives its stored deck, kind, source and group today, with
// "#2", "#3", … on repeats in file order as the parser gives them
// (deck.setKeys). Live cards are numbered in file order; orphans, which
// left their files at different times, are numbered among themselves. Two
// cards whose fronts differed only in case shared a key before (the second
// had "#2"); now each has its own, so neither can take the other's history.
func rekeyCards(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM decks ORDER BY id")
	if err != nil {
		return fmt.Errorf("re-key cards: %w", err)
	}
	var decks []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("re-key cards: %w", err)
		}
		decks = append(decks, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("re-key cards: %w", err)
	}
	upd, err := tx.PrepareContext(ctx, "UPDATE cards SET key = ? WHERE id = ?")
	if err != nil {
		return fmt.Errorf("re-key cards: %w", err)
	}
	defer upd.Close()
	for _, d := range decks {
		old, err := loadOld(ctx, tx, d)
		if err != nil {
			return err
		}
		was := make([]string, len(old))
		for i := range old {
			was[i] = old[i].key
		}
		rekeyFor(d, old)
		for i, o := range old {
			if o.key == was[i] {
				continue
			}
			if _, err := upd.ExecContext(ctx, o.key, o.id); err != nil {
				return fmt.Errorf("re-key card %s: %w", o.id, err)
			}
		}
	}
	return nil
}
