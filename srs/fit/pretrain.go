package fit

import (
	"cmp"
	"errors"
	"math"
	"slices"
)

// initSMax is the largest initial stability fsrs-rs allows.
const initSMax = 100

// ErrNotEnoughData is a log with no card whose second answer can set an
// initial stability.
var ErrNotEnoughData = errors.New("not enough answers to fit the initial stabilities")

// firstGroup is the items that predict a card's second answer, by the
// card's first rating and the days to its second answer.
type firstGroup struct {
	rating, delta int
	items         []int // indexes into Log.items
}

// outliers is fsrs-rs's outlier analysis (dataset.rs): for each first
// rating, the days-to-second-answer values with too few cards, or too many
// days, are dropped; it returns the dropped pairs and the items kept for
// the pre-training of the initial stabilities.
func (l *Log) outliers() (removed map[[2]int]bool, kept []int) {
	groups := map[[2]int][]int{}
	for i, it := range l.items {
		if it.k == 1 { // the one item with a single answer after a day or more
			c := l.cards[it.card]
			key := [2]int{c[0].Rating, c[1].DeltaT}
			groups[key] = append(groups[key], i)
		}
	}
	removed = map[[2]int]bool{}
	for rating := 1; rating <= 4; rating++ {
		var subs []firstGroup
		total := 0
		for key, items := range groups {
			if key[0] == rating {
				subs = append(subs, firstGroup{rating, key[1], items})
				total += len(items)
			}
		}
		// By count, then days, both descending; walked from the end.
		slices.SortFunc(subs, func(a, b firstGroup) int {
			return cmp.Or(cmp.Compare(len(b.items), len(a.items)), cmp.Compare(b.delta, a.delta))
		})
		limit := 100
		if rating == 4 {
			limit = 365
		}
		gone := 0
		for i := len(subs) - 1; i >= 0; i-- {
			g := subs[i]
			if gone+len(g.items) >= max(20, total/20) {
				if len(g.items) >= 6 && g.delta <= limit {
					kept = append(kept, g.items...)
				} else {
					removed[[2]int{rating, g.delta}] = true
				}
			} else {
				gone += len(g.items)
				removed[[2]int{rating, g.delta}] = true
			}
		}
	}
	return removed, kept
}

// survives reports whether an item's card keeps its items: its first
// rating and the days to its second answer are not a removed pair.
func (l *Log) survives(it item, removed map[[2]int]bool) bool {
	c := l.cards[it.card]
	return !removed[[2]int{c[0].Rating, c[1].DeltaT}]
}

type recallPoint struct{ delta, recall, count float64 }

// initialStabilities is fsrs-rs's pre-training (parameter_initialization.rs):
// for each first rating, the stability that best fits the pass rate of the
// second answers by the days to them, on the default forgetting curve,
// found by ternary search; then smoothed and filled in for the ratings with
// no data. It also returns the number of items of each first rating.
func (l *Log) initialStabilities(kept []int, averageRecall float64) ([4]float64, map[int]int, error) {
	type acc struct{ pass, n float64 }
	byRating := map[int]map[int]*acc{}
	for _, i := range kept {
		it := l.items[i]
		c := l.cards[it.card]
		r, dt := c[0].Rating, c[1].DeltaT
		if byRating[r] == nil {
			byRating[r] = map[int]*acc{}
		}
		a := byRating[r][dt]
		if a == nil {
			a = &acc{}
			byRating[r][dt] = a
		}
		a.n++
		if c[1].Rating > 1 {
			a.pass++
		}
	}
	counts := map[int]int{}
	stab := map[int]float64{}
	for r, byDelta := range byRating {
		var pts []recallPoint
		for dt, a := range byDelta {
			pts = append(pts, recallPoint{float64(dt), a.pass / a.n, a.n})
			counts[r] += int(a.n)
		}
		slices.SortFunc(pts, func(a, b recallPoint) int { return cmp.Compare(a.delta, b.delta) })
		stab[r] = searchStability(pts, averageRecall, DefaultWeights[r-1])
	}
	s, err := smoothAndFill(stab, counts)
	return s, counts, err
}

