package data

// Tests for issue 12: aipm never deletes, overwrites or detaches a
// person's data.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/internal/trials"
	"github.com/aipmhq/aipm/srs"
)

// withUserVersion returns a copy of the database bytes b with header
// bytes 60-63 (user_version) set to v.
func withUserVersion(b []byte, v uint32) []byte {
	out := append([]byte(nil), b...)
	binary.BigEndian.PutUint32(out[60:64], v)
	return out
}

// TestOpenRefusesUnknownUserVersion: a user_version this binary does not
// know, negative or too high, is refused for writing and for reading,
// with a message naming it, and the file is left unchanged.
func TestOpenRefusesUnknownUserVersion(t *testing.T) {
	trials.Count(t, "user_version negative (top bit of header byte 60 flipped, -1) or newer, for writing and read-only", 6)
	good := validDB(t)
	tests := []struct {
		name    string
		version uint32
		want    string
	}{
		{"top bit of byte 60 flipped", uint32(SchemaVersion()) | 1<<31, fmt.Sprintf("schema version %d, which no aipm writes", int32(uint32(SchemaVersion())|1<<31))},
		{"minus one", 0xffffffff, "schema version -1, which no aipm writes"},
		{"newer", 99, fmt.Sprintf("was written by a newer aipm (schema version 99, this aipm knows up to %d)", SchemaVersion())},
	}
	for _, tt := range tests {
		for _, ro := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "/write", true: "/read-only"}[ro], func(t *testing.T) {
				p := filepath.Join(t.TempDir(), "aipm.db")
				b := withUserVersion(good, tt.version)
				os.WriteFile(p, b, 0o644)
				s, err := Open(context.Background(), p, Options{ReadOnly: ro})
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded")
				}
				var pe *PathError
				if !errors.As(err, &pe) || !strings.Contains(pe.Msg, tt.want) {
					t.Fatalf("error = %v, want a PathError with %q", err, tt.want)
				}
				if strings.Contains(pe.Msg, ";") {
					t.Errorf("message %q holds a \";\"", pe.Msg)
				}
				if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
					t.Error("file changed")
				}
			})
		}
	}
}

// TestOpenDanglingSymlink: a --db that is a symbolic link to a missing
// file is an error naming the target; the link stays and nothing is
// created, for writing and for reading.
func TestOpenDanglingSymlink(t *testing.T) {
	trials.Count(t, "a dangling symbolic link as --db, for writing and read-only", 2)
	for _, ro := range []bool{false, true} {
		dir := t.TempDir()
		target := filepath.Join(dir, "sync", "aipm.db")
		link := filepath.Join(dir, "aipm.db")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), link, Options{ReadOnly: ro})
		if err == nil {
			s.Close()
		}
		var pe *PathError
		if !errors.As(err, &pe) || !strings.Contains(pe.Msg, target) {
			t.Errorf("read-only %v: error = %v, want a PathError naming %s", ro, err, target)
		}
		if got, err := os.Readlink(link); err != nil || got != target {
			t.Errorf("read-only %v: link = %q, %v; want it kept, pointing at %s", ro, got, err, target)
		}
		if _, err := os.Lstat(target); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("read-only %v: the target was created", ro)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("read-only %v: folder holds %d entries, want only the link", ro, len(entries))
		}
	}
}

// TestCreateLeavesNoTemporaryFile: a new database is built beside its
// path and linked into place; afterwards only the database is there, it
// is at this binary's schema, and Created says so. A second Open of the
// same path did not create it.
func TestCreateLeavesNoTemporaryFile(t *testing.T) {
	trials.Count(t, "a new database built aside and linked into place", 1)
	dir := t.TempDir()
	p := filepath.Join(dir, "aipm.db")
	inited := 0
	init := func(ctx context.Context, s *Store) error {
		inited++
		_, err := s.DB().ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('probe', 'x')")
		return err
	}
	s, err := Open(context.Background(), p, Options{Init: init})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Created() || inited != 1 {
		t.Errorf("Created = %v, init ran %d times; want true, 1", s.Created(), inited)
	}
	var v string
	if err := s.DB().QueryRow("SELECT value FROM meta WHERE key = 'probe'").Scan(&v); err != nil || v != "x" {
		t.Errorf("what init wrote: %q, %v", v, err)
	}
	s.Close()
	s, err = Open(context.Background(), p, Options{Init: init})
	if err != nil {
		t.Fatal(err)
	}
	if s.Created() || inited != 1 {
		t.Errorf("second Open: Created = %v, init ran %d times; want false, 1", s.Created(), inited)
	}
	s.Close()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "aipm.db" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if got := userVersion(t, p); got != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", got, SchemaVersion())
	}
}

