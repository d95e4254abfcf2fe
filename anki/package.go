package anki

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/klauspost/compress/zstd"
)

// The package versions, as PackageMetadata.Version numbers them.
const (
	Legacy1 = 1 // collection.anki2
	Legacy2 = 2 // collection.anki21
	Latest  = 3 // collection.anki21b: zstd, schema 18, protobuf media index
)

// Limits cap what a package may inflate to, so that a zip bomb is refused
// before it fills the disk or the memory.
type Limits struct {
	// MaxSize caps the uncompressed size of one member (the collection, the
	// media index, one media file) and of all of them together.
	MaxSize int64
	// MaxRatio caps uncompressed ÷ compressed size of a member larger than
	// ratioFloor bytes.
	MaxRatio int64
}

// DefaultLimits allow a 2 GiB collection and a ratio of 1000 (a real
// collection compresses 3-20 times; a bomb, thousands of times).
var DefaultLimits = Limits{MaxSize: 2 << 30, MaxRatio: 1000}

// ratioFloor: members smaller than this are never refused for their ratio.
const ratioFloor = 1 << 20

// Options say how to read a package.
type Options struct {
	// MediaDir, when set, is where media will be extracted: references
	// become paths inside it ([image: DIR/f.png]).
	MediaDir string
	Limits   Limits // zero: DefaultLimits
}

// Error is a package that cannot be read: one sentence naming the file.
type Error struct {
	File string
	Msg  string
	Try  string
}

func (e *Error) Error() string { return e.File + ": " + e.Msg }

// UserHint splits the message from what to do about it.
func (e *Error) UserHint() (msg, try string) { return e.Error(), e.Try }

func (p *reader) fail(try, format string, args ...any) error {
	return &Error{File: p.file, Msg: fmt.Sprintf(format, args...), Try: try}
}

const tryExport = "export the deck again from Anki (File > Export, Anki Deck Package)"

// Media is one file of the package's media index.
type Media struct {
	Name  string // the file name the notes refer to
	entry string // the zip member holding it
	zstd  bool
}

// Package is what a package holds, converted for aipm.
type Package struct {
	File    string
	Version int
	// Created is the collection's creation instant (col.crt): review due
	// numbers count days from its day.
	Created time.Time
	// SchedVer is the collection's scheduler version (1: three buttons
	// while learning).
	SchedVer int
	Decks    []*deck.Deck
	// Cards holds the Anki state of each card of Decks, in the same order
	// (deck by deck).
	Cards    []Card
	Media    []Media
	Warnings []string
	Reviews  int // revlog rows of the imported cards

	zr    *zip.ReadCloser
	lim   Limits
	total int64
}

// Close releases the zip file.
func (p *Package) Close() error {
	if p.zr == nil {
		return nil
	}
	err := p.zr.Close()
	p.zr = nil
	return err
}

type reader struct {
	file string
	zr   *zip.Reader
	lim  Limits
	used int64 // bytes inflated so far
}

// Open reads the package at path. The caller must Close it (it keeps the
// zip open for ExtractMedia).
func Open(path string, o Options) (*Package, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, &Error{File: path, Msg: pe.Err.Error(), Try: "check the path"}
		}
		return nil, &Error{File: path, Msg: "is not an Anki package (not a zip file)", Try: tryExport}
	}
	p, err := read(path, &zr.Reader, o)
	if err != nil {
		zr.Close()
		return nil, err
	}
	p.zr = zr
	return p, nil
}

// Read reads a package held in memory (the fuzz target uses it).
func Read(name string, data []byte, o Options) (*Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &Error{File: name, Msg: "is not an Anki package (not a zip file)", Try: tryExport}
	}
	return read(name, zr, o)
}

func read(name string, zr *zip.Reader, o Options) (*Package, error) {
	lim := o.Limits
	if lim.MaxSize <= 0 {
		lim.MaxSize = DefaultLimits.MaxSize
	}
	if lim.MaxRatio <= 0 {
		lim.MaxRatio = DefaultLimits.MaxRatio
	}
	r := &reader{file: name, zr: zr, lim: lim}
	version, err := r.version()
	if err != nil {
		return nil, err
	}
	media, err := r.media(version)
	if err != nil {
		return nil, err
	}
	member := map[int]string{Legacy1: "collection.anki2", Legacy2: "collection.anki21", Latest: "collection.anki21b"}[version]
	tmp, err := r.extractCollection(member, version == Latest)
	if err != nil {
		return nil, err
	}
	defer removeTemp(tmp)
	col, err := readCollection(r, tmp)
	if err != nil {
		return nil, err
	}
	p := &Package{File: name, Version: version, Media: media, lim: lim, total: r.used}
	convert(p, col, o)
	return p, nil
}

