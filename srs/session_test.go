package srs

import (
	"errors"
	"iter"
	"reflect"
	"strings"
	"testing"
)

// fakeStore is a SessionStore in memory: a card's first answer is a
// scheduling answer, later ones re-drills, as the store's log decides.
type fakeStore struct {
	seq       int64
	scheduled map[string]bool
	flagged   map[string]LogKind
	rows      map[int64]string // seq -> "kind id"
	undone    []int64
	failUndo  bool
}

func newFakeStore() *fakeStore {
	return &fakeStore{scheduled: map[string]bool{}, flagged: map[string]LogKind{}, rows: map[int64]string{}}
}

func (f *fakeStore) Answer(e Entry, r Response, cram bool) (Recorded, error) {
	f.seq++
	kind := LogRedrill
	switch {
	case cram:
		kind = LogCram
	case !f.scheduled[e.ID]:
		kind = LogReview
		f.scheduled[e.ID] = true
	}
	f.rows[f.seq] = string(kind) + " " + e.ID
	return Recorded{Seq: f.seq, Kind: kind}, nil
}

func (f *fakeStore) Undo(seq int64) error {
	if f.failUndo {
		return errors.New("the store refused")
	}
	kind, id, _ := strings.Cut(f.rows[seq], " ")
	switch LogKind(kind) {
	case LogReview:
		f.scheduled[id] = false
	case LogSuspend, LogBury:
		delete(f.flagged, id)
	}
	f.undone = append(f.undone, seq)
	return nil
}

func (f *fakeStore) Flag(kind LogKind, id string) (int64, error) {
	if f.flagged[id] == kind {
		return 0, nil
	}
	f.flagged[id] = kind
	f.seq++
	f.rows[f.seq] = string(kind) + " " + id
	return f.seq, nil
}

// entries yields the ids as entries, each its own note unless written
// "id@note"; pulled counts how many the sitting read.
func entries(pulled *int, ids ...string) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for _, id := range ids {
			if pulled != nil {
				*pulled++
			}
			id, note, ok := strings.Cut(id, "@")
			if !ok {
				note = id
			}
			if !yield(Entry{ID: id, Note: note}, nil) {
				return
			}
		}
	}
}

// queue lists the session's queue as "id:origin".
func queue(s *Session) []string {
	var out []string
	for _, e := range s.queue {
		out = append(out, e.ID+":"+e.From.String())
	}
	return out
}

func mustSession(t *testing.T, st SessionStore, p Plan) *Session {
	t.Helper()
	s, err := NewSession(st, p)
	if err != nil {
		t.Fatalf("NewSession: %v", err)
	}
	return s
}

func answer(t *testing.T, s *Session, g Grade) Outcome {
	t.Helper()
	out, err := s.Answer(Response{Grade: g})
	if err != nil {
		t.Fatalf("Answer(%d): %v", g, err)
	}
	return out
}

func wantQueue(t *testing.T, s *Session, want ...string) {
	t.Helper()
	if got := queue(s); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
		t.Fatalf("queue = %v, want %v", got, want)
	}
}

func TestSessionBuildsDueNewPending(t *testing.T) {
	s := mustSession(t, newFakeStore(), Plan{
		Due: entries(nil, "d1", "d2"),
		New: entries(nil, "n1", "n2"),
		Today: []Answered{
			{ID: "p1", Note: "p1", Grade: 2, Reviewable: true},
			{ID: "ok", Note: "ok", Grade: 4, Reviewable: true},
			// Failed earlier today, then suspended: its pending copy stays out.
			{ID: "susp", Note: "susp", Grade: 1, Reviewable: false},
		},
		Left: Limits{New: 20, Reviews: 200},
	})
	wantQueue(t, s, "d1:due", "d2:due", "n1:new", "n2:new", "p1:pending")
	if due, fresh, pending := s.Counts(); due != 2 || fresh != 2 || pending != 1 {
		t.Errorf("Counts() = %d, %d, %d, want 2, 2, 1", due, fresh, pending)
	}
}

