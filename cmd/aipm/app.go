package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// app carries everything a command touches in the outside world, so that
// every command can run in-process in tests.
type app struct {
	In          io.Reader
	Out, Err    io.Writer
	InTTY       bool // stdin is a terminal: read single keys
	OutTTY      bool
	ErrTTY      bool
	Getenv      func(string) string
	Clock       func() time.Time     // wall clock; only now() reads it
	Since       func() time.Duration // monotonic timer since start
	Builtin     fs.FS                // the built-in decks
	Width       func() int           // terminal width of Err, 0 when unknown
	MakeRaw     func() (restore func(), err error)
	cfg         *config
	cmdPath     string // the command that ran, for usage hints
	writes      bool   // the command writes: it reports a damaged file even when it wrote nothing
	fullCheck   bool   // the command wants the full integrity check of the file (doctor)
	store       *data.Store
	builtinDeck []*deck.Deck // the parsed built-in decks, once parsed
}

// newApp wires the real process environment.
func newApp(in io.Reader, out, errw io.Writer) *app {
	start := time.Now()
	a := &app{
		In: in, Out: out, Err: errw,
		Getenv:  os.Getenv,
		Clock:   time.Now,
		Since:   func() time.Duration { return time.Since(start) },
		Builtin: deck.Lessons(),
		Width:   func() int { return 0 },
	}
	a.InTTY = isTerminal(in)
	a.OutTTY = isTerminal(out)
	a.ErrTTY = isTerminal(errw)
	if f, ok := errw.(*os.File); ok && a.ErrTTY {
		a.Width = func() int {
			w, _, err := term.GetSize(int(f.Fd()))
			if err != nil {
				return 0
			}
			return w
		}
	}
	if f, ok := in.(*os.File); ok && a.InTTY {
		a.MakeRaw = func() (func(), error) {
			old, err := term.MakeRaw(int(f.Fd()))
			if err != nil {
				return nil, err
			}
			return func() { term.Restore(int(f.Fd()), old) }, nil
		}
	}
	return a
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// run is the whole program: it parses args, runs the command and turns the
// outcome into an exit code. Only run prints errors.
func run(args []string, in io.Reader, out, errw io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return newApp(in, out, errw).main(ctx, args)
}

func (a *app) main(ctx context.Context, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(a.Err, "aipm: internal error: %v\ntry: report this at the project's issue tracker with the command you ran\n", r)
			code = exitError
		}
	}()
	defer a.close()
	cmd := newRootCmd(a)
	if completing(args) {
		addCompletion(a, cmd)
	}
	cmd.SetArgs(args)
	cmd.SetIn(a.In)
	cmd.SetOut(a.Out)
	cmd.SetErr(a.Err)
	ran, err := cmd.ExecuteContextC(ctx)
	if ran != nil && ran != cmd {
		a.cmdPath = ran.CommandPath()
	}
	if err == nil && ctx.Err() != nil {
		err = errInterrupted
	}
	// A command that writes, or that met damage, waits for the integrity
	// check of the file it opened (see data.Open), so that a damaged file
	// is always reported as such, with what to do.
	if a.store != nil && (a.writes || data.Damaged(err)) {
		if verr := a.store.Verify(context.WithoutCancel(ctx)); verr != nil {
			err = verr
		}
	}
	return a.report(err)
}

func (a *app) close() {
	if a.store != nil {
		a.store.Close()
		a.store = nil
	}
}

