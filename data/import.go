package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

// ImportOptions says how to import.
type ImportOptions struct {
	DryRun  bool      // plan and report, write nothing
	Prune   bool      // delete orphaned cards of the imported decks
	Builtin bool      // the decks are aipm's built-in decks
	At      time.Time // the instant logged for prune rows and new decks
	Day     srs.Day   // the user day logged for prune rows
	// Changes fills DeckSummary.Changes with one line per card that is
	// added, restored, updated, moved, orphaned or pruned.
	Changes bool
	// Backup writes a backup copy (Store.Backup) just before an import
	// that changes cards writes them, unless this Open created the file.
	Backup bool
	// Progress, when set, is called while cards are written with the
	// number written so far and the number to write.
	Progress func(done, total int)
}

// Change is one line of an import's diff.
type Change struct {
	Action string // added, restored, updated, moved, orphaned, pruned
	CardID string
	File   string
	Line   int // 0 for orphaned and pruned cards
	Front  string
}

// DeckSummary is what an import did to one deck.
type DeckSummary struct {
	ID        string
	Name      string
	File      string
	New       bool // the deck did not exist before
	Skipped   bool // nothing was imported: the file has no cards, or (built-in) the id is taken
	Added     int  // new cards, and orphans that came back (Restored)
	Restored  int  // orphans back in the file, with their history
	Updated   int
	Moved     int
	Unchanged int
	Orphaned  int // cards that left the file in this import
	Remaining int // orphans left in the deck after the import
	Pruned    int
	Warnings  []string
	Changes   []Change // with ImportOptions.Changes
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
		t.Restored += d.Restored
		t.Updated += d.Updated
		t.Moved += d.Moved
		t.Unchanged += d.Unchanged
		t.Orphaned += d.Orphaned
		t.Remaining += d.Remaining
		t.Pruned += d.Pruned
		t.Warnings = append(t.Warnings, d.Warnings...)
		t.Changes = append(t.Changes, d.Changes...)
	}
	return t
}

// Changed reports whether the import changes any card.
func (s *Summary) Changed() bool {
	t := s.Total()
	return t.Added+t.Updated+t.Moved+t.Orphaned+t.Pruned > 0
}

// DuplicateDeckError is two decks of one import with the same deck id.
type DuplicateDeckError struct{ ID, File1, File2 string }

func (e *DuplicateDeckError) Error() string {
	if e.File1 == e.File2 {
		return fmt.Sprintf("%s: two deck names give the deck id %q; rename one of the decks in its deck column", e.File1, e.ID)
	}
	return fmt.Sprintf("%s and %s both define deck %q; give one of them another `id:` in its front matter, or rename it", e.File1, e.File2, e.ID)
}

// PinnedID is the id that a card of a note gets from the note's base: the
// note's `ID:` pin (or Anki guid) or, for a note without one, the key of its
// first card. A basic card and a cloze's group 1 take the base itself, the
// reverse card of an R:, `:::` or `??` note takes base+"/r", and cloze
// group g > 1 takes base+"/cg". One `ID:` line thus gives every card of its
// note a stable id, and an export can carry a note's ids in one `ID:` line.
func PinnedID(base string, kind deck.Kind, group int) string {
	switch {
	case kind == deck.Reverse:
		return base + "/r"
	case kind == deck.Cloze && group > 1:
		return base + "/c" + strconv.Itoa(group)
	}
	return base
}

// NoteBase inverts PinnedID: the base that gives this card its id, and
// whether there is one.
func NoteBase(id string, kind deck.Kind, group int) (string, bool) {
	suffix := ""
	switch {
	case kind == deck.Reverse:
		suffix = "/r"
	case kind == deck.Cloze && group > 1:
		suffix = "/c" + strconv.Itoa(group)
	}
	if !strings.HasSuffix(id, suffix) || len(id) == len(suffix) {
		return "", false
	}
	return id[:len(id)-len(suffix)], true
}

