package deck

import (
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// A lean parse holds each card as a leanCard: 32 bytes, not the 184 of a
// Card without its texts. At a million cards that is the difference
// between 196 MB and 32 MB held from the parse to the end of the import.
// The key is its 8 bytes of hash and its repeat number; the topic an index
// into a table of the deck's topics (one string per heading, not per
// card); the pin, a cloze card's ident, a rubric card's round and any kind
// not among the four a markdown deck makes sit in a side table that only
// the cards having one use.
type leanCard struct {
	key   uint64 // MakeKey's hash, the first 8 bytes of a SHA-256, big-endian
	line  int32
	group int32
	topic int32  // index into leanSide.topics
	extra int32  // 1 + index into leanSide.extras; 0: none
	dup   uint16 // n > 1: the key has "#n" (setLeanKeys); 0 and 1: none
	kind  uint8  // index into leanKinds; leanOtherKind: in the extra
}

// leanKinds are the kinds a leanCard holds as a number.
var leanKinds = [...]Kind{Basic, Reverse, Cloze, Rubric}

const leanOtherKind = uint8(len(leanKinds))

// leanExtra is what few cards have.
type leanExtra struct {
	pin, ident, round string
	kind              Kind // a kind not in leanKinds
}

// leanSide is the lean cards' side tables.
type leanSide struct {
	topics []string
	extras []leanExtra
	// dups holds the repeat numbers above 65535 (a file of one card
	// repeated that often), by card index.
	dups map[int]int
}

// leanCards is the cards of a deck read lean (Deck.Len, Deck.Head).
type leanCards struct {
	cards []leanCard
	leanSide
}

// extra is card c's side entry, made when it has none.
func (s *leanSide) extra(c *leanCard) *leanExtra {
	if c.extra == 0 {
		s.extras = append(s.extras, leanExtra{})
		c.extra = int32(len(s.extras))
	}
	return &s.extras[c.extra-1]
}

// lean is card c, whose key hash is sum, as a leanCard; its topic and pin
// come with leanState.take.
func (s *leanSide) lean(c *Card, sum uint64) leanCard {
	lc := leanCard{key: sum, line: int32(c.Line), group: int32(c.Group), kind: leanOtherKind}
	if k := slices.Index(leanKinds[:], c.Kind); k >= 0 {
		lc.kind = uint8(k)
	} else {
		s.extra(&lc).kind = c.Kind
	}
	if c.Ident != "" {
		// A clone: a substring would hold the whole cloze text.
		s.extra(&lc).ident = strings.Clone(c.Ident)
	}
	if c.Round != "" {
		s.extra(&lc).round = c.Round
	}
	return lc
}

// Len is the number of cards of d: len(d.Cards), or for a deck read lean
// the number of cards Head gives.
func (d *Deck) Len() int {
	if d.lean != nil {
		return len(d.lean.cards)
	}
	return len(d.Cards)
}

// Head is card i of d, 0 ≤ i < d.Len(): d.Cards[i], or for a deck read
// lean the card without its Front, Back, Source and KeyPoints (its Kind,
// Topic, Line, Pin, Group, Ident, Key and Round as a full parse gives
// them). Reread hands over the texts.
func (d *Deck) Head(i int) Card {
	if d.lean == nil {
		return d.Cards[i]
	}
	l := d.lean
	lc := &l.cards[i]
	dup := int(lc.dup)
	if n, ok := l.dups[i]; ok {
		dup = n
	}
	c := Card{Topic: l.topics[lc.topic], Line: int(lc.line), Group: int(lc.group), Key: hexKey(lc.key, dup)}
	if lc.kind < leanOtherKind {
		c.Kind = leanKinds[lc.kind]
	}
	if lc.extra > 0 {
		x := &l.extras[lc.extra-1]
		c.Pin, c.Ident, c.Round = x.pin, x.ident, x.round
		if lc.kind == leanOtherKind {
			c.Kind = x.kind
		}
	}
	return c
}

// Where is card i's line and pin, which tell its note (two cards of one
// note share both): Head(i).Line and Head(i).Pin, without making the rest
// of the card.
func (d *Deck) Where(i int) (line int, pin string) {
	if d.lean == nil {
		return d.Cards[i].Line, d.Cards[i].Pin
	}
	lc := &d.lean.cards[i]
	if lc.extra > 0 {
		pin = d.lean.extras[lc.extra-1].pin
	}
	return int(lc.line), pin
}

// Hydrate gives a deck read lean its cards with their texts back, in
// d.Cards, as a full parse holds them; Reread and the lean records go. It
// fails as Reread does, when the file changed since the parse. A deck
// that holds its texts is left as it is.
func (d *Deck) Hydrate() error {
	if d.Reread == nil {
		return nil
	}
	cards := make([]Card, d.Len())
	err := d.Reread(func(i int, c *Card) error {
		cards[i] = *c
		return nil
	})
	if err != nil {
		return err
	}
	if len(cards) == 0 {
		cards = nil
	}
	d.Cards, d.lean, d.Reread = cards, nil, nil
	return nil
}

// hexKey is the key of hash sum, with "#dup" for a repeat (dup > 1).
func hexKey(sum uint64, dup int) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], sum)
	if dup <= 1 {
		return hex.EncodeToString(b[:])
	}
	return hex.EncodeToString(b[:]) + "#" + strconv.Itoa(dup)
}

// setLeanKeys is setKeys for a deck read lean: the second and later cards
// with one key get "#2", "#3", … in file order, with a warning. Repeats are
// rare, so the hashes are sorted (8 bytes a card, for a moment) to find
// the keys that repeat, and only those are counted card by card.
func setLeanKeys(d *Deck) {
	l := d.lean
	sums := make([]uint64, len(l.cards))
	for i := range l.cards {
		sums[i] = l.cards[i].key
	}
	slices.Sort(sums)
	var repeated map[uint64]int
	for i := 1; i < len(sums); i++ {
		if sums[i] == sums[i-1] {
			if repeated == nil {
				repeated = map[uint64]int{}
			}
			repeated[sums[i]] = 0
		}
	}
	sums = nil
	if repeated == nil {
		return
	}
	for i := range l.cards {
		c := &l.cards[i]
		n, ok := repeated[c.key]
		if !ok {
			continue
		}
		n++
		repeated[c.key] = n
		if n == 1 {
			continue
		}
		kind := leanKinds[min(int(c.kind), len(leanKinds)-1)]
		if c.kind == leanOtherKind {
			kind = l.extras[c.extra-1].kind
		}
		d.Warnings = append(d.Warnings, Warning{d.File, int(c.line),
			"duplicate " + string(kind) + " card; its key gets #" + strconv.Itoa(n)})
		if n > 65535 {
			if l.dups == nil {
				l.dups = map[int]int{}
			}
			l.dups[i] = n
			continue
		}
		c.dup = uint16(n)
	}
}
