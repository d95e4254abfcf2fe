package fit

import "math"

// The bounds fsrs-rs keeps the memory state within.
const (
	sMin = 0.001
	sMax = 36500
	dMin = 1
	dMax = 10
	// minProb and maxProb bound a predicted recall inside the log loss.
	minProb = 1e-7
	maxProb = 1 - 1e-7
)

// model is FSRS-6 as fsrs-rs trains and evaluates it (src/model.rs and
// src/analytic.rs of fsrs-rs 6.5.0), in float64: the memory state after each
// answer, the recall predicted before it, and the gradient of the log loss
// by reverse-mode differentiation through a card's answers. It is the model
// of the optimizer, not the scheduler: unlike srs.FSRS it does not round to
// 8 decimals, and a lapse's stability is at most S / e^(w17·w18).
type model struct {
	w            *[21]float64
	decay        float64 // -w20
	factor       float64 // 0.9^(1/decay) - 1
	dFactorDecay float64 // d factor / d decay
	expW8        float64
	floorDiv     float64 // e^(w17·w18)
	easyD        float64 // D0(Easy)
	exp3w5       float64
}

func newModel(w *[21]float64) model {
	m := model{w: w, decay: -w[20]}
	c := math.Log(0.9)
	m.factor = math.Exp(c/m.decay) - 1
	m.dFactorDecay = math.Exp(c/m.decay) * (-c / (m.decay * m.decay))
	m.expW8 = math.Exp(w[8])
	m.floorDiv = math.Exp(w[17] * w[18])
	m.easyD = initDifficulty(w, 4)
	m.exp3w5 = math.Exp(3 * w[5])
	return m
}

func initDifficulty(w *[21]float64, rating int) float64 {
	return w[4] - math.Exp(w[5]*float64(rating-1)) + 1
}

func clamp(x, lo, hi float64) float64 { return min(max(x, lo), hi) }

// inside is the gradient of a clamp: 1 on [lo, hi], 0 outside, as Burn and
// PyTorch give it.
func inside(x, lo, hi float64) float64 {
	if x >= lo && x <= hi {
		return 1
	}
	return 0
}

// recall is the forgetting curve R(t, S) = (1 + factor·t/S)^decay.
func (m *model) recall(t, s float64) float64 {
	return math.Pow(max(t, 0)/s*m.factor+1, m.decay)
}

// step is what one answer did, kept for the backward pass.
type step struct {
	stateS, stateD float64 // the state before, as given
	lastS, lastD   float64 // clamped
	deltaT, rating float64
	r              float64 // recall predicted before the answer
	failureRaw     float64
	failureFloor   float64
	usedFloor      bool
	shortRaw       float64
	shortValue     float64
	shortActive    bool
	short, failure bool
	init           bool
	initRating     int
	preClampS      float64
	meanD          float64 // difficulty before its clamp
}

// forward applies answer n (0-based) of rating and days elapsed to the state
// (s, d), and returns the new state and the step.
func (m *model) forward(s, d, deltaT float64, rating, n int) (float64, float64, step) {
	w := m.w
	c := step{stateS: s, stateD: d, lastS: clamp(s, sMin, sMax), lastD: clamp(d, dMin, dMax),
		deltaT: deltaT, rating: float64(rating)}
	if n == 0 && s == 0 {
		r := min(max(rating, 1), 4)
		c.init, c.initRating = true, r
		c.preClampS, c.meanD = w[r-1], initDifficulty(w, r)
		return clamp(c.preClampS, sMin, sMax), clamp(c.meanD, dMin, dMax), c
	}
	ls, ld := c.lastS, c.lastD
	c.r = m.recall(deltaT, ls)
	rt := c.rating
	var ns float64
	switch {
	case deltaT == 0:
		c.short = true
		c.shortRaw = math.Exp(w[17]*(rt-3+w[18])) * math.Pow(ls, -w[19])
		c.shortActive = !(rt >= 2 && c.shortRaw < 1)
		c.shortValue = c.shortRaw
		if rt >= 2 {
			c.shortValue = max(c.shortRaw, 1)
		}
		ns = ls * c.shortValue
	case rating == 1:
		c.failure = true
		c.failureRaw = w[11] * math.Pow(ld, -w[12]) * (math.Pow(ls+1, w[13]) - 1) * math.Exp((1-c.r)*w[14])
		c.failureFloor = ls / m.floorDiv
		c.usedFloor = c.failureFloor < c.failureRaw
		ns = c.failureRaw
		if c.usedFloor {
			ns = c.failureFloor
		}
	default:
		hp, eb := 1.0, 1.0
		if rating == 2 {
			hp = w[15]
		}
		if rating == 4 {
			eb = w[16]
		}
		inc := m.expW8 * (11 - ld) * math.Pow(ls, -w[9]) * (math.Exp((1-c.r)*w[10]) - 1) * hp * eb
		ns = ls * (inc + 1)
	}
	deltaD := -w[6] * (rt - 3)
	nextD := ld + (10-ld)*deltaD/9
	c.meanD = w[7]*(m.easyD-nextD) + nextD
	c.preClampS = ns
	return clamp(ns, sMin, sMax), clamp(c.meanD, dMin, dMax), c
}

