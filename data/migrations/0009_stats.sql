-- 0009: the per-topic counts of `aipm stats` (topicCounts), covered: every
-- column the query reads, in the order of its GROUP BY, so that the counts
-- stream out of this narrow index a group at a time instead of scanning the
-- wide cards table (texts and all) and sorting it. Its WHERE is the query's
-- own, word for word, so that SQLite can use it; orphaned is a column too,
-- or SQLite reads each card's row to test it (the index would not cover).
CREATE INDEX cards_topics ON cards (deck_id, topic, orphaned, suspended, due, reps, interval, buried_until, deck_ord, ord, stability)
	WHERE orphaned = 0;
