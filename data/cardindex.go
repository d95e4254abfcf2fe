package data

import "strings"

// cardIndex numbers card ids in order of first appearance. An id of 16
// lower-case hex digits (what aipm gives its cards) is looked up as the
// 64-bit number it spells, which hashes and compares in one word; any
// other id by its text. The two key sets cannot collide: a number stands
// for exactly one such id.
type cardIndex struct {
	hex   map[uint64]int32
	other map[string]int32
	ids   []string // by number
}

func newCardIndex() *cardIndex {
	return &cardIndex{hex: map[uint64]int32{}, other: map[string]int32{}}
}

// number is id's number, given it anew when unseen. id may be a view of a
// buffer that changes (SQLite's): it is copied when kept.
func (x *cardIndex) number(id string) int32 {
	if h, ok := hexID(id); ok {
		n, seen := x.hex[h]
		if !seen {
			n = int32(len(x.ids))
			x.hex[h] = n
			x.ids = append(x.ids, strings.Clone(id))
		}
		return n
	}
	n, seen := x.other[id]
	if !seen {
		n = int32(len(x.ids))
		x.ids = append(x.ids, strings.Clone(id))
		x.other[x.ids[n]] = n
	}
	return n
}

// hexID is the number that 16 lower-case hex digits spell.
func hexID(id string) (uint64, bool) {
	if len(id) != 16 {
		return 0, false
	}
	var h uint64
	for i := range len(id) {
		switch c := id[i]; {
		case c >= '0' && c <= '9':
			h = h<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			h = h<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return h, true
}