// curveBack is the backward pass of R(t, S): it adds dL/dw20 and returns
// dL/dS, given gR = dL/dR.
func (m *model) curveBack(t, s, r, gR float64, gw *[21]float64) float64 {
	if gR == 0 {
		return 0
	}
	t = max(t, 0)
	base := t/s*m.factor + 1
	gS := gR * r * m.decay / base * (-t * m.factor / (s * s))
	dBase := t / s * m.dFactorDecay
	gw[20] -= gR * r * (math.Log(base) + m.decay/base*dBase)
	return gS
}

func (m *model) backSuccess(c *step, g float64, gw *[21]float64) (gs, gd, gr float64) {
	if g == 0 {
		return 0, 0, 0
	}
	w := m.w
	s, d, r := c.lastS, c.lastD, c.r
	a, b := m.expW8, 11-d
	cs := math.Pow(s, -w[9])
	expE := math.Exp((1 - r) * w[10])
	e := expE - 1
	hp, eb := 1.0, 1.0
	if c.rating == 2 {
		hp = w[15]
	}
	if c.rating == 4 {
		eb = w[16]
	}
	inc := a * b * cs * e * hp * eb
	gInc := g * s
	gs = g*(inc+1) + gInc*inc*(-w[9]/s)
	gd = -(gInc * a * cs * e * hp * eb)
	gr = gInc * a * b * cs * hp * eb * (-w[10] * expE)
	gw[8] += gInc * inc
	gw[9] += gInc * inc * -math.Log(s)
	gw[10] += gInc * a * b * cs * hp * eb * ((1 - r) * expE)
	if c.rating == 2 {
		gw[15] += gInc * a * b * cs * e * eb
	}
	if c.rating == 4 {
		gw[16] += gInc * a * b * cs * e * hp
	}
	return gs, gd, gr
}

func (m *model) backFailure(c *step, g float64, gw *[21]float64) (gs, gd, gr float64) {
	if g == 0 {
		return 0, 0, 0
	}
	w := m.w
	s, d, r := c.lastS, c.lastD, c.r
	if c.usedFloor {
		gw[17] += g * c.failureFloor * -w[18]
		gw[18] += g * c.failureFloor * -w[17]
		return g * c.failureFloor / s, 0, 0
	}
	raw := c.failureRaw
	base := s + 1
	p := math.Pow(base, w[13])
	dPow := math.Pow(d, -w[12])
	er := math.Exp((1 - r) * w[14])
	gw[11] += g * raw / w[11]
	gw[12] += g * raw * -math.Log(d)
	gw[13] += g * w[11] * dPow * er * p * math.Log(base)
	gw[14] += g * raw * (1 - r)
	return g * w[11] * dPow * er * w[13] * p / base, g * raw * (-w[12] / d), g * raw * -w[14]
}

func (m *model) backShort(c *step, g float64, gw *[21]float64) float64 {
	if g == 0 {
		return 0
	}
	w := m.w
	s := c.lastS
	gs := g * c.shortValue
	if c.shortActive {
		gRaw := g * s
		raw := c.shortRaw
		gw[17] += gRaw * raw * (c.rating - 3 + w[18])
		gw[18] += gRaw * raw * w[17]
		gw[19] += gRaw * raw * -math.Log(s)
		gs += gRaw * raw * (-w[19] / s)
	}
	return gs
}

func (m *model) backDifficulty(c *step, g float64, gw *[21]float64) float64 {
	if g == 0 {
		return 0
	}
	w := m.w
	gMean := g * inside(c.meanD, dMin, dMax)
	if gMean == 0 {
		return 0
	}
	r3 := c.rating - 3
	ld := c.lastD
	deltaD := -w[6] * r3
	nextD := ld + (10-ld)*deltaD/9
	gw[7] += gMean * (m.easyD - nextD)
	gw[4] += gMean * w[7]
	gw[5] += gMean * w[7] * -3 * m.exp3w5
	gNext := gMean * (1 - w[7])
	gw[6] += gNext * (10 - ld) * -r3 / 9
	return gNext * (1 - deltaD/9)
}

