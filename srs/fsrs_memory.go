package srs

import "fmt"

// FSRSAnswer is one scheduling answer from a card's review log: its grade
// and the user days since the card's previous scheduling answer (0 for its
// first).
type FSRSAnswer struct {
	Grade   Grade
	Elapsed int
}

// Replay is the FSRS memory state of a card after its scheduling answers,
// oldest first, starting from a new card. Plans toward an interview date
// use it under either algorithm, because FSRS is the better predictor of
// recall. No answers give New(). An error names the answer, counting from
// 1, and leaves the state at the answer before it.
func (f FSRS) Replay(answers []FSRSAnswer) (Memory, error) {
	f = f.ready()
	m := f.New()
	for i, a := range answers {
		next, err := f.Next(m, a.Grade, a.Elapsed)
		if err != nil {
			return m, fmt.Errorf("answer %d of %d: %w", i+1, len(answers), err)
		}
		m = next
	}
	return m, nil
}
