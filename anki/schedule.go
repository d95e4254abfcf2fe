package anki

import (
	"time"

	"github.com/aipmhq/aipm/srs"
)

// Schedule is a card's Anki progress as aipm keeps it.
type Schedule struct {
	// Scheduled is false for a card Anki never answered (it stays new).
	Scheduled bool
	Reps      int // SM-2's streak of passes (see ScheduleOf)
	Interval  int // days
	EF        int // hundredths: Anki's factor / 10, at least 130
	Due       srs.Day
	LastDay   srs.Day // the day of the last answer, from which elapsed days count
	Lapses    int
	Suspended bool
	Buried    bool
	// History is the card's answers, oldest first: revlog rows that are
	// answers (manual changes and reschedules are left out).
	History []Answer
}

// Answer is one past answer from the revlog.
type Answer struct {
	ID           int64 // the revlog id: its instant in milliseconds
	At           time.Time
	Day          srs.Day
	Grade        int // aipm's 0-5: again 1, hard 3, good 4, easy 5
	Interval     int // the interval it gave, in days (0 while learning)
	LastInterval int // the interval before it, in days (0 while learning or new)
	EF           int // hundredths
	Duration     time.Duration
}

// ScheduleOf converts a card's Anki state for the user whose days dayOf
// gives (time zone and rollover hour), today being today:
//
//   - a review card keeps its interval, ease (factor / 1000 as EF) and due
//     day: due counts days from the collection's creation day;
//   - Reps is SM-2's streak of passes, which Anki does not keep (its reps
//     is a total): the trailing run of passing answers in the revlog,
//     counting one answer a day (the first, as aipm schedules), or 2 for a
//     review card with no revlog, so its next interval is
//     round(interval × EF);
//   - a learning or relearning card is due today, with Reps 0;
//   - lapses, suspension and burial are kept.
func (p *Package) ScheduleOf(k Card, today srs.Day, dayOf func(time.Time) srs.Day) Schedule {
	s := Schedule{Suspended: k.Queue == -1, Buried: k.Queue == -2 || k.Queue == -3, Lapses: max(k.Lapses, 0)}
	s.EF = max(k.Factor/10, 130)
	if k.Factor == 0 {
		s.EF = 250
	}
	var lastFirst srs.Day
	streak := 0
	for _, r := range k.Reviews {
		if r.Ease < 1 || r.Ease > 4 || r.Type > 3 {
			continue
		}
		at := time.UnixMilli(r.ID).UTC()
		a := Answer{ID: r.ID, At: at, Day: dayOf(at), Grade: p.grade(r), Interval: max(r.Ivl, 0),
			LastInterval: max(r.LastIvl, 0), EF: 250, Duration: time.Duration(max(r.Time, 0)) * time.Millisecond}
		if r.Factor > 0 {
			a.EF = max(r.Factor/10, 130)
		}
		if len(s.History) == 0 || a.Day != lastFirst {
			if a.Grade >= 3 {
				streak++
			} else {
				streak = 0
			}
			lastFirst = a.Day
		}
		s.History = append(s.History, a)
	}
	switch k.Type {
	case 2: // review
		s.Scheduled = true
		s.Interval = max(k.Ivl, 1)
		s.Due = dayOf(p.Created).Add(int(k.Due))
		s.Reps = streak
		if len(s.History) == 0 {
			s.Reps = 2
		}
	case 1, 3: // learning, relearning
		s.Scheduled = true
		if k.Type == 3 {
			s.Interval = max(k.Ivl, 0)
		}
		s.Due = today
	default:
		return s
	}
	switch {
	case len(s.History) > 0:
		s.LastDay = s.History[len(s.History)-1].Day
	case k.Type == 2:
		s.LastDay = min(s.Due.Add(-s.Interval), today)
	default:
		s.LastDay = today.Add(-1) // so that today's answer schedules it
	}
	return s
}

// grade maps an Anki ease to aipm's grade. Under the v1 scheduler a
// learning card had three buttons: again, good, easy.
func (p *Package) grade(r Review) int {
	if p.SchedVer == 1 && (r.Type == 0 || r.Type == 2) {
		return [...]int{0, 1, 4, 5, 5}[r.Ease]
	}
	return [...]int{0, 1, 3, 4, 5}[r.Ease]
}
