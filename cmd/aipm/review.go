package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/cobra"
)

// The review command: its flags here; the sitting's loop and its store in
// review_sitting.go; the screen in review_screen.go; the keys in
// review_keys.go. What comes next and what an undo does is srs.Session's.

type reviewOptions struct {
	Filter      data.Filter
	NewLimit    int
	ReviewLimit int
	Cram        bool
	JSON        bool
	NewGiven    bool // --new was given: the interview plan does not raise it
	Final       bool // the final drill before an interview
	Type        bool // type the answers to rubric prompts
}

func newReviewCmd(a *app) *cobra.Command {
	var o reviewOptions
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Drill today's due and new cards",
		Long: `Drill today's cards: due reviews first (most overdue first), then new cards,
then the cards you missed today until you get them right (SM-2's
"repeat until 4" rule). Every answer is saved before the next card shows.
The scheduler in force (see aipm scheduler) sets the next intervals.

On a terminal, single keys drive it:
  space/enter  show the answer
  0-5          grade (0-2 wrong, 3 hard, 4 good, 5 easy)
  a h g e      again (1), hard (3), good (4), easy (5)
  u            undo the last answer (several steps back)
  s            suspend the card      b  bury it until tomorrow
  q            quit                  ?  help

With an interview plan (aipm plan), the new-card limit rises to what the
plan needs unless --new is given, and inside the final window the review
limit is lifted for the plan's cards. --final drills every plan card last
graded below 4 or predicted under 90% on the day, until graded 4.

With stdin not a terminal, it reads one line per card: a grade, a word
(again, hard, good, easy) or u, s, b, q. End of input quits.

A rubric prompt (P: in a deck) shows with a running timer: answer aloud,
or type with --type. Space shows its numbered key points; 1-9 tick the
ones you hit, Enter finishes, and the model answer follows. The grade
follows from the coverage c = ticked / total: c = 1 → 5, c ≥ 0.75 → 4,
c ≥ 0.5 → 3, c ≥ 0.25 → 2, c > 0 → 1, none → 0. A rubric prompt is not
re-drilled the same day. Piped, its line holds the numbers of the points
hit (1 3 4, or 1,3,4; all; an empty line for none).`,
		Example: `  aipm review                       # today's cards from every deck
  aipm review --deck lesson-1-1     # one deck
  aipm review --topic "Loop structure"
  aipm review --new 5 --limit 50    # smaller day
  aipm review --cram --deck ai-pm-concepts   # drill everything, schedules untouched
  aipm review --final               # the last days before the interview (aipm plan)
  printf '4\n5\nq\n' | aipm review   # scripted: grade two cards, quit
  aipm review --type --deck prompts  # type your answers to rubric prompts
  printf '1 3 4\n' | aipm review     # a rubric prompt: key points 1, 3 and 4 hit`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.NewLimit, o.ReviewLimit = a.cfg.NewPerDay, a.cfg.ReviewsPerDay
			o.NewGiven = cmd.Flags().Changed("new")
			if o.Final && o.Cram {
				return usagef("--final and --cram drill different cards: give one of them")
			}
			if o.Final && (o.Filter.Deck != "" || o.Filter.Topic != "") {
				return usagef("--final drills the interview plan's cards: narrow the plan with aipm plan --decks instead of --deck/--topic")
			}
			return runReview(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Deck, "deck", "", "only cards of this deck `id` (see aipm decks)")
	f.StringVar(&o.Filter.Topic, "topic", "", "only cards of this topic (as in aipm stats)")
	f.Int("new", 20, "new cards per day (env AIPM_NEW_PER_DAY, config new_per_day)")
	f.Int("limit", 200, "reviews per day (env AIPM_REVIEWS_PER_DAY, config reviews_per_day)")
	f.BoolVar(&o.Cram, "cram", false, "drill every card of --deck/--topic without changing schedules")
	f.BoolVar(&o.Final, "final", false, "the final drill before an interview: weak plan cards until graded 4 (see aipm plan)")
	f.BoolVar(&o.JSON, "json", false, "print the session summary as JSON")
	f.BoolVar(&o.Type, "type", false, "type your answers to rubric prompts (Ctrl-D or two empty lines end one); they are saved with the answer")
	return cmd
}

