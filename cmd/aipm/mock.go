package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/cobra"
)

// The mock command: a timed mock interview over the rubric prompts, drawn
// by round with a company's weights (srs.Company.Draw); its answers are
// logged as kind mock and schedule nothing. The scorecard is in
// mock_card.go.

type mockOptions struct {
	Company   string
	Minutes   int
	PerAnswer int
	Seed      uint64
	SeedSet   bool
	Type      bool
	JSON      bool
	Filter    data.Filter
}

func newMockCmd(a *app) *cobra.Command {
	o := mockOptions{Minutes: 30, PerAnswer: 5}
	cmd := &cobra.Command{
		Use:   "mock",
		Short: "Run a timed mock interview over the rubric prompts",
		Long: `Run a timed mock interview: rubric prompts drawn by interview round with the
company's weights, one answer at a time against a countdown, then a
scorecard (coverage per round, time per answer against the limit, the
weakest key points, and the change since your last mock for that company).

The weights, in percent (Google's and Meta's are the course's figures;
Anthropic's, OpenAI's and the startup's are aipm's reading of the course's
words: "technical depth and safety 40 %+ combined", "product vision and
technical intuition dominate", "shipping speed"):

  company    product-sense technical strategy behavioral execution leadership safety
  google            35         25        20        20
  meta              25         25                            25        25
  anthropic         20         25        15        10                  10       20
  openai            35         30        15        10                           10
  startup           30         20                  10        40

A round with no prompts gives its weight to the others in proportion. The
mock asks --minutes / --per-answer prompts; a prompt practised today comes
last. Each prompt: answer aloud (or type with --type), space shows the key
points, 1-9 tick the ones you hit, Enter finishes. n skips a prompt, q ends
the mock with the scorecard so far. Piped, each prompt reads one line: the
numbers of the key points hit (1 3 4; all; empty for none), n or q; the end
of input ends the mock.

Mock answers are logged (kind mock) and feed the per-round readiness in
aipm stats; they leave every card's schedule alone, as cram does.`,
		Example: `  aipm mock --company google
  aipm mock --company anthropic --minutes 45 --per-answer 7
  aipm mock --company meta --seed 7 --json < answers.txt
  aipm mock --company startup --type`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.SeedSet = cmd.Flags().Changed("seed")
			return runMock(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Company, "company", "", "google, meta, anthropic, openai or startup (required)")
	f.IntVar(&o.Minutes, "minutes", o.Minutes, "the mock's length in `minutes`")
	f.IntVar(&o.PerAnswer, "per-answer", o.PerAnswer, "the time for one answer, in `minutes`, counted down")
	f.Uint64Var(&o.Seed, "seed", 0, "draw the prompts with this `seed` (the same seed, the same mock)")
	f.BoolVar(&o.Type, "type", false, "type your answers (Ctrl-D or two empty lines end one)")
	f.BoolVar(&o.JSON, "json", false, "print the scorecard as JSON")
	f.StringVar(&o.Filter.Deck, "deck", "", "draw only from this deck `id`")
	return cmd
}

// mockRun is one mock interview being run.
type mockRun struct {
	a       *app
	st      *data.Store
	o       mockOptions
	co      srs.Company
	day     srs.Day
	k       *asker
	id      int64 // the mocks row, written with the first answer
	drawn   []srs.Prompt
	asked   int
	skipped int
	note    string
	ended   string // why the mock ended early, if it did
	start   time.Duration
}

func runMock(ctx context.Context, a *app, o mockOptions) error {
	if o.Company == "" {
		return usagef("--company is required: google, meta, anthropic, openai or startup")
	}
	co, err := srs.CompanyNamed(o.Company)
	if err != nil {
		return usagef("%v", err)
	}
	if o.Minutes < 1 || o.Minutes > 600 {
		return usagef("--minutes must be between 1 and 600, not %d", o.Minutes)
	}
	if o.PerAnswer < 1 || o.PerAnswer > o.Minutes {
		return usagef("--per-answer must be between 1 and --minutes (%d), not %d", o.Minutes, o.PerAnswer)
	}
	a.writes = true
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if err := st.RequireFilter(ctx, o.Filter); err != nil {
		return err
	}
	m := &mockRun{a: a, st: st, o: o, co: co, day: a.day()}
	cards, err := st.RubricCards(ctx, m.day, o.Filter)
	if err != nil {
		return err
	}
	prompts := make([]srs.Prompt, len(cards))
	for i, c := range cards {
		prompts[i] = srs.Prompt{ID: c.ID, Round: c.Round, Today: c.Today}
	}
	shares := co.Shares(prompts)
	if len(shares) == 0 {
		return data.Hintf("import a deck with P: rubric cards (see the README, \"Rubric cards\")",
			"no rubric prompts in the rounds %s asks (%s)", co.Name, strings.Join(companyRounds(co), ", "))
	}
	if !o.SeedSet { // shown, so that the mock can be drawn again
		m.o.Seed = uint64(a.now().UnixNano())
	}
	m.drawn = co.Draw(prompts, o.Minutes/o.PerAnswer, m.o.Seed)
	width := 0
	if a.ErrTTY && a.Width != nil {
		width = max(a.Width()-1, 0)
	}
	m.intro(shares, width)
	screen, restore, err := a.rawScreen()
	if err != nil {
		return err
	}
	defer restore()
	in := newKeys(ctx, a.In, a.InTTY)
	m.k = &asker{a: a, screen: screen, sty: a.styleFor(a.ErrTTY), in: in, typed: o.Type,
		clears: in.tty && a.ErrTTY, width: width,
		cmds: map[string]actionKind{"n": actSkip, "next": actSkip, "skip": actSkip, "q": actQuit, "quit": actQuit}, cmdHelp: "n skip · q end the mock"}
	if err = m.ready(); err == nil {
		err = m.loop(ctx)
	}
	if m.note != "" && m.k.clears {
		fmt.Fprintln(screen, wrap(m.note, m.k.width))
	}
	restore()
	if err != nil && !errors.Is(err, errInterrupted) {
		return err
	}
	if serr := m.scorecard(ctx); serr != nil && err == nil {
		err = serr
	}
	return err
}

func companyRounds(co srs.Company) []string {
	var out []string
	for r := range co.Weights {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// intro says what the mock is: its company, weights and their source.
func (m *mockRun) intro(shares map[string]float64, width int) {
	var parts []string
	for _, r := range roundOrder(m.co.Weights) {
		part := fmt.Sprintf("%s %d%%", r, m.co.Weights[r])
		if s, ok := shares[r]; !ok {
			part += " (no prompts: shared out)"
		} else if int(s*100+0.5) != m.co.Weights[r] {
			part += fmt.Sprintf(" → %.0f%%", s*100)
		}
		parts = append(parts, part)
	}
	fmt.Fprintln(m.a.Err, wrap(fmt.Sprintf("Mock interview: %s, %s, %d minutes, %d minutes an answer (seed %d).",
		m.co.Name, plural(len(m.drawn), "prompt"), m.o.Minutes, m.o.PerAnswer, m.o.Seed), width))
	fmt.Fprintln(m.a.Err, wrap(fmt.Sprintf("Rounds: %s. These weights are %s.", strings.Join(parts, " · "), m.co.Source), width))
}

// ready waits, on a terminal, for a key before the first prompt clears
// the screen, so that the intro (the weights and their source) is read.
func (m *mockRun) ready() error {
	if !m.k.clears {
		return nil
	}
	m.k.hint("[space] start the mock · q quit")
	select {
	case raw, ok := <-m.k.in.ch:
		if !ok || len(raw) == 0 || raw[0] == 'q' || raw[0] == 'Q' || raw[0] == 4 {
			m.ended = "was not started"
			m.drawn = nil
		} else if raw[0] == 3 {
			return errInterrupted
		}
		return m.k.in.err
	case <-m.k.in.ctx.Done():
		return errInterrupted
	}
}

func (m *mockRun) loop(ctx context.Context) error {
	limit := time.Duration(m.o.PerAnswer) * time.Minute
	total := time.Duration(m.o.Minutes) * time.Minute
	m.start = m.a.Since()
	for i, p := range m.drawn {
		if m.a.Since()-m.start >= total {
			m.ended = fmt.Sprintf("the mock's %d minutes are up", m.o.Minutes)
			return nil
		}
		c, err := m.st.Card(ctx, p.ID)
		if gone(err) {
			continue
		}
		if err != nil {
			return err
		}
		m.asked++
		left := total - (m.a.Since() - m.start)
		header := func(spent time.Duration) string {
			return fmt.Sprintf("⏳ %s left · prompt %d of %d · %s · %s mock, %s left",
				countdown(limit-spent), i+1, len(m.drawn), c.Round, m.co.Name, countdown(left-spent))
		}
		note := m.note
		m.note = ""
		res, err := m.k.ask(&askPrompt{card: c, label: "P · " + c.Round + " round", header: header, note: note,
			timeUp: func(spent time.Duration) bool { return spent >= limit || spent >= left }})
		if err != nil {
			return err
		}
		switch res.kind {
		case actSkip:
			m.skipped++
			m.say("Skipped.")
			continue
		case actQuit:
			m.asked--
			m.ended = "ended early"
			return nil
		case actInterrupt:
			m.asked--
			return errInterrupted
		case actGrade:
		default:
			continue
		}
		if err := m.record(ctx, c, res); err != nil {
			return err
		}
		act, err := m.k.modelAnswer(c, m.note, "[space] next prompt · q end the mock")
		if err != nil {
			return err
		}
		if act.kind == actQuit || act.kind == actInterrupt {
			m.ended = "ended early"
			return nil
		}
	}
	return nil
}

// record logs one mock answer, starting the mock's row with the first.
func (m *mockRun) record(ctx context.Context, c data.Card, res askResult) error {
	if m.id == 0 {
		id, err := m.st.StartMock(ctx, data.Mock{Company: m.co.Name, At: m.a.now(), Day: m.day,
			Minutes: m.o.Minutes, PerAnswer: m.o.PerAnswer, Seed: m.o.Seed})
		if err != nil {
			return err
		}
		m.id = id
	}
	cov := res.cov
	_, err := m.st.Record(ctx, data.Event{CardID: c.ID, Grade: int(cov.Grade()), At: m.a.now(), ShownAt: res.shownAt,
		Day: m.day, Duration: res.dur, Coverage: &cov, Text: res.text, Mock: m.id})
	if err != nil {
		return err
	}
	m.say(fmt.Sprintf("Recorded %d (%s; mock, schedule unchanged).", cov.Grade(), coverageLine(cov)))
	return nil
}

// say shows an outcome: at once when piped, on the next screen on a terminal.
func (m *mockRun) say(msg string) {
	if m.k.clears {
		m.note = m.k.sty.dim(msg)
		return
	}
	fmt.Fprintln(m.k.screen, msg)
}
