package data

import "context"

// Topics lists the topics of the live cards of deck (of every deck when
// deck is ""), each once, in deck and file order: what --topic accepts.
func (s *Store) Topics(ctx context.Context, deck string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT topic FROM cards
		WHERE orphaned = 0 AND (? = '' OR deck_id = ?)
		GROUP BY topic COLLATE NOCASE ORDER BY min(deck_ord), min(ord)`, deck, deck)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
