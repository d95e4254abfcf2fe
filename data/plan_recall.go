package data

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aipmhq/aipm/srs"
)

// Predicted recall on the interview day, per card, from the FSRS memory
// state replayed from the card's scheduling answers (srs.FSRS.Replay),
// whichever algorithm schedules: FSRS is the better predictor of recall.

// planCard is one card of a plan (not suspended or orphaned).
type planCard struct {
	id, topic, kind string
	due             string // "" while new
	recall          float64
	// answers are its scheduling answers, oldest first; last the day of
	// the latest.
	answers []srs.FSRSAnswer
	last    srs.Day
}

// planCards reads the plan's cards in deck and file order, with their
// predicted recall on the interview day from their scheduling answers on
// or before upTo. A card with none has recall 0.
func planCards(ctx context.Context, s *Store, p InterviewPlan, upTo srs.Day) ([]planCard, error) {
	q := s.db
	where, args := p.deckWhere("c")
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.topic, c.kind, coalesce(c.due, '') FROM cards c
		WHERE c.suspended = 0 AND c.orphaned = 0 AND `+where+` ORDER BY c.deck_ord, c.ord`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the plan's cards: %w", err)
	}
	var cards []planCard
	index := map[string]int{}
	for rows.Next() {
		var c planCard
		if err := rows.Scan(&c.id, &c.topic, &c.kind, &c.due); err != nil {
			rows.Close()
			return nil, err
		}
		index[c.id] = len(cards)
		cards = append(cards, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := schedulingAnswers(ctx, s, cards, index, upTo); err != nil {
		return nil, err
	}
	eng, err := engineTx(ctx, q)
	if err != nil {
		return nil, err
	}
	f, err := srs.NewFSRS(eng.settings.FSRS())
	if err != nil {
		return nil, err
	}
	for i := range cards {
		c := &cards[i]
		if len(c.answers) == 0 {
			continue
		}
		m, err := f.Replay(c.answers)
		if err != nil {
			return nil, fmt.Errorf("predict the recall of card %s: %w", c.id, err)
		}
		c.recall, c.answers = f.Recall(m, int(p.Interview-c.last)), nil
	}
	return cards, nil
}

// schedulingAnswers gives cards (index holds each id's position) their
// scheduling answers on or before upTo, oldest first, as FSRS answers: the
// log's scheduling answers as eachScheduled reads them (the live review
// rows and the answers brought in from Anki; a prune starts a card over),
// and, of a day's answers, the first, as replay takes them.
func schedulingAnswers(ctx context.Context, s *Store, cards []planCard, index map[string]int, upTo srs.Day) error {
	return eachScheduled(ctx, s, false, func(a scheduled) error {
		i, ok := index[a.id]
		if !ok || a.day > upTo {
			return nil
		}
		c := &cards[i]
		if a.fresh {
			c.answers = c.answers[:0]
		}
		elapsed := 0
		if len(c.answers) > 0 {
			if a.day == c.last {
				return nil // a later answer the same day in Anki's history: FSRS replays the first
			}
			elapsed = max(int(a.day-c.last), 0)
		}
		c.answers = append(c.answers, srs.FSRSAnswer{Grade: srs.Grade(a.grade), Elapsed: elapsed})
		c.last = a.day
		return nil
	})
}

// TopicRecall is the mean predicted recall on the interview day of a
// topic's plan cards.
type TopicRecall struct {
	Topic  string  `json:"topic"`
	Cards  int     `json:"cards"`
	Recall float64 `json:"recall"`
}

// recallByTopic is the mean predicted recall of cards overall and by
// topic, weakest topic first (then by name).
func recallByTopic(cards []planCard) (float64, []TopicRecall) {
	if len(cards) == 0 {
		return 0, nil
	}
	sum := 0.0
	by := map[string]*TopicRecall{}
	var order []string
	for _, c := range cards {
		sum += c.recall
		t := by[c.topic]
		if t == nil {
			t = &TopicRecall{Topic: c.topic}
			by[c.topic] = t
			order = append(order, c.topic)
		}
		t.Cards++
		t.Recall += c.recall
	}
	out := make([]TopicRecall, 0, len(order))
	for _, name := range order {
		t := *by[name]
		t.Recall /= float64(t.Cards)
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TopicRecall) int {
		return cmp.Or(cmp.Compare(a.Recall, b.Recall), strings.Compare(a.Topic, b.Topic))
	})
	return sum / float64(len(cards)), out
}
