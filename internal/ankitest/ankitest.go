// Package ankitest builds Anki packages for tests. The legacy packages
// start from anki/testdata/npm-basic.apkg, written by the independent npm
// writer anki-apkg-export 4.0.3 (scripts/anki-fixtures), and add with
// SQLite what that writer cannot make: a reversed, an optional-reversed, a
// type-in and a cloze note type (named like a shared deck names them, not
// like Anki's stock ones), a nested deck, review, learning, suspended and
// buried cards and a revlog. The latest (anki21b) package is the same
// collection moved to schema 18 and written by hand as
// rslib/src/import_export/package/ writes it: zstd, a protobuf meta file and
// media index, and a dummy collection.anki2 for old clients.
package ankitest

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	"modernc.org/sqlite"
)

type connector struct {
	d   *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.d }

// openUnicase opens a collection with Anki's unicase collation, on a
// driver of its own.
func openUnicase(path string) *sql.DB {
	d := &sqlite.Driver{}
	d.MustRegisterCollationUtf8("unicase", func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	db := sql.OpenDB(connector{d, path})
	db.SetMaxOpenConns(1)
	return db
}

// The versions, as anki.Legacy1, anki.Legacy2 and anki.Latest.
const (
	Legacy1 = 1
	Legacy2 = 2
	Latest  = 3
)

// Crt is the collection's creation (col.crt of npm-basic.apkg):
// 2014-01-01 04:00 UTC.
const Crt = 1388548800

// Spec says which package to build.
type Spec struct {
	Version int
	// Newer is a later export of the same collection: the recall note's
	// back is edited, the recall card has one more review (interval 25),
	// and a new note is added.
	Newer bool
	// Today is the day the schedule is placed around (due days, revlog
	// times); the tests' AIPM_NOW.
	Today time.Time
	// Moved moves the reversed vocabulary note to the metrics deck.
	Moved bool
	// DupGuid gives the type-in note the guid of the F1 note, as some
	// writers do.
	DupGuid bool
	// Extra adds that many Basic notes in review, with four answers each
	// (for benchmarks).
	Extra int
	// ThirdType adds a note whose type has a third card type (from a
	// third field), with all three cards new.
	ThirdType bool
}

// GuidThird is the guid of the ThirdType note.
const GuidThird = "third-type"

// Guids of the notes the tests look at.
const (
	GuidRecall    = "aa35c3324cd43ba7dffe0a29f6213c2a59299ac3"
	GuidPrecision = "8c2ef3bccd73c977bbf0df39cfa49f17e307d18a"
	GuidF1        = "1d3ec965d0fdeeb9b7b29bc4d04387e9187dca5a"
	GuidSpaces    = "5eb39c8b1a91f40856a6b11ccc94bb9e0dba7e47"
	GuidVocab     = "vocab/guid+1"
	GuidOptYes    = "opt-yes"
	GuidOptNo     = "opt-no"
	GuidTyping    = "typing"
	GuidCloze     = "cloze#1"
	GuidNew       = "newer-note"
)

func testdata() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "anki", "testdata")
}

