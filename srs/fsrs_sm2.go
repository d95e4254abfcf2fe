package srs

import "math"

// FromSM2 is the FSRS memory of a card known only by its SM-2 state: the
// stability at which recall falls to 90% after the interval, and the
// difficulty that ease gives, as fsrs-rs's memory_state_from_sm2 computes
// them (with a retention of 0.9 the stability is the interval). Anki uses
// it for cards with no usable review history; aipm for a card imported from
// Anki without a revlog. An interval below 1 gives New().
func (f FSRS) FromSM2(ef float64, interval int) Memory {
	f = f.ready()
	if interval < 1 {
		return f.New()
	}
	const retention = 0.9
	w := &f.p.Weights
	s := float64(interval) // interval × factor / (0.9^(1/decay) − 1), which is the interval at 0.9
	d := 11 - (ef-1)/(math.Exp(w[8])*math.Pow(s, -w[9])*math.Expm1((1-retention)*w[10]))
	return Memory{Stability: round8(math.Min(s, fsrsMaxStability)), Difficulty: round8(math.Min(math.Max(d, 1), 10))}
}
