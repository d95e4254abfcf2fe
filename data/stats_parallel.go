package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Stats computes every figure from one state of the collection. The card
// figures (the per-topic counts, forecast, lists, rubric rounds) and the
// log figures (today, and one pass over the last year for the heatmap,
// streak and retention) take about as long as each other on a big
// collection, so they run at once, on two connections,
// each in a read transaction of its own. Both transactions are begun
// first and read the same marks of the collection's state (the last log
// row, and the meta table, which holds the cards' generation and the
// scheduler); when a write came between the two, so that the marks
// differ, every figure is computed on one connection instead.
func (s *Store) Stats(ctx context.Context, q StatsQuery) (*Stats, error) {
	if q.Days <= 0 {
		q.Days = 7
	}
	if q.Top <= 0 {
		q.Top = 5
	}
	a, err := s.readSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer a.close()
	if betweenSnapshots != nil {
		betweenSnapshots()
	}
	b, err := s.readSnapshot(ctx)
	if err != nil || b.mark != a.mark {
		if err == nil {
			b.close()
		}
		st, err := stats(ctx, a.conn, q)
		if err != nil {
			return nil, s.statsErr(err)
		}
		return st, nil
	}
	defer b.close()
	st := &Stats{Day: q.Day.String()}
	var cards Stats
	done := make(chan error, 1)
	go func() { done <- cardStats(ctx, b.conn, q, &cards) }()
	err = logStats(ctx, a.conn, q, st)
	if cerr := <-done; err == nil {
		err = cerr
	}
	if err != nil {
		return nil, s.statsErr(err)
	}
	st.Scheduler, st.Topics, st.Decks, st.Cards, st.Due = cards.Scheduler, cards.Topics, cards.Decks, cards.Cards, cards.Due
	st.Forecast, st.Leeches, st.Hardest, st.Rounds = cards.Forecast, cards.Leeches, cards.Hardest, cards.Rounds
	return st, nil
}

// betweenSnapshots, when set (by tests), runs after the first snapshot
// is taken and before the second.
var betweenSnapshots func()

// snapshot is one connection holding a read transaction, and the marks of
// the state it reads.
type snapshot struct {
	conn *sql.Conn
	mark string
}

// readSnapshot begins a read transaction on a connection of its own. A
// deferred transaction takes no write lock; its snapshot starts at its
// first read, the marks. (BeginTx would be BEGIN IMMEDIATE, from the DSN.)
func (s *Store) readSnapshot(ctx context.Context) (*snapshot, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("read stats: %w", err)
	}
	sn := &snapshot{conn: conn}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return nil, s.statsErr(err)
	}
	err = conn.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM revlog), 0) || ' ' ||
		coalesce((SELECT group_concat(key || '=' || value, ' ') FROM (SELECT key, value FROM meta ORDER BY key)), '')`).Scan(&sn.mark)
	if err != nil {
		sn.close()
		return nil, s.statsErr(err)
	}
	return sn, nil
}

func (sn *snapshot) close() {
	sn.conn.ExecContext(context.Background(), "ROLLBACK")
	sn.conn.Close()
}
