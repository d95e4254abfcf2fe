package data

import (
	"fmt"
	"testing"
)

// TestCardIndex: ids are numbered in order of first appearance, hex ids
// and others alike, across the table's growth; a hex id with an upper-case
// digit or of another length is not taken for the number it would spell.
func TestCardIndex(t *testing.T) {
	x := newCardIndex()
	var want []string
	for i := range 5000 {
		want = append(want, fmt.Sprintf("%016x", uint64(i+1)*0x9e3779b97f4a7c15))
	}
	want = append(want, "0000000000000000", "00000000000000A0", "00000000000000a", "deck/card-1", "")
	for round := range 2 {
		for i, id := range want {
			if n := x.number(id); int(n) != i {
				t.Fatalf("round %d: number(%q) = %d, want %d", round, id, n, i)
			}
		}
	}
	if len(x.ids) != len(want) || x.ids[5001] != "00000000000000A0" || x.ids[5000] != "0000000000000000" {
		t.Errorf("ids: %d, want %d; [5000:5002] = %q", len(x.ids), len(want), x.ids[5000:5002])
	}
	if n := x.number("00000000000000a0"); int(n) != len(want) {
		t.Errorf("lower-case 00000000000000a0 = %d, want a new number %d (not upper-case's)", n, len(want))
	}
}
