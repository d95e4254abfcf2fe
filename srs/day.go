package srs

import (
	"fmt"
	"time"
)

// Day is a calendar day in the user's time: the number of days since
// 1970-01-01. It prints as YYYY-MM-DD.
type Day int

// DayOf returns the user's day at instant t: the calendar date of t in loc,
// less startHour hours. With startHour 4 the day turns at 04:00, as in Anki.
func DayOf(t time.Time, loc *time.Location, startHour int) Day {
	lt := t.In(loc).Add(-time.Duration(startHour) * time.Hour)
	y, m, d := lt.Date()
	return Date(y, m, d)
}

// Date returns the Day of a calendar date.
func Date(y int, m time.Month, d int) Day {
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDay reads a YYYY-MM-DD day.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("day %q is not YYYY-MM-DD", s)
	}
	return Day(t.Unix() / 86400), nil
}

// Time returns midnight UTC of the day.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as YYYY-MM-DD.
func (d Day) String() string { return d.Time().Format(time.DateOnly) }

// Add returns the day n days later.
func (d Day) Add(n int) Day { return d + Day(n) }
