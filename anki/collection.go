package anki

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"

	"modernc.org/sqlite"
)

// collection is what aipm reads from an Anki collection.
type collection struct {
	crt       int64 // creation, seconds since the epoch
	schedVer  int   // 1: the v1 scheduler (three buttons while learning)
	notetypes map[int64]*notetype
	decks     map[int64]string // id → name with "::" between levels
	notes     []note           // in id order
	cards     map[int64][]Card // by note id, in ord order
	revlog    map[int64][]Review
}

type notetype struct {
	id     int64
	name   string
	cloze  bool
	fields []string // by ord
	tmpls  []template

	unshown     []string // fields no template names (see unshown)
	unshownDone bool
}

type template struct {
	name, q, a string
}

type note struct {
	id     int64
	guid   string
	mid    int64
	tags   []string
	fields []string
}

// Card is one Anki card and its state, as its collection stores it.
type Card struct {
	ID     int64
	NoteID int64
	Deck   int64 // the home deck (odid for a card in a filtered deck)
	Ord    int
	Type   int // 0 new, 1 learning, 2 review, 3 relearning
	Queue  int // -3 and -2 buried, -1 suspended, 0 new, 1 and 3 learning, 2 review, 4 preview
	Due    int64
	Ivl    int
	Factor int
	Reps   int
	Lapses int
	// Reviews is the card's revlog, oldest first.
	Reviews []Review
}

// Review is one revlog row.
type Review struct {
	ID      int64 // milliseconds since the epoch: when it was answered
	Ease    int   // 1-4 (1-3 for a learning card under the v1 scheduler); 0 for a manual change
	Ivl     int   // days, or negative seconds while learning
	LastIvl int
	Factor  int
	Time    int // answer time in milliseconds
	Type    int // 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled
}

// ankiDriver opens collections: a driver of its own, with Anki's unicase
// collation (the schema 15+ name columns use it, and quick_check compares
// their indexes with it), which the store's connections never see.
type ankiDriver struct{ d *sqlite.Driver }

func newDriver() (*ankiDriver, error) {
	d := &sqlite.Driver{}
	if err := d.RegisterCollationUtf8("unicase", func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	}); err != nil {
		return nil, err
	}
	return &ankiDriver{d}, nil
}

type connector struct {
	d   *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.d }

func readCollection(r *reader, path string) (*collection, error) {
	// A collection in WAL mode would make side files beside the copy:
	// mark the copy as a rollback-journal database (header bytes 18-19).
	if err := legacyJournal(path); err != nil {
		return nil, r.fail(tryExport, "its collection is not an SQLite database")
	}
	drv, err := newDriver()
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", "query_only(1)")
	db := sql.OpenDB(connector{drv.d, "file:" + path + "?" + q.Encode()})
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res); err != nil || res != "ok" {
		if err != nil {
			res = err.Error()
		}
		return nil, r.fail(tryExport, "its collection fails SQLite's quick_check (%s)", oneLine(res))
	}
	c := &collection{notetypes: map[int64]*notetype{}, decks: map[int64]string{}, cards: map[int64][]Card{}, revlog: map[int64][]Review{}}
	bad := func(what string, err error) error {
		return r.fail(tryExport, "its collection cannot be read (%s: %v)", what, oneLine(err.Error()))
	}
	var conf, models, decks string
	if err := db.QueryRowContext(ctx, "SELECT crt, conf, models, decks FROM col").Scan(&c.crt, &conf, &models, &decks); err != nil {
		return nil, bad("col", err)
	}
	var has int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'notetypes'").Scan(&has); err != nil {
		return nil, bad("schema", err)
	}
	if has > 0 {
		err = c.readSchema18(ctx, db)
	} else {
		err = c.readSchema11(conf, models, decks)
	}
	if err != nil {
		return nil, bad("note types and decks", err)
	}
	if err := c.readNotes(ctx, db); err != nil {
		return nil, bad("notes", err)
	}
	if err := c.readCards(ctx, db); err != nil {
		return nil, bad("cards", err)
	}
	return c, nil
}

func legacyJournal(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	hdr := make([]byte, 20)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return err
	}
	if string(hdr[:16]) != "SQLite format 3\x00" {
		return fmt.Errorf("not SQLite")
	}
	if hdr[18] == 2 || hdr[19] == 2 {
		_, err = f.WriteAt([]byte{1, 1}, 18)
	}
	return err
}