// oldCard is a stored card as matching sees it.
type oldCard struct {
	id, key, kind, source, front, back, topic, pin, file string
	grp, ord, line                                       int
	orphaned                                             bool
	used                                                 bool
	norm                                                 []rune // normalised source, built lazily
	// scheduling state, for prune log rows
	reps, interval, ef int
	due                sql.NullString
}

// cardPlan is what happens to one parsed card.
type cardPlan struct {
	card   *deck.Card
	note   int // index into deckPlan.notes
	old    int // index into deckPlan.old, -1 for a new card
	id     string
	action string // added, restored, updated, moved, unchanged
	write  bool   // the stored row must be written
}

type deckPlan struct {
	deck    *deck.Deck
	exists  bool
	renamed bool // the deck's name or file changed
	ord     int  // deck order
	old     []oldCard
	cards   []cardPlan
	notes   [][2]int // the cards of each note: [start, end) in cards
	orphans []int    // indexes into old: live cards that left the file
	prune   []int    // indexes into old: orphans to delete
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
	if opts.DryRun {
		plans, err := s.plan(ctx, s.db, decks, opts)
		if err != nil {
			return nil, err
		}
		return summarize(plans), nil
	}
	var plans []*deckPlan
	var backup string // removed if the import fails: retries must not fill the disk
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if plans, err = s.plan(ctx, tx, decks, opts); err != nil {
			return err
		}
		if opts.Backup && !s.created && summarize(plans).Changed() {
			// Another connection reads the last committed state while this
			// transaction holds the write lock, so the copy is exactly what
			// the import starts from.
			if backup != "" { // a retry takes a fresh copy
				removeDB(backup)
			}
			var err error
			if backup, err = s.Backup(ctx, "import"); err != nil {
				return fmt.Errorf("back up before the import: %w", err)
			}
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
		if backup != "" {
			removeDB(backup)
		}
		return nil, err
	}
	return summarize(plans), nil
}

