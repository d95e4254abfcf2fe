package deck

import (
	"bufio"
	"errors"
	"os"
	"strings"
)

// A lean parse (Options.Lean) is the first of two readings of a deck file
// by an import that holds keys, not texts: it keeps every card without its
// Front, Back and Source (its key is made while the text is at hand), and
// notes which of the cards it made the whole-file rules kept (a
// #flashcards tag, pins, highlights). Deck.Reread is the second reading:
// it makes the same cards again, texts and all, and hands over the kept
// ones one at a time, keeping none, so that an import writes a deck of any
// size in the memory of one card.

// leanState is a lean parse's or a reread's bookkeeping.
type leanState struct {
	made int      // cards made so far
	kept []uint64 // bit e: the e-th card made is in Deck.Cards
	// flat holds a lean parse's cards, in the order they were made (a
	// note's are flat[emit:emit+made]): the whole-file rules then keep
	// them in place, with no second copy.
	flat []leanCard
	// topics and extras are the flat cards' side tables (leancard.go).
	topics map[string]int32
	side   leanSide
	// size is the file's size: flat grows to what the bytes read so far
	// predict for the whole file, not by doubling, so that the peak is
	// not two copies of a large deck.
	size int64
	// inline counts the inline notes among those settled early; from is
	// where in parser.notes the notes not yet looked at start.
	inline, from int
	// each, in a reread, receives each card made, with its texts; the
	// parser keeps none of them.
	each func(e int, c *Card) error
	err  error
}

func (l *leanState) keep(e int) {
	for len(l.kept) <= e/64 {
		l.kept = append(l.kept, 0)
	}
	l.kept[e/64] |= 1 << (e % 64)
}

func (l *leanState) isKept(e int) bool {
	return e/64 < len(l.kept) && l.kept[e/64]&(1<<(e%64)) != 0
}

// deckID is the deck's id: its front matter's, else its file's name.
func (p *parser) deckID() string {
	id := p.d.ID
	if id == "" {
		id = Slug(baseName(p.file))
	}
	if id == "" {
		id = "deck"
	}
	return id
}

// deckName is the deck's name: its front matter's, else its first H1's,
// else its file's name, else its id.
func (p *parser) deckName() string {
	switch {
	case p.d.Name != "":
		return p.d.Name
	case baseName(p.file) != "":
		return baseName(p.file)
	}
	return p.deckID()
}

// addNote records a note that was read. In a lean parse its cards get
// their keys and lose their texts; in a reread they go to each.
func (p *parser) addNote(n note) {
	if l := p.lean; l != nil {
		n.emit = l.made
		if l.each == nil && len(l.flat)+len(n.cards) > cap(l.flat) {
			l.grow(len(n.cards), p.read)
		}
		for i := range n.cards {
			c := &n.cards[i]
			sum := keySum(p.deckID(), c.Kind, c.Source, c.Group)
			if l.each != nil {
				c.Key = hexKey(sum, 0)
				if l.err == nil {
					l.err = l.each(l.made, c)
				}
			} else {
				l.flat = append(l.flat, l.side.lean(c, sum))
			}
			l.made++
		}
		if l.each == nil {
			n.made = len(n.cards)
		}
		n.cards = nil
	}
	p.notes = append(p.notes, n)
}

// settleNotes, in a lean parse, finishes the notes read since the last
// call whose fate the rest of the file cannot change, so that they are not
// kept to the end. It runs at the start of a line: a note is complete
// once the line that ended it is done (markObsidian and the inline mark
// follow its addNote), and no index into p.notes is held across lines.
func (p *parser) settleNotes() {
	l := p.lean
	if l == nil || l.each != nil {
		return
	}
	kept := p.notes[:l.from]
	for _, n := range p.notes[l.from:] {
		if topic, ok := p.settled(&n); ok {
			l.take(&n, topic)
			if n.inline {
				l.inline++
			}
			continue
		}
		kept = append(kept, n)
	}
	p.notes = kept
	l.from = len(kept)
}

