// Package trials records how many times a fault test tried its fault, so
// that RELIABILITY.md's table of trials comes from the tests themselves:
// scripts/reliability.sh runs them with $AIPM_TRIALS set and collects the
// lines they append there.
package trials

import (
	"encoding/json"
	"os"
	"testing"
)

// Log appends one line to the file named by $AIPM_TRIALS (when set): the
// test, the fault it tried, how many trials ran and how many failed.
func Log(t testing.TB, fault string, trials, failed int) {
	t.Helper()
	path := os.Getenv("AIPM_TRIALS")
	if path == "" {
		return
	}
	b, err := json.Marshal(map[string]any{"test": t.Name(), "fault": fault, "trials": trials, "failed": failed})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatalf("trial log: %v", err)
	}
	defer f.Close()
	if _, err := f.Write(append(b, '\n')); err != nil {
		t.Fatalf("trial log: %v", err)
	}
}

// Count logs, when the test ends, that it tried fault n times: all of
// them failed if the test failed, none otherwise.
func Count(t testing.TB, fault string, n int) {
	t.Cleanup(func() {
		failed := 0
		if t.Failed() {
			failed = n
		}
		Log(t, fault, n, failed)
	})
}
