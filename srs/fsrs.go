package srs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FSRSWeightCount is the number of FSRS-6 weights, w0 to w20.
const FSRSWeightCount = 21

// The bounds ts-fsrs keeps stability within.
const (
	fsrsMinStability = 0.001
	fsrsMaxStability = 36500
)

// The desired retention aipm allows.
const (
	MinDesiredRetention = 0.70
	MaxDesiredRetention = 0.99
)

// FSRSParams are FSRS-6's settings: its 21 weights and the probability of
// recall at which it schedules a review.
type FSRSParams struct {
	Weights          [FSRSWeightCount]float64
	DesiredRetention float64
}

// DefaultFSRSParams are FSRS-6's published default weights and a desired
// retention of 0.9.
func DefaultFSRSParams() FSRSParams {
	return FSRSParams{
		Weights: [FSRSWeightCount]float64{
			0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
			1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
			1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
		},
		DesiredRetention: 0.9,
	}
}

// fsrsWeightRange is the range ts-fsrs 5.4.2 clamps each weight to, with
// short-term scheduling off and its one default relearning step. aipm
// rejects a weight outside it instead of clamping it silently.
var fsrsWeightRange = [FSRSWeightCount][2]float64{
	{0.001, 100}, {0.001, 100}, {0.001, 100}, {0.001, 100}, // w0-w3: initial stability
	{1, 10}, {0.001, 4}, {0.001, 4}, {0.001, 0.75}, // w4-w7: difficulty
	{0, 4.5}, {0, 0.8}, {0.001, 3.5}, // w8-w10: stability after a pass
	{0.001, 5}, {0.001, 0.25}, {0.001, 0.9}, {0, 4}, // w11-w14: stability after a lapse
	{0, 1}, {1, 6}, // w15 hard penalty, w16 easy bonus
	{0, 2}, {0, 2}, {0, 0.8}, // w17-w19: short-term (unused by aipm)
	{0.1, 0.8}, // w20: decay
}

// FSRSParamError is a bad FSRS setting. It names the setting, the value and
// what to do instead.
type FSRSParamError struct {
	Setting string // "desired retention", "weight w7" or "weights"
	Value   string // the value as given; empty when the problem is the list
	Problem string // "is out of range", "is not a number", ...
	Fix     string // what to do: "use 0.70 to 0.99"
}

func (e *FSRSParamError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s %s: %s", e.Setting, e.Problem, e.Fix)
	}
	return fmt.Sprintf("%s %s %s: %s", e.Setting, e.Value, e.Problem, e.Fix)
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Validate reports the first bad setting: a desired retention outside
// 0.70-0.99, or a weight that is not finite or lies outside the range
// ts-fsrs clamps it to.
func (p FSRSParams) Validate() error {
	r := p.DesiredRetention
	if math.IsNaN(r) || r < MinDesiredRetention || r > MaxDesiredRetention {
		return &FSRSParamError{
			Setting: "desired retention",
			Value:   formatFloat(r),
			Problem: "is out of range",
			Fix:     "use 0.70 to 0.99",
		}
	}
	for i, w := range p.Weights {
		if err := checkWeight(i, w, formatFloat(w)); err != nil {
			return err
		}
	}
	return nil
}

func checkWeight(i int, w float64, given string) error {
	setting := "weight w" + strconv.Itoa(i)
	if math.IsNaN(w) || math.IsInf(w, 0) {
		return &FSRSParamError{Setting: setting, Value: given, Problem: "is not finite",
			Fix: "give a decimal number such as " + formatFloat(DefaultFSRSParams().Weights[i])}
	}
	lo, hi := fsrsWeightRange[i][0], fsrsWeightRange[i][1]
	if w < lo || w > hi {
		return &FSRSParamError{Setting: setting, Value: given, Problem: "is out of range",
			Fix: fmt.Sprintf("use %s to %s", formatFloat(lo), formatFloat(hi))}
	}
	return nil
}