// readSchema11 reads note types and decks from the col row's JSON.
func (c *collection) readSchema11(conf, models, decks string) error {
	var cf struct {
		SchedVer int `json:"schedVer"`
	}
	_ = json.Unmarshal([]byte(conf), &cf) // a damaged conf only loses schedVer
	c.schedVer = max(cf.SchedVer, 1)
	var ms map[string]struct {
		Name string `json:"name"`
		Type int    `json:"type"`
		Flds []struct {
			Name string `json:"name"`
			Ord  int    `json:"ord"`
		} `json:"flds"`
		Tmpls []struct {
			Name string `json:"name"`
			Ord  int    `json:"ord"`
			Q    string `json:"qfmt"`
			A    string `json:"afmt"`
		} `json:"tmpls"`
	}
	if err := json.Unmarshal([]byte(models), &ms); err != nil {
		return fmt.Errorf("models: %w", err)
	}
	for k, m := range ms {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return fmt.Errorf("model id %q", k)
		}
		nt := &notetype{id: id, name: m.Name, cloze: m.Type == 1}
		flds := m.Flds
		sort.SliceStable(flds, func(i, j int) bool { return flds[i].Ord < flds[j].Ord })
		for _, f := range flds {
			nt.fields = append(nt.fields, f.Name)
		}
		tm := m.Tmpls
		sort.SliceStable(tm, func(i, j int) bool { return tm[i].Ord < tm[j].Ord })
		for _, t := range tm {
			nt.tmpls = append(nt.tmpls, template{t.Name, t.Q, t.A})
		}
		c.notetypes[id] = nt
	}
	var ds map[string]struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(decks), &ds); err != nil {
		return fmt.Errorf("decks: %w", err)
	}
	for k, d := range ds {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return fmt.Errorf("deck id %q", k)
		}
		c.decks[id] = d.Name
	}
	return nil
}

// readSchema18 reads the notetypes, fields, templates, decks and config
// tables, whose configs are protobuf messages (Notetype.Config kind is
// field 1; Template.Config q_format and a_format are fields 1 and 2).
func (c *collection) readSchema18(ctx context.Context, db *sql.DB) error {
	c.schedVer = 2
	var v []byte
	if err := db.QueryRowContext(ctx, "SELECT val FROM config WHERE KEY = 'schedVer'").Scan(&v); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(v))); err == nil {
			c.schedVer = n
		}
	}
	err := eachRow(ctx, db, "SELECT id, name, config FROM notetypes", func(rows *sql.Rows) error {
		nt := &notetype{}
		var cfg []byte
		if err := rows.Scan(&nt.id, &nt.name, &cfg); err != nil {
			return err
		}
		fs, err := protoFields(cfg)
		if err != nil {
			return fmt.Errorf("note type %s: %w", nt.name, err)
		}
		nt.cloze = protoVarint(fs, 1) == 1
		c.notetypes[nt.id] = nt
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, db, "SELECT ntid, name FROM fields ORDER BY ntid, ord", func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if nt := c.notetypes[id]; nt != nil {
			nt.fields = append(nt.fields, name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, db, "SELECT ntid, name, config FROM templates ORDER BY ntid, ord", func(rows *sql.Rows) error {
		var id int64
		var t template
		var cfg []byte
		if err := rows.Scan(&id, &t.name, &cfg); err != nil {
			return err
		}
		fs, err := protoFields(cfg)
		if err != nil {
			return fmt.Errorf("template %s: %w", t.name, err)
		}
		t.q, t.a = protoString(fs, 1), protoString(fs, 2)
		if nt := c.notetypes[id]; nt != nil {
			nt.tmpls = append(nt.tmpls, t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, db, "SELECT id, name FROM decks", func(rows *sql.Rows) error {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		c.decks[id] = strings.ReplaceAll(name, "\x1f", "::")
		return nil
	})
}

func (c *collection) readNotes(ctx context.Context, db *sql.DB) error {
	return eachRow(ctx, db, "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id", func(rows *sql.Rows) error {
		var n note
		var tags, flds string
		if err := rows.Scan(&n.id, &n.guid, &n.mid, &tags, &flds); err != nil {
			return err
		}
		n.tags = strings.Fields(tags)
		n.fields = strings.Split(flds, "\x1f")
		c.notes = append(c.notes, n)
		return nil
	})
}

func (c *collection) readCards(ctx context.Context, db *sql.DB) error {
	err := eachRow(ctx, db, `SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY cid, id`, func(rows *sql.Rows) error {
		var cid int64
		var v Review
		if err := rows.Scan(&v.ID, &cid, &v.Ease, &v.Ivl, &v.LastIvl, &v.Factor, &v.Time, &v.Type); err != nil {
			return err
		}
		c.revlog[cid] = append(c.revlog[cid], v)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, db, `SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid
		FROM cards ORDER BY nid, ord, id`, func(rows *sql.Rows) error {
		var k Card
		var odue, odid int64
		if err := rows.Scan(&k.ID, &k.NoteID, &k.Deck, &k.Ord, &k.Type, &k.Queue, &k.Due, &k.Ivl, &k.Factor,
			&k.Reps, &k.Lapses, &odue, &odid); err != nil {
			return err
		}
		if odid != 0 { // in a filtered deck: its home deck and due
			k.Deck = odid
			if odue != 0 {
				k.Due = odue
			}
		}
		k.Reviews = c.revlog[k.ID]
		c.cards[k.NoteID] = append(c.cards[k.NoteID], k)
		return nil
	})
}

func eachRow(ctx context.Context, db *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
