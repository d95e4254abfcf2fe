package main

// Process-level fault tests: the real aipm (this test binary, which
// testscript.Main puts in $PATH as "aipm") is killed, run twice at once, or
// fed bad files, and the database is checked afterwards. RELIABILITY.md
// lists them.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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
)

// faultEnv is a work directory with its own database and environment.
type faultEnv struct {
	t   *testing.T
	dir string
	db  string
	bin string
	// extra is added to the environment of every run (a later entry wins).
	extra []string
}

func newFaultEnv(t *testing.T) *faultEnv {
	t.Helper()
	bin, err := exec.LookPath("aipm")
	if err != nil {
		t.Fatalf("aipm is not in $PATH (testscript.Main puts it there): %v", err)
	}
	dir := t.TempDir()
	return &faultEnv{t: t, dir: dir, db: filepath.Join(dir, "aipm.db"), bin: bin}
}

func (e *faultEnv) command(args ...string) *exec.Cmd {
	c := exec.Command(e.bin, args...)
	c.Dir = e.dir
	c.Env = append(os.Environ(),
		"AIPM_DB="+e.db,
		"AIPM_CONFIG="+filepath.Join(e.dir, "none.yaml"),
		"AIPM_NOW=2026-12-01T09:00:00Z",
		"AIPM_BUILTIN_DECKS=false",
		"AIPM_NEW_PER_DAY=1000",
		"TZ=UTC",
		"NO_COLOR=1",
		"HOME="+e.dir,
	)
	c.Env = append(c.Env, e.extra...)
	return c
}

// run runs aipm to the end and returns its output and exit code.
func (e *faultEnv) run(stdin string, args ...string) (stdout, stderr string, code int) {
	e.t.Helper()
	c := e.command(args...)
	c.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		e.t.Fatalf("run aipm %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// must runs aipm and fails the test unless it exits 0.
func (e *faultEnv) must(stdin string, args ...string) string {
	e.t.Helper()
	out, errs, code := e.run(stdin, args...)
	if code != 0 {
		e.t.Fatalf("aipm %v: exit %d\n%s", args, code, errs)
	}
	return out
}

func (e *faultEnv) write(name, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// deckSrc is a markdown deck with id and n cards.
func deckSrc(id string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\n---\n# Deck %s\n\n", id, id)
	for i := range n {
		fmt.Fprintf(&b, "Q: %s question %d: what does the metric measure?\nA: %s answer %d.\n\n", id, i, id, i)
	}
	return b.String()
}

// query opens the database the way the next aipm run would (which
// recovers a WAL left by a killed process) and returns one integer.
func (e *faultEnv) query(q string, args ...any) int {
	e.t.Helper()
	s, err := data.Open(context.Background(), e.db, data.Options{})
	if err != nil {
		e.t.Fatalf("open %s: %v", e.db, err)
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRow(q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// healthy fails the test unless the database passes integrity_check and
// every card's state agrees with the review log.
func (e *faultEnv) healthy() {
	e.t.Helper()
	s, err := data.Open(context.Background(), e.db, data.Options{})
	if err != nil {
		e.t.Fatalf("open %s: %v", e.db, err)
	}
	defer s.Close()
	chk, err := s.Doctor(context.Background())
	if err != nil {
		e.t.Fatalf("Doctor: %v", err)
	}
	if len(chk.Problems) > 0 {
		e.t.Fatalf("database has problems: %v", chk.Problems)
	}
}

// reviewer is a running `aipm review` fed through a pipe.
type reviewer struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	mu       sync.Mutex
	recorded int
	stderr   strings.Builder
	changed  chan struct{}
	done     chan struct{}
}

func (e *faultEnv) startReview(args ...string) *reviewer {
	e.t.Helper()
	r := &reviewer{cmd: e.command(append([]string{"review"}, args...)...), changed: make(chan struct{}, 1), done: make(chan struct{})}
	var err error
	if r.stdin, err = r.cmd.StdinPipe(); err != nil {
		e.t.Fatal(err)
	}
	errp, err := r.cmd.StderrPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { r.cmd.Process.Kill(); <-r.done })
	go func() {
		defer close(r.done)
		sc := bufio.NewScanner(errp)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			r.mu.Lock()
			r.stderr.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "Recorded") {
				r.recorded++
			}
			r.mu.Unlock()
			select {
			case r.changed <- struct{}{}:
			default:
			}
		}
	}()
	return r
}

func (r *reviewer) answer(t *testing.T, grades string) {
	t.Helper()
	if _, err := io.WriteString(r.stdin, grades); err != nil {
		t.Fatalf("write answers: %v", err)
	}
}

// waitRecorded waits until n "Recorded" lines have been printed. Each is
// printed after its answer is committed.
func (r *reviewer) waitRecorded(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		r.mu.Lock()
		got := r.recorded
		r.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-r.changed:
		case <-r.done:
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.recorded < n {
				t.Fatalf("review ended after %d answers, want %d:\n%s", r.recorded, n, r.stderr.String())
			}
			return
		case <-deadline:
			t.Fatalf("review printed %d Recorded lines in 2 minutes, want %d", got, n)
		}
	}
}

