package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScheduledAtOddPath: the log's own reader (rawConn) opens the file
// the store has open, also where its path holds what a URI would read as
// an escape, a query or a fragment; its answers are the same.
func TestScheduledAtOddPath(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 4)
	answerDays(t, s, ids, []int{0, 1, 3, 8})
	want := exportReviews(t, s)
	cal, err := s.Calibration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a%41b?c#d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "aipm.db")
	if err := copyFile(path, s.path); err != nil {
		t.Fatal(err)
	}
	odd, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer odd.Close()
	got := exportReviews(t, odd)
	cal2, err := odd.Calibration(ctx)
	if got != want || err != nil || fmt.Sprint(cal2) != fmt.Sprint(cal) || cal.Answers != 4*4 {
		t.Errorf("at %s: export\n%s\nwant\n%s\ncalibration %v, want %v on 16 answers (%v)", path, got, want, cal2, cal, err)
	}
}

// TestScheduledMissingFile: a log whose file is gone is an error that
// names the file, not a panic or an empty log.
func TestScheduledMissingFile(t *testing.T) {
	_, err := openRaw(filepath.Join(t.TempDir(), "gone.db"), 0)
	if err == nil {
		t.Fatal("openRaw of a missing file: no error")
	}
	if want := "gone.db"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %s", err, want)
	}
}
