package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// TestOptimizeCommand: a short log is refused with its count; on a good
// log optimize stores the weights, and FSRS schedules with them, as
// `aipm scheduler --json` and `aipm cards --json` show; --reset goes back.
func TestOptimizeCommand(t *testing.T) {
	e := newStatsEnv(t)
	deckFile := filepath.Join(t.TempDir(), "deck.md")
	if err := os.WriteFile(deckFile, []byte("# D\n\nQ: a?\nA: 1\n\nQ: b?\nA: 2\n\nQ: c?\nA: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.must("2026-12-01", "", "import", deckFile)
	e.must("2026-12-01", "4\n4\n4\n", "review")
	cal := e.must("2026-12-01", "", "stats", "--calibration")
	for _, want := range []string{"1 scheduling answer in the log; 0 answers scored",
		"Fewer than 100 scheduling answers: these figures are not yet meaningful.", "SM-2  ", "FSRS-6, default weights"} {
		if !strings.Contains(cal, want) {
			t.Errorf("stats --calibration printed no %q:\n%s", want, cal)
		}
	}
	_, errw, code := e.run("2026-12-01", "", 0, "optimize")
	if code != exitError || !strings.Contains(errw, "aipm: optimize needs at least 400 scheduling answers to fit FSRS; this collection has 1\ntry: ") {
		t.Fatalf("exit %d, stderr %q", code, errw)
	}

	// A good log: a generated history of 500 cards.
	e = newStatsEnv(t)
	ctx := context.Background()
	st, err := data.Open(ctx, e.env["AIPM_DB"], data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.BuildFixture(ctx, data.FixtureOptions{Cards: 500, Reviews: 8000, Seed: 5, Today: srs.Date(2026, 12, 1), Days: 240}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	e.must("2026-12-01", "", "scheduler", "fsrs")
	before := e.must("2026-12-01", "", "cards", "--json")
	out := e.must("2026-12-01", "", "optimize")
	for _, want := range []string{"Held-out answers", "weights in force", "fitted weights",
		"The fitted weights predict better.", "Switched to FSRS-6 (desired retention 0.90, fitted weights).", "Rebuilt the state of"} {
		if !strings.Contains(out, want) {
			t.Errorf("optimize printed no %q:\n%s", want, out)
		}
	}
	var sch schedulerJSON
	if err := json.Unmarshal([]byte(e.must("2026-12-01", "", "scheduler", "--json")), &sch); err != nil {
		t.Fatal(err)
	}
	parts := make([]string, len(sch.Weights))
	for i, x := range sch.Weights {
		parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	if sch.DefaultWeights || sch.Algorithm != "fsrs" || !strings.Contains(out, "Weights: "+strings.Join(parts, ", ")+"\n") {
		t.Errorf("scheduler = %+v; optimize printed:\n%s", sch, out)
	}
	after := e.must("2026-12-01", "", "cards", "--json")
	if after == before {
		t.Error("cards --json shows the same states after optimize")
	}
	var cj calibrationJSON
	if err := json.Unmarshal([]byte(e.must("2026-12-01", "", "stats", "--calibration", "--json")), &cj); err != nil {
		t.Fatal(err)
	}
	if len(cj.Algorithms) != 3 || cj.Algorithms[0].Name != "sm2" || cj.Algorithms[1].Name != "fsrs-default" ||
		cj.Algorithms[2].Name != "fsrs-fitted" || !cj.Meaningful || cj.Algorithms[2].Answers == 0 ||
		cj.Algorithms[2].LogLoss >= cj.Algorithms[1].LogLoss || len(cj.Algorithms[2].Bins) != 10 {
		t.Errorf("stats --calibration --json = %+v", cj)
	}
	// The stored states are FSRS's under the fitted weights: doctor finds
	// them equal to a replay of the log.
	e.must("2026-12-01", "", "doctor")

	out = e.must("2026-12-01", "", "optimize", "--reset")
	if !strings.Contains(out, "FSRS-6 (desired retention 0.90, default weights)") {
		t.Errorf("reset printed:\n%s", out)
	}
	if e.must("2026-12-01", "", "cards", "--json") != before {
		t.Error("--reset did not give the states of the default weights back")
	}
}