func (r *reviewer) kill(t *testing.T) int {
	t.Helper()
	if err := r.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	r.cmd.Wait()
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.recorded
}

// TestFaultKillDuringReview: SIGKILL after N answers loses none of them.
func TestFaultKillDuringReview(t *testing.T) {
	trials.Count(t, "SIGKILL during a review, idle and while answers stream in", 2)
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("kill", 30))
	e.must("", "import", "d.md")

	t.Run("idle", func(t *testing.T) {
		const n = 7
		r := e.startReview()
		r.answer(t, strings.Repeat("4\n", n)) // and the pipe stays open
		r.waitRecorded(t, n)
		if got := r.kill(t); got != n {
			t.Fatalf("printed %d Recorded lines, want %d", got, n)
		}
		if got := e.query("SELECT count(*) FROM revlog WHERE kind = 'review'"); got != n {
			t.Errorf("after SIGKILL: %d review rows, want %d", got, n)
		}
		if got := e.query("SELECT count(*) FROM cards WHERE reps = 1 AND interval = 1 AND due = '2026-12-02'"); got != n {
			t.Errorf("after SIGKILL: %d cards scheduled for tomorrow, want %d", got, n)
		}
		e.healthy()
	})

	t.Run("mid-stream", func(t *testing.T) {
		before := e.query("SELECT count(*) FROM revlog")
		r := e.startReview()
		r.answer(t, strings.Repeat("5\n", 20)) // more than it will get through
		r.waitRecorded(t, 5)
		printed := r.kill(t)
		got := e.query("SELECT count(*) FROM revlog") - before
		// Every printed answer was committed first; at most one more was
		// committed and killed before its line.
		if got < printed || got > printed+1 {
			t.Errorf("after SIGKILL mid-stream: %d new rows for %d Recorded lines, want %d or %d", got, printed, printed, printed+1)
		}
		e.healthy()
	})
}

// TestFaultKillDuringImport kills a 20,000-card import at random points:
// each time the deck is all there or not at all, and the file is sound.
func TestFaultKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 imports")
	}
	e := newFaultEnv(t)
	const cards = 20000
	e.write("seed.md", deckSrc("seed", 3))
	e.write("big.md", deckSrc("big", cards))
	e.must("4\n", "import", "seed.md")
	e.must("4\n", "review")
	template, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	reset := func() {
		for _, side := range []string{"-wal", "-shm"} {
			os.Remove(e.db + side)
		}
		if err := os.WriteFile(e.db, template, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// check opens the database once, as the next aipm run would.
	check := func() (all bool) {
		t.Helper()
		s, err := data.Open(context.Background(), e.db, data.Options{})
		if err != nil {
			t.Fatalf("after SIGKILL: %v", err)
		}
		defer s.Close()
		var got, decks, logRows int
		var integrity string
		err = s.DB().QueryRow(`SELECT (SELECT count(*) FROM cards WHERE deck_id = 'big'),
			(SELECT count(*) FROM decks WHERE id = 'big'), (SELECT count(*) FROM revlog)`).Scan(&got, &decks, &logRows)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("after SIGKILL: integrity_check = %q, %v", integrity, err)
		}
		if !(got == 0 && decks == 0 || got == cards && decks == 1) {
			t.Fatalf("after SIGKILL: %d of %d cards and %d deck rows: a partial import", got, cards, decks)
		}
		if logRows != 1 {
			t.Fatalf("after SIGKILL: %d log rows, want 1", logRows)
		}
		return got == cards
	}

	// One uninterrupted import sets the range of kill times.
	reset()
	start := time.Now()
	e.must("", "import", "big.md")
	full := time.Since(start)
	if !check() {
		t.Fatal("an uninterrupted import left the deck out")
	}

	rnd := rand.New(rand.NewSource(time.Now().UnixNano()))
	var none, all, inTx int
	trials.Count(t, "SIGKILL at a random point of a 20,000-card import", 20)
	for range 20 {
		reset()
		c := e.command("import", "big.md")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rnd.Int63n(int64(full + full/2))))
		c.Process.Kill()
		c.Wait()
		// A WAL with frames but no deck: killed inside the transaction.
		st, err := os.Stat(e.db + "-wal")
		walled := err == nil && st.Size() > 0
		if check() {
			all++
		} else {
			none++
			if walled {
				inTx++
			}
		}
	}
	t.Logf("20 kills (full import %v): %d left nothing (%d of them inside the write transaction), %d left the whole deck",
		full.Round(time.Millisecond), none, inTx, all)
}

