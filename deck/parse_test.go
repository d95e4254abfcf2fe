package deck

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the parser's output")

// listing prints a deck the way the golden files hold it.
func listing(d *Deck) string {
	var b strings.Builder
	tags := d.Tags
	if tags == nil {
		tags = []string{}
	}
	fmt.Fprintf(&b, "deck id=%q name=%q tags=%q\n", d.ID, d.Name, tags)
	for _, c := range d.Cards {
		fmt.Fprintf(&b, "card %d %s group=%d pin=%q topic=%q\n", c.Line, c.Kind, c.Group, c.Pin, c.Topic)
		fmt.Fprintf(&b, "  front: %q\n  back: %q\n", c.Front, c.Back)
		if c.Source != c.Front {
			fmt.Fprintf(&b, "  source: %q\n", c.Source)
		}
	}
	for _, w := range d.Warnings {
		fmt.Fprintf(&b, "warning %d: %s\n", w.Line, w.Msg)
	}
	return b.String()
}

func parseString(t *testing.T, file, src string) *Deck {
	t.Helper()
	d, err := Parse(file, strings.NewReader(src))
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return d
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ds, err := ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := listing(ds[0])
			golden := strings.TrimSuffix(file, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Parse(%s) differs from %s:\n--- got\n%s--- want\n%s", file, golden, got, want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"Q without A", "Q: one\n\ntext\n", "f.md:1: Q: card has no A:"},
		{"R without A at EOF", "# T\n\nR: one", "f.md:3: R: card has no A:"},
		{"Q without A before next Q", "Q: one\nQ: two\nA: x\n", "f.md:1: Q: card has no A:"},
		{"Q without A before heading", "Q: one\n## H\n", "f.md:1: Q: card has no A:"},
		{"second A", "Q: one\nA: two\nA: three\n", "f.md:3: second A: in the card at line 1"},
		{"A after C", "C: a {{b}}\nA: c\n", "f.md:2: A: after C: (a cloze card has no answer)"},
		{"A outside a card", "text\n\nA: answer\n", "f.md:3: A: outside a card"},
		{"A after separator", "Q: a\nA: b\n---\nA: c\n", "f.md:4: A: outside a card"},
		{"cloze without deletions", "\nC: nothing to hide\n", "f.md:2: C: card has no cloze deletions ({{…}} or […])"},
		{"unclosed front matter", "---\ndeck: x\nQ: a\nA: b\n", "f.md:1: front matter is not closed by a --- line"},
		{"bad YAML", "---\ndeck: [x\n---\n", "f.md:1: front matter: line 1: did not find expected ',' or ']'"},
		{"NUL byte", "Q: a\nA: b\x00c\n", "f.md:2: NUL byte in text"},
		{"invalid UTF-8", "Q: a\n\nA: \xff\n", "f.md:3: invalid UTF-8"},
		{"duplicate pin", "ID: x\nQ: a\nA: b\nID: x\nQ: c\nA: d\n", "f.md:5: ID: x is already used by the card at line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("f.md", strings.NewReader(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) = %d cards, want error %q", tt.src, len(d.Cards), tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *ParseError", tt.src, err)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse(%q) error = %q, want %q", tt.src, err, tt.want)
			}
		})
	}
}

// sameCards reports the first difference between two card lists, ignoring
// line numbers.
func sameCards(got, want []Card) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d cards, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		g.Line, w.Line = 0, 0
		if !reflect.DeepEqual(g, w) {
			return fmt.Sprintf("card %d = %+v, want %+v", i, g, w)
		}
	}
	return ""
}

// roundTrip renders d, parses the output and compares the cards.
func roundTrip(t *testing.T, d *Deck) {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatalf("Render(%s): %v", d.File, err)
	}
	back, err := Parse(d.File, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("Parse(Render(%s)): %v\n%s", d.File, err, buf.String())
	}
	if diff := sameCards(back.Cards, d.Cards); diff != "" {
		t.Errorf("Parse(Render(%s)): %s\n%s", d.File, diff, buf.String())
	}
	if back.ID != d.ID || back.Name != d.Name {
		t.Errorf("Parse(Render(%s)) deck = %q %q, want %q %q", d.File, back.ID, back.Name, d.ID, d.Name)
	}
}

func TestRenderRoundTrip(t *testing.T) {
	var decks []*Deck
	files, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*"))
	for _, f := range append(files, corpus...) {
		if filepath.Base(f) == "SOURCES.md" {
			continue
		}
		ds, err := ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		decks = append(decks, ds...)
	}
	builtin, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	decks = append(decks, builtin...)
	for _, d := range decks {
		t.Run(d.File+"/"+d.ID, func(t *testing.T) { roundTrip(t, d) })
	}
}

