package data

import (
	"context"
	"database/sql"
	"fmt"
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
	// sideWrites: the import also writes log rows (an Anki schedule), so
	// it backs up even when no card's text changes.
	sideWrites bool
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
	// RenamedFrom is the id of the stored deck that this deck's file was
	// renamed from: its cards and their history carry over (findRenamed).
	RenamedFrom string
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
	msg, try := e.UserHint()
	return msg + "; " + try
}

// UserHint implements Hinted.
func (e *DuplicateDeckError) UserHint() (msg, try string) {
	if e.File1 == e.File2 {
		return fmt.Sprintf("%s: two deck names give the deck id %q", e.File1, e.ID), "rename one of the decks in its deck column"
	}
	return fmt.Sprintf("%s and %s both define deck %q", e.File1, e.File2, e.ID), "give one of them another `id:` in its front matter, or rename it"
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
	round, points                                        string // a rubric card's round and key points (encodePoints)
	ident                                                string // a cloze card's group identity (deck.ClozeIdents)
	grp, ord, line                                       int
	orphaned                                             bool
	used                                                 bool
	norm                                                 []rune // normalised source, built lazily
	cased                                                []rune // KeyText of source, built lazily
}

// cardPlan is what happens to one parsed card. It is small: an import
// holds one for every card of the decks it reads.
// Card k of a plan is Head(k) of its deck (deckPlan.card).
type cardPlan struct {
	id    string
	old   int32 // index into deckPlan.old, -1 for a new card
	write bool  // the stored row must be written
}

type deckPlan struct {
	deck    *deck.Deck
	exists  bool
	renamed bool // the deck's name or file changed
	ord     int  // deck order
	old     []oldCard
	cards   []cardPlan
	notes   [][2]int32 // the cards of each note: [start, end) in cards
	orphans []int      // indexes into old: live cards that left the file
	prune   []int      // indexes into old: orphans to delete
	sum     DeckSummary
}

// card is card k of the plan's deck, without its texts when the deck was
// read lean and not hydrated.
func (p *deckPlan) card(k int) deck.Card { return p.deck.Head(k) }

// Import adds or updates decks, matching cards to the stored ones as
// DESIGN.md describes, in one transaction: any error writes nothing. With
// DryRun it only reads, and works on a read-only store.
func (s *Store) Import(ctx context.Context, decks []*deck.Deck, opts ImportOptions) (*Summary, error) {
	return s.importTx(ctx, decks, opts, nil)
}

// importTx is Import, with also run in the same transaction.
//
// The plan (matching, which may compare texts) is made in a read
// transaction, which blocks no writer; the backup is taken after it, also
// without the write lock. The write transaction then only re-reads the
// cards' generation (cardsGen): when another import changed the stored
// cards since the plan, it plans again inside the lock, against what is
// there now. Reviews meanwhile do not change what matching reads, and the
// prune rows read the scheduling state at write time, so a review
// answered during the plan stands.
func (s *Store) importTx(ctx context.Context, decks []*deck.Deck, opts ImportOptions, also func(*sql.Tx) error) (*Summary, error) {
	if !opts.DryRun {
		// A damaged file is refused before the plan reads it, as every
		// write is (Store.tx).
		if err := s.Verify(ctx); err != nil {
			return nil, err
		}
	}
	plans, gen, err := s.planSnapshot(ctx, decks, opts)
	if err != nil {
		return nil, err
	}
	if opts.DryRun {
		return summarize(plans), nil
	}
	backedUp := false
	var backupPath string // removed if the import fails: retries must not fill the disk
	backup := func() error {
		if backedUp || !opts.Backup || s.created || !(summarize(plans).Changed() || opts.sideWrites) {
			return nil
		}
		backedUp = true
		var err error
		if backupPath, err = s.Backup(ctx, "import"); err != nil {
			return fmt.Errorf("back up before the import: %w", err)
		}
		return nil
	}
	if err := backup(); err != nil {
		return nil, err
	}
	err = s.tx(withMemTemp(ctx), func(tx *sql.Tx) error {
		now, err := cardsGen(ctx, tx)
		if err != nil {
			return err
		}
		if now != gen {
			// Another import wrote cards after the plan: plan again, now
			// under the lock, and back up what this import starts from if
			// the first plan changed nothing (another connection reads the
			// last committed state while this transaction holds the lock).
			if plans, err = s.plan(ctx, tx, decks, opts); err != nil {
				return err
			}
			gen = now
			if err := backup(); err != nil {
				return err
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
		if backupPath != "" {
			removeDB(backupPath)
		}
		return nil, err
	}
	return summarize(plans), nil
}

// planSnapshot plans in one read transaction, so that the plan sees one
// committed state, and returns the cards' generation it saw.
func (s *Store) planSnapshot(ctx context.Context, decks []*deck.Deck, opts ImportOptions) ([]*deckPlan, int64, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, s.classify(err)
	}
	defer tx.Rollback()
	gen, err := cardsGen(ctx, tx)
	if err != nil {
		return nil, 0, err
	}
	plans, err := s.plan(ctx, tx, decks, opts)
	return plans, gen, err
}

// cardsGen is the generation of the stored cards' texts and identities:
// every import that writes bumps it (apply), so an unchanged generation
// means that a plan made from it still holds.
func cardsGen(ctx context.Context, q queryer) (int64, error) {
	var gen int64
	err := q.QueryRowContext(ctx, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'cards_gen'), 0)").Scan(&gen)
	if err != nil {
		return 0, fmt.Errorf("read the cards' generation: %w", err)
	}
	return gen, nil
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
		for i := range d.Len() {
			line, pin := d.Where(i)
			if pin == "" {
				continue
			}
			here := at{d.File, line}
			if prev, ok := pins[pin]; ok && prev != here {
				return Hintf("card ids must be unique, so change one of them", "%s:%d: ID %s is also used at %s:%d",
					d.File, line, pin, prev.file, prev.line)
			}
			pins[pin] = here
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
