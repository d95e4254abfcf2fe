package data

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// This file builds large, realistic collections for benchmarks: generated
// markdown decks imported through Import, and a simulated review history
// written through LoadHistory. Nothing in aipm itself calls it.

// FixtureOptions describes a generated collection.
type FixtureOptions struct {
	Cards   int     // cards in all, spread over decks of FixtureDeckSize
	Reviews int     // answers to log (scheduling answers and re-drills)
	Seed    uint64  // the same seed gives the same collection
	Today   srs.Day // history ends the day before Today
	Days    int     // length of the history in days; 0 means 730
}

// FixtureDeckSize is the number of cards per generated deck (the last deck
// takes the rest).
const FixtureDeckSize = 2000

// fixtureTopics is the number of ## topics per generated deck.
const fixtureTopics = 20

var fixtureWords = strings.Fields(`model metric precision recall latency launch user
	retention churn evaluation offline online experiment baseline guardrail drift label
	dataset feature embedding ranking prompt token context window hallucination safety
	fairness cost budget roadmap stakeholder tradeoff north-star funnel cohort sample
	threshold classifier regression annotation feedback loop inference training serving
	monitoring rollout holdout variance bias calibration benchmark agent retrieval`)

// WriteFixtureDeck writes a markdown deck of n cards with the given id:
// Q/A cards, some spanning several lines, an R: pair every 25 cards and a
// cloze every 10, under fixtureTopics ## topics. The text is deterministic
// for a seed.
func WriteFixtureDeck(w io.Writer, id string, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, "---\ndeck: Fixture %s\nid: %s\n---\n\n# Fixture %s\n", id, id, id)
	words := func(k int) string {
		var b strings.Builder
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(fixtureWords[rng.IntN(len(fixtureWords))])
		}
		return b.String()
	}
	perTopic := max(1, (n+fixtureTopics-1)/fixtureTopics)
	for i := 0; i < n; {
		if i%perTopic == 0 {
			fmt.Fprintf(bw, "\n## Topic %d: %s\n", i/perTopic+1, words(2))
		}
		switch {
		case i%10 == 9:
			fmt.Fprintf(bw, "\nC: Card %d: the {{%s}} of a %s is %s.\n", i, words(2), words(3), words(4+rng.IntN(8)))
			i++
		case i%25 == 12 && i+1 < n && (i+1)%perTopic != 0:
			fmt.Fprintf(bw, "\nR: Term %d: %s\nA: %s\n", i, words(2), words(5+rng.IntN(10)))
			i += 2
		case i%7 == 3:
			fmt.Fprintf(bw, "\nQ: Question %d: how would you %s?\nA: %s.\n\n- %s\n- %s\n", i, words(4+rng.IntN(6)),
				words(8+rng.IntN(12)), words(5), words(6))
			i++
		default:
			fmt.Fprintf(bw, "\nQ: Question %d: what is %s?\nA: %s.\n", i, words(3+rng.IntN(6)), words(6+rng.IntN(20)))
			i++
		}
	}
	return bw.Flush()
}

// FixtureDecks generates the decks of a collection of n cards and parses
// them, as an import of the files would.
func FixtureDecks(n int, seed uint64) ([]*deck.Deck, error) {
	var out []*deck.Deck
	for i, left := 0, n; left > 0; i++ {
		size := FixtureDeckSize
		if left < 2*FixtureDeckSize {
			size = left
		}
		id := fmt.Sprintf("fixture-%03d", i+1)
		var buf bytes.Buffer
		if err := WriteFixtureDeck(&buf, id, size, seed+uint64(i)); err != nil {
			return nil, err
		}
		d, err := deck.Parse(id+".md", &buf)
		if err != nil {
			return nil, fmt.Errorf("parse generated deck %s: %w", id, err)
		}
		out = append(out, d)
		left -= size
	}
	return out, nil
}

// HistoryEvent is one event of a generated history, for LoadHistory.
type HistoryEvent struct {
	CardID   string
	Suspend  bool // a suspension; otherwise an answer with Grade
	Grade    int
	At       time.Time
	Day      srs.Day
	Duration time.Duration
}

