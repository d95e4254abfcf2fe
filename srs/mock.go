package srs

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// A mock interview draws rubric prompts by interview round, with each
// company's weights. The draw is pure: the same prompts, count and seed
// give the same mock.

// Company is a mock interview's company and the share of each round in
// its loop, in percent (they add up to 100).
type Company struct {
	Name    string
	Weights map[string]int
	// Source says where the weights come from: the course's figures, or
	// aipm's reading of the course's words.
	Source string
}

// Companies are the mock interviews aipm runs, in the order it lists them.
var Companies = []Company{
	{"google", map[string]int{"product-sense": 35, "technical": 25, "strategy": 20, "behavioral": 20},
		"the course's figures"},
	{"meta", map[string]int{"product-sense": 25, "technical": 25, "execution": 25, "leadership": 25},
		"the course's figures"},
	{"anthropic", map[string]int{"product-sense": 20, "technical": 25, "strategy": 15, "behavioral": 10, "leadership": 10, "safety": 20},
		`aipm's reading of the course's words ("technical depth and safety 40 %+ combined")`},
	{"openai", map[string]int{"product-sense": 35, "technical": 30, "strategy": 15, "behavioral": 10, "safety": 10},
		`aipm's reading of the course's words ("product vision and technical intuition dominate")`},
	{"startup", map[string]int{"product-sense": 30, "technical": 20, "behavioral": 10, "execution": 40},
		`aipm's reading of the course's words ("shipping speed")`},
}

// CompanyNamed returns the company of that name, or an error that lists
// the names.
func CompanyNamed(name string) (Company, error) {
	var names []string
	for _, c := range Companies {
		if c.Name == strings.ToLower(name) {
			return c, nil
		}
		names = append(names, c.Name)
	}
	return Company{}, fmt.Errorf("--company %q is not one aipm knows: use %s", name, strings.Join(names, ", "))
}

// Prompt is a rubric card a mock may draw.
type Prompt struct {
	ID    string
	Round string
	Today bool // practised today: drawn last
}

// Shares are the company's weights over the rounds that have prompts: a
// round with none gives its weight to the others in proportion. They add
// up to 1 (or are empty when no round of the company has a prompt).
func (c Company) Shares(prompts []Prompt) map[string]float64 {
	have := map[string]bool{}
	for _, p := range prompts {
		have[p.Round] = true
	}
	total := 0
	for r, w := range c.Weights {
		if have[r] {
			total += w
		}
	}
	out := map[string]float64{}
	for r, w := range c.Weights {
		if have[r] && total > 0 {
			out[r] = float64(w) / float64(total)
		}
	}
	return out
}

// Draw picks n prompts for a mock of company c, seeded. Each round gets
// its share of the n places (see apportion), so that over many draws each
// round gets its share exactly. A round whose prompts run out gives its
// places to the others in proportion. Within a round the prompts come in random order, those
// practised today last; the mock asks them round-robin shuffled, again
// with the ones practised today at the end.
func (c Company) Draw(prompts []Prompt, n int, seed uint64) []Prompt {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pool := map[string][]Prompt{}
	for _, p := range prompts {
		if _, ok := c.Weights[p.Round]; ok {
			pool[p.Round] = append(pool[p.Round], p)
		}
	}
	rounds := make([]string, 0, len(pool))
	for r := range pool {
		rounds = append(rounds, r)
	}
	sort.Strings(rounds) // map order is random; the draw must not be
	for _, r := range rounds {
		ps := pool[r]
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		sort.SliceStable(ps, func(i, j int) bool { return !ps[i].Today && ps[j].Today })
	}
	avail := 0
	for _, ps := range pool {
		avail += len(ps)
	}
	n = min(n, avail)
	quota := apportion(rounds, c.Weights, pool, n, rng.Float64())
	var out []Prompt
	for _, r := range rounds {
		out = append(out, pool[r][:quota[r]]...)
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	sort.SliceStable(out, func(i, j int) bool { return !out[i].Today && out[j].Today })
	return out
}

// apportion gives each round its places out of n: n × its share, the
// whole part for certain and the fraction left as a chance, by systematic
// sampling (one draw u in [0, 1) picks the points u, u + 1, … along the
// fractions laid end to end), so a round's expected places are exactly
// n × share. A round whose share would take all its prompts takes them,
// and the others share what is left.
func apportion(rounds []string, weights map[string]int, pool map[string][]Prompt, n int, u float64) map[string]int {
	quota := map[string]int{}
	active := append([]string(nil), rounds...)
	for n > 0 && len(active) > 0 {
		total := 0
		for _, r := range active {
			total += weights[r]
		}
		want := map[string]float64{}
		var full, rest []string
		for _, r := range active {
			want[r] = float64(n) * float64(weights[r]) / float64(total)
			if want[r] >= float64(len(pool[r])) {
				full = append(full, r)
			} else {
				rest = append(rest, r)
			}
		}
		if len(full) > 0 {
			for _, r := range full {
				quota[r] = len(pool[r])
				n -= len(pool[r])
			}
			active = rest
			continue
		}
		cum := 0.0
		for _, r := range active {
			whole := int(want[r])
			f := want[r] - float64(whole)
			// The points u + j that fall in [cum, cum + f).
			for j := 0; float64(j)+u < cum+f; j++ {
				if float64(j)+u >= cum {
					whole++
				}
			}
			quota[r] = whole
			cum += f
		}
		fixRounding(active, quota, pool, n)
		break
	}
	return quota
}

// fixRounding makes the quotas of rounds add up to n where floating point
// left them one off.
func fixRounding(rounds []string, quota map[string]int, pool map[string][]Prompt, n int) {
	sum := 0
	for _, r := range rounds {
		sum += quota[r]
	}
	for i := 0; sum < n && i < len(rounds); i++ {
		if r := rounds[i]; quota[r] < len(pool[r]) {
			quota[r]++
			sum++
		}
	}
	for i := len(rounds) - 1; sum > n && i >= 0; i-- {
		if r := rounds[i]; quota[r] > 0 {
			quota[r]--
			sum--
		}
	}
}