func TestSessionSuspendedPendingCardLeavesQueue(t *testing.T) {
	st := newFakeStore()
	s := mustSession(t, st, Plan{Due: entries(nil, "a", "b"), Left: Limits{New: 20, Reviews: 200}})
	if out := answer(t, s, 2); !out.Pending || out.Kind != LogReview {
		t.Fatalf("Answer(2) on a due card = %+v, want a pending review", out)
	}
	wantQueue(t, s, "b:due", "a:pending")
	answer(t, s, 4)
	wantQueue(t, s, "a:pending")
	if err := s.Suspend(); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, s)
	if _, _, pending := s.Counts(); pending != 0 {
		t.Errorf("pending = %d after suspending the pending card, want 0", pending)
	}
	if st.flagged["a"] != LogSuspend {
		t.Errorf("store flags = %v, want a suspended", st.flagged)
	}
	if _, ok := s.Current(); ok {
		t.Error("Current() = true after the last card was suspended")
	}
}

func TestSessionUndoRedrill(t *testing.T) {
	st := newFakeStore()
	s := mustSession(t, st, Plan{Due: entries(nil, "a", "b"), Left: Limits{New: 20, Reviews: 200}})
	answer(t, s, 1) // a: review, pending
	answer(t, s, 5) // b: review, done
	wantQueue(t, s, "a:pending")
	out := answer(t, s, 3) // a: re-drill, still below 4
	if out.Kind != LogRedrill || !out.Pending {
		t.Fatalf("re-drill of a = %+v, want a pending redrill", out)
	}
	wantQueue(t, s, "a:pending")
	e, err := s.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "a" || e.From != FromPending {
		t.Errorf("Undo() = %+v, want a as pending", e)
	}
	// The copy the re-drill queued is gone; the card shows again once.
	wantQueue(t, s, "a:pending")
	if want := []int64{3}; !reflect.DeepEqual(st.undone, want) {
		t.Errorf("undone rows = %v, want %v", st.undone, want)
	}
	if tl := s.Tally(); tl.Answers != 2 || tl.Correct != 1 || tl.Cards != 2 {
		t.Errorf("Tally() = %+v, want 2 answers, 1 correct, 2 cards", tl)
	}
	// Now finish it: the re-drill is a re-drill again.
	if out := answer(t, s, 4); out.Kind != LogRedrill || out.Pending {
		t.Errorf("answer 4 after undo = %+v, want a finished redrill", out)
	}
	wantQueue(t, s)
}

func TestSessionBuriesSiblings(t *testing.T) {
	tests := []struct {
		name  string
		plan  Plan
		queue []string
	}{
		{
			name:  "two due cards of one note",
			plan:  Plan{Due: entries(nil, "r@n1", "r/r@n1", "x@n2")},
			queue: []string{"r:due", "x:due"},
		},
		{
			name:  "a new sibling of a due card",
			plan:  Plan{Due: entries(nil, "c1@cloze"), New: entries(nil, "c2@cloze", "y@y")},
			queue: []string{"c1:due", "y:new"},
		},
		{
			name: "a note answered earlier today",
			plan: Plan{Due: entries(nil, "r/r@n1", "x@n2"), New: entries(nil, "c3@n3"),
				Today: []Answered{{ID: "r", Note: "n1", Grade: 5, Reviewable: true}, {ID: "c1", Note: "n3", Grade: 4}}},
			queue: []string{"x:due"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.plan.Left = Limits{New: 20, Reviews: 200}
			s := mustSession(t, newFakeStore(), tt.plan)
			wantQueue(t, s, tt.queue...)
		})
	}
}

