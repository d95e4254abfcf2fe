package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/aipmhq/aipm/srs"
)

// Stats figures are SQL aggregates over the card states and the review log,
// grouped by the log's stored user day. Nothing is loaded wholesale: every
// query returns at most one row per deck, topic or day.
//
// Definitions the tests hold to:
//   - A scheduling answer is a revlog row of kind 'review' that no undo row
//     cancels. The heatmap, the streak and retention also count past
//     answers brought in from Anki (kind 'history'). Re-drills, cram answers and cancelled rows count in no figure
//     but their own (Today.Redrills, Today.Cram, Today.Undone).
//   - Card states (live, not orphaned cards): suspended counts only as
//     suspended; new = never answered (due IS NULL); learning = answered but
//     Reps 0 (its last scheduling answer failed); young = Reps >= 1 and an
//     interval under 21 days; mature = Reps >= 1 and an interval of 21 days
//     or more. The five add up to the total.
//   - New, suspended and buried cards are never due. Due today = due on or
//     before today (a card answered today is due later). Due on day D (due
//     tomorrow, the forecast) = due exactly on D.
//   - Retention counts scheduling answers on cards that were not new
//     (due_before IS NOT NULL), classed by interval_before (>= 21: mature);
//     a pass is a grade of 3 or above.

// MatureInterval is the interval, in days, from which a card is mature.
const MatureInterval = srs.MatureInterval

// HeatmapWeeks is how many weeks the heatmap covers, ending with this week.
const HeatmapWeeks = 26

// Counts classify live (not orphaned) cards by state. The five states add
// up to Total.
type Counts struct {
	Total     int `json:"total"`
	New       int `json:"new"`
	Learning  int `json:"learning"`
	Young     int `json:"young"`
	Mature    int `json:"mature"`
	Suspended int `json:"suspended"`
}

func (c *Counts) add(o Counts) {
	c.Total += o.Total
	c.New += o.New
	c.Learning += o.Learning
	c.Young += o.Young
	c.Mature += o.Mature
	c.Suspended += o.Suspended
}

// CardCounts are Counts plus what is due today and tomorrow.
type CardCounts struct {
	Counts
	DueToday    int `json:"due_today"`
	DueTomorrow int `json:"due_tomorrow"`
}

// DeckCounts are CardCounts for one deck.
type DeckCounts struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	CardCounts
}

// TopicCounts are CardCounts for one topic of one deck, with its readiness.
type TopicCounts struct {
	Deck  string `json:"deck"`
	Topic string `json:"topic"`
	CardCounts
	// Seen = learning + young + mature.
	Seen int `json:"seen"`
	// Readiness is ReadinessRule as a percentage, to one decimal; 0 for a
	// topic whose cards are all suspended.
	Readiness float64 `json:"readiness"`
}

// ReadinessRule says how TopicCounts.Readiness is computed under SM-2.
const ReadinessRule = "the average, over the topic's cards (suspended ones left out), of " +
	"min(interval, 21) ÷ 21 while the last answer passed: a mature card counts 100%, " +
	"a card at a 6-day interval 29%, a new or failed card 0%."

// ReadinessRuleFSRS says how TopicCounts.Readiness is computed under FSRS.
const ReadinessRuleFSRS = "the average, over the topic's cards (suspended ones left out), of " +
	"FSRS's predicted recall today (its retrievability): a new card counts 0%."

// ReadinessRuleFor is the readiness rule of the scheduler named.
func ReadinessRuleFor(scheduler string) string {
	if scheduler == "fsrs" {
		return ReadinessRuleFSRS
	}
	return ReadinessRule
}

// Today are the figures of one user day.
type Today struct {
	Reviews   int      `json:"reviews"`    // scheduling answers, first answers of new cards included
	New       int      `json:"new"`        // distinct new cards answered for the first time
	Again     int      `json:"again"`      // scheduling answers graded below 3
	AgainRate *float64 `json:"again_rate"` // Again / Reviews; null without reviews
	TimeMS    int64    `json:"time_ms"`    // answer time of the scheduling answers
	Redrills  int      `json:"redrills"`   // re-drills (not cancelled)
	Cram      int      `json:"cram"`       // cram answers (not cancelled)
	Undone    int      `json:"undone"`     // answers of the day that an undo cancelled
}