// TestFaultTwoReviewers: two reviews on one file at once, 60 answers
// each on different decks: all 120 are recorded.
func TestFaultTwoReviewers(t *testing.T) {
	trials.Count(t, "two reviews at once on one file, 60 answers each", 1)
	e := newFaultEnv(t)
	e.write("a.md", deckSrc("deck-a", 60))
	e.write("b.md", deckSrc("deck-b", 60))
	e.must("", "import", "a.md", "b.md")
	ra := e.startReview("--deck", "deck-a")
	rb := e.startReview("--deck", "deck-b")
	ra.answer(t, strings.Repeat("4\n", 60))
	rb.answer(t, strings.Repeat("5\n", 60))
	ra.waitRecorded(t, 60)
	rb.waitRecorded(t, 60)
	for _, r := range []*reviewer{ra, rb} {
		r.stdin.Close() // end of input: quit
		if err := r.cmd.Wait(); err != nil {
			t.Errorf("review: %v\n%s", err, r.stderr.String())
		}
	}
	if got := e.query("SELECT count(*) FROM revlog WHERE kind = 'review'"); got != 120 {
		t.Errorf("review rows = %d, want 120", got)
	}
	for deckID, grade := range map[string]int{"deck-a": 4, "deck-b": 5} {
		got := e.query(`SELECT count(*) FROM revlog r JOIN cards c ON c.id = r.card_id
			WHERE c.deck_id = ? AND r.grade = ? AND c.reps = 1 AND c.due = '2026-12-02'`, deckID, grade)
		if got != 60 {
			t.Errorf("deck %s: %d cards answered %d and due tomorrow, want 60", deckID, got, grade)
		}
	}
	e.healthy()
}

// TestFaultBadDatabaseCLI: every command refuses a corrupt file, a file
// that is not SQLite, and a newer schema with exit 1, a sentence naming
// the path and what to do, and the file byte-for-byte unchanged.
func TestFaultBadDatabaseCLI(t *testing.T) {
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("d", 40))
	e.must("", "import", "d.md")
	e.must(strings.Repeat("4\n", 40), "review")
	good, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	// A page of junk over the third page (the page size is in the header).
	ps := int(binary.BigEndian.Uint16(good[16:18]))
	junk := make([]byte, ps)
	rand.New(rand.NewSource(3)).Read(junk)
	corrupt := bytes.Join([][]byte{good[:2*ps], junk, good[3*ps:]}, nil)
	// A newer schema: the same file with user_version (offset 60) raised.
	newer := append([]byte{}, good...)
	newer[63] = byte(data.SchemaVersion() + 1)

	files := []struct {
		name, want string
		bytes      []byte
	}{
		{"corrupt", "is corrupt", corrupt},
		{"not sqlite", "is not an aipm database", junk},
		{"newer schema", "was written by a newer aipm", newer},
	}
	commands := [][]string{{"review"}, {"stats"}, {"import", "d.md"}, {"import", "--dry-run", "d.md"}, {"cards"}, {"doctor"}, {"doctor", "--fix"}, {"backup", "copy.db"}}
	trials.Count(t, "a corrupt, foreign or newer database file, under every command", len(files)*len(commands))
	for _, f := range files {
		for _, args := range commands {
			t.Run(f.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				for _, side := range []string{"-wal", "-shm"} {
					os.Remove(e.db + side)
				}
				if err := os.WriteFile(e.db, f.bytes, 0o644); err != nil {
					t.Fatal(err)
				}
				_, stderr, code := e.run("4\n", args...)
				if code != 1 {
					t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
				}
				if !strings.Contains(stderr, "aipm: database "+e.db+" "+f.want) || !strings.Contains(stderr, "\ntry: ") {
					t.Errorf("stderr = %q, want the path, %q and a try: line", stderr, f.want)
				}
				after, _ := os.ReadFile(e.db)
				if !bytes.Equal(after, f.bytes) {
					t.Errorf("the file changed")
				}
				for _, side := range []string{"-wal", "-shm"} {
					if _, err := os.Stat(e.db + side); err == nil {
						t.Errorf("left %s beside the file", side)
					}
				}
				if _, err := os.Stat(filepath.Join(e.dir, "copy.db")); err == nil {
					t.Errorf("wrote a backup of a bad file")
				}
			})
		}
	}
}

