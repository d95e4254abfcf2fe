package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// goldmarkGFM is the parser render used before gfm.go: goldmark.New with
// goldmark's own Table, Strikethrough and TaskList extensions. Only the
// tests link goldmark/extension now; gfm.go must build the same trees.
var goldmarkGFM = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
	goldmark.WithParserOptions(options()...),
).Parser()

// gfmCases are the constructs gfm.go parses and their edges: delimiter
// rows of every alignment and every wrong shape, escaped pipes in and out
// of code spans, ragged rows, tildes in runs of one to four, and check
// boxes where they count and where they do not.
var gfmCases = []string{
	"| a | b |\n|---|---|\n| 1 | 2 |",
	"a | b\n--- | ---\n1 | 2",
	"| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |",
	"| a |\n| :--- |\n| b |",
	"| a |\n|  ---:  |\n| b |",
	"| a |\n|\t:---:\t|\n| b |",
	"| a | b |\n|---|\n| 1 | 2 |",
	"| a |\n|---|---|\n| 1 |",
	"| a |\n|-:-|\n| 1 |",
	"| a |\n|:|\n| 1 |",
	"| a |\n|::|\n| 1 |",
	"| a |\n|:-::|\n| 1 |",
	"| a |\n|- -|\n| 1 |",
	"| a |\n| |\n| 1 |",
	"| a |\n|---|\n",
	"| a |\n    |---|\n| 1 |",
	"   | a |\n   |---|\n   | 1 |",
	"text before\n| a | b |\n|---|---|\n| 1 | 2 |\ntext after",
	"para one\n\n| a |\n|---|\n| `x \\| y` |\n| z \\| w |",
	"| a | b |\n|---|---|\n| `c\\|d` and `e\\|f` | g |\n| `h\\|i` | j |",
	"| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |",
	"| **b** | *i* |\n|---|---|\n| [[w]] | $x$ |",
	"- | a |\n  |---|\n  | b |",
	"> | a |\n> |---|\n> | b |",
	"|a|\n|-|\n|b|\n\n|c|\n|-|\n|d|",
	"a\n---",
	"| a |\n---",
	"~~gone~~ and ~one~ and ~~~three~~~ and ~~~~four~~~~",
	"~~open only and ~close~~ and a~~b~~c and ~~ spaced ~~",
	"**~~both~~** ~~**both**~~ `~~code~~` \\~~escaped~~",
	"~~multi\nline~~",
	"- [ ] todo\n- [x] done\n- [X] Done\n- [y] not\n- [] not\n- [ ]no space",
	"- [\t] tab\n* [x]\n1. [x] ordered\n- text [x] later",
	"[ ] not in a list\n\n- > [x] in a quote in a list\n-   [x]   spaced",
	"- [x] [[wiki]] and [link](u) ~~struck~~\n  - [ ] nested",
	"- [x]\n\n  second paragraph [ ] here",
}

func TestGFMMatchesGoldmark(t *testing.T) {
	srcs := append([]string(nil), gfmCases...)
	files, _ := filepath.Glob("testdata/corpus/*.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(b))
	}
	decks, err := deck.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	// The third-party decks too, when they are beside the checkout.
	corpora, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "corpora", "*", "*"))
	for _, f := range corpora {
		if ds, err := deck.ParseFile(f); err == nil {
			decks = append(decks, ds...)
		}
	}
	for _, d := range decks {
		for _, c := range d.Cards {
			srcs = append(srcs, c.Front, c.Back)
		}
	}
	tables, strikes, boxes := 0, 0, 0
	for _, src := range srcs {
		got, want := dumpTree(md(), src), dumpTree(goldmarkGFM, src)
		if got != want {
			t.Errorf("%q:\ngfm.go:\n%s\ngoldmark/extension:\n%s", src, got, want)
		}
		tables += strings.Count(want, "Table ")
		strikes += strings.Count(want, "Strikethrough")
		boxes += strings.Count(want, "TaskCheckBox")
	}
	// The cases must reach every construct, or the comparison proves little.
	if tables < 20 || strikes < 5 || boxes < 5 {
		t.Errorf("the sources hold %d tables, %d strikethroughs, %d check boxes; want at least 20, 5, 5", tables, strikes, boxes)
	}
}

func FuzzGFMMatchesGoldmark(f *testing.F) {
	for _, s := range gfmCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := dumpTree(md(), src), dumpTree(goldmarkGFM, src); got != want {
			t.Fatalf("%q:\ngfm.go:\n%s\ngoldmark/extension:\n%s", src, got, want)
		}
	})
}

// dumpTree writes the tree p builds from src: each node's kind, its text
// segments or lines, and what the GFM nodes carry (alignments, checked).
func dumpTree(p parser.Parser, src string) string {
	b := []byte(Clean(src))
	doc := p.Parse(text.NewReader(b))
	var out strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		depth := 0
		for q := n.Parent(); q != nil; q = q.Parent() {
			depth++
		}
		fmt.Fprintf(&out, "%s%s ", strings.Repeat(" ", depth), n.Kind())
		switch v := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&out, "%q soft=%v hard=%v raw=%v", v.Segment.Value(b), v.SoftLineBreak(), v.HardLineBreak(), v.IsRaw())
		case *ast.String:
			fmt.Fprintf(&out, "%q", v.Value)
		case *east.Table:
			fmt.Fprintf(&out, "%v", v.Alignments)
		case *east.TableRow:
			fmt.Fprintf(&out, "%v", v.Alignments)
		case *east.TableCell:
			fmt.Fprintf(&out, "%v", v.Alignment)
		case *east.TaskCheckBox:
			fmt.Fprintf(&out, "checked=%v", v.IsChecked)
		case *ast.Emphasis:
			fmt.Fprintf(&out, "level=%d", v.Level)
		}
		if n.Type() == ast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				fmt.Fprintf(&out, " [%d:%d %q]", seg.Start, seg.Stop, seg.Value(b))
			}
		}
		out.WriteByte('\n')
		return ast.WalkContinue, nil
	})
	return out.String()
}
