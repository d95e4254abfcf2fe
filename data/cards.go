package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// Card is a card as stored, with its scheduling state.
type Card struct {
	ID          string
	DeckID      string
	DeckName    string
	Kind        deck.Kind
	Topic       string
	Front       string
	Back        string
	File        string
	Line        int
	State       srs.State
	Stability   float64 // FSRS-6 memory state; 0 while FSRS has not scheduled it
	Difficulty  float64
	Due         string // YYYY-MM-DD, "" while the card is new
	Lapses      int
	Suspended   bool
	BuriedUntil string // YYYY-MM-DD, "" when not buried
	Orphaned    bool
	Key         string   // the matching key of the current text
	Source      string   // the text the key is computed from
	Group       int      // cloze group
	Pin         string   // the ID: pin or guid it was imported with
	Round       string   // a rubric card's interview round
	KeyPoints   []string // a rubric card's key points; Back is its model answer
}

// Memory is the card's scheduling state as the scheduler sees it.
func (c Card) Memory() srs.Memory {
	return srs.Memory{State: c.State, Stability: c.Stability, Difficulty: c.Difficulty}
}

// Elapsed is the number of days from the card's last scheduling answer to
// day (due less the interval), 0 for a new card.
func (c Card) Elapsed(day srs.Day) int {
	due, err := srs.ParseDay(c.Due)
	if err != nil {
		return 0
	}
	return int(day - due.Add(-c.State.Interval))
}

// New reports whether the card has never had a scheduling answer.
func (c Card) New() bool { return c.Due == "" }

// Filter narrows a card query. Empty fields match everything.
type Filter struct {
	Deck  string // deck id
	Topic string // exact topic, case-insensitive
}

func (f Filter) where(alias string) (string, []any) {
	var conds []string
	var args []any
	if f.Deck != "" {
		conds = append(conds, alias+".deck_id = ?")
		args = append(args, f.Deck)
	}
	if f.Topic != "" {
		conds = append(conds, alias+".topic = ? COLLATE NOCASE")
		args = append(args, f.Topic)
	}
	if len(conds) == 0 {
		return "1", nil
	}
	return strings.Join(conds, " AND "), args
}

const cardCols = `c.id, c.deck_id, d.name, c.kind, c.topic, c.front, c.back, c.file, c.line,
	c.reps, c.interval, c.ef, c.stability, c.difficulty, coalesce(c.due, ''), c.lapses, c.suspended,
	coalesce(c.buried_until, ''), c.orphaned, c.key, c.source, c.grp, c.pin, c.round, c.key_points`

type scanner interface{ Scan(...any) error }

func scanCard(r scanner) (Card, error) {
	var c Card
	var ef int
	var points string
	err := r.Scan(&c.ID, &c.DeckID, &c.DeckName, &c.Kind, &c.Topic, &c.Front, &c.Back, &c.File, &c.Line,
		&c.State.Reps, &c.State.Interval, &ef, &c.Stability, &c.Difficulty, &c.Due, &c.Lapses, &c.Suspended,
		&c.BuriedUntil, &c.Orphaned, &c.Key, &c.Source, &c.Group, &c.Pin, &c.Round, &points)
	c.State.EF = float64(ef) / 100
	if err == nil {
		c.KeyPoints, err = decodePoints(c.ID, points)
	}
	return c, err
}

// Cards lists the cards that match f, orphans included, in deck and file order.
func (s *Store) Cards(ctx context.Context, f Filter) ([]Card, error) {
	var out []Card
	err := s.EachCard(ctx, f, func(c Card) error { out = append(out, c); return nil })
	return out, err
}