// Due is what is due today and tomorrow.
type Due struct {
	Today    int `json:"today"`
	Tomorrow int `json:"tomorrow"`
}

// Pass is a retention figure: scheduling answers and how many passed.
type Pass struct {
	Reviews int      `json:"reviews"`
	Passed  int      `json:"passed"`
	Rate    *float64 `json:"rate"` // Passed / Reviews, to 4 decimals; null without reviews
}

// RetentionSpan is retention over one span, young vs mature.
type RetentionSpan struct {
	Young  Pass `json:"young"`
	Mature Pass `json:"mature"`
}

// Retention is true retention over the last 7, 30 and 365 days (today
// included).
type Retention struct {
	D7   RetentionSpan `json:"7d"`
	D30  RetentionSpan `json:"30d"`
	D365 RetentionSpan `json:"365d"`
}

// DayCount is one day of the forecast.
type DayCount struct {
	Date string `json:"date"`
	Due  int    `json:"due"`
}

// HeatDay is one day of the heatmap.
type HeatDay struct {
	Date    string `json:"date"`
	Reviews int    `json:"reviews"`
}

// CardBrief is a card in the leech and hardest lists.
type CardBrief struct {
	ID     string  `json:"id"`
	Deck   string  `json:"deck"`
	Topic  string  `json:"topic"`
	Front  string  `json:"front"`
	Lapses int     `json:"lapses"`
	EF     float64 `json:"ef"`
	// Difficulty is FSRS's (1-10, two decimals), on cards FSRS scheduled.
	Difficulty *float64 `json:"difficulty,omitempty"`
}

// Stats is everything `aipm stats` shows, read from one snapshot.
type Stats struct {
	Day        string        `json:"day"`
	Today      Today         `json:"today"`
	Cards      Counts        `json:"cards"`
	Due        Due           `json:"due"`
	StreakDays int           `json:"streak_days"`
	Retention  Retention     `json:"retention"`
	Forecast   []DayCount    `json:"forecast"`
	HeatFrom   string        `json:"heatmap_from"`
	Heatmap    []HeatDay     `json:"heatmap"`
	Decks      []DeckCounts  `json:"decks"`
	Topics     []TopicCounts `json:"topics"`
	Leeches    []CardBrief   `json:"leeches"`
	Hardest    []CardBrief   `json:"hardest"`
	Scheduler  string        `json:"scheduler"` // sm2 or fsrs: it sets readiness and the hardest list
	Rounds     *Rounds       `json:"rounds"`    // the rubric cards (stats_rubric.go)
}

// StatsQuery says what Stats covers.
type StatsQuery struct {
	Day    srs.Day // the user's day
	Filter Filter
	Days   int // forecast days after today; 0 means 7
	Top    int // length of the leech and hardest lists; 0 means 5
}

// statsDB is what the aggregate queries run on: a *sql.DB or one
// connection holding a read transaction.
type statsDB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// statsErr turns a locked, corrupt or unreadable file into a sentence for
// the user and leaves other errors as they are.
func (s *Store) statsErr(err error) error {
	var pe *PathError
	if c := s.classify(err); errors.As(c, &pe) {
		return c
	}
	return fmt.Errorf("read stats: %w", err)
}

func stats(ctx context.Context, db statsDB, q StatsQuery) (*Stats, error) {
	st := &Stats{Day: q.Day.String()}
	if err := cardStats(ctx, db, q, st); err != nil {
		return nil, err
	}
	if err := logStats(ctx, db, q, st); err != nil {
		return nil, err
	}
	return st, nil
}

