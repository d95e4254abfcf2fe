package fit

import (
	"context"
	"testing"
)

// The optimizer alone, without the database: the 50,000-answer reference
// learner, and that learner's cards ten times over (500,000 answers).
//
//	go test -run '^$' -bench . -benchmem ./srs/fit/

func benchLog(b *testing.B, times int) *Log {
	var d learner
	for _, l := range loadLearners(b) {
		if l.Name == "learner-d" {
			d = l
		}
	}
	var cards []Card
	for range times {
		cards = append(cards, d.log(b).cards...)
	}
	l, err := NewLog(cards)
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func BenchmarkFit50k(b *testing.B) {
	l := benchLog(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fit(context.Background(), l, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate500k(b *testing.B) {
	l := benchLog(b, 10)
	b.ReportAllocs()
	for b.Loop() {
		if m := l.Evaluate(DefaultWeights); m.N == 0 {
			b.Fatal("nothing scored")
		}
	}
}
