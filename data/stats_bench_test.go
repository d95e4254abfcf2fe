package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// The stats benchmarks run on a big collection: 100,000 cards and
// 1,000,000 scheduling answers by default (with -short: 2,000 and 20,000).
//
//	AIPM_STATS_BENCH=cards,reviews   another size
//	AIPM_STATS_BENCH_DB=path         build the database there (default: a
//	                                 file named by the size in $TMPDIR)
//
// A database already at that path is reused, so the big one (a minute or
// more to build) is built once, and `aipm --db PATH stats` can be timed on
// it. It is only built under -bench; delete the file to rebuild it.
//
//	go test ./data/ -run '^$' -bench Stats -benchtime 10x

// statsBenchToday is the day the benchmark history ends on.
var statsBenchToday = srs.Date(2026, 12, 1)

var statsBench struct {
	once sync.Once
	path string
	err  error
}

func statsBenchStore(b *testing.B) *Store {
	b.Helper()
	cards, reviews := 100_000, 1_000_000
	if testing.Short() {
		cards, reviews = 2_000, 20_000
	}
	if v := os.Getenv("AIPM_STATS_BENCH"); v != "" {
		c, r, ok := strings.Cut(v, ",")
		var err1, err2 error
		cards, err1 = strconv.Atoi(c)
		reviews, err2 = strconv.Atoi(r)
		if !ok || err1 != nil || err2 != nil {
			b.Fatalf("AIPM_STATS_BENCH=%q: want cards,reviews", v)
		}
	}
	statsBench.once.Do(func() {
		path := os.Getenv("AIPM_STATS_BENCH_DB")
		if path == "" {
			path = filepath.Join(os.TempDir(), fmt.Sprintf("aipm-stats-bench-g5-s%d-%d-%d.db", SchemaVersion(), cards, reviews))
		}
		statsBench.path = path
		if _, err := os.Stat(path); err == nil {
			return
		}
		// Build under another name, so that an interrupted build is never
		// taken for a finished one.
		start, tmp := time.Now(), path+".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		if statsBench.err = buildStatsBenchDB(tmp, cards, reviews, statsBenchToday); statsBench.err != nil {
			return
		}
		statsBench.err = os.Rename(tmp, path)
		fmt.Fprintf(os.Stderr, "built %s (%d cards, %d reviews) in %s\n", path, cards, reviews, time.Since(start).Round(time.Second))
	})
	if statsBench.err != nil {
		b.Fatal(statsBench.err)
	}
	s, err := Open(context.Background(), statsBench.path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// buildStatsBenchDB writes a collection of n cards whose simulated SM-2
// histories hold at least reviews scheduling answers (whole histories, so
// every card's state agrees with its log), ending the day before today.
// Decks have 2,000 cards in 20 topics. Cards start on a day in the last two
// years; about 12% of answers fail, and every answer below 4 is followed by
// a re-drill. About 1 answer in 200 is undone and answered again, 1 card in
// 50 has a cram answer, 1 in 100 is suspended; cards left over once the
// reviews are simulated stay new. The log is written in day order, as a
// real collection's is.
func buildStatsBenchDB(path string, n, reviews int, today srs.Day) error {
	type event struct {
		card          int32
		kind          string
		day           srs.Day
		grade         int8
		before, after srs.State
		dueB, dueA    srs.Day // 0: none
	}
	type cardState struct {
		id     string
		st     srs.State
		due    srs.Day
		lapses int
	}
	r := rand.New(rand.NewPCG(1, uint64(n)))
	grade := func() int {
		switch x := r.Float64(); {
		case x < 0.12:
			return 1 + r.IntN(2)
		case x < 0.37:
			return 3
		case x < 0.8:
			return 4
		default:
			return 5
		}
	}
	cards := make([]cardState, n)
	var log []event
	written := 0
	for i := range cards {
		c := &cards[i]
		c.id, c.st = fmt.Sprintf("%016x", r.Uint64()), srs.NewState
		if written >= reviews || r.IntN(100) >= 88 {
			continue
		}
		for day := today.Add(-1 - r.IntN(730)); day < today; {
			g := grade()
			next, err := srs.Next(c.st, g)
			if err != nil {
				return err
			}
			dueA := day.Add(next.Interval)
			e := event{card: int32(i), kind: "review", day: day, grade: int8(g), before: c.st, after: next, dueB: c.due, dueA: dueA}
			if r.IntN(200) == 0 {
				undo := event{card: int32(i), kind: "undo", day: day, before: next, after: c.st, dueB: dueA, dueA: c.due}
				log = append(log, e, undo)
			}
			log = append(log, e)
			written++
			if srs.Lapse(c.st, g) {
				c.lapses++
			}
			if g < 4 {
				log = append(log, event{card: int32(i), kind: "redrill", day: day, grade: 4, before: next, after: next, dueB: dueA, dueA: dueA})
			}
			c.st, c.due, day = next, dueA, dueA
		}
		if r.IntN(50) == 0 {
			log = append(log, event{card: int32(i), kind: "cram", day: today.Add(-1 - r.IntN(30)), grade: int8(grade()),
				before: c.st, after: c.st, dueB: c.due, dueA: c.due})
		}
	}
	if written < reviews {
		return fmt.Errorf("simulated only %d of %d reviews: use more cards", written, reviews)
	}
	// Day order; within a day, each card's rows stay together and in order.
	sort.SliceStable(log, func(i, j int) bool { return log[i].day < log[j].day })

	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for d := 0; d*2000 < n; d++ {
		id := fmt.Sprintf("deck-%03d", d)
		if _, err := tx.ExecContext(ctx, `INSERT INTO decks (id, name, file, ord, created_at)
			VALUES (?, ?, ?, ?, '2024-01-01T00:00:00Z')`, id, fmt.Sprintf("Deck %d", d), id+".md", d); err != nil {
			return err
		}
		for k := range 20 {
			if _, err := tx.ExecContext(ctx, "INSERT INTO topics (id, deck_id, name) VALUES (?, ?, ?)",
				d*20+k+1, id, fmt.Sprintf("Topic %02d of deck %d", k, d)); err != nil {
				return err
			}
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, topic,
		front, back, source, file, line, reps, interval, ef, due, lapses, suspended, topic_id)
		VALUES (?, ?, ?, ?, ?, 'basic', ?, ?, 'back', 'source', ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	day := func(d srs.Day) any {
		if d == 0 {
			return nil
		}
		return d.String()
	}
	for i, c := range cards {
		d, ord := i/2000, i%2000
		deckID := fmt.Sprintf("deck-%03d", d)
		topic := fmt.Sprintf("Topic %02d of deck %d", ord%20, d)
		if _, err := ins.ExecContext(ctx, c.id, deckID, d, ord, c.id, topic,
			fmt.Sprintf("What does term %d of %s mean for an AI product, and when does it matter?", ord, topic),
			deckID+".md", ord*3+1, c.st.Reps, c.st.Interval, ef100(c.st.EF), day(c.due), c.lapses, b2i(r.IntN(100) == 0), d*20+ord%20+1); err != nil {
			return err
		}
	}
	row, err := tx.PrepareContext(ctx, `INSERT INTO revlog (card_id, kind, at, day, grade,
		reps_before, interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after,
		duration_ms, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	var prev int64
	for i, e := range log {
		var g, undoes any = int(e.grade), nil
		if e.kind == "undo" {
			g, undoes = nil, prev
		}
		at := e.day.Time().Add(8*time.Hour + time.Duration(i%40000)*time.Second).Format(time.RFC3339Nano)
		res, err := row.ExecContext(ctx, cards[e.card].id, e.kind, at, e.day.String(), g,
			e.before.Reps, e.before.Interval, ef100(e.before.EF), day(e.dueB),
			e.after.Reps, e.after.Interval, ef100(e.after.EF), day(e.dueA), 2000+r.IntN(18000), undoes)
		if err != nil {
			return err
		}
		if prev, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "ANALYZE")
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// benchStats runs one aggregate b.N times on the benchmark collection.
func benchStats(b *testing.B, fn func(ctx context.Context, db statsDB) error) {
	s := statsBenchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if err := fn(ctx, s.db); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatsAll(b *testing.B) {
	s := statsBenchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Stats(ctx, StatsQuery{Day: statsBenchToday}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatsCards: the per-topic counts, and the per-deck counts summed
// from them.
func BenchmarkStatsCards(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		topics, err := topicCounts(ctx, db, statsBenchToday, Filter{}, DefaultSchedulerSettings())
		if err != nil {
			return err
		}
		_, err = deckCounts(ctx, db, Filter{}, topics)
		return err
	})
}

func BenchmarkStatsToday(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := today(ctx, db, statsBenchToday.Add(-1), Filter{})
		return err
	})
}

func BenchmarkStatsStreak(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := streak(ctx, db, statsBenchToday, Filter{})
		return err
	})
}

func BenchmarkStatsRetention(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := retention(ctx, db, statsBenchToday, Filter{})
		return err
	})
}

// BenchmarkStatsRounds is the rubric section: readiness per round, the
// most-missed key points and the past mocks.
func BenchmarkStatsRounds(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := rounds(ctx, db, Filter{}, 5)
		return err
	})
}

func BenchmarkStatsForecast(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := forecast(ctx, db, statsBenchToday, 30, Filter{})
		return err
	})
}

func BenchmarkStatsHeatmap(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		_, err := heatmap(ctx, db, HeatmapStart(statsBenchToday), statsBenchToday, Filter{})
		return err
	})
}

func BenchmarkStatsLeeches(b *testing.B) {
	benchStats(b, func(ctx context.Context, db statsDB) error {
		if _, err := leeches(ctx, db, Filter{}, 5); err != nil {
			return err
		}
		_, err := hardest(ctx, db, Filter{}, 5, "sm2")
		return err
	})
}

// BenchmarkStatsDeckFilter: --deck joins the log to the cards.
func BenchmarkStatsDeckFilter(b *testing.B) {
	s := statsBenchStore(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Stats(ctx, StatsQuery{Day: statsBenchToday, Filter: Filter{Deck: "deck-001"}}); err != nil {
			b.Fatal(err)
		}
	}
}