// cardStats fills in the figures read from the card states: the scheduler,
// the topics, the decks and their sums, the forecast, the two lists and the
// rubric rounds.
func cardStats(ctx context.Context, db statsDB, q StatsQuery, st *Stats) error {
	eng, err := engineTx(ctx, db)
	if err != nil {
		return err
	}
	st.Scheduler = eng.settings.Algorithm
	if st.Topics, err = topicCounts(ctx, db, q.Day, q.Filter, eng.settings); err != nil {
		return err
	}
	if st.Decks, err = deckCounts(ctx, db, q.Filter, st.Topics); err != nil {
		return err
	}
	for _, d := range st.Decks {
		st.Cards.add(d.Counts)
		st.Due.Today += d.DueToday
		st.Due.Tomorrow += d.DueTomorrow
	}
	if st.Forecast, err = forecast(ctx, db, q.Day, q.Days, q.Filter); err != nil {
		return err
	}
	if st.Leeches, err = leeches(ctx, db, q.Filter, q.Top); err != nil {
		return err
	}
	if st.Hardest, err = hardest(ctx, db, q.Filter, q.Top, eng.settings.Algorithm); err != nil {
		return err
	}
	st.Rounds, err = rounds(ctx, db, q.Filter, q.Top)
	return err
}

// logStats fills in the figures read from the log: today, and the
// heatmap, the streak and retention from one pass over the last year.
func logStats(ctx context.Context, db statsDB, q StatsQuery, st *Stats) error {
	var err error
	if st.Today, err = today(ctx, db, q.Day, q.Filter); err != nil {
		return err
	}
	return dayFigures(ctx, db, q.Day, q.Filter, st)
}

// Weekday returns d's day of the week, Monday 0 to Sunday 6.
func Weekday(d srs.Day) int {
	// Day 0, 1970-01-01, was a Thursday.
	return ((int(d)+3)%7 + 7) % 7
}

// HeatmapStart is the first day of the heatmap ending on day: the Monday
// HeatmapWeeks-1 weeks before the Monday of day's week.
func HeatmapStart(day srs.Day) srs.Day {
	return day.Add(-Weekday(day) - 7*(HeatmapWeeks-1))
}

// The queries take named parameters, so that a condition may appear in
// several places: :today, :tomorrow, :deck, :topic, the pass grade :pass
// and the mature interval :mature (srs.PassGrade and srs.MatureInterval,
// which the Go code uses too), and their own.

// args returns the named parameters common to every query.
func args(day srs.Day, f Filter, more ...any) []any {
	return append([]any{sql.Named("today", day.String()), sql.Named("tomorrow", day.Add(1).String()),
		sql.Named("deck", f.Deck), sql.Named("topic", f.Topic),
		sql.Named("pass", int(srs.PassGrade)), sql.Named("mature", srs.MatureInterval)}, more...)
}

// cardFilter returns the SQL conditions on cards c for f ("1" for none).
func cardFilter(f Filter) string {
	var conds []string
	if f.Deck != "" {
		conds = append(conds, "c.deck_id = :deck")
	}
	if f.Topic != "" {
		conds = append(conds, "c.topic = :topic COLLATE NOCASE")
	}
	if len(conds) == 0 {
		return "1"
	}
	return strings.Join(conds, " AND ")
}

// logFilter returns a join and conditions that narrow revlog r to the cards
// of f. Without a filter there is no join, so the rows of pruned cards
// still count.
func logFilter(f Filter) (join, where string) {
	if f.Deck == "" && f.Topic == "" {
		return "", "1"
	}
	return " JOIN cards c ON c.id = r.card_id", cardFilter(f)
}

// live is true for a revlog row r that no undo row cancels.
const live = `NOT EXISTS (SELECT 1 FROM revlog u WHERE u.undoes = r.seq)`

// answerKinds are the rows the heatmap, the streak and retention count:
// scheduling answers, and past answers brought in from Anki (history). It
// is the condition of the revlog_answer_day index, word for word.
const answerKinds = `r.kind IN ('review', 'history')`

