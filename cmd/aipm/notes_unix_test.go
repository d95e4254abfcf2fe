//go:build unix

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOInDeckFolder: a named pipe in a deck folder is skipped with a
// warning, never opened (opening one with no writer blocks for ever). A
// pipe named on the command line is an error that says what it is.
func TestFIFOInDeckFolder(t *testing.T) {
	e := newFaultEnv(t)
	e.write("good.md", "Q: What is recall?\nA: TP / (TP + FN).\n")
	pipe := filepath.Join(e.dir, "pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A guard against the old hang, not a timing assertion: a run that
	// blocks is killed and fails below on its output.
	run := func(args ...string) (string, string, int) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := e.command(args...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			cmd.Process.Kill()
			<-done
			t.Fatalf("aipm %v hung on the FIFO", args)
		}
		code := 0
		if err != nil {
			code = cmd.ProcessState.ExitCode()
		}
		return out.String(), errb.String(), code
	}

	for _, cmd := range []string{"lint", "import"} {
		out, errs, code := run(cmd, ".")
		if code != 0 {
			t.Fatalf("aipm %s .: exit %d\n%s%s", cmd, code, out, errs)
		}
		want := "warning: pipe.md: skipped: a named pipe (FIFO), not a regular file\n"
		if cmd == "lint" {
			want = "pipe.md: skipped: a named pipe (FIFO), not a regular file (warning)\n"
		}
		if !strings.Contains(out+errs, want) {
			t.Errorf("aipm %s .: no %q in\n%s%s", cmd, want, out, errs)
		}
	}
	if n := e.query("SELECT count(*) FROM cards"); n != 1 {
		t.Errorf("%d cards imported, want 1", n)
	}
	_, errs, code := run("import", "pipe.md")
	want := "aipm: pipe.md: a named pipe (FIFO), not a regular file; aipm reads only regular files\n"
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("aipm import pipe.md: exit %d, stderr\n%s\nwant exit 1 and %q", code, errs, want)
	}
}