func TestSessionLimits(t *testing.T) {
	var pulledDue, pulledNew int
	st := newFakeStore()
	s := mustSession(t, st, Plan{
		Due:  entries(&pulledDue, "d1", "d2@n", "d3@n", "d4"),
		New:  entries(&pulledNew, "n1", "n2", "n3", "n4", "n5"),
		Left: Limits{New: 2, Reviews: 2},
	})
	// d3 shares d2's note, so the second due card is d2 and the limit is
	// reached before d4; the new cards stop at two.
	wantQueue(t, s, "d1:due", "d2:due", "n1:new", "n2:new")
	if pulledDue != 2 || pulledNew != 2 {
		t.Errorf("read %d due and %d new candidates, want 2 and 2: the sitting reads only what the limits allow", pulledDue, pulledNew)
	}
	answer(t, s, 4)
	answer(t, s, 4)
	answer(t, s, 4) // n1
	if _, fresh, _ := s.Counts(); fresh != 1 {
		t.Errorf("new left = %d after one new answer, want 1", fresh)
	}
	answer(t, s, 4) // n2: the new limit is reached mid-sitting
	if _, ok := s.Current(); ok {
		t.Errorf("queue = %v after the limits were used up, want it empty", queue(s))
	}
	// Undoing a new card's answer gives it back, not a third new card.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	wantQueue(t, s, "n2:new")

	none := mustSession(t, newFakeStore(), Plan{Due: entries(nil, "d1"), New: entries(nil, "n1")})
	wantQueue(t, none)
}

func TestSessionUndoAcrossSuspend(t *testing.T) {
	st := newFakeStore()
	s := mustSession(t, st, Plan{Due: entries(nil, "a", "b", "c"), Left: Limits{New: 20, Reviews: 200}})
	answer(t, s, 5)                     // a
	if err := s.Suspend(); err != nil { // b
		t.Fatal(err)
	}
	if err := s.Bury(); err != nil { // c
		t.Fatal(err)
	}
	wantQueue(t, s)
	for _, want := range []string{"c", "b", "a"} {
		e, err := s.Undo()
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != want {
			t.Fatalf("Undo() gave %s back, want %s", e.ID, want)
		}
	}
	wantQueue(t, s, "a:due", "b:due", "c:due")
	if want := []int64{3, 2, 1}; !reflect.DeepEqual(st.undone, want) {
		t.Errorf("undone rows = %v, want %v", st.undone, want)
	}
	if len(st.flagged) != 0 {
		t.Errorf("flags after undo = %v, want none", st.flagged)
	}
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo() on an empty history = %v, want ErrNothingToUndo", err)
	}
	if tl := s.Tally(); tl != (Tally{}) {
		t.Errorf("Tally() after undoing everything = %+v, want zero", tl)
	}
}

func TestSessionUndoRefusedKeepsHistory(t *testing.T) {
	st := newFakeStore()
	s := mustSession(t, st, Plan{Due: entries(nil, "a", "b"), Left: Limits{New: 20, Reviews: 200}})
	answer(t, s, 4)
	st.failUndo = true
	if _, err := s.Undo(); err == nil {
		t.Fatal("Undo() = nil error, want the store's refusal")
	}
	wantQueue(t, s, "b:due")
	st.failUndo = false
	if e, err := s.Undo(); err != nil || e.ID != "a" {
		t.Fatalf("Undo() = %v, %v, want a", e, err)
	}
}

func TestSessionCram(t *testing.T) {
	s := mustSession(t, newFakeStore(), Plan{Cram: true, Due: entries(nil, "a@n", "b@n")})
	// Cram drills siblings too and never re-queues.
	wantQueue(t, s, "a:cram", "b:cram")
	if out := answer(t, s, 0); out.Kind != LogCram || out.Pending {
		t.Errorf("cram answer = %+v, want a cram answer that does not pend", out)
	}
	wantQueue(t, s, "b:cram")
}

func TestSessionDrop(t *testing.T) {
	s := mustSession(t, newFakeStore(), Plan{Due: entries(nil, "a", "b"), Left: Limits{New: 20, Reviews: 200}})
	s.Drop()
	wantQueue(t, s, "b:due")
	if _, err := s.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo() after Drop = %v, want ErrNothingToUndo: a drop writes nothing", err)
	}
}
