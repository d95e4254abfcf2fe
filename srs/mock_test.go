package srs

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

var allRounds = []string{"product-sense", "technical", "strategy", "behavioral", "execution", "leadership", "safety"}

func promptsPer(n int, rounds ...string) []Prompt {
	var out []Prompt
	for _, r := range rounds {
		for i := range n {
			out = append(out, Prompt{ID: fmt.Sprintf("%s-%d", r, i), Round: r})
		}
	}
	return out
}

// Over 1,000 seeds, each company's draw of a 6-prompt mock gives every
// round its weight, within 3 points.
func TestDrawWeights(t *testing.T) {
	prompts := promptsPer(10, allRounds...)
	for _, c := range Companies {
		got := map[string]int{}
		total := 0
		for seed := range uint64(1000) {
			d := c.Draw(prompts, 6, seed)
			if len(d) != 6 {
				t.Fatalf("%s seed %d: %d prompts", c.Name, seed, len(d))
			}
			for _, p := range d {
				got[p.Round]++
				total++
			}
		}
		sum := 0
		for _, r := range allRounds {
			w := c.Weights[r]
			sum += w
			share := 100 * float64(got[r]) / float64(total)
			if math.Abs(share-float64(w)) > 3 {
				t.Errorf("%s: %s drawn %.1f%%, weight %d%%", c.Name, r, share, w)
			}
		}
		if sum != 100 {
			t.Errorf("%s: weights add up to %d", c.Name, sum)
		}
	}
}

// A round with no prompts gives its weight to the others in proportion.
func TestDrawRedistributes(t *testing.T) {
	g, _ := CompanyNamed("google")
	prompts := promptsPer(10, "product-sense", "technical", "behavioral") // no strategy
	sh := g.Shares(prompts)
	if math.Abs(sh["product-sense"]-35.0/80) > 1e-12 || math.Abs(sh["technical"]-25.0/80) > 1e-12 || sh["strategy"] != 0 {
		t.Errorf("shares = %v", sh)
	}
	got := map[string]int{}
	for seed := range uint64(1000) {
		for _, p := range g.Draw(prompts, 8, seed) {
			got[p.Round]++
		}
	}
	for r, s := range sh {
		if share := float64(got[r]) / 8000; math.Abs(share-s) > 0.03 {
			t.Errorf("%s: drawn %.3f, share %.3f", r, share, s)
		}
	}
	// Two technical prompts only: the round gives what it lacks away.
	few := append(promptsPer(10, "product-sense", "strategy", "behavioral"), promptsPer(1, "technical")...)
	for seed := range uint64(50) {
		if d := g.Draw(few, 12, seed); len(d) != 12 {
			t.Fatalf("seed %d: %d prompts", seed, len(d))
		}
	}
	if d := g.Draw(promptsPer(1, "technical", "safety"), 6, 1); len(d) != 1 || d[0].Round != "technical" {
		t.Errorf("fewer prompts than places: %v", d)
	}
}

func TestDrawSeededAndTodayLast(t *testing.T) {
	m, _ := CompanyNamed("Meta")
	prompts := promptsPer(3, allRounds...)
	for i := range prompts {
		prompts[i].Today = i%3 != 0 // one fresh prompt a round
	}
	a, b := m.Draw(prompts, 8, 42), m.Draw(prompts, 8, 42)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("seed 42 twice: %v and %v", a, b)
	}
	if c := m.Draw(prompts, 8, 43); reflect.DeepEqual(a, c) {
		t.Errorf("seeds 42 and 43 drew the same: %v", a)
	}
	// 4 rounds of 3 prompts, one fresh each: the four fresh ones first.
	for i, p := range a {
		if p.Today != (i >= 4) {
			t.Errorf("place %d: %+v (practised today must come last)", i, p)
		}
		if _, ok := m.Weights[p.Round]; !ok {
			t.Errorf("meta drew a %s prompt", p.Round)
		}
	}
	if _, err := CompanyNamed("amazon"); err == nil || err.Error() != `--company "amazon" is not one aipm knows: use google, meta, anthropic, openai, startup` {
		t.Errorf("err = %v", err)
	}
}
