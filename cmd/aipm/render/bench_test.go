package render

import (
	"os"
	"strings"
	"testing"
)

// BenchmarkRender renders a card back of the kind real decks hold (a
// link, an embed, emphasis, a list, a table, math and HTML) at 80 columns
// in colour: the cost of showing one card.
func BenchmarkRender(b *testing.B) {
	var src strings.Builder
	for _, f := range []string{"links", "embeds", "emphasis", "lists", "tables", "math", "anki-html"} {
		data, err := os.ReadFile("testdata/corpus/" + f + ".md")
		if err != nil {
			b.Fatal(err)
		}
		src.Write(data)
		src.WriteString("\n")
	}
	s := src.String()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Render(s, 80, true)
	}
}

// BenchmarkInline is one listing row: a short front as one plain line.
func BenchmarkInline(b *testing.B) {
	s := "What is a [Context\nDiagram](https://docs.google.com/presentation/d/1AbCdEf/edit#slide=id.p4) and **why** does it cost \\$10k?"
	b.ReportAllocs()
	for b.Loop() {
		Inline(s)
	}
}

// BenchmarkInlinePlain is a listing row whose front has no markdown, the
// common case, which skips the parser.
func BenchmarkInlinePlain(b *testing.B) {
	s := "Per the lesson, a traditional PM interview tests whether you can do which two things?"
	b.ReportAllocs()
	for b.Loop() {
		Inline(s)
	}
}
