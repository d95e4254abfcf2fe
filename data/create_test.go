package data

import (
	"context"
	"path/filepath"
	"testing"
)

// TestCreatePageSize: a new database has pages of pageSize and is in WAL
// mode from its first write; an existing one keeps the size it has.
func TestCreatePageSize(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "aipm.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var size int
	var mode string
	if err := s.DB().QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if size != pageSize || mode != "wal" {
		t.Errorf("new database: page size %d, journal mode %s; want %d, wal", size, mode, pageSize)
	}
	// A database of the first release, made with 4 KiB pages, keeps them
	// through its migration.
	old := copyTestdata(t, "v1-history.db")
	if s, err = Open(ctx, old, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.DB().QueryRow("PRAGMA page_size").Scan(&size); err != nil || size != 4096 {
		t.Errorf("migrated database: page size %d (%v), want its own 4096", size, err)
	}
}
