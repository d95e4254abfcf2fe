package deck

import (
	"fmt"
	"slices"
	"strings"
)

// Rubric cards: an open-ended interview prompt (P:) with the key points a
// strong answer hits (K:) and an optional model answer (A:). Each belongs
// to an interview round, set for the file by the front matter's round: and
// for one card by a Round: line.

// Rounds are the interview rounds a rubric card can belong to, in the
// order aipm lists them.
var Rounds = []string{"product-sense", "technical", "strategy", "behavioral", "execution", "leadership", "safety"}

// IsRound reports whether s is one of Rounds.
func IsRound(s string) bool { return slices.Contains(Rounds, s) }

// The number of key points a rubric card may have.
const (
	MinKeyPoints = 2
	MaxKeyPoints = 9
)

// roundMarker is the line that sets one rubric card's round.
const roundMarker = "Round:"

// openRubric is what a P: card has read beyond its prompt.
type openRubric struct {
	points    [][]pline // each K: with its continuation lines
	round     string
	roundLine int
}

// rubricLine reads one line of an open rubric card. It reports ended when
// the line is a marker that ends the card (the card is then closed, and
// the line is for the caller to read as outside any card).
func (p *parser) rubricLine(pl pline) (ended bool, err error) {
	c, r := p.card, p.card.rubric
	text := pl.text
	add := func(pl pline) {
		switch {
		case c.inBack:
			c.back = append(c.back, pl)
		case len(r.points) > 0:
			r.points[len(r.points)-1] = append(r.points[len(r.points)-1], pl)
		default:
			c.front = append(c.front, pl)
		}
	}
	switch {
	case pl.code:
		add(pl)
		return false, nil
	case strings.HasPrefix(text, "K:"):
		if c.inBack {
			return false, p.errorf(p.lineNo, "K: after the A: of the rubric card at line %d; key points come before the model answer", c.line)
		}
		r.points = append(r.points, []pline{{text: markerRest(text), line: p.lineNo}})
		return false, nil
	case !c.inBack && strings.HasPrefix(text, roundMarker): // in the model answer, it is text
		if r.roundLine != 0 {
			return false, p.errorf(p.lineNo, "second Round: in the rubric card at line %d (the first is at line %d)", c.line, r.roundLine)
		}
		r.round, r.roundLine = strings.Clone(strings.TrimSpace(text[len(roundMarker):])), p.lineNo
		if !IsRound(r.round) {
			return false, p.errorf(p.lineNo, "Round: %q is not an interview round; use one of %s", r.round, strings.Join(Rounds, ", "))
		}
		return false, nil
	case strings.HasPrefix(text, "A:"):
		if c.inBack {
			return false, p.errorf(p.lineNo, "second A: in the card at line %d", c.line)
		}
		c.inBack = true
		c.back = append(c.back, pline{text: markerRest(text), line: p.lineNo})
		return false, nil
	case isMarker(text):
		return true, p.endCard()
	}
	add(pl)
	return false, nil
}

// addRubric checks and adds a rubric card: a prompt, 2 to 9 key points
// with text, and a known round (its own, else the file's).
func (p *parser) addRubric(c *openCard) error {
	r := c.rubric
	prompt := joinLines(c.front)
	if prompt == "" {
		return p.errorf(c.line, "P: card has an empty prompt")
	}
	points := make([]string, len(r.points))
	for i, ls := range r.points {
		if points[i] = joinLines(ls); points[i] == "" {
			return p.errorf(ls[0].line, "K: with no text; write the key point after K:, or remove the line")
		}
	}
	if n := len(points); n < MinKeyPoints || n > MaxKeyPoints {
		return p.errorf(c.line, "a rubric card needs %d to %d key points (K: lines); this one has %d", MinKeyPoints, MaxKeyPoints, n)
	}
	round := r.round
	if round == "" {
		round = p.round
	}
	if round == "" {
		return p.errorf(c.line, "rubric card has no round; add `round: technical` to the front matter, or a `Round: technical` line to the card (rounds: %s)", strings.Join(Rounds, ", "))
	}
	n := note{line: c.line, topic: c.topic, pin: c.pin, scope: p.scope}
	n.cards = []Card{{Kind: Rubric, Front: prompt, Back: joinLines(c.back), Line: c.line, Source: prompt,
		Round: round, KeyPoints: points}}
	p.addNote(n)
	return nil
}

// rubricText writes a rubric card as P:, Round:, K: and A: lines; block
// puts the prompt and the model answer on lines of their own.
func rubricText(c Card, block bool) string {
	var b strings.Builder
	b.WriteString(side("P:", c.Front, block))
	b.WriteString("\n" + roundMarker + " " + c.Round)
	for _, k := range c.KeyPoints {
		b.WriteString("\n" + side("K:", k, false))
	}
	if c.Back != "" {
		b.WriteString("\n" + side("A:", c.Back, block))
	}
	return b.String()
}

// RubricBack is a rubric card's key points, numbered, and its model
// answer after them: the back that a program without rubric cards (an
// Anki export) shows.
func RubricBack(c Card) string {
	var b strings.Builder
	for i, k := range c.KeyPoints {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, k)
	}
	if c.Back != "" {
		b.WriteString("\n\n" + c.Back)
	}
	return b.String()
}
