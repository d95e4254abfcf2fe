-- 0008: the scheduling answers (and the answers an Anki package brought
-- in), narrow and in log order, for the readers
-- of the whole log that FSRS's tools need (stats --calibration, optimize,
-- export --reviews): a scan of this index reads neither the re-drills nor
-- the wide rows (2.6 times faster than the table on 1.45M rows). Its
-- WHERE is theirs, word for word, so that SQLite can use it.
CREATE INDEX revlog_scheduled ON revlog (seq, card_id, kind, day, grade, max_interval)
	WHERE kind IN ('review', 'history', 'prune');
