package main

import (
	"fmt"
)

// The stats report's rubric sections: readiness per interview round, the
// key points most often missed, and the past mocks. A collection without
// rubric cards or mocks shows none of them.

func (r *statsReport) rounds() {
	rs := r.s.Rounds
	if rs == nil {
		return
	}
	prompts := 0
	for _, x := range rs.Readiness {
		prompts += x.Prompts
	}
	if prompts == 0 && len(rs.Mocks) == 0 {
		return
	}
	r.section("Readiness by interview round (rubric prompts)")
	fixed := 14 + 1 + 7 + 1 + 9 + 1 + 8 + 2
	narrow := r.w < 60 // PRACTISED goes: --json has it
	if narrow {
		fixed = 14 + 1 + 7 + 1 + 8 + 2
	}
	barW := r.w - fixed
	if narrow {
		r.line("%-14s %7s %8s", "ROUND", "PROMPTS", "COVERAGE")
	} else {
		r.line("%-14s %7s %9s %8s", "ROUND", "PROMPTS", "PRACTISED", "COVERAGE")
	}
	for _, x := range rs.Readiness {
		if x.Prompts == 0 && x.Practised == 0 {
			continue
		}
		cov, bar := "—", ""
		if x.Coverage != nil {
			cov = fmt.Sprintf("%.0f%%", *x.Coverage*100)
			bar = r.colourBy(*x.Coverage*100, statsBar(*x.Coverage, barW))
		}
		if narrow {
			r.line("%-14s %7d %8s  %s", x.Round, x.Prompts, cov, bar)
			continue
		}
		r.line("%-14s %7d %9d %8s  %s", x.Round, x.Prompts, x.Practised, cov, bar)
	}
	r.wrap("COVERAGE: the mean, over the round's prompts answered in review or a mock, of the share of key points the latest answer hit.")
	if len(rs.Missed) > 0 {
		r.section("Key points most often missed")
		for _, m := range rs.Missed {
			r.line("%s  %s", statsPad(fmt.Sprintf("%d of %d", m.Missed, m.Answers), 8), fit(clean(m.Text), r.w-10))
			r.line("          %s", r.sty.dim(fit("in: "+clean(m.Prompt), r.w-10)))
		}
	}
	if len(rs.Mocks) > 0 {
		r.section("Past mock interviews")
		r.line("%-10s  %-9s  %7s  %8s", "DATE", "COMPANY", "ANSWERS", "COVERAGE")
		for _, m := range rs.Mocks {
			r.line("%-10s  %-9s  %7d  %8s", m.Day, m.Company, m.Answers, pct(m.Coverage))
		}
	}
}
