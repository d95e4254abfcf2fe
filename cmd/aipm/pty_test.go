package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// screen collects what the child prints to the pty.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// waitFor polls until the screen shows want after offset, or fails.
func (s *screen) waitFor(t *testing.T, want string, from int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		out := s.String()
		if i := strings.Index(out[from:], want); i >= 0 {
			return from + i + len(want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q; it shows:\n%s", want, s.String())
	return 0
}

// TestReviewOnTerminal drives the real single-key mode through a pty:
// space reveals, a digit grades with no Enter, q quits. The grades land in
// the database and the terminal is back in cooked mode afterwards.
func TestReviewOnTerminal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "aipm.db")
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty on this machine:", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "review")
	cmd.Env = append(os.Environ(), "AIPM_TEST_MAIN=1", "AIPM_DB="+db, "AIPM_CONFIG="+filepath.Join(dir, "none.yaml"),
		"AIPM_NOW=2026-12-01T09:00:00Z", "TZ=UTC", "NO_COLOR=1", "TERM=xterm")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var scr screen
	go io.Copy(&scr, ptmx)

	at := scr.waitFor(t, "[space] show answer", 0)
	ptmx.Write([]byte(" "))
	at = scr.waitFor(t, "0-2 wrong", at)
	ptmx.Write([]byte("4")) // no Enter: a single key grades
	at = scr.waitFor(t, "Recorded 4.", at)
	at = scr.waitFor(t, "[space] show answer", at)
	ptmx.Write([]byte(" "))
	at = scr.waitFor(t, "0-2 wrong", at)
	ptmx.Write([]byte("9")) // not a grade: refused, nothing recorded
	at = scr.waitFor(t, "9 is not a grade: grades are 0-5.", at)
	ptmx.Write([]byte("g")) // good = 4
	at = scr.waitFor(t, "Recorded 4.", at)
	at = scr.waitFor(t, "[space] show answer", at)
	ptmx.Write([]byte("q"))
	scr.waitFor(t, "Session: 2 cards drilled", at)

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("aipm review exited with %v; screen:\n%s", err, scr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("aipm review did not exit after q")
	}
	out := scr.String()
	if !strings.Contains(out, "\r\n") {
		t.Error("raw mode output should end lines with \\r\\n")
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
		t.Errorf("terminal not restored: lflag %#x→%#x iflag %#x→%#x oflag %#x→%#x",
			before.Lflag, after.Lflag, before.Iflag, after.Iflag, before.Oflag, after.Oflag)
	}

	got := queryRows(t, db, "SELECT kind, grade, reps_after, interval_after, due_after FROM revlog ORDER BY seq")
	want := "review 4 1 1 2026-12-02\nreview 4 1 1 2026-12-02\n"
	if got != want {
		t.Errorf("revlog after the pty session:\n%s\nwant:\n%s", got, want)
	}
}

// TestReviewCtrlC: Ctrl-C in raw mode quits cleanly with exit 130, keeps
// the answers given and restores the terminal.
func TestReviewCtrlC(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "aipm.db")
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty on this machine:", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "review")
	cmd.Env = append(os.Environ(), "AIPM_TEST_MAIN=1", "AIPM_DB="+db, "AIPM_CONFIG="+filepath.Join(dir, "none.yaml"),
		"AIPM_NOW=2026-12-01T09:00:00Z", "TZ=UTC", "NO_COLOR=1", "TERM=xterm")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var scr screen
	go io.Copy(&scr, ptmx)
	at := scr.waitFor(t, "[space] show answer", 0)
	ptmx.Write([]byte("e")) // a grade key before the reveal only reveals
	at = scr.waitFor(t, "0-2 wrong", at)
	ptmx.Write([]byte("e"))
	at = scr.waitFor(t, "Recorded 5.", at)
	scr.waitFor(t, "[space] show answer", at)
	ptmx.Write([]byte{3}) // Ctrl-C
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errorAs(err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("exit = %v, want %d; screen:\n%s", err, exitInterrupted, scr.String())
	}
	after, _ := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if after.Lflag != before.Lflag {
		t.Errorf("terminal not restored after Ctrl-C: lflag %#x→%#x", before.Lflag, after.Lflag)
	}
	if got := queryRows(t, db, "SELECT grade FROM revlog"); got != "5\n" {
		t.Errorf("revlog grades = %q, want the one answer given", got)
	}
}

func errorAs(err error, target **exec.ExitError) bool {
	ee, ok := err.(*exec.ExitError)
	if ok {
		*target = ee
	}
	return ok
}

// queryRows runs a read-only query and returns its rows, space-separated.
func queryRows(t *testing.T, db, query string) string {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			parts[i] = fmt.Sprint(v)
		}
		b.WriteString(strings.Join(parts, " ") + "\n")
	}
	return b.String()
}
