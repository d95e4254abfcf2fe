package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aipmhq/aipm/internal/trials"
)

// TestWriteAtomic: a write that fails half way (as on a full disk)
// leaves the old file whole and no temporary file; one that succeeds
// replaces it.
func TestWriteAtomic(t *testing.T) {
	trials.Count(t, "an export file write failing half way (ENOSPC) or on another error", 3)
	old := strings.Repeat("old card\n", 1373) // 12357 bytes
	tests := []struct {
		name    string
		write   func(io.Writer) error
		want    string
		wantErr string
	}{
		{"full disk half way", func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("new", 3000))
			return &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
		}, old, "the disk is full (no space left on device); free some space and try again; nothing was changed"},
		{"other error", func(w io.Writer) error { return fmt.Errorf("render: boom") }, old, "render: boom"},
		{"success", func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }, "new\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "deck.md")
			os.WriteFile(p, []byte(old), 0o644)
			err := WriteAtomic(p, 0o644, tt.write)
			if (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != tt.wantErr) {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
			if b, _ := os.ReadFile(p); string(b) != tt.want {
				t.Errorf("file holds %d bytes, want %d", len(b), len(tt.want))
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d files, want 1", len(entries))
			}
			var h *Hint
			if tt.name == "full disk half way" && !errors.As(err, &h) {
				t.Errorf("a full disk is not a Hint: %T", err)
			}
		})
	}
}

// TestIOErrorOnFullDisk: an SQLite I/O error on a disk with (almost) no
// free space says that the disk is full and how much is free; with space
// left it stays an I/O error.
func TestIOErrorOnFullDisk(t *testing.T) {
	trials.Count(t, "an SQLite I/O error on a full disk, and with space left", 2)
	for _, tt := range []struct {
		name string
		free uint64
		want string
	}{
		{"full", 12 << 10, "database /x/aipm.db cannot grow: the disk is full (12 KB free); free some space and try again"},
		{"space left", 50 << 30, "database /x/aipm.db could not be read or written (I/O error); check the disk and its free space"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ioErrorFree("/x/aipm.db", tt.free, true).Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWriteAtomicThroughSymlink: writing to a symbolic link replaces the
// file it points to and keeps the link.
func TestWriteAtomicThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.md")
	link := filepath.Join(dir, "link.md")
	os.WriteFile(target, []byte("old"), 0o644)
	os.Symlink(target, link)
	if err := WriteAtomic(link, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new" {
		t.Errorf("target holds %q, want new", b)
	}
	if got, err := os.Readlink(link); err != nil || got != target {
		t.Errorf("link = %q, %v; want it kept", got, err)
	}
}
