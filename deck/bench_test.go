package deck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigDeck is a generated deck of n Q/A cards under n/100 topics, with a
// cloze every tenth card.
func bigDeck(n int) []byte {
	var b bytes.Buffer
	b.WriteString("---\ndeck: Big\nid: big\n---\n\n# Big\n")
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&b, "\n## Topic %d\n", i/100)
		}
		if i%10 == 9 {
			fmt.Fprintf(&b, "\nC: Card %d hides [this word] and {{not}} that.\n", i)
			continue
		}
		fmt.Fprintf(&b, "\nQ: What is question number %d about?\nA: It is about %s.\nA second answer line.\n", i, strings.Repeat("x", i%40))
	}
	return b.Bytes()
}

func BenchmarkParse(b *testing.B) {
	data := bigDeck(100000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse("big.md", bytes.NewReader(data))
		if err != nil || len(d.Cards) != 100000 {
			b.Fatalf("Parse: %v", err)
		}
	}
}

func BenchmarkParseAnki(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&buf, "<b>Front</b> %d\t\"Back with \"\"quotes\"\" %d\"\n", i, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAnki("big.tsv", bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	d, err := Parse("big.md", bytes.NewReader(bigDeck(10000)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFile writes bigDeck(n) to a file, for the parses that read a path.
func benchFile(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "big.md")
	if err := os.WriteFile(path, bigDeck(n), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkParseLean is an import's first reading: the lean parse that
// keeps keys, not texts.
func BenchmarkParseLean(b *testing.B) {
	path := benchFile(b, 100000)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		ds, err := ParseFileWith(path, Options{Lean: true})
		// (The cards' count is left to BenchmarkReread, which sees them
		// all whatever holds a lean deck's cards.)
		if err != nil || len(ds) != 1 || ds[0].Reread == nil {
			b.Fatalf("lean parse: %v", err)
		}
	}
}

// BenchmarkReread is an import's second reading: Deck.Reread, handing over
// each card with its texts.
func BenchmarkReread(b *testing.B) {
	path := benchFile(b, 100000)
	st, _ := os.Stat(path)
	ds, err := ParseFileWith(path, Options{Lean: true})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := ds[0].Reread(func(int, *Card) error { n++; return nil }); err != nil || n != 100000 {
			b.Fatalf("reread: %v, %d cards", err, n)
		}
	}
}
