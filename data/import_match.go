package data

import (
	"sort"

	"github.com/aipmhq/aipm/deck"
)

// similarityWindow is how many old cards, nearest in file order, a changed
// card is compared with; a pair needs a similarity of at least
// minSimilarity = 0.6, that is 5 × distance ≤ 2 × the longer length.
const (
	similarityWindow = 5
	minSimilarity    = 0.6
)

// match pairs the parsed cards with the stored ones, as DESIGN.md says:
// by pin (the id the pin gives, or a stored card imported with that pin),
// then by key, then by similarity. A cloze card only ever pairs with a
// stored card of the same group identity (identsMatch), so that removing,
// inserting or renumbering a deletion moves no history between groups.
func match(p *deckPlan) {
	if len(p.old) == 0 {
		return // a new deck: nothing to pair with
	}
	take := func(i, j int) {
		p.cards[i].old = int32(j)
		p.old[j].used = true
	}
	// compatible: an old card imported with one pin never matches a card
	// with another pin (for an Anki guid, that is another note).
	pinOK := func(c *deck.Card, o *oldCard) bool {
		return c.Pin == "" || o.pin == "" || o.pin == c.Pin
	}
	compatible := func(c *deck.Card, o *oldCard) bool {
		return pinOK(c, o) && identsMatch(c.Ident, o.ident)
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
			byPin[o.pin+"\x00"+o.kind+"\x00"+identKey(o.ident)] = i
		}
	}
	for i := range p.cards {
		c := p.card(i)
		if c.Pin == "" {
			continue
		}
		// The id the pin gives: the same group, a stored card this aipm
		// cannot read, or a card whose kind the author changed under the
		// same ID: line (a Q:/A: card that became a cloze keeps its
		// history on the cloze's first card).
		if j, ok := byID[PinnedID(c.Pin, c.Kind, c.Group)]; ok && !p.old[j].used &&
			(sameIdent(p.old[j].ident, c.Ident) || p.old[j].ident == unknownIdent || p.old[j].kind != string(c.Kind)) {
			take(i, j)
		} else if j, ok := byPin[c.Pin+"\x00"+string(c.Kind)+"\x00"+identKey(c.Ident)]; ok && !p.old[j].used {
			take(i, j)
		}
	}
	matchPinnedCloze(p)
	for i := range p.cards {
		if p.cards[i].old >= 0 {
			continue
		}
		c := p.card(i)
		// One key is one text and group, so one identity.
		if j, ok := byKey[c.Key]; ok && !p.old[j].used && pinOK(&c, &p.old[j]) {
			take(i, j)
		}
	}
	matchSimilar(p, compatible)
}

// identKey is the part of a cloze identity that names the group: its
// number when it has one, else its text.
func identKey(ident string) string {
	if n, _ := deck.IdentParts(ident); n != "" {
		return n
	}
	return ident
}

// unknownIdent is the identity of a stored cloze card whose text this aipm
// cannot expand: no parsed card has it, so only its key or its pinned id
// finds it.
const unknownIdent = "\x00?"

// identsMatch reports whether a cloze card of group identity a may pair
// with a stored card of identity b: two explicit cN groups when the number
// is the same; otherwise (one side or both unnumbered, as when a deletion
// gets or loses its cN) the same deletion text, or texts that reach
// minSimilarity for an edited deletion. Cards of other kinds have no
// identity and always may.
func identsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if a == "" || b == "" || a == unknownIdent || b == unknownIdent {
		return false // a cloze and another kind, or a text this aipm cannot read
	}
	na, ta := deck.IdentParts(a)
	nb, tb := deck.IdentParts(b)
	if na != "" && nb != "" {
		return na == nb
	}
	if ta == tb {
		return true
	}
	x, y := []rune(deck.Normalize(ta)), []rune(deck.Normalize(tb))
	_, ok := similar(x, y)
	return ok
}

// sameIdent reports whether two cloze identities are one group's: the same
// explicit number (whatever its text now), or the same text.
func sameIdent(a, b string) bool {
	na, ta := deck.IdentParts(a)
	nb, tb := deck.IdentParts(b)
	if na != "" || nb != "" {
		return na == nb
	}
	return ta == tb
}

// matchPinnedCloze pairs the cloze cards of a pinned note that found no
// stored card of their exact identity with a stored card of that pin whose
// deletion text is similar (an edited deletion), in group order. A deletion
// with a new text is a new card even under a pin: it must not take the
// history of a deletion that was removed.
func matchPinnedCloze(p *deckPlan) {
	left := map[string][]int{} // pin → unused stored cloze cards, in group order
	for j := range p.old {
		if o := &p.old[j]; !o.used && o.pin != "" && o.kind == string(deck.Cloze) {
			left[o.pin] = append(left[o.pin], j)
		}
	}
	if len(left) == 0 {
		return
	}
	for _, n := range p.notes {
		pin := p.card(int(n[0])).Pin
		olds := left[pin]
		if pin == "" || len(olds) == 0 {
			continue
		}
		sort.Slice(olds, func(a, b int) bool { return p.old[olds[a]].grp < p.old[olds[b]].grp })
		var news []int
		for i := int(n[0]); i < int(n[1]); i++ {
			if p.cards[i].old < 0 && p.card(i).Kind == deck.Cloze {
				news = append(news, i)
			}
		}
		for _, i := range news {
			for _, j := range olds {
				if !p.old[j].used && identsMatch(p.card(i).Ident, p.old[j].ident) {
					p.cards[i].old, p.old[j].used = int32(j), true
					break
				}
			}
		}
	}
}