// grow makes room in flat for need more cards, after read bytes of the
// file: doubling up to a thousand cards, then by a quarter until an eighth
// of the file is read, then as many as the file holds at the rate seen so
// far, plus 5%, so that a large deck is copied once at its full size. (A
// guess from the first thousand cards was 35% over for a deck numbered
// q1 … q1000000, whose first cards are shorter: 64 MB of a million cards.)
func (l *leanState) grow(need int, read int64) {
	n := len(l.flat) + need
	want := max(n+64, cap(l.flat)*2)
	if n >= 1024 {
		want = max(n+64, cap(l.flat)*5/4)
		if read > 0 && l.size > read && read >= l.size/8 {
			want = max(want, int(float64(n)*float64(l.size)/float64(read)*1.05))
		}
	}
	flat := make([]leanCard, len(l.flat), want)
	copy(flat, l.flat)
	l.flat = flat
}

// cardCount is how many cards note n made.
func (p *parser) cardCount(n *note) int {
	if p.lean != nil && p.lean.each == nil {
		return n.made
	}
	return len(n.cards)
}

// leanFile is the state of the deck file that a lean parse reads, or nil
// when file names no regular file (then the parse keeps the texts).
func leanFile(file string) os.FileInfo {
	st, err := os.Stat(file)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return st
}

// errChanged is a deck file that changed between the two readings.
var errChanged = errors.New("the file changed while it was being imported; import it again")

// rereader is Deck.Reread for d, read from file by a lean parse that kept
// the cards marked in kept, when file was as st says.
func rereader(file string, o Options, d *Deck, kept []uint64, st os.FileInfo) func(func(int, *Card) error) error {
	return func(each func(i int, c *Card) error) error {
		changed := &ParseError{File: file, Err: errChanged}
		f, err := OpenRegular(file)
		if err != nil {
			return err
		}
		defer f.Close()
		if now, err := f.Stat(); err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) {
			return changed
		}
		i := 0
		l := &leanState{kept: kept}
		l.each = func(e int, c *Card) error {
			if !l.isKept(e) {
				return nil
			}
			if i >= d.Len() {
				return changed
			}
			want := d.Head(i)
			if base, _, _ := strings.Cut(want.Key, "#"); base != c.Key || want.Line != c.Line || want.Kind != c.Kind || want.Group != c.Group {
				return changed
			}
			c.Topic, c.Pin, c.Key = want.Topic, want.Pin, want.Key
			err := each(i, c)
			i++
			return err
		}
		p := &parser{file: file, d: &Deck{File: file}, br: bufio.NewReader(f), sep: o.Separators.orDefault(), lean: l}
		if err := p.run(); err != nil {
			return err
		}
		if i != d.Len() {
			return changed
		}
		return nil
	}
}

// settled reports whether the whole-file rules of finish can only keep
// note n, as it stands, with the topic it returns: it has no pin (pins are
// checked in file order at the end), is no highlight of a file not yet
// known to be tagged, and no Obsidian card outside a tag's scope. The
// topic "" is the deck's name, which may wait for a first H1 further down:
// compact gives it (a deck with no H1 and no name in its front matter held
// every note to the end before, 150 MB of a million).
func (p *parser) settled(n *note) (string, bool) {
	if n.pin != "" || (n.highlight && !p.tagged) || (n.obsidian && !n.scope.set) {
		return "", false
	}
	switch {
	case n.topic != "":
		return n.topic, true
	case n.scope.path != "":
		return n.scope.path, true
	}
	return "", true
}

// take keeps the cards of note n, under topic ("" is the deck's name,
// which compact gives).
func (l *leanState) take(n *note, topic string) {
	t, ok := l.topics[topic]
	if !ok {
		if l.topics == nil {
			l.topics = map[string]int32{}
		}
		t = int32(len(l.side.topics))
		l.side.topics = append(l.side.topics, topic)
		l.topics[topic] = t
	}
	for e := n.emit; e < n.emit+n.made; e++ {
		l.flat[e].topic = t
		if n.pin != "" {
			l.side.extra(&l.flat[e]).pin = n.pin
		}
		l.keep(e)
	}
}

// compact gives d the kept cards, in the order they were made, moved down
// in place, with their keys (setLeanKeys); the topic "" is the deck's
// name.
func (l *leanState) compact(d *Deck) {
	if t, ok := l.topics[""]; ok {
		l.side.topics[t] = d.Name
	}
	out := 0
	for e := range l.flat {
		if l.isKept(e) {
			l.flat[out] = l.flat[e]
			out++
		}
	}
	d.lean = &leanCards{cards: l.flat[:out:out], leanSide: l.side}
	if out == 0 {
		d.lean.cards = nil
	}
	l.flat, l.topics = nil, nil
	setLeanKeys(d)
}
