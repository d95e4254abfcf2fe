package render_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/cmd/aipm/render"
	"github.com/aipmhq/aipm/deck"
)

// TestRealDecks renders both sides of every card of the third-party decks
// in shared/corpora (skipped when the folder is absent) at 40 and 120
// columns, in colour and plain: no line is wider than the width unless it
// is code, math or one word too long for it, no line starts with a space
// outside code, lists, quotes and tables, and the Obsidian syntax and the
// escapes never show raw.
func TestRealDecks(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpora")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no shared/corpora beside the checkout")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	cards := 0
	for _, f := range files {
		decks, err := deck.ParseFile(f)
		if err != nil {
			continue // not a deck file (SOURCES.md) or one the parser refuses
		}
		for _, d := range decks {
			for _, c := range d.Cards {
				cards++
				for _, side := range []string{c.Front, c.Back} {
					for _, w := range []int{40, 120} {
						plain := render.Render(side, w, false)
						if colour := render.Render(side, w, true); stripSGR(colour) != plain {
							t.Errorf("%s:%d: colour and plain differ in text:\n%s\n---\n%s", f, c.Line, colour, plain)
						}
						for _, l := range strings.Split(plain, "\n") {
							verbatim := strings.Contains(side, "$$") || strings.Contains(side, "```") // kept as written
							if render.Width(l) > w && !verbatim && !strings.HasPrefix(l, "  ") && !strings.Contains(l, "$") && len(strings.Fields(l)) > 1 {
								t.Errorf("%s:%d: %d columns at %d: %q", f, c.Line, render.Width(l), w, l)
							}
							for _, raw := range []string{"![[", "[[", "\\$", "**"} {
								if strings.Contains(l, raw) && !strings.Contains(side, "`") && !strings.Contains(side, "$$") {
									t.Errorf("%s:%d: %q shows raw in %q", f, c.Line, raw, l)
								}
							}
						}
					}
				}
			}
		}
	}
	if cards < 100 {
		t.Errorf("rendered %d cards of the corpora, want 100 or more", cards)
	}
}

func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