// version reads the meta member (a PackageMetadata message) or, without
// one, tells the legacy versions apart by their collection's name.
func (r *reader) version() (int, error) {
	if f := r.find("meta"); f != nil {
		b, err := r.readAll(f, false)
		if err != nil {
			return 0, err
		}
		fs, err := protoFields(b)
		if err != nil {
			return 0, r.fail(tryExport, "its meta file is damaged (%v)", err)
		}
		switch v := protoVarint(fs, 1); v {
		case Legacy1, Legacy2, Latest:
			return int(v), nil
		default:
			return 0, r.fail("update aipm, or export the deck from Anki with \"Support older Anki versions\" ticked",
				"is an Anki package of version %d, newer than aipm reads", v)
		}
	}
	switch {
	case r.find("collection.anki21") != nil:
		return Legacy2, nil
	case r.find("collection.anki2") != nil:
		return Legacy1, nil
	}
	return 0, r.fail(tryExport, "is a zip file but not an Anki package (it holds no collection.anki2, collection.anki21 or collection.anki21b)")
}

func (r *reader) find(name string) *zip.File {
	for _, f := range r.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// open opens a member, reading through the size and ratio caps.
func (r *reader) open(f *zip.File, zstdFramed bool) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, r.fail(tryExport, "cannot read %s in it (%v)", f.Name, err)
	}
	capped := &capReader{r: rc, member: f.Name, rd: r, compressed: int64(f.CompressedSize64), total: !zstdFramed}
	if !zstdFramed {
		return struct {
			io.Reader
			io.Closer
		}{capped, rc}, nil
	}
	zd, err := zstd.NewReader(capped, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(min(r.lim.MaxSize, 1<<40))))
	if err != nil {
		rc.Close()
		return nil, r.fail(tryExport, "cannot read %s in it (%v)", f.Name, err)
	}
	// The zstd stream is capped too: its output is counted against the
	// ratio to the zip member's compressed size.
	out := &capReader{r: zd, member: f.Name, rd: r, compressed: int64(f.CompressedSize64), total: true}
	return struct {
		io.Reader
		io.Closer
	}{out, closerFunc(func() error { zd.Close(); return rc.Close() })}, nil
}

type closerFunc func() error

func (c closerFunc) Close() error { return c() }

// capReader counts the bytes a member inflates to and fails once they pass
// the size cap, or the ratio cap over the member's compressed size.
type capReader struct {
	r          io.Reader
	member     string
	rd         *reader
	compressed int64
	n          int64
	total      bool // its bytes count toward the package's total (the outer reader)
	err        error
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(b)
	c.n += int64(n)
	if c.total {
		c.rd.used += int64(n)
	}
	lim := c.rd.lim
	switch {
	case c.n > lim.MaxSize || c.rd.used > 2*lim.MaxSize:
		c.err = c.rd.fail("unpack it with another tool to check it; aipm reads members of up to "+strconv.FormatInt(lim.MaxSize>>20, 10)+" MiB",
			"%s in it unpacks to more than %d MiB, more than a collection can be (a zip bomb?)", c.member, lim.MaxSize>>20)
	case c.n > ratioFloor && c.n > lim.MaxRatio*max(c.compressed, 1):
		c.err = c.rd.fail("unpack it with another tool to check it",
			"%s in it unpacks to more than %d times its packed size (a zip bomb?)", c.member, lim.MaxRatio)
	}
	if c.err != nil {
		return n, c.err
	}
	return n, err
}

func (r *reader) readAll(f *zip.File, zstdFramed bool) ([]byte, error) {
	rc, err := r.open(f, zstdFramed)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, r.fail(tryExport, "cannot read %s in it (%v)", f.Name, err)
	}
	return b, nil
}

