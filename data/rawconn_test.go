package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/srs"
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

// TestScheduledInPartsUnknownCards: read in parallel, the log numbers its
// cards by the cards table; answers of cards no longer there (pruned: the
// log keeps their rows), with hex ids and others, come out the same as
// read in one part.
func TestScheduledInPartsUnknownCards(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 3)
	answerDays(t, s, ids[:2], []int{0, 1})
	for i, gone := range []string{"0123456789abcdef", "gone/card", "0123456789abcdef", ids[2], "gone/card"} {
		at := t0.Add(time.Duration(48+24*i) * time.Hour)
		g := 3 + i%3
		row := logRow{card: gone, kind: srs.LogReview, at: at, day: dayOfUTC(at), grade: &g}
		if err := s.tx(ctx, func(tx *sql.Tx) error { _, err := insertLog(ctx, tx, row); return err }); err != nil {
			t.Fatal(err)
		}
	}
	answerDays(t, s, ids, []int{9})
	whole := exportReviews(t, s)
	rl, err := s.ReviewLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func(v int64) { scanSplit = v }(scanSplit)
	scanSplit = 1
	for _, procs := range []int{1, 2, 5} {
		old := runtime.GOMAXPROCS(procs)
		parts := exportReviews(t, s)
		rl2, err := s.ReviewLog(ctx)
		runtime.GOMAXPROCS(old)
		if parts != whole || err != nil || rl2.Answers != rl.Answers || fmt.Sprint(rl2.sm2) != fmt.Sprint(rl.sm2) {
			t.Errorf("in %d parts: export\n%s\nwant\n%s\nreview log %d answers, sm2 %v; want %d, %v (%v)",
				procs, parts, whole, rl2.Answers, rl2.sm2, rl.Answers, rl.sm2, err)
		}
	}
	if !strings.Contains(whole, "0123456789abcdef") || !strings.Contains(whole, "gone/card") || rl.Answers != 2*2+5+3 {
		t.Errorf("export lacks the pruned cards' answers, or %d answers (want 12):\n%s", rl.Answers, whole)
	}
}

// TestScheduledDamagedIndex: a damaged page met by the log's own reader is
// an error Damaged recognises, as one from database/sql is, so the
// commands report the file as corrupt.
func TestScheduledDamagedIndex(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 4)
	answerDays(t, s, ids, []int{0, 1, 3})
	var root int64
	if err := s.db.QueryRowContext(ctx, `SELECT rootpage FROM sqlite_master WHERE name = 'revlog_scheduled'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	path := s.path
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xff", pageSize)), (root-1)*pageSize)
	f.Close()
	r, err := newChunkReader(&Store{path: path}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	ch := r.read(ctx, newCardIndex(), 0, 1<<40)
	if !Damaged(ch.err) || !strings.Contains(ch.err.Error(), "malformed") {
		t.Errorf("reading a damaged index: %v (%d rows), want an error Damaged recognises", ch.err, len(ch.rows))
	}
}

// TestScheduledNoGrade: a review row without a grade (a damaged log) is an
// error that names the row and says what to do, read in one part or many.
func TestScheduledNoGrade(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 2)
	answerDays(t, s, ids, []int{0, 1})
	at := t0.Add(72 * time.Hour)
	var seq int64
	if err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		seq, err = insertLog(ctx, tx, logRow{card: ids[1], kind: srs.LogReview, at: at, day: dayOfUTC(at)})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	defer func(v int64) { scanSplit = v }(scanSplit)
	for _, split := range []int64{1 << 40, 1} {
		scanSplit = split
		_, err := s.ReviewLog(ctx)
		if want := fmt.Sprintf("log row %d is a review with no grade; run aipm doctor", seq); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("split %d: %v, want %q", split, err, want)
		}
	}
}
