package data

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sealsWork skips a test on a file system that keeps no extended
// attributes: there every open checks the file in full.
func sealsWork(t *testing.T) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x")
	os.WriteFile(p, nil, 0o644)
	if err := setSeal(p, "x"); err != nil {
		t.Skipf("no extended attributes here (%v): every open checks in full", err)
	}
}

// TestFullCheckOnlyWithAReason: Open runs the full quick_check of an
// existing file when, and only when, it has a reason to (seal.go), and
// each reason triggers it.
func TestFullCheckOnlyWithAReason(t *testing.T) {
	sealsWork(t)
	ctx := context.Background()
	now := t0
	path := filepath.Join(t.TempDir(), "aipm.db")
	opts := func() Options { return Options{Now: func() time.Time { return now }} }
	s, err := Open(ctx, path, opts())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// checks opens the file, reports whether the full check ran, lets it
	// finish, writes one row and closes.
	checks := func(t *testing.T, o Options) bool {
		t.Helper()
		s, err := Open(ctx, path, o)
		if err != nil {
			t.Fatal(err)
		}
		ran := s.verify != nil
		if err := s.Verify(ctx); err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if !o.ReadOnly {
			err := s.tx(ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec("INSERT INTO meta (key, value) VALUES ('n', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1")
				return err
			})
			if err != nil {
				t.Fatalf("write: %v", err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return ran
	}
	if checks(t, opts()) {
		t.Fatal("the file this aipm created and closed was checked in full on the next open")
	}
	if checks(t, opts()) {
		t.Fatal("a file aipm wrote and closed was checked in full on the next open")
	}
	reasons := []struct {
		name string
		do   func(t *testing.T) Options
	}{
		{"modification time changed", func(t *testing.T) Options {
			st, _ := os.Stat(path)
			if err := os.Chtimes(path, st.ModTime(), st.ModTime().Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			return opts()
		}},
		{"another program wrote", func(t *testing.T) Options {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec("INSERT INTO meta (key, value) VALUES ('foreign', ?)", strings.Repeat("x", 20000)); err != nil {
				t.Fatal(err)
			}
			return opts()
		}},
		{"last check over 7 days ago", func(t *testing.T) Options {
			now = now.Add(checkEvery + time.Hour)
			return opts()
		}},
		{"clock moved back before the last check", func(t *testing.T) Options {
			now = now.Add(-48 * time.Hour)
			return opts()
		}},
		{"asked for (doctor)", func(t *testing.T) Options {
			o := opts()
			o.Check = true
			return o
		}},
		{"a WAL with frames (a writer that did not close)", func(t *testing.T) Options {
			db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			db.SetMaxOpenConns(1)
			if _, err := db.Exec("PRAGMA wal_autocheckpoint = 0"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("INSERT INTO meta (key, value) VALUES ('hot', 'wal')"); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
				t.Fatalf("no WAL frames to test with: %v", err)
			}
			return opts()
		}},
	}
	for _, r := range reasons {
		t.Run(r.name, func(t *testing.T) {
			o := r.do(t)
			if !checks(t, o) {
				t.Errorf("no full check when %s", r.name)
			}
			if o.Check {
				return
			}
			if strings.Contains(r.name, "WAL") {
				return // the other connection is still open: its WAL stays
			}
			if checks(t, opts()) {
				t.Errorf("after a check that passed (%s), the next open checked again", r.name)
			}
		})
	}
}

// TestReadOnlyCheckIsNotRecorded: a read-only store never writes, so a
// check it ran leaves the reason for the next open, and a read-only open
// of a sealed file checks nothing.
func TestReadOnlyCheckIsNotRecorded(t *testing.T) {
	sealsWork(t)
	ctx := context.Background()
	now := func() time.Time { return t0 }
	path := filepath.Join(t.TempDir(), "aipm.db")
	s, err := Open(ctx, path, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro := func() bool {
		s, err := Open(ctx, path, Options{ReadOnly: true, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Verify(ctx); err != nil {
			t.Fatal(err)
		}
		return s.verify != nil
	}
	if ro() {
		t.Error("a read-only open of a sealed file checked it in full")
	}
	st, _ := os.Stat(path)
	os.Chtimes(path, st.ModTime(), st.ModTime().Add(time.Second))
	if !ro() || !ro() {
		t.Error("a read-only open of a changed file did not check it every time")
	}
}

// TestSealedFileDamagedOutsideIsRefused: a data page damaged by another
// program in a file that aipm had sealed is found before the first write,
// and the file is left as it was.
func TestSealedFileDamagedOutsideIsRefused(t *testing.T) {
	sealsWork(t)
	ctx := context.Background()
	s, ids := newTestStore(t, 40)
	for _, id := range ids {
		answer(t, s, id, 4, testDay)
	}
	path := s.Path()
	s.Close()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xff", pageSize)), 3*pageSize)
	f.Close()
	before, _ := os.ReadFile(path)
	s, err = Open(ctx, path, Options{Now: func() time.Time { return t0 }})
	if err == nil {
		_, err = s.SetFlag(ctx, "suspend", []string{ids[0]}, t0, 0)
		s.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "is corrupt") {
		t.Fatalf("write to a file damaged outside aipm = %v, want it refused as corrupt", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the damaged file was changed")
	}
}
