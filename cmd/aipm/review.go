package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
	"github.com/spf13/cobra"
)

type reviewOptions struct {
	Filter      data.Filter
	NewLimit    int
	ReviewLimit int
	Cram        bool
	JSON        bool
}

func newReviewCmd(a *app) *cobra.Command {
	var o reviewOptions
	cmd := &cobra.Command{
		Use:   "review",
		Short: "Drill today's due and new cards",
		Long: `Drill today's cards: due reviews first (most overdue first), then new cards,
then the cards you missed today until you get them right (SM-2's
"repeat until 4" rule). Every answer is saved before the next card shows.

On a terminal, single keys drive it:
  space/enter  show the answer
  0-5          grade (0-2 wrong, 3 hard, 4 good, 5 easy)
  a h g e      again (1), hard (3), good (4), easy (5)
  u            undo the last answer (several steps back)
  s            suspend the card      b  bury it until tomorrow
  q            quit                  ?  help

With stdin not a terminal, it reads one line per card: a grade, a word
(again, hard, good, easy) or u, s, b, q. End of input quits.`,
		Example: `  aipm review                       # today's cards from every deck
  aipm review --deck lesson-1-1     # one deck
  aipm review --topic "Loop structure"
  aipm review --new 5 --limit 50    # smaller day
  aipm review --cram --deck ai-pm-concepts   # drill everything, schedules untouched
  printf '4\n5\nq\n' | aipm review   # scripted: grade two cards, quit`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.NewLimit, o.ReviewLimit = a.cfg.NewPerDay, a.cfg.ReviewsPerDay
			return runReview(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Deck, "deck", "", "only cards of this deck `id` (see aipm decks)")
	f.StringVar(&o.Filter.Topic, "topic", "", "only cards of this topic (as in aipm stats)")
	f.Int("new", 20, "new cards per day (env AIPM_NEW_PER_DAY, config new_per_day)")
	f.Int("limit", 200, "reviews per day (env AIPM_REVIEWS_PER_DAY, config reviews_per_day)")
	f.BoolVar(&o.Cram, "cram", false, "drill every card of --deck/--topic without changing schedules")
	f.BoolVar(&o.JSON, "json", false, "print the session summary as JSON")
	return cmd
}

// origin says why a card is in the queue.
type origin int

const (
	fromDue origin = iota
	fromNew
	fromPending
	fromCram
)

type item struct {
	id   string
	from origin
}

// step is one undoable action of this session.
type step struct {
	seq     int64
	it      item
	pending bool // the answer queued the card again
	answer  bool
	correct bool
	dur     time.Duration
}

type session struct {
	a       *app
	st      *data.Store
	o       reviewOptions
	day     srs.Day
	queue   []item
	history []step
	screen  io.Writer
	sty     style
	in      *keys
	// summary
	answers, correct int
	drilled          map[string]bool
	spent            time.Duration
	// note is the outcome of the last action; on a terminal it shows at the
	// top of the next card's screen.
	note string
}

// say shows the outcome of an action: at once when piped, above the next
// card on a terminal (which clears the screen between cards).
func (s *session) say(msg string) {
	if s.clears() {
		s.note = msg
		return
	}
	fmt.Fprintln(s.screen, msg)
}

// clears reports whether each card starts on a cleared screen.
func (s *session) clears() bool { return s.in != nil && s.in.tty && s.a.ErrTTY }

func runReview(ctx context.Context, a *app, o reviewOptions) error {
	a.writes = true
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if err := st.RequireFilter(ctx, o.Filter); err != nil {
		return err
	}
	s := &session{a: a, st: st, o: o, day: a.day(), screen: a.Err, sty: a.styleFor(a.ErrTTY), drilled: map[string]bool{}}
	if err := s.fill(ctx); err != nil {
		return err
	}
	if len(s.queue) == 0 {
		return s.nothingDue(ctx)
	}
	restore := func() {}
	if a.InTTY && a.MakeRaw != nil {
		raw, err := a.MakeRaw()
		if err != nil {
			return fmt.Errorf("cannot read single keys from this terminal: %w", err)
		}
		// Restored on every path out, a panic included (run recovers it).
		restore = sync.OnceFunc(raw)
		defer restore()
		s.screen = crlf{a.Err}
	}
	s.in = newKeys(ctx, a.In, a.InTTY)
	err = s.loop(ctx)
	if s.note != "" {
		fmt.Fprintln(s.screen, s.note)
	}
	restore() // before the summary, which is printed in cooked mode
	if err != nil && !errors.Is(err, errInterrupted) {
		return err
	}
	if serr := s.summary(ctx); serr != nil && err == nil {
		err = serr
	}
	return err
}

// fill builds the queue: due cards, then new cards, within what is left of
// today's limits, then the cards still pending from earlier today.
func (s *session) fill(ctx context.Context) error {
	if s.o.Cram {
		cards, err := s.st.Cards(ctx, s.o.Filter)
		if err != nil {
			return err
		}
		for _, c := range cards {
			if !c.Suspended && !c.Orphaned {
				s.queue = append(s.queue, item{c.ID, fromCram})
			}
		}
		return nil
	}
	n, err := s.st.Counts(ctx, s.day)
	if err != nil {
		return err
	}
	q, err := s.st.Queue(ctx, s.day, s.o.Filter, max(s.o.ReviewLimit-n.Reviews, 0), max(s.o.NewLimit-n.New, 0))
	if err != nil {
		return err
	}
	due, fresh, pending := q.Due, q.New, q.Pending
	for _, id := range due {
		s.queue = append(s.queue, item{id, fromDue})
	}
	for _, id := range fresh {
		s.queue = append(s.queue, item{id, fromNew})
	}
	for _, id := range pending {
		s.queue = append(s.queue, item{id, fromPending})
	}
	return nil
}

func (s *session) nothingDue(ctx context.Context) error {
	out := s.a.Out
	if s.o.Cram {
		fmt.Fprintln(out, "No cards to cram: the deck or topic has none that are not suspended.")
		return nil
	}
	n, err := s.st.Counts(ctx, s.day)
	if err != nil {
		return err
	}
	more, err := s.st.Due(ctx, s.day, s.o.Filter, 1)
	if err != nil {
		return err
	}
	if len(more) > 0 {
		fmt.Fprintf(out, "Daily limit reached: %d reviews today (limit %d). More cards are due; raise --limit to go on.\n", n.Reviews, s.o.ReviewLimit)
		return nil
	}
	next, err := s.st.NextDue(ctx, s.day, s.o.Filter)
	if err != nil {
		return err
	}
	fresh, err := s.st.NewCards(ctx, s.day, s.o.Filter, 1)
	if err != nil {
		return err
	}
	switch {
	case len(fresh) > 0:
		fmt.Fprintf(out, "All done for today: %s seen (limit %d a day, shared by all decks).%s\n"+
			"More now: --new N raises today's limit; --cram drills a deck without scheduling.\n",
			plural(n.New, "new card"), s.o.NewLimit, nextLine(next, s.day))
	case next == "":
		fmt.Fprintln(out, "Nothing to review: no cards are scheduled. Import a deck with `aipm import FILE`.")
	default:
		fmt.Fprintf(out, "Nothing due today.%s\n", nextLine(next, s.day))
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

func (s *session) loop(ctx context.Context) error {
	for len(s.queue) > 0 {
		it := s.queue[0]
		c, err := s.st.Card(ctx, it.id)
		if err != nil {
			var nf *data.NotFoundError
			if errors.As(err, &nf) { // pruned by another process meanwhile
				s.queue = s.queue[1:]
				continue
			}
			return err
		}
		shownAt, shownMono := s.a.now(), s.a.Since()
		s.showFront(c, it)
		act, err := s.in.read(s, false)
		if err != nil {
			return err
		}
		if act.kind == actReveal { // terminal only: a piped line carries the grade
			s.showBack(ctx, c, it)
			if act, err = s.in.read(s, true); err != nil {
				return err
			}
		}
		switch act.kind {
		case actGrade:
			if err := s.answer(ctx, it, act.grade, shownAt, s.a.Since()-shownMono); err != nil {
				return err
			}
		case actUndo:
			s.undo(ctx)
		case actSuspend, actBury:
			kind := map[actionKind]string{actSuspend: "suspend", actBury: "bury"}[act.kind]
			seqs, err := s.st.SetFlag(ctx, kind, []string{it.id}, s.a.now(), s.day)
			if s.gone(it, err) {
				continue
			}
			if err != nil {
				return err
			}
			s.queue = s.queue[1:]
			s.removePending(it.id)
			if seqs[0] != 0 {
				s.history = append(s.history, step{seq: seqs[0], it: it})
			}
			s.say(s.sty.dim(map[string]string{"suspend": "Suspended. `aipm cards unsuspend " + clean(it.id) + "` brings it back.", "bury": "Buried until tomorrow."}[kind]))
		case actQuit:
			return nil
		case actInterrupt:
			return errInterrupted
		}
	}
	return nil
}

// answer records a grade, then queues the card again if it is pending.
func (s *session) answer(ctx context.Context, it item, grade int, shownAt time.Time, dur time.Duration) error {
	ans, err := s.st.Record(ctx, data.Event{
		CardID: it.id, Grade: grade, At: s.a.now(), ShownAt: shownAt, Day: s.day,
		Duration: dur, MaxInterval: s.a.cfg.MaxInterval, Cram: s.o.Cram,
	})
	if s.gone(it, err) {
		return nil
	}
	if err != nil {
		return err
	}
	dur = min(dur, data.MaxAnswerTime)
	s.queue = s.queue[1:]
	st := step{seq: ans.Seq, it: it, answer: true, correct: grade >= 3, dur: dur}
	if ans.Pending(grade) {
		s.queue = append(s.queue, item{it.id, fromPending})
		st.pending = true
	}
	s.history = append(s.history, st)
	s.answers++
	if grade >= 3 {
		s.correct++
	}
	s.spent += dur
	s.drilled[it.id] = true
	msg := "Recorded."
	switch {
	case ans.Kind == "review":
		msg = fmt.Sprintf("Recorded %d. Next review %s.", grade, dueWords(ans.Due, s.day))
		if st.pending {
			msg += " It comes back today until you grade it 4 or 5."
		}
	case ans.Kind == "redrill" && st.pending:
		msg = fmt.Sprintf("Recorded %d (re-drill). It comes back again.", grade)
	case ans.Kind == "redrill":
		msg = fmt.Sprintf("Recorded %d (re-drill). Done for today.", grade)
	case ans.Kind == "cram":
		msg = fmt.Sprintf("Recorded %d (cram; schedule unchanged).", grade)
	}
	s.say(s.sty.dim(msg))
	return nil
}

func dueWords(due string, today srs.Day) string {
	d, err := srs.ParseDay(due)
	if err != nil {
		return due
	}
	return fmt.Sprintf("%s (%s)", due, inDays(int(d-today)))
}

// undo cancels the last action of this session and shows that card again.
func (s *session) undo(ctx context.Context) {
	if len(s.history) == 0 {
		s.say(s.sty.yellow("Nothing to undo in this session."))
		return
	}
	last := s.history[len(s.history)-1]
	if _, err := s.st.Undo(ctx, last.seq, s.a.now(), s.day); err != nil {
		s.say(s.sty.red("Cannot undo: " + clean(err.Error())))
		return
	}
	s.history = s.history[:len(s.history)-1]
	if last.pending {
		for i := len(s.queue) - 1; i >= 0; i-- {
			if s.queue[i].id == last.it.id && s.queue[i].from == fromPending {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				break
			}
		}
	}
	if last.answer {
		s.answers--
		if last.correct {
			s.correct--
		}
		s.spent -= last.dur
		s.drilled[last.it.id] = false
		for _, h := range s.history {
			if h.answer && h.it.id == last.it.id {
				s.drilled[last.it.id] = true
			}
		}
	}
	s.queue = append([]item{last.it}, s.queue...)
	s.say(s.sty.yellow("Undone. Showing that card again."))
}

// gone reports whether err says that the card on screen no longer exists
// (an import in another process pruned it); it then skips the card with a
// notice, and the session goes on.
func (s *session) gone(it item, err error) bool {
	var nf *data.NotFoundError
	if !errors.As(err, &nf) {
		return false
	}
	s.queue = s.queue[1:]
	s.removePending(it.id)
	s.say(s.sty.yellow("This card was removed by another aipm while it was on screen (an import pruned it); skipped."))
	return true
}

func (s *session) removePending(id string) {
	out := s.queue[:0]
	for _, it := range s.queue {
		if it.id != id {
			out = append(out, it)
		}
	}
	s.queue = out
}

func (s *session) counts() (due, fresh, pending int) {
	seen := map[string]bool{}
	for _, it := range s.queue {
		if seen[it.id] {
			continue
		}
		seen[it.id] = true
		switch it.from {
		case fromDue, fromCram:
			due++
		case fromNew:
			fresh++
		case fromPending:
			pending++
		}
	}
	return
}

func (s *session) showFront(c data.Card, it item) {
	w := s.screen
	if s.clears() {
		fmt.Fprint(w, "\x1b[H\x1b[2J")
		if s.note != "" {
			fmt.Fprintln(w, s.note)
			s.note = ""
		}
	}
	due, fresh, pending := s.counts()
	label := "due"
	if s.o.Cram {
		label = "cram"
	}
	progress := fmt.Sprintf("%s %d · new %d · again %d", label, due, fresh, pending)
	width := s.width()
	deckName, topic := clean(c.DeckName), clean(c.Topic)
	if width > 0 { // shorten the deck name first: the topic says more
		room := max(width-textWidth(progress)-2, 20)
		topic = fit(topic, max(room*2/3, room-textWidth(deckName)-3))
		deckName = fit(deckName, max(room-textWidth(topic)-3, 8))
	}
	where := deckName + " › " + topic
	fmt.Fprintf(w, "\n%s  %s\n", s.sty.cyan(where), s.sty.dim(progress))
	tag := ""
	switch {
	case it.from == fromPending:
		tag = s.sty.yellow(" (again)")
	case c.New():
		tag = s.sty.green(" (new)")
	}
	fmt.Fprintf(w, "%s%s\n\n%s\n\n", s.sty.bold("Q"), tag, wrap(clean(c.Front), width))
	if s.in != nil && s.in.tty {
		fmt.Fprintln(w, s.sty.dim("[space] show answer   ? help"))
	} else {
		fmt.Fprintf(w, "A\n\n%s\n\n", wrap(clean(c.Back), width))
		fmt.Fprintln(w, s.sty.dim("grade 0-5, again/hard/good/easy, u undo, s suspend, b bury, q quit:"))
	}
}

// width is the terminal width to wrap card text to (one column spare), or
// 0 when the screen is not a terminal.
func (s *session) width() int {
	if !s.a.ErrTTY || s.a.Width == nil {
		return 0
	}
	return max(s.a.Width()-1, 0)
}

func (s *session) showBack(ctx context.Context, c data.Card, it item) {
	w := s.screen
	if s.clears() {
		fmt.Fprint(w, "\r\x1b[1A\x1b[2K") // the "[space] show answer" line has done its job
	}
	fmt.Fprintf(w, "%s\n\n%s\n\n", s.sty.bold("A"), wrap(clean(c.Back), s.width()))
	fmt.Fprintln(w, s.sty.dim(s.intervals(ctx, c)))
	fmt.Fprintln(w, s.sty.dim("0-2 wrong · 3 hard · 4 good · 5 easy  (or a h g e)"))
	fmt.Fprintln(w, s.sty.dim("u undo · s suspend · b bury · q quit · ? help"))
}

// intervals shows what each grade would schedule, or why it would not.
func (s *session) intervals(ctx context.Context, c data.Card) string {
	if s.o.Cram {
		return "cram: grades are logged; schedules are not changed"
	}
	n, err := s.st.ScheduledToday(ctx, c.ID, s.day)
	if err == nil && n {
		return "re-drill: today's first answer set the schedule; grade 4 or 5 to finish this card for today"
	}
	st := c.State
	if c.New() {
		st = srs.NewState
	}
	var parts []string
	for _, g := range []int{1, 3, 4, 5} {
		next, err := srs.Next(st, g)
		if err != nil {
			continue
		}
		next = srs.Cap(next, s.a.cfg.MaxInterval)
		parts = append(parts, fmt.Sprintf("%d %s", g, fmtDays(next.Interval)))
	}
	return "next interval by grade: " + strings.Join(parts, " · ")
}

func fmtDays(n int) string {
	switch {
	case n < 60:
		return fmt.Sprintf("%dd", n)
	case n < 365:
		return fmt.Sprintf("%.1fmo", float64(n)/30.44)
	}
	return fmt.Sprintf("%.1fy", float64(n)/365.25)
}

type reviewSummary struct {
	Cards   int     `json:"cards"`
	Answers int     `json:"answers"`
	Correct int     `json:"correct"`
	Rate    float64 `json:"correct_rate"`
	Seconds float64 `json:"seconds"`
	NextDue *string `json:"next_due"`
	DueLeft int     `json:"due_left"`
}

func (s *session) summary(ctx context.Context) error {
	var sum reviewSummary
	for _, v := range s.drilled {
		if v {
			sum.Cards++
		}
	}
	sum.Answers, sum.Correct = s.answers, s.correct
	if s.answers > 0 {
		sum.Rate = float64(s.correct) / float64(s.answers)
	}
	sum.Seconds = s.spent.Seconds()
	// The first day after today with cards due (today's are in due_left).
	next, err := s.st.NextDue(ctx, s.day, s.o.Filter)
	if err != nil {
		return err
	}
	if next != "" {
		sum.NextDue = &next
	}
	due, fresh, pending := s.counts()
	sum.DueLeft = due + fresh + pending
	if s.o.JSON {
		return writeJSON(s.a.Out, sum)
	}
	w := s.a.Out
	fmt.Fprintf(w, "\nSession: %s drilled, %s, %s correct, %s.\n",
		plural(sum.Cards, "card"), plural(sum.Answers, "answer"), percent(s.correct, s.answers), fmtDuration(s.spent))
	if sum.DueLeft > 0 {
		fmt.Fprintf(w, "%s still queued for today; run aipm review again to finish.\n", plural(sum.DueLeft, "card"))
	}
	if next != "" {
		fmt.Fprintf(w, "Next cards due %s.\n", dueWords(next, s.day))
	}
	return nil
}

// plural writes "1 card", "2 cards".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func percent(n, d int) string {
	if d == 0 {
		return "—"
	}
	return strconv.Itoa(int(float64(n)*100/float64(d)+0.5)) + "%"
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// Input.

type actionKind int

const (
	actNone actionKind = iota
	actReveal
	actGrade
	actUndo
	actSuspend
	actBury
	actQuit
	actInterrupt
	actHelp
)

type action struct {
	kind  actionKind
	grade int
}

// keys reads actions from stdin: single bytes on a terminal, lines otherwise.
type keys struct {
	tty bool
	ch  chan []byte
	ctx context.Context
	err error // why the input ended early; set before ch is closed
}

func newKeys(ctx context.Context, r io.Reader, tty bool) *keys {
	k := &keys{tty: tty, ch: make(chan []byte), ctx: ctx}
	go func() {
		defer close(k.ch)
		if tty {
			buf := make([]byte, 64)
			for {
				n, err := r.Read(buf)
				if n > 0 {
					b := append([]byte(nil), buf[:n]...)
					select {
					case k.ch <- b:
					case <-ctx.Done():
						return
					}
				}
				if err != nil {
					return
				}
			}
		}
		br := bufio.NewReaderSize(r, maxLine)
		for {
			line, err := readLine(br)
			if errors.Is(err, errLongLine) {
				k.err = data.Hintf("send one answer per line", "a line of input is longer than %d bytes (it starts %s), so the review stopped; the answers before it are recorded", maxLine, quoteStart(line))
				return
			}
			if line != "" {
				select {
				case k.ch <- []byte(line):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return k
}

// read returns the next action; revealed says whether the back is showing.
// It re-asks on invalid input with a message that names the valid grades.
func (k *keys) read(s *session, revealed bool) (action, error) {
	for {
		var raw []byte
		var ok bool
		select {
		case raw, ok = <-k.ch:
		case <-k.ctx.Done():
			return action{}, errInterrupted
		}
		if !ok {
			if k.err != nil {
				return action{}, k.err
			}
			return action{kind: actQuit}, nil // end of input means q
		}
		act, msg := parseAction(raw, k.tty, revealed)
		switch act.kind {
		case actNone:
			if msg != "" {
				fmt.Fprintln(s.screen, s.sty.yellow(msg))
			}
			continue
		case actHelp:
			fmt.Fprintln(s.screen, helpText)
			continue
		}
		return act, nil
	}
}

const helpText = `keys: space/enter show the answer · 0-5 grade (0-2 wrong, 3 hard, 4 good, 5 easy)
      a again(1) · h hard(3) · g good(4) · e easy(5)
      u undo the last answer · s suspend · b bury until tomorrow · q quit`

var words = map[string]action{
	"again": {actGrade, 1}, "hard": {actGrade, 3}, "good": {actGrade, 4}, "easy": {actGrade, 5},
	"a": {actGrade, 1}, "h": {actGrade, 3}, "g": {actGrade, 4}, "e": {actGrade, 5},
	"u": {kind: actUndo}, "undo": {kind: actUndo},
	"s": {kind: actSuspend}, "suspend": {kind: actSuspend},
	"b": {kind: actBury}, "bury": {kind: actBury},
	"q": {kind: actQuit}, "quit": {kind: actQuit},
	"?": {kind: actHelp}, "help": {kind: actHelp},
}

func parseAction(raw []byte, tty, revealed bool) (action, string) {
	if tty {
		if len(raw) == 0 || raw[0] == 0x1b { // arrow keys and other sequences
			return action{}, ""
		}
		switch raw[0] {
		case 3: // Ctrl-C
			return action{kind: actInterrupt}, ""
		case 4: // Ctrl-D
			return action{kind: actQuit}, ""
		case ' ', '\r', '\n':
			if !revealed {
				return action{kind: actReveal}, ""
			}
			return action{}, "Grade it: 0-5, or a/h/g/e."
		}
		key := string(raw[:1])
		if raw[0] >= '0' && raw[0] <= '9' {
			if !revealed {
				return action{kind: actReveal}, ""
			}
			g := int(raw[0] - '0')
			if g > 5 {
				return action{}, fmt.Sprintf("%d is not a grade: grades are 0-5.", g)
			}
			return action{actGrade, g}, ""
		}
		act, ok := words[strings.ToLower(key)]
		if !ok {
			return action{}, fmt.Sprintf("%q is not a key here: grades are 0-5; ? shows the keys.", key)
		}
		if act.kind == actGrade && !revealed {
			return action{kind: actReveal}, ""
		}
		return act, ""
	}
	line := strings.ToLower(strings.TrimSpace(string(raw)))
	if line == "" {
		return action{}, "Empty line: type a grade 0-5, a word (again/hard/good/easy), u, s, b or q."
	}
	if n, err := strconv.Atoi(line); err == nil {
		if n < 0 || n > 5 {
			return action{}, fmt.Sprintf("%d is not a grade: grades are 0-5. Nothing was recorded; try again.", n)
		}
		return action{actGrade, n}, ""
	}
	if act, ok := words[line]; ok {
		return act, ""
	}
	return action{}, fmt.Sprintf("%s is not a grade: grades are 0-5 (or again/hard/good/easy, u, s, b, q). Nothing was recorded; try again.", quoteStart(line))
}