// Build writes the package in dir and returns its path. Each package is
// built once per test binary and copied after that.
func Build(t TB, dir string, s Spec) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	name := fmt.Sprintf("v%d", s.Version)
	if s.Newer {
		name += "-newer"
	}
	if s.Moved {
		name += "-moved"
	}
	out := filepath.Join(dir, name+".apkg")
	b, ok := built[s]
	if !ok {
		tmp, err := os.MkdirTemp("", "aipm-ankitest-*")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		p, err := build(tmp, s)
		if err == nil {
			b, err = os.ReadFile(p)
		}
		if err != nil {
			t.Fatal(err)
		}
		built[s] = b
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TB is the part of testing.TB that Build uses (a testscript can give it).
type TB interface {
	Helper()
	Fatal(args ...any)
}

var (
	mu    sync.Mutex
	built = map[Spec][]byte{}
)

func build(dir string, s Spec) (string, error) {
	src, err := zip.OpenReader(filepath.Join(testdata(), "npm-basic.apkg"))
	if err != nil {
		return "", err
	}
	defer src.Close()
	members := map[string][]byte{}
	for _, f := range src.File {
		rc, err := f.Open()
		if err != nil {
			return "", err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return "", err
		}
		members[f.Name] = b
	}
	work, err := os.MkdirTemp(dir, "build-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	dbPath := filepath.Join(work, "collection.db")
	if err := os.WriteFile(dbPath, members["collection.anki2"], 0o644); err != nil {
		return "", err
	}
	db := openUnicase(dbPath)
	if err := enrich(db, s); err != nil {
		db.Close()
		return "", fmt.Errorf("enrich: %w", err)
	}
	if s.Version == Latest {
		if err := toSchema18(db); err != nil {
			db.Close()
			return "", fmt.Errorf("schema 18: %w", err)
		}
	}
	if _, err := db.Exec("VACUUM"); err != nil {
		db.Close()
		return "", err
	}
	db.Close()
	col, err := os.ReadFile(dbPath)
	if err != nil {
		return "", err
	}
	var media map[string]string
	if err := json.Unmarshal(members["media"], &media); err != nil {
		return "", err
	}
	name := fmt.Sprintf("v%d", s.Version)
	if s.Newer {
		name += "-newer"
	}
	out := filepath.Join(dir, name+".apkg")
	w := &Zip{}
	switch s.Version {
	case Legacy1:
		w.Add("collection.anki2", col)
	case Legacy2:
		w.Add("collection.anki21", col)
		w.Add("collection.anki2", members["collection.anki2"]) // as Anki wrote both
	case Latest:
		w.Add("collection.anki2", members["collection.anki2"]) // the dummy for old clients
		w.Add("collection.anki21b", Zstd(col))
		w.Add("meta", Proto(Varint(1, 3)))
	}
	if s.Version == Latest {
		var entries []byte
		for i := 0; i < len(media); i++ {
			k := fmt.Sprint(i)
			data := members[k]
			entries = append(entries, Proto(Bytes(1, Proto(Str(1, media[k]), Varint(2, uint64(len(data))), Bytes(3, make([]byte, 20)))))...)
			w.Add(k, Zstd(data))
		}
		w.Add("media", Zstd(entries))
	} else {
		w.Add("media", members["media"])
		for i := 0; i < len(media); i++ {
			k := fmt.Sprint(i)
			w.Add(k, members[k])
		}
	}
	return out, os.WriteFile(out, w.Bytes(), 0o644)
}

// Zip builds a zip file in memory.
type Zip struct {
	buf bytes.Buffer
	zw  *zip.Writer
}

// Add adds a deflated member.
func (z *Zip) Add(name string, data []byte) {
	if z.zw == nil {
		z.zw = zip.NewWriter(&z.buf)
	}
	w, err := z.zw.Create(name)
	if err != nil {
		panic(err)
	}
	w.Write(data)
}

// Bytes closes the zip and returns it.
func (z *Zip) Bytes() []byte {
	if z.zw == nil {
		z.zw = zip.NewWriter(&z.buf)
	}
	z.zw.Close()
	return z.buf.Bytes()
}

// Zstd compresses b as one zstd frame.
func Zstd(b []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		panic(err)
	}
	defer enc.Close()
	return enc.EncodeAll(b, nil)
}

// Protobuf wire format, for the few messages a package holds.

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// Varint is field num as a varint.
func Varint(num int, v uint64) []byte {
	return appendVarint(appendVarint(nil, uint64(num)<<3), v)
}

// Bytes is field num as length-delimited bytes.
func Bytes(num int, v []byte) []byte {
	b := appendVarint(nil, uint64(num)<<3|2)
	b = appendVarint(b, uint64(len(v)))
	return append(b, v...)
}

// Str is field num as a string.
func Str(num int, s string) []byte { return Bytes(num, []byte(s)) }

// Proto joins fields into a message.
func Proto(fields ...[]byte) []byte { return bytes.Join(fields, nil) }

// days is the Anki day number (days since crt) of t.
func days(t time.Time) int64 { return (t.Unix() - Crt) / 86400 }

func ms(t time.Time) int64 { return t.UnixMilli() }

func enrich(db *sql.DB, s Spec) error {
	today := s.Today
	day := func(n int) time.Time { return today.AddDate(0, 0, n) }
	var models, decks string
	if err := db.QueryRow("SELECT models, decks FROM col").Scan(&models, &decks); err != nil {
		return err
	}
	var ms11 map[string]any
	if err := json.Unmarshal([]byte(models), &ms11); err != nil {
		return err
	}
	var ds map[string]any
	if err := json.Unmarshal([]byte(decks), &ds); err != nil {
		return err
	}
	const basicMid, deckMetrics = 1796175434320, 1796175434320
	const deckStrategy = 1796175434999
	ds[fmt.Sprint(deckStrategy)] = map[string]any{"id": deckStrategy, "name": "AI PM::Product::Strategy", "dyn": 0}
	ds["1796175435000"] = map[string]any{"id": 1796175435000, "name": "AI PM::Product", "dyn": 0}
	model := func(id int64, name string, typ int, fields []string, tmpls [][3]string) {
		var fl, tl []any
		for i, f := range fields {
			fl = append(fl, map[string]any{"name": f, "ord": i})
		}
		for i, t := range tmpls {
			tl = append(tl, map[string]any{"name": t[0], "ord": i, "qfmt": t[1], "afmt": t[2]})
		}
		ms11[fmt.Sprint(id)] = map[string]any{"id": id, "name": name, "type": typ, "flds": fl, "tmpls": tl}
	}
	const hr = "{{FrontSide}}\n\n<hr id=answer>\n\n"
	model(11, "ML vocabulary", 0, []string{"Front", "Back"}, [][3]string{{"Card 1", "{{Front}}", hr + "{{Back}}"}, {"Card 2", "{{Back}}", hr + "{{Front}}"}})
	model(12, "Maybe both ways", 0, []string{"Front", "Back", "Add Reverse"}, [][3]string{{"Card 1", "{{Front}}", hr + "{{Back}}"},
		{"Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", hr + "{{Front}}"}})
	model(13, "Type it", 0, []string{"Front", "Back"}, [][3]string{{"Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"}})
	model(14, "Metrics", 1, []string{"Text", "Back Extra"}, [][3]string{{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}})
	model(15, "Three ways", 0, []string{"Front", "Back", "Example"}, [][3]string{{"Card 1", "{{Front}}", hr + "{{Back}}"},
		{"Card 2", "{{Back}}", hr + "{{Front}}"}, {"Card 3", "{{Example}}", hr + "{{Front}}"}})
	mj, _ := json.Marshal(ms11)
	dj, _ := json.Marshal(ds)
	if _, err := db.Exec("UPDATE col SET models = ?, decks = ?, conf = ?", string(mj), string(dj), `{"schedVer": 2}`); err != nil {
		return err
	}
	note := func(id int64, guid string, mid int64, tags string, fields ...string) error {
		_, err := db.Exec(`INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)
			VALUES (?, ?, ?, 0, -1, ?, ?, '', 0, 0, '')`, id, guid, mid, tags, strings.Join(fields, "\x1f"))
		return err
	}
	card := func(id, nid, did int64, ord, typ, queue int, due int64, ivl, factor, reps, lapses int) error {
		_, err := db.Exec(`INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data)
			VALUES (?, ?, ?, ?, 0, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '')`, id, nid, did, ord, typ, queue, due, ivl, factor, reps, lapses)
		return err
	}
	rev := func(cid int64, at time.Time, ease, ivl, lastIvl, factor, typ int) error {
		_, err := db.Exec(`INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, -1, ?, ?, ?, ?, 8000, ?)`,
			ms(at), cid, ease, ivl, lastIvl, factor, typ)
		return err
	}
	steps := []func() error{
		// The npm notes: recall in review with a lapse, precision
		// suspended (no revlog), F1 learning, the list card new.
		func() error {
			recallBack := "TP / (TP + FN)<br><img src=\"recall.png\">"
			if s.Newer {
				recallBack = "TP / (TP + FN): the share of real positives found<br><img src=\"recall.png\">"
			}
			_, err := db.Exec("UPDATE notes SET flds = ? WHERE guid = ?", "What is <b>recall</b>?\x1f"+recallBack, GuidRecall)
			return err
		},
		func() error {
			ivl, due := 10, days(day(3))
			if s.Newer {
				ivl, due = 25, days(day(25))
			}
			_, err := db.Exec("UPDATE cards SET type = 2, queue = 2, due = ?, ivl = ?, factor = 2300, reps = 7, lapses = 1 WHERE nid = 1796175434368", due, ivl)
			return err
		},
		func() error { return rev(1796175434368, day(-40), 1, -60, 0, 0, 0) },
		func() error { return rev(1796175434368, day(-40).Add(time.Minute), 3, 1, -60, 2500, 0) },
		func() error { return rev(1796175434368, day(-39), 3, 3, 1, 2500, 1) },
		func() error { return rev(1796175434368, day(-30), 1, -600, 3, 2300, 1) },
		func() error { return rev(1796175434368, day(-30).Add(10*time.Minute), 3, 1, -600, 2300, 2) },
		func() error { return rev(1796175434368, day(-20), 3, 4, 1, 2300, 1) },
		func() error { return rev(1796175434368, day(-7), 3, 10, 4, 2300, 1) },
		func() error { return rev(1796175434368, day(-7).Add(time.Hour), 0, 10, 10, 2300, 4) }, // a manual change: not an answer
		func() error {
			if !s.Newer {
				return nil
			}
			return rev(1796175434368, day(0).Add(-time.Hour*2), 3, 25, 10, 2300, 1)
		},
		func() error {
			_, err := db.Exec("UPDATE cards SET type = 2, queue = -1, due = ?, ivl = 5, factor = 2500, reps = 3 WHERE nid = 1796175434383", days(day(-2)))
			return err
		},
		func() error {
			_, err := db.Exec("UPDATE cards SET type = 1, queue = 1, due = ?, ivl = 0, factor = 0, reps = 1 WHERE nid = 1796175434392", today.Unix()-3600)
			return err
		},
		func() error { return rev(1796175434392, day(-1), 1, -60, 0, 0, 0) },
		func() error { _, err := db.Exec("UPDATE cards SET due = 4 WHERE nid = 1796175434399"); return err },
		// A reversed note in the strategy deck: forward in review, the
		// reverse buried.
		func() error {
			return note(1796175435100, GuidVocab, 11, " ml ", "Overfitting", "A model that fits noise in the training data")
		},
		func() error {
			return card(1796175435101, 1796175435100, deckStrategy, 0, 2, 2, days(day(0)), 30, 2600, 5, 0)
		},
		func() error {
			return card(1796175435102, 1796175435100, deckStrategy, 1, 2, -3, days(day(1)), 12, 2500, 4, 0)
		},
		func() error {
			return note(1796175435200, GuidOptYes, 12, "", "Churn", "Customers lost in a period", "y")
		},
		func() error { return card(1796175435201, 1796175435200, deckStrategy, 0, 0, 0, 5, 0, 0, 0, 0) },
		func() error { return card(1796175435202, 1796175435200, deckStrategy, 1, 0, 0, 6, 0, 0, 0, 0) },
		func() error {
			return note(1796175435300, GuidOptNo, 12, "", "North-star metric", "The one number a product team steers by", "")
		},
		func() error { return card(1796175435301, 1796175435300, deckStrategy, 0, 0, 0, 7, 0, 0, 0, 0) },
		func() error { return note(1796175435400, GuidTyping, 13, "", "Capital of <i>France</i>", "Paris") },
		func() error { return card(1796175435401, 1796175435400, deckMetrics, 0, 0, 0, 8, 0, 0, 0, 0) },
		// A cloze note (its note type is named after the deck, as some
		// writers do): c1 in review, c2 new.
		func() error {
			return note(1796175435500, GuidCloze, 14, " metrics::precision ",
				"{{c1::Precision}} is TP / (TP + {{c2::FP::false what?}})", "<i>see recall</i>")
		},
		func() error {
			return card(1796175435501, 1796175435500, deckMetrics, 0, 2, 2, days(day(-1)), 6, 2500, 2, 0)
		},
		func() error { return card(1796175435502, 1796175435500, deckMetrics, 1, 0, 0, 9, 0, 0, 0, 0) },
		func() error { return rev(1796175435501, day(-8).Add(time.Second), 3, 1, 0, 2500, 0) },
		func() error { return rev(1796175435501, day(-7).Add(time.Second), 4, 6, 1, 2500, 1) },
		func() error {
			if !s.Newer {
				return nil
			}
			if err := note(1796175435600, GuidNew, basicMid, " metrics ", "AUC", "Area under the ROC curve"); err != nil {
				return err
			}
			return card(1796175435601, 1796175435600, deckMetrics, 0, 0, 0, 10, 0, 0, 0, 0)
		},
	}
	if s.Moved {
		steps = append(steps, func() error {
			_, err := db.Exec("UPDATE cards SET did = ? WHERE nid = 1796175435100", deckMetrics)
			return err
		})
	}
	if s.ThirdType {
		steps = append(steps,
			func() error {
				return note(1796175435700, GuidThird, 15, "", "Precision", "TP / (TP + FP)", "95 of 100 flags are right")
			},
			func() error { return card(1796175435701, 1796175435700, deckMetrics, 0, 0, 0, 11, 0, 0, 0, 0) },
			func() error { return card(1796175435702, 1796175435700, deckMetrics, 1, 0, 0, 12, 0, 0, 0, 0) },
			func() error { return card(1796175435703, 1796175435700, deckMetrics, 2, 0, 0, 13, 0, 0, 0, 0) })
	}
	if s.DupGuid {
		steps = append(steps, func() error {
			_, err := db.Exec("UPDATE notes SET guid = ? WHERE guid = ?", GuidF1, GuidTyping)
			return err
		})
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("step %d: %w", i, err)
		}
	}
	return extra(db, s.Extra, today, note, card, rev)
}