// liveFrom returns FROM clauses for sums over the scheduling answers that
// count: sums over every row that matches, then minus sums over the
// cancelled ones, found from the few undo rows through revlog_undoes. That
// is far cheaper on a big log than testing every row for an undo (live).
// CROSS JOIN keeps the undo rows outermost: left to itself, the planner
// walks the day range and probes revlog_undoes for every row.
//
// Under a filter, the rows are read card by card (CROSS JOIN fixes the
// order: the filter's cards, then each card's rows through revlog_card),
// which reads only that part of the log; left to itself the planner may walk
// the whole day range and look up every row's card.
func liveFrom(f Filter) (all, cancelled string) {
	join, where := logFilter(f)
	all = "FROM revlog r WHERE " + answerKinds + " AND " + where
	if join != "" {
		all = "FROM cards c CROSS JOIN revlog r ON r.card_id = c.id WHERE " + answerKinds + " AND " + where
	}
	cancelled = "FROM revlog u CROSS JOIN revlog r ON r.seq = u.undoes" + join +
		" WHERE u.undoes IS NOT NULL AND " + answerKinds + " AND " + where
	return all, cancelled
}

// countCols computes CardCounts over cards c.
const countCols = `count(*),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due IS NULL),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due IS NOT NULL AND c.reps = 0),
	count(*) FILTER (WHERE c.suspended = 0 AND c.reps >= 1 AND c.interval < :mature),
	count(*) FILTER (WHERE c.suspended = 0 AND c.reps >= 1 AND c.interval >= :mature),
	count(*) FILTER (WHERE c.suspended = 1),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due <= :today AND (c.buried_until IS NULL OR c.buried_until <= :today)),
	count(*) FILTER (WHERE c.suspended = 0 AND c.due = :tomorrow AND (c.buried_until IS NULL OR c.buried_until <= :tomorrow))`

// readinessScore sums min(interval, 21) over the passed cards (SM-2).
const readinessScore = `coalesce(sum(min(c.interval, :mature)) FILTER (WHERE c.suspended = 0 AND c.reps >= 1), 0)`

// readinessScoreFSRS sums each answered card's retrievability today.
const readinessScoreFSRS = `coalesce(sum(pow(1 + :factor * max(julianday(:today) - julianday(c.due) + c.interval, 0) / c.stability, :decay))
	FILTER (WHERE c.suspended = 0 AND c.due IS NOT NULL AND c.stability > 0), 0)`

