package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/internal/trials"
)

// backupNames lists the files of the backups folder beside s.
func backupNames(t *testing.T, s *Store) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(filepath.Dir(s.Path()), "backups"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestBackupRotationKeepsGoodOnes: leftovers of killed imports (a 0-byte
// and a half-written backup, a -journal, an old .tmp) are neither counted
// nor kept: after six more backups the folder holds exactly the newest
// five, each a whole database that passes quick_check.
func TestBackupRotationKeepsGoodOnes(t *testing.T) {
	trials.Count(t, "backups left empty, cut short, with -journal and stale .tmp by killed imports; then 6 rotations", 1)
	s, ids := newTestStore(t, 5)
	answer(t, s, ids[0], 4, testDay)
	dir := filepath.Join(filepath.Dir(s.Path()), "backups")
	os.MkdirAll(dir, 0o755)
	good := validDB(t)
	old := time.Now().Add(-2 * time.Hour)
	for name, b := range map[string][]byte{
		"aipm-20261130T000000.000000000Z-import.db":         nil,
		"aipm-20261130T000001.000000000Z-import.db":         good[:len(good)/2],
		"aipm-20261130T000001.000000000Z-import.db-journal": []byte("j"),
		"aipm-20261130T000002.000000000Z-import.db.123.tmp": good[:100],
		"aipm-20261130T000003.000000000Z-import.db.456.tmp": good[:100], // recent: maybe in progress
		"manual-20261130T000000.000000000Z.db":              good,
		"notes.txt":                                         []byte("mine"),
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		if !strings.Contains(name, "456") {
			os.Chtimes(p, old, old)
		}
	}
	tick := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { tick = tick.Add(time.Second); return tick }
	for range 6 {
		if _, err := s.Backup(context.Background(), "import"); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"aipm-20261130T000003.000000000Z-import.db.456.tmp",
		"aipm-20261201T090002.000000000Z-import.db",
		"aipm-20261201T090003.000000000Z-import.db",
		"aipm-20261201T090004.000000000Z-import.db",
		"aipm-20261201T090005.000000000Z-import.db",
		"aipm-20261201T090006.000000000Z-import.db",
		"manual-20261130T000000.000000000Z.db",
		"notes.txt",
	}
	if got := backupNames(t, s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("backups folder:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	list, err := s.Backups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 6 {
		t.Fatalf("Backups lists %d, want 6 (5 automatic, 1 manual): %+v", len(list), list)
	}
	if got := backupNames(t, s); len(got) != len(want) {
		t.Errorf("listing the backups changed the folder: %v", got)
	}
	for _, b := range list {
		if b.Err != nil || b.Cards == 0 || b.Size == 0 {
			t.Errorf("backup %s: %d cards, %d bytes, %v", b.Path, b.Cards, b.Size, b.Err)
		}
	}
}

// TestFailedImportRemovesItsBackup: an import that fails after taking its
// backup removes that backup, so that retries on a full disk do not fill
// it with copies.
func TestFailedImportRemovesItsBackup(t *testing.T) {
	trials.Count(t, "an import failing after its backup", 1)
	s, _ := newTestStore(t, 3)
	s.created = false // an existing database: the import backs up
	d := reparsed(t, 4)
	boom := errors.New("boom")
	_, err := s.importTx(context.Background(), d, ImportOptions{Backup: true}, func(*sql.Tx) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("import error = %v, want boom", err)
	}
	if names := backupNames(t, s); len(names) != 0 {
		t.Errorf("backups left after a failed import: %v", names)
	}
}

// reparsed is the test deck of newTestStore with n cards, ready to import.
func reparsed(t testing.TB, n int) []*deck.Deck {
	t.Helper()
	var src strings.Builder
	src.WriteString("# Test deck\n\n")
	for i := range n {
		fmt.Fprintf(&src, "Q: question %d?\nA: answer %d\n\n", i, i)
	}
	d, err := deck.Parse("test.md", strings.NewReader(src.String()))
	if err != nil {
		t.Fatal(err)
	}
	return []*deck.Deck{d}
}

// TestSortBackups: backups sort oldest first by their stamp, and backups
// with one stamp (a fixed --now, or no clock) by their clash suffix, so
// that rotation removes the oldest, not "-10" before "-9".
func TestSortBackups(t *testing.T) {
	names := []string{
		"aipm-19700101T000000.000000000Z-import-10.db",
		"aipm-20261201T090000.000000000Z-pre-migrate.db",
		"aipm-19700101T000000.000000000Z-import-9.db",
		"aipm-19700101T000000.000000000Z-import.db",
		"aipm-19700101T000000.000000000Z-scheduler-2.db",
		"aipm-20261130T090000.000000000Z-import.db",
	}
	sortBackups(names)
	want := []string{
		"aipm-19700101T000000.000000000Z-import.db",
		"aipm-19700101T000000.000000000Z-scheduler-2.db",
		"aipm-19700101T000000.000000000Z-import-9.db",
		"aipm-19700101T000000.000000000Z-import-10.db",
		"aipm-20261130T090000.000000000Z-import.db",
		"aipm-20261201T090000.000000000Z-pre-migrate.db",
	}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("sortBackups =\n%v\nwant\n%v", names, want)
	}
}
