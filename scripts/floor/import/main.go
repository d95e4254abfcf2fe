// Command import is the floor for `aipm import`: it parses one deck file
// with aipm's parser and bulk-inserts its cards into a fresh SQLite file
// with one prepared statement in one transaction, through modernc, with the
// same connection pragmas as aipm. It keeps no history, matches nothing and
// builds no index but the card id's.
//
//	go run ./scripts/floor/import -db /tmp/floor.db deck.md
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"

	"github.com/aipmhq/aipm/deck"
	_ "modernc.org/sqlite"
)

func main() {
	db := flag.String("db", "", "database `file` to create")
	flag.Parse()
	if *db == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: import -db FILE DECK.md")
		os.Exit(2)
	}
	n, err := run(*db, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "import:", err)
		os.Exit(1)
	}
	fmt.Printf("inserted %d cards\n", n)
}

func run(path, file string) (int, error) {
	decks, err := deck.ParseFile(file)
	if err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE cards (id TEXT NOT NULL UNIQUE, deck_id TEXT NOT NULL, ord INTEGER NOT NULL,
		kind TEXT NOT NULL, grp INTEGER NOT NULL, topic TEXT NOT NULL, front TEXT NOT NULL, back TEXT NOT NULL,
		source TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL)`); err != nil {
		return 0, err
	}
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range decks {
		for i, c := range d.Cards {
			if _, err := ins.Exec(c.Key, d.ID, i, string(c.Kind), c.Group, c.Topic, c.Front, c.Back, c.Source, d.File, c.Line); err != nil {
				return 0, err
			}
			n++
		}
	}
	if err := ins.Close(); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}