// ParseFSRSWeights parses a comma-separated list of exactly 21 weights,
// w0 to w20, such as the one `--weights` takes. Spaces around a number are
// ignored. Each weight must be a finite number within its range.
func ParseFSRSWeights(s string) ([FSRSWeightCount]float64, error) {
	var out [FSRSWeightCount]float64
	const fix = "give exactly 21 numbers, w0 to w20, separated by commas"
	if strings.TrimSpace(s) == "" {
		return out, &FSRSParamError{Setting: "weights", Problem: "are empty", Fix: fix}
	}
	fields := strings.Split(s, ",")
	if len(fields) != FSRSWeightCount {
		noun := "numbers"
		if len(fields) == 1 {
			noun = "number"
		}
		return out, &FSRSParamError{Setting: "weights",
			Problem: fmt.Sprintf("has %d %s", len(fields), noun), Fix: fix}
	}
	for i, f := range fields {
		f = strings.TrimSpace(f)
		w, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return out, &FSRSParamError{Setting: "weight w" + strconv.Itoa(i), Value: strconv.Quote(f),
				Problem: "is not a number",
				Fix:     "give a decimal number such as " + formatFloat(DefaultFSRSParams().Weights[i])}
		}
		if err := checkWeight(i, w, f); err != nil {
			return out, err
		}
		out[i] = w
	}
	return out, nil
}

// FSRS is the Scheduler for FSRS-6, the Free Spaced Repetition Scheduler:
// a model of each card's memory as a stability (the days until recall falls
// to 90%) and a difficulty (1 to 10), updated by every scheduling answer
// and the days elapsed since the previous one, which schedules the next
// review for the day predicted recall falls to the desired retention.
//
// It computes exactly what ts-fsrs 5.4.2, the reference implementation,
// computes with short-term scheduling and fuzz off: its long-term
// scheduler, with the same rounding to 8 decimals, the same clamps and the
// same ordering of the four intervals (again < hard < good < easy). Only the
// cap differs: FSRS never caps an interval (ts-fsrs caps at 36500 days);
// the caller applies max_interval. srs/testdata/fsrs_vectors.json, written
// by scripts/fsrs-vectors from ts-fsrs, holds it to that.
//
// Build one with NewFSRS. The zero FSRS uses DefaultFSRSParams.
type FSRS struct {
	p        FSRSParams
	ok       bool    // built by NewFSRS
	decay    float64 // -w20
	factor   float64 // 0.9^(1/decay) - 1, to 8 decimals
	modifier float64 // the interval at stability 1, to 8 decimals
	expW8    float64 // e^w8
	initEasy float64 // D0(Easy), the target of mean reversion
}

var _ Scheduler = FSRS{}

// NewFSRS returns the FSRS-6 scheduler with the given settings, or the
// error of Validate.
func NewFSRS(p FSRSParams) (FSRS, error) {
	if err := p.Validate(); err != nil {
		return FSRS{}, err
	}
	f := FSRS{p: p, ok: true, decay: -p.Weights[20]}
	f.factor = round8(math.Exp(1/f.decay*math.Log(0.9)) - 1)
	f.modifier = round8((math.Pow(p.DesiredRetention, 1/f.decay) - 1) / f.factor)
	f.expW8 = math.Exp(p.Weights[8])
	f.initEasy = f.initDifficulty(RatingEasy)
	return f, nil
}

// ready is f, or the default scheduler when f is the zero FSRS.
func (f FSRS) ready() FSRS {
	if f.ok {
		return f
	}
	d, _ := NewFSRS(DefaultFSRSParams()) // the defaults are valid
	return d
}

// Params returns the scheduler's settings.
func (f FSRS) Params() FSRSParams { return f.ready().p }

// Name implements Scheduler.
func (FSRS) Name() string { return "fsrs" }

// New implements Scheduler: a card with stability 0 has never been answered.
func (FSRS) New() Memory { return Memory{State: NewState} }

// MemoryError is a memory state FSRS cannot schedule from.
type MemoryError struct{ Memory Memory }

