package anki

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/internal/ankitest"
)

// members reads a built package back into its members.
func members(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		out[f.Name] = b.Bytes()
	}
	return out
}

func zipOf(m map[string][]byte) []byte {
	z := &ankitest.Zip{}
	for name, b := range m {
		z.Add(name, b)
	}
	return z.Bytes()
}

// TestBadPackages: each is refused with one sentence that names the file
// and says what is wrong.
func TestBadPackages(t *testing.T) {
	dir := t.TempDir()
	legacy := members(t, ankitest.Build(t, dir, ankitest.Spec{Version: Legacy2, Today: today}))
	latest := members(t, ankitest.Build(t, dir, ankitest.Spec{Version: Latest, Today: today}))
	with := func(m map[string][]byte, name string, b []byte) map[string][]byte {
		out := map[string][]byte{}
		for k, v := range m {
			out[k] = v
		}
		if b == nil {
			delete(out, name)
		} else {
			out[name] = b
		}
		return out
	}
	corrupt := append([]byte(nil), legacy["collection.anki21"]...)
	for i := 4096; i < len(corrupt) && i < 3*4096; i++ {
		corrupt[i] = 0xA5 // the second and third pages: table b-trees
	}
	zeros := make([]byte, 3<<20)
	for _, c := range []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"not a zip", []byte("#separator:tab\nfront\tback\n"), Limits{}, "is not an Anki package (not a zip file)"},
		{"no collection", zipOf(map[string][]byte{"notes.txt": []byte("hi")}), Limits{}, "holds no collection.anki2, collection.anki21 or collection.anki21b"},
		{"meta names a missing collection", zipOf(with(latest, "collection.anki21b", nil)), Limits{}, "its meta file names collection.anki21b, which it does not hold"},
		{"too new", zipOf(with(latest, "meta", ankitest.Proto(ankitest.Varint(1, 4)))), Limits{}, "is an Anki package of version 4, newer than aipm reads"},
		{"fails quick_check", zipOf(with(legacy, "collection.anki21", corrupt)), Limits{}, "its collection fails SQLite's quick_check"},
		{"not SQLite", zipOf(with(legacy, "collection.anki21", []byte("hello"))), Limits{}, "its collection is not an SQLite database"},
		{"bomb: size", zipOf(with(legacy, "collection.anki21", zeros)), Limits{MaxSize: 2 << 20}, "unpacks to more than 2 MiB"},
		{"bomb: ratio", zipOf(with(legacy, "collection.anki21", zeros)), Limits{MaxRatio: 100}, "unpacks to more than 100 times its packed size"},
		{"bomb: zstd ratio", zipOf(with(latest, "collection.anki21b", ankitest.Zstd(zeros))), Limits{MaxRatio: 100}, "unpacks to more than 100 times its packed size"},
		{"../ in the legacy media", zipOf(with(legacy, "media", []byte(`{"0": "../evil.png"}`))), Limits{}, `media file name "../evil.png" would be written outside the media folder`},
		{"/ in the legacy media", zipOf(with(legacy, "media", []byte(`{"0": "/etc/passwd"}`))), Limits{}, `media file name "/etc/passwd" would be written outside`},
		{"../ in the protobuf media", zipOf(with(latest, "media", ankitest.Zstd(ankitest.Proto(ankitest.Bytes(1, ankitest.Proto(ankitest.Str(1, "..\\x.png"))))))), Limits{}, `media file name "..\\x.png" would be written outside`},
		{"damaged media index", zipOf(with(latest, "media", ankitest.Zstd([]byte{0x0a, 0x7f}))), Limits{}, "its media index is damaged"},
		{"damaged meta", zipOf(with(latest, "meta", []byte{0x08})), Limits{}, "its meta file is damaged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "deck.apkg")
			os.WriteFile(path, c.data, 0o644)
			p, err := Open(path, Options{Limits: c.lim})
			if err == nil {
				p.Close()
				t.Fatalf("Open read it; want an error with %q", c.want)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Errorf("error %T %v is not an *anki.Error", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, path+": ") || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line naming %s with %q", msg, path, c.want)
			}
			if pe != nil && pe.Try == "" {
				t.Errorf("error %q says nothing to do", msg)
			}
		})
	}
}

// TestSafeName holds the rule for media names.
func TestSafeName(t *testing.T) {
	for name, want := range map[string]bool{
		"a.png": true, "über café.mp3": true, "..a": true, "": false, ".": false, "..": false,
		"../a": false, "a/b": false, `a\b`: false, "C:x": false, "a\x00": false, "/abs": false,
	} {
		if got := SafeName(name); got != want {
			t.Errorf("SafeName(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzRead: no package, however damaged, makes the reader panic, and no
// temporary file outlives a call.
func FuzzRead(f *testing.F) {
	dir := f.TempDir()
	for _, v := range []int{Legacy1, Legacy2, Latest} {
		b, err := os.ReadFile(ankitest.Build(f, dir, ankitest.Spec{Version: v, Today: today}))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(zipOf(map[string][]byte{"meta": {0x08, 0x03}, "media": {0x28, 0xb5, 0x2f, 0xfd}}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read("fuzz.apkg", data, Options{Limits: Limits{MaxSize: 8 << 20, MaxRatio: 1000}})
		if err == nil {
			for i, d := range p.Decks {
				if d.ID == "" || len(d.Cards) == 0 {
					t.Errorf("deck %d: id %q, %d cards", i, d.ID, len(d.Cards))
				}
			}
			if n := len(p.Cards); n != countCards(p) {
				t.Errorf("%d card states for %d cards", n, countCards(p))
			}
		}
	})
}

func countCards(p *Package) int {
	n := 0
	for _, d := range p.Decks {
		n += len(d.Cards)
	}
	return n
}

// TestExtractMediaCleanup: media go in as temporary files; cleanup removes
// them and the folder it made, commit names them and never overwrites a
// file with other contents.
func TestExtractMediaCleanup(t *testing.T) {
	p := open(t, ankitest.Spec{Version: Latest}, Options{})
	dir := filepath.Join(t.TempDir(), "media")
	_, cleanup, err := p.ExtractMedia(dir)
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("cleanup left the folder it made: %v", err)
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "recall.png"), []byte("mine"), 0o644)
	commit, _, err := p.ExtractMedia(dir)
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := commit()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "recall.png")); string(b) != "mine" {
		t.Errorf("recall.png was overwritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "precision.mp3")); string(b) != "ID3 not really audio" {
		t.Errorf("precision.mp3 = %q", b)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "recall.png already exists with other contents; kept it") {
		t.Errorf("warnings %q", warnings)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 2 {
		t.Errorf("media folder holds %v, want the two files", left)
	}
}
