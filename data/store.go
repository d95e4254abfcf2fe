package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	sqlite3 "modernc.org/sqlite/lib"
)

// Store is an open aipm database.
type Store struct {
	db      *sql.DB
	path    string
	created bool
	// readOnly: Options.ReadOnly; such a store never writes, not even
	// the record of a check or a seal.
	readOnly bool
	warn     func(string)
	busy     time.Duration // Options.BusyTimeout
	// verify is the background PRAGMA quick_check of an existing file (see
	// Open); nil when there is none to wait for.
	verify *verification
	fresh  []string // side files this Open created (removed if refused)
	// Now names backup files; nil stamps them 1970-01-01, as the store
	// never reads the clock. Events never use it: their instants are
	// passed in.
	Now func() time.Time
	// mixNew draws new cards round-robin across decks (SetNewOrder).
	mixNew bool
}

// Options says how to open a store.
type Options struct {
	// ReadOnly opens an existing database without writing to it, ever:
	// no migration, no built-in deck update. A missing file is ErrNotExist.
	ReadOnly bool
	// Now names backup files (see Store.Now).
	Now func() time.Time
	// Warn receives a one-line notice when a write found the database
	// locked by another process and is being tried once more; nil drops it.
	Warn func(string)
	// BusyTimeout is how long one write waits for another process's write
	// lock (SQLite's busy_timeout); 0 means DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Init sets up a database that this Open creates (the built-in decks,
	// say) before it is linked into place, so that no other process ever
	// sees it half made. It runs on the new file only, once.
	Init func(context.Context, *Store) error
	// Check runs the full integrity check of an existing file whatever
	// its seal says (doctor); see seal.go for when it runs otherwise.
	Check bool
}

// DefaultBusyTimeout is how long a write waits for another process's write
// lock before the transaction is tried once more (and then fails).
const DefaultBusyTimeout = 5 * time.Second

// ErrNotExist is returned by a read-only Open of a database that does not exist.
var ErrNotExist = errors.New("database does not exist")

// dsn builds the connection string. Every pooled connection gets the
// pragmas, which is why they are in the DSN and not sent with Exec.
//
// synchronous(FULL): in WAL mode, NORMAL syncs the WAL only at checkpoints,
// so a power cut can lose the last commits; FULL syncs the WAL on every
// commit, so an answer shown as recorded survives a crash or a power cut
// (see RELIABILITY.md).
func dsn(path string, readOnly bool, busy time.Duration) string {
	p := uriPath(path)
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
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

// uriPath is path as the file name of a URI: SQLite decodes %XX in it, so
// what would end the path is escaped.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Open opens the database at path, creating it and its directory if needed
// (unless opts.ReadOnly), and applies pending migrations.
//
// An existing file is checked before anything may write to it: its header
// must be SQLite's, and a read-only connection must find a schema this
// binary knows and, when there is a reason (seal.go), pass PRAGMA
// quick_check. Only then is it opened for
// writing, which may switch it to WAL mode (rewriting two header bytes) and
// migrate it. A file that fails a check is left byte-for-byte as it was.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := danglingLink(path); err != nil {
			return nil, err
		}
	}
	switch {
	case err == nil && st.IsDir():
		return nil, &PathError{Path: path, Msg: "is a directory, not a database file", Hint: "pass a file path with --db"}
	case err == nil && !st.Mode().IsRegular():
		return nil, &PathError{Path: path, Msg: "is not a regular file", Hint: "pass a database file path with --db"}
	case errors.Is(err, syscall.ENOTDIR):
		return nil, &PathError{Path: path, Msg: "cannot exist: part of its path is a file, not a directory", Hint: "choose another location with --db or AIPM_DB"}
	case errors.Is(err, os.ErrNotExist):
		if opts.ReadOnly {
			return nil, ErrNotExist
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, &PathError{Path: path, Msg: "cannot be created: its directory cannot be made (" + unwrapPathErr(err) + ")", Hint: "choose another location with --db or AIPM_DB"}
		}
	case err != nil:
		return nil, &PathError{Path: path, Msg: "cannot be read: " + unwrapPathErr(err), Hint: "check the path and its permissions"}
	}
	// A new database is built aside and linked into place (see create);
	// from then on it is an existing file like any other, which this
	// process may be the only one to know it created.
	created := false
	if errors.Is(err, os.ErrNotExist) {
		if created, err = create(ctx, path, opts); err != nil {
			return nil, err
		}
		if st, err = os.Stat(path); err != nil {
			return nil, &PathError{Path: path, Msg: "cannot be read: " + unwrapPathErr(err), Hint: "check the path and its permissions"}
		}
	}
	if st.Size() == 0 && opts.ReadOnly {
		return nil, &PathError{Path: path, Msg: "is empty: it holds no aipm database",
			Hint: "restore a backup with `aipm restore FILE`, or run `aipm review` to start a new database there"}
	}
	fresh := freshSideFiles(path)
	checkFile := false
	if st.Size() > 0 {
		hdr, err := checkHeader(path)
		if err != nil {
			return nil, err
		}
		// Probe through a read-only connection first: the writable one
		// sets journal_mode=WAL, which writes to a file not yet in WAL
		// mode. A file the header shows to be in WAL mode already, with a
		// schema version this binary knows, needs no probe: the writable
		// open changes nothing in it, and the background check reads the
		// rest (this saves a connection before the first card).
		if !knownWAL(hdr) {
			if err := probe(ctx, path, opts.BusyTimeout); err != nil {
				return nil, err
			}
		}
		checkFile = needsCheck(path, st, hdr, opts)
	}
	var verify *verification
	if !created && checkFile {
		verify = startVerify(path, opts.BusyTimeout)
	}

	db, err := sql.Open("sqlite", dsn(path, opts.ReadOnly, opts.BusyTimeout))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// An empty file (say, from mktemp) is a new database too; it is made
	// in place, and never removed: aipm did not create it.
	isNew := created || st.Size() == 0
	s := &Store{db: db, path: path, created: isNew, readOnly: opts.ReadOnly, Now: opts.Now, warn: opts.Warn, busy: opts.BusyTimeout, verify: verify, fresh: fresh}
	err = check(ctx, db, path, false)
	if err == nil && !isNew && verify == nil && s.checkDue(ctx) {
		// The last full check is too old: run one now (see seal.go).
		verify = startVerify(path, opts.BusyTimeout)
		s.verify = verify
	}
	if err == nil && !opts.ReadOnly {
		err = s.migrate(ctx)
	}
	if err != nil {
		verify.stop()
		db.Close()
		removeSideFiles(fresh)
		return nil, err
	}
	return s, nil
}

