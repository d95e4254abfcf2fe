package deck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

// FuzzParse checks that Parse never panics and that whatever it reads,
// Render writes so that Parse reads back the same cards.
func FuzzParse(f *testing.F) {
	addSeeds(f, filepath.Join("testdata", "*.md"), filepath.Join(corpusDir, "*", "*.md"), filepath.Join("lessons", "*.md"))
	for _, s := range []string{
		"Q: a\nA: b\n", "C: {{c1::a::h}} {{b}} [c]\n", "a::b\nc:::d\n\ne\n?\nf\n\ng\n??\nh\n",
		"#flashcards\n\n==x== and ==y==\n", "---\nname = \"x\"\n---\n", "```\nQ: x\n```\n", "<!--\nQ: x\n-->\n",
		"ID: p\nR: a\nA: b\n", "C: $[a](b)$ [c](d) ![e](f) \\[g\\]\n",
		"up:: x\n\n#flashcards/a\nQ1::A1\n\n#flashcards/b Q2::A2\n\n#flashcards/c f\n?\nb\n", "Q: q\na: x\nA: y\n", "```\nopen\n", "<!-- open\n",
		"---\nround: technical\n---\nP: p\nK: a\nb\nK: c\nA: m\n", "P: p\n\nRound: safety\nK: ```\nK: x\nA:\n  y\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.md", bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("Parse error %T: %v", err, err)
			}
			return
		}
		for _, w := range Lint(d) { // the style checks never panic either
			if w.Line < 1 {
				t.Fatalf("Lint warning without a line: %v", w)
			}
		}
		var buf bytes.Buffer
		if err := Render(&buf, d); err != nil {
			t.Fatalf("Render: %v", err)
		}
		back, err := Parse("fuzz.md", bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("Parse(Render): %v\n%s", err, buf.String())
		}
		if diff := sameCards(back.Cards, d.Cards); diff != "" {
			t.Fatalf("Parse(Render): %s\n%s", diff, buf.String())
		}
	})
}

// FuzzParseAnki checks that ParseAnki never panics and returns either
// decks or a *ParseError.
func FuzzParseAnki(f *testing.F) {
	addSeeds(f, filepath.Join(corpusDir, "anki-txt", "*"))
	for _, s := range []string{
		"f\tb\n", "\"a\"\"b\" c\t\"x\ny\"\n", "#separator:Pipe\n#guid column:1\n#deck column:2\ng|A::B|f|b\n",
		"<div>a<br>b</div>\t&amp;&lt;\n", "#html:false\n\"unclosed\tx\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"fuzz.txt", "fuzz.csv"} {
			ds, err := ParseAnki(name, bytes.NewReader(data))
			if err != nil {
				if _, ok := err.(*ParseError); !ok {
					t.Fatalf("ParseAnki error %T: %v", err, err)
				}
				continue
			}
			for _, d := range ds {
				for _, c := range d.Cards {
					if strings.TrimSpace(c.Front) == "" || strings.TrimSpace(c.Back) == "" || c.Topic == "" {
						t.Fatalf("card with an empty field: %+v", c)
					}
				}
			}
		}
	})
}
