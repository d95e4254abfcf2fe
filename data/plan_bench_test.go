package data

import (
	"context"
	"testing"
)

// benchPlan sets an interview plan on the benchmark day, interview ten days
// later: answers on that day whose next review passes D - 1 are moved into
// the window.
func benchPlan(b *testing.B, s *Store) InterviewPlan {
	b.Helper()
	p, err := s.SetPlan(context.Background(), InterviewPlan{Interview: benchDay.Add(10), IntroBy: DefaultIntroBy,
		Window: DefaultWindow}, benchDay, benchDay.Time())
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkRecordPlan is BenchmarkRecord with an interview plan in force:
// each answer also reads the plan and, when its next review passes D - 1,
// the load of the window's days.
func BenchmarkRecordPlan(b *testing.B) {
	s := openFixture(b, benchCards, benchReviews, true)
	benchPlan(b, s)
	answers, moved := 0, 0
	benchRecord(b, s, func(a Answer) {
		answers++
		if a.Planned != "" {
			moved++
		}
	})
	b.ReportMetric(float64(moved)/float64(answers), "moved/op")
}

// BenchmarkPlanReport is `aipm plan`: every plan card's predicted recall
// on D replayed from its log, by topic, and the workload to D, on a
// 10,000-card collection with 100,000 answers and on the 100,000-card one
// with 1,000,000.
func BenchmarkPlanReport(b *testing.B) {
	for _, size := range []struct {
		name           string
		cards, reviews int
	}{{"10k", 10_000, 100_000}, {"100k", benchCards, benchReviews}} {
		b.Run(size.name, func(b *testing.B) {
			s := openFixture(b, size.cards, size.reviews, true)
			p := benchPlan(b, s)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				r, err := s.PlanReport(ctx, p, benchDay)
				if err != nil {
					b.Fatal(err)
				}
				if r.Cards == 0 || r.Recall == 0 {
					b.Fatalf("report of %d cards, recall %v", r.Cards, r.Recall)
				}
			}
		})
	}
}
