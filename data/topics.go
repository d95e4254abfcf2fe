package data

import (
	"context"
	"database/sql"
	"fmt"
)

// deckTopics are the topic ids of one deck (the topics table of
// 0010_topics.sql), by topic, loaded once for an import's writes; a topic
// met for the first time gets the next id.
type deckTopics struct {
	tx   *sql.Tx
	deck string
	ids  map[string]int64
}

func loadTopics(ctx context.Context, tx *sql.Tx, deckID string) (*deckTopics, error) {
	t := &deckTopics{tx: tx, deck: deckID, ids: map[string]int64{}}
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM topics WHERE deck_id = ?", deckID)
	if err != nil {
		return nil, fmt.Errorf("read the topics of deck %s: %w", deckID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("read the topics of deck %s: %w", deckID, err)
		}
		t.ids[name] = id
	}
	return t, rows.Err()
}

// id returns the id of topic, adding the topic if it is new.
func (t *deckTopics) id(ctx context.Context, topic string) (int64, error) {
	if id, ok := t.ids[topic]; ok {
		return id, nil
	}
	var id int64
	err := t.tx.QueryRowContext(ctx, "INSERT INTO topics (deck_id, name) VALUES (?, ?) RETURNING id", t.deck, topic).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add topic %q of deck %s: %w", topic, t.deck, err)
	}
	t.ids[topic] = id
	return id, nil
}
