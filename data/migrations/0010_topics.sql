-- 0010: topics get numbers, and the per-topic counts of `aipm stats` are
-- covered by an index in the order cards are written.
--
-- topics: one row for each (deck, topic) that cards were ever written
--   with; ids are given in the order topics are first written, and never
--   change or go to another topic (a renamed deck takes its topics along).
-- cards.topic_id: the id of the card's (deck_id, topic). Written with the
--   topic by the import, the only writer of either.
-- cards_topics (replacing 0009's): the same covering columns, keyed by the
--   topic's id, so that the stats query groups by one integer and an
--   import's new cards land at the end of the index (new topics have the
--   highest ids) instead of in the middle of the topics' texts: that was
--   about 0.2 s of a 1.6 s 100k-card import (BENCHMARKS.md).
CREATE TABLE topics (
	id      INTEGER PRIMARY KEY,
	deck_id TEXT NOT NULL,
	name    TEXT NOT NULL,
	UNIQUE (deck_id, name)
);
INSERT INTO topics (deck_id, name)
	SELECT deck_id, topic FROM cards GROUP BY deck_id, topic ORDER BY min(deck_ord), min(ord), deck_id, topic;
ALTER TABLE cards ADD COLUMN topic_id INTEGER NOT NULL DEFAULT 0;
UPDATE cards SET topic_id = (SELECT t.id FROM topics t WHERE t.deck_id = cards.deck_id AND t.name = cards.topic);
DROP INDEX cards_topics;
CREATE INDEX cards_topics ON cards (topic_id, orphaned, suspended, due, reps, interval, buried_until, deck_ord, ord, stability, deck_id, topic)
	WHERE orphaned = 0;