// matchSimilar pairs the cards still unmatched with unmatched old cards of
// the same kind that they are compatible with (the pin, and for a cloze
// the group identity): each new card is compared with the
// similarityWindow such old cards nearest to where it sits in the old file
// (judged from its nearest matched neighbour), and the pairs that reach
// minSimilarity are taken best first, so each card gets the best match it
// can.
func matchSimilar(p *deckPlan, compatible func(*deck.Card, *oldCard) bool) {
	// Unused old cards by kind, in old file order.
	free := map[string][]int{}
	for j := range p.old {
		if o := &p.old[j]; !o.used {
			free[o.kind] = append(free[o.kind], j)
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
		i, j  int
		d, n  int // distance and longer length: similarity 1 - d/n
		cased int // distance with case kept: breaks ties between "i" and "I"
	}
	var pairs []pair
	for i := range p.cards {
		if p.cards[i].old >= 0 {
			continue
		}
		c := p.card(i)
		cand := free[string(c.Kind)]
		if len(cand) == 0 {
			continue
		}
		ord := func(k int) int { return p.old[cand[k]].ord }
		dist := func(k int) int { return abs(ord(k) - at[i]) }
		// Walk out from at[i] both ways, nearest first.
		r := sort.Search(len(cand), func(k int) bool { return ord(k) >= at[i] })
		l := r - 1
		src := []rune(deck.Normalize(c.Source))
		var srcCased []rune // built when a pair is found
		for taken, walked := 0, 0; taken < similarityWindow && walked < maxWalk && (l >= 0 || r < len(cand)); walked++ {
			var k int
			if r >= len(cand) || (l >= 0 && dist(l) <= dist(r)) {
				k, l = l, l-1
			} else {
				k, r = r, r+1
			}
			j := cand[k]
			o := &p.old[j]
			if !compatible(&c, o) {
				continue
			}
			taken++
			if o.norm == nil {
				o.norm = []rune(deck.Normalize(o.source))
			}
			if d, ok := similar(src, o.norm); ok {
				n := max(len(src), len(o.norm))
				if srcCased == nil {
					srcCased = []rune(deck.KeyText(c.Source))
				}
				if o.cased == nil {
					o.cased = []rune(deck.KeyText(o.source))
				}
				cased, _ := similar(srcCased, o.cased)
				pairs = append(pairs, pair{i, j, d, n, cased})
			}
		}
	}
	// Best similarity first (d1/n1 < d2/n2, compared without division),
	// then the one closer with case kept, then file order.
	sort.Slice(pairs, func(a, b int) bool {
		x, y := pairs[a], pairs[b]
		if l, r := x.d*max(y.n, 1), y.d*max(x.n, 1); l != r {
			return l < r
		}
		if l, r := x.cased*max(y.n, 1), y.cased*max(x.n, 1); l != r {
			return l < r
		}
		if x.i != y.i {
			return x.i < y.i
		}
		return x.j < y.j
	})
	for _, pr := range pairs {
		if p.cards[pr.i].old < 0 && !p.old[pr.j].used {
			p.cards[pr.i].old = int32(pr.j)
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

// maxCompared bounds the work of one comparison: two texts whose
// differing middle (what is left when their common start and end are cut
// off) is longer than maxCompared runes in both are not similar, and their
// edit distance is not computed. One comparison thus costs at most about
// maxCompared² steps (a few milliseconds) whatever the texts' length.
const maxCompared = 2048

// maxWalk bounds how many stored cards one changed card looks at while
// it skips those it may not pair with (another pin, another cloze group).
const maxWalk = 8 * similarityWindow

// similar returns the edit distance between a and b, and whether their
// similarity reaches minSimilarity, under the bound of maxCompared.
func similar(a, b []rune) (int, bool) {
	longer := max(len(a), len(b))
	limit := 2 * longer / 5 // 1 - d/n >= 0.6
	a, b = trimCommon(a, b)
	if min(len(a), len(b)) > maxCompared {
		return limit + 1, false
	}
	d := levenshteinMax(a, b, limit)
	return d, d <= limit
}

// trimCommon cuts the common start and end off a and b.
func trimCommon(a, b []rune) ([]rune, []rune) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	return a, b
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

// EditDistance is levenshteinMax over the runes of two strings: their
// Levenshtein distance when it is at most limit, and limit+1 otherwise.
func EditDistance(a, b string, limit int) int {
	return levenshteinMax([]rune(a), []rune(b), limit)
}

// levenshteinMax returns the edit distance between a and b when it is at
// most limit, and limit+1 otherwise. It computes only the diagonal band of
// width 2×limit+1 and stops as soon as a row exceeds the limit, so a
// hopeless pair costs little.
func levenshteinMax(a, b []rune, limit int) int {
	a, b = trimCommon(a, b)
	if len(a) < len(b) {
		a, b = b, a
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