// LoadHistory writes a review history in one transaction. The events must
// come in time order. Each card's first answer of a day is a scheduling
// answer (engine.answer, as Record does); later ones that day are re-drills. The
// cards' stored states are updated at the end, so they agree with the log
// exactly as if every answer had gone through Record. It returns the
// number of log rows written.
func (s *Store) LoadHistory(ctx context.Context, events iter.Seq[HistoryEvent]) (int, error) {
	type cardState struct {
		sched
		answered  srs.Day // the last day with a scheduling answer; -1 for none
		suspended bool
		changed   bool
	}
	rows := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		eng, err := engineTx(ctx, tx)
		if err != nil {
			return err
		}
		cards := map[string]*cardState{}
		var order []string // the cards in table order, for deterministic updates
		q, err := tx.QueryContext(ctx, `SELECT id, reps, interval, ef, stability, difficulty, coalesce(due, ''),
			lapses, suspended FROM cards`)
		if err != nil {
			return err
		}
		for q.Next() {
			var id string
			var ef int
			c := &cardState{answered: -1}
			m := &c.mem
			if err := q.Scan(&id, &m.Reps, &m.Interval, &ef, &m.Stability, &m.Difficulty, &c.due, &c.lapses, &c.suspended); err != nil {
				q.Close()
				return err
			}
			m.EF = float64(ef) / 100
			if c.isNew() {
				c.mem = eng.sched.New()
			}
			cards[id] = c
			order = append(order, id)
		}
		q.Close()
		if err := q.Err(); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO revlog (card_id, kind, at, shown_at, day, grade,
			reps_before, interval_before, ef_before, due_before, stability_before, difficulty_before,
			reps_after, interval_after, ef_after, due_after, stability_after, difficulty_after,
			duration_ms, max_interval, scheduler)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for e := range events {
			c, ok := cards[e.CardID]
			if !ok {
				return &NotFoundError{What: "card", ID: e.CardID}
			}
			before, dueBefore := c.mem, c.due
			kind := srs.LogReview
			var grade, shown, maxInterval, schedID any
			switch {
			case e.Suspend:
				kind = srs.LogSuspend
				c.suspended = true
			case !srs.Grade(e.Grade).Valid():
				return &srs.GradeError{Grade: e.Grade}
			case c.answered == e.Day:
				kind, grade = srs.LogRedrill, e.Grade
			default:
				grade, maxInterval, schedID = e.Grade, 0, eng.id
				if c.sched, err = eng.answer(c.sched, e.Grade, e.Day, 0); err != nil {
					return err
				}
				c.answered = e.Day
			}
			if !e.Suspend {
				shown = e.At.Add(-e.Duration).UTC().Format(time.RFC3339Nano)
			}
			c.changed = true
			a := c.mem
			if _, err := ins.ExecContext(ctx, e.CardID, string(kind), e.At.UTC().Format(time.RFC3339Nano), shown, e.Day.String(), grade,
				before.Reps, before.Interval, ef100(before.EF), nullStr(dueBefore), before.Stability, before.Difficulty,
				a.Reps, a.Interval, ef100(a.EF), nullStr(c.due), a.Stability, a.Difficulty,
				min(e.Duration, MaxAnswerTime).Milliseconds(), maxInterval, schedID); err != nil {
				return fmt.Errorf("log %s of card %s: %w", kind, e.CardID, err)
			}
			rows++
		}
		for _, id := range order {
			c := cards[id]
			if !c.changed {
				continue
			}
			if err := writeState(ctx, tx, id, Replayed{Memory: c.mem, Due: c.due, Lapses: c.lapses, Suspended: c.suspended}); err != nil {
				return err
			}
		}
		return nil
	})
	return rows, err
}

// FixtureSummary is what BuildFixture wrote.
type FixtureSummary struct {
	Decks, Cards, Reviews, Suspended int
	First, Last                      srs.Day // the days of the history
}

// BuildFixture fills an empty store with a generated collection: the
// decks of FixtureDecks, imported as on day Today-Days, then a simulated
// history of about opts.Reviews answers over Days days. Each day the
// simulated user answers the due cards (most overdue first), then new cards
// in deck order, up to that day's share of the answers, then re-drills the
// cards graded below 4. A card that lapses 8 times is suspended, as a leech.
// The history stops short of opts.Reviews only when the cards run out.
func (s *Store) BuildFixture(ctx context.Context, opts FixtureOptions) (FixtureSummary, error) {
	var sum FixtureSummary
	if opts.Days <= 0 {
		opts.Days = 730
	}
	decks, err := FixtureDecks(opts.Cards, opts.Seed)
	if err != nil {
		return sum, err
	}
	first := opts.Today.Add(-opts.Days)
	sum.First, sum.Last = first, opts.Today.Add(-1)
	if _, err := s.Import(ctx, decks, ImportOptions{At: first.Time().Add(8 * time.Hour), Day: first}); err != nil {
		return sum, fmt.Errorf("import the fixture decks: %w", err)
	}
	sum.Decks = len(decks)
	var ids []string
	q, err := s.db.QueryContext(ctx, "SELECT id FROM cards ORDER BY deck_ord, ord")
	if err != nil {
		return sum, err
	}
	for q.Next() {
		var id string
		if err := q.Scan(&id); err != nil {
			q.Close()
			return sum, err
		}
		ids = append(ids, id)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return sum, err
	}
	sum.Cards = len(ids)
	eng, err := engineTx(ctx, s.db)
	if err != nil {
		return sum, err
	}
	sim := &fixtureSim{opts: opts, ids: ids, first: first, eng: eng, rng: rand.New(rand.NewPCG(opts.Seed, 0x5eed))}
	n, err := s.LoadHistory(ctx, sim.events)
	if err != nil {
		return sum, fmt.Errorf("write the fixture history: %w", err)
	}
	sum.Reviews = n - sim.suspended
	sum.Suspended = sim.suspended
	return sum, nil
}

