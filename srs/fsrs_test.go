package srs

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// fsrsVectors is srs/testdata/fsrs_vectors.json, written by
// scripts/fsrs-vectors/gen.js from ts-fsrs 5.4.2.
type fsrsVectors struct {
	Generator string `json:"generator"`
	Sequences []struct {
		Name             string    `json:"name"`
		Weights          []float64 `json:"weights"`
		DesiredRetention float64   `json:"desired_retention"`
		Steps            []struct {
			Grade      int     `json:"grade"`
			Elapsed    int     `json:"elapsed"`
			Stability  float64 `json:"stability"`
			Difficulty float64 `json:"difficulty"`
			Interval   int     `json:"interval"`
			Preview    [4]int  `json:"preview"` // again, hard, good, easy
			Recall     []struct {
				Days int     `json:"days"`
				R    float64 `json:"r"`
			} `json:"recall"`
		} `json:"steps"`
	} `json:"sequences"`
}

func relClose(got, want, tol float64) bool {
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(got), math.Abs(want))
}

// TestFSRSVectors replays every ts-fsrs sequence: stability and difficulty
// within 1e-9 relative, the interval given and all four previewed intervals
// exact, and the retrievability at later days within 1e-9.
func TestFSRSVectors(t *testing.T) {
	raw, err := os.ReadFile("testdata/fsrs_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v fsrsVectors
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("testdata/fsrs_vectors.json: %v", err)
	}
	if !strings.Contains(v.Generator, "ts-fsrs v5.4.2") {
		t.Fatalf("vectors come from %q, want ts-fsrs v5.4.2", v.Generator)
	}
	if len(v.Sequences) < 300 {
		t.Fatalf("%d sequences, want at least 300", len(v.Sequences))
	}
	steps, nonDefault := 0, 0
	for _, seq := range v.Sequences {
		t.Run(seq.Name, func(t *testing.T) {
			p := FSRSParams{DesiredRetention: seq.DesiredRetention}
			if len(seq.Weights) != FSRSWeightCount {
				t.Fatalf("%d weights", len(seq.Weights))
			}
			copy(p.Weights[:], seq.Weights)
			if p != DefaultFSRSParams() {
				nonDefault++
			}
			f, err := NewFSRS(p)
			if err != nil {
				t.Fatalf("NewFSRS: %v", err)
			}
			m := f.New()
			var answers []FSRSAnswer
			for i, st := range seq.Steps {
				steps++
				g := Grade(st.Grade)
				pv := f.Preview(m, st.Elapsed)
				want := [6]int{st.Preview[0], st.Preview[0], st.Preview[0], st.Preview[1], st.Preview[2], st.Preview[3]}
				if pv != want {
					t.Errorf("step %d: Preview(%+v, %d) = %v, want %v", i, m, st.Elapsed, pv, want)
				}
				next, err := f.Next(m, g, st.Elapsed)
				if err != nil {
					t.Fatalf("step %d: Next(%+v, %d, %d): %v", i, m, g, st.Elapsed, err)
				}
				if !relClose(next.Stability, st.Stability, 1e-9) || !relClose(next.Difficulty, st.Difficulty, 1e-9) || next.Interval != st.Interval {
					t.Fatalf("step %d: Next(%+v, %d, %d) = S %v D %v I %d, want S %v D %v I %d",
						i, m, g, st.Elapsed, next.Stability, next.Difficulty, next.Interval, st.Stability, st.Difficulty, st.Interval)
				}
				for _, rc := range st.Recall {
					if got := f.Recall(next, rc.Days); math.Abs(got-rc.R) > 1e-9 {
						t.Errorf("step %d: Recall(%+v, %d) = %v, want %v", i, next, rc.Days, got, rc.R)
					}
				}
				m = next
				answers = append(answers, FSRSAnswer{Grade: g, Elapsed: st.Elapsed})
			}
			if got, err := f.Replay(answers); err != nil || got != m {
				t.Errorf("Replay(%v) = %+v, %v, want %+v", answers, got, err, m)
			}
		})
	}
	if steps < 4000 || nonDefault < 70 {
		t.Errorf("replayed %d steps, %d sequences with non-default settings: the vectors are too thin", steps, nonDefault)
	}
}

