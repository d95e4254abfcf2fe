package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// create makes a new database for path, where there was none: it builds
// the database in a temporary file beside path (migrated, and set up by
// opts.Init), then hard-links it into place only if nothing is there yet.
// It reports whether this process installed the file. False with no
// error means that another process created path meanwhile: its database
// stands, and only this process's temporary file is removed.
//
// So aipm never unlinks a file it cannot prove it alone created: the
// temporary file has a name no other process uses (os.CreateTemp), and a
// half-made database is never visible at path.
func create(ctx context.Context, path string, opts Options) (bool, error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return false, &PathError{Path: path, Msg: "cannot be created: " + unwrapPathErr(err),
			Hint: "check that its directory is writable, or choose another location with --db or AIPM_DB"}
	}
	tmp := f.Name()
	f.Close()
	defer removeDB(tmp) // the temporary file and its side files are ours alone

	if err := setPageSize(ctx, tmp); err != nil {
		return false, &PathError{Path: path, Msg: "cannot be created: " + err.Error(),
			Hint: "check that its directory is writable and the disk has room, or choose another location with --db or AIPM_DB"}
	}
	db, err := sql.Open("sqlite", dsn(tmp, false, opts.BusyTimeout))
	if err != nil {
		return false, err
	}
	// Errors name path, the file the user knows; backups would go beside it.
	s := &Store{db: db, path: path, created: true, Now: opts.Now, warn: opts.Warn, busy: opts.BusyTimeout}
	err = s.migrate(ctx)
	if err == nil && opts.Init != nil {
		err = opts.Init(ctx, s)
	}
	if err == nil {
		// Move every page into the file itself: path gets no -wal.
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncPath(tmp)
	}
	if err != nil {
		return false, s.writeErr(err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, &PathError{Path: path, Msg: "cannot be created: " + unwrapPathErr(err),
			Hint: "aipm needs a folder that allows hard links (so that two aipm never both create it); choose another location with --db or AIPM_DB"}
	}
	syncPath(dir)
	return true, nil
}

// syncPath flushes a file or a directory to the disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// danglingLink returns a PathError when path is a symbolic link whose
// target does not exist: the person's data lives (or lived) there, so
// aipm must neither delete the link nor create a fresh database in its
// place.
func danglingLink(path string) error {
	lst, err := os.Lstat(path)
	if err != nil || lst.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := os.Readlink(path)
	if err != nil {
		target = "(unreadable)"
	}
	return &PathError{Path: path, Msg: "is a symbolic link to " + target + ", which does not exist",
		Hint: "mount or restore the file it points to, or point --db at the real database; the link was not changed"}
}

// pageSize is the page size of a new database. 16 KiB pages, four times
// SQLite's default, take a 100k-card import in a fifth of the pread and
// pwrite calls and 0.16 s less of 1.8 s (BENCHMARKS.md); each page an
// answer changes goes to the WAL at 16 KiB. A database keeps the page
// size it was created with.
const pageSize = 16384

// setPageSize writes the header of the empty database tmp with pageSize
// and WAL mode. It needs a connection of its own: the store's DSN turns
// WAL on first, and a database in WAL mode keeps its page size.
func setPageSize(ctx context.Context, tmp string) error {
	db, err := sql.Open("sqlite", "file:"+uriPath(tmp)+fmt.Sprintf("?_pragma=page_size(%d)", pageSize))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "PRAGMA journal_mode=WAL")
	return err
}