func (e *MemoryError) Error() string {
	msg, try := e.UserHint()
	return msg + "; " + try
}

// UserHint says what went wrong and what to do, apart.
func (e *MemoryError) UserHint() (msg, try string) {
	return fmt.Sprintf("FSRS memory state stability %s, difficulty %s is invalid: an answered card has stability at least 0.001 and difficulty 1 to 10",
		formatFloat(e.Memory.Stability), formatFloat(e.Memory.Difficulty)), "rebuild the card's state from its review log (aipm doctor --fix)"
}

// ElapsedError is a negative number of days since the previous answer.
type ElapsedError struct{ Elapsed int }

func (e *ElapsedError) Error() string {
	return fmt.Sprintf("elapsed days %d is negative: an answer cannot come before the previous one", e.Elapsed)
}

// fsrsStep is the outcome of each rating from one memory state.
type fsrsStep struct {
	stability [5]float64 // by Rating, 1-4
	interval  [5]int
}

// Next implements Scheduler. A card is new when its Stability is 0, and
// then elapsed is ignored.
func (f FSRS) Next(m Memory, g Grade, elapsed int) (Memory, error) {
	if !g.Valid() {
		return m, &GradeError{Grade: int(g)}
	}
	f = f.ready()
	st, err := f.step(m, elapsed)
	if err != nil {
		return m, err
	}
	r := g.Rating()
	out := m
	out.Stability = st.stability[r]
	out.Interval = st.interval[r]
	if m.Stability == 0 {
		out.Difficulty = min(max(f.initDifficulty(r), 1), 10)
	} else {
		out.Difficulty = f.nextDifficulty(m.Difficulty, r)
	}
	if g.Pass() {
		out.Reps = m.Reps + 1
	} else {
		out.Reps = 0
	}
	return out, nil
}

// Preview implements Scheduler. Grades 0-2 all give the again interval. A
// memory state Next would reject previews as all zeros.
func (f FSRS) Preview(m Memory, elapsed int) [6]int {
	var out [6]int
	st, err := f.ready().step(m, elapsed)
	if err != nil {
		return out
	}
	for g := range out {
		out[g] = st.interval[Grade(g).Rating()]
	}
	return out
}

// Recall implements Scheduler: FSRS-6's retrievability, the forgetting
// curve R(t, S) = (1 + factor·t/S)^(-w20), to 8 decimals as ts-fsrs gives
// it. Negative days count as 0. Like ts-fsrs's get_retrievability, it
// takes the stability to 8 decimals, which only matters for a first answer
// under weights w0-w3 with more decimals.
func (f FSRS) Recall(m Memory, days int) float64 {
	if !(m.Stability > 0) || math.IsInf(m.Stability, 0) {
		return 0
	}
	return f.ready().forgettingCurve(float64(max(days, 0)), round8(m.Stability))
}

// step computes the stability and interval each rating gives from m after
// elapsed days, as ts-fsrs's long-term scheduler does.
func (f FSRS) step(m Memory, elapsed int) (fsrsStep, error) {
	var st fsrsStep
	s, d := m.Stability, m.Difficulty
	w := &f.p.Weights
	switch {
	case s == 0:
		for r := RatingAgain; r <= RatingEasy; r++ {
			st.stability[r] = max(w[r-1], 0.1)
		}
	case math.IsNaN(s) || math.IsNaN(d) || s < fsrsMinStability || s > fsrsMaxStability || d < 1 || d > 10:
		return st, &MemoryError{Memory: m}
	case elapsed < 0:
		return st, &ElapsedError{Elapsed: elapsed}
	default:
		t := float64(elapsed)
		r := f.forgettingCurve(t, s)
		// A lapse: ts-fsrs keeps the new stability at most the old one.
		st.stability[RatingAgain] = min(max(round8(s), fsrsMinStability), f.forgetStability(d, s, r))
		base := f.recallBase(d, s, r)
		for g := RatingHard; g <= RatingEasy; g++ {
			st.stability[g] = f.recallStability(s, base, g)
		}
	}
	for r := RatingAgain; r <= RatingEasy; r++ {
		st.interval[r] = f.interval(st.stability[r])
	}
	iv := &st.interval
	iv[RatingAgain] = min(iv[RatingAgain], iv[RatingHard])
	iv[RatingHard] = max(iv[RatingHard], iv[RatingAgain]+1)
	iv[RatingGood] = max(iv[RatingGood], iv[RatingHard]+1)
	iv[RatingEasy] = max(iv[RatingEasy], iv[RatingGood]+1)
	return st, nil
}

