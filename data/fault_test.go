package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// testDay is the user day the tests answer on.
var testDay = srs.Date(2026, time.December, 1)

// newTestStore opens a fresh database in t.TempDir() holding one deck of n
// basic cards, and returns it with the card ids in deck order.
func newTestStore(t *testing.T, n int) (*Store, []string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "aipm.db"), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Import(ctx, reparsed(t, n), ImportOptions{}); err != nil {
		t.Fatalf("Import: %v", err)
	}
	cards, err := s.Cards(ctx, Filter{})
	if err != nil {
		t.Fatalf("Cards: %v", err)
	}
	ids := make([]string, len(cards))
	for i, c := range cards {
		ids[i] = c.ID
	}
	if len(ids) != n {
		t.Fatalf("imported %d cards, want %d", len(ids), n)
	}
	return s, ids
}

func answer(t *testing.T, s *Store, id string, grade int, day srs.Day) Answer {
	t.Helper()
	a, err := s.Record(context.Background(), Event{CardID: id, Grade: grade, At: day.Time().Add(9 * time.Hour),
		Day: day, MaxInterval: 36500})
	if err != nil {
		t.Fatalf("Record(%s, %d): %v", id, grade, err)
	}
	return a
}

// validDB returns the bytes of a healthy aipm database with a few cards.
func validDB(t *testing.T) []byte {
	t.Helper()
	s, ids := newTestStore(t, 40)
	for _, id := range ids {
		answer(t, s, id, 4, testDay)
	}
	path := s.Path()
	s.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 4*pageSize {
		t.Fatalf("test database is only %d bytes", len(b))
	}
	return b
}

// foreignDB returns the bytes of a SQLite file made by another program.
func foreignDB(t *testing.T) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE cards (x)", "INSERT INTO cards VALUES (1)"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFaultBadDatabaseFileUnchanged opens files that are not aipm databases
// or are damaged, for writing and read-only: each is refused with a
// sentence naming the path, and the file is byte-for-byte unchanged with no
// side files left behind.
func TestFaultBadDatabaseFileUnchanged(t *testing.T) {
	good := validDB(t)
	rnd := rand.New(rand.NewSource(7))
	junk := func(n int) []byte { b := make([]byte, n); rnd.Read(b); return b }
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	newer := func() []byte {
		p := filepath.Join(t.TempDir(), "newer.db")
		os.WriteFile(p, good, 0o644)
		db, _ := sql.Open("sqlite", p)
		if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion()+1)); err != nil {
			t.Fatal(err)
		}
		db.Close()
		b, _ := os.ReadFile(p)
		return b
	}()
	other := foreignDB(t)
	tests := []struct {
		name, want string
		data       []byte
	}{
		{"garbage", "is not an aipm database", junk(8192)},
		{"text", "is not an aipm database", []byte("Q: not a database\nA: really\n")},
		{"short header", "is not an aipm database", good[:50]},
		{"header then garbage", "is corrupt", cat(good[:100], junk(len(good)-100))},
		{"schema page garbage", "is corrupt", cat(good[:100], junk(pageSize-100), good[pageSize:])},
		{"data page garbage", "is corrupt", cat(good[:3*pageSize], junk(pageSize), good[4*pageSize:])},
		{"truncated", "is corrupt", good[:len(good)/2]},
		{"newer schema", fmt.Sprintf("newer aipm (schema version %d", SchemaVersion()+1), newer},
		{"other program", "another program", other},
		{"other program, damaged", "another program", cat(other[:4096], junk(len(other)-4096))},
	}
	for _, tt := range tests {
		for _, ro := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/readonly=%v", tt.name, ro), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "aipm.db")
				if err := os.WriteFile(path, tt.data, 0o644); err != nil {
					t.Fatal(err)
				}
				// A damaged page past the schema is found by the quick_check
				// that Open starts in the background: Verify reports it, and
				// every write waits for it, so none reaches the file.
				ctx := context.Background()
				s, err := Open(ctx, path, Options{ReadOnly: ro})
				if err == nil {
					err = s.Verify(ctx)
					if !ro {
						if _, werr := s.SetFlag(ctx, "suspend", []string{"x"}, time.Now(), 0); werr == nil || werr.Error() != err.Error() {
							t.Errorf("a write after a failed check = %v, want %v", werr, err)
						}
					}
					s.Close()
					if err == nil {
						t.Fatalf("Open(%s) and Verify succeeded, want an error", tt.name)
					}
				}
				var pe *PathError
				if !errors.As(err, &pe) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Open(%s) error = %v, want a PathError naming the file and saying %q", tt.name, err, tt.want)
				}
				if !strings.Contains(err.Error(), "; ") {
					t.Errorf("Open(%s) error = %q, want a hint after \"; \"", tt.name, err)
				}
				after, _ := os.ReadFile(path)
				if !bytes.Equal(after, tt.data) {
					t.Errorf("Open(%s) changed the file", tt.name)
				}
				for _, side := range []string{"-wal", "-shm", "-journal"} {
					if _, err := os.Stat(path + side); err == nil {
						t.Errorf("Open(%s) left %s behind", tt.name, side)
					}
				}
			})
		}
	}
}