// CheckDecks finds the errors that only a whole import can see: two decks
// with one id, and one `ID:` pin (or guid) on notes in two files. Import
// runs it; lint uses it without a database.
func CheckDecks(decks []*deck.Deck) error {
	seen := map[string]string{}
	for _, d := range decks {
		if f, ok := seen[d.ID]; ok {
			return &DuplicateDeckError{ID: d.ID, File1: f, File2: d.File}
		}
		seen[d.ID] = d.File
	}
	type at struct {
		file string
		line int
	}
	pins := map[string]at{}
	for _, d := range decks {
		for _, c := range d.Cards {
			if c.Pin == "" {
				continue
			}
			here := at{d.File, c.Line}
			if prev, ok := pins[c.Pin]; ok && prev != here {
				return fmt.Errorf("%s:%d: ID %s is also used at %s:%d; card ids must be unique, so change one of them",
					d.File, c.Line, c.Pin, prev.file, prev.line)
			}
			pins[c.Pin] = here
		}
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

// idIndex knows every card id and pin in the database, loaded on first use.
type idIndex struct {
	q      queryer
	loaded bool
	ids    map[string]string // card id → deck id, plus ids given out in this import
	pins   map[string]string // pin → deck id
}

func (x *idIndex) load(ctx context.Context) error {
	if x.loaded {
		return nil
	}
	x.loaded = true
	x.ids, x.pins = map[string]string{}, map[string]string{}
	if x.q == nil {
		return nil
	}
	rows, err := x.q.QueryContext(ctx, "SELECT id, deck_id, pin FROM cards")
	if err != nil {
		return fmt.Errorf("read card ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, deckID, pin string
		if err := rows.Scan(&id, &deckID, &pin); err != nil {
			return fmt.Errorf("read card ids: %w", err)
		}
		x.ids[id] = deckID
		if pin != "" {
			x.pins[pin] = deckID
		}
	}
	return rows.Err()
}

func (s *Store) plan(ctx context.Context, q queryer, decks []*deck.Deck, opts ImportOptions) ([]*deckPlan, error) {
	if err := CheckDecks(decks); err != nil {
		return nil, err
	}
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
	ids := &idIndex{q: q}
	var plans []*deckPlan
	for _, d := range decks {
		p := &deckPlan{deck: d, sum: DeckSummary{ID: d.ID, Name: d.Name, File: d.File}}
		plans = append(plans, p)
		for _, w := range d.Warnings {
			p.sum.Warnings = append(p.sum.Warnings, w.String())
		}
		if len(d.Cards) == 0 {
			// A file with no cards imports nothing (its warning says so),
			// and leaves a stored deck as it is.
			p.sum.Skipped = true
			continue
		}
		var name, file string
		var builtin bool
		err := sql.ErrNoRows
		if q != nil {
			err = q.QueryRowContext(ctx, "SELECT ord, name, file, builtin FROM decks WHERE id = ?", d.ID).Scan(&p.ord, &name, &file, &builtin)
		}
		switch {
		case err == sql.ErrNoRows:
			p.ord = nextOrd
			nextOrd++
			p.sum.New = true
		case err != nil:
			return nil, fmt.Errorf("read deck %s: %w", d.ID, err)
		case builtin && !opts.Builtin:
			return nil, fmt.Errorf("%s: deck id %q is a built-in deck's; give the file another `id:` in its front matter", d.File, d.ID)
		case !builtin && opts.Builtin:
			p.sum.Skipped = true
			p.sum.Warnings = append(p.sum.Warnings, fmt.Sprintf("built-in deck %q was not installed: an imported deck has its id", d.ID))
			continue
		default:
			p.exists = true
			p.renamed = name != d.Name || file != d.File
			if p.old, err = loadOld(ctx, q, d.ID); err != nil {
				return nil, err
			}
		}
		p.cards = make([]cardPlan, len(d.Cards))
		for i := range d.Cards {
			p.cards[i] = cardPlan{card: &d.Cards[i], old: -1}
			if i == 0 || d.Cards[i].Line != d.Cards[i-1].Line || d.Cards[i].Pin != d.Cards[i-1].Pin {
				p.notes = append(p.notes, [2]int{i, i})
			}
			p.notes[len(p.notes)-1][1] = i + 1
			p.cards[i].note = len(p.notes) - 1
		}
		if err := checkPins(ctx, p, ids); err != nil {
			return nil, err
		}
		match(p)
		if err := assignIDs(ctx, p, ids); err != nil {
			return nil, err
		}
		classifyCards(p, opts.Changes)
		for i, o := range p.old {
			switch {
			case !o.used && opts.Prune:
				p.prune = append(p.prune, i)
				p.sum.Pruned++
				if opts.Changes {
					p.sum.Changes = append(p.sum.Changes, Change{Action: "pruned", CardID: o.id, Front: o.front})
				}
			case !o.used:
				p.sum.Remaining++
			}
		}
	}
	return plans, nil
}

// checkPins refuses a pin that already belongs to a card of another deck.
func checkPins(ctx context.Context, p *deckPlan, ids *idIndex) error {
	for _, n := range p.notes {
		c := p.cards[n[0]].card
		if c.Pin == "" {
			continue
		}
		if err := ids.load(ctx); err != nil {
			return err
		}
		owners := []string{ids.pins[c.Pin]}
		for _, cp := range p.cards[n[0]:n[1]] {
			owners = append(owners, ids.ids[PinnedID(c.Pin, cp.card.Kind, cp.card.Group)])
		}
		for _, other := range owners {
			if other != "" && other != p.deck.ID {
				return fmt.Errorf("%s:%d: ID %s already belongs to a card of deck %q; pick another ID, or prune that card from its deck first",
					p.deck.File, c.Line, c.Pin, other)
			}
		}
	}
	return nil
}

func loadOld(ctx context.Context, q queryer, deckID string) ([]oldCard, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, key, kind, source, front, back, topic, pin, file, grp, ord, line, orphaned,
		reps, interval, ef, due FROM cards WHERE deck_id = ? ORDER BY ord, orphaned`, deckID)
	if err != nil {
		return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
	}
	defer rows.Close()
	var out []oldCard
	for rows.Next() {
		var o oldCard
		if err := rows.Scan(&o.id, &o.key, &o.kind, &o.source, &o.front, &o.back, &o.topic, &o.pin, &o.file, &o.grp, &o.ord, &o.line, &o.orphaned,
			&o.reps, &o.interval, &o.ef, &o.due); err != nil {
			return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// similarityWindow is how many old cards, nearest in file order, a changed
// card is compared with; a pair needs a similarity of at least
// minSimilarity = 0.6, that is 5 × distance ≤ 2 × the longer length.
const (
	similarityWindow = 5
	minSimilarity    = 0.6
)

// match pairs the parsed cards with the stored ones, as DESIGN.md says:
// by pin (the id the pin gives, or a stored card imported with that pin),
// then by key, then by similarity.
func match(p *deckPlan) {
	take := func(i, j int) {
		p.cards[i].old = j
		p.old[j].used = true
	}
	// compatible: an old card imported with one pin never matches a card
	// with another pin (for an Anki guid, that is another note).
	compatible := func(c *deck.Card, o *oldCard) bool {
		return c.Pin == "" || o.pin == "" || o.pin == c.Pin
	}
	byID := make(map[string]int, len(p.old))
	byKey := make(map[string]int, len(p.old))
	byPin := map[string]int{}
	for i, o := range p.old {
		byID[o.id] = i
		if j, ok := byKey[o.key]; !ok || (p.old[j].orphaned && !o.orphaned) {
			byKey[o.key] = i
		}
		if o.pin != "" {
			byPin[o.pin+"\x00"+o.kind+"\x00"+strconv.Itoa(o.grp)] = i
		}
	}
	for i := range p.cards {
		c := p.cards[i].card
		if c.Pin == "" {
			continue
		}
		if j, ok := byID[PinnedID(c.Pin, c.Kind, c.Group)]; ok && !p.old[j].used {
			take(i, j)
		} else if j, ok := byPin[c.Pin+"\x00"+string(c.Kind)+"\x00"+strconv.Itoa(c.Group)]; ok && !p.old[j].used {
			take(i, j)
		}
	}
	for i := range p.cards {
		c := p.cards[i].card
		if p.cards[i].old >= 0 {
			continue
		}
		if j, ok := byKey[c.Key]; ok && !p.old[j].used && compatible(c, &p.old[j]) {
			take(i, j)
		}
	}
	matchSimilar(p, compatible)
}

// matchSimilar pairs the cards still unmatched with unmatched old cards of
// the same kind and cloze group: each new card is compared with the
// similarityWindow such old cards nearest to where it sits in the old file
// (judged from its nearest matched neighbour), and the pairs that reach
// minSimilarity are taken best first, so each card gets the best match it
// can.
func matchSimilar(p *deckPlan, compatible func(*deck.Card, *oldCard) bool) {
	// Unused old cards by kind and group, in old file order.
	type kg struct {
		kind string
		grp  int
	}
	free := map[kg][]int{}
	for j := range p.old {
		if o := &p.old[j]; !o.used {
			free[kg{o.kind, o.grp}] = append(free[kg{o.kind, o.grp}], j)
		}
	}
	if len(free) == 0 {
		return
	}
	// Where each new card sits in the old file: its nearest matched card
	// before it (or after it) plus the distance to that card.
	n := len(p.cards)
	at := make([]int, n)
	last := -1
	for i := 0; i < n; i++ {
		if p.cards[i].old >= 0 {
			last = i
		}
		if last >= 0 {
			at[i] = p.old[p.cards[last].old].ord + i - last
		} else {
			at[i] = -1
		}
	}
	next := -1
	for i := n - 1; i >= 0; i-- {
		if p.cards[i].old >= 0 {
			next = i
		}
		if at[i] < 0 {
			if next >= 0 {
				at[i] = p.old[p.cards[next].old].ord - (next - i)
			} else {
				at[i] = i
			}
		}
	}
	type pair struct {
		i, j int
		d, n int // distance and longer length: similarity 1 - d/n
	}
	var pairs []pair
	for i := range p.cards {
		c := p.cards[i].card
		if p.cards[i].old >= 0 {
			continue
		}
		cand := free[kg{string(c.Kind), c.Group}]
		if len(cand) == 0 {
			continue
		}
		ord := func(k int) int { return p.old[cand[k]].ord }
		dist := func(k int) int { return abs(ord(k) - at[i]) }
		// Walk out from at[i] both ways, nearest first.
		r := sort.Search(len(cand), func(k int) bool { return ord(k) >= at[i] })
		l := r - 1
		src := []rune(deck.Normalize(c.Source))
		for taken := 0; taken < similarityWindow && (l >= 0 || r < len(cand)); taken++ {
			var k int
			if r >= len(cand) || (l >= 0 && dist(l) <= dist(r)) {
				k, l = l, l-1
			} else {
				k, r = r, r+1
			}
			j := cand[k]
			o := &p.old[j]
			if !compatible(c, o) {
				continue
			}
			if o.norm == nil {
				o.norm = []rune(deck.Normalize(o.source))
			}
			longer := max(len(src), len(o.norm))
			limit := 2 * longer / 5 // 1 - d/n >= 0.6
			if d := levenshteinMax(src, o.norm, limit); d <= limit {
				pairs = append(pairs, pair{i, j, d, longer})
			}
		}
	}
	// Best similarity first (d1/n1 < d2/n2, compared without division),
	// then file order.
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		if l, r := x.d*max(y.n, 1), y.d*max(x.n, 1); l != r {
			return l < r
		}
		if x.i != y.i {
			return x.i < y.i
		}
		return x.j < y.j
	})
	for _, pr := range pairs {
		if p.cards[pr.i].old < 0 && !p.old[pr.j].used {
			p.cards[pr.i].old = pr.j
			p.old[pr.j].used = true
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Similarity is 1 - Levenshtein(a, b) / max(len(a), len(b)), over runes:
// 1 for equal texts, 0 for texts with nothing in common.
func Similarity(a, b []rune) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 1
	}
	return 1 - float64(levenshteinMax(a, b, n))/float64(n)
}

// levenshteinMax returns the edit distance between a and b when it is at
// most limit, and limit+1 otherwise. It computes only the diagonal band of
// width 2×limit+1 and stops as soon as a row exceeds the limit, so a
// hopeless pair costs little.
func levenshteinMax(a, b []rune, limit int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	for len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	n, m := len(a), len(b)
	over := limit + 1
	if n-m > limit {
		return over
	}
	if m == 0 {
		return min(n, over)
	}
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = min(j, over)
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-limit), min(m, i+limit)
		rowMin := over
		if lo == 1 {
			cur[0] = min(i, over)
			rowMin = cur[0]
		} else {
			cur[lo-1] = over
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost, over)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < m {
			cur[hi+1] = over
		}
		if rowMin > limit {
			return over
		}
		prev, cur = cur, prev
	}
	return prev[m]
}

// assignIDs gives each added card its id: PinnedID of its note's base,
// which is the note's pin, else the base of a sibling that kept its id,
// else the key of the note's first card. An unpinned id that is taken gets
// "-2", "-3", …; a pinned one that is taken is an error.
func assignIDs(ctx context.Context, p *deckPlan, ids *idIndex) error {
	for i := range p.cards {
		cp := &p.cards[i]
		if cp.old >= 0 {
			cp.id = p.old[cp.old].id
		}
	}
	for _, n := range p.notes {
		first := p.cards[n[0]].card
		base := first.Pin
		if base == "" {
			base = first.Key
			for _, cp := range p.cards[n[0]:n[1]] {
				if cp.old >= 0 {
					if b, ok := NoteBase(cp.id, cp.card.Kind, cp.card.Group); ok {
						base = b
						break
					}
				}
			}
		}
		for k := n[0]; k < n[1]; k++ {
			cp := &p.cards[k]
			if cp.old >= 0 {
				continue
			}
			if err := ids.load(ctx); err != nil {
				return err
			}
			want := PinnedID(base, cp.card.Kind, cp.card.Group)
			id := want
			for n := 2; ids.ids[id] != ""; n++ {
				if cp.card.Pin != "" {
					return fmt.Errorf("%s:%d: ID %s gives this %s card the id %q, which another card already has; pick another ID",
						p.deck.File, cp.card.Line, cp.card.Pin, cp.card.Kind, want)
				}
				id = want + "-" + strconv.Itoa(n)
			}
			ids.ids[id] = p.deck.ID
			cp.id = id
		}
	}
	return nil
}

// classifyCards sets each card's action and the deck's counts, and marks the
// rows to write. A card is moved when its topic changed or it is off the
// longest run of cards still in their old order, so inserting or removing
// a card moves nothing else.
func classifyCards(p *deckPlan, changes bool) {
	var seq []int // indexes into p.cards of live matched cards, in new order
	for i := range p.cards {
		if j := p.cards[i].old; j >= 0 && !p.old[j].orphaned {
			seq = append(seq, i)
		}
	}
	inOrder := lis(seq, func(i int) int { return p.old[p.cards[i].old].ord })
	file := p.deck.File
	for i := range p.cards {
		cp := &p.cards[i]
		c := cp.card
		cp.write = true
		switch {
		case cp.old < 0:
			cp.action = "added"
			p.sum.Added++
		case p.old[cp.old].orphaned:
			cp.action = "restored"
			p.sum.Added++
			p.sum.Restored++
		default:
			o := &p.old[cp.old]
			switch {
			case o.front != c.Front || o.back != c.Back || o.source != c.Source || o.kind != string(c.Kind) || o.grp != c.Group:
				cp.action = "updated"
				p.sum.Updated++
			case o.topic != c.Topic || !inOrder[i]:
				cp.action = "moved"
				p.sum.Moved++
			default:
				cp.action = "unchanged"
				p.sum.Unchanged++
				cp.write = o.ord != i || o.key != c.Key || o.pin != c.Pin || o.file != file || o.line != c.Line
			}
		}
		if changes && cp.action != "unchanged" {
			p.sum.Changes = append(p.sum.Changes, Change{Action: cp.action, CardID: cp.id, File: file, Line: c.Line, Front: c.Front})
		}
	}
	for j := range p.old {
		if o := &p.old[j]; !o.used && !o.orphaned {
			p.orphans = append(p.orphans, j)
			p.sum.Orphaned++
			if changes {
				p.sum.Changes = append(p.sum.Changes, Change{Action: "orphaned", CardID: o.id, Front: o.front})
			}
		}
	}
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

func (s *Store) apply(ctx context.Context, tx *sql.Tx, plans []*deckPlan, opts ImportOptions) error {
	stmts := map[string]string{
		"ins": insertCards(insertBatch),
		"upd": `UPDATE cards SET ord = ?, key = ?, kind = ?, grp = ?, topic = ?,
			front = ?, back = ?, source = ?, pin = ?, file = ?, line = ?, orphaned = 0 WHERE id = ?`,
		"orphan": "UPDATE cards SET orphaned = 1 WHERE id = ?",
		"log": `INSERT INTO revlog (card_id, kind, at, day,
			reps_before, interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after)
			VALUES (?, 'prune', ?, ?, ?, ?, ?, ?, 0, 0, 250, NULL)`,
		"del": "DELETE FROM cards WHERE id = ?",
	}
	st := map[string]*sql.Stmt{}
	for name, q := range stmts {
		stmt, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare import: %w", err)
		}
		defer stmt.Close()
		st[name] = stmt
	}
	total, done := 0, 0
	for _, p := range plans {
		for _, cp := range p.cards {
			if cp.write {
				total++
			}
		}
		total += len(p.orphans) + len(p.prune)
	}
	step := func() {
		done++
		if opts.Progress != nil && (done%1000 == 0 || done == total) {
			opts.Progress(done, total)
		}
	}
	// New cards go in insertBatch rows to a statement: one statement per
	// card costs a third of a big import in statement overhead.
	var rows []any
	flush := func(d *deck.Deck) error {
		n := len(rows) / insertColumns
		if n == 0 {
			return nil
		}
		var err error
		if n == insertBatch {
			_, err = st["ins"].ExecContext(ctx, rows...)
		} else {
			_, err = tx.ExecContext(ctx, insertCards(n), rows...)
		}
		if err != nil {
			return fmt.Errorf("%s: write cards: %w", d.File, err)
		}
		rows = rows[:0]
		for range n {
			step()
		}
		return nil
	}
	at := opts.At.UTC().Format(time.RFC3339Nano)
	for _, p := range plans {
		d := p.deck
		var err error
		switch {
		case p.sum.Skipped:
			continue
		case !p.exists:
			_, err = tx.ExecContext(ctx, "INSERT INTO decks (id, name, file, builtin, ord, created_at) VALUES (?, ?, ?, ?, ?, ?)",
				d.ID, d.Name, d.File, opts.Builtin, p.ord, at)
		case p.renamed:
			_, err = tx.ExecContext(ctx, "UPDATE decks SET name = ?, file = ? WHERE id = ?", d.Name, d.File, d.ID)
		}
		if err != nil {
			return fmt.Errorf("write deck %s: %w", d.ID, err)
		}
		for i, cp := range p.cards {
			if !cp.write {
				continue
			}
			c := cp.card
			if cp.old < 0 {
				rows = append(rows, cp.id, d.ID, p.ord, i, c.Key, string(c.Kind), c.Group, c.Topic,
					c.Front, c.Back, c.Source, c.Pin, d.File, c.Line)
				if len(rows) == insertBatch*insertColumns {
					if err := flush(d); err != nil {
						return err
					}
				}
				continue
			}
			_, err = st["upd"].ExecContext(ctx, i, c.Key, string(c.Kind), c.Group, c.Topic,
				c.Front, c.Back, c.Source, c.Pin, d.File, c.Line, cp.id)
			if err != nil {
				return fmt.Errorf("%s:%d: write card: %w", d.File, c.Line, err)
			}
			step()
		}
		if err := flush(d); err != nil {
			return err
		}
		for _, j := range p.orphans {
			if _, err := st["orphan"].ExecContext(ctx, p.old[j].id); err != nil {
				return fmt.Errorf("orphan card %s: %w", p.old[j].id, err)
			}
			step()
		}
		for _, j := range p.prune {
			o := p.old[j]
			if _, err := st["log"].ExecContext(ctx, o.id, at, opts.Day.String(), o.reps, o.interval, o.ef, o.due); err != nil {
				return fmt.Errorf("prune card %s: %w", o.id, err)
			}
			if _, err := st["del"].ExecContext(ctx, o.id); err != nil {
				return fmt.Errorf("prune card %s: %w", o.id, err)
			}
			step()
		}
	}
	return nil
}

// insertBatch is how many cards one INSERT writes; insertColumns is how
// many values each card binds (64 × 14 stays far below SQLite's limit of
// 32766 variables).
const (
	insertBatch   = 64
	insertColumns = 14
)

// insertCards is an INSERT of n cards.
func insertCards(n int) string {
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	return `INSERT INTO cards (id, deck_id, deck_ord, ord, key, kind, grp, topic,
		front, back, source, pin, file, line) VALUES ` + strings.Repeat(row+", ", n-1) + row
}

// PlanEmpty is a dry run against a database that does not exist yet:
// every card is added.
func PlanEmpty(ctx context.Context, decks []*deck.Deck, opts ImportOptions) (*Summary, error) {
	opts.DryRun = true
	plans, err := (&Store{}).plan(ctx, nil, decks, opts)
	if err != nil {
		return nil, err
	}
	return summarize(plans), nil
}
