package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// importApp is an app wired to buffers, an environment map and a fake
// monotonic timer that moves step forward on every read.
func importApp(env map[string]string, builtin fstest.MapFS, in string, step time.Duration) (*app, *bytes.Buffer, *bytes.Buffer) {
	var out, errw bytes.Buffer
	a := newApp(strings.NewReader(in), &out, &errw)
	a.Getenv = func(k string) string { return env[k] }
	if builtin != nil {
		a.Builtin = builtin
	}
	var t time.Duration
	a.Since = func() time.Duration { t += step; return t }
	return a, &out, &errw
}

func importRows(t *testing.T, db, q string) string {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var a, c, d, e any
		if err := rows.Scan(&a, &c, &d, &e); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v | %v | %v | %v\n", a, c, d, e)
	}
	return b.String()
}

// TestBuiltinDecksUpdateOnNextRun plays two binaries: the first installs
// its built-in deck and the user drills it; the second carries an edited
// deck and updates it in place on its first run, keeping the progress.
func TestBuiltinDecksUpdateOnNextRun(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"AIPM_DB": filepath.Join(dir, "aipm.db"), "AIPM_CONFIG": filepath.Join(dir, "config.yaml"),
		"AIPM_NOW": "2026-12-01T09:00:00Z", "NO_COLOR": "1", "HOME": dir,
	}
	v1 := fstest.MapFS{"01-loop.md": {Data: []byte(`---
deck: The loop
id: loop
---

## Rounds

Q: How many rounds does an AI PM loop usually have?
A: Five or six.

Q: Which round do some AI labs add?
A: A safety and alignment round.

Q: What does the technical round not ask?
A: To write code or derive a model.
`)}}
	v2 := fstest.MapFS{"01-loop.md": {Data: []byte(`---
deck: The loop
id: loop
---

## Rounds

Q: How many rounds does an AI PM loop usually have in total?
A: Five or six.

Q: Which round do some AI labs add?
A: A safety and alignment round, on top of the usual ones.

## Fluency

Q: What does AI fluency mean in practice?
A: Reasoning about probabilistic products and their metrics.
`)}}

	a, _, errw := importApp(env, v1, "4\n5\n", 0)
	if code := a.main(context.Background(), []string{"review"}); code != 0 {
		t.Fatalf("review with v1: exit %d\n%s", code, errw)
	}
	before := importRows(t, env["AIPM_DB"], "SELECT id, reps, interval, coalesce(due, '-') FROM cards ORDER BY ord")

	// The newer binary's first run: a read of the deck list updates it.
	a, out, errw := importApp(env, v2, "", 0)
	if code := a.main(context.Background(), []string{"decks"}); code != 0 {
		t.Fatalf("decks with v2: exit %d\n%s", code, errw)
	}
	if !strings.Contains(out.String(), "loop\tThe loop\t3\t1\t1\tbuilt-in") {
		t.Errorf("decks after the update:\n%s\nwant loop with 3 cards, 1 new, 1 orphaned", out)
	}
	after := importRows(t, env["AIPM_DB"], "SELECT id, reps, interval, coalesce(due, '-') FROM cards WHERE orphaned = 0 AND due IS NOT NULL ORDER BY ord")
	lines := strings.Split(strings.TrimSpace(before), "\n")
	if want := strings.Join(lines[:2], "\n") + "\n"; after != want {
		t.Errorf("drilled cards after the update:\n%swant (same ids, reps, intervals, due days)\n%s", after, want)
	}
	texts := importRows(t, env["AIPM_DB"], "SELECT front, back, topic, orphaned FROM cards ORDER BY orphaned, ord")
	want := "How many rounds does an AI PM loop usually have in total? | Five or six. | Rounds | 0\n" +
		"Which round do some AI labs add? | A safety and alignment round, on top of the usual ones. | Rounds | 0\n" +
		"What does AI fluency mean in practice? | Reasoning about probabilistic products and their metrics. | Fluency | 0\n" +
		"What does the technical round not ask? | To write code or derive a model. | Rounds | 1\n"
	if texts != want {
		t.Errorf("cards after the update:\n%swant\n%s", texts, want)
	}

	// A user import after it counts only the user's cards.
	deckFile := filepath.Join(dir, "mine.md")
	if err := os.WriteFile(deckFile, []byte("Q: Mine\nA: yes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, out, errw = importApp(env, v2, "", 0)
	if code := a.main(context.Background(), []string{"import", "--json", deckFile}); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, errw)
	}
	if !strings.Contains(out.String(), `"added": 1,`) || !strings.Contains(out.String(), `"unchanged": 0,`) {
		t.Errorf("import --json = %s, want 1 added and no built-in cards", out)
	}
}

// TestImportProgress: on a terminal, a long import draws a bar on stderr
// and ends with one closing line; with NO_COLOR, or off a terminal, it
// draws nothing. Stdout holds only the summary either way.
func TestImportProgress(t *testing.T) {
	dir := t.TempDir()
	var deckText strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&deckText, "Q: Question number %d?\nA: Answer %d.\n\n", i, i)
	}
	deckFile := filepath.Join(dir, "big.md")
	if err := os.WriteFile(deckFile, []byte(deckText.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		tty     bool
		noColor string
		bar     bool
	}{
		{"terminal", true, "", true},
		{"terminal with NO_COLOR", true, "1", false},
		{"pipe", false, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{
				"AIPM_DB": filepath.Join(t.TempDir(), "aipm.db"), "AIPM_CONFIG": filepath.Join(dir, "none.yaml"),
				"AIPM_NOW": "2026-12-01T09:00:00Z", "AIPM_BUILTIN_DECKS": "false", "NO_COLOR": tc.noColor, "TERM": "xterm",
			}
			// Every read of the timer is 50 ms later: the import is "long".
			a, out, errw := importApp(env, nil, "", 50*time.Millisecond)
			a.ErrTTY = tc.tty
			if code := a.main(context.Background(), []string{"import", deckFile}); code != 0 {
				t.Fatalf("exit %d\n%s", code, errw)
			}
			if want := "DECK\tADDED\tUPDATED\tMOVED\tUNCHANGED\tORPHANED\tPRUNED\nbig\t3000\t0\t0\t0\t0\t0\n"; out.String() != want {
				t.Errorf("stdout = %q, want %q", out, want)
			}
			e := errw.String()
			// The import ends by saying how to start the new deck.
			next := "Start big: `aipm review --deck big` (or `aipm review` for every deck).\n"
			if !strings.HasSuffix(e, next) {
				t.Errorf("stderr %q does not end with %q", e, next)
			}
			e = strings.TrimSuffix(e, next)
			if !tc.bar {
				if e != "aipm: created "+env["AIPM_DB"]+"\n" {
					t.Errorf("stderr = %q, want only the created line", e)
				}
				return
			}
			for _, want := range []string{"\r\x1b[K[", "% writing 3000/3000 cards", "\r\x1b[K3000 cards imported in "} {
				if !strings.Contains(e, want) {
					t.Errorf("stderr %q lacks %q", e, want)
				}
			}
			if !strings.Contains(e, "] 100% writing") || !strings.HasSuffix(e, "s\n") {
				t.Errorf("stderr %q: want a full bar and a closing line", e)
			}
		})
	}
}
