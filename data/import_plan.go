package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aipmhq/aipm/deck"
)

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// idIndex knows every card id and pin in the database, loaded on first use.
type idIndex struct {
	q      queryer
	loaded bool
	ids    map[string]string // stored card id → deck id
	pins   map[string]string // pin → deck id
	given  given             // the ids given out in this import (import_ids.go)
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
	inImport := make(map[string]bool, len(decks))
	for _, d := range decks {
		inImport[d.ID] = true
	}
	claimed := map[string]bool{} // decks renamed in this import
	texts := map[string]map[string]bool{}
	for _, d := range decks {
		p := &deckPlan{deck: d, sum: DeckSummary{ID: d.ID, Name: d.Name, File: d.File}}
		plans = append(plans, p)
		for _, w := range d.Warnings {
			p.sum.Warnings = append(p.sum.Warnings, w.String())
		}
		if d.Len() == 0 {
			// A file with no cards imports nothing (its warning says so),
			// and leaves a stored deck as it is.
			p.sum.Skipped = true
			continue
		}
		if opts.Changes {
			// The lines of the diff show the cards' fronts.
			if err := hydrate(d); err != nil {
				return nil, err
			}
		}
		var name, file string
		var builtin bool
		err := sql.ErrNoRows
		if q != nil {
			err = q.QueryRowContext(ctx, "SELECT ord, name, file, builtin FROM decks WHERE id = ?", d.ID).Scan(&p.ord, &name, &file, &builtin)
		}
		switch {
		case err == sql.ErrNoRows && !opts.Builtin:
			from, err := findRenamed(ctx, q, d, inImport, claimed, texts)
			if err != nil {
				return nil, err
			}
			if from == "" {
				p.ord = nextOrd
				nextOrd++
				p.sum.New = true
				break
			}
			claimed[from] = true
			if err := hydrate(d); err != nil {
				return nil, err
			}
			p.exists, p.renamed, p.sum.RenamedFrom = true, true, from
			if err := q.QueryRowContext(ctx, "SELECT ord FROM decks WHERE id = ?", from).Scan(&p.ord); err != nil {
				return nil, fmt.Errorf("read deck %s: %w", from, err)
			}
			if p.old, err = loadOld(ctx, q, from); err != nil {
				return nil, err
			}
			rekeyFor(d.ID, p.old)
		case err == sql.ErrNoRows:
			p.ord = nextOrd
			nextOrd++
			p.sum.New = true
		case err != nil:
			return nil, fmt.Errorf("read deck %s: %w", d.ID, err)
		case builtin && !opts.Builtin:
			return nil, Hintf("give the file another `id:` in its front matter", "%s: deck id %q is a built-in deck's", d.File, d.ID)
		case !builtin && opts.Builtin:
			p.sum.Skipped = true
			p.sum.Warnings = append(p.sum.Warnings, fmt.Sprintf("built-in deck %q was not installed: an imported deck has its id", d.ID))
			continue
		default:
			p.exists = true
			p.renamed = name != d.Name || file != d.File
			// Matching compares the texts of the cards that changed.
			if err := hydrate(d); err != nil {
				return nil, err
			}
			if p.old, err = loadOld(ctx, q, d.ID); err != nil {
				return nil, err
			}
		}
		p.cards, p.notes = cardPlans(d)
		if err := checkPins(ctx, p, ids, p.sum.RenamedFrom); err != nil {
			return nil, err
		}
		match(p)
		if err := assignIDs(ctx, p, ids); err != nil {
			return nil, err
		}
		classifyCards(p, opts.Changes)
		p.notes = nil // only matching and ids need them: the writes hold less
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
	if planned != nil {
		planned()
	}
	return plans, nil
}

// cardPlans is a plan record for each card, and the notes the cards make:
// a note's cards are a run with one line and pin. The notes are counted
// first so that neither slice is copied as it grows (at a million cards
// the copies were the import's peak).
func cardPlans(d *deck.Deck) ([]cardPlan, [][2]int32) {
	n := d.Len()
	starts := make([]uint64, (n+63)/64) // bit i: card i starts a note
	count := 0
	var line int
	var pin string
	for i := range n {
		l, p := d.Where(i)
		if i == 0 || l != line || p != pin {
			starts[i/64] |= 1 << (i % 64)
			count++
		}
		line, pin = l, p
	}
	plans := make([]cardPlan, n)
	notes := make([][2]int32, 0, count)
	for i := range n {
		plans[i] = cardPlan{old: -1}
		if starts[i/64]&(1<<(i%64)) != 0 {
			notes = append(notes, [2]int32{int32(i), int32(i)})
		}
		notes[len(notes)-1][1] = int32(i + 1)
	}
	return plans, notes
}

// planned, when set (by tests), is called at the end of each plan.
var planned func()

// checkPins refuses a pin that already belongs to a card of another deck.
// A deck renamed in this import owns the pins of the deck it was renamed
// from.
func checkPins(ctx context.Context, p *deckPlan, ids *idIndex, from string) error {
	for _, n := range p.notes {
		if _, pin := p.deck.Where(int(n[0])); pin == "" {
			continue
		}
		c := p.card(int(n[0]))
		if err := ids.load(ctx); err != nil {
			return err
		}
		owners := []string{ids.pins[c.Pin]}
		for k := n[0]; k < n[1]; k++ {
			ck := p.card(int(k))
			owners = append(owners, ids.owner(PinnedID(c.Pin, ck.Kind, ck.Group)))
		}
		for _, other := range owners {
			if other != "" && other != p.deck.ID && other != from {
				return Hintf("pick another ID, or prune that card from its deck first", "%s:%d: ID %s already belongs to a card of deck %q",
					p.deck.File, c.Line, c.Pin, other)
			}
		}
	}
	return nil
}

func loadOld(ctx context.Context, q queryer, deckID string) ([]oldCard, error) {
	// A schema older than 0005 has no rubric columns: migration 0002's
	// step reads cards before they exist, and so does a dry run (read-only)
	// on a database an older aipm wrote.
	rubric := "round, key_points"
	var has int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('cards') WHERE name = 'key_points'`).Scan(&has); err != nil {
		return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
	}
	if has == 0 {
		rubric = `'', ''`
	}
	rows, err := q.QueryContext(ctx, `SELECT id, key, kind, source, front, back, topic, pin, file, grp, ord, line, orphaned,
		`+rubric+` FROM cards WHERE deck_id = ? ORDER BY ord, orphaned`, deckID)
	if err != nil {
		return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
	}
	defer rows.Close()
	var out []oldCard
	idents := map[string]map[int]string{} // cloze source → group identities
	for rows.Next() {
		var o oldCard
		if err := rows.Scan(&o.id, &o.key, &o.kind, &o.source, &o.front, &o.back, &o.topic, &o.pin, &o.file, &o.grp, &o.ord, &o.line, &o.orphaned,
			&o.round, &o.points); err != nil {
			return nil, fmt.Errorf("read cards of %s: %w", deckID, err)
		}
		if o.kind == string(deck.Cloze) {
			m, ok := idents[o.source]
			if _, has := m[o.grp]; !ok || !has {
				m = deck.ClozeIdents(o.source, o.front, o.grp)
				idents[o.source] = m
			}
			var has bool
			if o.ident, has = m[o.grp]; !has {
				o.ident = unknownIdent
			}
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// assignIDs gives each added card its id: PinnedID of its note's base,
// which is the note's pin, else the base of a sibling that kept its id,
// else the key of the note's first card. An unpinned id that is taken gets
// "-2", "-3", …; a pinned one that is taken is an error.
func assignIDs(ctx context.Context, p *deckPlan, ids *idIndex) error {
	added := 0 // the cards to give ids: the size of the set of given ids
	for i := range p.cards {
		cp := &p.cards[i]
		if cp.old >= 0 {
			cp.id = p.old[cp.old].id
		} else {
			added++
		}
	}
	for _, n := range p.notes {
		first := p.card(int(n[0]))
		base := first.Pin
		if base == "" {
			base = first.Key
			for k := n[0]; k < n[1]; k++ {
				if cp := p.cards[k]; cp.old >= 0 {
					ck := p.card(int(k))
					if b, ok := siblingBase(cp.id, ck.Kind, ck.Group); ok {
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
			c := first
			if k != n[0] {
				c = p.card(int(k))
			}
			if err := ids.load(ctx); err != nil {
				return err
			}
			want := PinnedID(base, c.Kind, c.Group)
			id := want
			// A cloze group whose id a sibling kept (the groups were
			// renumbered) takes the next free <base>/cN.
			for g := c.Group + 1; c.Kind == deck.Cloze && ids.owner(id) != "" && g <= c.Group+maxSiblingTries; g++ {
				id = PinnedID(base, deck.Cloze, g)
			}
			if ids.owner(id) != "" {
				id = want
			}
			for n := 2; ids.owner(id) != ""; n++ {
				if c.Pin != "" {
					return Hintf("pick another ID", "%s:%d: ID %s gives this %s card the id %q, which another card already has",
						p.deck.File, c.Line, c.Pin, c.Kind, want)
				}
				id = want + "-" + strconv.Itoa(n)
			}
			ids.give(p, int(k), id, added)
		}
	}
	return nil
}

// maxSiblingTries bounds the search for a free cloze group id.
const maxSiblingTries = 1000

// siblingBase is the note base that a card's kept id shows: NoteBase, and
// for a cloze card whose group number changed since it got its id, the id
// without its "/cN" (or the id itself, for what was group 1).
func siblingBase(id string, kind deck.Kind, group int) (string, bool) {
	if b, ok := NoteBase(id, kind, group); ok || kind != deck.Cloze {
		return b, ok
	}
	if i := strings.LastIndex(id, "/c"); i > 0 {
		if _, err := strconv.Atoi(id[i+2:]); err == nil {
			return id[:i], true
		}
	}
	return id, true
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
		c := p.card(i)
		cp.write = true
		var action string
		switch {
		case cp.old < 0:
			action = "added"
			p.sum.Added++
		case p.old[cp.old].orphaned:
			action = "restored"
			p.sum.Added++
			p.sum.Restored++
		default:
			o := &p.old[cp.old]
			switch {
			case o.front != c.Front || o.back != c.Back || o.source != c.Source || o.kind != string(c.Kind) || o.grp != c.Group ||
				o.round != c.Round || o.points != encodePoints(c.KeyPoints):
				action = "updated"
				p.sum.Updated++
			case o.topic != c.Topic || !inOrder[i]:
				action = "moved"
				p.sum.Moved++
			default:
				action = "unchanged"
				p.sum.Unchanged++
				cp.write = o.ord != i || o.key != c.Key || o.pin != c.Pin || o.file != file || o.line != c.Line
			}
		}
		if changes && action != "unchanged" {
			p.sum.Changes = append(p.sum.Changes, Change{Action: action, CardID: cp.id, File: file, Line: c.Line, Front: c.Front})
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
