package fit

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Options are the training settings; the zero Options are fsrs-rs's
// defaults.
type Options struct {
	Epochs       int     // 5
	BatchSize    int     // 512 predictions
	Seed         uint64  // 2023: the shuffle of the batches
	LearningRate float64 // 0.04, annealed on a cosine
	MaxSeqLen    int     // 256: later answers of a card are left out
	Gamma        float64 // 1: the weight of the L2 pull towards the starting weights
	// Progress, when not nil, is told the predictions trained on so far
	// and the total, after each batch.
	Progress func(done, total int)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Epochs, 5)
	def(&o.BatchSize, 512)
	def(&o.MaxSeqLen, 256)
	if o.Seed == 0 {
		o.Seed = 2023
	}
	if o.LearningRate <= 0 {
		o.LearningRate = 4e-2
	}
	if o.Gamma <= 0 {
		o.Gamma = 1
	}
	return o
}

// paramsStddev scales fsrs-rs's L2 regularisation of each weight.
var paramsStddev = [21]float64{
	6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25,
	1.03, 0.31, 0.32, 0.14, 0.27,
}

// Fit fits FSRS-6's weights to the log's items as fsrs-rs's
// compute_parameters does with short-term scheduling off (aipm has no
// same-day steps): outliers dropped, the initial stabilities w0-w3
// pre-trained and then kept, the other weights trained by Adam on the
// recency-weighted log loss with an L2 pull towards their defaults, clipped
// to fsrs-rs's ranges after every step, and the best epoch kept. w17-w19
// (same-day reviews) are 0. The gradient is analytic (reverse mode through
// each card's answers) and computed on every core.
//
// It returns the default weights for fewer than 8 items, and the
// pre-trained initial stabilities alone for fewer than 64.
func Fit(ctx context.Context, l *Log, o Options) (Weights, error) {
	o = o.withDefaults()
	removed, kept := l.outliers()
	var train []item
	passed := 0
	for _, it := range l.items {
		if l.survives(it, removed) {
			train = append(train, it)
			if l.answer(it).Rating > 1 {
				passed++
			}
		}
	}
	if len(train) < 8 {
		return DefaultWeights, nil
	}
	initS, counts, err := l.initialStabilities(kept, float64(float32(float64(passed)/float64(len(train)))))
	if err != nil {
		return DefaultWeights, err
	}
	start := DefaultWeights
	copy(start[:4], initS[:])
	if len(train) == len(kept) || len(train) < 64 {
		return start, nil
	}
	start[17], start[18], start[19] = 0, 0, 0
	weights := recencyWeights(len(train))
	var wt []weighted
	for i, it := range train {
		if int(it.k)+1 <= o.MaxSeqLen {
			wt = append(wt, weighted{it, weights[i]})
		}
	}
	best, err := l.train(ctx, wt, start, o)
	if err != nil {
		return DefaultWeights, err
	}
	stab := map[int]float64{}
	for r := 1; r <= 4; r++ {
		stab[r] = best[r-1]
	}
	s, err := smoothAndFill(stab, counts)
	if err != nil {
		return DefaultWeights, err
	}
	copy(best[:4], s[:])
	return best, nil
}

type weighted struct {
	item
	weight float64
}

// column is one card of a batch: its first n answers, and the weight of
// each (0 for those not scored).
type column struct {
	card    int32
	weights []float64
}

type batch struct {
	cols  []column
	preds int
}

// batches groups the items by card (fsrs-rs's windowed batches): a card's
// items are scored in one pass over its answers; cards are sorted by
// length and packed into batches of at most size predictions.
func (l *Log) batches(items []weighted, size int) []batch {
	byCard := map[int32][]weighted{}
	for _, it := range items {
		byCard[it.card] = append(byCard[it.card], it)
	}
	cols := make([]column, 0, len(byCard))
	counts := make(map[int32]int, len(byCard))
	for card, its := range byCard {
		n := 0
		for _, it := range its {
			n = max(n, int(it.k)+1)
		}
		c := column{card: card, weights: make([]float64, n)}
		for _, it := range its {
			c.weights[it.k] = it.weight
		}
		cols = append(cols, c)
		counts[card] = len(its)
	}
	slices.SortFunc(cols, func(a, b column) int {
		return cmp.Or(cmp.Compare(len(a.weights), len(b.weights)), cmp.Compare(a.card, b.card))
	})
	var out []batch
	var cur batch
	for _, c := range cols {
		n := counts[c.card]
		if len(cur.cols) > 0 && cur.preds+n > size {
			out = append(out, cur)
			cur = batch{}
		}
		cur.cols = append(cur.cols, c)
		cur.preds += n
	}
	if len(cur.cols) > 0 {
		out = append(out, cur)
	}
	return out
}

