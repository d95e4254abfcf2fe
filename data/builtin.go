package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/deck"
)

// BuiltinHash identifies a version of the built-in decks.
func BuiltinHash(decks []*deck.Deck) string {
	h := sha256.New()
	for _, d := range decks {
		fmt.Fprintf(h, "deck\x00%s\x00%s\x00", d.ID, d.Name)
		for _, c := range d.Cards {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00", c.Kind, c.Topic, c.Front, c.Back, c.Pin, c.Key, c.Group, c.Line)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// BuiltinState reads whether the built-in decks are installed and at which
// version: "" when they never were (or builtin_decks was off at creation).
func (s *Store) BuiltinState(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'builtin_hash'").Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// SyncBuiltin installs the built-in decks, or updates them in place when
// their content differs from the installed version, keeping progress
// through the import's identity rules: an edited card keeps its id and
// schedule, a new card is added, a card the new version drops is orphaned
// (it keeps its history and leaves review), and so are the cards of a
// built-in deck the new version no longer has. All of it, and the new
// version's hash, is written in one transaction. An update (not the first
// install) is preceded by a backup. It returns what changed; that summary
// is never part of an import's.
func (s *Store) SyncBuiltin(ctx context.Context, decks []*deck.Deck, opts ImportOptions) (*Summary, error) {
	return s.SyncBuiltinAs(ctx, decks, BuiltinHash(decks), opts)
}

// SyncBuiltinAs is SyncBuiltin with the version's hash given by the
// caller, who may compute it more cheaply (from the deck files' bytes)
// than from the parsed cards, and so skip the parse when nothing changed.
func (s *Store) SyncBuiltinAs(ctx context.Context, decks []*deck.Deck, hash string, opts ImportOptions) (*Summary, error) {
	opts.Builtin, opts.DryRun, opts.Prune = true, false, false
	cur, err := s.BuiltinState(ctx)
	if err != nil {
		return nil, err
	}
	if cur == hash {
		return &Summary{}, nil
	}
	opts.Backup = cur != ""
	sum, err := s.importTx(ctx, decks, opts, func(tx *sql.Tx) error {
		keep := []any{}
		marks := []string{}
		for _, d := range decks {
			keep = append(keep, d.ID)
			marks = append(marks, "?")
		}
		q := `UPDATE cards SET orphaned = 1 WHERE orphaned = 0 AND deck_id IN (SELECT id FROM decks WHERE builtin = 1`
		if len(marks) > 0 {
			q += ` AND id NOT IN (` + strings.Join(marks, ", ") + `)`
		}
		if _, err := tx.ExecContext(ctx, q+`)`, keep...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('builtin_hash', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, hash)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("install the built-in decks: %w", err)
	}
	return sum, nil
}
