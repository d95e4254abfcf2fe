package srs

import (
	"testing"
	"time"
)

func TestDayOf(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	tests := []struct {
		name  string
		at    string
		loc   *time.Location
		start int
		want  string
	}{
		{"morning", "2026-12-01T09:00:00Z", time.UTC, 4, "2026-12-01"},
		{"03:59 is still yesterday", "2026-12-02T03:59:00Z", time.UTC, 4, "2026-12-01"},
		{"04:00 starts the day", "2026-12-02T04:00:00Z", time.UTC, 4, "2026-12-02"},
		{"midnight rollover", "2026-12-02T00:00:00Z", time.UTC, 0, "2026-12-02"},
		{"local zone", "2026-12-02T09:30:00Z", ny, 4, "2026-12-02"},              // 04:30 EST
		{"local zone before start", "2026-12-02T08:59:00Z", ny, 4, "2026-12-01"}, // 03:59 EST
	}
	for _, tt := range tests {
		at, _ := time.Parse(time.RFC3339, tt.at)
		if got := DayOf(at, tt.loc, tt.start).String(); got != tt.want {
			t.Errorf("%s: DayOf(%s, %s, %d) = %s, want %s", tt.name, tt.at, tt.loc, tt.start, got, tt.want)
		}
	}
}

func TestDayParseAndAdd(t *testing.T) {
	d, err := ParseDay("2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Add(1).String(); got != "2027-01-01" {
		t.Errorf("2026-12-31 + 1 = %s", got)
	}
	if got := Date(2026, 12, 1); got != d-30 {
		t.Errorf("Date(2026-12-01) = %s, want %s", got, d-30)
	}
	if _, err := ParseDay("12/01/2026"); err == nil {
		t.Error("ParseDay accepted 12/01/2026")
	}
}