func runReview(ctx context.Context, a *app, o reviewOptions) error {
	a.writes = true
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if o.Filter.Deck, err = resolveDeck(ctx, st, o.Filter.Deck); err != nil {
		return err
	}
	if err := st.RequireFilter(ctx, o.Filter); err != nil {
		return err
	}
	r := &sitting{a: a, st: st, o: o, day: a.day(), screen: a.Err, sty: a.styleFor(a.ErrTTY)}
	if err := r.start(ctx); err != nil {
		return err
	}
	if r.sess.Left() == 0 {
		return r.nothingDue(ctx)
	}
	screen, restore, err := a.rawScreen()
	if err != nil {
		return err
	}
	// Restored on every path out, a panic included (run recovers it).
	defer restore()
	r.screen = screen
	r.in = newKeys(ctx, a.In, a.InTTY)
	err = r.loop(ctx)
	if r.note != "" {
		fmt.Fprintln(r.screen, r.note)
	}
	restore() // before the summary, which is printed in cooked mode
	if err != nil && !errors.Is(err, errInterrupted) {
		return err
	}
	if serr := r.summary(ctx); serr != nil && err == nil {
		err = serr
	}
	return err
}

// start builds the sitting: due cards, then new cards, within what is left
// of today's limits, then the cards still pending from earlier today.
func (r *sitting) start(ctx context.Context) error {
	r.store = &sittingStore{ctx: ctx, a: r.a, st: r.st, day: r.day}
	if r.o.Final {
		return r.startFinal(ctx)
	}
	var left srs.Limits
	if !r.o.Cram {
		n, err := r.st.Counts(ctx, r.day)
		if err != nil {
			return err
		}
		left = srs.Limits{New: max(r.o.NewLimit-n.New, 0), Reviews: max(r.o.ReviewLimit-n.Reviews, 0)}
	}
	p, err := r.st.Plan(ctx, r.day, r.o.Filter, left, r.o.Cram)
	if err != nil {
		return err
	}
	if !r.o.Cram {
		if err := r.applyPlan(ctx, &p); err != nil {
			return err
		}
	}
	r.sess, err = srs.NewSession(r.store, p)
	return err
}

func (r *sitting) nothingDue(ctx context.Context) error {
	out := r.a.Out
	if r.o.Final {
		fmt.Fprintln(out, "Nothing to drill: every plan card was last graded 4 or more and is predicted at 90% or more on the day.")
		return nil
	}
	if r.o.Cram {
		fmt.Fprintln(out, "No cards to cram: the deck or topic has none that are not suspended.")
		return nil
	}
	n, err := r.st.Counts(ctx, r.day)
	if err != nil {
		return err
	}
	more, err := r.st.Due(ctx, r.day, r.o.Filter, 1)
	if err != nil {
		return err
	}
	if len(more) > 0 {
		fmt.Fprintln(out, msgDailyLimit(n.Reviews, r.o.ReviewLimit))
		return nil
	}
	next, err := r.st.NextDue(ctx, r.day, r.o.Filter)
	if err != nil {
		return err
	}
	fresh, err := r.st.NewCards(ctx, r.day, r.o.Filter, 1)
	if err != nil {
		return err
	}
	switch {
	case len(fresh) > 0:
		fmt.Fprintf(out, "All done for today: %s seen (limit %d a day, shared by all decks).%s\n"+
			"More now: --new N raises today's limit; --cram drills a deck without scheduling.\n",
			plural(n.New, "new card"), r.o.NewLimit, nextLine(next, r.day))
	case next == "":
		fmt.Fprintln(out, "Nothing to review: no cards are scheduled. Import a deck with `aipm import FILE`.")
	default:
		fmt.Fprintf(out, "Nothing due today.%s\n", nextLine(next, r.day))
	}
	return nil
}

func nextLine(next string, today srs.Day) string {
	if next == "" {
		return ""
	}
	d, err := srs.ParseDay(next)
	if err != nil {
		return ""
	}
	return fmt.Sprintf(" Next card due %s (%s).", next, inDays(int(d-today)))
}

func inDays(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", n)
}
