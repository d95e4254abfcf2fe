package main

// Race tests: many real aipm processes at once on one database file
// (issue 12, items 1 and 5). Each round is one trial; the counts go to the
// trial log that scripts/reliability.sh collects for RELIABILITY.md.

import (
	"bytes"
	"context"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/internal/trials"
	"github.com/aipmhq/aipm/srs"
)

// result is one finished aipm process.
type result struct {
	stdout, stderr string
	code           int
}

// runAll starts every command at once, waits for all of them and returns
// their results in order.
func runAll(t *testing.T, cmds []*exec.Cmd) []result {
	t.Helper()
	res := make([]result, len(cmds))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, c := range cmds {
		done.Add(1)
		go func() {
			defer done.Done()
			var out, errb bytes.Buffer
			c.Stdout, c.Stderr = &out, &errb
			start.Wait()
			err := c.Run()
			var ee *exec.ExitError
			switch {
			case err == nil:
			case errors.As(err, &ee):
				res[i].code = ee.ExitCode()
			default:
				res[i].code = -1
				errb.WriteString(err.Error())
			}
			res[i].stdout, res[i].stderr = out.String(), errb.String()
		}()
	}
	start.Done()
	done.Wait()
	return res
}

// TestRaceFirstRuns: up to 10 aipm processes start at once on a path with
// no database yet, each answering 4 cards of the built-in decks. Every
// process succeeds, the database exists afterwards, it holds exactly the
// answers that were acknowledged, and it is healthy.
func TestRaceFirstRuns(t *testing.T) {
	rounds := 12
	if testing.Short() {
		rounds = 3
	}
	fails := 0
	for round := range rounds {
		e := newFaultEnv(t)
		e.db = filepath.Join(e.dir, "sub", "aipm.db")
		n := 2 + round%9
		cmds := make([]*exec.Cmd, n)
		for i := range cmds {
			cmds[i] = e.command("review")
			cmds[i].Env = append(cmds[i].Env, "AIPM_BUILTIN_DECKS=true")
			cmds[i].Stdin = strings.NewReader("4\n4\n4\n4\nq\n")
		}
		res := runAll(t, cmds)
		recorded, created := 0, 0
		bad := false
		for i, r := range res {
			created += strings.Count(r.stderr, "aipm: created "+e.db+"\n")
			recorded += strings.Count(r.stderr, "\nRecorded") + boolInt(strings.HasPrefix(r.stderr, "Recorded"))
			if r.code != 0 {
				t.Errorf("round %d: process %d of %d: exit %d\n%s", round, i, n, r.code, r.stderr)
				bad = true
			}
		}
		if created != 1 {
			t.Errorf("round %d: %d processes said they created the database, want 1", round, created)
			bad = true
		}
		if _, err := os.Stat(e.db); err != nil {
			t.Errorf("round %d: after %d first runs, no database: %v", round, n, err)
			fails++
			continue
		}
		if got := e.query("SELECT count(*) FROM revlog WHERE kind IN ('review', 'redrill')"); got != recorded {
			t.Errorf("round %d: %d review rows, %d answers acknowledged", round, got, recorded)
			bad = true
		}
		if got := e.query("SELECT count(*) FROM decks"); got == 0 {
			t.Errorf("round %d: no built-in decks", round)
			bad = true
		}
		e.healthy()
		if bad {
			fails++
		}
	}
	trials.Log(t, "simultaneous first runs on a path with no database (2-10 processes, 4 answers each)", rounds, fails)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRaceUndoAcrossSessions: session A answers a card; session B, another
// process a day later, answers the same card; then A presses u. A's undo
// cancels only its own row and the card is rebuilt from the log, so B's
// answer stands, and the doctor finds nothing wrong. Each round is one
// trial.
func TestRaceUndoAcrossSessions(t *testing.T) {
	rounds := 10
	if testing.Short() {
		rounds = 2
	}
	fails := 0
	for round := range rounds {
		e := newFaultEnv(t)
		e.write("d.md", deckSrc("undo", 2))
		e.must("", "import", "d.md")
		a := e.startReview()
		a.answer(t, "4\n")
		a.waitRecorded(t, 1)
		_, berr, code := e.run("4\nq\n", "--now", "2026-12-02T09:00:00Z", "review")
		if code != 0 || !strings.Contains(berr, "Recorded 4") {
			t.Fatalf("round %d: session B: exit %d\n%s", round, code, berr)
		}
		a.answer(t, "u\nq\n")
		a.stdin.Close()
		a.cmd.Wait()
		<-a.done
		bad := false
		if !strings.Contains(a.stderr.String(), "Undone. Showing that card again.") {
			t.Errorf("round %d: session A's undo failed:\n%s", round, a.stderr.String())
			bad = true
		}
		// B's answer stands, replayed as the card's first review.
		if got := e.query("SELECT reps * 100 + interval FROM cards ORDER BY ord LIMIT 1"); got != 101 {
			t.Errorf("round %d: the card has reps*100+interval %d after the undo, want 101 (B's answer alone)", round, got)
			bad = true
		}
		s, err := data.Open(context.Background(), e.db, data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		chk, err := s.Doctor(context.Background())
		s.Close()
		if err != nil || len(chk.Problems) > 0 {
			t.Errorf("round %d: doctor: %v %v", round, err, chk.Problems)
			bad = true
		}
		if bad {
			fails++
		}
	}
	trials.Log(t, "undo in one session after another process answered the same card", rounds, fails)
}

// TestFaultCardPrunedOnScreen: an import in another process prunes the
// card that a review shows; the answer to it is skipped with a notice, and
// the review goes on to the next card and records it.
func TestFaultCardPrunedOnScreen(t *testing.T) {
	trials.Count(t, "a card pruned by an import in another process while a review shows it", 1)
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("prune", 2))
	e.must("", "import", "d.md")
	r := e.startReview()
	// Once the first card is on screen, another aipm prunes it.
	for shown := false; !shown; {
		select {
		case <-r.changed:
		case <-r.done:
			t.Fatalf("review ended:\n%s", r.stderr.String())
		}
		r.mu.Lock()
		shown = strings.Contains(r.stderr.String(), "prune question 0")
		r.mu.Unlock()
	}
	e.write("d.md", strings.Replace(deckSrc("prune", 2), "Q: prune question 0: what does the metric measure?\nA: prune answer 0.\n\n", "", 1))
	e.must("", "import", "--prune", "d.md")
	r.answer(t, "4\n4\n")
	r.stdin.Close()
	err := r.cmd.Wait()
	<-r.done
	if err != nil {
		t.Fatalf("review: %v\n%s", err, r.stderr.String())
	}
	if !strings.Contains(r.stderr.String(), "This card was removed by another aipm while it was on screen (an import pruned it); skipped.") {
		t.Errorf("no notice of the pruned card:\n%s", r.stderr.String())
	}
	if r.recorded != 1 {
		t.Errorf("%d answers recorded, want 1 (the card left)", r.recorded)
	}
	e.healthy()
}

// TestFaultKillDuringBackup: imports into a large database are killed at
// random points, many of them inside the backup the import takes first
// (VACUUM INTO). Afterwards every automatic backup in the backups folder is
// a whole database that passes quick_check: a killed backup leaves at most
// a .tmp file, never a .db that cannot restore.
func TestFaultKillDuringBackup(t *testing.T) {
	kills := 12
	if testing.Short() {
		kills = 3
	}
	e := newFaultEnv(t)
	s, err := data.Open(context.Background(), e.db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BuildFixture(context.Background(), data.FixtureOptions{Cards: 30000, Reviews: 30000, Seed: 1, Today: srs.Date(2026, time.December, 1)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	e.write("x.md", deckSrc("x", 1))
	// An uninterrupted import, to time the kills.
	start := time.Now()
	e.must("", "import", "x.md")
	full := time.Since(start)
	backups := filepath.Join(e.dir, "backups")
	fails, inBackup := 0, 0
	for i := range kills {
		e.write("x.md", deckSrc("x", 2+i)) // every run changes cards: it backs up
		c := e.command("import", "x.md")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int63n(int64(full))))
		c.Process.Kill()
		c.Wait()
		entries, _ := os.ReadDir(backups)
		bad := false
		for _, en := range entries {
			name := en.Name()
			if strings.HasSuffix(name, ".tmp") {
				inBackup++
				os.Remove(filepath.Join(backups, name)) // count each once
				continue
			}
			if !strings.HasPrefix(name, "aipm-") || !strings.HasSuffix(name, ".db") {
				continue
			}
			b, err := data.Open(context.Background(), filepath.Join(backups, name), data.Options{ReadOnly: true})
			if err == nil {
				err = b.Verify(context.Background())
				b.Close()
			}
			if err != nil {
				t.Errorf("kill %d: backup %s cannot restore: %v", i, name, err)
				bad = true
			}
		}
		if bad {
			fails++
		}
	}
	t.Logf("%d kills, %d of them inside a backup (a .tmp left), import %v", kills, inBackup, full)
	trials.Log(t, "SIGKILL of an import into a 30,000-card database, at a random point (many inside its VACUUM INTO backup)", kills, fails)
}