func (m *model) backInit(rating int, gs, gd float64, gw *[21]float64) {
	w := m.w
	gw[rating-1] += gs
	gRaw := gd * inside(initDifficulty(w, rating), dMin, dMax)
	if gRaw != 0 {
		off := float64(rating - 1)
		gw[4] += gRaw
		gw[5] += gRaw * -off * math.Exp(off*w[5])
	}
}

// back is the backward pass of one step: given dL/d(new S), dL/d(new D)
// and a dL/dR of the step's own prediction, it adds to gw and returns
// dL/d(S, D before).
func (m *model) back(c *step, gOutS, gOutD, gRExtra float64, gw *[21]float64) (float64, float64) {
	gPreS := gOutS * inside(c.preClampS, sMin, sMax)
	var gLastS, gLastD float64
	gR := gRExtra
	if c.init {
		m.backInit(c.initRating, gPreS, gOutD, gw)
	} else {
		switch {
		case c.short:
			gLastS += m.backShort(c, gPreS, gw)
		case c.failure:
			gs, gd, gr := m.backFailure(c, gPreS, gw)
			gLastS, gLastD, gR = gLastS+gs, gLastD+gd, gR+gr
		default:
			gs, gd, gr := m.backSuccess(c, gPreS, gw)
			gLastS, gLastD, gR = gLastS+gs, gLastD+gd, gR+gr
		}
		gLastD += m.backDifficulty(c, gOutD, gw)
	}
	gLastS += m.curveBack(c.deltaT, c.lastS, c.r, gR, gw)
	return gLastS * inside(c.stateS, sMin, sMax), gLastD * inside(c.stateD, dMin, dMax)
}

// bce is the weighted log loss of one prediction and its derivative by r.
func bce(rRaw, label, weight float64) (float64, float64) {
	if weight == 0 {
		return 0, 0
	}
	r := clamp(rRaw, minProb, maxProb)
	loss := -(label*math.Log(r) + (1-label)*math.Log(1-r)) * weight
	if rRaw <= minProb || rRaw >= maxProb {
		return loss, 0
	}
	return loss, -weight * (label/r - (1-label)/(1-r))
}

// scratch is one worker's buffers for cardLoss.
type scratch struct {
	steps []step
	gR    []float64
}

// cardLoss is the weighted log loss of a card's answers 1..n-1, each
// predicted from the state before it (weights[k] is answer k's weight; 0
// leaves it out), and with gw its gradient, added to gw: fsrs-rs's
// card_column_loss_and_grad.
func (m *model) cardLoss(ans []Answer, weights []float64, gw *[21]float64, sc *scratch) float64 {
	n := len(ans)
	var s, d, loss float64
	if gw != nil {
		sc.steps = sc.steps[:0]
		sc.gR = append(sc.gR[:0], make([]float64, n)...)
	}
	for t := 0; t < n; t++ {
		label := 0.0
		if ans[t].Rating > 1 {
			label = 1
		}
		if t+1 == n {
			finalGS := 0.0
			if t != 0 && weights[t] != 0 {
				cs := clamp(s, sMin, sMax)
				r := m.recall(float64(ans[t].DeltaT), cs)
				l, g := bce(r, label, weights[t])
				loss += l
				if gw != nil {
					finalGS = m.curveBack(float64(ans[t].DeltaT), cs, r, g, gw) * inside(s, sMin, sMax)
				}
			}
			if gw != nil {
				gs, gd := finalGS, 0.0
				for i := len(sc.steps) - 1; i >= 0; i-- {
					gs, gd = m.back(&sc.steps[i], gs, gd, sc.gR[i], gw)
				}
			}
			return loss
		}
		var c step
		s, d, c = m.forward(s, d, float64(ans[t].DeltaT), ans[t].Rating, t)
		if t > 0 {
			l, g := bce(c.r, label, weights[t])
			loss += l
			if gw != nil {
				sc.gR[t] = g
			}
		}
		if gw != nil {
			sc.steps = append(sc.steps, c)
		}
	}
	return loss
}

// predict writes into out[k] the recall predicted before each answer k
// >= 1 of the card (out[0] is left alone).
func (m *model) predict(ans []Answer, out []float64) {
	var s, d float64
	for t := range ans {
		if t > 0 {
			out[t] = m.recall(float64(ans[t].DeltaT), clamp(s, sMin, sMax))
		}
		if t+1 < len(ans) {
			s, d, _ = m.forward(s, d, float64(ans[t].DeltaT), ans[t].Rating, t)
		}
	}
}