// extra adds n Basic notes in review with four answers each, in one
// transaction.
func extra(db *sql.DB, n int, today time.Time, note func(int64, string, int64, string, ...string) error,
	card func(int64, int64, int64, int, int, int, int64, int, int, int, int) error,
	rev func(int64, time.Time, int, int, int, int, int) error) error {
	if n == 0 {
		return nil
	}
	if _, err := db.Exec("BEGIN"); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		nid := int64(1800000000000 + i*10)
		if err := note(nid, fmt.Sprintf("extra-%d", i), 1796175434320, " bench ",
			fmt.Sprintf("Question %d about <b>metrics</b>?", i), fmt.Sprintf("Answer %d<br>with a second line", i)); err != nil {
			return err
		}
		if err := card(nid+1, nid, 1796175434320, 0, 2, 2, days(today.AddDate(0, 0, i%30)), 10+i%50, 2500, 4, i%3); err != nil {
			return err
		}
		for j := 0; j < 4; j++ {
			if err := rev(nid+1, today.AddDate(0, 0, -40+j*10).Add(3*time.Hour+time.Duration(i)*time.Second), 3, 1+j*5, j*5, 2500, 1); err != nil {
				return err
			}
		}
	}
	_, err := db.Exec("COMMIT")
	return err
}

// toSchema18 moves note types, decks and the scheduler version out of the
// col row into the tables of schema 18, as Anki stores them: configs are
// protobuf messages, deck names separate levels with 0x1f, and the name
// columns use the unicase collation (which aipm must register to check
// the file).
func toSchema18(db *sql.DB) error {
	var models, decks string
	if err := db.QueryRow("SELECT models, decks FROM col").Scan(&models, &decks); err != nil {
		return err
	}
	var ms map[string]struct {
		Name string `json:"name"`
		Type int    `json:"type"`
		Flds []struct {
			Name string `json:"name"`
		} `json:"flds"`
		Tmpls []struct {
			Name string `json:"name"`
			Q    string `json:"qfmt"`
			A    string `json:"afmt"`
		} `json:"tmpls"`
	}
	if err := json.Unmarshal([]byte(models), &ms); err != nil {
		return err
	}
	var ds map[string]struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(decks), &ds); err != nil {
		return err
	}
	stmts := []string{
		"CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) without rowid",
		"CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid",
		"CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid",
		"CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL)",
		"CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL)",
		"UPDATE col SET ver = 18, models = '', decks = '', conf = '', dconf = '', tags = ''",
		"INSERT INTO config VALUES ('schedVer', 0, 0, CAST('2' AS BLOB))",
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	for k, m := range ms {
		cfg := Proto(Varint(1, uint64(m.Type)), Str(3, ".card {}"))
		if _, err := db.Exec("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)", k, m.Name, cfg); err != nil {
			return err
		}
		for i, f := range m.Flds {
			if _, err := db.Exec("INSERT INTO fields VALUES (?, ?, ?, ?)", k, i, f.Name, Proto(Str(3, "Arial"), Varint(4, 20))); err != nil {
				return err
			}
		}
		for i, t := range m.Tmpls {
			cfg := Proto(Str(1, t.Q), Str(2, t.A))
			if _, err := db.Exec("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", k, i, t.Name, cfg); err != nil {
				return err
			}
		}
	}
	for k, d := range ds {
		if _, err := db.Exec("INSERT INTO decks VALUES (?, ?, 0, 0, x'', x'0a00')", k, strings.ReplaceAll(d.Name, "::", "\x1f")); err != nil {
			return err
		}
	}
	for _, q := range []string{
		"CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid)",
		"CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid)",
		"CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name)",
		"CREATE UNIQUE INDEX idx_decks_name ON decks (name)",
		"CREATE INDEX idx_notes_mid ON notes (mid)",
	} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
