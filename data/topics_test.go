package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// topicTotals lists the stats' topics as "deck/topic=total", in their
// order (a store of data.Open alone has no built-in decks).
func topicTotals(t *testing.T, s *Store) string {
	t.Helper()
	st, err := s.Stats(context.Background(), StatsQuery{Day: impDay})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tc := range st.Topics {
		out = append(out, fmt.Sprintf("%s/%s=%d", tc.Deck, tc.Topic, tc.Total))
	}
	return strings.Join(out, " ")
}

// topicProblems returns doctor's topic findings.
func topicProblems(t *testing.T, s *Store) []string {
	t.Helper()
	c, err := s.Doctor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range c.Problems {
		if p.Field == "topic" {
			out = append(out, p.String())
		}
	}
	return out
}

// TestTopicsMigrate: a database of schema 9 (topics as texts only) gets a
// topic id for each (deck, topic), in the order of their first cards, and
// the stats count the same topics as before: interleaved ones as one, ones
// that differ in case as two, a deck's topic apart from another deck's of
// the same name.
func TestTopicsMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "aipm.db")
	migrations = steps()[:9]
	t.Cleanup(func() { migrations = nil })
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO decks (id, name, file, ord, created_at) VALUES ('a', 'A', 'a.md', 100, ''), ('b', 'B', 'b.md', 101, '')`,
		`INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, topic, front, back, source, file, line, orphaned) VALUES
			('a0', 'a', 100, 0, 'a0', 'basic', 'Evals', 'f', 'b', '', 'a.md', 1, 0),
			('a1', 'a', 100, 1, 'a1', 'basic', 'Metrics', 'f', 'b', '', 'a.md', 2, 0),
			('a2', 'a', 100, 2, 'a2', 'basic', 'Evals', 'f', 'b', '', 'a.md', 3, 0),
			('a3', 'a', 100, 3, 'a3', 'basic', 'evals', 'f', 'b', '', 'a.md', 4, 0),
			('a4', 'a', 100, 4, 'a4', 'basic', 'Gone', 'f', 'b', '', 'a.md', 5, 1),
			('b0', 'b', 101, 0, 'b0', 'basic', 'Metrics', 'f', 'b', '', 'b.md', 1, 0)`,
	} {
		if _, err := s.DB().Exec(q); err != nil {
			s.Close()
			t.Fatal(err)
		}
	}
	s.Close()
	migrations = nil
	if s, err = Open(context.Background(), path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := userVersion(t, path); got != SchemaVersion() {
		t.Fatalf("user_version = %d, want %d", got, SchemaVersion())
	}
	var topics string
	if err := s.DB().QueryRow(`SELECT group_concat(id || ':' || deck_id || '/' || name, ' ') FROM (SELECT * FROM topics ORDER BY id)`).Scan(&topics); err != nil {
		t.Fatal(err)
	}
	if want := "1:a/Evals 2:a/Metrics 3:a/evals 4:a/Gone 5:b/Metrics"; topics != want {
		t.Errorf("topics = %q, want %q", topics, want)
	}
	if got, want := topicTotals(t, s), "a/Evals=2 a/Metrics=1 a/evals=1 b/Metrics=1"; got != want {
		t.Errorf("stats topics = %q, want %q", got, want)
	}
	if p := topicProblems(t, s); len(p) != 0 {
		t.Errorf("doctor after the migration: %v", p)
	}
}

// TestTopicsFollowRenamedDeck: a renamed deck takes its topics along, its
// orphans' too, so that a card added to a topic after the rename counts
// with the topic's older cards, not as a second topic of the same name,
// and no card keeps the id of a topic of the old deck id.
func TestTopicsFollowRenamedDeck(t *testing.T) {
	s := impStore(t)
	dir := t.TempDir()
	// The extra card leaves the file: it stays, orphaned, with the deck.
	impRun(t, s, impOpts(), writeDeck(t, dir, "hyde.md", hydeDeck+"\nQ: Extra\nA: yes\n"))
	sum := impRun(t, s, impOpts(), writeDeck(t, dir, "hyde.md", hydeDeck))
	wantCounts(t, "orphaned", sum, counts{Unchanged: 3, Orphaned: 1, Remaining: 1})
	if got, want := topicTotals(t, s), "hyde/HyDE=3"; got != want {
		t.Fatalf("stats topics before = %q, want %q", got, want)
	}
	if err := os.Remove(filepath.Join(dir, "hyde.md")); err != nil {
		t.Fatal(err)
	}
	renamed := writeDeck(t, dir, "hyde-notes.md", hydeDeck+"\nQ: New one\nA: yes\n\n## Later\n\nQ: Another\nA: yes\n")
	sum = impRun(t, s, impOpts(), renamed)
	wantCounts(t, "renamed", sum, counts{Added: 2, Unchanged: 3, Remaining: 1})
	got := topicTotals(t, s)
	if want := "hyde-notes/HyDE=4 hyde-notes/Later=1"; got != want {
		t.Errorf("stats topics after the rename = %q, want %q", got, want)
	}
	if p := topicProblems(t, s); len(p) != 0 {
		t.Errorf("doctor after the rename: %v", p)
	}
}

// TestTopicsOfMovedCards: cards that change topic, or whose topic is new,
// are counted under their new topic; a topic no card has any longer is
// not listed.
func TestTopicsOfMovedCards(t *testing.T) {
	s := impStore(t)
	dir := t.TempDir()
	text := "---\nid: t\n---\n## One\n\nQ: q1\nA: a\n\nQ: q2\nA: a\n\n## Two\n\nQ: q3\nA: a\n"
	impRun(t, s, impOpts(), writeDeck(t, dir, "t.md", text))
	if got, want := topicTotals(t, s), "t/One=2 t/Two=1"; got != want {
		t.Fatalf("stats topics = %q, want %q", got, want)
	}
	// q2 moves under Two, q1 under a new first topic Zero; One is empty.
	moved := "---\nid: t\n---\n## Zero\n\nQ: q1\nA: a\n\n## Two\n\nQ: q2\nA: a\n\nQ: q3\nA: a\n"
	impRun(t, s, impOpts(), writeDeck(t, dir, "t.md", moved))
	if got, want := topicTotals(t, s), "t/Zero=1 t/Two=2"; got != want {
		t.Errorf("stats topics after the move = %q, want %q", got, want)
	}
	if p := topicProblems(t, s); len(p) != 0 {
		t.Errorf("doctor after the move: %v", p)
	}
	// And back: the old topic's id serves again.
	impRun(t, s, impOpts(), writeDeck(t, dir, "t.md", text))
	if got, want := topicTotals(t, s), "t/One=2 t/Two=1"; got != want {
		t.Errorf("stats topics after moving back = %q, want %q", got, want)
	}
}

// TestDoctorFindsWrongTopicID: a card whose topic id stands for another
// topic is reported, naming the card, both topics and the id.
func TestDoctorFindsWrongTopicID(t *testing.T) {
	s := impStore(t)
	dir := t.TempDir()
	text := "---\nid: t\n---\n## One\n\nQ: q1\nA: a\n\n## Two\n\nQ: q2\nA: a\n"
	impRun(t, s, impOpts(), writeDeck(t, dir, "t.md", text))
	ids := idsByFront(t, s)
	if _, err := s.DB().Exec(`UPDATE cards SET topic_id = (SELECT id FROM topics WHERE deck_id = 't' AND name = 'One') WHERE id = ?`, ids["q2"]); err != nil {
		t.Fatal(err)
	}
	p := topicProblems(t, s)
	if len(p) != 1 || !strings.Contains(p[0], "card "+ids["q2"]+" (deck t, topic 'Two') has topic id ") ||
		!strings.HasSuffix(p[0], "which is deck t, topic 'One'") {
		t.Errorf("doctor's topic problems = %q, want one naming card %s, topic Two and topic One", p, ids["q2"])
	}
}
