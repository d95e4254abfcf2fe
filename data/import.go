package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// ImportOptions says how to import.
type ImportOptions struct {
	DryRun  bool      // plan and report, write nothing
	Prune   bool      // delete orphaned cards of the imported decks
	Builtin bool      // the decks are aipm's built-in decks
	At      time.Time // the instant logged for prune rows
	Day     srs.Day   // the user day logged for prune rows
}

// Change is one line of an import's diff.
type Change struct {
	Action string // added, updated, moved, orphaned, pruned
	CardID string
	File   string
	Line   int
	Front  string
}

// DeckSummary is what an import did to one deck.
type DeckSummary struct {
	ID        string
	Name      string
	File      string
	New       bool // the deck did not exist before
	Added     int
	Updated   int
	Moved     int
	Unchanged int
	Orphaned  int // cards that left the file in this import
	Remaining int // orphans left in the deck after the import
	Pruned    int
	Warnings  []string
	Changes   []Change
}

// Summary is what an import did.
type Summary struct {
	Decks []DeckSummary
}

// Total sums the per-deck figures.
func (s *Summary) Total() DeckSummary {
	var t DeckSummary
	for _, d := range s.Decks {
		t.Added += d.Added
		t.Updated += d.Updated
		t.Moved += d.Moved
		t.Unchanged += d.Unchanged
		t.Orphaned += d.Orphaned
		t.Remaining += d.Remaining
		t.Pruned += d.Pruned
		t.Warnings = append(t.Warnings, d.Warnings...)
	}
	return t
}

// Changed reports whether the import changes any card.
func (s *Summary) Changed() bool {
	t := s.Total()
	return t.Added+t.Updated+t.Moved+t.Orphaned+t.Pruned > 0
}

// DuplicateDeckError is two files of one import that declare the same deck id.
type DuplicateDeckError struct{ ID, File1, File2 string }

func (e *DuplicateDeckError) Error() string {
	return fmt.Sprintf("%s and %s both define deck %q; give one of them another `id:` in its front matter", e.File1, e.File2, e.ID)
}

// oldCard is a stored card as matching sees it.
type oldCard struct {
	id, key, kind, source, front, back, topic, pin string
	grp, ord                                       int
	orphaned                                       bool
	norm                                           []rune // normalised source, built lazily
	// scheduling state, for prune log rows
	reps, interval, ef int
	due                sql.NullString
}

// cardPlan is what happens to one parsed card.
type cardPlan struct {
	card   *deck.Card
	ord    int
	old    int // index into deckPlan.old, -1 for a new card
	id     string
	action string // added, updated, moved, unchanged
}

type deckPlan struct {
	deck    *deck.Deck
	exists  bool
	ord     int // deck order
	old     []oldCard
	cards   []cardPlan
	orphans []int // indexes into old: live cards that left the file
	prune   []int // indexes into old: orphans to delete
	sum     DeckSummary
}

// Import adds or updates decks, matching cards to the stored ones as
// DESIGN.md describes, in one transaction: any error writes nothing. With
// DryRun it only reads, and works on a read-only store.
func (s *Store) Import(ctx context.Context, decks []*deck.Deck, opts ImportOptions) (*Summary, error) {
	return s.importTx(ctx, decks, opts, nil)
}

