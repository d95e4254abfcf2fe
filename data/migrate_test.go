package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/v1-history.db was written by the first release (schema 1): a
// small deck (Q/A cards, an R: pair, a two-group cloze and the cards "i"
// and "I") imported on 2026-11-01 and reviewed on seven days through
// 2026-11-20 with every grade, an undo, and a last session on 2026-11-25
// under AIPM_MAX_INTERVAL=3. That release's doctor reported four false
// disagreements on it (the cap had changed).

// copyTestdata copies a database in testdata to a fresh file.
func copyTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "aipm.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type logFingerprint struct {
	rows, answers, undone int
	sumGrade, sumAfter    int
}

func fingerprint(t *testing.T, db *sql.DB) logFingerprint {
	t.Helper()
	var f logFingerprint
	err := db.QueryRow(`SELECT count(*), count(grade), count(undoes), coalesce(sum(grade), 0), sum(interval_after)
		FROM revlog`).Scan(&f.rows, &f.answers, &f.undone, &f.sumGrade, &f.sumAfter)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type cardRow struct {
	reps, interval, ef, lapses int
	due                        sql.NullString
}

func cardRows(t *testing.T, db *sql.DB) map[string]cardRow {
	t.Helper()
	rows, err := db.Query(`SELECT id, reps, interval, ef, lapses, due FROM cards`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]cardRow{}
	for rows.Next() {
		var id string
		var c cardRow
		if err := rows.Scan(&id, &c.reps, &c.interval, &c.ef, &c.lapses, &c.due); err != nil {
			t.Fatal(err)
		}
		out[id] = c
	}
	return out
}

// TestMigrateV1History: a database of the first release upgrades with every
// log row and every card state intact, and doctor then agrees with every
// schedule, the ones capped by an old max_interval included.
func TestMigrateV1History(t *testing.T) {
	path := copyTestdata(t, "v1-history.db")
	old, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	wantLog, wantCards := fingerprint(t, old), cardRows(t, old)
	old.Close()
	if wantLog.rows != 59 || len(wantCards) != 8 {
		t.Fatalf("fixture has %d log rows and %d cards, want 59 and 8", wantLog.rows, len(wantCards))
	}

	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open(v1 database): %v", err)
	}
	defer s.Close()
	if v := userVersion(t, path); v != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion())
	}
	if got := fingerprint(t, s.DB()); got != wantLog {
		t.Errorf("log after migrating = %+v, want %+v", got, wantLog)
	}
	if got := cardRows(t, s.DB()); len(got) != len(wantCards) {
		t.Errorf("cards after migrating = %d, want %d", len(got), len(wantCards))
	} else {
		for id, w := range wantCards {
			if got[id] != w {
				t.Errorf("card %s after migrating = %+v, want %+v", id, got[id], w)
			}
		}
	}
	c, err := s.Doctor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 {
		t.Errorf("Doctor after migrating = %v, want none", c.Problems)
	}
	if c.LogRows == 0 || c.Cards != 8 {
		t.Errorf("Doctor checked %d cards and %d rows, want 8 cards and the log", c.Cards, c.LogRows)
	}
	set, err := s.SchedulerSettings(ctx)
	if err != nil || set.Algorithm != "sm2" || !set.DefaultWeights() || set.Retention != 0.9 {
		t.Errorf("scheduler after migrating = %+v, %v; want sm2 with FSRS's defaults kept", set, err)
	}
}

// TestMigrateKinds: step 4 rebuilds cards and revlog with wider kind lists.
// On a first-release file the undo links, the rowids and the indexes
// (one added to the fixture) survive, the new kinds are accepted, and an unknown kind is still refused.
func TestMigrateKinds(t *testing.T) {
	path := copyTestdata(t, "v1-history.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture has no undo row: add one, as the first release wrote them.
	if _, err := old.Exec(`INSERT INTO revlog (card_id, kind, at, day, reps_before, interval_before,
		ef_before, reps_after, interval_after, ef_after, undoes)
		SELECT card_id, 'undo', at, day, 0, 0, 250, 0, 0, 250, seq FROM revlog WHERE kind = 'redrill' ORDER BY seq DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	var wantUndo string
	if err := old.QueryRow(`SELECT group_concat(seq || '>' || undoes, ',') FROM revlog WHERE undoes IS NOT NULL`).Scan(&wantUndo); err != nil {
		t.Fatal(err)
	}
	old.Close()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	var gotUndo string
	if err := db.QueryRow(`SELECT group_concat(seq || '>' || undoes, ',') FROM revlog WHERE undoes IS NOT NULL`).Scan(&gotUndo); err != nil {
		t.Fatal(err)
	}
	if gotUndo == "" || gotUndo != wantUndo {
		t.Errorf("undo links after step 4 = %q, want %q", gotUndo, wantUndo)
	}
	var indexes int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN
		('cards_deck_ord', 'cards_due', 'cards_new', 'cards_hardest', 'cards_leeches', 'cards_hardest_fsrs',
		 'revlog_card', 'revlog_day', 'revlog_review_day', 'revlog_undoes')`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if indexes != 10 {
		t.Errorf("indexes after step 4 = %d, want all 10", indexes)
	}
	var fk int
	if err := db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign_key_check after step 4 = %d rows, %v; want none", fk, err)
	}
	ins := `INSERT INTO revlog (card_id, kind, at, day, reps_before, interval_before, ef_before,
		reps_after, interval_after, ef_after) VALUES ('x', ?, '', '2026-12-01', 0, 0, 250, 0, 0, 250)`
	for _, k := range []string{"mock", "final", "baseline", "history"} {
		if _, err := db.Exec(ins, k); err != nil {
			t.Errorf("a %s row after step 4: %v", k, err)
		}
	}
	if _, err := db.Exec(ins, "bogus"); err == nil {
		t.Error("a bogus kind was accepted after step 4")
	}
	if _, err := db.Exec(`UPDATE cards SET kind = 'rubric' WHERE rowid = (SELECT min(rowid) FROM cards)`); err != nil {
		t.Errorf("a rubric card after step 4: %v", err)
	}
}

// TestSchemaVersionCountsTheSteps: the version every open compares with,
// taken from the embedded file names without reading them, is the number
// of steps a migration applies, each one a statement of its own file.
func TestSchemaVersionCountsTheSteps(t *testing.T) {
	texts := embedded()
	if got := SchemaVersion(); got != len(texts) || got < 9 {
		t.Fatalf("SchemaVersion() = %d, %d embedded steps; want equal, and at least 9", got, len(texts))
	}
	for i, name := range migrationNames() {
		if want := fmt.Sprintf("migrations/%04d_", i+1); !strings.HasPrefix(name, want) {
			t.Errorf("step %d is %s, want a name starting %s", i+1, name, want)
		}
		if b, _ := migrationFS.ReadFile(name); string(b) != texts[i] {
			t.Errorf("step %d does not hold the text of %s", i+1, name)
		}
	}
}