// topicCounts counts cards per topic, in deck order and then the file order
// of each topic's first card. It reads only the covering index cards_topics
// (0010_topics.sql), in the order of its GROUP BY: one narrow entry a card,
// no table row, no sort but that of the topics themselves. A topic id
// stands for one (deck, topic), so the deck and topic of any of its cards
// are the group's.
func topicCounts(ctx context.Context, db statsDB, day srs.Day, f Filter, set SchedulerSettings) ([]TopicCounts, error) {
	// score / (norm × active cards) is the readiness.
	score, norm := readinessScore, float64(srs.MatureInterval)
	var extra []any
	if set.Algorithm == "fsrs" {
		// FSRS-6's forgetting curve R(t) = (1 + factor·t/S)^decay, with t the
		// days since the last scheduling answer (due − interval).
		decay := -set.Weights[20]
		score, norm = readinessScoreFSRS, 1
		extra = append(extra, sql.Named("decay", decay), sql.Named("factor", math.Pow(0.9, 1/decay)-1))
	}
	rows, err := db.QueryContext(ctx, `SELECT c.deck_id, c.topic, `+countCols+`, `+score+`
		FROM cards c INDEXED BY cards_topics
		WHERE c.orphaned = 0 AND `+cardFilter(f)+`
		GROUP BY c.topic_id
		ORDER BY min(c.deck_ord), min(c.ord)`, args(day, f, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("count cards per topic: %w", err)
	}
	defer rows.Close()
	out := []TopicCounts{}
	for rows.Next() {
		var t TopicCounts
		var score float64
		c := &t.CardCounts
		if err := rows.Scan(&t.Deck, &t.Topic, &c.Total, &c.New, &c.Learning, &c.Young, &c.Mature, &c.Suspended,
			&c.DueToday, &c.DueTomorrow, &score); err != nil {
			return nil, fmt.Errorf("count cards per topic: %w", err)
		}
		t.Seen = t.Learning + t.Young + t.Mature
		if active := t.Total - t.Suspended; active > 0 {
			t.Readiness = math.Round(score*1000/(norm*float64(active))) / 10
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// deckCounts lists the decks in deck order with their counts: the sums of
// their topics' counts (topics partition a deck's cards). A deck with no
// cards is listed with zeros, except under a topic filter.
func deckCounts(ctx context.Context, db statsDB, f Filter, topics []TopicCounts) ([]DeckCounts, error) {
	where := "1"
	if f.Deck != "" {
		where = "d.id = :deck"
	}
	rows, err := db.QueryContext(ctx, "SELECT d.id, d.name FROM decks d WHERE "+where+" ORDER BY d.ord", args(0, f)...)
	if err != nil {
		return nil, fmt.Errorf("list decks: %w", err)
	}
	defer rows.Close()
	sums := map[string]*CardCounts{}
	for i := range topics {
		t := &topics[i]
		c := sums[t.Deck]
		if c == nil {
			c = &CardCounts{}
			sums[t.Deck] = c
		}
		c.add(t.Counts)
		c.DueToday += t.DueToday
		c.DueTomorrow += t.DueTomorrow
	}
	out := []DeckCounts{}
	for rows.Next() {
		var d DeckCounts
		if err := rows.Scan(&d.ID, &d.Name); err != nil {
			return nil, fmt.Errorf("list decks: %w", err)
		}
		if c := sums[d.ID]; c != nil {
			d.CardCounts = *c
		} else if f.Topic != "" {
			continue
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// today reads the figures of day from the log.
func today(ctx context.Context, db statsDB, day srs.Day, f Filter) (Today, error) {
	var t Today
	join, where := logFilter(f)
	err := db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE x.kind = 'review' AND NOT x.cancelled),
		count(DISTINCT x.card_id) FILTER (WHERE x.kind = 'review' AND x.due_before IS NULL AND NOT x.cancelled),
		count(*) FILTER (WHERE x.kind = 'review' AND x.grade < :pass AND NOT x.cancelled),
		coalesce(sum(x.duration_ms) FILTER (WHERE x.kind = 'review' AND NOT x.cancelled), 0),
		count(*) FILTER (WHERE x.kind = 'redrill' AND NOT x.cancelled),
		count(*) FILTER (WHERE x.kind = 'cram' AND NOT x.cancelled),
		count(*) FILTER (WHERE x.cancelled)
		FROM (SELECT r.kind, r.card_id, r.due_before, r.grade, r.duration_ms, NOT `+live+` AS cancelled
			FROM revlog r`+join+`
			WHERE r.day = :today AND r.kind IN ('review', 'redrill', 'cram') AND `+where+`) x`,
		args(day, f)...).Scan(&t.Reviews, &t.New, &t.Again, &t.TimeMS, &t.Redrills, &t.Cram, &t.Undone)
	if err != nil {
		return t, fmt.Errorf("count today's answers: %w", err)
	}
	t.AgainRate = rate(t.Again, t.Reviews)
	return t, nil
}

// rate is n/of to 4 decimals, or nil when of is 0.
func rate(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	r := math.Round(float64(n)*10000/float64(of)) / 10000
	return &r
}

// streakBack counts the consecutive days with at least one scheduling
// answer that end on start (0 when start has none). Each step is one index
// probe that stops at the first answer that counts. Stats reads the last
// year from answersByDay and asks this only for a streak longer than that.
func streakBack(ctx context.Context, db statsDB, start srs.Day, f Filter) (int, error) {
	join, where := logFilter(f)
	exists := func(d string) string {
		return `EXISTS (SELECT 1 FROM revlog r` + join + ` WHERE r.day = ` + d +
			` AND ` + answerKinds + ` AND ` + live + ` AND ` + where + `)`
	}
	query := `WITH RECURSIVE s(d) AS (
			SELECT :start WHERE ` + exists(":start") + `
			UNION ALL
			SELECT date(s.d, '-1 day') FROM s WHERE ` + exists("date(s.d, '-1 day')") + `
		) SELECT count(*) FROM s`
	var n int
	if err := db.QueryRowContext(ctx, query, args(start, f, sql.Named("start", start.String()))...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the streak: %w", err)
	}
	return n, nil
}
