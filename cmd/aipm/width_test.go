package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/aipmhq/aipm/data"
)

// TestWidths renders the review screen (front, back, help), decks and
// cards at 40, 60, 80 and 120 columns against the goldens in
// testdata/width, and checks that no line is wider than the terminal and
// that no deck id is cut.
func TestWidths(t *testing.T) {
	e := newStatsEnv(t)
	e.must("2026-12-01", "", "import", "testdata/width/obsidian.md", "testdata/width/long.md", "testdata/width/long2.md")
	for _, w := range []int{40, 60, 80, 120} {
		for _, c := range []struct {
			name string
			args []string
			keys string // single keys on a terminal; "" runs on stdout
		}{
			{"review", []string{"review", "--deck", "product-sense-notes"}, " ? q"},
			{"review-vim", []string{"review", "--deck", "a-very-long-deck-identifier-for-vim-motions"}, "q"},
			{"decks", []string{"decks"}, ""},
			{"cards", []string{"cards"}, ""},
		} {
			name := c.name + "-" + strconv.Itoa(w)
			t.Run(name, func(t *testing.T) {
				out := e.screen(w, c.keys, c.args...)
				for i, l := range strings.Split(out, "\n") {
					if n := textWidth(l); n > w && !strings.HasPrefix(l, "a-very-long-deck-identifier") { // an id wider than the terminal stays whole
						t.Errorf("line %d is %d columns at width %d: %q", i+1, n, w, l)
					}
					if strings.HasPrefix(l, " ") && strings.TrimSpace(l) != "" && c.name == "review" && strings.Contains(l, "Recorded") {
						t.Errorf("line %d starts with a space: %q", i+1, l)
					}
				}
				if c.name == "decks" || c.name == "cards" {
					for _, id := range []string{"a-very-long-deck-identifier-for-vim-motions", "product-sense-notes"} {
						if c.name == "decks" && !strings.Contains(out, id) {
							t.Errorf("deck id %s is not whole in:\n%s", id, out)
						}
					}
				}
				if c.name == "review-vim" && strings.Contains(out, "Vim › Vim") {
					t.Errorf("the header repeats the deck name as the topic:\n%s", out)
				}
				widthGolden(t, name+".golden", strings.ReplaceAll(out, "\x1b", `\e`))
			})
		}
	}
}

// screen runs aipm at width w: with keys, stdin and stderr are a
// terminal read one key at a time and the screen (stderr) is returned;
// without, stdout is a terminal and is returned.
func (e *statsEnv) screen(w int, keys string, args ...string) string {
	e.t.Helper()
	var out, errw bytes.Buffer
	a := newApp(iotest.OneByteReader(strings.NewReader(keys)), &out, &errw)
	env := map[string]string{"AIPM_NOW": "2026-12-01T09:00:00Z"}
	for k, v := range e.env {
		env[k] = v
	}
	a.Getenv = func(k string) string { return env[k] }
	a.Width = func() int { return w }
	if keys != "" {
		a.InTTY, a.ErrTTY = true, true
	} else {
		a.OutTTY = true
	}
	if code := a.main(context.Background(), args); code != 0 {
		e.t.Fatalf("aipm %v exited %d: %s", args, code, errw.String())
	}
	if keys != "" {
		return errw.String()
	}
	return out.String()
}

func widthGolden(t *testing.T, name, got string) {
	t.Helper()
	goldenFile(t, filepath.Join("testdata", "width", name), "TestWidths", got)
}

// TestHeaderShape: at 40 columns the review header's counts sit on a line
// of their own that keeps its width as they fall from 12 to 9.
func TestHeaderShape(t *testing.T) {
	e := newStatsEnv(t)
	e.env["AIPM_NEW_PER_DAY"] = "20"
	var deckText strings.Builder
	deckText.WriteString("---\ndeck: Twelve\nid: twelve\n---\n\n## Counting\n\n")
	for i := range 12 {
		deckText.WriteString("Q: Question " + strconv.Itoa(i) + "?\nA: Answer.\n\n")
	}
	file := filepath.Join(t.TempDir(), "twelve.md")
	if err := os.WriteFile(file, []byte(deckText.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	e.must("2026-12-01", "", "import", file)
	out := e.screen(40, " 4 4 4q", "review")
	var counts []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "due ") {
			counts = append(counts, l)
		}
	}
	want := []string{"due  0 · new 12 · again  0", "due  0 · new 11 · again  0", "due  0 · new 10 · again  0", "due  0 · new  9 · again  0"}
	if strings.Join(counts, "\n") != strings.Join(want, "\n") {
		t.Errorf("the header's counts are\n%s\nwant\n%s", strings.Join(counts, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(out, "\nTwelve › Counting\n") {
		t.Errorf("no stacked header in:\n%s", out)
	}
}

// TestTopicCell: a topic shared by two decks keeps its deck id whole; the
// topic is shortened, and an id too long for the column goes below.
func TestTopicCell(t *testing.T) {
	for _, tt := range []struct {
		topic, deck string
		w           int
		cell, below string
	}{
		{"Vim", "vim-a", 20, "Vim (vim-a)", ""},
		{"Motions and text objects", "vim-basics", 24, "Motions an… (vim-basics)", ""},
		{"Motions", "a-very-long-deck-identifier-for-vim-motions-2", 24, "Motions", "(deck a-very-long-deck-identifier-for-vim-motions-2)"},
	} {
		cell, below := topicCell(data.TopicCounts{Deck: tt.deck, Topic: tt.topic}, true, tt.w)
		if cell != tt.cell || below != tt.below {
			t.Errorf("topicCell(%q, %q, %d) = %q, %q; want %q, %q", tt.topic, tt.deck, tt.w, cell, below, tt.cell, tt.below)
		}
		if textWidth(cell) > tt.w {
			t.Errorf("%q is wider than %d", cell, tt.w)
		}
	}
}

// TestStudyLines: the Study next command fits the width by shell
// continuation lines, never by cutting a piece.
func TestStudyLines(t *testing.T) {
	cmd := studyCommand(data.TopicCounts{Topic: "Confusion matrix and thresholds", Deck: "ai-pm-concepts"}, true)
	if got, want := strings.Join(studyLines(cmd, 120), "\n"), `  aipm review --topic "Confusion matrix and thresholds" --deck ai-pm-concepts`; got != want {
		t.Errorf("at 120: %q, want %q", got, want)
	}
	want := "  aipm review --topic \\\n    \"Confusion matrix and thresholds\" \\\n    --deck ai-pm-concepts"
	if got := strings.Join(studyLines(cmd, 40), "\n"); got != want {
		t.Errorf("at 40: %q, want %q", got, want)
	}
}
