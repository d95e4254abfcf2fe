package srs

import (
	"errors"
	"fmt"
	"iter"
	"time"
)

// The numbers that the review day's rules and the stats share with SQL.
const (
	// PassGrade is the lowest grade that counts as a correct answer.
	PassGrade Grade = 3
	// RedrillGrade is the grade that finishes a card for the day: a card
	// whose latest answer today is below it comes back (SuperMemo's
	// "repeat until 4").
	RedrillGrade Grade = 4
	// MatureInterval is the interval, in days, from which a card is mature.
	MatureInterval = 21
)

// LogKind is the kind of a review-log row.
type LogKind string

// The kinds of review-log rows.
const (
	LogReview    LogKind = "review"  // a scheduling answer: the card's first answer of the day
	LogRedrill   LogKind = "redrill" // a later answer the same day; schedules nothing
	LogCram      LogKind = "cram"    // an answer in cram mode; schedules nothing
	LogUndo      LogKind = "undo"    // cancels an earlier row
	LogSuspend   LogKind = "suspend"
	LogUnsuspend LogKind = "unsuspend"
	LogBury      LogKind = "bury"
	LogUnbury    LogKind = "unbury"
	LogPrune     LogKind = "prune"
)

// String returns the kind as the log stores it.
func (k LogKind) String() string { return string(k) }

// Origin says why a card is in a sitting's queue.
type Origin int

// The origins of queued cards.
const (
	FromDue     Origin = iota // due for review
	FromNew                   // never answered
	FromPending               // answered below RedrillGrade today
	FromCram                  // cram mode: every card of the filter
)

var originNames = [...]string{"due", "new", "pending", "cram"}

// String names the origin.
func (o Origin) String() string {
	if o < 0 || int(o) >= len(originNames) {
		return fmt.Sprintf("origin(%d)", int(o))
	}
	return originNames[o]
}

// Entry is one card in a sitting's queue. Note names the note the card
// comes from (its siblings share it): one card a note is shown a day.
type Entry struct {
	ID   string
	Note string
	From Origin
}

// Answered is a card answered earlier today, as the log says: its latest
// grade, and whether it can be reviewed now (not suspended, buried or
// outside the sitting's filter).
type Answered struct {
	ID         string
	Note       string
	Grade      Grade
	Reviewable bool
	Rubric     bool // a rubric card: never re-drilled the same day
}

// Plan is what a sitting starts from.
type Plan struct {
	// Cram drills Due as it is (every card of the filter) and schedules
	// nothing: no limits, no burying, no re-drills.
	Cram bool
	// Due and New are the store's candidates in queue order: due cards
	// most overdue first, new cards in deck and file order. The sitting
	// reads them only until it has what the limits allow.
	Due, New iter.Seq2[Entry, error]
	// Today is the cards answered earlier today, in the order of their
	// latest answer (cram answers left out).
	Today []Answered
	// Left is what remains of today's limits.
	Left Limits
}

// Limits are counts of the daily limits.
type Limits struct {
	New     int // new cards (first-ever scheduling answers)
	Reviews int // scheduling answers on cards that were not new
}

// Response is one answer to the card on screen.
type Response struct {
	Grade    Grade
	ShownAt  time.Time     // when the card was shown
	Duration time.Duration // answer time from the monotonic clock
	// Coverage is the key points ticked on a rubric card (nil for other
	// kinds); Grade is then Coverage.Grade(). Text is a typed answer.
	Coverage *Coverage
	Text     string
}

// Recorded is what the store did with an answer.
type Recorded struct {
	Seq  int64
	Kind LogKind // review, redrill or cram
}

// SessionStore is the storage a sitting writes through. Each call commits
// before it returns.
type SessionStore interface {
	// Answer records a response to the card; the store decides whether it
	// is a scheduling answer (the card's first of the day), a re-drill or,
	// with cram, a cram answer.
	Answer(e Entry, r Response, cram bool) (Recorded, error)
	// Undo cancels the log row seq and rebuilds its card.
	Undo(seq int64) error
	// Flag suspends or buries the card (kind LogSuspend or LogBury) and
	// returns the row written, 0 when the card was already so.
	Flag(kind LogKind, id string) (int64, error)
}

// ErrNothingToUndo is returned by Undo when the sitting has no action left
// to cancel.
var ErrNothingToUndo = errors.New("nothing to undo in this session")

// Session is one sitting: the queue, the undo stack and the tally. It
// holds no clock and no database; every write goes through its store.
type Session struct {
	store   SessionStore
	cram    bool
	queue   []Entry
	history []step
	tally   map[string]int // live answers per card in this sitting
	answers int
	correct int
	spent   time.Duration
}

// step is one undoable action of the sitting.
type step struct {
	seq     int64
	entry   Entry
	pending bool // the answer queued the card again
	answer  bool
	correct bool
	dur     time.Duration
}

// NewSession builds the queue of a sitting: up to p.Left.Reviews due cards,
// then up to p.Left.New new cards, one card a note (skipping the notes
// answered today), then the cards pending from earlier today.
func NewSession(store SessionStore, p Plan) (*Session, error) {
	s := &Session{store: store, cram: p.Cram, tally: map[string]int{}}
	if p.Cram {
		err := take(p.Due, -1, nil, func(e Entry) {
			e.From = FromCram
			s.queue = append(s.queue, e)
		})
		return s, err
	}
	seen := map[string]bool{}
	for _, a := range p.Today {
		seen[a.Note] = true
	}
	add := func(from Origin) func(Entry) {
		return func(e Entry) {
			e.From = from
			s.queue = append(s.queue, e)
		}
	}
	if err := take(p.Due, p.Left.Reviews, seen, add(FromDue)); err != nil {
		return nil, err
	}
	if err := take(p.New, p.Left.New, seen, add(FromNew)); err != nil {
		return nil, err
	}
	for _, a := range p.Today {
		if a.Grade < RedrillGrade && a.Reviewable && !a.Rubric {
			s.queue = append(s.queue, Entry{ID: a.ID, Note: a.Note, From: FromPending})
		}
	}
	return s, nil
}

