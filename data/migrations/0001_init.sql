-- 0001: decks, cards, the append-only review log, and a small meta table.
-- Released steps are never edited; later changes are new numbered files.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- A deck is one imported file (or one deck column value of an Anki file).
-- ord is the deck order: the order in which decks were first installed or
-- imported, built-in decks first.
CREATE TABLE decks (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	file       TEXT NOT NULL,
	builtin    INTEGER NOT NULL DEFAULT 0,
	ord        INTEGER NOT NULL,
	created_at TEXT NOT NULL
) WITHOUT ROWID;

-- A card. id is stable for life and is what the review log refers to; key is
-- the matching key of its current text and may change on re-import.
-- Scheduling state: reps, interval (days), ef (hundredths: 250 = 2.50), due
-- (YYYY-MM-DD user day, NULL while the card is new), lapses.
CREATE TABLE cards (
	id           TEXT NOT NULL UNIQUE,
	deck_id      TEXT NOT NULL REFERENCES decks(id),
	deck_ord     INTEGER NOT NULL,
	ord          INTEGER NOT NULL,
	key          TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('basic', 'reverse', 'cloze')),
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
	orphaned     INTEGER NOT NULL DEFAULT 0
);
-- A deck's cards in file order (import reads them with WHERE deck_id = ?
-- ORDER BY ord). Keyed by ord, not by the hashed key, so that an import
-- appends to it instead of inserting at random places.
CREATE INDEX cards_deck_ord ON cards (deck_id, ord);
-- The review queue: due cards by due day, then deck order, then file order;
-- new cards in deck order, then file order. Both indexes hold only the cards
-- that can be reviewed (not suspended, not orphaned), and carry every column
-- the queue queries read (buried_until, deck_id, id), so that choosing the
-- next cards never reads the wide card rows: with 100,000 cards, reading
-- them cost one page per candidate (Due: 2.3 ms of 3 ms in the profile).
-- Queries must say `suspended = 0 AND orphaned = 0` to use them.
-- line tells the siblings of a note (an R: pair, a cloze's groups) apart.
CREATE INDEX cards_due ON cards (due, deck_ord, ord, buried_until, deck_id, id, line)
	WHERE due IS NOT NULL AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_new ON cards (deck_ord, ord, buried_until, deck_id, id, line)
	WHERE due IS NULL AND suspended = 0 AND orphaned = 0;
-- The hardest cards and the leeches of `aipm stats`, already in the order the
-- lists show them, so that each list reads its first rows instead of sorting
-- every card (with 100,000 cards: 150 ms and 45 ms of a 600 ms stats in the
-- profile). Their conditions are the stats queries' own, word for word.
CREATE INDEX cards_hardest ON cards (ef, lapses DESC, deck_ord, ord)
	WHERE due IS NOT NULL AND ef < 250 AND suspended = 0 AND orphaned = 0;
CREATE INDEX cards_leeches ON cards (lapses DESC, ef, deck_ord, ord)
	WHERE lapses > 0 AND suspended = 0 AND orphaned = 0;

-- The review log: append-only. One row per event, in seq order.
--   kind:     review (a scheduling answer), redrill (a later answer the same
--             day), cram, undo, suspend, unsuspend, bury, unbury, prune
--   at:       the instant of the event (UTC, RFC 3339 with nanoseconds)
--   shown_at: the instant the card was shown (answers only)
--   day:      the user's day of the event (YYYY-MM-DD), what stats group by
--   grade:    0-5 for review, redrill and cram; NULL otherwise
--   *_before, *_after: the card's scheduling state around the event; due is
--             NULL for a new card
--   duration_ms: answer time from the monotonic clock, capped at 60 000
--   undoes:   for an undo row, the seq of the row it cancels
-- card_id has no foreign key: pruning deletes a card but keeps its rows.
CREATE TABLE revlog (
	seq             INTEGER PRIMARY KEY,
	card_id         TEXT NOT NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('review', 'redrill', 'cram', 'undo',
	                    'suspend', 'unsuspend', 'bury', 'unbury', 'prune')),
	at              TEXT NOT NULL,
	shown_at        TEXT,
	day             TEXT NOT NULL,
	grade           INTEGER CHECK (grade BETWEEN 0 AND 5),
	reps_before     INTEGER NOT NULL,
	interval_before INTEGER NOT NULL,
	ef_before       INTEGER NOT NULL,
	due_before      TEXT,
	reps_after      INTEGER NOT NULL,
	interval_after  INTEGER NOT NULL,
	ef_after        INTEGER NOT NULL,
	due_after       TEXT,
	duration_ms     INTEGER NOT NULL DEFAULT 0,
	undoes          INTEGER REFERENCES revlog (seq)
);
CREATE INDEX revlog_card ON revlog (card_id, seq);
CREATE INDEX revlog_day ON revlog (day, kind);
-- Stats: scheduling answers by day, covering the heatmap, streak and
-- retention queries (kind is listed so that SQLite sees it covered).
CREATE INDEX revlog_review_day ON revlog (day, interval_before, grade, due_before, kind) WHERE kind = 'review';
CREATE UNIQUE INDEX revlog_undoes ON revlog (undoes) WHERE undoes IS NOT NULL;