// TestFaultImpossiblePaths: paths that can never hold a database give a
// PathError naming the path, and leave nothing behind.
func TestFaultImpossiblePaths(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain-file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct{ name, path, want string }{
		{"under /proc", "/proc/aipm-no-such/aipm.db", "cannot be created"},
		{"parent is a file", filepath.Join(file, "aipm.db"), "part of its path is a file"},
		{"grandparent is a file", filepath.Join(file, "sub", "aipm.db"), "part of its path is a file"},
		{"a directory", dir, "is a directory"},
		{"a device", "/dev/null", "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.path, Options{})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded", tt.path)
			}
			var pe *PathError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%s) = %v, want a PathError saying %q", tt.path, err, tt.want)
			}
		})
	}
}

// TestFaultReadOnlyDirectory: a new database in a directory that cannot be
// written is refused clearly (not testable as root, who may write anyway).
func TestFaultReadOnlyDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	path := filepath.Join(dir, "aipm.db")
	s, err := Open(context.Background(), path, Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open in a read-only directory succeeded")
	}
	var pe *PathError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open = %v, want a PathError naming %s", err, path)
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("Open left %s behind", path)
	}
}

// withMigrations runs the test with extra migration steps appended.
func withMigrations(t *testing.T, extra ...string) {
	orig := steps()
	migrations = append(append([]string{}, orig...), extra...)
	t.Cleanup(func() { migrations = orig })
}

func userVersion(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatalf("user_version of %s: %v", path, err)
	}
	return v
}

// TestFaultMigrationBacksUpFirst: migrating an existing database writes a
// VACUUM INTO copy of the old schema before the migration transaction.
func TestFaultMigrationBacksUpFirst(t *testing.T) {
	s, ids := newTestStore(t, 3)
	answer(t, s, ids[0], 5, testDay)
	path := s.Path()
	s.Close()
	have := SchemaVersion()
	withMigrations(t, "CREATE TABLE extra (x INTEGER); INSERT INTO extra VALUES (42);")
	s2, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open with a pending migration: %v", err)
	}
	defer s2.Close()
	// The version before the extra step, read before it is appended.
	if v := userVersion(t, path); v != have+1 {
		t.Errorf("user_version after migrating = %d, want %d", v, have+1)
	}
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "aipm-*-pre-migrate.db"))
	if len(backups) != 1 {
		t.Fatalf("pre-migrate backups = %v, want one", backups)
	}
	if v := userVersion(t, backups[0]); v != have {
		t.Errorf("backup user_version = %d, want %d (taken before the migration)", v, have)
	}
	db, _ := sql.Open("sqlite", "file:"+backups[0]+"?mode=ro")
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM revlog").Scan(&n); err != nil || n != 1 {
		t.Errorf("backup revlog rows = %d (%v), want 1", n, err)
	}
	if err := db.QueryRow("SELECT count(*) FROM extra").Scan(&n); err == nil {
		t.Errorf("backup has the migrated table: it was taken after the migration")
	}
}