// importTx is Import, with also run in the same transaction.
func (s *Store) importTx(ctx context.Context, decks []*deck.Deck, opts ImportOptions, also func(*sql.Tx) error) (*Summary, error) {
	if err := uniqueDecks(decks); err != nil {
		return nil, err
	}
	if opts.DryRun {
		plans, err := s.plan(ctx, s.db, decks, opts)
		if err != nil {
			return nil, err
		}
		return summarize(plans), nil
	}
	var plans []*deckPlan
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if plans, err = s.plan(ctx, tx, decks, opts); err != nil {
			return err
		}
		if err := s.apply(ctx, tx, plans, opts); err != nil {
			return err
		}
		if also != nil {
			return also(tx)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return summarize(plans), nil
}

func uniqueDecks(decks []*deck.Deck) error {
	seen := map[string]string{}
	for _, d := range decks {
		if f, ok := seen[d.ID]; ok {
			return &DuplicateDeckError{ID: d.ID, File1: f, File2: d.File}
		}
		seen[d.ID] = d.File
	}
	return nil
}

func summarize(plans []*deckPlan) *Summary {
	out := &Summary{}
	for _, p := range plans {
		out.Decks = append(out.Decks, p.sum)
	}
	return out
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) plan(ctx context.Context, q queryer, decks []*deck.Deck, opts ImportOptions) ([]*deckPlan, error) {
	floor := 100 // user decks come after built-in decks
	if opts.Builtin {
		floor = 0
	}
	nextOrd := floor
	if q != nil {
		err := q.QueryRowContext(ctx, "SELECT coalesce(max(ord) + 1, ?) FROM decks WHERE builtin = ?", floor, opts.Builtin).Scan(&nextOrd)
		if err != nil {
			return nil, fmt.Errorf("read decks: %w", err)
		}
	}
	nextOrd = max(nextOrd, floor)
	pinned := map[string]string{} // pin → "file:line" within this import
	var plans []*deckPlan
	for _, d := range decks {
		p := &deckPlan{deck: d, sum: DeckSummary{ID: d.ID, Name: d.Name, File: d.File}}
		for _, w := range d.Warnings {
			p.sum.Warnings = append(p.sum.Warnings, w.String())
		}
		err := sql.ErrNoRows
		if q != nil {
			err = q.QueryRowContext(ctx, "SELECT ord FROM decks WHERE id = ?", d.ID).Scan(&p.ord)
		}
		switch {
		case err == sql.ErrNoRows:
			p.ord = nextOrd
			nextOrd++
			p.sum.New = true
		case err != nil:
			return nil, fmt.Errorf("read deck %s: %w", d.ID, err)
		default:
			p.exists = true
			if p.old, err = loadOld(ctx, q, d.ID); err != nil {
				return nil, err
			}
		}
		for i := range d.Cards {
			c := &d.Cards[i]
			if c.Pin == "" {
				continue
			}
			at := fmt.Sprintf("%s:%d", d.File, c.Line)
			if prev, ok := pinned[c.Pin]; ok {
				return nil, fmt.Errorf("%s: ID %q is already used at %s; card ids must be unique", at, c.Pin, prev)
			}
			pinned[c.Pin] = at
			if q == nil {
				continue
			}
			var other string
			err := q.QueryRowContext(ctx, "SELECT deck_id FROM cards WHERE id = ? AND deck_id <> ?", c.Pin, d.ID).Scan(&other)
			if err == nil {
				return nil, fmt.Errorf("%s: ID %q already belongs to a card of deck %q; pick another ID", at, c.Pin, other)
			} else if err != sql.ErrNoRows {
				return nil, err
			}
		}
		match(p)
		if err := assignIDs(ctx, q, p); err != nil {
			return nil, err
		}
		if opts.Prune {
			for i, o := range p.old {
				if o.orphaned || contains(p.orphans, i) {
					p.prune = append(p.prune, i)
				}
			}
		}
		p.sum.Pruned = len(p.prune)
		for _, i := range p.prune {
			p.sum.Changes = append(p.sum.Changes, Change{Action: "pruned", CardID: p.old[i].id, Front: p.old[i].front})
		}
		for i, o := range p.old {
			if (o.orphaned || contains(p.orphans, i)) && !contains(p.prune, i) {
				p.sum.Remaining++
			}
		}
		plans = append(plans, p)
	}
	return plans, nil
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func loadOld(ctx context.Context, q queryer, deckID string) ([]oldCard, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, key, kind, source, front, back, topic, pin, grp, ord, orphaned,
		reps, interval, ef, due FROM cards WHERE deck_id = ? ORDER BY ord`, deckID)
	if err != nil {
		return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
	}
	defer rows.Close()
	var out []oldCard
	for rows.Next() {
		var o oldCard
		if err := rows.Scan(&o.id, &o.key, &o.kind, &o.source, &o.front, &o.back, &o.topic, &o.pin, &o.grp, &o.ord, &o.orphaned,
			&o.reps, &o.interval, &o.ef, &o.due); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// similarityWindow is how many old cards, nearest in file order, a changed
// card is compared with; minSimilarity is the least similarity that pairs them.
const (
	similarityWindow = 5
	minSimilarity    = 0.6
)

// match pairs the parsed cards with the stored ones: by pinned id, then by
// key, then by similarity (see DESIGN.md), and classifies each card.
func match(p *deckPlan) {
	cards := p.deck.Cards
	p.cards = make([]cardPlan, len(cards))
	used := make([]bool, len(p.old))
	byID := make(map[string]int, len(p.old))
	byKey := make(map[string]int, len(p.old))
	for i, o := range p.old {
		byID[o.id] = i
		if j, ok := byKey[o.key]; !ok || (p.old[j].orphaned && !o.orphaned) {
			byKey[o.key] = i
		}
	}
	for i := range cards {
		p.cards[i] = cardPlan{card: &cards[i], ord: i, old: -1}
	}
	take := func(i, j int) {
		p.cards[i].old = j
		used[j] = true
	}
	for i, c := range cards {
		if c.Pin == "" {
			continue
		}
		if j, ok := byID[c.Pin]; ok && !used[j] {
			take(i, j)
		}
	}
	for i, c := range cards {
		if p.cards[i].old >= 0 || c.Pin != "" {
			continue
		}
		if j, ok := byKey[c.Key]; ok && !used[j] {
			take(i, j)
		}
	}
	for i, c := range cards {
		if p.cards[i].old >= 0 || c.Pin != "" {
			continue
		}
		if j := nearestSimilar(p, used, i, c); j >= 0 {
			take(i, j)
		}
	}
	// Cards out of order: those not on a longest increasing run of old
	// positions. Inserting or deleting a card moves nothing else.
	var seq []int // indexes into p.cards of matched cards, in new order
	for i := range p.cards {
		if p.cards[i].old >= 0 {
			seq = append(seq, i)
		}
	}
	inOrder := lis(seq, func(i int) int { return p.old[p.cards[i].old].ord })
	for i := range p.cards {
		cp := &p.cards[i]
		c := cp.card
		if cp.old < 0 {
			cp.action = "added"
			p.sum.Added++
			p.sum.Changes = append(p.sum.Changes, Change{Action: "added", File: p.deck.File, Line: c.Line, Front: c.Front})
			continue
		}
		o := p.old[cp.old]
		cp.id = o.id
		switch {
		case o.orphaned || o.front != c.Front || o.back != c.Back || o.source != c.Source || o.kind != string(c.Kind) || o.grp != c.Group:
			cp.action = "updated"
			p.sum.Updated++
		case o.topic != c.Topic || !inOrder[i]:
			cp.action = "moved"
			p.sum.Moved++
		default:
			cp.action = "unchanged"
			p.sum.Unchanged++
			continue
		}
		p.sum.Changes = append(p.sum.Changes, Change{Action: cp.action, CardID: o.id, File: p.deck.File, Line: c.Line, Front: c.Front})
	}
	for j, o := range p.old {
		if !used[j] && !o.orphaned {
			p.orphans = append(p.orphans, j)
			p.sum.Orphaned++
			p.sum.Changes = append(p.sum.Changes, Change{Action: "orphaned", CardID: o.id, Front: o.front})
		}
	}
}

// nearestSimilar returns the best unused old card of the same kind and
// group among the similarityWindow nearest in file order, if its similarity
// reaches minSimilarity; else -1.
func nearestSimilar(p *deckPlan, used []bool, i int, c deck.Card) int {
	var cand []int
	for j, o := range p.old {
		if !used[j] && o.kind == string(c.Kind) && o.grp == c.Group {
			cand = append(cand, j)
		}
	}
	if len(cand) == 0 {
		return -1
	}
	dist := func(j int) int {
		d := p.old[j].ord - i
		if d < 0 {
			return -d
		}
		return d
	}
	sort.SliceStable(cand, func(a, b int) bool { return dist(cand[a]) < dist(cand[b]) })
	if len(cand) > similarityWindow {
		cand = cand[:similarityWindow]
	}
	src := []rune(deck.Normalize(c.Source))
	best, bestSim := -1, minSimilarity
	for _, j := range cand {
		o := &p.old[j]
		if o.norm == nil {
			o.norm = []rune(deck.Normalize(o.source))
		}
		if sim := Similarity(src, o.norm); sim >= bestSim && (best < 0 || sim > bestSim) {
			best, bestSim = j, sim
		}
	}
	return best
}

// Similarity is 1 - Levenshtein(a, b) / max(len(a), len(b)), over runes.
func Similarity(a, b []rune) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	// A length gap alone that rules out minSimilarity needs no table.
	if d := len(a) - len(b); float64(max(d, -d))/float64(n) > 1-minSimilarity {
		return 1 - float64(max(d, -d))/float64(n)
	}
	return 1 - float64(levenshtein(a, b))/float64(n)
}

func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// lis marks the elements of seq that lie on one longest strictly increasing
// subsequence of key(seq[i]). The result is indexed by the values of seq.
func lis(seq []int, key func(int) int) map[int]bool {
	tails := []int{} // tails[k]: index into seq of the smallest tail of a run of length k+1
	prev := make([]int, len(seq))
	for i, v := range seq {
		k := sort.Search(len(tails), func(t int) bool { return key(seq[tails[t]]) >= key(v) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make(map[int]bool, len(tails))
	if len(tails) == 0 {
		return out
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		out[seq[i]] = true
	}
	return out
}

// assignIDs gives each added card its id: its pin, else its key, made unique
// against the stored cards (an edited card keeps the id of its old key).
func assignIDs(ctx context.Context, q queryer, p *deckPlan) error {
	taken := map[string]bool{}
	for _, o := range p.old {
		taken[o.id] = true
	}
	for i := range p.cards {
		cp := &p.cards[i]
		if cp.old >= 0 {
			continue
		}
		base := cp.card.Pin
		if base == "" {
			base = cp.card.Key
		}
		id := base
		for n := 2; ; n++ {
			if !taken[id] && q == nil {
				break
			}
			if !taken[id] {
				var x int
				err := q.QueryRowContext(ctx, "SELECT 1 FROM cards WHERE id = ?", id).Scan(&x)
				if err == sql.ErrNoRows {
					break
				}
				if err != nil {
					return err
				}
			}
			if cp.card.Pin != "" {
				return fmt.Errorf("%s:%d: ID %q is already used by another card", p.deck.File, cp.card.Line, id)
			}
			id = fmt.Sprintf("%s-%d", base, n)
		}
		taken[id] = true
		cp.id = id
	}
	return nil
}

func (s *Store) apply(ctx context.Context, tx *sql.Tx, plans []*deckPlan, opts ImportOptions) error {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, grp, topic,
		front, back, source, pin, file, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE cards SET ord = ?, key = ?, kind = ?, grp = ?, topic = ?,
		front = ?, back = ?, source = ?, pin = ?, file = ?, line = ?, orphaned = 0 WHERE id = ?`)
	if err != nil {
		return err
	}
	defer upd.Close()
	at := opts.At.UTC().Format(time.RFC3339Nano)
	for _, p := range plans {
		d := p.deck
		if p.exists {
			_, err = tx.ExecContext(ctx, "UPDATE decks SET name = ?, file = ? WHERE id = ?", d.Name, d.File, d.ID)
		} else {
			_, err = tx.ExecContext(ctx, "INSERT INTO decks (id, name, file, builtin, ord, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				d.ID, d.Name, d.File, opts.Builtin, p.ord, at)
		}
		if err != nil {
			return fmt.Errorf("write deck %s: %w", d.ID, err)
		}
		for _, cp := range p.cards {
			c := cp.card
			switch cp.action {
			case "added":
				_, err = ins.ExecContext(ctx, cp.id, d.ID, p.ord, cp.ord, c.Key, string(c.Kind), c.Group, c.Topic,
					c.Front, c.Back, c.Source, c.Pin, d.File, c.Line)
			default:
				_, err = upd.ExecContext(ctx, cp.ord, c.Key, string(c.Kind), c.Group, c.Topic,
					c.Front, c.Back, c.Source, c.Pin, d.File, c.Line, cp.id)
			}
			if err != nil {
				return fmt.Errorf("%s:%d: write card: %w", d.File, c.Line, err)
			}
		}
		for _, j := range p.orphans {
			if _, err := tx.ExecContext(ctx, "UPDATE cards SET orphaned = 1 WHERE id = ?", p.old[j].id); err != nil {
				return err
			}
		}
		for _, j := range p.prune {
			o := p.old[j]
			if _, err := tx.ExecContext(ctx, `INSERT INTO revlog (card_id, kind, at, day,
				reps_before, interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after)
				VALUES (?, 'prune', ?, ?, ?, ?, ?, ?, 0, 0, 250, NULL)`,
				o.id, at, opts.Day.String(), o.reps, o.interval, o.ef, o.due); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM cards WHERE id = ?", o.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// PlanEmpty is a dry run against a database that does not exist yet:
// every card is added.
func PlanEmpty(ctx context.Context, decks []*deck.Deck) (*Summary, error) {
	if err := uniqueDecks(decks); err != nil {
		return nil, err
	}
	plans, err := (&Store{}).plan(ctx, nil, decks, ImportOptions{DryRun: true})
	if err != nil {
		return nil, err
	}
	return summarize(plans), nil
}