// TestFaultBadDecks: garbage, NUL, invalid UTF-8 and huge-line decks give
// a clean error naming the file and line, and the database is unchanged.
func TestFaultBadDecks(t *testing.T) {
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("d", 3))
	e.must("", "import", "d.md")
	e.must("4\n", "review")
	before, err := os.ReadFile(e.db)
	if err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, 64<<10)
	rand.New(rand.NewSource(5)).Read(garbage)
	huge := strings.Repeat("metric drift ", (10<<20)/13)
	tests := []struct{ file, content, want string }{
		{"garbage.md", string(garbage), "garbage.md:1: invalid UTF-8"},
		{"garbage.csv", string(garbage), "garbage.csv:1: invalid UTF-8"},
		{"nul.md", "Q: a\x00b\nA: c\n", "nul.md:1: NUL byte"},
		{"nul.tsv", "front\tback\nfr\x00nt\tback\n", "nul.tsv:2: NUL byte"},
		{"latin1.md", "Q: caf\xe9?\nA: coffee\n", "latin1.md:1: invalid UTF-8"},
		{"latin1.txt", "front\tback\ncaf\xe9\tcoffee\n", "latin1.txt:2: invalid UTF-8"},
		{"huge-bad.md", "Q: fine\nA: " + huge + "\xff\n", "huge-bad.md:2: invalid UTF-8"},
		{"huge-stray.md", "A: " + huge + "\n", "huge-stray.md:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := e.write(tt.file, tt.content)
			defer os.Remove(p)
			_, stderr, code := e.run("", "import", tt.file)
			if code != 1 {
				t.Errorf("import %s: exit %d, want 1", tt.file, code)
			}
			if !strings.HasPrefix(stderr, "aipm: "+tt.want) || strings.Count(stderr, "\n") > 2 || len(stderr) > 400 {
				t.Errorf("import %s: stderr = %.300q, want one short sentence starting %q", tt.file, stderr, tt.want)
			}
			after, _ := os.ReadFile(e.db)
			if !bytes.Equal(before, after) {
				t.Errorf("import %s changed the database", tt.file)
			}
		})
	}

	t.Run("huge line imports", func(t *testing.T) {
		e.write("huge.md", "# Huge\n\nQ: What is in the long answer?\nA: "+huge+"\n")
		e.must("", "import", "huge.md")
		if got := e.query("SELECT length(back) FROM cards WHERE deck_id = 'huge'"); got != len(huge) {
			t.Errorf("stored back is %d bytes, want %d", got, len(huge))
		}
		e.healthy()
	})
}

