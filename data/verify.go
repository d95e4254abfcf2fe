package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// The integrity check of an existing file: a quick_check on its own
// read-only connection, whose verdict every write waits for.

// quickCheck runs PRAGMA quick_check: every page of the file is read, so
// its cost grows with the file (about 1 s for 1M reviews).
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	problems, err := checkRows(ctx, db, "PRAGMA quick_check(1)")
	if err != nil {
		return classify(path, err)
	}
	if len(problems) > 0 {
		return &PathError{Path: path, Msg: "is corrupt (" + oneLine(problems[0]) + ")",
			Hint: "restore a backup from its backups folder (see `aipm backup --help`); the file was not changed"}
	}
	return nil
}

// verification is a quick_check of an existing file running on its own
// read-only connection while the command gets on with its reads. Every
// write waits for it (see tx), so a damaged file is never written to,
// without making the first card wait for a read of the whole file.
type verification struct {
	done   chan struct{}
	err    error
	passed bool // the check ran to its end and found nothing
	cancel context.CancelFunc
}

func startVerify(path string, busy time.Duration) *verification {
	ctx, cancel := context.WithCancel(context.Background())
	v := &verification{done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(v.done)
		db, err := sql.Open("sqlite", dsn(path, true, busy))
		if err != nil {
			v.err = fmt.Errorf("open %s: %w", path, err)
			return
		}
		defer db.Close()
		v.err = quickCheck(ctx, db, path)
		if ctx.Err() != nil {
			v.err = nil // stopped: the command ended without needing it
			return
		}
		v.passed = v.err == nil
	}()
	return v
}

// wait returns the check's verdict once it is known.
func (v *verification) wait(ctx context.Context) error {
	if v == nil {
		return nil
	}
	select {
	case <-v.done:
		return v.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// finished reports whether the check has a verdict.
func (v *verification) finished() bool {
	select {
	case <-v.done:
		return true
	default:
		return false
	}
}

// stop abandons a check that nothing waits for any more.
func (v *verification) stop() {
	if v == nil {
		return
	}
	v.cancel()
	<-v.done
}

// Damaged reports whether err says that the database file is damaged:
// SQLite found a corrupt page, or a check refused the file.
func Damaged(err error) bool {
	if code, ok := sqliteCode(err); ok {
		c := code & 0xff
		return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB
	}
	var pe *PathError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Msg, "is corrupt") || strings.HasPrefix(pe.Msg, "is not an aipm database"))
}

// Verify waits for the integrity check of the file as it was opened and
// returns its verdict: nil, or a PathError saying the file is corrupt.
// Writes wait for it on their own; read-only commands call it to refuse a
// damaged file even where their reads did not touch the damage.
func (s *Store) Verify(ctx context.Context) error { return s.verify.wait(ctx) }