// The formulas below follow ts-fsrs 5.4.2 operation by operation, in its
// order of evaluation, so that every float64 result is the same. float64()
// around a product keeps the compiler from fusing it with the addition that
// follows (the Go spec allows fused multiply-add), which JavaScript never
// does.

// forgettingCurve is R(t, S), to 8 decimals.
func (f FSRS) forgettingCurve(t, s float64) float64 {
	return round8(math.Pow(1+f.factor*t/s, f.decay))
}

// interval is the days until recall falls to the desired retention, at
// least 1, rounded half up.
func (f FSRS) interval(s float64) int {
	return int(max(1, jsRound(float64(s*f.modifier))))
}

// initDifficulty is D0(G) = w4 - e^((G-1)·w5) + 1, to 8 decimals, unclamped.
func (f FSRS) initDifficulty(g Rating) float64 {
	w := &f.p.Weights
	return round8(w[4] - math.Exp(float64(g-1)*w[5]) + 1)
}

// nextDifficulty is the difficulty after rating g: linear damping towards
// 10, mean reversion towards D0(Easy), then clamped to 1-10.
func (f FSRS) nextDifficulty(d float64, g Rating) float64 {
	w := &f.p.Weights
	deltaD := -w[6] * float64(g-3)
	damping := round8(deltaD * (10 - d) / 9)
	nextD := d + damping
	reverted := round8(float64(w[7]*f.initEasy) + float64((1-w[7])*nextD))
	return min(max(reverted, 1), 10)
}

// recallBase is the part of the stability growth after a pass that does
// not depend on the rating: e^w8 · (11-D) · S^-w9 · (e^((1-R)·w10) - 1),
// multiplied left to right as ts-fsrs does.
func (f FSRS) recallBase(d, s, r float64) float64 {
	w := &f.p.Weights
	return f.expW8 * (11 - d) * math.Pow(s, -w[9]) * (math.Exp((1-r)*w[10]) - 1)
}

// recallStability is the stability after a pass rated g (hard, good, easy),
// to 8 decimals: S · (1 + base · hard penalty w15 · easy bonus w16).
func (f FSRS) recallStability(s, base float64, g Rating) float64 {
	w := &f.p.Weights
	hardPenalty, easyBonus := 1.0, 1.0
	if g == RatingHard {
		hardPenalty = w[15]
	}
	if g == RatingEasy {
		easyBonus = w[16]
	}
	growth := float64(base * hardPenalty * easyBonus)
	return round8(min(max(s*(1+growth), fsrsMinStability), fsrsMaxStability))
}

// forgetStability is the stability after a lapse at retrievability r, to 8
// decimals.
func (f FSRS) forgetStability(d, s, r float64) float64 {
	w := &f.p.Weights
	sf := w[11] * math.Pow(d, -w[12]) * (math.Pow(s+1, w[13]) - 1) * math.Exp((1-r)*w[14])
	return round8(min(max(sf, fsrsMinStability), fsrsMaxStability))
}

// jsRound is JavaScript's Math.round: the nearest integer, halves towards
// +infinity.
func jsRound(x float64) float64 {
	fl := math.Floor(x)
	if x-fl >= 0.5 {
		return fl + 1
	}
	return fl
}

// round8 is ts-fsrs's roundTo(x, 8): Math.round(x * 1e8) / 1e8.
func round8(x float64) float64 { return jsRound(x*1e8) / 1e8 }