func searchStability(pts []recallPoint, averageRecall, def float64) float64 {
	decay := -DefaultWeights[20]
	factor := math.Pow(0.9, 1/decay) - 1
	loss := func(s float64) float64 {
		sum := 0.0
		for _, p := range pts {
			// Laplace smoothing towards the average recall.
			y := (p.recall*p.count + averageRecall) / (p.count + 1)
			pred := math.Pow(p.delta/s*factor+1, decay)
			sum += -(y*math.Log(pred) + (1-y)*math.Log(1-pred)) * p.count
		}
		return sum + math.Abs(s-def)/16
	}
	low, high, best := sMin, float64(initSMax), def
	for iter := 0; high-low > 2.220446049250313e-16 && iter < 1000; iter++ {
		m1 := low + (high-low)/3
		m2 := high - (high-low)/3
		if loss(m1) < loss(m2) {
			high = m2
		} else {
			low = m1
		}
		best = (high + low) / 2
	}
	return float64(float32(best)) // fsrs-rs keeps it as f32
}

// smoothAndFill makes the initial stabilities rise with the rating, and
// fills in the ratings with no data from the others, as fsrs-rs does.
func smoothAndFill(stab map[int]float64, counts map[int]int) ([4]float64, error) {
	var out [4]float64
	for r := range stab {
		if _, ok := counts[r]; !ok {
			delete(stab, r)
		}
	}
	for _, p := range [][2]int{{1, 2}, {2, 3}, {3, 4}, {1, 3}, {2, 4}, {1, 4}} {
		small, okS := stab[p[0]]
		big, okB := stab[p[1]]
		if okS && okB && small > big {
			if counts[p[0]] > counts[p[1]] {
				stab[p[1]] = small
			} else {
				stab[p[0]] = big
			}
		}
	}
	const w1, w2 = 0.41, 0.54
	pw := math.Pow
	var a [5]float64 // by rating; 0 when missing
	for r, s := range stab {
		a[r] = s
	}
	has := func(r int) bool { return a[r] != 0 }
	switch len(stab) {
	case 0:
		return out, ErrNotEnoughData
	case 1:
		for r, s := range stab {
			f := s / DefaultWeights[r-1]
			for i := range out {
				out[i] = DefaultWeights[i] * f
			}
			slices.Sort(out[:])
		}
		return clampInit(out), nil
	case 2:
		k := w1 + w2 - w1*w2
		switch {
		case has(3) && has(4):
			a[2] = pw(a[3], 1/(1-w2)) * pw(a[4], 1-1/(1-w2))
			a[1] = pw(a[2], 1/w1) * pw(a[3], 1-1/w1)
		case has(2) && has(4):
			a[3] = pw(a[2], 1-w2) * pw(a[4], w2)
			a[1] = pw(a[2], 1/w1) * pw(a[3], 1-1/w1)
		case has(2) && has(3):
			a[4] = pw(a[2], 1-1/w2) * pw(a[3], 1/w2)
			a[1] = pw(a[2], 1/w1) * pw(a[3], 1-1/w1)
		case has(1) && has(4):
			a[2] = pw(a[1], w1/k) * pw(a[4], 1-w1/k)
			a[3] = pw(a[1], 1-w2/k) * pw(a[4], w2/k)
		case has(1) && has(3):
			a[2] = pw(a[1], w1) * pw(a[3], 1-w1)
			a[4] = pw(a[2], 1-1/w2) * pw(a[3], 1/w2)
		case has(1) && has(2):
			a[3] = pw(a[1], 1-1/(1-w1)) * pw(a[2], 1/(1-w1))
			a[4] = pw(a[2], 1-1/w2) * pw(a[3], 1/w2)
		}
	case 3:
		switch {
		case !has(1):
			a[1] = pw(a[2], 1/w1) * pw(a[3], 1-1/w1)
		case !has(2):
			a[2] = pw(a[1], w1) * pw(a[3], 1-w1)
		case !has(3):
			a[3] = pw(a[2], 1-w2) * pw(a[4], w2)
		case !has(4):
			a[4] = pw(a[2], 1-1/w2) * pw(a[3], 1/w2)
		}
	}
	copy(out[:], a[1:])
	return clampInit(out), nil
}

func clampInit(s [4]float64) [4]float64 {
	for i := range s {
		s[i] = float64(float32(clamp(s[i], sMin, initSMax)))
	}
	return s
}
