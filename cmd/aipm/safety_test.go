package main

// CLI tests for issue 12: aipm never deletes, overwrites or detaches a
// person's data.

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/aipmhq/aipm/data"
)

// TestReportHints: an error that carries a hint prints as "aipm: MSG" and
// "try: HINT", wherever the message holds a semicolon or a parenthesis,
// and however it is wrapped.
func TestReportHints(t *testing.T) {
	newer := &data.PathError{Path: "/x/aipm.db", Msg: "was written by a newer aipm (schema version 99; this aipm knows up to 1)",
		Hint: "upgrade aipm, or point --db at another file; the file was not changed"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"path error with semicolons", newer,
			"aipm: database /x/aipm.db was written by a newer aipm (schema version 99; this aipm knows up to 1)\ntry: upgrade aipm, or point --db at another file; the file was not changed\n"},
		{"wrapped path error", fmt.Errorf("back up before migrating: %w", newer),
			"aipm: back up before migrating: database /x/aipm.db was written by a newer aipm (schema version 99; this aipm knows up to 1)\ntry: upgrade aipm, or point --db at another file; the file was not changed\n"},
		{"hint", data.Hintf("free some space", "disk full (a; b)"), "aipm: disk full (a; b)\ntry: free some space\n"},
		{"plain", errors.New("no deck with id x"), "aipm: no deck with id x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errw bytes.Buffer
			a := &app{Err: &errw}
			if code := a.report(tt.err); code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if errw.String() != tt.want {
				t.Errorf("stderr =\n%q\nwant\n%q", errw.String(), tt.want)
			}
		})
	}
}
