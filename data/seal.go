package data

import (
	"context"
	"fmt"
	"os"
	"time"
)

// When the full check runs. PRAGMA quick_check reads every page of the
// file, about 1.3 s for 1M answers, so it runs only when there is a reason
// to think that the file changed outside aipm since aipm last saw it whole:
//
//   - the file was not sealed as aipm left it: a seal (an extended
//     attribute holding the file's size and modification time) is written
//     when a writing Store closes cleanly, after its connection has closed
//     and SQLite has folded the WAL into the file. A crash, a write by
//     another program, a copy or a restore leaves no seal or a stale one;
//   - a WAL with frames in it is there before this Open: the last writer
//     did not close cleanly, or another process has the file open;
//   - the file needs a migration, or is not in WAL mode yet;
//   - the last full check was more than checkEvery ago (meta checked_at,
//     written by a writing Store whose check passed);
//   - Options.Check asks for it (doctor).
//
// Otherwise Open checks only the header and the schema version. A file
// damaged outside aipm is thus checked before the first write; damage that
// keeps the file's size and modification time (say, a disk that flips a
// bit in place) is found by the check at least every checkEvery.

// checkEvery is the longest time between two full checks of a file.
const checkEvery = 7 * 24 * time.Hour

// checkedAtKey is the meta row holding the instant of the last full check
// that passed.
const checkedAtKey = "checked_at"

// sealOf is the seal of a file's state.
func sealOf(st os.FileInfo) string {
	return fmt.Sprintf("aipm1 %d %d", st.Size(), st.ModTime().UnixNano())
}

// needsCheck reports whether an existing file needs its full check, from
// what is known before SQLite opens it (the reasons are listed above).
func needsCheck(path string, st os.FileInfo, hdr []byte, opts Options) bool {
	if opts.Check || !knownWAL(hdr) {
		return true // asked for; or not at this schema version in WAL mode
	}
	if w, err := os.Stat(path + "-wal"); err == nil && w.Size() > 0 {
		return true // a WAL with frames
	}
	seal, ok := getSeal(path)
	return !ok || seal != sealOf(st) // not as aipm left it
}

// checkDue reports whether the last full check is older than checkEvery
// (or unknown): read once the schema is known to be aipm's.
func (s *Store) checkDue(ctx context.Context) bool {
	if s.Now == nil {
		return true
	}
	var v string
	if err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", checkedAtKey).Scan(&v); err != nil {
		return true
	}
	at, err := time.Parse(time.RFC3339Nano, v)
	return err != nil || s.Now().Sub(at) > checkEvery || at.After(s.Now())
}

// recordCheck writes the instant of a full check that passed (or of the
// creation of the file, which needs none). A failure only means that the
// next open checks again.
func (s *Store) recordCheck() {
	if s.Now == nil || s.readOnly {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.busyTimeout())
	defer cancel()
	s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?1, ?2)
		ON CONFLICT (key) DO UPDATE SET value = ?2`, checkedAtKey, s.Now().UTC().Format(time.RFC3339Nano))
}

// seal records the closed file's state, so that the next Open knows that
// nothing changed it since. It runs after the last connection closed.
func (s *Store) seal() {
	if st, err := os.Stat(s.path); err == nil && st.Mode().IsRegular() {
		setSeal(s.path, sealOf(st))
	}
}
