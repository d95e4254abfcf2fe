package main

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/aipmhq/aipm/internal/ankitest"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestAnkiScripts runs the Anki package scripts (testdata/anki), which
// build their packages with `ankipkg`.
func TestAnkiScripts(t *testing.T) {
	p := scriptParams("testdata/anki")
	p.Cmds["ankipkg"] = cmdAnkiPkg
	testscript.Run(t, p)
}

// cmdAnkiPkg writes a test package into the script's work folder:
//
//	ankipkg VERSION [newer] NAME
//
// VERSION is 1 (collection.anki2), 2 (collection.anki21) or 3
// (collection.anki21b); the schedule is placed around $AIPM_NOW.
func cmdAnkiPkg(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: ankipkg VERSION [newer] NAME")
	}
	v, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("version %q: %v", args[0], err)
	}
	now, err := time.Parse(time.RFC3339, ts.Getenv("AIPM_NOW"))
	if err != nil {
		ts.Fatalf("AIPM_NOW: %v", err)
	}
	spec := ankitest.Spec{Version: v, Today: now, Newer: len(args) == 3 && args[1] == "newer"}
	built := ankitest.Build(tbOf{ts}, ts.MkAbs("."), spec)
	ts.Check(os.Rename(built, ts.MkAbs(args[len(args)-1])))
}

// tbOf lets a script use a testing.TB helper.
type tbOf struct{ ts *testscript.TestScript }

func (t tbOf) Helper()           {}
func (t tbOf) Fatal(args ...any) { t.ts.Fatalf("%s", fmt.Sprint(args...)) }
