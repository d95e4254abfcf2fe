// Command aggregates is the floor for `aipm stats`: three core aggregates
// run bare through modernc on a plain cards/revlog database.
//
//	aggregates -build -from fixture.db -db plain.db   # copy the rows into plain tables
//	aggregates -db plain.db -day 2026-12-01           # run the three queries
//
// The plain database holds only the columns the queries read, with one
// index each for the day and the due date:
//   - reviews per day over the last 365 days;
//   - 30-day retention on mature cards (interval of 21 days or more);
//   - due cards per day for the next 30 days.
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	build := flag.Bool("build", false, "build the plain database from -from")
	from := flag.String("from", "", "aipm database to copy the rows from (with -build)")
	path := flag.String("db", "", "the plain database `file`")
	day := flag.String("day", "2026-12-01", "today (YYYY-MM-DD)")
	flag.Parse()
	if *path == "" || (*build && *from == "") {
		fmt.Fprintln(os.Stderr, "usage: aggregates [-build -from AIPM.db] -db PLAIN.db [-day YYYY-MM-DD]")
		os.Exit(2)
	}
	var err error
	if *build {
		err = buildPlain(*from, *path)
	} else {
		err = run(*path, *day)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "aggregates:", err)
		os.Exit(1)
	}
}

func open(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
}

func buildPlain(from, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists", path)
	}
	db, err := open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // ATTACH is per connection
	for _, q := range []string{
		"ATTACH DATABASE '" + from + "' AS f",
		`CREATE TABLE cards (id TEXT NOT NULL UNIQUE, reps INTEGER NOT NULL, interval INTEGER NOT NULL,
			ef INTEGER NOT NULL, due TEXT, suspended INTEGER NOT NULL)`,
		`CREATE TABLE revlog (seq INTEGER PRIMARY KEY, card_id TEXT NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL,
			grade INTEGER, interval_before INTEGER NOT NULL)`,
		"INSERT INTO cards SELECT id, reps, interval, ef, due, suspended FROM f.cards",
		"INSERT INTO revlog SELECT seq, card_id, kind, day, grade, interval_before FROM f.revlog",
		"CREATE INDEX revlog_day ON revlog (day, kind)",
		"CREATE INDEX cards_due ON cards (due) WHERE due IS NOT NULL",
		"DETACH DATABASE f",
		"PRAGMA wal_checkpoint(TRUNCATE)",
	} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%.60s: %w", q, err)
		}
	}
	return nil
}

func run(path, today string) error {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return err
	}
	d := func(n int) string { return t.AddDate(0, 0, n).Format(time.DateOnly) }
	db, err := open(path)
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.Query(`SELECT day, count(*) FROM revlog
		WHERE day > ? AND day <= ? AND kind IN ('review', 'redrill') GROUP BY day`, d(-365), today)
	if err != nil {
		return err
	}
	days, answers := 0, 0
	for rows.Next() {
		var day string
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return err
		}
		days++
		answers += n
	}
	if err := rows.Err(); err != nil {
		return err
	}

	var pass, all int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE grade >= 3), count(*) FROM revlog
		WHERE day > ? AND day <= ? AND kind = 'review' AND interval_before >= 21`, d(-30), today).Scan(&pass, &all); err != nil {
		return err
	}

	rows, err = db.Query(`SELECT due, count(*) FROM cards
		WHERE due IS NOT NULL AND due > ? AND due <= ? AND suspended = 0 GROUP BY due`, today, d(30))
	if err != nil {
		return err
	}
	dueDays, due := 0, 0
	for rows.Next() {
		var day string
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return err
		}
		dueDays++
		due += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	fmt.Printf("reviews: %d on %d days; mature retention: %d/%d; due next 30 days: %d on %d days\n",
		answers, days, pass, all, due, dueDays)
	return nil
}
