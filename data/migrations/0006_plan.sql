-- 0006: an interview date (aipm plan).
--
-- plan: one row per plan set. The plan in force on a day is the latest row
-- not cleared whose interview is on or after that day; a row whose
-- interview has passed is a past interview (stats keeps a line for it).
--   interview:   the interview day D (YYYY-MM-DD)
--   company:     the company, '' when none
--   decks:       the plan's deck ids, comma separated; '' means every deck
--   intro_by:    every plan card is introduced by D - intro_by
--   window_days: the final window is D - window_days .. D - 1
--   set_on:      the user day the plan was set; a short runway shortens the
--                window to the days after it
--   cleared_on:  the day `aipm plan --clear` ended it; NULL otherwise
CREATE TABLE plan (
	id          INTEGER PRIMARY KEY,
	interview   TEXT NOT NULL,
	company     TEXT NOT NULL DEFAULT '',
	decks       TEXT NOT NULL DEFAULT '',
	intro_by    INTEGER NOT NULL CHECK (intro_by >= 0),
	window_days INTEGER NOT NULL CHECK (window_days >= 0),
	set_on      TEXT NOT NULL,
	cleared_on  TEXT,
	at          TEXT NOT NULL
);

-- On a scheduling answer that the plan moved: planned_due is the due day
-- the plan set in place of the scheduler's, plan_reason says why. Both are
-- NULL when the plan changed nothing. Replay, doctor and a scheduler switch
-- keep planned_due rather than recomputing it.
ALTER TABLE revlog ADD COLUMN planned_due TEXT;
ALTER TABLE revlog ADD COLUMN plan_reason TEXT;