func TestRenderKeepsSyntax(t *testing.T) {
	src := "---\ndeck: D\nid: d\n---\n\n## T\n\nID: p1\nR: front\nA: back\n\nC: {{c2::a}} [b] {{c}}\n"
	d := parseString(t, "d.md", src)
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	want := "---\ndeck: D\nid: d\n---\n\n## T\n\nID: p1\nR: front\nA: back\n\nC: {{c2::a}} [b] {{c}}\n"
	if buf.String() != want {
		t.Errorf("Render = %q, want %q", buf.String(), want)
	}
}

func TestRenderRejectsPartialCloze(t *testing.T) {
	d := parseString(t, "d.md", "C: [a] [b]\n")
	d.Cards = d.Cards[1:] // group 2 alone cannot be written
	if err := Render(&bytes.Buffer{}, d); err == nil {
		t.Error("Render(one group of a two-group cloze) = nil, want error")
	}
}

func TestRenderTSV(t *testing.T) {
	d := parseString(t, "d.md", "ID: p\nR: tab\there\nA: \"quoted\"\nand a new line\n\nQ: #not a comment\nA:  leading space\n")
	var buf bytes.Buffer
	if err := RenderTSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	ds, err := ParseAnki("d.txt", &buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("ParseAnki(RenderTSV) = %d decks, want 1", len(ds))
	}
	got := ds[0].Cards
	if len(got) != len(d.Cards) {
		t.Fatalf("ParseAnki(RenderTSV) = %d cards, want %d\n%s", len(got), len(d.Cards), buf.String())
	}
	pins := []string{"p", "p-2", ""}
	for i, c := range d.Cards {
		if got[i].Front != c.Front || got[i].Back != c.Back || got[i].Pin != pins[i] {
			t.Errorf("card %d = %q/%q pin %q, want %q/%q pin %q", i, got[i].Front, got[i].Back, got[i].Pin, c.Front, c.Back, pins[i])
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lesson 1.1: How AI PM", "lesson-1-1-how-ai-pm"},
		{"--A::B--", "a-b"},
		{"机器学习 Notes", "机器学习-notes"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeAndKey(t *testing.T) {
	if got, want := Normalize("  What IS\n\tSM-2? "), "what is sm-2?"; got != want {
		t.Errorf("Normalize = %q, want %q", got, want)
	}
	a := MakeKey("d", Basic, "What  is X?", 0)
	if b := MakeKey("d", Basic, "What is X?\n", 0); a != b {
		t.Errorf("MakeKey differs on whitespace: %s vs %s", a, b)
	}
	if b := MakeKey("d", Basic, "what is x?", 0); a == b {
		t.Errorf("MakeKey ignores case: %s", a)
	}
	if len(a) != 16 {
		t.Errorf("MakeKey length = %d, want 16", len(a))
	}
	for _, other := range []string{MakeKey("e", Basic, "What is X?", 0), MakeKey("d", Reverse, "What is X?", 0), MakeKey("d", Basic, "What is X?", 1)} {
		if other == a {
			t.Errorf("MakeKey ignores deck, kind or group: %s", a)
		}
	}
	d := parseString(t, "k.md", "R: What is X?\nA: y\n")
	if d.Cards[0].Key != MakeKey("k", Basic, "What is X?", 0) || d.Cards[1].Key != MakeKey("k", Reverse, "What is X?", 0) {
		t.Errorf("R: keys = %s %s, want MakeKey of the forward front", d.Cards[0].Key, d.Cards[1].Key)
	}
}

func TestParseFileRejectsUnknownType(t *testing.T) {
	_, err := ParseFile("notes.docx")
	if err == nil || !strings.Contains(err.Error(), "notes.docx") {
		t.Errorf("ParseFile(notes.docx) error = %v, want one naming the file", err)
	}
}

func TestLongLine(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	d := parseString(t, "long.md", "Q: "+long+"\nA: short\n")
	if len(d.Cards) != 1 || len(d.Cards[0].Front) != len(long) {
		t.Fatalf("Parse(10 MB line) = %d cards", len(d.Cards))
	}
}

func TestPathologicalInputIsBounded(t *testing.T) {
	tests := []struct{ name, src string }{
		{"open curlies", "C: " + strings.Repeat("{{", 100000) + " [x]\n"},
		{"open brackets", "C: " + strings.Repeat("[", 100000) + "x\n"},
		{"nested brackets", "C: " + strings.Repeat("[", 100000) + "x" + strings.Repeat("]", 100000) + "\n"},
		{"many deletions", "C: " + strings.Repeat("[x] ", 100000) + "\n"},
		{"backticks", strings.Repeat("`", 1) + strings.Repeat("a``", 50000) + "::b\n"},
		{"highlights", "#flashcards\n\n" + strings.Repeat("==a", 100000) + "\n"},
		{"comments", strings.Repeat("<!--", 100000) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse("p.md", strings.NewReader(tt.src)); err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse: %v", err)
				}
			}
		})
	}
}
