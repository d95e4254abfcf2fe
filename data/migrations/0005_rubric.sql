-- 0005: rubric cards and mock interviews.
--
-- cards.round:      a rubric card's interview round ('' for other kinds)
-- cards.key_points: a rubric card's key points, a JSON list of strings
--                   ('' for other kinds); cards.back is its model answer
-- revlog.points_hit:   on an answer to a rubric card, the numbers (1-based,
--                      ascending) of the key points ticked, a JSON list
-- revlog.points_total: how many key points the card had then
-- revlog.answer_text:  the answer typed with --type (NULL when spoken)
-- revlog.mock:         the mock interview a 'mock' row belongs to
-- mocks:               one row per mock interview: its company, settings
--                      and the instant and day it started
ALTER TABLE cards ADD COLUMN round TEXT NOT NULL DEFAULT '';
ALTER TABLE cards ADD COLUMN key_points TEXT NOT NULL DEFAULT '';
-- The rubric cards, for stats and the mock's draw, without reading them all.
CREATE INDEX cards_rubric ON cards (deck_ord, ord) WHERE kind = 'rubric' AND orphaned = 0;
CREATE TABLE mocks (
	id         INTEGER PRIMARY KEY,
	company    TEXT NOT NULL,
	at         TEXT NOT NULL,
	day        TEXT NOT NULL,
	minutes    INTEGER NOT NULL,
	per_answer INTEGER NOT NULL,
	seed       INTEGER NOT NULL
);
ALTER TABLE revlog ADD COLUMN points_hit TEXT;
ALTER TABLE revlog ADD COLUMN points_total INTEGER;
ALTER TABLE revlog ADD COLUMN answer_text TEXT;
ALTER TABLE revlog ADD COLUMN mock INTEGER REFERENCES mocks (id);
CREATE INDEX revlog_mock ON revlog (mock) WHERE mock IS NOT NULL;
