-- 0007: schedules and review history brought in from Anki packages.
--
-- lapses_after: on a baseline row, the card's lapses after it (replay
--   starts from the baseline's *_after state, lapses included); NULL on
--   other rows, whose lapses replay counts itself.
-- anki_id: on a history row, the id of the Anki revlog row it copies (the
--   instant of that answer, in milliseconds), so that importing a newer
--   export of the same collection adds only the answers not yet in the log.
ALTER TABLE revlog ADD COLUMN lapses_after INTEGER;
ALTER TABLE revlog ADD COLUMN anki_id INTEGER;
CREATE INDEX revlog_anki ON revlog (card_id, anki_id) WHERE anki_id IS NOT NULL;
-- Stats count past Anki answers (history rows) with the scheduling answers:
-- the same covering index as revlog_review_day, over both kinds. The stats
-- queries say `kind IN ('review', 'history')`, word for word, to use it.
CREATE INDEX revlog_answer_day ON revlog (day, interval_before, grade, due_before, kind)
	WHERE kind IN ('review', 'history');
