package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/stats/*.golden from the output of aipm stats")

// statsEnv runs aipm in-process against one database, with a fake
// monotonic timer that moves 6 s on every read, so that answer times (and
// time spent) are fixed.
type statsEnv struct {
	t   *testing.T
	env map[string]string
}

func newStatsEnv(t *testing.T) *statsEnv {
	dir := t.TempDir()
	return &statsEnv{t: t, env: map[string]string{
		"AIPM_DB":            filepath.Join(dir, "aipm.db"),
		"AIPM_CONFIG":        filepath.Join(dir, "none.yaml"),
		"AIPM_BUILTIN_DECKS": "false",
		"AIPM_NEW_PER_DAY":   "1",
		"NO_COLOR":           "1",
	}}
}

// run runs aipm with args at now (YYYY-MM-DD, 09:00 UTC), stdin in, and
// the terminal as given (width 0: stdout is not a terminal).
func (e *statsEnv) run(now, in string, width int, args ...string) (string, string, int) {
	e.t.Helper()
	var out, errw bytes.Buffer
	a := newApp(strings.NewReader(in), &out, &errw)
	env := map[string]string{"AIPM_NOW": now + "T09:00:00Z"}
	for k, v := range e.env {
		env[k] = v
	}
	a.Getenv = func(k string) string { return env[k] }
	var mono time.Duration
	a.Since = func() time.Duration { mono += 6 * time.Second; return mono }
	if width > 0 {
		a.OutTTY = true
		a.Width = func() int { return width }
	}
	code := a.main(context.Background(), args)
	return out.String(), errw.String(), code
}

func (e *statsEnv) must(now, in string, args ...string) string {
	e.t.Helper()
	out, errw, code := e.run(now, in, 0, args...)
	if code != 0 {
		e.t.Fatalf("aipm %s (at %s) exited %d: %s", strings.Join(args, " "), now, code, errw)
	}
	return out
}

// statsHistory replays eleven weeks on the decks in testdata/stats: one new
// card a day, grades from a fixed cycle, re-drills until 4, missed days, an
// undo, a suspension and a cram session. On the last day, 2026-12-11, the
// one the goldens show, the session stops after two answers.
func statsHistory(t *testing.T) (*statsEnv, string) {
	e := newStatsEnv(t)
	e.must("2026-09-27", "", "import", "testdata/stats/prep.md", "testdata/stats/behavioural.md")
	cycle := strings.Fields("5 4 3 5 2 4 4 1 5 3 4 5 2 4 4 3 5 1 4 4 5 3 4 2 5 4 4 5 3 1 4 4")
	start := time.Date(2026, 9, 27, 0, 0, 0, 0, time.UTC)
	k := 0
	for d := 0; d <= 75; d++ {
		day := start.AddDate(0, 0, d).Format(time.DateOnly)
		if d == 9 || d == 10 || d == 30 || d == 47 || d == 48 {
			continue // missed days
		}
		var in strings.Builder
		for range 40 {
			in.WriteString(cycle[k%len(cycle)] + "\n")
			k++
		}
		switch d {
		case 3:
			e.must(day, "5\nu\n"+in.String(), "review")
		case 75:
			e.must(day, "4\n1\nq\n", "review")
		case 12:
			e.must(day, "3\n1\n5\nq\n", "review", "--cram", "--deck", "prep")
			e.must(day, in.String(), "review")
		default:
			e.must(day, in.String(), "review")
		}
		if d == 14 {
			ids := e.must(day, "", "cards", "--deck", "behavioural")
			// The second line is the first card; its id is the first field.
			lines := strings.Split(ids, "\n")
			if len(lines) < 2 {
				t.Fatalf("cards --deck behavioural printed %q", ids)
			}
			e.must(day, "", "cards", "suspend", strings.Fields(lines[1])[0])
		}
	}
	return e, "2026-12-11"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", "stats", name), "TestStatsGolden", got)
}

// goldenFile compares got with the golden file at path, or writes it
// under -update; test names the test that writes it.
func goldenFile(t *testing.T, path, test, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to write it)", err, test)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (check by eye, then -update):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 8; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func TestStatsGolden(t *testing.T) {
	e, day := statsHistory(t)
	for _, tt := range []struct {
		name  string
		width int // 0: a pipe
		args  []string
	}{
		{"text.golden", 0, []string{"stats"}},
		{"wide.golden", 120, []string{"stats"}},
		{"w40.golden", 40, []string{"stats"}},
		{"w60.golden", 60, []string{"stats"}},
		{"w80.golden", 80, []string{"stats"}},
		{"deck.golden", 0, []string{"stats", "--deck", "prep", "--days", "14"}},
		{"json.golden", 0, []string{"stats", "--json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errw, code := e.run(day, "", tt.width, tt.args...)
			if code != 0 {
				t.Fatalf("aipm %v exited %d: %s", tt.args, code, errw)
			}
			golden(t, tt.name, out)
			if tt.name == "json.golden" {
				return
			}
			limit := 80
			if tt.width > 0 {
				limit = tt.width
			}
			widest := 0
			for i, line := range strings.Split(out, "\n") {
				w := textWidth(line)
				widest = max(widest, w)
				if w > limit {
					t.Errorf("line %d is %d columns wide, over %d: %q", i+1, w, limit, line)
				}
			}
			if tt.width > 80 && widest <= 80 {
				t.Errorf("on a %d-column terminal the widest line is %d columns: the width is not used", tt.width, widest)
			}
		})
	}
}

// TestStatsColour: colour only on a terminal without NO_COLOR; the charts
// render either way.
func TestStatsColour(t *testing.T) {
	e, day := statsHistory(t)
	for _, tt := range []struct {
		name    string
		width   int
		noColor string
		colour  bool
	}{
		{"terminal", 100, "", true},
		{"terminal with NO_COLOR", 100, "1", false},
		{"pipe", 0, "", false},
	} {
		e.env["NO_COLOR"] = tt.noColor
		out, errw, code := e.run(day, "", tt.width, "stats")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.name, code, errw)
		}
		if got := strings.Contains(out, "\x1b["); got != tt.colour {
			t.Errorf("%s: colour = %v, want %v", tt.name, got, tt.colour)
		}
		for _, chart := range []string{"█", "░", "Mon ", "Study next:"} {
			if !strings.Contains(out, chart) {
				t.Errorf("%s: no %q in the output", tt.name, chart)
			}
		}
	}
}

func TestStatsFit(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"a front\nover  two lines", 40, "a front over two lines"},
		{"What is precision, and when does it matter?", 20, "What is precision,…"},
		{"Does this \x1b[2J\x1b[31mclear\x1b[0m the screen?", 40, "Does this clear the screen?"},
		{"模型评估指标是什么", 9, "模型评估…"},
	} {
		if got := fit(tt.in, tt.n); got != tt.want {
			t.Errorf("fit(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if w := textWidth(fit(tt.in, tt.n)); w > tt.n {
			t.Errorf("fit(%q, %d) is %d columns wide", tt.in, tt.n, w)
		}
	}
}

func TestStatsBar(t *testing.T) {
	for _, tt := range []struct {
		frac float64
		n    int
		want string
	}{
		{0, 4, "░░░░"},
		{1, 4, "████"},
		{0.5, 4, "██░░"},
		{0.29, 10, "██▉░░░░░░░"},
		{2, 3, "███"},
	} {
		if got := statsBar(tt.frac, tt.n); got != tt.want {
			t.Errorf("statsBar(%v, %d) = %q, want %q", tt.frac, tt.n, got, tt.want)
		}
	}
}
