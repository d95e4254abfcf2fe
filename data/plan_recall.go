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
	answered        bool // has a scheduling answer up to the day read
}

// planCards reads the plan's cards in deck and file order, with their
// predicted recall on the interview day from their scheduling answers on
// or before upTo. A card with none has recall 0.
func planCards(ctx context.Context, q queryer, p InterviewPlan, upTo srs.Day) ([]planCard, error) {
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
	answers, last, err := schedulingAnswers(ctx, q, p, upTo)
	if err != nil {
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
	for id, list := range answers {
		i, ok := index[id]
		if !ok {
			continue
		}
		m, err := f.Replay(list)
		if err != nil {
			return nil, fmt.Errorf("predict the recall of card %s: %w", id, err)
		}
		cards[i].recall = f.Recall(m, int(p.Interview-last[id]))
		cards[i].answered = true
	}
	return cards, nil
}

// schedulingAnswers reads the live scheduling answers of the plan's cards
// on or before upTo, oldest first, as FSRS answers, with the day of each
// card's last one.
func schedulingAnswers(ctx context.Context, q queryer, p InterviewPlan, upTo srs.Day) (map[string][]srs.FSRSAnswer, map[string]srs.Day, error) {
	cancelled, err := cancelledRows(ctx, q, "")
	if err != nil {
		return nil, nil, err
	}
	where, args := p.deckWhere("c")
	rows, err := q.QueryContext(ctx, `SELECT r.seq, r.card_id, r.day, r.grade FROM revlog r
		JOIN cards c ON c.id = r.card_id
		WHERE r.kind = 'review' AND r.grade IS NOT NULL AND r.day <= ? AND `+where+`
		ORDER BY r.card_id, r.seq`, append([]any{upTo.String()}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("read the review log: %w", err)
	}
	defer rows.Close()
	answers := map[string][]srs.FSRSAnswer{}
	last := map[string]srs.Day{}
	for rows.Next() {
		var seq int64
		var id, day string
		var grade int
		if err := rows.Scan(&seq, &id, &day, &grade); err != nil {
			return nil, nil, err
		}
		d, err := srs.ParseDay(day)
		if cancelled[seq] || err != nil {
			continue
		}
		elapsed := 0
		if prev, ok := last[id]; ok {
			elapsed = max(int(d-prev), 0)
		}
		answers[id] = append(answers[id], srs.FSRSAnswer{Grade: srs.Grade(grade), Elapsed: elapsed})
		last[id] = d
	}
	return answers, last, rows.Err()
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