// Reps counts passes in a row (grade 3 or more), a lapse resets it, and EF
// is SM-2's and left as it is.
func TestFSRSReps(t *testing.T) {
	from := Memory{State: State{Reps: 4, Interval: 20, EF: 2.1}, Stability: 20, Difficulty: 6}
	wantReps := [6]int{0, 0, 0, 5, 5, 5} // by grade
	for g, want := range wantReps {
		t.Run(Grade(g).String(), func(t *testing.T) {
			got, err := FSRS{}.Next(from, Grade(g), 7)
			if err != nil || got.Reps != want || got.EF != from.EF {
				t.Errorf("Next(%+v, %d, 7) = Reps %d EF %v, %v, want Reps %d EF %v", from, g, got.Reps, got.EF, err, want, from.EF)
			}
		})
	}
	got, _ := FSRS{}.Next(Memory{State: NewState}, Good, 0)
	if got.Reps != 1 {
		t.Errorf("Next(new, good, 0).Reps = %d, want 1", got.Reps)
	}
}

// Values worked out from the FSRS-6 formulas with the default weights.
func TestFSRSFirstAnswer(t *testing.T) {
	f := FSRS{}
	tests := []struct {
		name  string
		grade Grade
		want  Memory
	}{
		// S0 = w0..w3; D0 = w4 - e^((G-1)·w5) + 1; intervals 1 < 2 < 3 < 8
		{"blackout", Blackout, Memory{State: State{Reps: 0, Interval: 1, EF: 2.5}, Stability: 0.212, Difficulty: 6.4133}},
		{"again", Again, Memory{State: State{Reps: 0, Interval: 1, EF: 2.5}, Stability: 0.212, Difficulty: 6.4133}},
		{"hard", Hard, Memory{State: State{Reps: 1, Interval: 2, EF: 2.5}, Stability: 1.2931, Difficulty: 5.11217071}},
		{"good", Good, Memory{State: State{Reps: 1, Interval: 3, EF: 2.5}, Stability: 2.3065, Difficulty: 2.11810397}},
		{"easy", Easy, Memory{State: State{Reps: 1, Interval: 8, EF: 2.5}, Stability: 8.2956, Difficulty: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Next(f.New(), tt.grade, 0)
			if err != nil || got != tt.want {
				t.Errorf("Next(new, %d, 0) = %+v, %v, want %+v", tt.grade, got, err, tt.want)
			}
		})
	}
	if got, want := f.Preview(f.New(), 0), [6]int{1, 1, 1, 2, 3, 8}; got != want {
		t.Errorf("Preview(new, 0) = %v, want %v", got, want)
	}
	if got := f.Recall(f.New(), 10); got != 0 {
		t.Errorf("Recall(new, 10) = %v, want 0", got)
	}
}

func TestFSRSNextErrors(t *testing.T) {
	f := FSRS{}
	answered := Memory{State: State{Reps: 1, Interval: 3, EF: 2.5}, Stability: 2.3065, Difficulty: 2.1}
	tests := []struct {
		name    string
		in      Memory
		grade   Grade
		elapsed int
		want    string
	}{
		{"grade too high", answered, 6, 1, "grade 6 is out of range: grades are 0-5"},
		{"grade negative", answered, -1, 1, "grade -1 is out of range: grades are 0-5"},
		{"negative elapsed", answered, Good, -2, "elapsed days -2 is negative"},
		{"difficulty 0 with stability", Memory{Stability: 3}, Good, 1, "FSRS memory state stability 3, difficulty 0 is invalid"},
		{"stability below minimum", Memory{Stability: 0.0001, Difficulty: 5}, Good, 1, "stability 0.0001, difficulty 5 is invalid"},
		{"NaN stability", Memory{Stability: math.NaN(), Difficulty: 5}, Good, 1, "stability NaN, difficulty 5 is invalid"},
		{"negative stability", Memory{Stability: -1, Difficulty: 5}, Good, 1, "stability -1, difficulty 5 is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Next(tt.in, tt.grade, tt.elapsed)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Next(%+v, %d, %d) error = %v, want %q", tt.in, tt.grade, tt.elapsed, err, tt.want)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.in) { // NaN != NaN
				t.Errorf("Next(%+v, ...) on error = %+v, want the memory unchanged", tt.in, got)
			}
			if pv := f.Preview(tt.in, tt.elapsed); tt.grade.Valid() && pv != ([6]int{}) {
				t.Errorf("Preview(%+v, %d) = %v, want zeros", tt.in, tt.elapsed, pv)
			}
		})
	}
}

