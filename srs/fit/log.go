// Package fit fits FSRS-6's 21 weights to a person's review log, and
// measures how well a model predicts that log, as fsrs-rs does it (the Rust
// library Anki uses; the reference is its version 6.5.0).
//
// The data are each card's scheduling answers, one a day: a rating 1-4 and
// the days since the card's previous answer. Every answer after a card's
// first is a prediction to score: the recall the model predicts from the
// state before it, against whether it passed (rating 2-4). fsrs-rs calls
// each such answer, with the card's answers before it, an item; items are
// in the order the answers were given, and the later ones weigh more
// (0.25 to 1) in both the fit and the evaluation.
//
// Everything here is a pure function of its arguments, and uses every core.
package fit

import (
	"cmp"
	"fmt"
	"slices"
)

// Answer is one scheduling answer of a card.
type Answer struct {
	Rating int   // 1 again, 2 hard, 3 good, 4 easy
	DeltaT int   // days since the card's previous answer; 0 for its first
	At     int64 // when it was given (any increasing measure: ms, a sequence number)
}

// Card is one card's scheduling answers, oldest first.
type Card []Answer

// item is answer k (>= 1) of card c: a prediction to score.
type item struct {
	card, k int32
}

// Log is a review log ready to fit or evaluate: its cards and the items,
// in the order their answers were given.
type Log struct {
	cards []Card
	items []item
	ly    *layout // shared by the logs of the same cards
	tab   *itemTable
}

// NewLog checks the cards and lists their items. A card's first answer must
// have DeltaT 0 and every later one DeltaT >= 1 (one scheduling answer a
// day, as aipm records them); ratings must be 1-4.
func NewLog(cards []Card) (*Log, error) {
	l := &Log{cards: cards, ly: &layout{}, tab: &itemTable{}}
	for ci, c := range cards {
		for k, a := range c {
			if a.Rating < 1 || a.Rating > 4 {
				return nil, fmt.Errorf("card %d answer %d: rating %d is not 1-4", ci, k, a.Rating)
			}
			if (k == 0) != (a.DeltaT == 0) || a.DeltaT < 0 {
				return nil, fmt.Errorf("card %d answer %d: %d days elapsed is not possible", ci, k, a.DeltaT)
			}
			if k > 0 {
				l.items = append(l.items, item{int32(ci), int32(k)})
			}
		}
	}
	if !l.placeByTime() {
		slices.SortFunc(l.items, func(a, b item) int { // a total order: (card, k) is unique
			return cmp.Or(cmp.Compare(l.at(a), l.at(b)), cmp.Compare(a.card, b.card), cmp.Compare(a.k, b.k))
		})
	}
	return l, nil
}

// placeByTime puts the items in time order in linear time when their
// instants are distinct and dense, as sequence numbers of a log are; it
// reports false, having changed nothing, otherwise.
func (l *Log) placeByTime() bool {
	if len(l.items) == 0 {
		return true
	}
	lo, hi := l.at(l.items[0]), l.at(l.items[0])
	for _, it := range l.items {
		lo, hi = min(lo, l.at(it)), max(hi, l.at(it))
	}
	if hi-lo >= 4*int64(len(l.items))+1024 {
		return false
	}
	slots := make([]int32, hi-lo+1)
	for i := range slots {
		slots[i] = -1
	}
	for i, it := range l.items {
		p := l.at(it) - lo
		if slots[p] >= 0 {
			return false // a tie: sort instead
		}
		slots[p] = int32(i)
	}
	out := make([]item, 0, len(l.items))
	for _, i := range slots {
		if i >= 0 {
			out = append(out, l.items[i])
		}
	}
	l.items = out
	return true
}

func (l *Log) at(it item) int64       { return l.cards[it.card][it.k].At }
func (l *Log) answer(it item) *Answer { return &l.cards[it.card][it.k] }

// Len is the number of predictions: the answers after each card's first.
func (l *Log) Len() int { return len(l.items) }

// Answers is the number of answers, first answers included.
func (l *Log) Answers() int {
	n := 0
	for _, c := range l.cards {
		n += len(c)
	}
	return n
}

// Split is a time-series split: the first part of the items in time
// order, to train on, and the rest, to test on; frac is the first part's
// share.
func (l *Log) Split(frac float64) (train, test *Log) {
	cut := int(float64(len(l.items)) * frac)
	return l.withItems(l.items[:cut]), l.withItems(l.items[cut:])
}

// withItems is a log of the same cards holding items: it shares l's
// layout (which depends on the cards only) and has an item table of its
// own (which depends on the items).
func (l *Log) withItems(items []item) *Log {
	return &Log{cards: l.cards, items: items, ly: l.ly, tab: &itemTable{}}
}

// recencyWeights are fsrs-rs's item weights, 0.25 + 0.75·(i/(n-1))³.
func recencyWeights(n int) []float64 {
	out := make([]float64, n)
	den := max(float64(n)-1, 1)
	for i := range out {
		x := float64(i) / den
		out[i] = 0.25 + 0.75*x*x*x
	}
	return out
}

// Weights are FSRS-6's 21 weights.
type Weights = [21]float64

// DefaultWeights are FSRS-6's defaults, as fsrs-rs has them.
var DefaultWeights = Weights{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}
