package main

import (
	"bytes"
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

// ptySession is aipm review running on a pty, in a fresh database.
type ptySession struct {
	cmd    *exec.Cmd
	ptmx   *os.File
	tty    *os.File
	scr    *screen
	db     string
	before *unix.Termios // the terminal's state before aipm started
}

// startReviewOnPty starts `aipm review` with its stdin, stdout and stderr
// on a new pty, or skips the test when the machine has no ptys.
func startReviewOnPty(t *testing.T) *ptySession {
	t.Helper()
	return startOnPty(t, nil, "review")
}

// startOnPty runs aipm with args on a new pty, in a fresh database, with
// env added to its environment (see startReviewOnPty).
func startOnPty(t *testing.T, env []string, args ...string) *ptySession {
	t.Helper()
	dir := t.TempDir()
	p := &ptySession{db: filepath.Join(dir, "aipm.db"), scr: &screen{}}
	var err error
	if p.ptmx, p.tty, err = pty.Open(); err != nil {
		t.Skip("no pty on this machine:", err)
	}
	t.Cleanup(func() { p.ptmx.Close(); p.tty.Close() })
	if err := pty.Setsize(p.ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	if p.before, err = unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS); err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(os.Args[0], args...)
	p.cmd.Env = append(append(os.Environ(), "AIPM_TEST_MAIN=1", "AIPM_DB="+p.db, "AIPM_CONFIG="+filepath.Join(dir, "none.yaml"),
		"AIPM_NOW=2026-12-01T09:00:00Z", "TZ=UTC", "NO_COLOR=1", "TERM=xterm"), env...)
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = p.tty, p.tty, p.tty
	p.cmd.SysProcAttr = &unix.SysProcAttr{Setsid: true, Setctty: true}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(p.scr, p.ptmx)
	return p
}

// restored fails the test unless the terminal is back in its first state.
func (p *ptySession) restored(t *testing.T) {
	t.Helper()
	after, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != p.before.Lflag || after.Iflag != p.before.Iflag || after.Oflag != p.before.Oflag {
		t.Errorf("terminal not restored: lflag %#x→%#x iflag %#x→%#x oflag %#x→%#x",
			p.before.Lflag, after.Lflag, p.before.Iflag, after.Iflag, p.before.Oflag, after.Oflag)
	}
}

// TestReviewOnTerminal drives the real single-key mode through a pty:
// space reveals, a digit grades with no Enter, q quits. The grades land in
// the database and the terminal is back in cooked mode afterwards.
func TestReviewOnTerminal(t *testing.T) {
	p := startReviewOnPty(t)
	scr, ptmx, db := p.scr, p.ptmx, p.db
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
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("aipm review exited with %v; screen:\n%s", err, scr.String())
		}
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		t.Fatal("aipm review did not exit after q")
	}
	if !strings.Contains(scr.String(), "\r\n") {
		t.Error("raw mode output should end lines with \\r\\n")
	}
	p.restored(t)

	got := queryRows(t, db, "SELECT kind, grade, reps_after, interval_after, due_after FROM revlog ORDER BY seq")
	want := "review 4 1 1 2026-12-02\nreview 4 1 1 2026-12-02\n"
	if got != want {
		t.Errorf("revlog after the pty session:\n%s\nwant:\n%s", got, want)
	}
}

// TestReviewCtrlC: Ctrl-C in raw mode quits cleanly with exit 130, keeps
// the answers given and restores the terminal.
func TestReviewCtrlC(t *testing.T) {
	p := startReviewOnPty(t)
	scr, ptmx, db := p.scr, p.ptmx, p.db
	at := scr.waitFor(t, "[space] show answer", 0)
	ptmx.Write([]byte("e")) // a grade key before the reveal only reveals
	at = scr.waitFor(t, "0-2 wrong", at)
	ptmx.Write([]byte("e"))
	at = scr.waitFor(t, "Recorded 5.", at)
	scr.waitFor(t, "[space] show answer", at)
	ptmx.Write([]byte{3}) // Ctrl-C
	err := p.cmd.Wait()
	var ee *exec.ExitError
	if !errorAs(err, &ee) || ee.ExitCode() != exitInterrupted {
		t.Fatalf("exit = %v, want %d; screen:\n%s", err, exitInterrupted, scr.String())
	}
	p.restored(t)
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
	out, err := formatRows(db, query, " ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}
