package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// KeepBackups is how many automatic backups are kept in <db dir>/backups/.
const KeepBackups = 5

// Backup writes a consistent copy of the database with VACUUM INTO to
// <db dir>/backups/aipm-<UTC time>-<reason>.db, keeps the newest KeepBackups,
// and returns the copy's path.
func (s *Store) Backup(ctx context.Context, reason string) (string, error) {
	dir := filepath.Join(filepath.Dir(s.path), "backups")
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
	dir := filepath.Join(filepath.Dir(s.path), "backups")
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
// snapshot.
func (s *Store) BackupTo(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return Hintf("choose a new file name, or delete the old one first", "the backup file %s already exists", dst)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		os.Remove(dst) // a partial copy is no backup
		return Hintf("check that its directory exists and is writable", "cannot write the backup %s (%v)", dst, err)
	}
	return nil
}

// prune removes all but the newest KeepBackups automatic backups.
func prune(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "aipm-") && strings.HasSuffix(e.Name(), ".db") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names) // the UTC stamp sorts by time
	for len(names) > KeepBackups {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