// media reads the media index: a JSON map of member name → file name in
// the legacy versions, a zstd MediaEntries message in the latest (member
// names are the entries' indexes). A file name that is not a plain name
// in one folder refuses the package.
func (r *reader) media(version int) ([]Media, error) {
	f := r.find("media")
	if f == nil {
		return nil, nil
	}
	b, err := r.readAll(f, version == Latest)
	if err != nil {
		return nil, err
	}
	var out []Media
	if version != Latest {
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, r.fail(tryExport, "its media index is damaged (%v)", err)
		}
		for entry, name := range m {
			out = append(out, Media{Name: name, entry: entry})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	} else {
		fs, err := protoFields(b)
		if err != nil {
			return nil, r.fail(tryExport, "its media index is damaged (%v)", err)
		}
		i := 0
		for _, f := range fs {
			if f.num != 1 || f.wire != 2 {
				continue
			}
			e, err := protoFields(f.bytes)
			if err != nil {
				return nil, r.fail(tryExport, "its media index is damaged (%v)", err)
			}
			entry := strconv.Itoa(i)
			for _, x := range e {
				if x.num == 255 && x.wire == 0 {
					entry = strconv.FormatUint(x.varint, 10)
				}
			}
			out = append(out, Media{Name: protoString(e, 1), entry: entry, zstd: true})
			i++
		}
	}
	for _, m := range out {
		if !SafeName(m.Name) {
			return nil, r.fail("ask its author for a package without it; nothing was imported",
				"media file name %q would be written outside the media folder", m.Name)
		}
	}
	return out, nil
}

// SafeName reports whether a media file name is one plain name in one
// folder: not empty, not "." or "..", with no path separator, drive letter
// or NUL.
func SafeName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.ContainsAny(name, "/\\\x00:") &&
		filepath.Base(name) == name
}

// extractCollection writes the collection to a temporary file (inflated
// from zstd for the latest version) and returns its path.
func (r *reader) extractCollection(member string, zstdFramed bool) (string, error) {
	f := r.find(member)
	if f == nil {
		return "", r.fail(tryExport, "its meta file names %s, which it does not hold", member)
	}
	rc, err := r.open(f, zstdFramed)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp("", "aipm-anki-*.db")
	if err != nil {
		return "", fmt.Errorf("make a temporary copy of the collection: %w", err)
	}
	path := tmp.Name()
	_, err = io.Copy(tmp, rc)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		removeTemp(path)
		var pe *Error
		if errors.As(err, &pe) {
			return "", err
		}
		return "", r.fail(tryExport, "cannot read %s in it (%v)", member, err)
	}
	return path, nil
}

func removeTemp(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// ExtractMedia writes the package's media files into dir (made if
// missing), each first as a temporary file. It returns a commit function
// that gives each its name (an existing file with the same bytes is kept;
// one with other bytes is kept too, with a warning) and a cleanup function
// that removes what commit did not place. Call exactly one of them.
func (p *Package) ExtractMedia(dir string) (commit func() ([]string, error), cleanup func(), err error) {
	if p.zr == nil {
		return nil, nil, fmt.Errorf("%s: the package is closed", p.File)
	}
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("make the media folder: %w", err)
	}
	made := os.IsNotExist(statErr)
	r := &reader{file: p.File, zr: &p.zr.Reader, lim: p.lim, used: p.total}
	type placed struct{ tmp, name string }
	var files []placed
	cleanup = func() {
		for _, f := range files {
			os.Remove(f.tmp)
		}
		files = nil
		if made {
			os.Remove(dir) // only if still empty: the folder this call made
		}
	}
	for _, m := range p.Media {
		f := r.find(m.entry)
		if f == nil {
			continue // Anki exports may list a file they did not pack
		}
		rc, err := r.open(f, m.zstd)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		tmp, err := os.CreateTemp(dir, ".aipm-media-*.tmp")
		if err != nil {
			rc.Close()
			cleanup()
			return nil, nil, fmt.Errorf("write media: %w", err)
		}
		files = append(files, placed{tmp.Name(), m.Name})
		_, err = io.Copy(tmp, rc)
		rc.Close()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("write media %s: %w", m.Name, err)
		}
	}
	commit = func() ([]string, error) {
		var warnings []string
		for _, f := range files {
			dst := filepath.Join(dir, f.name)
			if old, err := os.ReadFile(dst); err == nil {
				if now, err := os.ReadFile(f.tmp); err != nil || !bytes.Equal(old, now) {
					warnings = append(warnings, fmt.Sprintf("%s already exists with other contents; kept it", dst))
				}
				os.Remove(f.tmp)
				continue
			}
			if err := os.Rename(f.tmp, dst); err != nil {
				cleanup()
				return warnings, fmt.Errorf("place media %s: %w", dst, err)
			}
		}
		files, made = nil, false
		return warnings, nil
	}
	return commit, cleanup, nil
}