// TestFaultFailedMigrationChangesNothing: a migration step that fails
// rolls back all pending steps; the database keeps its version and data.
func TestFaultFailedMigrationChangesNothing(t *testing.T) {
	s, ids := newTestStore(t, 3)
	answer(t, s, ids[0], 5, testDay)
	path := s.Path()
	s.Close()
	have := SchemaVersion()
	withMigrations(t, "CREATE TABLE extra (x INTEGER);", "INSERT INTO no_such_table VALUES (1);")
	if s2, err := Open(context.Background(), path, Options{}); err == nil {
		s2.Close()
		t.Fatal("Open with a failing migration succeeded")
	}
	migrations = migrations[:have]
	if v := userVersion(t, path); v != have {
		t.Errorf("user_version after a failed migration = %d, want %d", v, have)
	}
	s3, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s3.Close()
	var n int
	if err := s3.DB().QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'").Scan(&n); err != nil || n != 0 {
		t.Errorf("table from the failed migration's first step exists (%d, %v): not one transaction", n, err)
	}
	if err := s3.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&n); err != nil || n != 1 {
		t.Errorf("revlog rows = %d (%v), want 1", n, err)
	}
}

// lockDB holds the write lock of path from another connection until the
// returned func is called.
func lockDB(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, false, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE meta SET value = value"); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// TestFaultBusyWriteIsRetriedOnce: a write that finds the database locked
// past the busy timeout warns and is tried once more; the answer is
// recorded once.
func TestFaultBusyWriteIsRetriedOnce(t *testing.T) {
	s0, ids := newTestStore(t, 2)
	path := s0.Path()
	s0.Close()
	var warnings []string
	release := func() {}
	s, err := Open(context.Background(), path, Options{BusyTimeout: 50 * time.Millisecond, Warn: func(m string) {
		warnings = append(warnings, m)
		release() // the other process finishes while we wait to retry
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release = lockDB(t, path)
	answer(t, s, ids[0], 4, testDay)
	if len(warnings) != 1 || !strings.Contains(warnings[0], path) || !strings.Contains(warnings[0], "trying once more") {
		t.Errorf("warnings = %q, want one naming the file", warnings)
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&n)
	if n != 1 {
		t.Errorf("revlog rows = %d, want 1", n)
	}
}

// TestFaultBusyWriteFailsAfterRetry: when the lock is still held on the
// retry, the write fails with a sentence naming the file, and writes
// nothing.
func TestFaultBusyWriteFailsAfterRetry(t *testing.T) {
	s0, ids := newTestStore(t, 2)
	path := s0.Path()
	s0.Close()
	warned := 0
	s, err := Open(context.Background(), path, Options{BusyTimeout: 50 * time.Millisecond, Warn: func(string) { warned++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := lockDB(t, path)
	_, err = s.Record(context.Background(), Event{CardID: ids[0], Grade: 4, At: testDay.Time(), Day: testDay})
	var pe *PathError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "still locked by another process") {
		t.Errorf("Record under a held lock = %v, want a PathError saying it is still locked", err)
	}
	if warned != 1 {
		t.Errorf("warned %d times, want 1 (one retry)", warned)
	}
	release()
	var n int
	s.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&n)
	if n != 0 {
		t.Errorf("revlog rows = %d after a failed write, want 0", n)
	}
}

// TestFaultBackupWhileWriting: BackupTo takes a consistent copy while
// another connection holds an open write transaction; the copy passes
// integrity_check and holds only committed answers.
func TestFaultBackupWhileWriting(t *testing.T) {
	s, ids := newTestStore(t, 5)
	answer(t, s, ids[0], 4, testDay)
	db, err := sql.Open("sqlite", dsn(s.Path(), false, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("DELETE FROM revlog"); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := s.BackupTo(context.Background(), dst); err != nil {
		t.Fatalf("BackupTo during a write: %v", err)
	}
	tx.Rollback()
	c, err := Open(context.Background(), dst, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer c.Close()
	chk, err := c.Doctor(context.Background())
	if err != nil || len(chk.Problems) != 0 {
		t.Errorf("Doctor(backup) = %v, %v; want no problems", chk, err)
	}
	var n int
	c.DB().QueryRow("SELECT count(*) FROM revlog").Scan(&n)
	if n != 1 {
		t.Errorf("backup revlog rows = %d, want 1 (the committed answer)", n)
	}
	if err := s.BackupTo(context.Background(), dst); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("BackupTo(existing file) = %v, want an error saying it exists", err)
	}
}
