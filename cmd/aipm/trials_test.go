package main

import (
	"encoding/json"
	"os"
	"testing"
)

// logTrials appends one line to the file named by $AIPM_TRIALS (when set):
// the test, the fault it tried, how many trials ran and how many failed.
// scripts/reliability.sh collects these lines into RELIABILITY.md, so that
// the trial counts there come from the tests.
func logTrials(t *testing.T, fault string, trials, failed int) {
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