// take reads entries from seq until it has limit of them (limit < 0: all),
// keeping one entry a note when seen is not nil.
func take(seq iter.Seq2[Entry, error], limit int, seen map[string]bool, keep func(Entry)) error {
	if seq == nil || limit == 0 {
		return nil
	}
	n := 0
	for e, err := range seq {
		if err != nil {
			return err
		}
		if seen != nil {
			if seen[e.Note] {
				continue
			}
			seen[e.Note] = true
		}
		keep(e)
		if n++; n == limit {
			break
		}
	}
	return nil
}

// Current is the card to show now, and false when the sitting is over.
func (s *Session) Current() (Entry, bool) {
	if len(s.queue) == 0 {
		return Entry{}, false
	}
	return s.queue[0], true
}

// Outcome is what an answer did.
type Outcome struct {
	Recorded
	// Pending says that the card comes back later in this sitting: its
	// grade was below RedrillGrade.
	Pending bool
}

// Answer records r for the current card. A non-cram answer below
// RedrillGrade queues the card again at the end, as pending, unless it
// answers a rubric card (r.Coverage set): an open-ended prompt comes back
// by its schedule, not the same day.
func (s *Session) Answer(r Response) (Outcome, error) {
	e, ok := s.Current()
	if !ok {
		return Outcome{}, errors.New("no card to answer: the session is over")
	}
	rec, err := s.store.Answer(e, r, s.cram)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Recorded: rec, Pending: rec.Kind != LogCram && r.Grade < RedrillGrade && r.Coverage == nil}
	s.queue = s.queue[1:]
	if out.Pending {
		s.queue = append(s.queue, Entry{ID: e.ID, Note: e.Note, From: FromPending})
	}
	st := step{seq: rec.Seq, entry: e, pending: out.Pending, answer: true, correct: r.Grade >= PassGrade, dur: r.Duration}
	s.history = append(s.history, st)
	s.count(st, 1)
	return out, nil
}

func (s *Session) count(st step, sign int) {
	s.answers += sign
	if st.correct {
		s.correct += sign
	}
	s.spent += time.Duration(sign) * st.dur
	s.tally[st.entry.ID] += sign
}

// Suspend suspends the current card: it leaves the queue, pending copies
// included.
func (s *Session) Suspend() error { return s.flag(LogSuspend) }

// Bury buries the current card until tomorrow: it leaves the queue.
func (s *Session) Bury() error { return s.flag(LogBury) }

func (s *Session) flag(kind LogKind) error {
	e, ok := s.Current()
	if !ok {
		return errors.New("no card to " + string(kind) + ": the session is over")
	}
	seq, err := s.store.Flag(kind, e.ID)
	if err != nil {
		return err
	}
	s.remove(e.ID)
	if seq != 0 {
		s.history = append(s.history, step{seq: seq, entry: e})
	}
	return nil
}

// Drop takes the current card out of the queue without writing anything:
// for a card that another process pruned meanwhile.
func (s *Session) Drop() {
	if e, ok := s.Current(); ok {
		s.remove(e.ID)
	}
}

// remove takes every entry of the card out of the queue.
func (s *Session) remove(id string) {
	out := s.queue[:0]
	for _, e := range s.queue {
		if e.ID != id {
			out = append(out, e)
		}
	}
	s.queue = out
}

// Undo cancels the sitting's last action and puts its card first in the
// queue again. It can go back several steps.
func (s *Session) Undo() (Entry, error) {
	if len(s.history) == 0 {
		return Entry{}, ErrNothingToUndo
	}
	last := s.history[len(s.history)-1]
	if err := s.store.Undo(last.seq); err != nil {
		return Entry{}, err
	}
	s.history = s.history[:len(s.history)-1]
	if last.pending { // the copy the answer queued
		for i := len(s.queue) - 1; i >= 0; i-- {
			if s.queue[i].ID == last.entry.ID && s.queue[i].From == FromPending {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				break
			}
		}
	}
	if last.answer {
		s.count(last, -1)
	}
	s.queue = append([]Entry{last.entry}, s.queue...)
	return last.entry, nil
}

// Counts is what the queue holds, by origin: due (or cram), new and
// pending cards.
func (s *Session) Counts() (due, fresh, pending int) {
	for _, e := range s.queue {
		switch e.From {
		case FromDue, FromCram:
			due++
		case FromNew:
			fresh++
		case FromPending:
			pending++
		}
	}
	return
}

// Left is the number of cards still queued.
func (s *Session) Left() int { return len(s.queue) }

// Tally sums up the sitting.
type Tally struct {
	Cards   int // distinct cards answered
	Answers int
	Correct int // answers graded PassGrade or more
	Spent   time.Duration
}

// Tally returns the sitting's live answers: undone ones are taken back.
func (s *Session) Tally() Tally {
	t := Tally{Answers: s.answers, Correct: s.correct, Spent: s.spent}
	for _, n := range s.tally {
		if n > 0 {
			t.Cards++
		}
	}
	return t
}

// Queue returns a copy of the queue, in the order the cards come.
func (s *Session) Queue() []Entry { return append([]Entry(nil), s.queue...) }