// errInterrupted ends a command that the user stopped with Ctrl-C.
var errInterrupted = errors.New("interrupted")

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// exitError ends a command with a code and no further message (the command
// has said what it needed to, e.g. lint's findings).
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// report prints err as one plain sentence and returns the exit code.
func (a *app) report(err error) int {
	if err == nil {
		return exitOK
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	if errors.Is(err, errInterrupted) || errors.Is(err, context.Canceled) {
		fmt.Fprintln(a.Err, "aipm: interrupted")
		return exitInterrupted
	}
	msg := clean(err.Error())
	var ue *usageError
	if errors.As(err, &ue) || isUsage(err) {
		help := "aipm --help"
		if a.cmdPath != "" {
			help = a.cmdPath + " --help"
		}
		fmt.Fprintf(a.Err, "aipm: %s\ntry: %s\n", msg, help)
		return exitUsage
	}
	// "what happened" and "what to do" read as two lines.
	if m, try, ok := data.TryOf(err); ok {
		fmt.Fprintf(a.Err, "aipm: %s\ntry: %s\n", clean(m), clean(try))
		return exitError
	}
	fmt.Fprintf(a.Err, "aipm: %s\n", msg)
	return exitError
}

// now is the current instant: --now/AIPM_NOW when set, else the clock.
func (a *app) now() time.Time {
	if a.cfg != nil && !a.cfg.Now.IsZero() {
		return a.cfg.Now
	}
	return a.Clock()
}

// day is the user's day now.
func (a *app) day() srs.Day {
	return srs.DayOf(a.now(), time.Local, a.cfg.DayStartsAt)
}

// builtinDecks parses the built-in decks, once.
func (a *app) builtinDecks() ([]*deck.Deck, error) {
	if a.builtinDeck == nil {
		ds, err := deck.ParseFS(a.Builtin)
		if err != nil {
			return nil, fmt.Errorf("read the built-in decks: %w", err)
		}
		a.builtinDeck = ds
	}
	return a.builtinDeck, nil
}

// builtinHash names this binary's version of the built-in decks: a hash of
// their files' names and bytes and of the binary's version (the parser that
// reads them). Comparing it with the installed version needs no parse: the
// decks are parsed only when they must be installed or updated.
func (a *app) builtinHash() (string, error) {
	h, err := deck.HashFS(a.Builtin)
	if err != nil {
		return "", fmt.Errorf("read the built-in decks: %w", err)
	}
	return "files-crc:" + h + ":" + version, nil
}

// openStore opens the database for writing, creating it (with the built-in
// decks) when it does not exist, and updating the built-in decks when this
// binary carries a newer version of them.
func (a *app) openStore(ctx context.Context) (*data.Store, error) {
	if a.store != nil {
		return a.store, nil
	}
	s, err := data.Open(ctx, a.cfg.DB, data.Options{Now: a.now, Check: a.fullCheck,
		Warn: func(m string) { fmt.Fprintf(a.Err, "aipm: %s\n", clean(m)) },
		Init: a.syncBuiltin, // a new database gets the built-in decks before anyone sees it
	})
	if err != nil {
		return nil, err
	}
	a.store = s
	s.SetNewOrder(a.cfg.NewOrder == "mix")
	if s.Created() {
		fmt.Fprintf(a.Err, "aipm: created %s\n", clean(s.Path()))
	}
	if err := a.syncBuiltin(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

func (a *app) syncBuiltin(ctx context.Context, s *data.Store) error {
	installed, err := s.BuiltinState(ctx)
	if err != nil {
		return err
	}
	if installed == "" && !(s.Created() && a.cfg.BuiltinDecks) {
		return nil
	}
	hash, err := a.builtinHash()
	if err != nil {
		return err
	}
	if installed == hash {
		return nil
	}
	decks, err := a.builtinDecks()
	if err != nil {
		return err
	}
	_, err = s.SyncBuiltinAs(ctx, decks, hash, data.ImportOptions{At: a.now(), Day: a.day()})
	return err
}

// openStoreExisting is openStore for the commands that only read (stats,
// cards, decks, export): on a path named with --db, AIPM_DB or the config
// file, a missing database is an error and nothing is created, so that a
// mistyped path never looks like lost progress. On the default path a
// first run creates the database with the built-in decks.
func (a *app) openStoreExisting(ctx context.Context) (*data.Store, error) {
	if err := a.needDB(); err != nil {
		return nil, err
	}
	return a.openStore(ctx)
}

// openStoreReadExisting is openStoreRead for a command that only reads: an
// explicit path with nothing at it is an error (needDB), not an empty
// collection; on the default path a missing database still gives nil.
func (a *app) openStoreReadExisting(ctx context.Context) (*data.Store, error) {
	if err := a.needDB(); err != nil {
		return nil, err
	}
	return a.openStoreRead(ctx)
}

// needDB refuses an explicit database path where there is nothing at all
// (a dangling symbolic link is data.Open's to report).
func (a *app) needDB() error {
	if !a.cfg.DBExplicit || a.store != nil {
		return nil
	}
	if _, err := os.Lstat(a.cfg.DB); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return data.Hintf(fmt.Sprintf("check the path, or run `aipm review --db %s` to create one", a.cfg.DB), "no database at %s", a.cfg.DB)
}

// openStoreRead opens an existing database without writing to it. A missing
// database gives (nil, nil): callers treat it as empty.
func (a *app) openStoreRead(ctx context.Context) (*data.Store, error) {
	s, err := data.Open(ctx, a.cfg.DB, data.Options{ReadOnly: true, Now: a.now, Check: a.fullCheck})
	if errors.Is(err, data.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.store = s
	return s, nil
}