// freshSideFiles lists the -wal and -shm files that do not exist yet:
// those that opening the database would create.
func freshSideFiles(path string) []string {
	var fresh []string
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Lstat(side); errors.Is(err, os.ErrNotExist) {
			fresh = append(fresh, side)
		}
	}
	return fresh
}

// removeSideFiles removes side files this process created for a file it
// then refused, so that the refused file is left exactly as it was found.
// A -wal file that holds frames is kept: it is data.
func removeSideFiles(fresh []string) {
	for _, side := range fresh {
		if st, err := os.Stat(side); err == nil && (strings.HasSuffix(side, "-shm") || st.Size() == 0) {
			os.Remove(side)
		}
	}
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkHeader reads the 100-byte header of a non-empty file and refuses
// one that is not SQLite's, without handing it to SQLite at all.
func checkHeader(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &PathError{Path: path, Msg: "cannot be read: " + unwrapPathErr(err), Hint: "check its permissions"}
	}
	defer f.Close()
	hdr := make([]byte, 100)
	if _, err := io.ReadFull(f, hdr); err != nil || !bytes.HasPrefix(hdr, sqliteMagic) {
		return nil, &PathError{Path: path, Msg: "is not an aipm database (not SQLite, or its header is damaged)",
			Hint: "point --db at another file, or restore a backup; the file was not changed"}
	}
	return hdr, nil
}

// knownWAL reports whether a header shows a file in WAL mode (file format
// versions 2 at offsets 18 and 19) whose user_version (offset 60) is one
// this binary has written and needs no migration.
func knownWAL(hdr []byte) bool {
	v := int(binary.BigEndian.Uint32(hdr[60:64]))
	return hdr[18] == 2 && hdr[19] == 2 && v >= 1 && v == SchemaVersion()
}

// probe checks an existing file through a read-only connection. Reading a
// WAL-mode file makes SQLite create its -wal and -shm side files; when the
// file is refused, the side files this probe created are removed again, so
// that a refused file is left exactly as it was found.
func probe(ctx context.Context, path string, busy time.Duration) error {
	fresh := freshSideFiles(path)
	db, err := sql.Open("sqlite", dsn(path, true, busy))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	err = check(ctx, db, path, true)
	db.Close()
	if err != nil {
		removeSideFiles(fresh)
	}
	return err
}

