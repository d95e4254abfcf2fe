package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aipmhq/aipm/deck"
)

func (s *Store) apply(ctx context.Context, tx *sql.Tx, plans []*deckPlan, opts ImportOptions) error {
	stmts := map[string]string{
		"ins": insertCards(insertBatch),
		"upd": `UPDATE cards SET ord = ?, key = ?, kind = ?, grp = ?, topic = ?,
			front = ?, back = ?, source = ?, pin = ?, file = ?, line = ?, round = ?, key_points = ?, topic_id = ?, orphaned = 0 WHERE id = ?`,
		"orphan": "UPDATE cards SET orphaned = 1 WHERE id = ?",
		// The state before is read now, not at plan time: a review may
		// have been answered since.
		"log": `INSERT INTO revlog (card_id, kind, at, day,
			reps_before, interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after)
			SELECT id, 'prune', ?2, ?3, reps, interval, ef, due, 0, 0, 250, NULL FROM cards WHERE id = ?1`,
		"del": "DELETE FROM cards WHERE id = ?",
	}
	st := map[string]*sql.Stmt{}
	for name, q := range stmts {
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare import: %w", err)
		}
		defer stmt.Close()
		st[name] = stmt
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('cards_gen', '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`); err != nil {
		return fmt.Errorf("write the cards' generation: %w", err)
	}
	total, done := 0, 0
	for _, p := range plans {
		for _, cp := range p.cards {
			if cp.write {
				total++
			}
		}
		total += len(p.orphans) + len(p.prune)
	}
	step := func() {
		done++
		if opts.Progress != nil && (done%1000 == 0 || done == total) {
			opts.Progress(done, total)
		}
	}
	// New cards go in insertBatch rows to a statement: one statement per
	// card costs a third of a big import in statement overhead.
	var rows []any
	flush := func(d *deck.Deck) error {
		n := len(rows) / insertColumns
		if n == 0 {
			return nil
		}
		var err error
		if n == insertBatch {
			_, err = st["ins"].ExecContext(ctx, rows...)
		} else {
			_, err = tx.ExecContext(ctx, insertCards(n), rows...)
		}
		if err != nil {
			return fmt.Errorf("%s: write cards: %w", d.File, err)
		}
		rows = rows[:0]
		for range n {
			step()
		}
		return nil
	}
	at := opts.At.UTC().Format(time.RFC3339Nano)
	for _, p := range plans {
		d := p.deck
		var err error
		switch {
		case p.sum.Skipped:
			continue
		case p.sum.RenamedFrom != "":
			err = renameDeck(ctx, tx, p.sum.RenamedFrom, d)
		case !p.exists:
			_, err = tx.ExecContext(ctx, "INSERT INTO decks (id, name, file, builtin, ord, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				d.ID, d.Name, d.File, opts.Builtin, p.ord, at)
		case p.renamed:
			_, err = tx.ExecContext(ctx, "UPDATE decks SET name = ?, file = ? WHERE id = ?", d.Name, d.File, d.ID)
		}
		if err != nil {
			return fmt.Errorf("write deck %s: %w", d.ID, err)
		}
		topics, err := loadTopics(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		err = eachCard(d, func(i int, c *deck.Card) error {
			cp := p.cards[i]
			if !cp.write {
				return nil
			}
			topic, err := topics.id(ctx, c.Topic)
			if err != nil {
				return err
			}
			points := encodePoints(c.KeyPoints)
			if cp.old < 0 {
				rows = append(rows, cp.id, d.ID, p.ord, i, c.Key, string(c.Kind), c.Group, c.Topic,
					c.Front, c.Back, c.Source, c.Pin, d.File, c.Line, c.Round, points, topic)
				if len(rows) == insertBatch*insertColumns {
					return flush(d)
				}
				return nil
			}
			_, err = st["upd"].ExecContext(ctx, i, c.Key, string(c.Kind), c.Group, c.Topic,
				c.Front, c.Back, c.Source, c.Pin, d.File, c.Line, c.Round, points, topic, cp.id)
			if err != nil {
				return fmt.Errorf("%s:%d: write card: %w", d.File, c.Line, err)
			}
			step()
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(d); err != nil {
			return err
		}
		for _, j := range p.orphans {
			if _, err := st["orphan"].ExecContext(ctx, p.old[j].id); err != nil {
				return fmt.Errorf("orphan card %s: %w", p.old[j].id, err)
			}
			step()
		}
		for _, j := range p.prune {
			o := p.old[j]
			if _, err := st["log"].ExecContext(ctx, o.id, at, opts.Day.String()); err != nil {
				return fmt.Errorf("prune card %s: %w", o.id, err)
			}
			if _, err := st["del"].ExecContext(ctx, o.id); err != nil {
				return fmt.Errorf("prune card %s: %w", o.id, err)
			}
			step()
		}
	}
	return nil
}

// insertBatch is how many cards one INSERT writes; insertColumns is how
// many values each card binds (64 × 17 stays far below SQLite's limit of
// 32766 variables).
const (
	insertBatch   = 64
	insertColumns = 17
)

// insertCards is an INSERT of n cards.
func insertCards(n int) string {
	row := "(" + strings.Repeat("?, ", insertColumns-1) + "?)"
	return `INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, grp, topic,
		front, back, source, pin, file, line, round, key_points, topic_id) VALUES ` + strings.Repeat(row+", ", n-1) + row
}

// PlanEmpty is a dry run against a database that does not exist yet:
// every card is added.
func PlanEmpty(ctx context.Context, decks []*deck.Deck, opts ImportOptions) (*Summary, error) {
	opts.DryRun = true
	plans, err := (&Store{}).plan(ctx, nil, decks, opts)
	if err != nil {
		return nil, err
	}
	return summarize(plans), nil
}

// renameDeck gives the stored deck from the id, name and file of d, the
// deck its file was renamed to, keeping its place in the deck order and
// its creation time; its cards (orphans too) and its topics go with it.
func renameDeck(ctx context.Context, tx *sql.Tx, from string, d *deck.Deck) error {
	for _, q := range []string{
		`INSERT INTO decks (id, name, file, builtin, ord, created_at)
			SELECT ?2, ?3, ?4, builtin, ord, created_at FROM decks WHERE id = ?1`,
		"UPDATE cards SET deck_id = ?2 WHERE deck_id = ?1",
		// Topics left under the new id by a deck that had it once are
		// no card's; the deck's own go with it, ids and all.
		"DELETE FROM topics WHERE deck_id = ?2",
		"UPDATE topics SET deck_id = ?2 WHERE deck_id = ?1",
		"DELETE FROM decks WHERE id = ?1",
	} {
		if _, err := tx.ExecContext(ctx, q, from, d.ID, d.Name, d.File); err != nil {
			return fmt.Errorf("rename deck %s to %s: %w", from, d.ID, err)
		}
	}
	return nil
}

// eachCard calls fn with each card of d and its texts, in order: from the
// deck itself, or, for a deck read lean, from the file read once more as
// the cards are written (deck.Deck.Reread), so that no more than a batch
// of texts is held at once.
func eachCard(d *deck.Deck, fn func(i int, c *deck.Card) error) error {
	if d.Reread != nil {
		return pipeReread(d, fn)
	}
	for i := range d.Cards {
		if err := fn(i, &d.Cards[i]); err != nil {
			return err
		}
	}
	return nil
}

// rereadBatch is how many cards the reading goroutine of pipeReread hands
// over at once; two batches wait at most.
const rereadBatch = 64

type rereadCard struct {
	i int
	c deck.Card
}

// errStopped ends a reading whose cards are no longer wanted.
var errStopped = errors.New("stopped")

// pipeReread is d.Reread(fn) with the reading on a goroutine of its own,
// handing the cards over in batches: the parse of the second reading runs
// beside the inserts, on a second core, instead of before each one. fn
// runs on the caller's goroutine, with the cards in order; an error from
// fn stops the reading and is returned, else the reading's error.
func pipeReread(d *deck.Deck, fn func(i int, c *deck.Card) error) error {
	batches := make(chan []rereadCard, 2)
	stop := make(chan struct{})
	var readErr error
	go func() {
		defer close(batches)
		send := func(b []rereadCard) error {
			select {
			case batches <- b:
				return nil
			case <-stop:
				return errStopped
			}
		}
		b := make([]rereadCard, 0, rereadBatch)
		readErr = d.Reread(func(i int, c *deck.Card) error {
			b = append(b, rereadCard{i, *c})
			if len(b) < rereadBatch {
				return nil
			}
			if err := send(b); err != nil {
				return err
			}
			b = make([]rereadCard, 0, rereadBatch)
			return nil
		})
		if readErr == nil && len(b) > 0 {
			send(b)
		}
	}()
	var err error
	for b := range batches {
		for k := 0; k < len(b) && err == nil; k++ {
			if err = fn(b[k].i, &b[k].c); err != nil {
				close(stop) // the reader stops; the loop drains what it sent
			}
		}
	}
	if err != nil {
		return err
	}
	return readErr
}

// hydrate gives the cards of a deck read lean their texts back, for the
// plans that compare or show them: matching against stored cards, finding
// a renamed deck, a dry run's diff. The deck then holds them as any other.
func hydrate(d *deck.Deck) error { return d.Hydrate() }
