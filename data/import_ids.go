package data

import "hash/maphash"

// The ids an import gives out are most of its id index: a million new
// cards are a million ids. They are kept as 8-byte hashes pointing at the
// plan record that holds the id (a string the plan keeps anyway), not as
// a second map of strings (about 20 bytes an id instead of 45). A hash
// that two ids share is checked against the id itself, and the second id
// goes to a small map of strings, so a lookup is exact.

// given is what idIndex knows of the ids handed out in this import.
type given struct {
	seed  maphash.Seed
	refs  map[uint64]uint64 // hash of an id → plan index << 32 | card index
	plans []*deckPlan       // the plans whose cards were given ids
	clash map[string]string // id → deck id, for ids whose hash another id has
}

// owner is the deck id of the card that has id, in the database or in
// this import; "" when no card has it.
func (x *idIndex) owner(id string) string {
	if d, ok := x.ids[id]; ok {
		return d
	}
	g := &x.given
	if g.refs == nil {
		return ""
	}
	r, ok := g.refs[idHash(g.seed, id)]
	if !ok {
		return ""
	}
	if p := g.plans[r>>32]; p.cards[uint32(r)].id == id {
		return p.deck.ID
	}
	return g.clash[id]
}

// give gives card k of plan p the id, which no card has (owner is "").
// hint is how many ids the import may give out in all.
func (x *idIndex) give(p *deckPlan, k int, id string, hint int) {
	p.cards[k].id = id
	g := &x.given
	if g.refs == nil {
		g.seed = maphash.MakeSeed()
		g.refs = make(map[uint64]uint64, hint)
		g.clash = map[string]string{}
	}
	if n := len(g.plans); n == 0 || g.plans[n-1] != p {
		g.plans = append(g.plans, p)
	}
	h := idHash(g.seed, id)
	if _, ok := g.refs[h]; ok {
		g.clash[id] = p.deck.ID
		return
	}
	g.refs[h] = uint64(len(g.plans)-1)<<32 | uint64(k)
}

// idHash is the hash of an id (a variable so that a test can make every
// id clash).
var idHash = maphash.String
