package data

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawConn is a read-only connection to the database file of SQLite's own,
// beneath database/sql and the driver, for the one read where their cost a
// row shows: the scan of the whole review log (see scanChunk). Through
// database/sql each column of each row costs a locked call, a type switch
// and, for text, a fresh copy; here a row's integers are read straight off
// the statement and its text is a view of SQLite's buffer, valid until the
// next step. It is opened without SQLite's mutexes (one goroutine uses it)
// and with the store's busy timeout; like the pool's readers it only ever
// reads, one statement at a time, each its own read transaction.
type rawConn struct {
	tls *libc.TLS
	db  uintptr
}

// openRaw opens path read-only.
func openRaw(path string, busy time.Duration) (*rawConn, error) {
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	c := &rawConn{tls: libc.NewTLS()}
	name, err := libc.CString("file:" + uriPath(path) + "?mode=ro")
	if err != nil {
		c.tls.Close()
		return nil, err
	}
	defer libc.Xfree(c.tls, name)
	pdb := libc.Xmalloc(c.tls, 8)
	if pdb == 0 {
		c.tls.Close()
		return nil, fmt.Errorf("open %s: out of memory", path)
	}
	defer libc.Xfree(c.tls, pdb)
	*(*uintptr)(ptr(pdb)) = 0
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, pdb, sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_NOMUTEX|sqlite3.SQLITE_OPEN_URI, 0)
	c.db = *(*uintptr)(ptr(pdb))
	if rc != sqlite3.SQLITE_OK {
		err := c.err(rc)
		c.close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, int32(min(busy.Milliseconds(), 1<<31-1)))
	return c, nil
}

// ptr is the address p as a pointer: SQLite's memory is not Go's, so the
// collector neither moves nor frees it.
func ptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// rawError is an error of a rawConn: SQLite's message and result code,
// which Damaged, isBusy and the PathErrors read as they read the driver's
// (see sqliteCode).
type rawError struct {
	msg  string
	code int
}

func (e *rawError) Error() string { return fmt.Sprintf("%s (%d)", e.msg, e.code) }
func (e *rawError) Code() int     { return e.code }

// sqliteCode is the result code of an error of SQLite's, from the driver
// or from a rawConn.
func sqliteCode(err error) (int, bool) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code(), true
	}
	var re *rawError
	if errors.As(err, &re) {
		return re.code, true
	}
	return 0, false
}

func (c *rawConn) err(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	if c.db != 0 {
		msg = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	}
	return &rawError{msg: msg, code: int(rc)}
}

func (c *rawConn) close() {
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		c.db = 0
	}
	c.tls.Close()
}

// rawStmt is a prepared statement of a rawConn.
type rawStmt struct {
	c *rawConn
	p uintptr
}

func (c *rawConn) prepare(query string) (*rawStmt, error) {
	q, err := libc.CString(query)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, q)
	pp := libc.Xmalloc(c.tls, 8)
	if pp == 0 {
		return nil, fmt.Errorf("prepare: out of memory")
	}
	defer libc.Xfree(c.tls, pp)
	*(*uintptr)(ptr(pp)) = 0
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, q, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return nil, c.err(rc)
	}
	return &rawStmt{c: c, p: *(*uintptr)(ptr(pp))}, nil
}

// start resets the statement and binds its integer parameters, in order.
func (s *rawStmt) start(args ...int64) error {
	sqlite3.Xsqlite3_reset(s.c.tls, s.p)
	for i, a := range args {
		if rc := sqlite3.Xsqlite3_bind_int64(s.c.tls, s.p, int32(i+1), a); rc != sqlite3.SQLITE_OK {
			return s.c.err(rc)
		}
	}
	return nil
}

// next steps to the next row; false at the end or on an error.
func (s *rawStmt) next() (bool, error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.err(rc)
	}
}

func (s *rawStmt) int64(i int) int64 { return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, int32(i)) }

func (s *rawStmt) null(i int) bool {
	return sqlite3.Xsqlite3_column_type(s.c.tls, s.p, int32(i)) == sqlite3.SQLITE_NULL
}

// text is column i's text, a view of SQLite's buffer: valid until the next
// step, to be copied to be kept.
func (s *rawStmt) text(i int) []byte {
	p := sqlite3.Xsqlite3_column_text(s.c.tls, s.p, int32(i))
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i))
	if p == 0 || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(ptr(p)), n)
}

// view is column i's text as a string that is a view of SQLite's buffer,
// like text: to be cloned to be kept.
func (s *rawStmt) view(i int) string {
	b := s.text(i)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (s *rawStmt) close() {
	sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
}
