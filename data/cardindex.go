package data

import (
	"fmt"
	"strings"
)

// cardIndex numbers card ids in order of first appearance. An id of 16
// lower-case hex digits (what aipm gives its cards) is looked up as the
// 64-bit number it spells, in an open-addressed table of its own (a probe
// is mostly one read of one cache line); any other id by its text, in a
// map. The two key sets cannot collide: a number stands for exactly one
// such id.
type cardIndex struct {
	slots []hexSlot // a power of two long, at most half full
	used  int
	other map[string]int32
	ids   []string // by number
}

// hexSlot is a key and its number plus one (0: the slot is empty).
type hexSlot struct {
	key uint64
	n   int32
}

func newCardIndex() *cardIndex {
	return &cardIndex{slots: make([]hexSlot, 1024), other: map[string]int32{}}
}

// slot is the slot of key, or the empty one where it would go.
func (x *cardIndex) slot(key uint64) *hexSlot {
	mask := uint64(len(x.slots) - 1)
	for i := (key * 0x9e3779b97f4a7c15) >> 32 & mask; ; i = (i + 1) & mask {
		if s := &x.slots[i]; s.n == 0 || s.key == key {
			return s
		}
	}
}

func (x *cardIndex) grow() {
	old := x.slots
	x.slots = make([]hexSlot, 2*len(old))
	for _, s := range old {
		if s.n != 0 {
			*x.slot(s.key) = s
		}
	}
}

// number is id's number, given it anew when unseen. id may be a view of a
// buffer that changes (SQLite's): it is copied when kept.
func (x *cardIndex) number(id string) int32 {
	if h, ok := hexID(id); ok {
		s := x.slot(h)
		if s.n == 0 {
			if 2*(x.used+1) > len(x.slots) {
				x.grow()
				s = x.slot(h)
			}
			x.used++
			*s = hexSlot{key: h, n: int32(len(x.ids)) + 1}
			x.ids = append(x.ids, strings.Clone(id))
		}
		return s.n - 1
	}
	n, seen := x.other[id]
	if !seen {
		n = int32(len(x.ids))
		x.ids = append(x.ids, strings.Clone(id))
		x.other[x.ids[n]] = n
	}
	return n
}

// lookup is id's number, if it has one; it changes nothing, so that
// several goroutines may look up at once while none numbers.
func (x *cardIndex) lookup(id string) (int32, bool) {
	if h, ok := hexID(id); ok {
		s := x.slot(h)
		return s.n - 1, s.n != 0
	}
	n, ok := x.other[id]
	return n, ok
}

// knownCards numbers the ids of the cards table, on a connection of its
// own (see rawConn).
func knownCards(s *Store) (*cardIndex, error) {
	x := newCardIndex()
	conn, err := openRaw(s.path, s.busy)
	if err != nil {
		return nil, fmt.Errorf("read the cards: %w", err)
	}
	defer conn.close()
	st, err := conn.prepare(`SELECT id FROM cards`)
	if err != nil {
		return nil, fmt.Errorf("read the cards: %w", err)
	}
	defer st.close()
	for {
		more, err := st.next()
		if err != nil {
			return nil, fmt.Errorf("read the cards: %w", err)
		} else if !more {
			return x, nil
		}
		x.number(st.view(0))
	}
}

// hexID is the number that 16 lower-case hex digits spell.
func hexID(id string) (uint64, bool) {
	if len(id) != 16 {
		return 0, false
	}
	var h uint64
	for i := range 16 {
		v := hexDigit[id[i]]
		if v > 15 {
			return 0, false
		}
		h = h<<4 | uint64(v)
	}
	return h, true
}

// hexDigit is each byte's value as a lower-case hex digit, 0xff if none.
var hexDigit = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = byte(c - '0')
		case c >= 'a' && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		default:
			t[c] = 0xff
		}
	}
	return t
}()
