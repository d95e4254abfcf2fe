package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const ptyDeck = `---
deck: Prompts
id: prompts
round: technical
---
## Evaluation

P: How would you decide whether this LLM feature is ready for production?
K: A quality bar tied to the harm of a wrong answer
K: An eval set drawn from real traffic
K: A comparison with the current baseline
K: A staged rollout with a rollback plan
A: Tie the bar to the harm, then roll out in stages.
`

// startRubricOnPty imports ptyDeck into a fresh database (no built-in
// decks), then runs aipm with args on a pty.
func startRubricOnPty(t *testing.T, args ...string) *ptySession {
	t.Helper()
	dir := t.TempDir()
	deckFile := filepath.Join(dir, "prompts.md")
	if err := os.WriteFile(deckFile, []byte(ptyDeck), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "aipm.db")
	env := []string{"AIPM_BUILTIN_DECKS=false", "AIPM_DB=" + db}
	imp := exec.Command(os.Args[0], "import", deckFile)
	imp.Env = append(append(os.Environ(), "AIPM_TEST_MAIN=1", "AIPM_NOW=2026-12-01T09:00:00Z", "TZ=UTC"), env...)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	p := startOnPty(t, env, args...)
	p.db = db
	return p
}

// waitExit waits for the child to exit 0.
func (p *ptySession) waitExit(t *testing.T) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("aipm exited with %v; screen:\n%s", err, p.scr.String())
		}
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("aipm did not exit; screen:\n%s", p.scr.String())
	}
	p.restored(t)
}

// TestRubricOnTerminal: reveal, tick 1 and 3, untick 1, Enter: the log
// holds 1 of 4 key points (point 3), grade 2, and the model answer shows.
func TestRubricOnTerminal(t *testing.T) {
	p := startRubricOnPty(t, "review")
	scr, ptmx := p.scr, p.ptmx
	at := scr.waitFor(t, "[space] shows the key points", 0)
	if !strings.Contains(scr.String(), "⏱ 0:0") {
		t.Errorf("no timer on the prompt screen:\n%s", scr.String())
	}
	ptmx.Write([]byte(" "))
	at = scr.waitFor(t, "0 of 4 key points: c = 0.00 → grade 0", at)
	ptmx.Write([]byte("1"))
	at = scr.waitFor(t, "[x] 1. A quality bar", at)
	ptmx.Write([]byte("3"))
	at = scr.waitFor(t, "2 of 4 key points: c = 0.50 → grade 3", at)
	ptmx.Write([]byte("1"))
	at = scr.waitFor(t, "[ ] 1. A quality bar", at)
	at = scr.waitFor(t, "1 of 4 key points: c = 0.25 → grade 2", at)
	ptmx.Write([]byte("\r"))
	at = scr.waitFor(t, "Model answer", at)
	at = scr.waitFor(t, "Recorded 2 (1 of 4 key points: c = 0.25 → grade 2). Next review 2026-12-02 (tomorrow).", at)
	ptmx.Write([]byte(" "))
	scr.waitFor(t, "Session: 1 card drilled", at)
	p.waitExit(t)
	got := queryRows(t, p.db, "SELECT kind, grade, points_hit, points_total, interval_after FROM revlog ORDER BY seq")
	if want := "review 2 [3] 4 1\n"; got != want {
		t.Errorf("revlog = %q, want %q", got, want)
	}
}

// TestRubricTypedOnTerminal: --type takes a multi-line answer ended by
// two empty lines, and logs it with the answer.
func TestRubricTypedOnTerminal(t *testing.T) {
	p := startRubricOnPty(t, "review", "--type")
	scr, ptmx := p.scr, p.ptmx
	at := scr.waitFor(t, "Type your answer; Ctrl-D or two empty lines end it.", 0)
	ptmx.Write([]byte("Set a bar\rthen stagx\x7fe it\r\r\r"))
	at = scr.waitFor(t, "Your answer:", at)
	ptmx.Write([]byte("14\r"))
	at = scr.waitFor(t, "Recorded 3", at)
	ptmx.Write([]byte("q"))
	scr.waitFor(t, "Session: 1 card drilled", at)
	p.waitExit(t)
	got := queryRows(t, p.db, "SELECT grade, points_hit, answer_text FROM revlog ORDER BY seq")
	if want := "3 [1,4] Set a bar\nthen stage it\n"; got != want {
		t.Errorf("revlog = %q, want %q", got, want)
	}
}

// TestMockOnTerminal: the countdown shows from the per-answer limit, the
// answer is logged as a mock answer that schedules nothing, and the
// scorecard follows the last prompt.
func TestMockOnTerminal(t *testing.T) {
	p := startRubricOnPty(t, "mock", "--company", "google", "--seed", "1", "--per-answer", "2", "--minutes", "4")
	scr, ptmx := p.scr, p.ptmx
	at := scr.waitFor(t, "[space] start the mock", 0)
	if words := strings.Join(strings.Fields(scr.String()), " "); !strings.Contains(words, "These weights are the course's figures.") {
		t.Errorf("the intro does not say where the weights come from:\n%s", scr.String())
	}
	ptmx.Write([]byte(" "))
	at = scr.waitFor(t, "⏳ 2:00 left · prompt 1 of 1 · technical · google mock, 4:00 left", at)
	ptmx.Write([]byte(" 12\r"))
	at = scr.waitFor(t, "Model answer", at)
	ptmx.Write([]byte(" "))
	scr.waitFor(t, "Scorecard: mock google, 1 of 1 prompts answered", at)
	p.waitExit(t)
	got := queryRows(t, p.db, "SELECT kind, grade, points_hit, reps_after FROM revlog ORDER BY seq")
	if want := "mock 3 [1,2] 0\n"; got != want {
		t.Errorf("revlog = %q, want %q", got, want)
	}
}
