package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Stats computes every figure from one state of the collection. The card
// figures (the per-topic counts, forecast, lists, rubric rounds) and the
// log figures (today, and one pass over the last year for the heatmap,
// streak and retention, read as two halves) run at once on three
// connections, each in a read transaction of its own: the three take about
// as long as each other on a big collection. The transactions are all
// begun first and read the same marks of the collection's state (the last
// log row, and the meta table, which holds the cards' generation and the
// scheduler); when a write came between them, so that the marks differ,
// every figure is computed on the first connection instead.
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
	var more []*snapshot
	defer func() {
		for _, sn := range more {
			sn.close()
		}
	}()
	for len(more) < 2 {
		sn, err := s.readSnapshot(ctx)
		if err != nil || sn.mark != a.mark {
			if err == nil {
				sn.close()
			}
			st, err := stats(ctx, a.conn, q)
			if err != nil {
				return nil, s.statsErr(err)
			}
			return st, nil
		}
		more = append(more, sn)
	}
	// The card figures and the log figures are distinct fields of st:
	// cardStats fills in its own while this goroutine fills in the others.
	st := &Stats{Day: q.Day.String()}
	var older []answerDay
	mid := q.Day.Add(1 - RetentionDays/2) // the newer half starts here
	done := make(chan error, 2)
	go func() { done <- cardStats(ctx, more[0].conn, q, st) }()
	go func() {
		var err error
		older, err = answersByDay(ctx, more[1].conn, q.Day.Add(1-RetentionDays), mid.Add(-1), q.Filter)
		done <- err
	}()
	var newer []answerDay
	st.Today, err = today(ctx, a.conn, q.Day, q.Filter)
	if err == nil {
		newer, err = answersByDay(ctx, a.conn, mid, q.Day, q.Filter)
	}
	for range 2 {
		if cerr := <-done; err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = dayFiguresOf(ctx, a.conn, append(older, newer...), q.Day, q.Filter, st)
	}
	if err != nil {
		return nil, s.statsErr(err)
	}
	return st, nil
}

// betweenSnapshots, when set (by tests), runs after the first snapshot
// is taken and before the others.
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
