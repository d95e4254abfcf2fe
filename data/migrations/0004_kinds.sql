-- 0004: room for the kinds of the next steps. SQLite cannot change a CHECK
-- constraint in place, so cards and revlog are rebuilt with wider lists and
-- every row is copied as it is (rowids included); their indexes are then
-- made again, word for word.
--
-- cards.kind gains rubric: an open-ended prompt with key points.
-- revlog.kind gains:
--   mock:     an answer in a mock interview; schedules nothing
--   final:    an answer in the final drill on a card that is not due;
--             schedules nothing
--   baseline: a schedule brought in from another program (an Anki package);
--             replay starts from its *_after state
--   history:  a past answer brought in from another program, before its
--             baseline; stats count it, FSRS may replay it, SM-2 does not
CREATE TABLE cards_v4 (
	id           TEXT NOT NULL UNIQUE,
	deck_id      TEXT NOT NULL REFERENCES decks(id),
	deck_ord     INTEGER NOT NULL,
	ord          INTEGER NOT NULL,
	key          TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('basic', 'reverse', 'cloze', 'rubric')),
	grp          INTEGER NOT NULL DEFAULT 0,
	topic        TEXT NOT NULL,
	front        TEXT NOT NULL,
	back         TEXT NOT NULL,
	source       TEXT NOT NULL,
	pin          TEXT NOT NULL DEFAULT '',
	file         TEXT NOT NULL,
	line         INTEGER NOT NULL,
	reps         INTEGER NOT NULL DEFAULT 0,
	interval     INTEGER NOT NULL DEFAULT 0,
	ef           INTEGER NOT NULL DEFAULT 250,
	due          TEXT,
	lapses       INTEGER NOT NULL DEFAULT 0,
	suspended    INTEGER NOT NULL DEFAULT 0,
	buried_until TEXT,
	orphaned     INTEGER NOT NULL DEFAULT 0,
	stability    REAL NOT NULL DEFAULT 0,
	difficulty   REAL NOT NULL DEFAULT 0
);
INSERT INTO cards_v4 (rowid, id, deck_id, deck_ord, ord, key, kind, grp, topic, front,
	back, source, pin, file, line, reps, interval, ef, due, lapses, suspended,
	buried_until, orphaned, stability, difficulty)
SELECT rowid, id, deck_id, deck_ord, ord, key, kind, grp, topic, front,
	back, source, pin, file, line, reps, interval, ef, due, lapses, suspended,
	buried_until, orphaned, stability, difficulty FROM cards;
DROP TABLE cards;
ALTER TABLE cards_v4 RENAME TO cards;
CREATE INDEX cards_deck_ord ON cards (deck_id, ord);
CREATE INDEX cards_due ON cards (due, deck_ord, ord, buried_until, deck_id, id, line)
	WHERE due IS NOT NULL AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_new ON cards (deck_ord, ord, buried_until, deck_id, id, line)
	WHERE due IS NULL AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_hardest ON cards (ef, lapses DESC, deck_ord, ord)
	WHERE due IS NOT NULL AND ef < 250 AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_leeches ON cards (lapses DESC, ef, deck_ord, ord)
	WHERE lapses > 0 AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_hardest_fsrs ON cards (difficulty DESC, lapses DESC, deck_ord, ord)
	WHERE due IS NOT NULL AND suspended = 0 AND orphaned = 0;

-- The new log refers to itself by its new name until the old one is gone;
-- the rename then points undoes at revlog again.
CREATE TABLE revlog_v4 (
	seq               INTEGER PRIMARY KEY,
	card_id           TEXT NOT NULL,
	kind              TEXT NOT NULL CHECK (kind IN ('review', 'redrill', 'cram', 'undo',
	                      'suspend', 'unsuspend', 'bury', 'unbury', 'prune',
	                      'mock', 'final', 'baseline', 'history')),
	at                TEXT NOT NULL,
	shown_at          TEXT,
	day               TEXT NOT NULL,
	grade             INTEGER CHECK (grade BETWEEN 0 AND 5),
	reps_before       INTEGER NOT NULL,
	interval_before   INTEGER NOT NULL,
	ef_before         INTEGER NOT NULL,
	due_before        TEXT,
	reps_after        INTEGER NOT NULL,
	interval_after    INTEGER NOT NULL,
	ef_after          INTEGER NOT NULL,
	due_after         TEXT,
	duration_ms       INTEGER NOT NULL DEFAULT 0,
	undoes            INTEGER REFERENCES revlog_v4 (seq),
	stability_before  REAL NOT NULL DEFAULT 0,
	difficulty_before REAL NOT NULL DEFAULT 0,
	stability_after   REAL NOT NULL DEFAULT 0,
	difficulty_after  REAL NOT NULL DEFAULT 0,
	max_interval      INTEGER,
	scheduler         INTEGER REFERENCES scheduler (id)
);
INSERT INTO revlog_v4 SELECT seq, card_id, kind, at, shown_at, day, grade, reps_before,
	interval_before, ef_before, due_before, reps_after, interval_after, ef_after, due_after,
	duration_ms, undoes, stability_before, difficulty_before, stability_after,
	difficulty_after, max_interval, scheduler FROM revlog;
DROP TABLE revlog;
ALTER TABLE revlog_v4 RENAME TO revlog;
CREATE INDEX revlog_card ON revlog (card_id, seq);
CREATE INDEX revlog_day ON revlog (day, kind);
CREATE INDEX revlog_review_day ON revlog (day, interval_before, grade, due_before, kind) WHERE kind = 'review';
CREATE UNIQUE INDEX revlog_undoes ON revlog (undoes) WHERE undoes IS NOT NULL;
