package fit

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Metrics are how well predictions of recall matched the answers, as
// fsrs-rs's evaluate measures it: the log loss and RMSE(bins), both with
// the items' recency weights.
type Metrics struct {
	LogLoss  float64
	RMSEBins float64
	N        int // predictions scored
	// Calibration is predicted against actual recall in ten bins of
	// predicted recall: bin i holds predictions from i/10 to (i+1)/10.
	Calibration [10]CalibrationBin
}

// CalibrationBin is one bin of predictions.
type CalibrationBin struct {
	N         int
	Predicted float64 // mean predicted recall
	Actual    float64 // share passed
}

// binKey is fsrs-rs's r_matrix_index: the item's days elapsed, its number
// of answers after a day or more, and its lapses, each binned on a log scale.
type binKey struct{ delta, length, lapses uint32 }

// logBin is round(a · base^floor(log_base x) · b), in fsrs-rs's order.
func logBin(x, base, a, b float64) uint32 {
	return uint32(math.Round(a * math.Pow(base, math.Floor(math.Log(x)/math.Log(base))) * b))
}

// binTable is logBin(x, base, a, b) for the small integers x, computed
// once: the same values, without a logarithm and a power an answer.
type binTable struct {
	base, a, b float64
	t          [4096]uint32
}

func newBinTable(base, a, b float64) *binTable {
	bt := &binTable{base: base, a: a, b: b}
	for x := range bt.t {
		bt.t[x] = logBin(float64(x), base, a, b)
	}
	return bt
}

func (bt *binTable) of(x int) uint32 {
	if x >= 0 && x < len(bt.t) {
		return bt.t[x]
	}
	return logBin(float64(x), bt.base, bt.a, bt.b)
}

// Prediction is a forecast of each item's recall, in item order.
type Prediction struct {
	l  *Log
	ly *layout
	p  []float64 // by card offset + k
}

// layout is what every prediction on the same cards shares: each card's
// offset in the per-answer arrays, and each answer's bin (an index into
// the distinct binKeys), computed once.
type layout struct {
	once  sync.Once
	off   []int
	bin   []int32
	nbins int
}

