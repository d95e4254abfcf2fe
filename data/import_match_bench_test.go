package data

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

// longFront is n characters of words, the same for one seed.
func longFront(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "w%d ", r.IntN(1000))
	}
	return b.String()[:n]
}

// BenchmarkReimportLongFrontChanged re-imports one card whose long front
// changed at both ends, so that its common start and end say nothing: the
// similarity comparison is the whole cost (before maxCompared: 73 s for
// 200,000 characters).
func BenchmarkReimportLongFrontChanged(b *testing.B) {
	for _, n := range []int{2_000, 20_000, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			front := longFront(n, 7)
			v1 := "Q: " + front + "\nA: a\n"
			v2 := "Q: X" + front[1:len(front)-1] + "Y\nA: a\n"
			ctx := context.Background()
			for b.Loop() {
				b.StopTimer()
				s, err := Open(ctx, filepath.Join(b.TempDir(), "aipm.db"), Options{})
				if err != nil {
					b.Fatal(err)
				}
				d1, d2 := impDeckB(b, v1), impDeckB(b, v2)
				if _, err := s.Import(ctx, d1, impOpts()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := s.Import(ctx, d2, impOpts()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

func impDeckB(b *testing.B, text string) []*deck.Deck {
	d, err := deck.Parse("long.md", strings.NewReader(text))
	if err != nil {
		b.Fatal(err)
	}
	return []*deck.Deck{d}
}

// BenchmarkSimilarLongMiddle is one comparison of two texts that differ
// all through: the bound maxCompared keeps it to a few milliseconds.
func BenchmarkSimilarLongMiddle(b *testing.B) {
	for _, n := range []int{maxCompared, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			x, y := []rune(longFront(n, 1)), []rune(longFront(n, 2))
			for b.Loop() {
				similar(x, y)
			}
		})
	}
}

func TestSimilarBound(t *testing.T) {
	long := longFront(200_000, 3)
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"long, one word changed in the middle", long, long[:100_000] + "zzz" + long[100_003:], true},
		{"long, changed at both ends: middle over the bound", long, "X" + long[1:len(long)-1] + "Y", false},
		{"short, changed at both ends", "abcdefghij", "Xbcdefghij", true},
		{"short, unlike", "abcdefghij", "klmnopqrst", false},
		{"middle at the bound", "<" + long[:maxCompared-2] + ">", "[" + long[:maxCompared-2] + "]", true},
		{"middle just over the bound", "<" + long[:maxCompared-1] + ">", "[" + long[:maxCompared-1] + "]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, got := similar([]rune(tc.a), []rune(tc.b)); got != tc.want {
				t.Errorf("similar = %v, want %v", got, tc.want)
			}
		})
	}
}
