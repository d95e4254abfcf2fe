package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// The two charts of the stats report: the forecast of due cards and the
// calendar of reviews.

func (r *statsReport) forecast() {
	r.section(fmt.Sprintf("Forecast: cards due each day (next %s)", plural(len(r.s.Forecast), "day")))
	type row struct {
		label string
		n     int
	}
	rows := []row{{"today", r.s.Due.Today}}
	most := r.s.Due.Today
	for _, f := range r.s.Forecast {
		d, err := srs.ParseDay(f.Date)
		label := f.Date
		if err == nil {
			label = d.Time().Format("Mon 01-02")
		}
		rows = append(rows, row{label, f.Due})
		most = max(most, f.Due)
	}
	numW := len(strconv.Itoa(most))
	barW := r.w - 10 - 2 - numW - 2
	for _, x := range rows {
		bar := ""
		if most > 0 && x.n > 0 {
			bar = strings.Repeat("█", max(1, int(math.Round(float64(x.n)*float64(barW)/float64(most)))))
		}
		r.line("%-10s %*d  %s", x.label, numW, x.n, r.sty.cyan(bar))
	}
	if r.s.Due.Today > 0 {
		r.line("%s", r.sty.dim("today: due today or overdue, not yet answered"))
	}
}

// shades are the heatmap's levels: none, then quarters of the busiest day.
var shades = [...]string{"·", "░", "▒", "▓", "█"}

func (r *statsReport) heatmap() {
	// A narrow terminal shows the latest weeks that fit.
	weeks := max(min(data.HeatmapWeeks, (r.w-4)/2), 1)
	skip := data.HeatmapWeeks - weeks
	r.section("Reviews per day, last " + plural(weeks, "week"))
	today, err := srs.ParseDay(r.s.Day)
	if err != nil {
		return
	}
	from, err := srs.ParseDay(r.s.HeatFrom)
	if err != nil {
		return
	}
	from = from.Add(7 * skip)
	counts := map[string]int{}
	most, total, days := 0, 0, 0
	for _, h := range r.s.Heatmap {
		if h.Date < from.String() {
			continue
		}
		days++
		counts[h.Date] = h.Reviews
		most = max(most, h.Reviews)
		total += h.Reviews
	}
	level := func(n int) int {
		if n <= 0 || most == 0 {
			return 0
		}
		return (4*n + most - 1) / most
	}
	// Month labels above the week where each month starts.
	const left = 4
	months := []byte(strings.Repeat(" ", min(left+2*weeks+2, r.w)))
	next := 0
	for k := range weeks {
		for d := range 7 {
			t := from.Add(7*k + d).Time()
			if (k == 0 && d == 0) || t.Day() == 1 {
				pos := left + 2*k
				if pos >= next && pos+3 <= len(months) {
					copy(months[pos:], t.Format("Jan"))
					next = pos + 4
				}
			}
		}
	}
	r.line("%s", strings.TrimRight(string(months), " "))
	for d, name := range []string{"Mon", "", "Wed", "", "Fri", "", "Sun"} {
		var row strings.Builder
		fmt.Fprintf(&row, "%-*s", left, name)
		for k := range weeks {
			day := from.Add(7*k + d)
			if day > today {
				break
			}
			lv := level(counts[day.String()])
			cellText := shades[lv]
			if lv > 0 {
				cellText = r.sty.green(cellText)
			}
			row.WriteString(cellText + " ")
		}
		r.line("%s", strings.TrimRight(row.String(), " "))
	}
	legend := []string{"· none"}
	for lv := 1; lv <= 4; lv++ {
		lo, hi := (lv-1)*most/4+1, lv*most/4
		if most == 0 || lo > hi {
			continue
		}
		rng := strconv.Itoa(lo)
		if hi > lo {
			rng += "-" + strconv.Itoa(hi)
		}
		legend = append(legend, shades[lv]+" "+rng)
	}
	r.line("%s", strings.Join(legend, "  "))
	r.line("%s on %s", plural(total, "review"), plural(days, "day"))
}
