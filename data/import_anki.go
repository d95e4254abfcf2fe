package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/aipmhq/aipm/anki"
	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// AnkiOptions say how to bring in an Anki package.
type AnkiOptions struct {
	ImportOptions
	// WithSchedule keeps the Anki progress: each answered card gets a
	// baseline log row (and its revlog as history rows), and suspended and
	// buried cards keep that state. Without it the cards come in new.
	WithSchedule bool
	// DayOf is the user's day of an instant (time zone and rollover hour).
	DayOf func(time.Time) srs.Day
}

// AnkiSummary is what an Anki import did.
type AnkiSummary struct {
	*Summary
	Scheduled int // cards whose Anki schedule came in (a baseline row each)
	Reviews   int // past Anki answers added to the log (history rows)
	// Kept counts cards answered in aipm since their last Anki baseline:
	// their aipm progress stands and the package's schedule is ignored.
	Kept int
}

// ImportAnki imports a package's decks as Import does (notes match by
// guid and card ordinal, through the cards' pins), and with WithSchedule
// brings in their Anki schedules in the same transaction. A dry run counts
// what would come in and writes nothing.
func (s *Store) ImportAnki(ctx context.Context, p *anki.Package, o AnkiOptions) (*AnkiSummary, error) {
	out := &AnkiSummary{}
	moved, err := keepDecks(ctx, s.db, p)
	if err != nil {
		return nil, err
	}
	defer func() {
		if out.Summary != nil && len(out.Decks) > 0 {
			out.Decks[0].Warnings = append(out.Decks[0].Warnings, moved...)
		}
	}()
	switch {
	case !o.WithSchedule:
		out.Summary, err = s.Import(ctx, p.Decks, o.ImportOptions)
	case o.DryRun:
		if out.Summary, err = s.Import(ctx, p.Decks, o.ImportOptions); err != nil {
			return nil, err
		}
		// Not tx, err := : a new err here would hide bringSchedules's.
		var tx *sql.Tx
		if tx, err = s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
			return nil, s.classify(err)
		}
		defer tx.Rollback()
		err = bringSchedules(ctx, tx, false, p, o, out)
	default:
		o.sideWrites = true
		out.Summary, err = s.importTx(ctx, p.Decks, o.ImportOptions, func(tx *sql.Tx) error {
			return bringSchedules(ctx, tx, true, p, o, out)
		})
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PlanAnkiEmpty is a dry run of ImportAnki against a database that does
// not exist yet.
func PlanAnkiEmpty(ctx context.Context, p *anki.Package, o AnkiOptions) (*AnkiSummary, error) {
	sum, err := PlanEmpty(ctx, p.Decks, o.ImportOptions)
	if err != nil {
		return nil, err
	}
	out := &AnkiSummary{Summary: sum}
	if o.WithSchedule {
		err = bringSchedules(ctx, nil, false, p, o, out)
	}
	return out, err
}

// storedCard is a stored card's state, as an Anki import compares it.
type storedCard struct {
	id        string
	mem       srs.Memory
	due       string
	suspended bool
	buried    string
}

func ankiKey(deckID, pin string, kind deck.Kind, group int) string {
	return deckID + "\x00" + pin + "\x00" + string(kind) + "\x00" + strconv.Itoa(group)
}

// bringSchedules brings in each card's Anki schedule: history rows for the
// answers the log does not have yet, a baseline row when the schedule
// differs from the card's last one, suspend and bury rows, and then the
// card's state replayed from its log (so doctor agrees). A card answered
// in aipm since its last baseline keeps its aipm progress. Without write
// it only counts; with tx nil too, every card is taken as new to the
// database.
func bringSchedules(ctx context.Context, tx *sql.Tx, write bool, p *anki.Package, o AnkiOptions, out *AnkiSummary) error {
	stored := map[string]storedCard{}
	var st *ankiStmts
	if tx != nil {
		for _, d := range p.Decks {
			if err := loadStoredCards(ctx, tx, d.ID, stored); err != nil {
				return err
			}
		}
		var err error
		if st, err = prepareAnki(ctx, tx, write); err != nil {
			return err
		}
		defer st.close()
	}
	i := 0
	for _, d := range p.Decks {
		for _, c := range d.Cards {
			k := p.Cards[i]
			i++
			sch := p.ScheduleOf(k, o.Day, o.DayOf)
			if !sch.Scheduled && !sch.Suspended && !sch.Buried {
				continue
			}
			sc, ok := stored[ankiKey(d.ID, c.Pin, c.Kind, c.Group)]
			if !ok {
				if write {
					return fmt.Errorf("%s: the imported card %s of deck %s is not in the database", p.File, c.Pin, d.ID)
				}
				if sch.Scheduled {
					out.Scheduled++
				}
				out.Reviews += len(sch.History)
				continue
			}
			if err := st.bringCard(ctx, sc, sch, o, out); err != nil {
				return fmt.Errorf("%s: card %s: %w", p.File, sc.id, err)
			}
		}
	}
	return nil
}

func loadStoredCards(ctx context.Context, q queryer, deckID string, into map[string]storedCard) error {
	rows, err := q.QueryContext(ctx, `SELECT id, pin, kind, grp, reps, interval, ef, stability, difficulty,
		coalesce(due, ''), suspended, coalesce(buried_until, '') FROM cards WHERE deck_id = ? AND orphaned = 0 AND pin <> ''`, deckID)
	if err != nil {
		return fmt.Errorf("read cards of %s: %w", deckID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c storedCard
		var pin, kind string
		var grp, ef int
		if err := rows.Scan(&c.id, &pin, &kind, &grp, &c.mem.Reps, &c.mem.Interval, &ef, &c.mem.Stability,
			&c.mem.Difficulty, &c.due, &c.suspended, &c.buried); err != nil {
			return fmt.Errorf("read cards of %s: %w", deckID, err)
		}
		c.mem.EF = float64(ef) / 100
		into[ankiKey(deckID, pin, deck.Kind(kind), grp)] = c
	}
	return rows.Err()
}

// ankiStmts are the statements an Anki import runs for each card,
// prepared once.
type ankiStmts struct {
	tx                             *sql.Tx
	eng                            engine
	write                          bool
	lastBase, answered, ids        *sql.Stmt
	history, baseline, baselineMem *sql.Stmt
}

func prepareAnki(ctx context.Context, tx *sql.Tx, write bool) (*ankiStmts, error) {
	st := &ankiStmts{tx: tx, write: write}
	if write {
		var err error
		if st.eng, err = engineTx(ctx, tx); err != nil {
			return nil, err
		}
	}
	queries := []struct {
		dst   **sql.Stmt
		query string
		write bool
	}{
		{&st.lastBase, `SELECT r.seq, r.reps_after, r.interval_after, r.ef_after, coalesce(r.due_after, ''),
			r.day, coalesce(r.lapses_after, 0) FROM revlog r WHERE r.card_id = ? AND r.kind = 'baseline' AND ` + notCancelled + `
			ORDER BY r.seq DESC LIMIT 1`, false},
		{&st.answered, `SELECT count(*) FROM revlog r WHERE r.card_id = ? AND r.seq > ?
			AND r.kind IN ('review', 'prune') AND ` + notCancelled, false},
		{&st.ids, "SELECT anki_id FROM revlog WHERE card_id = ? AND anki_id IS NOT NULL", false},
		{&st.history, `INSERT INTO revlog (card_id, kind, at, day, grade,
			reps_before, interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after,
			duration_ms, anki_id) VALUES (?, 'history', ?, ?, ?, 0, ?, ?, ?, 0, ?, ?, ?, ?, ?)`, true},
		{&st.baseline, `INSERT INTO revlog (card_id, kind, at, day,
			reps_before, interval_before, ef_before, due_before, stability_before, difficulty_before,
			reps_after, interval_after, ef_after, due_after, lapses_after)
			VALUES (?, 'baseline', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, true},
		// The baseline row records the FSRS memory replay gave it.
		{&st.baselineMem, "UPDATE revlog SET stability_after = ?, difficulty_after = ? WHERE seq = ?", true},
	}
	for _, q := range queries {
		if q.write && !write {
			continue
		}
		stmt, err := tx.PrepareContext(ctx, q.query)
		if err != nil {
			st.close()
			return nil, fmt.Errorf("prepare the Anki import: %w", err)
		}
		*q.dst = stmt
	}
	return st, nil
}

func (st *ankiStmts) close() {
	for _, s := range []*sql.Stmt{st.lastBase, st.answered, st.ids, st.history, st.baseline, st.baselineMem} {
		if s != nil {
			s.Close()
		}
	}
}

// bringCard brings in one card's schedule (see bringSchedules).
func (st *ankiStmts) bringCard(ctx context.Context, sc storedCard, sch anki.Schedule, o AnkiOptions, out *AnkiSummary) error {
	var lastBase int64
	var base struct {
		reps, interval, ef int
		due, day           string
		lapses             int
	}
	err := st.lastBase.QueryRowContext(ctx, sc.id).Scan(&lastBase, &base.reps, &base.interval, &base.ef, &base.due, &base.day, &base.lapses)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("read its log: %w", err)
	}
	var answered int
	if err := st.answered.QueryRowContext(ctx, sc.id, lastBase).Scan(&answered); err != nil {
		return fmt.Errorf("read its log: %w", err)
	}
	if answered > 0 {
		out.Kept++
		return nil
	}
	have, err := st.ankiIDs(ctx, sc.id)
	if err != nil {
		return err
	}
	var fresh []int // indexes into sch.History
	for j, a := range sch.History {
		if !have[a.ID] {
			fresh = append(fresh, j)
		}
	}
	due := sch.Due.String()
	same := lastBase > 0 && base.reps == sch.Reps && base.interval == sch.Interval && base.ef == sch.EF &&
		base.due == due && base.day == sch.LastDay.String() && base.lapses == sch.Lapses
	newBaseline := sch.Scheduled && (!same || len(fresh) > 0)
	flags := suspendRows(sc, sch, o.Day)
	if newBaseline {
		out.Scheduled++
		out.Reviews += len(fresh)
	}
	if !st.write || (!newBaseline && len(flags) == 0) {
		return nil
	}
	var baseSeq int64
	if newBaseline {
		for _, j := range fresh {
			if err := st.insertHistory(ctx, sc.id, sch.History, j); err != nil {
				return err
			}
		}
		b := sc.mem
		res, err := st.baseline.ExecContext(ctx, sc.id, o.At.UTC().Format(time.RFC3339Nano), sch.LastDay.String(),
			b.Reps, b.Interval, ef100(b.EF), nullStr(sc.due), b.Stability, b.Difficulty,
			sch.Reps, sch.Interval, sch.EF, due, sch.Lapses)
		if err == nil {
			baseSeq, err = res.LastInsertId()
		}
		if err != nil {
			return fmt.Errorf("write its baseline: %w", err)
		}
	}
	for _, kind := range flags {
		if _, err := insertLog(ctx, st.tx, logRow{card: sc.id, kind: kind, at: o.At, day: o.Day,
			before: sc.mem, after: sc.mem, dueBefore: sc.due, dueAfter: sc.due}); err != nil {
			return err
		}
	}
	states, _, problems, err := replay(ctx, st.tx, st.eng, sc.id)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("its log cannot be replayed: %s", problems[0])
	}
	r := states[sc.id].orNew(st.eng)
	if err := writeState(ctx, st.tx, sc.id, r); err != nil {
		return err
	}
	if baseSeq != 0 {
		_, err = st.baselineMem.ExecContext(ctx, r.Memory.Stability, r.Memory.Difficulty, baseSeq)
	}
	return err
}

// ankiIDs are the Anki answers the card's log already has.
func (st *ankiStmts) ankiIDs(ctx context.Context, id string) (map[int64]bool, error) {
	rows, err := st.ids.QueryContext(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read its log: %w", err)
	}
	return int64Set(rows)
}

// suspendRows are the log rows that give the card Anki's suspension and
// burial.
func suspendRows(sc storedCard, sch anki.Schedule, today srs.Day) []srs.LogKind {
	var out []srs.LogKind
	switch {
	case sch.Suspended && !sc.suspended:
		out = append(out, srs.LogSuspend)
	case !sch.Suspended && sc.suspended:
		out = append(out, srs.LogUnsuspend)
	}
	if sch.Buried && (sc.buried == "" || sc.buried <= today.String()) {
		out = append(out, srs.LogBury)
	}
	return out
}

// insertHistory writes answer j of a card's Anki history. due_before is
// NULL for the card's first answer (it was new), else the day the answer
// before it set.
func (st *ankiStmts) insertHistory(ctx context.Context, id string, hist []anki.Answer, j int) error {
	a := hist[j]
	var dueBefore any
	if j > 0 {
		dueBefore = hist[j-1].Day.Add(a.LastInterval).String()
	}
	_, err := st.history.ExecContext(ctx, id, a.At.UTC().Format(time.RFC3339Nano), a.Day.String(), a.Grade, a.LastInterval, a.EF, dueBefore,
		a.Interval, a.EF, a.Day.Add(a.Interval).String(), min(a.Duration, MaxAnswerTime).Milliseconds(), a.ID)
	if err != nil {
		return fmt.Errorf("write its history: %w", err)
	}
	return nil
}

// keepDecks keeps each note that moved from one of the package's decks to
// another since the last import in the deck that has its cards, with a
// warning: a card's id belongs to one deck, and moving it would refuse the
// import (checkPins). A note that comes from a deck outside the package
// is left to that refusal, which names the deck.
func keepDecks(ctx context.Context, q queryer, p *anki.Package) ([]string, error) {
	inPkg := map[string]int{}
	for i, d := range p.Decks {
		inPkg[d.ID] = i
	}
	home := map[string]string{} // pin → the package deck its stored cards are in
	for _, d := range p.Decks {
		rows, err := q.QueryContext(ctx, "SELECT DISTINCT pin FROM cards WHERE deck_id = ? AND pin <> ''", d.ID)
		if err != nil {
			return nil, fmt.Errorf("read cards of %s: %w", d.ID, err)
		}
		for rows.Next() {
			var pin string
			if err := rows.Scan(&pin); err != nil {
				rows.Close()
				return nil, err
			}
			home[pin] = d.ID
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var warnings []string
	type entry struct {
		c deck.Card
		k anki.Card
	}
	groups := make([][]entry, len(p.Decks))
	i := 0
	movedNote := map[string]bool{}
	for di, d := range p.Decks {
		for _, c := range d.Cards {
			to := di
			if h, ok := home[c.Pin]; ok && h != d.ID {
				to = inPkg[h]
				if !movedNote[c.Pin] {
					movedNote[c.Pin] = true
					warnings = append(warnings, fmt.Sprintf("%s:%d: the note moved from deck %q to %q in Anki; its cards stay in %q with their progress",
						p.File, c.Line, p.Decks[to].Name, d.Name, p.Decks[to].Name))
				}
			}
			groups[to] = append(groups[to], entry{c, p.Cards[i]})
			i++
		}
	}
	if len(warnings) == 0 {
		return nil, nil
	}
	p.Cards = p.Cards[:0]
	for di, d := range p.Decks {
		g := groups[di]
		sort.SliceStable(g, func(a, b int) bool { return g[a].c.Line < g[b].c.Line })
		d.Cards = d.Cards[:0]
		for _, e := range g {
			d.Cards = append(d.Cards, e.c)
			p.Cards = append(p.Cards, e.k)
		}
		d.Warnings = nil // SetKeys makes them again
		deck.SetKeys(d)
	}
	return warnings, nil
}