func TestFSRSReplay(t *testing.T) {
	tests := []struct {
		name    string
		answers []FSRSAnswer
		want    Memory
		wantErr string
	}{
		{"no answers", nil, Memory{State: NewState}, ""},
		// good on day 0, then good 3 days on; the values are ts-fsrs 5.4.2's
		{"two goods", []FSRSAnswer{{Good, 0}, {Good, 3}},
			Memory{State: State{Reps: 2, Interval: 14, EF: 2.5}, Stability: 13.82690327, Difficulty: 2.11121424}, ""},
		{"bad grade stops at the answer before", []FSRSAnswer{{Good, 0}, {7, 3}, {Good, 2}},
			Memory{State: State{Reps: 1, Interval: 3, EF: 2.5}, Stability: 2.3065, Difficulty: 2.11810397},
			"answer 2 of 3: grade 7 is out of range: grades are 0-5"},
		{"negative gap", []FSRSAnswer{{Hard, 0}, {Good, -1}},
			Memory{State: State{Reps: 1, Interval: 2, EF: 2.5}, Stability: 1.2931, Difficulty: 5.11217071},
			"answer 2 of 2: elapsed days -1 is negative: an answer cannot come before the previous one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FSRS{}.Replay(tt.answers)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("Replay(%v) error = %v, want %q", tt.answers, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Replay(%v) = %+v, want %+v", tt.answers, got, tt.want)
			}
		})
	}
}

func TestFSRSZeroValueIsDefault(t *testing.T) {
	d, err := NewFSRS(DefaultFSRSParams())
	if err != nil {
		t.Fatal(err)
	}
	if (FSRS{}).Params() != DefaultFSRSParams() {
		t.Errorf("FSRS{}.Params() = %+v, want the defaults", FSRS{}.Params())
	}
	m := Memory{State: State{Reps: 3, Interval: 20, EF: 2.5}, Stability: 17.5, Difficulty: 4.2}
	a, _ := d.Next(m, Good, 19)
	b, _ := FSRS{}.Next(m, Good, 19)
	if a != b {
		t.Errorf("FSRS{}.Next = %+v, NewFSRS(defaults).Next = %+v", b, a)
	}
	if (FSRS{}).Name() != "fsrs" {
		t.Errorf("Name() = %q, want fsrs", FSRS{}.Name())
	}
}

func TestFSRSParamsValidate(t *testing.T) {
	with := func(change func(*FSRSParams)) FSRSParams {
		p := DefaultFSRSParams()
		change(&p)
		return p
	}
	tests := []struct {
		name string
		p    FSRSParams
		want string // "" for valid
	}{
		{"defaults", DefaultFSRSParams(), ""},
		{"retention 0.70", with(func(p *FSRSParams) { p.DesiredRetention = 0.70 }), ""},
		{"retention 0.99", with(func(p *FSRSParams) { p.DesiredRetention = 0.99 }), ""},
		{"retention too high", with(func(p *FSRSParams) { p.DesiredRetention = 1.2 }), "desired retention 1.2 is out of range: use 0.70 to 0.99"},
		{"retention too low", with(func(p *FSRSParams) { p.DesiredRetention = 0.5 }), "desired retention 0.5 is out of range: use 0.70 to 0.99"},
		{"retention zero", with(func(p *FSRSParams) { p.DesiredRetention = 0 }), "desired retention 0 is out of range: use 0.70 to 0.99"},
		{"retention NaN", with(func(p *FSRSParams) { p.DesiredRetention = math.NaN() }), "desired retention NaN is out of range: use 0.70 to 0.99"},
		{"w7 too high", with(func(p *FSRSParams) { p.Weights[7] = 0.9 }), "weight w7 0.9 is out of range: use 0.001 to 0.75"},
		{"w0 zero", with(func(p *FSRSParams) { p.Weights[0] = 0 }), "weight w0 0 is out of range: use 0.001 to 100"},
		{"w4 below 1", with(func(p *FSRSParams) { p.Weights[4] = 0.5 }), "weight w4 0.5 is out of range: use 1 to 10"},
		{"w20 too low", with(func(p *FSRSParams) { p.Weights[20] = 0.05 }), "weight w20 0.05 is out of range: use 0.1 to 0.8"},
		{"w16 at its top", with(func(p *FSRSParams) { p.Weights[16] = 6 }), ""},
		{"w8 at zero", with(func(p *FSRSParams) { p.Weights[8] = 0 }), ""},
		{"w12 infinite", with(func(p *FSRSParams) { p.Weights[12] = math.Inf(1) }), "weight w12 +Inf is not finite"},
		{"w3 NaN", with(func(p *FSRSParams) { p.Weights[3] = math.NaN() }), "weight w3 NaN is not finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			var pe *FSRSParamError
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.As(err, &pe) {
				t.Errorf("Validate() = %v, want an *FSRSParamError starting %q", err, tt.want)
			}
			if _, err := NewFSRS(tt.p); err == nil {
				t.Errorf("NewFSRS accepted %+v", tt.p)
			}
		})
	}
}

