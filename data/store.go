package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is an open aipm database.
type Store struct {
	db      *sql.DB
	path    string
	created bool
	// Now names backup files; nil means time.Now. Events never use it: their
	// instants are passed in.
	Now func() time.Time
}

// Options says how to open a store.
type Options struct {
	// ReadOnly opens an existing database without writing to it, ever:
	// no migration, no built-in deck update. A missing file is ErrNotExist.
	ReadOnly bool
	// Now names backup files (see Store.Now); nil means time.Now.
	Now func() time.Time
}

// ErrNotExist is returned by a read-only Open of a database that does not exist.
var ErrNotExist = errors.New("database does not exist")

// dsn builds the connection string. Every pooled connection gets the
// pragmas, which is why they are in the DSN and not sent with Exec.
//
// synchronous(FULL): in WAL mode, NORMAL can lose the last commits on power
// loss; FULL syncs the WAL on every commit, so an answer shown as recorded
// survives a crash or a power cut.
func dsn(path string, readOnly bool) string {
	// SQLite decodes %XX in URI file names; escape what would end the path.
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	if readOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Add("_txlock", "immediate")
	}
	return "file:" + p + "?" + q.Encode()
}

// Open opens the database at path, creating it and its directory if needed
// (unless opts.ReadOnly), and applies pending migrations.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return nil, &PathError{Path: path, Msg: "is a directory, not a database file", Hint: "pass a file path with --db"}
	case errors.Is(err, os.ErrNotExist):
		if opts.ReadOnly {
			return nil, ErrNotExist
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, &PathError{Path: path, Msg: "cannot create its directory: " + unwrapPathErr(err), Hint: "choose another location with --db or AIPM_DB"}
		}
	case err != nil:
		return nil, &PathError{Path: path, Msg: "cannot be read: " + unwrapPathErr(err), Hint: "check the path and its permissions"}
	}
	created := errors.Is(err, os.ErrNotExist)

	db, err := sql.Open("sqlite", dsn(path, opts.ReadOnly))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, created: created, Now: opts.Now}
	if err := s.check(ctx); err != nil {
		db.Close()
		if created {
			removeDB(path)
		}
		return nil, err
	}
	if !opts.ReadOnly {
		if err := s.migrate(ctx); err != nil {
			db.Close()
			if created {
				removeDB(path)
			}
			return nil, err
		}
	}
	return s, nil
}

// check makes the first connection and reads user_version, turning the
// errors of a file that is not a database into a sentence for the user.
func (s *Store) check(ctx context.Context) error {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	if err != nil {
		return s.classify(err)
	}
	if v > len(migrations) {
		return &PathError{Path: s.path,
			Msg:  fmt.Sprintf("was written by a newer aipm (schema version %d; this aipm knows up to %d)", v, len(migrations)),
			Hint: "upgrade aipm, or point --db at another file; the file was not changed"}
	}
	return nil
}

// classify turns SQLite's open-time errors into PathErrors.
func (s *Store) classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &PathError{Path: s.path, Msg: "is not an aipm database (not SQLite, or its header is damaged)", Hint: "point --db at another file, or restore a backup; the file was not changed"}
		case sqlite3.SQLITE_CORRUPT:
			return &PathError{Path: s.path, Msg: "is corrupt", Hint: "restore a backup (see `aipm backup --help`); the file was not changed"}
		case sqlite3.SQLITE_CANTOPEN:
			return &PathError{Path: s.path, Msg: "cannot be opened", Hint: "check that its directory exists and is writable, or choose another --db"}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			return &PathError{Path: s.path, Msg: "is read-only", Hint: "make it writable, or use a copy"}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &PathError{Path: s.path, Msg: "is locked by another process", Hint: "close the other aipm and try again"}
		case sqlite3.SQLITE_FULL:
			return &PathError{Path: s.path, Msg: "cannot grow: the disk is full", Hint: "free some space and try again"}
		}
	}
	return fmt.Errorf("open %s: %w", s.path, err)
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Created reports whether this Open created the database file.
func (s *Store) Created() bool { return s.created }

// DB exposes the handle for read-only queries in tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// PathError is a problem with the database file that the user must act on.
type PathError struct {
	Path string
	Msg  string
	Hint string
}

func (e *PathError) Error() string {
	s := fmt.Sprintf("database %s %s", e.Path, e.Msg)
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func unwrapPathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// tx runs fn in one write transaction (BEGIN IMMEDIATE, from the DSN) and
// commits it, or rolls back on any error.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.writeErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.writeErr(err)
	}
	if err := tx.Commit(); err != nil {
		return s.writeErr(err)
	}
	return nil
}

// writeErr turns errors a user can act on into PathErrors.
func (s *Store) writeErr(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN,
			sqlite3.SQLITE_BUSY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT,
			sqlite3.SQLITE_IOERR:
			if se.Code()&0xff == sqlite3.SQLITE_IOERR {
				return &PathError{Path: s.path, Msg: "could not be written (I/O error)", Hint: "check the disk and its free space"}
			}
			return s.classify(err)
		}
	}
	return err
}
