package data

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// KeepBackups is how many automatic backups are kept in <db dir>/backups/.
const KeepBackups = 5

// staleTemp is the age after which a backup's temporary file is a
// leftover of a killed aipm and not one still being written.
const staleTemp = time.Hour

// BackupDir is the folder of the automatic and default manual backups.
func (s *Store) BackupDir() string { return filepath.Join(filepath.Dir(s.path), "backups") }

// Backup writes a consistent copy of the database with VACUUM INTO to
// <db dir>/backups/aipm-<UTC time>-<reason>.db, keeps the newest KeepBackups
// good ones, and returns the copy's path.
func (s *Store) Backup(ctx context.Context, reason string) (string, error) {
	dir := s.BackupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &PathError{Path: dir, Msg: "cannot be created: " + unwrapPathErr(err), Hint: "check the permissions of the database's directory"}
	}
	stamp := s.now().UTC().Format("20060102T150405.000000000Z")
	dst := filepath.Join(dir, fmt.Sprintf("aipm-%s-%s.db", stamp, reason))
	// A fixed --now gives every backup one stamp; an automatic backup must
	// not fail for that, so a clash takes the next free "-2", "-3", ….
	for n := 2; fileExists(dst); n++ {
		dst = filepath.Join(dir, fmt.Sprintf("aipm-%s-%s-%d.db", stamp, reason, n))
	}
	if err := s.BackupTo(ctx, dst); err != nil {
		return "", err
	}
	prune(dir)
	return dst, nil
}

// BackupManual writes a copy the user asked for to
// <db dir>/backups/manual-<UTC time>.db. Manual copies are never pruned.
func (s *Store) BackupManual(ctx context.Context) (string, error) {
	dir := s.BackupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", &PathError{Path: dir, Msg: "cannot be created: " + unwrapPathErr(err), Hint: "check the permissions of the database's directory, or name a backup file"}
	}
	dst := filepath.Join(dir, "manual-"+s.now().UTC().Format("20060102T150405.000000000Z")+".db")
	if err := s.BackupTo(ctx, dst); err != nil {
		return "", err
	}
	return dst, nil
}

// BackupTo writes a consistent copy of the database to dst, which must not
// exist. It is safe while another process reviews: VACUUM INTO reads one
// snapshot. The copy is written under a temporary name ending in .tmp and
// linked to dst only once it is complete and passes quick_check, so dst
// is a whole backup or nothing, and an existing dst is never replaced.
func (s *Store) BackupTo(ctx context.Context, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return Hintf("choose a new file name, or delete the old one first", "the backup file %s already exists", dst)
	}
	f, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.tmp")
	if err != nil {
		return Hintf("check that its directory exists and is writable", "cannot write the backup %s (%v)", dst, unwrapPathErr(err))
	}
	tmp := f.Name()
	f.Close()
	defer removeDB(tmp) // ours alone; after the link dst holds the data
	// VACUUM INTO writes into an empty file.
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		if err := s.writeErr(err); Damaged(err) || isFull(err) {
			return err
		}
		return Hintf("check that its directory exists and is writable", "cannot write the backup %s (%v)", dst, err)
	}
	if err := syncPath(tmp); err != nil {
		return diskFull(err)
	}
	if _, err := inspect(ctx, tmp); err != nil {
		return Hintf("try again", "the backup %s failed its check (%v), so it was not kept", dst, err)
	}
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return Hintf("choose a new file name, or delete the old one first", "the backup file %s already exists", dst)
		}
		return Hintf("check that its directory exists and is writable", "cannot write the backup %s (%v)", dst, unwrapPathErr(err))
	}
	syncPath(filepath.Dir(dst))
	return nil
}

func isFull(err error) bool {
	var pe *PathError
	return errors.As(err, &pe) && strings.Contains(pe.Msg, "disk is full")
}

// inspect opens a database file read-only, runs quick_check and counts
// its cards.
// It leaves no side files that it created.
func inspect(ctx context.Context, path string) (cards int, err error) {
	fresh := freshSideFiles(path)
	defer removeSideFiles(fresh)
	db, err := sql.Open("sqlite", dsn(path, true, 0))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := check(ctx, db, path, true); err != nil {
		return 0, err
	}
	if err := quickCheck(ctx, db, path); err != nil {
		return 0, err
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, classify(path, err)
	}
	if v == 0 {
		return 0, &PathError{Path: path, Msg: "is empty: it holds no aipm database", Hint: "choose another backup"}
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM cards").Scan(&cards); err != nil {
		return 0, classify(path, err)
	}
	return cards, nil
}

