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
	if err := s.BackupTo(ctx, dst); err != nil {
		return "", err
	}
	prune(dir)
	return dst, nil
}

// BackupTo writes a consistent copy of the database to dst, which must not
// exist. It is safe while another process reviews: VACUUM INTO reads one
// snapshot.
func (s *Store) BackupTo(ctx context.Context, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return &PathError{Path: dst, Msg: "already exists", Hint: "choose a new file name for the backup"}
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("back up to %s: %w", dst, s.writeErr(err))
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