// fixtureSim simulates a user's daily reviews over the history.
type fixtureSim struct {
	opts      FixtureOptions
	ids       []string
	first     srs.Day
	eng       engine
	rng       *rand.Rand
	suspended int
}

type simCard struct {
	sched
	at int // day offset of the next review; -1 while new, -2 once suspended
}

// grade draws an answer: a pass is likelier for a card with a longer
// streak, and less likely the more overdue it is.
func (f *fixtureSim) grade(c *simCard, overdue int, redrill bool) int {
	p := 0.72
	switch {
	case redrill:
		p = 0.8
	case c.mem.Reps > 0:
		p = min(0.95, 0.82+0.03*float64(c.mem.Reps)) - min(0.25, 0.01*float64(overdue))
	}
	r := f.rng.Float64()
	if r < p {
		switch r2 := f.rng.Float64(); {
		case r2 < 0.2:
			return 3
		case r2 < 0.8:
			return 4
		default:
			return 5
		}
	}
	return f.rng.IntN(3)
}

func (f *fixtureSim) events(yield func(HistoryEvent) bool) {
	days, total := f.opts.Days, f.opts.Reviews
	cards := make([]simCard, len(f.ids))
	buckets := make([][]int32, days) // cards due on each day of the history
	var backlog []int32              // cards due and not yet answered, most overdue first
	nextNew := 0
	newCap := max(20, 3*len(cards)/days)
	done := 0
	for d := 0; d < days && done < total; d++ {
		day := f.first.Add(d)
		quota := int(int64(total) * int64(d+1) / int64(days))
		at := day.Time().Add(7*time.Hour + time.Duration(f.rng.IntN(8*60))*time.Minute)
		emit := func(i int32, e HistoryEvent) bool {
			dur := time.Duration(2000+f.rng.IntN(20000)) * time.Millisecond
			at = at.Add(dur + time.Duration(f.rng.IntN(3000))*time.Millisecond)
			e.CardID, e.At, e.Day, e.Duration = f.ids[i], at, day, dur
			return yield(e)
		}
		var pending []int32
		answer := func(i int32) bool {
			c := &cards[i]
			overdue := 0
			if c.at >= 0 {
				overdue = d - c.at
			}
			g := f.grade(c, overdue, false)
			if !emit(i, HistoryEvent{Grade: g}) {
				return false
			}
			done++
			c.sched, _ = f.eng.answer(c.sched, g, day, 0) // grades are 0-5
			c.at = d + c.mem.Interval
			if c.lapses >= 8 {
				f.suspended++
				c.at = -2
				return emit(i, HistoryEvent{Suspend: true})
			}
			if c.at < days {
				buckets[c.at] = append(buckets[c.at], i)
			}
			if g < 4 {
				pending = append(pending, i)
			}
			return true
		}
		backlog = append(backlog, buckets[d]...)
		buckets[d] = nil
		k := 0
		for ; k < len(backlog) && done < quota; k++ {
			if !answer(backlog[k]) {
				return
			}
		}
		backlog = backlog[k:]
		for n := 0; n < newCap && nextNew < len(cards) && done < quota; n++ {
			cards[nextNew].at = -1
			if !answer(int32(nextNew)) {
				return
			}
			nextNew++
		}
		// Re-drills: each pending card comes back until it gets a 4 or 5.
		for round := 0; round < 3 && len(pending) > 0 && done < total; round++ {
			var again []int32
			for _, i := range pending {
				if done >= total {
					break
				}
				if cards[i].at == -2 {
					continue
				}
				g := f.grade(&cards[i], 0, true)
				if !emit(i, HistoryEvent{Grade: g}) {
					return
				}
				done++
				if g < 4 {
					again = append(again, i)
				}
			}
			pending = again
		}
	}
}
