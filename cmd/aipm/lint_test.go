package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// A back over two sentences and a front answered by its topic: warnings
// with file:line on a user's deck, errors in the built-in decks.
const lintStyleDeck = `## The technical round

Q: Which round sets an AI PM loop furthest apart?
A: The technical round.

Q: What does it ask?
A: Models. Metrics. Data.
`

func TestLintStyleChecks(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.md")
	if err := os.WriteFile(file, []byte(lintStyleDeck), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"AIPM_DB": filepath.Join(dir, "aipm.db"), "HOME": dir, "NO_COLOR": "1"}

	a, out, errw := importApp(env, nil, "", 0)
	if code := a.main(context.Background(), []string{"lint", file}); code != 0 {
		t.Fatalf("lint of a user deck: exit %d, want 0 (warnings only)\n%s%s", code, out, errw)
	}
	want := file + `:3: the topic "The technical round" gives away the answer; rephrase the front or move the card (warning)` + "\n" +
		file + ":6: the back has 3 sentences; keep it to 2, or split the card (one cloze per item) (warning)\n"
	if out.String() != want {
		t.Errorf("lint stdout =\n%s\nwant\n%s", out, want)
	}
	if got, want := errw.String(), "2 cards checked: 0 errors, 2 warnings\n"; got != want {
		t.Errorf("lint stderr = %q, want %q", got, want)
	}

	a, out, errw = importApp(env, fstest.MapFS{"01-mine.md": {Data: []byte(lintStyleDeck)}}, "", 0)
	if code := a.main(context.Background(), []string{"lint", "--builtin"}); code != 1 {
		t.Fatalf("lint --builtin: exit %d, want 1\n%s%s", code, out, errw)
	}
	want = `lessons/01-mine.md:3: the topic "The technical round" gives away the answer; rephrase the front or move the card` + "\n" +
		"lessons/01-mine.md:6: the back has 3 sentences; keep it to 2, or split the card (one cloze per item)\n"
	if out.String() != want {
		t.Errorf("lint --builtin stdout =\n%s\nwant\n%s", out, want)
	}
	if got, want := errw.String(), "2 cards checked: 2 errors, 0 warnings\n"; got != want {
		t.Errorf("lint --builtin stderr = %q, want %q", got, want)
	}
}