// HasHighlightClozes reports whether the deck holds a live cloze whose
// source has ==…== highlights: the cards deck.NeedsTag says need the
// #flashcards tag in an export, found without reading every card.
func (s *Store) HasHighlightClozes(ctx context.Context, deckID string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM cards
		WHERE deck_id = ? AND kind = ? AND orphaned = 0 AND instr(source, '==') > 0 LIMIT 1)`,
		deckID, string(deck.Cloze)).Scan(&n)
	return n > 0, err
}

// EachCard calls fn with each card that matches f, orphans included, in
// deck and file order, one row at a time: its memory does not grow with
// the collection. An error from fn stops it and is returned.
func (s *Store) EachCard(ctx context.Context, f Filter, fn func(Card) error) error {
	where, args := f.where("c")
	rows, err := s.db.QueryContext(ctx, `SELECT `+cardCols+`
		FROM cards c JOIN decks d ON d.id = c.deck_id
		WHERE `+where+` ORDER BY c.deck_ord, c.ord`, args...)
	if err != nil {
		return fmt.Errorf("list cards: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return fmt.Errorf("list cards: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Card returns one card by id.
func (s *Store) Card(ctx context.Context, id string) (Card, error) {
	return cardTx(ctx, s.db, id)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func cardTx(ctx context.Context, q querier, id string) (Card, error) {
	c, err := scanCard(q.QueryRowContext(ctx, `SELECT `+cardCols+`
		FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?`, id))
	if err == sql.ErrNoRows {
		return c, &NotFoundError{What: "card", ID: id}
	}
	return c, err
}

// NotFoundError is returned for an unknown card or deck id.
type NotFoundError struct{ What, ID string }

func (e *NotFoundError) Error() string {
	msg, try := e.UserHint()
	return msg + "; " + try
}

// UserHint implements Hinted.
func (e *NotFoundError) UserHint() (msg, try string) {
	return fmt.Sprintf("no %s with id %q", e.What, e.ID), fmt.Sprintf("list them with `aipm %ss`", e.What)
}

// Deck is a deck as stored, with card counts.
type Deck struct {
	ID       string
	Name     string
	File     string
	Builtin  bool
	Cards    int // live cards (not orphaned)
	New      int // never answered and not suspended, as in stats
	Orphaned int
}

// Decks lists the decks in deck order.
func (s *Store) Decks(ctx context.Context) ([]Deck, error) {
	return s.decks(ctx, "")
}

// Deck returns one deck with its counts, or a NotFoundError.
func (s *Store) Deck(ctx context.Context, id string) (Deck, error) {
	ds, err := s.decks(ctx, id)
	if err != nil {
		return Deck{}, err
	}
	if len(ds) == 0 {
		return Deck{}, &NotFoundError{What: "deck", ID: id}
	}
	return ds[0], nil
}

// decks lists the decks, or only the one with this id when id is set.
func (s *Store) decks(ctx context.Context, id string) ([]Deck, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.id, d.name, d.file, d.builtin,
		count(c.id) FILTER (WHERE c.orphaned = 0),
		count(c.id) FILTER (WHERE c.orphaned = 0 AND c.due IS NULL AND c.suspended = 0),
		count(c.id) FILTER (WHERE c.orphaned = 1)
		FROM decks d LEFT JOIN cards c ON c.deck_id = d.id
		WHERE ?1 = '' OR d.id = ?1
		GROUP BY d.id ORDER BY d.ord`, id)
	if err != nil {
		return nil, fmt.Errorf("list decks: %w", err)
	}
	defer rows.Close()
	var out []Deck
	for rows.Next() {
		var d Deck
		if err := rows.Scan(&d.ID, &d.Name, &d.File, &d.Builtin, &d.Cards, &d.New, &d.Orphaned); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RequireFilter returns an error that says what to do unless the filter's
// deck exists and some live card of it has the filter's topic.
func (s *Store) RequireFilter(ctx context.Context, f Filter) error {
	if f.Deck != "" {
		ok, err := s.HasDeck(ctx, f.Deck)
		if err != nil {
			return err
		}
		if !ok {
			return &NotFoundError{What: "deck", ID: f.Deck}
		}
	}
	if f.Topic == "" {
		return nil
	}
	where, args := f.where("c")
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM cards c WHERE c.orphaned = 0 AND "+where+" LIMIT 1)", args...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		in := ""
		if f.Deck != "" {
			in = " in deck " + f.Deck
		}
		return Hintf("`aipm stats` lists the topics under Readiness", "no card has the topic %q%s", f.Topic, in)
	}
	return nil
}

// HasDeck reports whether a deck with this id exists.
func (s *Store) HasDeck(ctx context.Context, id string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM decks WHERE id = ?", id).Scan(&n)
	return n > 0, err
}
