package deck

import (
	"errors"
	"math/rand"
	"strings"
	"testing"
)

// Faults in deck files that the other tests do not cover: the Anki reader
// with huge lines and runaway quotes, deep nesting, and binary garbage in
// both readers. Each must end in cards or a *ParseError naming the file,
// never a panic; the work is bounded by the input size.

func TestFaultAnkiHugeLine(t *testing.T) {
	long := strings.Repeat("y", 10<<20)
	ds, err := ParseAnki("long.tsv", strings.NewReader("front\t"+long+"\n"))
	if err != nil {
		t.Fatalf("ParseAnki(10 MB line): %v", err)
	}
	if len(ds) != 1 || len(ds[0].Cards) != 1 || len(ds[0].Cards[0].Back) != len(long) {
		t.Fatalf("ParseAnki(10 MB line) = %d decks", len(ds))
	}
}

func TestFaultBoundedNesting(t *testing.T) {
	const n = 100000
	tests := []struct{ name, file, src string }{
		{"runaway quote", "q.csv", "front,\"" + strings.Repeat("never closed,\n", n)},
		{"deep html", "h.tsv", "front\t" + strings.Repeat("<div><b>", n) + "x" + strings.Repeat("</b></div>", n) + "\n"},
		{"unclosed tags", "u.tsv", "front\t" + strings.Repeat("<a href=\"", n) + "\n"},
		{"entities", "e.tsv", "front\t" + strings.Repeat("&amp;&#", n) + "\n"},
		{"deep lists", "l.md", "Q: q\nA:\n" + strings.Repeat("  ", 1) + strings.Repeat("> - ", n) + "x\n"},
		{"nested fences", "f.md", "Q: q\nA: a\n" + strings.Repeat("```\n~~~\n", n)},
		{"numbered clozes", "c.md", "C: " + strings.Repeat("{{c99999::x}} ", n/10) + "\n"},
		{"cloze in math", "m.md", "C: $" + strings.Repeat("[a]", n) + "$\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if strings.HasSuffix(tt.file, ".md") {
				_, err = Parse(tt.file, strings.NewReader(tt.src))
			} else {
				_, err = ParseAnki(tt.file, strings.NewReader(tt.src))
			}
			var pe *ParseError
			if err != nil && (!errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tt.file+":")) {
				t.Fatalf("%s: error %v, want a ParseError naming the file", tt.file, err)
			}
		})
	}
}

func TestFaultBinaryGarbage(t *testing.T) {
	rnd := rand.New(rand.NewSource(11))
	for i := range 20 {
		b := make([]byte, 1+rnd.Intn(64<<10))
		rnd.Read(b)
		for _, file := range []string{"g.md", "g.csv", "g.txt"} {
			var err error
			if file == "g.md" {
				_, err = Parse(file, strings.NewReader(string(b)))
			} else {
				_, err = ParseAnki(file, strings.NewReader(string(b)))
			}
			var pe *ParseError
			if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), file+":") {
				t.Errorf("garbage %d in %s: error %v, want a ParseError naming the file", i, file, err)
			}
		}
	}
}
