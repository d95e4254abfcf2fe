-- 0003: one scheduling engine, two algorithms.
--
-- scheduler: the collection's scheduler settings, one row per change; the
-- row with the highest id is in force. algorithm is sm2 or fsrs; retention
-- is FSRS's desired retention; weights are FSRS-6's 21 weights, comma
-- separated. SM-2 ignores both, but they are kept so that a switch back to
-- FSRS finds them.
CREATE TABLE scheduler (
	id        INTEGER PRIMARY KEY,
	algorithm TEXT NOT NULL CHECK (algorithm IN ('sm2', 'fsrs')),
	retention REAL NOT NULL,
	weights   TEXT NOT NULL,
	at        TEXT
);
INSERT INTO scheduler (id, algorithm, retention, weights) VALUES (1, 'sm2', 0.9,
	'0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.001,1.8722,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,0.0658,0.1542');

-- FSRS-6 memory state of a card: stability in days and difficulty 1-10,
-- both 0 for a card FSRS has not scheduled.
ALTER TABLE cards ADD COLUMN stability REAL NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN difficulty REAL NOT NULL DEFAULT 0;

-- The same around every log row, and what a replay needs to give the same
-- state: max_interval is the interval cap in force for a scheduling answer
-- (0: none), scheduler the settings row in force. Both are NULL on rows
-- written before this step; replay then takes the logged interval as the
-- cap where it is shorter than the step's (the cap of that day).
ALTER TABLE revlog ADD COLUMN stability_before REAL NOT NULL DEFAULT 0;
ALTER TABLE revlog ADD COLUMN difficulty_before REAL NOT NULL DEFAULT 0;
ALTER TABLE revlog ADD COLUMN stability_after REAL NOT NULL DEFAULT 0;
ALTER TABLE revlog ADD COLUMN difficulty_after REAL NOT NULL DEFAULT 0;
ALTER TABLE revlog ADD COLUMN max_interval INTEGER;
ALTER TABLE revlog ADD COLUMN scheduler INTEGER REFERENCES scheduler (id);

-- The hardest cards under FSRS: highest difficulty first.
CREATE INDEX cards_hardest_fsrs ON cards (difficulty DESC, lapses DESC, deck_ord, ord)
	WHERE due IS NOT NULL AND suspended = 0 AND orphaned = 0;
