package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Restored is what Restore did.
type Restored struct {
	Cards int    // cards in the restored database
	Kept  string // where the database it replaced was kept; "" if there was none
}

// Restore replaces the database at dbPath with the backup at src. It
// checks src first (an aipm database that passes quick_check; an empty or
// foreign file is refused), keeps the current database as one more backup
// in its backups folder, and then swaps the copy in through a temporary
// file and a rename, so that dbPath is always one whole database. Every
// other aipm on dbPath must be stopped first.
func Restore(ctx context.Context, dbPath, src string, now func() time.Time) (Restored, error) {
	var r Restored
	fail := func(err error) (Restored, error) {
		msg, try, ok := TryOf(err)
		if !ok {
			try = "choose another backup (`aipm backup --list` shows them)"
		}
		return r, &Hint{Msg: fmt.Sprintf("cannot restore %s: %s", src, msg), Try: try}
	}
	if st, err := os.Stat(src); err != nil {
		return fail(errors.New(unwrapPathErr(err)))
	} else if !st.Mode().IsRegular() || st.Size() == 0 {
		return fail(&PathError{Path: src, Msg: "is empty or not a regular file, so it holds no database", Hint: "choose another backup (`aipm backup --list` shows them)"})
	}
	if _, err := checkHeader(src); err != nil {
		return fail(err)
	}
	var err error
	if r.Cards, err = inspect(ctx, src); err != nil {
		return fail(err)
	}
	if _, err := os.Lstat(dbPath); err == nil {
		if r.Kept, err = keepCurrent(ctx, dbPath, now); err != nil {
			return r, fmt.Errorf("keep the current database before restoring: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		return r, &PathError{Path: dbPath, Msg: "cannot be created: " + unwrapPathErr(err), Hint: "choose another location with --db or AIPM_DB"}
	}
	in, err := os.Open(src)
	if err != nil {
		return fail(errors.New(unwrapPathErr(err)))
	}
	defer in.Close()
	if err := WriteAtomic(dbPath, 0o644, func(w io.Writer) error { _, err := io.Copy(w, in); return err }); err != nil {
		return r, fmt.Errorf("write %s: %w", dbPath, err)
	}
	// The side files described the replaced database; keepCurrent emptied
	// its WAL into the backup. SQLite names them after the linked file.
	real := dbPath
	if r, err := filepath.EvalSymlinks(dbPath); err == nil {
		real = r
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(real + side)
	}
	return r, nil
}

// keepCurrent copies the database at path into its backups folder before
// a restore replaces it. A sound database is backed up with VACUUM INTO
// after its WAL is checkpointed; a damaged one (which VACUUM INTO cannot
// read) is copied byte for byte, with its WAL.
func keepCurrent(ctx context.Context, path string, now func() time.Time) (string, error) {
	s, err := Open(ctx, path, Options{Now: now})
	if err == nil {
		if err = s.Verify(ctx); err == nil {
			var kept string
			kept, err = s.Backup(ctx, "pre-restore")
			if err == nil {
				_, err = s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
			}
			s.Close()
			return kept, err
		}
		s.Close()
	}
	if !Damaged(err) {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(path), "backups")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if now == nil {
		now = time.Now
	}
	kept := filepath.Join(dir, "damaged-"+now().UTC().Format("20060102T150405.000000000Z")+".db")
	for _, side := range []string{"", "-wal"} {
		f, err := os.Open(path + side)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		err = WriteAtomic(kept+side, 0o644, func(w io.Writer) error { _, err := io.Copy(w, f); return err })
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return kept, nil
}
