package main

// CLI tests for issue 12: aipm never deletes, overwrites or detaches a
// person's data.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/internal/trials"
)

// TestReportHints: an error that carries a hint prints as "aipm: MSG" and
// "try: HINT", wherever the message holds a semicolon or a parenthesis,
// and however it is wrapped.
func TestReportHints(t *testing.T) {
	trials.Count(t, "error hints whose message holds a semicolon (newer schema), wrapped or not", 4)
	newer := &data.PathError{Path: "/x/aipm.db", Msg: "was written by a newer aipm (schema version 99; this aipm knows up to 1)",
		Hint: "upgrade aipm, or point --db at another file; the file was not changed"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"path error with semicolons", newer,
			"aipm: database /x/aipm.db was written by a newer aipm (schema version 99; this aipm knows up to 1)\ntry: upgrade aipm, or point --db at another file; the file was not changed\n"},
		{"wrapped path error", fmt.Errorf("back up before migrating: %w", newer),
			"aipm: back up before migrating: database /x/aipm.db was written by a newer aipm (schema version 99; this aipm knows up to 1)\ntry: upgrade aipm, or point --db at another file; the file was not changed\n"},
		{"hint", data.Hintf("free some space", "disk full (a; b)"), "aipm: disk full (a; b)\ntry: free some space\n"},
		{"plain", errors.New("no deck with id x"), "aipm: no deck with id x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errw bytes.Buffer
			a := &app{Err: &errw}
			if code := a.report(tt.err); code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if errw.String() != tt.want {
				t.Errorf("stderr =\n%q\nwant\n%q", errw.String(), tt.want)
			}
		})
	}
}

// TestJSONEscapesTerminalControls: DEL, the C1 controls and the bidi
// overrides in card text reach `cards --json`, `decks --json` and
// `stats --json` only as \u escapes; the JSON still decodes to the text.
func TestJSONEscapesTerminalControls(t *testing.T) {
	trials.Count(t, "DEL, C1 controls and bidi overrides in cards --json, decks --json, stats --json", 3)
	e := newFaultEnv(t)
	nasty := "del\x7f c1\u0085\u009b bidi\u202e\u2066\u2069 end"
	e.write("d.md", "---\nid: nasty\n---\n# Deck\n\n## Topic "+nasty+"\n\nQ: front "+nasty+"?\nA: back "+nasty+"\n")
	e.must("", "import", "d.md")
	e.must("4\n", "review")
	for _, args := range [][]string{{"cards", "--json"}, {"decks", "--json"}, {"stats", "--json"}} {
		out := e.must("", args...)
		for _, r := range out {
			if r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Errorf("%v: raw %U in the output", args, r)
				break
			}
		}
		if args[0] != "decks" && !strings.Contains(out, `\u202e`) {
			t.Errorf("%v: no \\u202e escape in\n%s", args, out)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
	out := e.must("", "cards", "--json")
	if !strings.Contains(out, `"front": "front del\u007f c1\u0085\u009b bidi\u202e\u2066\u2069 end?"`) {
		t.Errorf("cards --json front not escaped as expected:\n%s", out)
	}
}

// TestReviewLineCap: in line mode a line longer than 4 KiB ends the review
// with a clear error and exit 1, the answers given before it stand, and
// no error shows more than 40 characters of a bad line.
func TestReviewLineCap(t *testing.T) {
	trials.Count(t, "review input: a line over 4 KiB, an endless line, a 3000-byte bad line", 3)
	e := newFaultEnv(t)
	e.write("d.md", deckSrc("cap", 5))
	e.must("", "import", "d.md")
	tests := []struct {
		name     string
		stdin    string
		code     int
		want     string
		recorded int
	}{
		{"a 5000-byte line", "4\n" + strings.Repeat("y", 5000) + "\n4\n", 1,
			"aipm: a line of input is longer than 4096 bytes (it starts \"" + strings.Repeat("y", 40) + "…\"), so the review stopped; the answers before it are recorded\n", 1},
		{"no newline at all", "4\n" + strings.Repeat("z", 1<<20), 1, "longer than 4096 bytes", 1},
		{"a 3000-byte bad line", "4\n" + strings.Repeat("w", 3000) + "\n4\nq\n", 0,
			"\"" + strings.Repeat("w", 40) + "…\" is not a grade", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.query("SELECT count(*) FROM revlog")
			_, errs, code := e.run(tt.stdin, "review")
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, want %d; stderr lacks %q:\n%.2000s", code, tt.code, tt.want, errs)
			}
			if strings.Contains(errs, strings.Repeat(tt.stdin[2:3], 41)) {
				t.Errorf("stderr shows more than 40 characters of the bad line")
			}
			if got := e.query("SELECT count(*) FROM revlog") - before; got != tt.recorded {
				t.Errorf("%d answers recorded, want %d", got, tt.recorded)
			}
		})
	}
}

// TestJSONArrayMatchesWriteJSON: the streamed array is laid out exactly as
// writeJSON lays out the whole slice.
func TestJSONArrayMatchesWriteJSON(t *testing.T) {
	type item struct {
		A string `json:"a"`
		N []int  `json:"n"`
	}
	for _, tt := range []struct {
		name  string
		items []item
	}{
		{"none", []item{}},
		{"one", []item{{"x\u202e", []int{1}}}},
		{"three", []item{{"a", nil}, {"<b>", []int{}}, {"c\u0085", []int{1, 2}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var want, got bytes.Buffer
			if err := writeJSON(&want, tt.items); err != nil {
				t.Fatal(err)
			}
			arr := newJSONArray(&got)
			for _, it := range tt.items {
				if err := arr.add(it); err != nil {
					t.Fatal(err)
				}
			}
			if err := arr.close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("streamed:\n%s\nwant:\n%s", got.String(), want.String())
			}
		})
	}
}
