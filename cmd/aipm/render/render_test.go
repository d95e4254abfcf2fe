package render

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestCorpus renders each construct of testdata/corpus at 40 and 80
// columns, with colour and without, and compares with its golden file
// (escape bytes written as \e). MARK…END in a source is a Mark.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.md")
	if err != nil || len(files) < 10 {
		t.Fatalf("corpus: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := strings.NewReplacer("MARK", string(markOpen), "END", string(markClose)).Replace(string(b))
			var got strings.Builder
			for _, c := range []struct {
				width int
				color bool
			}{{40, false}, {40, true}, {80, false}, {80, true}} {
				mode := "plain"
				if c.color {
					mode = "color"
				}
				out := Render(src, c.width, c.color)
				got.WriteString("-- " + mode + " " + strconv.Itoa(c.width) + " --\n")
				got.WriteString(strings.ReplaceAll(out, "\x1b", `\e`) + "\n")
				for _, l := range strings.Split(out, "\n") {
					if strings.HasPrefix(l, " ") && !strings.HasPrefix(strings.TrimLeft(l, " "), "") {
						t.Errorf("line starts with a space: %q", l)
					}
					if !c.color && Width(l) > c.width && !strings.Contains(src, "```") && !strings.Contains(src, "    ") {
						t.Errorf("%d columns at width %d: %q", Width(l), c.width, l)
					}
				}
			}
			golden := filepath.Join("testdata/corpus", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/aipm/render -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("%s differs from %s:\n%s", name, golden, got.String())
			}
		})
	}
}

// TestWrap: a wrapped line never starts with a space; a word is split only
// when it alone is wider than the line; indentation and inner spaces stay.
func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"until you grade it 4 or 5.", 13, "until you\ngrade it 4 or\n5."},
		{"grade it 4 or  5.", 13, "grade it 4 or\n5."},
		{"a https://example.com/very/long/path b", 10, "a\nhttps://ex\nample.com/\nvery/long/\npath b"},
		{"  indented text here", 12, "  indented\ntext here"},
		{"0-2 wrong · 3 hard  (or a h g e)", 80, "0-2 wrong · 3 hard  (or a h g e)"},
		{"模型评估指标是什么", 8, "模型评估\n指标是什\n么"},
	} {
		if got := Wrap(tt.in, tt.width); got != tt.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestReflow: single newlines inside a paragraph are spaces, and no
// rendered line starts with a space or is wider than the width.
func TestReflow(t *testing.T) {
	src := "Of all the real positives, the share the model finds:\nTP / (TP + FN), and grade it 4 or\n5. Then the next one."
	got := Render(src, 30, false)
	want := "Of all the real positives, the\nshare the model finds: TP /\n(TP + FN), and grade it 4 or\n5. Then the next one."
	if got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	if Render(src, 0, false) != strings.ReplaceAll(src, "\n", " ") {
		t.Errorf("without a width a paragraph is one line: %q", Render(src, 0, false))
	}
}

// TestInline: a card as one line for a listing; a table gives its rows,
// cells split by " · ", without borders.
func TestInline(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"What is a [Context\nDiagram](https://x.org/a)?", "What is a Context Diagram (https://x.org/a)?"},
		{"| Name | Description |\n| --- | --- |\n| [[AWS Shield]] | DDoS |\n", "Name · Description AWS Shield · DDoS"},
		{"![[Context Diagram.jpg]] ^63d7e2\n**Commercial** \\$10k", "[image: Context Diagram.jpg] Commercial $10k"},
	} {
		if got := Inline(tt.in); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInlineFastPath: the shortcut for plain lines gives what the parser
// gives.
func TestInlineFastPath(t *testing.T) {
	for _, s := range []string{"What is precision, and when does it matter?", "  two  spaces  ", "模型评估指标是什么？",
		"Is 2 + 2 = 4?", "Per the lesson, a traditional PM interview tests whether you can do which two things?"} {
		if !plainLine(s) {
			t.Errorf("%q is not taken as plain", s)
		}
		if got, want := Inline(s), inlineParsed(s); got != want {
			t.Errorf("Inline(%q) = %q, parsed %q", s, got, want)
		}
	}
	for _, s := range []string{"- item", "1. one", "# head", "a *b*", "a\nb", "x &amp; y", "a [[b]]"} {
		if plainLine(s) {
			t.Errorf("%q is taken as plain", s)
		}
	}
}
