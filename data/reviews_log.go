package data

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aipmhq/aipm/srs"
	"github.com/aipmhq/aipm/srs/fit"
)

// The scheduling answers are what the FSRS tools read: the FSRS review-log
// CSV (export and import --reviews), the calibration of stats and the fit
// of optimize. They are the live review rows, in log order: no re-drill,
// no cram answer, nothing undone; and the history rows, the past answers
// an Anki package brought in before its baseline, so that a card's
// answers in Anki and in aipm form one sequence (its baseline row is not
// an answer and is passed over). A prune row starts its card afresh, as
// replay does.

// scheduled is one scheduling answer as the log holds it.
type scheduled struct {
	seq         int64
	card        int    // the card's number, in order of first appearance
	id          string // the card's id
	at          string // RFC 3339, UTC; read only for the CSV
	day         srs.Day
	grade       int
	durationMS  int64
	maxInterval sql.NullInt64
	fresh       bool // the card's first answer (or its first since a prune)
}

// eachScheduled calls f for every live scheduling answer in log order.
// withTimes reads the instant and duration too (the CSV needs them; the
// calibration and the fit do not). The log is read in ranges of seq, on
// every core (see scanChunks), each range in one
// read transaction of its own; the answers are then taken in order, each
// range as soon as it is read.
func eachScheduled(ctx context.Context, s *Store, withTimes bool, f func(scheduled) error) error {
	db := s.db
	cancelled, err := cancelledRows(ctx, db, "")
	if err != nil {
		return err
	}
	lo, hi, err := logSpan(ctx, db)
	if err != nil {
		return err
	}
	// A log read in parallel numbers its cards by the cards table, read
	// first: the readers look each row's id up there (all at once, as none
	// writes to it); each reader numbers the ids the table lacks (pruned
	// cards) in its own chunk, and they are numbered here after the table's.
	known := newCardIndex()
	if hi-lo >= scanSplit {
		if known, err = knownCards(s); err != nil {
			return err
		}
	}
	chunks, wait := scanChunks(ctx, s, known, lo, hi, withTimes)
	defer wait()
	base := int32(len(known.ids))
	others := newCardIndex()
	id := func(c int32) string {
		if c < base {
			return known.ids[c]
		}
		return others.ids[c-base]
	}
	answered := make([]bool, base) // by card number: it has an answer (since a prune)
	for _, next := range chunks {
		ch := <-next
		if ch.err != nil {
			return ch.err
		}
		local := make([]int32, len(ch.ids)) // the chunk's other ids' numbers
		for i, id := range ch.ids {
			local[i] = base + others.number(id)
		}
		for len(answered) < int(base)+len(others.ids) {
			answered = append(answered, false)
		}
		for i, r := range ch.rows {
			if len(cancelled) > 0 && cancelled[r.seq] {
				continue
			}
			c := r.card
			if c < 0 {
				c = local[-1-c]
			}
			if r.prune {
				answered[c] = false
				continue
			}
			a := scheduled{seq: r.seq, card: int(c), id: id(c), day: srs.Day(r.day), grade: int(r.grade),
				maxInterval: sql.NullInt64{Int64: int64(r.maxInterval), Valid: r.maxInterval >= 0}, fresh: !answered[c]}
			if withTimes {
				a.at, a.durationMS = ch.ats[i], ch.durMS[i]
			}
			answered[c] = true
			if err := f(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// logSpan is the least and the greatest seq of the log (0, 0 when empty).
func logSpan(ctx context.Context, db *sql.DB) (lo, hi int64, err error) {
	// Two subqueries, not min and max in one: SQLite reads a lone min or
	// max off the end of the rowid tree, but both at once scan the table.
	if err := db.QueryRowContext(ctx, `SELECT coalesce((SELECT min(seq) FROM revlog), 0), coalesce((SELECT max(seq) FROM revlog), 0)`).Scan(&lo, &hi); err != nil {
		return 0, 0, fmt.Errorf("read the review log: %w", err)
	}
	return lo, hi, nil
}

// scanSplit is the log length from which eachScheduled reads in parallel.
var scanSplit int64 = 100_000

// scanChunks reads the log's rows with seq in [lo, hi] in ranges, a few a
// core, as many at once as there are cores, the earliest first: range i
// comes on the i-th channel. Its caller takes the answers of one range
// while the next ones are read. Each reader has a connection of its own
// beneath database/sql (see rawConn), each range read in one statement.
// wait stops the reading (of ranges not begun) and waits for the readers:
// call it before returning.
func scanChunks(ctx context.Context, s *Store, known *cardIndex, lo, hi int64, withTimes bool) (chunks []chan logChunk, wait func()) {
	parts, workers := 1, 1
	if hi-lo >= scanSplit {
		workers = runtime.GOMAXPROCS(0)
		parts = 4 * workers
	}
	ctx, cancel := context.WithCancel(ctx)
	chunks = make([]chan logChunk, parts)
	for i := range chunks {
		chunks[i] = make(chan logChunk, 1)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var r *chunkReader
			defer func() { r.close() }()
			for {
				i := int(next.Add(1)) - 1
				if i >= parts || ctx.Err() != nil {
					return
				}
				from := lo + (hi-lo+1)*int64(i)/int64(parts)
				to := lo + (hi-lo+1)*int64(i+1)/int64(parts)
				var ch logChunk
				if r == nil {
					r, ch.err = newChunkReader(s, withTimes)
				}
				if ch.err == nil {
					ch = r.read(ctx, known, from, to)
				}
				chunks[i] <- ch
			}
		})
	}
	return chunks, func() { cancel(); wg.Wait() }
}

// chunkRow is a review or prune row: 24 bytes, as a chunk may hold a
// million. Its card is the card's number in the cards read before the log
// (see eachScheduled), or, for a card not there, -1 - its number among the
// chunk's others (logChunk.ids).
type chunkRow struct {
	seq         int64
	card        int32
	day         int32
	maxInterval int32 // -1 for NULL
	grade       int8
	prune       bool
}

type logChunk struct {
	rows  []chunkRow
	ats   []string // by row, when read with times
	durMS []int64
	ids   []string // the cards not known before, by number
	err   error
}

// chunkReader reads ranges of the log on one connection of its own.
type chunkReader struct {
	conn      *rawConn
	stmt      *rawStmt
	withTimes bool
	days      map[string]srs.Day // parsed days, kept across ranges
}

// newChunkReader opens a connection and prepares the range's query. A row
// is its seq, card id, day, kind, grade and cap, and with times the
// instant and duration too.
func newChunkReader(s *Store, withTimes bool) (*chunkReader, error) {
	conn, err := openRaw(s.path, s.busy)
	if err != nil {
		return nil, fmt.Errorf("read the review log: %w", err)
	}
	// Without the instants, the index revlog_scheduled holds every column
	// (migration 0008).
	const cols = `SELECT r.seq, r.card_id, r.day, r.kind, r.grade, r.max_interval`
	query := cols + ` FROM revlog r INDEXED BY revlog_scheduled`
	if withTimes {
		query = cols + `, r.at, r.duration_ms FROM revlog r`
	}
	stmt, err := conn.prepare(query + `
		WHERE r.seq >= ? AND r.seq < ? AND r.kind IN ('review', 'history', 'prune') ORDER BY r.seq`)
	if err != nil {
		conn.close()
		return nil, fmt.Errorf("read the review log: %w", err)
	}
	return &chunkReader{conn: conn, stmt: stmt, withTimes: withTimes, days: map[string]srs.Day{}}, nil
}

func (r *chunkReader) close() {
	if r != nil {
		r.stmt.close()
		r.conn.close()
	}
}

// read reads the review and prune rows with seq in [from, to).
func (r *chunkReader) read(ctx context.Context, known *cardIndex, from, to int64) logChunk {
	// Room for a range's rows at once (seq is dense in a log aipm wrote),
	// up to a bound, as a range given may be wider than the log.
	ch := logChunk{rows: make([]chunkRow, 0, min(max(to-from, 0), 1<<18))}
	fail := func(err error) logChunk {
		ch.err = fmt.Errorf("read the review log: %w", err)
		return ch
	}
	if err := r.stmt.start(from, to); err != nil {
		return fail(err)
	}
	defer r.stmt.start() // ends the read transaction
	st := r.stmt
	cards := newCardIndex()
	var lastDay []byte
	var lastD srs.Day
	for n := 0; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			return fail(ctx.Err())
		}
		more, err := st.next()
		if err != nil {
			return fail(err)
		} else if !more {
			ch.ids = cards.ids
			return ch
		}
		row := chunkRow{seq: st.int64(0), maxInterval: -1}
		id := st.view(1)
		if c, ok := known.lookup(id); ok {
			row.card = c
		} else {
			row.card = -1 - cards.number(id)
		}
		row.prune = string(st.text(3)) == "prune"
		// A negative cap is none; one beyond 2^30 days is 2^30, as
		// chunkRow holds it.
		// A NULL reads as 0, so only a 0 needs its type asked.
		if cap := st.int64(5); cap > 0 || cap == 0 && !st.null(5) {
			row.maxInterval = int32(min(cap, 1<<30))
		}
		grade := int(st.int64(4))
		if grade == 0 && st.null(4) {
			grade = -1
		}
		if !row.prune {
			// Rows come in log order, so a day mostly repeats the last one.
			if day := st.text(2); len(lastDay) == 0 || !bytes.Equal(day, lastDay) {
				lastDay = append(lastDay[:0], day...)
				var ok bool
				if lastD, ok = r.days[string(day)]; !ok {
					if lastD, err = srs.ParseDay(string(day)); err != nil {
						ch.err = fmt.Errorf("log row %d has day %q: %w", row.seq, day, err)
						return ch
					}
					r.days[string(day)] = lastD
				}
			}
			if !srs.Grade(grade).Valid() {
				ch.err = fmt.Errorf("log row %d is a review with no grade; run aipm doctor", row.seq)
				return ch
			}
			row.day, row.grade = int32(lastD), int8(grade)
		}
		ch.rows = append(ch.rows, row)
		if r.withTimes {
			ch.ats, ch.durMS = append(ch.ats, string(st.text(6))), append(ch.durMS, st.int64(7))
		}
	}
}

