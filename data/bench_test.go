package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// The benchmarks run on generated collections (see fixture.go). They never
// run in `go test ./...`: all their setup is inside Benchmark functions,
// which only run with -bench. The big fixture takes about a minute to build,
// so it is cached across runs in $AIPM_BENCH_CACHE (default: the user cache
// dir, aipm-bench/), under a name that changes with the schema.
//
//	go test -run '^$' -bench . -benchmem ./data/

// benchDay is the fixture's today: its history ends the day before.
var benchDay = srs.Date(2026, 12, 1)

const (
	benchCards   = 100_000
	benchReviews = 1_000_000
)

var fixtureMu sync.Mutex

// benchFixture returns the path of a cached fixture of the given size,
// building it when missing. Callers must not write to it: copy it first.
func benchFixture(b *testing.B, cards, reviews int) string {
	b.Helper()
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	dir := os.Getenv("AIPM_BENCH_CACHE")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			c = os.TempDir()
		}
		dir = filepath.Join(c, "aipm-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	// The name changes with the schema and the generator's sources.
	h := sha256.New()
	for _, m := range steps() {
		io.WriteString(h, m)
	}
	if src, err := os.ReadFile("fixture.go"); err == nil {
		h.Write(src)
	}
	path := filepath.Join(dir, fmt.Sprintf("fixture-%d-%d-%s.db", cards, reviews, hex.EncodeToString(h.Sum(nil))[:12]))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("building %s (once; later runs reuse it)", path)
	tmp := path + ".tmp"
	removeDB(tmp)
	ctx := context.Background()
	s, err := Open(ctx, tmp, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.BuildFixture(ctx, FixtureOptions{Cards: cards, Reviews: reviews, Seed: 1, Today: benchDay}); err != nil {
		s.Close()
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	removeDB(tmp)
	return path
}

// openFixture opens the cached fixture, or a private copy of it when the
// benchmark writes.
func openFixture(b *testing.B, cards, reviews int, write bool) *Store {
	b.Helper()
	path := benchFixture(b, cards, reviews)
	if write {
		cp := filepath.Join(b.TempDir(), "copy.db")
		if err := copyFile(cp, path); err != nil {
			b.Fatal(err)
		}
		path = cp
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// Let Open's background quick_check finish, so that it neither competes
	// for the CPU with the timed loop nor holds up the first write.
	if err := s.Verify(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkImport100k imports one new 100,000-card deck into a fresh
// database; opening the database is outside the timer.
func BenchmarkImport100k(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteFixtureDeck(&buf, "bench", benchCards, 1); err != nil {
		b.Fatal(err)
	}
	d, err := deck.Parse("bench.md", &buf)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	dir := b.TempDir()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		s, err := Open(ctx, filepath.Join(dir, fmt.Sprintf("import-%d.db", i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := s.Import(ctx, []*deck.Deck{d}, ImportOptions{At: benchDay.Time(), Day: benchDay})
		if err != nil || sum.Total().Added != len(d.Cards) {
			b.Fatalf("Import: %v", err)
		}
		b.StopTimer()
		s.Close()
		removeDB(s.Path())
		b.StartTimer()
	}
}

// BenchmarkNextCard is what `aipm review` does before it shows the first
// card of a 100,000-card collection: today's counts, the due, new and
// pending queues, and the first card. The sub-benchmarks time each step.
func BenchmarkNextCard(b *testing.B) {
	s := openFixture(b, benchCards, benchReviews, false)
	ctx := context.Background()
	day := benchDay
	var topic string
	if err := s.db.QueryRow("SELECT topic FROM cards WHERE deck_id = 'fixture-010' LIMIT 1").Scan(&topic); err != nil {
		b.Fatal(err)
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"Counts", func() error { _, err := s.Counts(ctx, day); return err }},
		{"Due", func() error { _, err := s.Due(ctx, day, Filter{}, 200); return err }},
		{"NewCards", func() error { _, err := s.NewCards(ctx, day, Filter{}, 20); return err }},
		{"Pending", func() error { _, err := s.Pending(ctx, day, Filter{}); return err }},
		{"NextDue", func() error { _, err := s.NextDue(ctx, day, Filter{}); return err }},
		{"DueDeck", func() error { _, err := s.Due(ctx, day, Filter{Deck: "fixture-010"}, 200); return err }},
		{"DueTopic", func() error { _, err := s.Due(ctx, day, Filter{Topic: topic}, 200); return err }},
	}
	b.Run("Fill", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n, err := s.Counts(ctx, day)
			if err != nil {
				b.Fatal(err)
			}
			due, err := s.Due(ctx, day, Filter{}, max(200-n.Reviews, 0))
			if err != nil {
				b.Fatal(err)
			}
			fresh, err := s.NewCards(ctx, day, Filter{}, max(20-n.New, 0))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Pending(ctx, day, Filter{}); err != nil {
				b.Fatal(err)
			}
			if len(due) == 0 || len(fresh) == 0 {
				b.Fatalf("fixture has %d due and %d new cards today, want some of each", len(due), len(fresh))
			}
			if _, err := s.Card(ctx, due[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, st := range steps {
		b.Run(st.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := st.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecord commits one answer (one write transaction, synced) on a
// copy of the 100,000-card collection, going through today's due cards.
func BenchmarkRecord(b *testing.B) {
	benchRecord(b, openFixture(b, benchCards, benchReviews, true), func(Answer) {})
}

// benchRecord times Record on s through today's due cards, grade 4,
// handing each answer to seen.
func benchRecord(b *testing.B, s *Store, seen func(Answer)) {
	ctx := context.Background()
	ids, err := s.Due(ctx, benchDay, Filter{}, 100_000)
	if err != nil || len(ids) == 0 {
		b.Fatalf("Due: %d cards, %v", len(ids), err)
	}
	at := benchDay.Time().Add(9 * time.Hour)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		i++
		a, err := s.Record(ctx, Event{CardID: id, Grade: 4, At: at, ShownAt: at, Day: benchDay, Duration: 3 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		seen(a)
	}
}
