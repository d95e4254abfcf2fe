package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/aipmhq/aipm/data"
	fsrsfit "github.com/aipmhq/aipm/srs/fit"
)

// MinCalibrationAnswers is the fewest scheduling answers whose figures
// begin to mean something.
const minCalibrationAnswers = 100

type calibrationBinJSON struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Answers   int     `json:"answers"`
	Predicted float64 `json:"predicted"`
	Actual    float64 `json:"actual"`
}

type algorithmJSON struct {
	Name     string               `json:"name"`
	LogLoss  float64              `json:"log_loss"`
	RMSEBins float64              `json:"rmse_bins"`
	Answers  int                  `json:"answers"`
	Bins     []calibrationBinJSON `json:"bins"`
}

type calibrationJSON struct {
	ScheduledAnswers int             `json:"scheduling_answers"`
	Meaningful       bool            `json:"meaningful"`
	Algorithms       []algorithmJSON `json:"algorithms"`
}

var algorithmTitles = map[string]string{
	data.AlgoSM2:         "SM-2",
	data.AlgoFSRSDefault: "FSRS-6, default weights",
	data.AlgoFSRSFitted:  "FSRS-6, fitted weights",
}

func runCalibration(ctx context.Context, a *app, o statsOptions) error {
	if o.Filter != (data.Filter{}) {
		return usagef("--calibration measures the whole review log: drop --deck and --topic")
	}
	st, err := a.openStoreReadExisting(ctx)
	if err != nil {
		return err
	}
	var cal data.Calibration
	if st != nil {
		if cal, err = st.Calibration(ctx); err != nil {
			return err
		}
	}
	if o.JSON {
		out := calibrationJSON{ScheduledAnswers: cal.Answers, Meaningful: cal.Answers >= minCalibrationAnswers}
		for _, al := range cal.Algorithms {
			j := algorithmJSON{Name: al.Name, LogLoss: al.LogLoss, RMSEBins: al.RMSEBins, Answers: al.N, Bins: []calibrationBinJSON{}}
			for i, b := range al.Calibration {
				j.Bins = append(j.Bins, calibrationBinJSON{From: float64(i) / 10, To: float64(i+1) / 10,
					Answers: b.N, Predicted: b.Predicted, Actual: b.Actual})
			}
			out.Algorithms = append(out.Algorithms, j)
		}
		return writeJSON(a.Out, out)
	}
	sty := a.styleFor(a.OutTTY)
	w := a.Out
	width := a.outWidth()
	fmt.Fprintf(w, "%s\n", sty.bold(wrap("Calibration: how well each algorithm predicted your recall", width)))
	scored := 0
	if len(cal.Algorithms) > 0 {
		scored = cal.Algorithms[0].N
	}
	fmt.Fprintln(w, wrap(fmt.Sprintf("%s in the log; %s scored (each answer after a card's first).",
		plural(cal.Answers, "scheduling answer"), plural(scored, "answer")), width))
	if cal.Answers < minCalibrationAnswers {
		fmt.Fprintf(w, "%s\n", sty.yellow(wrap(fmt.Sprintf("Fewer than %d scheduling answers: these figures are not yet meaningful.", minCalibrationAnswers), width)))
	}
	fmt.Fprintln(w, wrap("Lower is better for both: log loss (how surprised each algorithm was by your "+
		"answers) and RMSE(bins) (how far predicted recall is from actual recall).", width))
	fmt.Fprintln(w)
	nameW := max(min(24, width-22), 10) // the figures take 22 columns
	fmt.Fprintf(w, "%-*s %9s %11s\n", nameW, "Algorithm", "Log loss", "RMSE(bins)")
	for _, al := range cal.Algorithms {
		name := fit(algorithmTitles[al.Name], nameW)
		if al.N == 0 { // nothing scored: no figure to show
			fmt.Fprintf(w, "%-*s %9s %11s\n", nameW, name, "—", "—")
			continue
		}
		fmt.Fprintf(w, "%-*s %9.4f %11.4f\n", nameW, name, al.LogLoss, al.RMSEBins)
	}
	for _, al := range cal.Algorithms {
		fmt.Fprintln(w)
		writeCalibrationChart(w, sty, algorithmTitles[al.Name], al.Calibration, width)
	}
	return nil
}

// writeCalibrationChart draws predicted against actual recall in ten bins:
// each line is a bin of predicted recall, with its answers, the share that
// passed, and a bar of that share with a | at the mean prediction. A
// well-calibrated algorithm's bars end at their marks. 40 columns wide.
func writeCalibrationChart(w io.Writer, sty style, title string, bins [10]fsrsfit.CalibrationBin, width int) {
	const barW = 13
	fmt.Fprintln(w, wrap(title+": predicted vs actual recall", width))
	fmt.Fprintf(w, "%-9s %7s %6s\n", "predicted", "answers", "actual")
	for i := 9; i >= 0; i-- {
		b := bins[i]
		label := fmt.Sprintf("%d-%d%%", i*10, (i+1)*10)
		if b.N == 0 {
			fmt.Fprintf(w, "%-9s %7d %6s\n", label, 0, "—")
			continue
		}
		bar := []rune(strings.Repeat("█", int(math.Round(b.Actual*barW))) + strings.Repeat(" ", barW))[:barW+1]
		mark := min(int(math.Round(b.Predicted*barW)), barW)
		bar[mark] = '|'
		fmt.Fprintf(w, "%-9s %7d %5.0f%%  %s\n", label, b.N, b.Actual*100, sty.cyan(strings.TrimRight(string(bar), " ")))
	}
}