// check reads the schema version and refuses what this binary must not
// write to: a newer schema and, when full, a SQLite file that is not
// aipm's or whose schema cannot be read. (The rest of the file is read by
// the background quick_check; see Open.)
func check(ctx context.Context, db *sql.DB, path string, full bool) error {
	// A full check reads in one transaction (read-only connections begin
	// a deferred one): the version and the schema come from one snapshot,
	// even while another process migrates the file. A writable connection
	// would take the write lock, and reads one value only.
	var q queryer = db
	if full {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return classify(path, err)
		}
		defer tx.Rollback()
		q = tx
	}
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return classify(path, err)
	}
	if v < 0 {
		return &PathError{Path: path,
			Msg:  fmt.Sprintf("has schema version %d, which no aipm writes (the file is damaged, or another program's)", v),
			Hint: "restore a backup (see `aipm backup --list`), or point --db at another file; the file was not changed"}
	}
	if v > SchemaVersion() {
		return &PathError{Path: path,
			Msg:  fmt.Sprintf("was written by a newer aipm (schema version %d, this aipm knows up to %d)", v, SchemaVersion()),
			Hint: "upgrade aipm, or point --db at another file; the file was not changed"}
	}
	if !full {
		return nil
	}
	// Reading the whole schema table touches every schema page.
	var n, ours int
	err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE type = 'table' AND name IN ('meta', 'decks', 'cards', 'revlog'))
		FROM sqlite_schema`).Scan(&n, &ours)
	if err != nil {
		return classify(path, err)
	}
	if (v == 0 && n > 0) || (v > 0 && ours != 4) {
		return &PathError{Path: path, Msg: "is the SQLite database of another program, not an aipm database",
			Hint: "point --db at another file; the file was not changed"}
	}
	return nil
}

// oneLine shortens an integrity_check finding to one line without the
// "*** in database main ***" banner.
func oneLine(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "*** in database main ***"))
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, ";", ",")
}

// checkRows runs an integrity pragma and returns its findings: none when
// it reports "ok".
func checkRows(ctx context.Context, q queryer, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

// classify turns SQLite's open-time errors into PathErrors.
func (s *Store) classify(err error) error { return classify(s.path, err) }

func classify(path string, err error) error {
	if code, ok := sqliteCode(err); ok {
		switch code & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &PathError{Path: path, Msg: "is not an aipm database (not SQLite, or its header is damaged)", Hint: "point --db at another file, or restore a backup; the file was not changed"}
		case sqlite3.SQLITE_CORRUPT:
			return &PathError{Path: path, Msg: "is corrupt", Hint: "restore a backup from its backups folder (see `aipm backup --help`); the file was not changed"}
		case sqlite3.SQLITE_CANTOPEN:
			return &PathError{Path: path, Msg: "cannot be opened", Hint: "check that its directory exists and is writable, or choose another --db"}
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
			return &PathError{Path: path, Msg: "is read-only (or its directory is)", Hint: "make the file and its directory writable, or use a copy with --db"}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &PathError{Path: path, Msg: "is locked by another process", Hint: "wait for the other aipm to finish, or close it, and try again"}
		case sqlite3.SQLITE_FULL:
			return &PathError{Path: path, Msg: "cannot grow: the disk is full", Hint: "free some space and try again"}
		case sqlite3.SQLITE_IOERR:
			return ioError(path)
		}
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// ioError is an SQLite I/O error. A write that fails for want of space
// often surfaces as one (not as SQLITE_FULL): when the disk has less than
// 1 MiB free, it says so.
func ioError(path string) error {
	free, ok := freeSpace(filepath.Dir(path))
	return ioErrorFree(path, free, ok)
}

// ioErrorFree is ioError with the free space known (ok) or not.
func ioErrorFree(path string, free uint64, ok bool) error {
	if ok && free < 1<<20 {
		return &PathError{Path: path, Msg: fmt.Sprintf("cannot grow: the disk is full (%d KB free)", free>>10), Hint: "free some space and try again"}
	}
	return &PathError{Path: path, Msg: "could not be read or written (I/O error)", Hint: "check the disk and its free space"}
}

// Close closes the database.
//
// A writing store whose full check passed records it, and one that had no
// reason to check, or whose check passed, seals the file as it leaves it
// (see seal.go); a check cut short by the end of the command leaves its
// reason in place for the next Open.
func (s *Store) Close() error {
	done := s.verify != nil && s.verify.finished()
	bad := done && s.verify.err != nil
	passed := done && s.verify.passed
	if passed || s.created {
		s.recordCheck()
	}
	s.verify.stop()
	err := s.db.Close()
	if bad {
		removeSideFiles(s.fresh)
	}
	if err == nil && !s.readOnly && (s.verify == nil || passed) {
		s.seal()
	}
	return err
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Created reports whether this Open created the database: the file did not
// exist, or was empty.
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
// commits it, or rolls back on any error. When another process holds the
// write lock for longer than the busy timeout, the whole transaction is
// tried again, after one notice through Options.Warn, for as long as that
// process makes progress (its writes change the database or its WAL
// between two tries); when it wrote nothing in a whole busy timeout, the
// write fails. fn must therefore keep its effects inside tx, or overwrite
// them when it runs again.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.Verify(ctx); err != nil {
		return err
	}
	err := s.tx1(ctx, fn)
	mark := s.writeMark()
	for tries := 1; isBusy(err) && ctx.Err() == nil; tries++ {
		if tries == 1 && s.warn != nil {
			s.warn(fmt.Sprintf("database %s is busy: another aipm is writing to it; waiting for as long as it makes progress (trying once more every %s)",
				s.path, s.busyTimeout()))
		}
		if tries > 1 {
			now := s.writeMark()
			if now == mark {
				break // the other writer did nothing for a whole busy timeout
			}
			mark = now
		}
		err = s.tx1(ctx, fn)
	}
	if err != nil {
		return s.writeErr(err)
	}
	return nil
}

// writeMark is what another writer's progress changes: the size and the
// modification time of the database file and of its WAL.
func (s *Store) writeMark() [4]int64 {
	var m [4]int64
	for i, p := range []string{s.path, s.path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			m[2*i], m[2*i+1] = st.Size(), st.ModTime().UnixNano()
		}
	}
	return m
}

func (s *Store) busyTimeout() time.Duration {
	if s.busy <= 0 {
		return DefaultBusyTimeout
	}
	return s.busy
}

func (s *Store) tx1(ctx context.Context, fn func(*sql.Tx) error) error {
	var tx *sql.Tx
	var err error
	if ctx.Value(memTempKey{}) != nil {
		conn, cerr := s.db.Conn(ctx)
		if cerr != nil {
			return cerr
		}
		defer conn.Close()
		// temp_store can change only outside a transaction; the
		// connection goes back to the pool with the default.
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = DEFAULT")
		// A larger page cache, for this transaction only: the inserts
		// of a big import touch every index's pages over and over
		// (importCacheKiB).
		var was int
		if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&was); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -"+strconv.Itoa(importCacheKiB)); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = "+strconv.Itoa(was))
		tx, err = conn.BeginTx(ctx, nil)
	} else {
		tx, err = s.db.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// importCacheKiB is the page cache of a big import's write transaction,
// in KiB (SQLite's default is 2,000). 8 MB took the 100k-card import from
// 4.4 to 3.6 s on a quiet machine; 6 MB keeps its peak RSS at 53-56 MiB,
// under the 64 MiB it may take, where 8 MB gave 58-60 and once 64.2
// (BENCHMARKS.md, "Import budget").
const importCacheKiB = 6000

// memTempKey marks the context of a write transaction whose temporary
// files SQLite keeps in memory (withMemTemp).
type memTempKey struct{}

// withMemTemp makes the write transactions run with ctx keep SQLite's
// temporary files in memory. A big import wants it: each batch of rows
// writes a statement journal of the pages it touches, 270,000 writes to a
// temporary file for 100,000 cards. Only there: a sort of a million rows
// would then be held in memory too.
func withMemTemp(ctx context.Context) context.Context {
	return context.WithValue(ctx, memTempKey{}, true)
}

func isBusy(err error) bool {
	if code, ok := sqliteCode(err); ok {
		c := code & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

// writeErr turns errors a user can act on into PathErrors.
func (s *Store) writeErr(err error) error {
	code, ok := sqliteCode(err)
	if !ok {
		return err
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &PathError{Path: s.path, Msg: fmt.Sprintf("is still locked by another process, which wrote nothing for %s, so nothing was written", s.busyTimeout()),
			Hint: "wait for the other aipm (an import or a backup) to finish, or close it, and try again"}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_FULL, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_IOERR:
		return s.classify(err)
	}
	return err
}
