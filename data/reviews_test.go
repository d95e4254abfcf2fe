package data

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/srs"
)

// answerDays records answers on the cards over days: card i gets grade
// (i+d) % 6 on day d, for every day d in days, and a re-drill on day 0.
func answerDays(t *testing.T, s *Store, ids []string, days []int) {
	t.Helper()
	ctx := context.Background()
	for _, d := range days {
		for i, id := range ids {
			at := t0.Add(time.Duration(d)*24*time.Hour + time.Duration(i)*time.Minute)
			ev := Event{CardID: id, Grade: (i + d) % 6, At: at, ShownAt: at.Add(-3 * time.Second),
				Day: day0.Add(d), Duration: 3 * time.Second, MaxInterval: 365}
			if _, err := s.Record(ctx, ev); err != nil {
				t.Fatal(err)
			}
			if d == 0 {
				ev.At, ev.Grade = ev.At.Add(time.Second), 5
				if _, err := s.Record(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func exportReviews(t *testing.T, s *Store) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := s.ExportReviews(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func dayOfUTC(t time.Time) srs.Day { return srs.DayOf(t, time.UTC, 0) }

// TestReviewsRoundTrip exports the scheduling answers, imports them into a
// fresh database with the same deck, and finds the same states and the
// same export, under SM-2 and under FSRS; a second import adds nothing.
func TestReviewsRoundTrip(t *testing.T) {
	for _, algo := range []string{"sm2", "fsrs"} {
		t.Run(algo, func(t *testing.T) {
			ctx := context.Background()
			src, ids := openTest(t, 6)
			dst, _ := openTest(t, 6)
			for _, s := range []*Store{src, dst} {
				set := DefaultSchedulerSettings()
				set.Algorithm = algo
				if _, err := s.SetScheduler(ctx, set, t0, false); err != nil {
					t.Fatal(err)
				}
			}
			answerDays(t, src, ids, []int{0, 1, 3, 4, 9, 30})
			csvText := exportReviews(t, src)
			if lines := strings.Count(csvText, "\n"); lines != 1+6*6 {
				t.Fatalf("export has %d lines, want a header and 36 answers (no re-drills):\n%s", lines, csvText)
			}
			if !strings.HasPrefix(csvText, "card_id,review_time,review_rating,review_state,review_duration,aipm_grade\n") {
				t.Fatalf("header: %q", strings.SplitN(csvText, "\n", 2)[0])
			}
			first := strings.Split(csvText, "\n")[1]
			if want := ids[0] + ",1796115600000,1,0,3000,0"; first != want {
				t.Errorf("first row = %q, want %q", first, want)
			}
			rows, err := ParseReviews(strings.NewReader(csvText), "r.csv")
			if err != nil {
				t.Fatal(err)
			}
			opts := ReviewsOptions{File: "r.csv", DayOf: dayOfUTC, MaxInterval: 365}
			res, err := dst.ImportReviews(ctx, rows, opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Added != 36 || res.Skipped != 0 || res.Cards != 6 {
				t.Errorf("import = %+v, want 36 added to 6 cards", res)
			}
			for _, id := range ids {
				a, _ := src.Card(ctx, id)
				b, _ := dst.Card(ctx, id)
				if a.Memory() != b.Memory() || a.Due != b.Due || a.Lapses != b.Lapses {
					t.Errorf("card %s: imported %+v due %s, exported %+v due %s", id, b.Memory(), b.Due, a.Memory(), a.Due)
				}
			}
			if again := exportReviews(t, dst); again != csvText {
				t.Errorf("the import's export differs:\n%s\nwant\n%s", again, csvText)
			}
			res, err = dst.ImportReviews(ctx, rows, opts)
			if err != nil || res.Added != 0 || res.Skipped != 36 {
				t.Errorf("second import = %+v, %v; want 36 skipped", res, err)
			}
			if again := exportReviews(t, dst); again != csvText {
				t.Error("a second import changed the log")
			}
		})
	}
}

// TestImportReviewsWithoutGrades maps ratings 1-4 to grades 1, 3, 4, 5.
func TestImportReviewsWithoutGrades(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 1)
	in := "card_id,review_time,review_rating\n" +
		ids[0] + ",1796115600000,3\n" + ids[0] + ",1796202000000,4\n"
	rows, err := ParseReviews(strings.NewReader(in), "a.csv")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Grade != 4 || rows[1].Grade != 5 || rows[1].Line != 3 {
		t.Fatalf("rows = %+v", rows)
	}
	if _, err := s.ImportReviews(ctx, rows, ReviewsOptions{File: "a.csv", DayOf: dayOfUTC}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Card(ctx, ids[0])
	if m := c.Memory(); m.Reps != 2 || m.Interval != 6 || c.Due != "2026-12-08" {
		t.Errorf("card = %+v due %s, want reps 2, interval 6, due 2026-12-08", c.Memory(), c.Due)
	}
}

// TestImportReviewsBadRows reports each bad row as file:line and writes
// nothing.
func TestImportReviewsBadRows(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 1)
	in := "card_id,review_time,review_rating,review_state,review_duration,aipm_grade\n" +
		ids[0] + ",1796115600000,3,0,1000,3\n" +
		ids[0] + ",soon,3,2,1000,3\n" +
		ids[0] + ",1796202000000,5,2,1000,3\n" +
		ids[0] + ",1796288400000,3,2,1000,5\n"
	_, err := ParseReviews(strings.NewReader(in), "bad.csv")
	for _, want := range []string{
		`bad.csv:3: review_time "soon" is not a whole number`,
		`bad.csv:4: review_rating "5" is not a whole number from 1 to 4`,
		`bad.csv:5: aipm_grade 5 is rating 4, not review_rating 3`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant it to say %s", err, want)
		}
	}
	rows, err := ParseReviews(strings.NewReader("card_id,review_time,review_rating\n"+
		ids[0]+",1796115600000,3\nnope,1796115600000,3\n"), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportReviews(ctx, rows, ReviewsOptions{File: "x.csv", DayOf: dayOfUTC})
	var re *ReviewsError
	if !errors.As(err, &re) || re.Line != 3 || !strings.Contains(err.Error(), "card nope is not in the collection") {
		t.Fatalf("error = %v, want x.csv:3 naming card nope", err)
	}
	if got := exportReviews(t, s); strings.Count(got, "\n") != 1 {
		t.Errorf("a refused import wrote answers:\n%s", got)
	}
	// An answer older than the card's last one is refused too.
	answerDays(t, s, ids, []int{0})
	rows, _ = ParseReviews(strings.NewReader("card_id,review_time,review_rating\n"+ids[0]+",1700000000000,3\n"), "old.csv")
	if _, err = s.ImportReviews(ctx, rows, ReviewsOptions{File: "old.csv", DayOf: dayOfUTC}); err == nil ||
		!strings.Contains(err.Error(), "old.csv:2: card "+ids[0]+" already has a later answer") {
		t.Errorf("error = %v", err)
	}
}

// TestCalibrationKnownLog: 30 cards answered good on day 0 and day 1. SM-2
// gave each an interval of 1 day, so it predicts recall 0.9; FSRS-6 with
// the default weights predicts R(1 day, w2).
func TestCalibrationKnownLog(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 30)
	for d := range 2 {
		for i, id := range ids {
			at := t0.Add(time.Duration(d)*24*time.Hour + time.Duration(i)*time.Second)
			if _, err := s.Record(ctx, Event{CardID: id, Grade: 4, At: at, Day: day0.Add(d)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	cal, err := s.Calibration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Answers != 60 || len(cal.Algorithms) != 2 {
		t.Fatalf("calibration = %+v, want 60 answers and two algorithms", cal)
	}
	w := srs.DefaultFSRSParams().Weights
	factor := math.Pow(0.9, -1/w[20]) - 1
	for _, c := range []struct {
		name string
		p    float64
	}{{AlgoSM2, 0.9}, {AlgoFSRSDefault, math.Pow(1+factor/w[2], -w[20])}} {
		var got AlgorithmFit
		for _, a := range cal.Algorithms {
			if a.Name == c.name {
				got = a
			}
		}
		if got.N != 30 || math.Abs(got.LogLoss+math.Log(c.p)) > 1e-9 || math.Abs(got.RMSEBins-(1-c.p)) > 1e-9 {
			t.Errorf("%s: %+v, want 30 answers, log loss %.6f, RMSE %.6f", c.name, got.Metrics, -math.Log(c.p), 1-c.p)
		}
		if b := got.Calibration[int(c.p*10)]; b.N != 30 || b.Actual != 1 {
			t.Errorf("%s: calibration bin %+v", c.name, b)
		}
	}
}

// TestOptimize refuses a short log, and on a long one stores weights that
// predict the held-out answers better, which FSRS then schedules with.
func TestOptimize(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 20)
	answerDays(t, s, ids, []int{0, 1, 2, 3, 5, 8})
	_, err := s.Optimize(ctx, OptimizeOptions{At: t0})
	var ne *NotEnoughAnswersError
	if !errors.As(err, &ne) || ne.Answers != 120 || !strings.Contains(err.Error(), "at least 400 scheduling answers to fit FSRS; this collection has 120") {
		t.Fatalf("error = %v, want a refusal naming 120 answers", err)
	}

	big, err := Open(ctx, t.TempDir()+"/big.db", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer big.Close()
	if _, err := big.BuildFixture(ctx, FixtureOptions{Cards: 400, Reviews: 6000, Seed: 3, Today: day0, Days: 200}); err != nil {
		t.Fatal(err)
	}
	set := DefaultSchedulerSettings()
	set.Algorithm = "fsrs"
	if _, err := big.SetScheduler(ctx, set, t0, false); err != nil {
		t.Fatal(err)
	}
	dry, err := big.Optimize(ctx, OptimizeOptions{At: t0, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !dry.Better || dry.Stored || dry.After.LogLoss >= dry.Before.LogLoss || dry.Weights == srs.DefaultFSRSParams().Weights {
		t.Fatalf("dry run = %+v", dry)
	}
	if got, _ := big.SchedulerSettings(ctx); !got.DefaultWeights() {
		t.Fatal("a dry run stored weights")
	}
	o, err := big.Optimize(ctx, OptimizeOptions{At: t0})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := big.SchedulerSettings(ctx)
	if !o.Stored || got.Weights != o.Weights || o.Weights != dry.Weights || got.Algorithm != "fsrs" || o.Switch.Backup == "" || o.Switch.Cards == 0 {
		t.Errorf("optimize = %+v; settings %+v", o, got)
	}
	cal, err := big.Calibration(ctx)
	if err != nil || len(cal.Algorithms) != 3 || cal.Algorithms[2].Name != AlgoFSRSFitted ||
		cal.Algorithms[2].LogLoss >= cal.Algorithms[1].LogLoss {
		t.Errorf("calibration after optimize = %+v, %v", cal, err)
	}
}

// TestCalibrationMatchesReference loads a reference learner's log
// (srs/fit/testdata, from fsrs-rs) through import --reviews and finds the
// log loss of fsrs-rs's evaluate for the default weights, to 1e-4.
func TestCalibrationMatchesReference(t *testing.T) {
	f, err := os.Open("../srs/fit/testdata/learner-a.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Default struct {
			LogLoss  float64 `json:"log_loss"`
			RMSEBins float64 `json:"rmse_bins"`
		} `json:"default"`
		Cards [][][2]int `json:"cards"`
	}
	if err := json.NewDecoder(zr).Decode(&ref); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, ids := openTest(t, len(ref.Cards))
	var rows []ReviewRow
	for ci, c := range ref.Cards {
		for _, a := range c {
			// Noon UTC on the answer's day, a second apart in card order:
			// the order fsrs-rs's items were given in.
			at := t0.Add(time.Duration(a[1])*24*time.Hour + 3*time.Hour + time.Duration(ci)*time.Second)
			rows = append(rows, ReviewRow{CardID: ids[ci], At: at, Grade: ratingGrade[a[0]]})
		}
	}
	if _, err := s.ImportReviews(ctx, rows, ReviewsOptions{File: "ref", DayOf: dayOfUTC}); err != nil {
		t.Fatal(err)
	}
	cal, err := s.Calibration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := cal.Algorithms[1]
	if got.Name != AlgoFSRSDefault || math.Abs(got.LogLoss-ref.Default.LogLoss) > 1e-4 || math.Abs(got.RMSEBins-ref.Default.RMSEBins) > 1e-4 {
		t.Errorf("%s: log loss %.6f, RMSE(bins) %.6f; fsrs-rs's evaluate %.6f, %.6f", got.Name, got.LogLoss, got.RMSEBins,
			ref.Default.LogLoss, ref.Default.RMSEBins)
	}
}

// TestExportReviewsAfterPrune: a prune row starts the card afresh (state
// 0 again), and a card whose first row is a prune is no trouble.
func TestExportReviewsAfterPrune(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 2)
	prune := func(id string, at time.Time) {
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			_, err := insertLog(ctx, tx, logRow{card: id, kind: srs.LogPrune, at: at, day: dayOfUTC(at)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	prune(ids[1], t0.Add(-time.Hour))
	answerDays(t, s, ids, []int{0, 1})
	prune(ids[0], t0.Add(36*time.Hour))
	answerDays(t, s, ids[:1], []int{2})
	var states []string
	for _, line := range strings.Split(strings.TrimSpace(exportReviews(t, s)), "\n")[1:] {
		f := strings.Split(line, ",")
		states = append(states, f[0][:1]+f[3])
	}
	want := []string{ids[0][:1] + "0", ids[1][:1] + "0", ids[0][:1] + "3", ids[1][:1] + "3", ids[0][:1] + "0"}
	if strings.Join(states, " ") != strings.Join(want, " ") {
		t.Errorf("card, state = %v, want %v", states, want)
	}
	rl, err := s.ReviewLog(ctx)
	if err != nil || rl.Answers != 5 || rl.Log.Len() != 2 {
		t.Errorf("review log: %d answers, %d predictions, %v; want 5 and 2", rl.Answers, rl.Log.Len(), err)
	}
}

// TestScheduledInParts: the log read in parallel ranges gives the same
// export, review log and calibration as read in one.
func TestScheduledInParts(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 5)
	answerDays(t, s, ids, []int{0, 1, 2, 4, 7, 12, 20})
	whole := exportReviews(t, s)
	cal, err := s.Calibration(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func(v int64) { scanSplit = v }(scanSplit)
	scanSplit = 1
	for _, procs := range []int{2, 3, 7} {
		old := runtime.GOMAXPROCS(procs)
		parts := exportReviews(t, s)
		cal2, err := s.Calibration(ctx)
		runtime.GOMAXPROCS(old)
		if parts != whole || err != nil || fmt.Sprint(cal2) != fmt.Sprint(cal) {
			t.Errorf("in %d parts: export\n%s\nwant\n%s\ncalibration %v, want %v (%v)", procs, parts, whole, cal2, cal, err)
		}
	}
}

// TestReviewLogWithHistory: the answers an Anki package brought in come
// before the card's own, in one sequence; its baseline row is passed over.
func TestReviewLogWithHistory(t *testing.T) {
	ctx := context.Background()
	s, ids := openTest(t, 1)
	for i, kind := range []srs.LogKind{logHistory, logHistory, logBaseline} {
		at := t0.Add(time.Duration(i-10) * 24 * time.Hour)
		g := 4
		row := logRow{card: ids[0], kind: kind, at: at, day: dayOfUTC(at), grade: &g}
		if kind == logBaseline {
			row.grade = nil
		}
		if err := s.tx(ctx, func(tx *sql.Tx) error { _, err := insertLog(ctx, tx, row); return err }); err != nil {
			t.Fatal(err)
		}
	}
	answerDays(t, s, ids, []int{0})
	got := exportReviews(t, s)
	var states []string
	for _, line := range strings.Split(strings.TrimSpace(got), "\n")[1:] {
		states = append(states, strings.Split(line, ",")[3])
	}
	if strings.Join(states, " ") != "0 2 2" {
		t.Errorf("states = %v, want 0 2 2 (two Anki answers, then aipm's):\n%s", states, got)
	}
	rl, err := s.ReviewLog(ctx)
	if err != nil || rl.Answers != 3 || rl.Log.Len() != 2 {
		t.Errorf("review log: %d answers, %d predictions, %v; want 3 and 2", rl.Answers, rl.Log.Len(), err)
	}
}