// TestUndoAcrossProcesses: session A answers a card, session B (another
// process, the next day) answers it too, then A undoes its answer. The
// undo cancels only A's row and rebuilds the card from the log, so that
// B's answer stands (now the card's first review), and the doctor finds
// nothing wrong.
func TestUndoAcrossProcesses(t *testing.T) {
	trials.Count(t, "undo of an answer after another connection answered the same card", 1)
	a, ids := newTestStore(t, 2)
	b, err := Open(context.Background(), a.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	first := answer(t, a, ids[0], 4, testDay)
	second := answer(t, b, ids[0], 4, testDay.Add(1))
	if second.Kind != "review" || second.After.Reps != 2 {
		t.Fatalf("B's answer: %+v, want a review to reps 2", second)
	}
	u, err := a.Undo(context.Background(), first.Seq, testDay.Time().Add(10*time.Hour), testDay)
	if err != nil {
		t.Fatalf("Undo: %v", err)
	}
	// B's answer alone: a new card answered 4 on day 2 is due on day 3.
	want := srs.State{Reps: 1, Interval: 1, EF: 2.5}
	wantDue := testDay.Add(2).String()
	c, err := a.Card(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if c.State != want || c.Due != wantDue || u.State.State != want || u.Due != wantDue {
		t.Errorf("card after the undo: %+v due %s (Undone %+v due %s), want %+v due %s", c.State, c.Due, u.State, u.Due, want, wantDue)
	}
	var rows int
	a.DB().QueryRow("SELECT count(*) FROM revlog WHERE kind = 'review' AND NOT EXISTS (SELECT 1 FROM revlog u WHERE u.undoes = revlog.seq)").Scan(&rows)
	if rows != 1 {
		t.Errorf("%d live review rows, want B's 1", rows)
	}
	chk, err := a.Doctor(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(chk.Problems) > 0 {
		t.Errorf("doctor: %v", chk.Problems)
	}
	// With no later answer, an undo still works.
	third := answer(t, a, ids[1], 3, testDay)
	if _, err := a.Undo(context.Background(), third.Seq, testDay.Time().Add(10*time.Hour), testDay); err != nil {
		t.Errorf("undo of the last answer of a card: %v", err)
	}
}

// TestFaultBusyWriteWaitsWhileWriterProgresses: a write that meets a
// database locked by a writer that keeps writing (a long import) waits for
// as long as that writer makes progress, with one notice, instead of
// giving up after two tries; the answer is then recorded once.
func TestFaultBusyWriteWaitsWhileWriterProgresses(t *testing.T) {
	trials.Count(t, "a write meeting another writer that holds the lock for 7 busy timeouts while writing", 1)
	s0, ids := newTestStore(t, 2)
	path := s0.Path()
	s0.Close()
	db, err := sql.Open("sqlite", dsn(path, false, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A small page cache: the writer's pages spill into the WAL as it goes.
	conn.ExecContext(context.Background(), "PRAGMA cache_size = -64")
	tx, err := conn.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	started, finished := make(chan struct{}), make(chan error, 1)
	go func() {
		// 12 steps of 30 ms, each writing 256 KB: 360 ms under the lock, far
		// past two busy timeouts of 50 ms.
		for i := range 12 {
			if _, err := tx.Exec("INSERT INTO meta (key, value) VALUES (?, hex(randomblob(131072)))", fmt.Sprint("bulk", i)); err != nil {
				finished <- err
				return
			}
			if i == 0 {
				close(started)
			}
			time.Sleep(30 * time.Millisecond)
		}
		finished <- tx.Rollback()
	}()
	<-started
	var warnings []string
	s, err := Open(context.Background(), path, Options{BusyTimeout: 50 * time.Millisecond, Warn: func(m string) { warnings = append(warnings, m) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Record(context.Background(), Event{CardID: ids[0], Grade: 4, At: testDay.Time(), Day: testDay}); err != nil {
		t.Fatalf("Record while another writer makes progress: %v", err)
	}
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "waiting for as long as it makes progress") {
		t.Errorf("warnings = %q, want one saying it waits", warnings)
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&n)
	if n != 1 {
		t.Errorf("revlog rows = %d, want 1", n)
	}
}
