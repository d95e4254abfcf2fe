package render

import (
	"flag"
	"os"
	"path/filepath"
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
				got.WriteString("-- " + mode + " " + itoa(c.width) + " --\n")
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