// lossGrad is the batch's summed weighted log loss, and with grad its
// gradient, computed on every core and summed in a fixed order.
func (l *Log) lossGrad(b *batch, w *Weights, grad *[21]float64, scr []scratch) float64 {
	m := newModel(w)
	workers := len(scr)
	losses := make([]float64, workers)
	grads := make([][21]float64, workers)
	var wg sync.WaitGroup
	for i := range workers {
		lo, hi := i*len(b.cols)/workers, (i+1)*len(b.cols)/workers
		wg.Go(func() {
			var g *[21]float64
			if grad != nil {
				g = &grads[i]
			}
			for _, c := range b.cols[lo:hi] {
				losses[i] += m.cardLoss(l.cards[c.card][:len(c.weights)], c.weights, g, &scr[i])
			}
		})
	}
	wg.Wait()
	loss := 0.0
	for i := range workers {
		loss += losses[i]
		if grad != nil {
			for j := range grad {
				grad[j] += grads[i][j]
			}
		}
	}
	return loss
}

func (l *Log) train(ctx context.Context, items []weighted, start Weights, o Options) (Weights, error) {
	total := len(items)
	bs := l.batches(items, o.BatchSize)
	lr := cosineLR{tMax: float64((total/o.BatchSize + 1) * o.Epochs), init: o.LearningRate, step: -1, cur: o.LearningRate}
	w := start
	var adam adam
	bestLoss, best := math.Inf(1), w
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed))
	order := make([]int, len(bs))
	scr := make([]scratch, max(1, runtime.GOMAXPROCS(0)))
	l2 := func(w *Weights, n int) (pen float64, grad [21]float64) {
		scale := o.Gamma * float64(n) / float64(total)
		for i := range w {
			d := w[i] - start[i]
			sd2 := paramsStddev[i] * paramsStddev[i]
			pen += d * d / sd2
			grad[i] = 2 * d / sd2 * scale
		}
		return pen * scale, grad
	}
	for epoch := 1; epoch <= o.Epochs; epoch++ {
		for i := range order {
			order[i] = i
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		done := 0
		for _, bi := range order {
			if err := ctx.Err(); err != nil {
				return w, err
			}
			b := &bs[bi]
			rate := lr.next()
			var grad [21]float64
			l.lossGrad(b, &w, &grad, scr)
			_, g2 := l2(&w, b.preds)
			for i := range grad {
				grad[i] += g2[i]
			}
			// Frozen: the pre-trained initial stabilities, and the
			// same-day weights.
			for _, i := range []int{0, 1, 2, 3, 17, 18, 19} {
				grad[i] = 0
			}
			adam.step(&w, &grad, rate)
			w = clipWeights(w, false)
			done += b.preds
			if o.Progress != nil {
				o.Progress((epoch-1)*total+min(done, total), o.Epochs*total)
			}
		}
		loss := 0.0
		for i := range bs {
			pen, _ := l2(&w, bs[i].preds)
			loss += l.lossGrad(&bs[i], &w, nil, scr) + pen
		}
		loss /= float64(total)
		if loss < bestLoss {
			bestLoss, best = loss, w
		}
	}
	return best, nil
}

// adam is the Adam optimizer of fsrs-rs's trainer.
type adam struct {
	m, v [21]float64
	t    int
}

func (a *adam) step(w *Weights, grad *[21]float64, lr float64) {
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	a.t++
	b1 := 1 - math.Pow(beta1, float64(a.t))
	b2 := 1 - math.Pow(beta2, float64(a.t))
	for i := range w {
		a.m[i] = beta1*a.m[i] + (1-beta1)*grad[i]
		a.v[i] = beta2*a.v[i] + (1-beta2)*grad[i]*grad[i]
		w[i] -= lr * (a.m[i] / b1) / (math.Sqrt(a.v[i]/b2) + eps)
	}
}

// cosineLR is PyTorch's CosineAnnealingLR in its recursive form, with a
// minimum of 0, as fsrs-rs has it.
type cosineLR struct {
	tMax, init, step, cur float64
}

func (c *cosineLR) next() float64 {
	c.step++
	switch {
	case c.step == 0:
		c.cur = c.init
	case math.Mod(c.step-1-c.tMax, 2*c.tMax) == 0:
		c.cur = c.init * (1 - math.Cos(math.Pi/c.tMax)) / 2
	default:
		c.cur = (1 + math.Cos(math.Pi*c.step/c.tMax)) / (1 + math.Cos(math.Pi*(c.step-1)/c.tMax)) * c.cur
	}
	return c.cur
}

// clipWeights clamps each weight to fsrs-rs's range (parameter_clipper.rs,
// one relearning step); shortTerm raises w19's floor to 0.01.
func clipWeights(w Weights, shortTerm bool) Weights {
	w19 := 0.0
	if shortTerm {
		w19 = 0.01
	}
	r := [21][2]float64{
		{sMin, initSMax}, {sMin, initSMax}, {sMin, initSMax}, {sMin, initSMax},
		{dMin, dMax}, {0.001, 4}, {0.001, 4}, {0.001, 0.75},
		{0, 4.5}, {0, 0.8}, {0.001, 3.5},
		{0.001, 5}, {0.001, 0.25}, {0.001, 0.9}, {0, 4},
		{0, 1}, {1, 6},
		{0, 2}, {0, 2}, {w19, 0.8}, {0.1, 0.8},
	}
	for i := range w {
		w[i] = clamp(w[i], r[i][0], r[i][1])
	}
	return w
}