// whole reports whether a file is a complete SQLite database as far as
// its header tells: SQLite's magic, and at least as many bytes as the
// header's page count says. A backup cut short by a killed VACUUM INTO,
// or left empty, is not.
func whole(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	hdr := make([]byte, 100)
	if _, err := io.ReadFull(f, hdr); err != nil || string(hdr[:16]) != string(sqliteMagic) {
		return false
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	st, err := f.Stat()
	return err == nil && pages > 0 && st.Size() >= pages*pageSize
}

// prune keeps the newest KeepBackups whole automatic backups and removes
// the rest, with the leftovers of killed backups: automatic backups that
// are empty or cut short, their -journal files, and temporary files older
// than staleTemp. It touches only files named as aipm names them.
func prune(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		name, p := e.Name(), filepath.Join(dir, e.Name())
		auto := strings.HasPrefix(name, "aipm-")
		switch {
		case (auto || strings.HasPrefix(name, "manual-")) && strings.HasSuffix(name, ".tmp"):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
				os.Remove(p)
			}
		case auto && strings.HasSuffix(name, ".db-journal"):
			if _, err := os.Stat(strings.TrimSuffix(p, "-journal")); err != nil || !whole(strings.TrimSuffix(p, "-journal")) {
				os.Remove(p)
			}
		case auto && strings.HasSuffix(name, ".db"):
			if whole(p) {
				names = append(names, name)
			} else {
				os.Remove(p)
				os.Remove(p + "-journal")
			}
		}
	}
	sortBackups(names)
	for len(names) > KeepBackups {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
}

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path    string
	ModTime time.Time
	Size    int64
	Cards   int
	Err     error // it cannot be read as an aipm database
}

// Backups lists the backups in <db dir>/backups/ (automatic and manual),
// oldest first, each checked and with its card count.
func (s *Store) Backups(ctx context.Context) ([]BackupInfo, error) {
	dir := s.BackupDir()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &PathError{Path: dir, Msg: "cannot be read: " + unwrapPathErr(err), Hint: "check its permissions"}
	}
	var out []BackupInfo
	for _, e := range entries {
		name := e.Name()
		if !(strings.HasPrefix(name, "aipm-") || strings.HasPrefix(name, "manual-")) || !strings.HasSuffix(name, ".db") {
			continue
		}
		b := BackupInfo{Path: filepath.Join(dir, name)}
		if info, err := e.Info(); err == nil {
			b.ModTime, b.Size = info.ModTime(), info.Size()
		}
		b.Cards, b.Err = inspect(ctx, b.Path)
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ModTime.Before(out[j].ModTime) })
	return out, nil
}

// now is the injected clock, which names backup files: the store never
// reads the clock itself (--now names them too). Without one, as in some
// tests, backups are stamped 1970-01-01 and told apart by their -2, -3, …
// suffix.
func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Unix(0, 0)
}

// sortBackups orders automatic backup names oldest first: by their UTC
// stamp, then by the -2, -3, … that a clash of stamps adds (so -10 comes
// after -9).
func sortBackups(names []string) {
	key := func(name string) (string, int) {
		base := strings.TrimSuffix(name, ".db")
		n := 1
		if i := strings.LastIndexByte(base, '-'); i >= 0 {
			if v, err := strconv.Atoi(base[i+1:]); err == nil && v >= 2 {
				n, base = v, base[:i]
			}
		}
		return base, n
	}
	sort.SliceStable(names, func(i, j int) bool {
		bi, ni := key(names[i])
		bj, nj := key(names[j])
		si, sj := strings.TrimPrefix(bi, "aipm-"), strings.TrimPrefix(bj, "aipm-")
		if len(si) >= stampLen && len(sj) >= stampLen && si[:stampLen] != sj[:stampLen] {
			return si[:stampLen] < sj[:stampLen]
		}
		if ni != nj {
			return ni < nj
		}
		return names[i] < names[j]
	})
}

// stampLen is the length of a backup's UTC stamp, 20060102T150405.000000000Z.
const stampLen = len("20060102T150405.000000000Z")

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