// TestFaultDoctorRepairsHandEdit: doctor finds a card state edited behind
// the log's back (exit 1), and --fix restores it (exit 0).
func TestFaultDoctorRepairsHandEdit(t *testing.T) {
	e := newFaultEnv(t)
	e.write("d.md", "---\nid: d\n---\nID: pinned\nQ: What does doctor replay?\nA: The review log.\n\nQ: Second?\nA: Yes.\n")
	e.must("", "import", "d.md")
	e.must("5\n4\n", "review")
	s, err := data.Open(context.Background(), e.db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("UPDATE cards SET reps = 7, interval = 90, due = '2027-03-01' WHERE id = 'pinned'"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out, stderr, code := e.run("", "doctor")
	if code != 1 {
		t.Errorf("doctor on a hand-edited state: exit %d, want 1", code)
	}
	for _, want := range []string{
		"card pinned: reps is 7, the review log gives 1",
		"card pinned: interval is 90, the review log gives 1",
		"card pinned: due is 2027-03-01, the review log gives 2026-12-02",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "aipm: 1 card disagrees with the review log") || !strings.Contains(stderr, "try: run `aipm doctor --fix`") {
		t.Errorf("doctor stderr = %q", stderr)
	}
	if got := e.query("SELECT reps FROM cards WHERE id = 'pinned'"); got != 7 {
		t.Errorf("doctor without --fix changed the card: reps %d", got)
	}

	out = e.must("", "doctor", "--fix")
	if !strings.Contains(out, "Fixed: rebuilt the state of 1 card ") || !strings.Contains(out, "All well") {
		t.Errorf("doctor --fix output:\n%s", out)
	}
	if got := e.query("SELECT count(*) FROM cards WHERE id = 'pinned' AND reps = 1 AND interval = 1 AND ef = 260 AND due = '2026-12-02'"); got != 1 {
		t.Errorf("after --fix the card is not back to its logged state")
	}
	e.must("", "doctor")
}

// TestFaultBackupDuringReview: a backup taken while another process is
// in a review holds every answer committed so far and is a sound database.
func TestFaultBackupDuringReview(t *testing.T) {
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("d", 20))
	e.must("", "import", "d.md")
	r := e.startReview()
	r.answer(t, strings.Repeat("4\n", 6))
	r.waitRecorded(t, 6)
	out := e.must("", "backup", "copy.db")
	if !strings.Contains(out, "(20 cards, 6 review-log rows)") {
		t.Errorf("backup during review: %s", out)
	}
	r.answer(t, "4\n4\n")
	r.waitRecorded(t, 8)
	r.stdin.Close()
	if err := r.cmd.Wait(); err != nil {
		t.Errorf("review after the backup: %v", err)
	}
	if got := e.query("SELECT count(*) FROM revlog"); got != 8 {
		t.Errorf("live database has %d rows, want 8", got)
	}
	e.db = filepath.Join(e.dir, "copy.db")
	if got := e.query("SELECT count(*) FROM revlog"); got != 6 {
		t.Errorf("backup has %d rows, want 6", got)
	}
	e.healthy()
}

// TestFaultNoControlCharacters: escape sequences and control characters in
// a deck's file name, name, topic and card text never reach the terminal.
func TestFaultNoControlCharacters(t *testing.T) {
	e := newFaultEnv(t)
	evil := "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x07\x08\r\u202e\u009b31m"
	name := "ev\x1b[31mil.md"
	e.write(name, "# Deck "+evil+"\n\n## Topic "+evil+"\n\nQ: Front "+evil+"?\nA: Back "+evil+"\n\nQ: Empty back "+evil+"\nA:\n")
	e.write("bad\x1b[2J.md", "Q: Unclosed "+evil+"\n")
	// The deck must really be in, or the checks below prove nothing.
	e.must("", "import", name)
	if got := e.query("SELECT count(*) FROM cards WHERE front LIKE '%' || char(27) || '%'"); got != 1 {
		t.Fatalf("%d stored cards keep the escape sequences, want 1", got)
	}
	checks := []struct {
		stdin string
		args  []string
	}{
		{"", []string{"import", "--dry-run", name}},
		{"", []string{"import", name}},
		{"", []string{"import", "--json", name}},
		{"4\nu\nq\n", []string{"review"}},
		{"5\n", []string{"review", "--cram", "--deck", "ev-31mil"}},
		{"", []string{"cards"}},
		{"", []string{"decks"}},
		{"", []string{"stats"}},
		{"", []string{"doctor"}},
		{"", []string{"import", "bad\x1b[2J.md"}},
		{"", []string{"import", name + "-missing.md"}},
		{"", []string{"lint", name}},
		{"", []string{"lint", "bad\x1b[2J.md"}},
		{"", []string{"review", "--deck", "no\x1b[2Jdeck"}},
	}
	for _, c := range checks {
		stdout, stderr, _ := e.run(c.stdin, c.args...)
		if len(c.args) == 2 && c.args[0] == "import" && c.args[1] == name && !strings.Contains(stdout, "ev-31mil") {
			t.Errorf("aipm %q: output does not name the deck:\n%s", c.args, stdout)
		}
		if c.args[0] == "review" && len(c.args) == 1 && !strings.Contains(stderr, "Front") {
			t.Errorf("aipm review did not show the card:\n%s", stderr)
		}
		for stream, text := range map[string]string{"stdout": stdout, "stderr": stderr} {
			if i := strings.IndexFunc(text, func(r rune) bool {
				return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202e'
			}); i >= 0 {
				t.Errorf("aipm %v: %s has a control character at %d: %q", c.args, stream, i, text[max(0, i-20):min(len(text), i+20)])
			}
		}
	}
}
