-- 0002: matching keys keep case ("i" and "I" are two cards). A key is a
-- hash computed in Go, so this step's work is Go code run right after this
-- file, in the same transaction: rekeyCards in data/migrate_keys.go gives
-- every stored card the key of its stored text under the new rule. Cloze
-- cards keep their ids; their group identities are read from the stored
-- text on import, so no column is needed for them.
SELECT 1;