// ReviewLog is the collection's scheduling answers, ready for calibration
// and fitting.
type ReviewLog struct {
	Log     *fit.Log
	Answers int // scheduling answers, first answers included
	// sm2 is the interval SM-2 had given each card before each of its
	// answers, under the cap of the day (the stability SM-2's recall is
	// predicted from).
	sm2 [][]float64
}

// ReviewLog reads the scheduling answers. A card's sequence is its answers
// on different days: an answer dated on or before the card's previous one
// (a clock set back) is left out of the fit, as it predicts nothing.
//
// A card's answers since its last prune form one sequence; sequences are
// numbered in order of their first answer. The answers are taken in log
// order into one array, then placed by sequence (a counting sort, which
// keeps log order within each) into one array of fit.Answer, each
// sequence a part of it, and each sequence is turned into its FSRS answers
// and SM-2's intervals on every core.
func (s *Store) ReviewLog(ctx context.Context) (*ReviewLog, error) {
	type row struct {
		seq      int64
		day, cap int32
		grade    int8
	}
	lo, hi, err := logSpan(ctx, s.db)
	if err != nil {
		return nil, err
	}
	// The log's length bounds the answers: room for them all at once (up
	// to two million), rather than copies as they grow.
	size := min(hi-lo+1, 1<<21)
	rows := make([]row, 0, size)
	rowSeq := make([]int32, 0, size) // by row: its sequence
	var seqLen []int32               // by sequence: its rows
	var open []int32                 // by card number: its sequence
	err = eachScheduled(ctx, s, false, func(a scheduled) error {
		for len(open) <= a.card { // a card's number comes with its first row, a prune maybe
			open = append(open, -1)
		}
		if a.fresh {
			open[a.card] = int32(len(seqLen))
			seqLen = append(seqLen, 0)
		}
		q := open[a.card]
		seqLen[q]++
		rows = append(rows, row{seq: a.seq, day: int32(a.day), cap: int32(a.maxInterval.Int64), grade: int8(a.grade)})
		rowSeq = append(rowSeq, q)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// off[q] is where sequence q's answers begin; at places the rows.
	off := make([]int32, len(seqLen)+1)
	for q, n := range seqLen {
		off[q+1] = off[q] + n
	}
	at := make([]int32, len(rows))
	next := slices.Clone(off[:len(seqLen)])
	for i, q := range rowSeq {
		at[next[q]] = int32(i)
		next[q]++
	}
	rowSeq, next = nil, nil
	answers := make([]fit.Answer, len(rows))
	sm2 := make([]float64, len(rows))
	cards := make([]fit.Card, len(seqLen))
	out := &ReviewLog{Answers: len(rows), sm2: make([][]float64, len(seqLen))}
	var failed atomic.Pointer[error]
	seq := func(q int) {
		lo, hi := off[q], off[q+1]
		k := lo
		state, last, cap := srs.NewState, srs.Day(0), 0
		for _, i := range at[lo:hi] {
			r := rows[i]
			g, day := srs.Grade(r.grade), srs.Day(r.day)
			switch {
			case k == lo:
				answers[k], sm2[k] = fit.Answer{Rating: int(g.Rating()), At: r.seq}, 0
			case day > last:
				iv := state.Interval
				if cap > 0 && iv > cap {
					iv = cap
				}
				answers[k], sm2[k] = fit.Answer{Rating: int(g.Rating()), DeltaT: int(day - last), At: r.seq}, float64(iv)
			default:
				continue // same day or earlier: see above
			}
			k++
			ns, err := srs.Next(state, int(r.grade))
			if err != nil {
				failed.CompareAndSwap(nil, &err)
				return
			}
			state, last, cap = ns, day, int(r.cap)
		}
		cards[q], out.sm2[q] = answers[lo:k:k], sm2[lo:k:k]
	}
	fit.ForEach(len(seqLen), func(from, to int) {
		for q := from; q < to; q++ {
			seq(q)
		}
	})
	if err := failed.Load(); err != nil {
		return nil, *err
	}
	out.Log, err = fit.NewLog(cards)
	return out, err
}

// SM2 predicts each item's recall from SM-2's interval before it, on
// FSRS-6's forgetting curve with the default decay: SM-2 schedules a review
// for the day it takes recall to fall to 90%, which is what FSRS calls the
// stability.
func (r *ReviewLog) SM2(l *fit.Log) *fit.Prediction {
	return l.PredictStability(fit.DefaultWeights[20], func(card, k int) float64 { return r.sm2[card][k] })
}

// msOf is an RFC 3339 instant in epoch milliseconds.
func msOf(at string) (int64, error) {
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return 0, err
	}
	return t.UnixMilli(), nil
}