// ForEach runs f over [0, n) on every core, in chunks of 256 handed out
// in order: f(lo, hi) covers lo <= i < hi. It returns when every chunk is
// done.
func ForEach(n int, f func(lo, hi int)) {
	const chunk = 256
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				f(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}

func (l *Log) layout() *layout {
	ly := l.ly
	ly.once.Do(func() {
		ly.off = make([]int, len(l.cards)+1)
		for i, c := range l.cards {
			ly.off[i+1] = ly.off[i] + len(c)
		}
		keys := make([]binKey, ly.off[len(l.cards)])
		deltas, lengths, lapsed := newBinTable(3.62, 2.48, 100), newBinTable(1.89, 1.99, 1), newBinTable(1.73, 1.65, 1)
		ForEach(len(l.cards), func(lo, hi int) {
			for ci := lo; ci < hi; ci++ {
				long, lapses := 0, 0
				for k, a := range l.cards[ci] {
					if a.DeltaT > 0 {
						long++
					}
					if k > 0 {
						key := binKey{delta: deltas.of(a.DeltaT), length: lengths.of(long + 1)}
						if lapses > 0 {
							key.lapses = lapsed.of(lapses)
						}
						keys[ly.off[ci]+k] = key
						if a.Rating == 1 && a.DeltaT > 0 {
							lapses++
						}
					}
				}
			}
		})
		ids := map[binKey]int32{}
		ly.bin = make([]int32, len(keys))
		for i, k := range keys {
			id, ok := ids[k]
			if !ok {
				id = int32(len(ids))
				ids[k] = id
			}
			ly.bin[i] = id
		}
		ly.nbins = len(ids)
	})
	return ly
}

func (l *Log) newPrediction() *Prediction {
	ly := l.layout()
	return &Prediction{l: l, ly: ly, p: make([]float64, len(ly.bin))}
}

// Predict forecasts every item's recall with FSRS-6 under w (clipped as
// fsrs-rs clips the weights it is given).
func (l *Log) Predict(w Weights) *Prediction {
	w = clipWeights(w, false)
	m := newModel(&w)
	pr := l.newPrediction()
	ForEach(len(l.cards), func(lo, hi int) {
		for ci := lo; ci < hi; ci++ {
			m.predict(l.cards[ci], pr.p[pr.ly.off[ci]:pr.ly.off[ci+1]])
		}
	})
	return pr
}

// PredictStability forecasts every item's recall on FSRS-6's forgetting
// curve with decay w20, from a stability that stability gives for answer
// k of card c (SM-2's interval, say). A stability <= 0 predicts recall 0.
// stability is called for every answer after a card's first (whether the
// log scores it or not), card by card, from several goroutines at once.
func (l *Log) PredictStability(w20 float64, stability func(card, k int) float64) *Prediction {
	w := DefaultWeights
	w[20] = w20
	m := newModel(&w)
	pr := l.newPrediction()
	ForEach(len(l.cards), func(lo, hi int) {
		for ci := lo; ci < hi; ci++ {
			p := pr.p[pr.ly.off[ci]:pr.ly.off[ci+1]]
			for k := 1; k < len(p); k++ {
				if s := stability(ci, k); s > 0 {
					p[k] = m.recall(float64(l.cards[ci][k].DeltaT), s)
				}
			}
		}
	})
	return pr
}

// Score measures the prediction against the answers, with the recency
// weights, as fsrs-rs's evaluate does.
func (pr *Prediction) Score() Metrics { return pr.score(recencyWeights(len(pr.l.items))) }

// ScoreHeldOut measures the prediction with every answer weighing the
// same, as fsrs-rs measures the held-out part of a time-series split.
func (pr *Prediction) ScoreHeldOut() Metrics {
	w := make([]float64, len(pr.l.items))
	for i := range w {
		w[i] = 1
	}
	return pr.score(w)
}

// scoreChunk is the number of items each partial sum of score covers: a
// fixed size, so that the sums, and so the figures, are the same on any
// number of cores.
const scoreChunk = 1 << 16

type binSum struct{ pred, actual, count, weight float64 }

type partial struct {
	loss, wsum float64
	bins       []binSum
	cal        [10]struct{ n, pred, actual float64 }
}

func (pr *Prediction) score(weights []float64) Metrics {
	l := pr.l
	l.itemTable() // gathered before the parallel sums, once
	chunks := make([]partial, (len(l.items)+scoreChunk-1)/scoreChunk)
	ForEach(len(chunks), func(lo, hi int) {
		for c := lo; c < hi; c++ {
			pr.scoreRange(&chunks[c], weights, c*scoreChunk, min((c+1)*scoreChunk, len(l.items)))
		}
	})
	var out Metrics
	out.N = len(l.items)
	if out.N == 0 {
		return out
	}
	var loss, wsum float64
	bins := make([]binSum, pr.ly.nbins)
	var cal [10]struct{ n, pred, actual float64 }
	for _, p := range chunks {
		loss += p.loss
		wsum += p.wsum
		for i, b := range p.bins {
			s := &bins[i]
			s.pred, s.actual, s.count, s.weight = s.pred+b.pred, s.actual+b.actual, s.count+b.count, s.weight+b.weight
		}
		for i, c := range p.cal {
			cal[i].n, cal[i].pred, cal[i].actual = cal[i].n+c.n, cal[i].pred+c.pred, cal[i].actual+c.actual
		}
	}
	out.LogLoss = loss / wsum
	var se, sw float64
	for _, b := range bins {
		if b.count == 0 {
			continue
		}
		d := b.pred/b.count - b.actual/b.count
		se += d * d * b.weight
		sw += b.weight
	}
	out.RMSEBins = math.Sqrt(se / sw)
	for i, c := range cal {
		if c.n > 0 {
			out.Calibration[i] = CalibrationBin{N: int(c.n), Predicted: c.pred / c.n, Actual: c.actual / c.n}
		}
	}
	return out
}

// itemTable is what scoring reads of each item, in item order, gathered
// once for every prediction on the log: the item's place in the
// per-answer arrays, its bin, and whether it passed.
type itemTable struct {
	once sync.Once
	j    []int32
	bin  []int32
	pass []bool
}

func (l *Log) itemTable() *itemTable {
	t := l.tab
	t.once.Do(func() {
		ly := l.layout()
		t.j, t.bin, t.pass = make([]int32, len(l.items)), make([]int32, len(l.items)), make([]bool, len(l.items))
		ForEach(len(l.items), func(lo, hi int) {
			for i := lo; i < hi; i++ {
				it := l.items[i]
				j := ly.off[it.card] + int(it.k)
				t.j[i], t.bin[i], t.pass[i] = int32(j), ly.bin[j], l.answer(it).Rating > 1
			}
		})
	})
	return t
}

// scoreRange sums the items from lo to hi into p.
func (pr *Prediction) scoreRange(p *partial, weights []float64, lo, hi int) {
	t := pr.l.itemTable()
	p.bins = make([]binSum, pr.ly.nbins)
	for i := lo; i < hi; i++ {
		pv := pr.p[t.j[i]]
		y := 0.0
		if t.pass[i] {
			y = 1
		}
		w := weights[i]
		pc := clamp(pv, minProb, maxProb)
		// y*log(pc) + (1-y)*log(1-pc) with y 0 or 1, one logarithm taken:
		// the other term is an exact zero, so the sum is the same bits.
		ll := math.Log(1 - pc)
		if y == 1 {
			ll = math.Log(pc)
		}
		p.loss += -ll * w
		p.wsum += w
		b := &p.bins[t.bin[i]]
		b.pred += pv
		b.actual += y
		b.count++
		b.weight += w
		c := &p.cal[min(max(int(pv*10), 0), 9)]
		c.n++
		c.pred += pv
		c.actual += y
	}
}

// ForEvaluation is the log as Anki and the fsrs-rs binding evaluate it:
// outliers dropped (see outliers), the items that predict a card's second
// answer first, grouped as the outlier analysis keeps them, then the other
// items in time order. The recency weights follow that order.
func (l *Log) ForEvaluation() *Log {
	removed, kept := l.outliers()
	out := l.withItems(make([]item, 0, len(l.items)))
	for _, i := range kept {
		out.items = append(out.items, l.items[i])
	}
	for _, it := range l.items {
		if it.k > 1 && l.survives(it, removed) {
			out.items = append(out.items, it)
		}
	}
	return out
}

// Evaluate is ForEvaluation().Predict(w).Score(): what fsrs-rs's evaluate
// gives through Anki or the binding.
func (l *Log) Evaluate(w Weights) Metrics { return l.ForEvaluation().Predict(w).Score() }
