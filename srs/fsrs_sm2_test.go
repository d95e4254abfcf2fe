package srs

import "testing"

// TestFromSM2 holds FromSM2 to fsrs-rs's memory_state_from_sm2 at a
// retention of 0.9 (stability = interval; difficulty
// 11 − (EF − 1) / (e^w8 · S^−w9 · (e^(0.1·w10) − 1)), clamped to 1-10), the
// expected values worked out independently in float64.
func TestFromSM2(t *testing.T) {
	f, err := NewFSRS(DefaultFSRSParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ef       float64
		interval int
		s, d     float64
	}{
		{2.5, 5, 5, 7.35966883},
		{1.3, 100, 100, 9.80071476},
		{2.3, 10, 10, 7.45884787},
		{9.0, 1, 1, 1}, // an ease no SM-2 card reaches so soon: clamped at 1
	} {
		m := f.FromSM2(c.ef, c.interval)
		if m.Stability != c.s || m.Difficulty != c.d {
			t.Errorf("FromSM2(%v, %d) = S %v D %v, want S %v D %v", c.ef, c.interval, m.Stability, m.Difficulty, c.s, c.d)
		}
	}
	if m := f.FromSM2(2.5, 0); m != f.New() {
		t.Errorf("FromSM2(2.5, 0) = %+v, want a new card's memory", m)
	}
}
