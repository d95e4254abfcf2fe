package data

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzStoreOpen feeds Open databases whose 100-byte header is damaged:
// any bytes at any offset. Open never panics, for writing or read-only,
// and a file it refuses is left byte for byte as it was.
func FuzzStoreOpen(f *testing.F) {
	dir := f.TempDir()
	s, err := Open(context.Background(), filepath.Join(dir, "seed.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.Import(context.Background(), reparsed(f, 3), ImportOptions{}); err != nil {
		f.Fatal(err)
	}
	s.Close()
	good, err := os.ReadFile(filepath.Join(dir, "seed.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte{0x80}, uint8(60), false)                  // user_version's top bit
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, uint8(60), true) // user_version -1
	f.Add([]byte{0, 0}, uint8(16), false)                  // page size 0
	f.Add([]byte{0, 0, 0, 0}, uint8(28), false)            // page count 0
	f.Add([]byte{1, 1}, uint8(18), false)                  // rollback journal mode
	f.Add([]byte("SQLite format 2"), uint8(0), true)       // magic
	f.Add([]byte{0xff}, uint8(56), false)                  // text encoding
	f.Fuzz(func(t *testing.T, patch []byte, at uint8, ro bool) {
		off := int(at) % 100
		b := append([]byte(nil), good...)
		copy(b[off:100], patch)
		p := filepath.Join(t.TempDir(), "aipm.db")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), p, Options{ReadOnly: ro})
		if err != nil {
			if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
				t.Errorf("a refused file was changed (patch %x at %d)", patch, off)
			}
			return
		}
		s.Verify(context.Background())
		s.Cards(context.Background(), Filter{})
		s.Close()
	})
}