func TestParseFSRSWeights(t *testing.T) {
	const defaults = "0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542"
	replace := func(i int, v string) string {
		f := strings.Split(defaults, ",")
		f[i] = v
		return strings.Join(f, ",")
	}
	tests := []struct {
		name string
		in   string
		want string // "" for valid
	}{
		{"defaults with spaces", defaults, ""},
		{"defaults without spaces", strings.ReplaceAll(defaults, " ", ""), ""},
		{"empty", "", "weights are empty: give exactly 21 numbers, w0 to w20, separated by commas"},
		{"blank", "  ", "weights are empty: give exactly 21 numbers"},
		{"20 numbers", defaults[:strings.LastIndex(defaults, ",")], "weights has 20 numbers: give exactly 21 numbers, w0 to w20, separated by commas"},
		{"22 numbers", defaults + ",0.1", "weights has 22 numbers: give exactly 21"},
		{"1 number", "0.5", "weights has 1 number: give exactly 21 numbers"},
		{"trailing comma", defaults + ",", "weights has 22 numbers"},
		{"not a number", replace(3, "abc"), `weight w3 "abc" is not a number: give a decimal number such as 8.2956`},
		{"empty field", replace(5, ""), `weight w5 "" is not a number`},
		{"out of range", replace(7, " 0.9"), "weight w7 0.9 is out of range: use 0.001 to 0.75"},
		{"negative", replace(9, "-0.1"), "weight w9 -0.1 is out of range: use 0 to 0.8"},
		{"NaN", replace(20, "NaN"), "weight w20 NaN is not finite"},
		{"Inf", replace(1, "Inf"), "weight w1 Inf is not finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFSRSWeights(tt.in)
			if tt.want == "" {
				if err != nil || got != DefaultFSRSParams().Weights {
					t.Errorf("ParseFSRSWeights(%q) = %v, %v, want the defaults", tt.in, got, err)
				}
				return
			}
			var pe *FSRSParamError
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.As(err, &pe) {
				t.Errorf("ParseFSRSWeights(%q) error = %v, want an *FSRSParamError starting %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestJSRound(t *testing.T) {
	tests := []struct {
		in, want float64
	}{
		{2.5, 3}, {-2.5, -2}, {0.49999999999999994, 0}, {1.4999999, 1}, {-0.5, 0}, {-1.5000001, -2}, {4503599627370497, 4503599627370497},
	}
	for _, tt := range tests {
		if got := jsRound(tt.in); got != tt.want {
			t.Errorf("jsRound(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func ExampleNewFSRS() {
	f, err := NewFSRS(DefaultFSRSParams())
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := f.Next(f.New(), Good, 0)
	fmt.Printf("good on a new card: stability %.4f, next in %d days\n", m.Stability, m.Interval)
	fmt.Printf("recall after those days: %.2f\n", f.Recall(m, m.Interval))
	m, _ = f.Next(m, Good, 3)
	fmt.Printf("good 3 days later: stability %.2f, next in %d days\n", m.Stability, m.Interval)

	p := DefaultFSRSParams()
	p.DesiredRetention = 1.2
	_, err = NewFSRS(p)
	fmt.Println(err)
	// Output:
	// good on a new card: stability 2.3065, next in 3 days
	// recall after those days: 0.88
	// good 3 days later: stability 13.83, next in 14 days
	// desired retention 1.2 is out of range: use 0.70 to 0.99
}

var benchMemory Memory

// BenchmarkFSRSNext is one next-state of a reviewed card (target: at most
// 1 µs).
func BenchmarkFSRSNext(b *testing.B) {
	f, err := NewFSRS(DefaultFSRSParams())
	if err != nil {
		b.Fatal(err)
	}
	m := Memory{State: State{Reps: 3, Interval: 12, EF: 2.5}, Stability: 11.2, Difficulty: 5.3}
	grades := [...]Grade{Good, Hard, Good, Easy, Again, Good, Good, Wrong}
	for i := 0; b.Loop(); i++ {
		benchMemory, _ = f.Next(m, grades[i%len(grades)], 1+i%40)
	}
}
