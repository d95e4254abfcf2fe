// Command aipm-fixture builds large, realistic aipm collections for
// benchmarks, through the data package:
//
//	aipm-fixture -cards 100000 -reviews 1000000 -db /tmp/big.db
//	aipm-fixture -cards 100000 -md /tmp/big.md   # one deck file, for aipm import
//
// The collection holds the built-in decks and generated decks of 2,000
// cards under 20 topics each, and a simulated review history of about two
// years that ends the day before -today. The card states agree with the log.
// The same -seed gives the same collection.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/srs"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, out, errw io.Writer) int {
	fs := flag.NewFlagSet("aipm-fixture", flag.ContinueOnError)
	fs.SetOutput(errw)
	cards := fs.Int("cards", 1000, "generated cards")
	reviews := fs.Int("reviews", 10000, "answers in the review history")
	db := fs.String("db", "", "database `file` to create (must not exist)")
	md := fs.String("md", "", "also write the cards as one markdown deck `file`, for aipm import")
	seed := fs.Uint64("seed", 1, "random seed")
	today := fs.String("today", "2026-12-01", "the `day` after the history (YYYY-MM-DD)")
	days := fs.Int("days", 730, "length of the history in days")
	builtin := fs.Bool("builtin", true, "install the built-in decks, as aipm does")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || (*db == "" && *md == "") || *cards < 1 || *reviews < 0 || *days < 1 {
		fmt.Fprintln(errw, "aipm-fixture: give -db FILE and/or -md FILE, -cards >= 1, -reviews >= 0 and -days >= 1")
		return 2
	}
	day, err := srs.ParseDay(*today)
	if err != nil {
		fmt.Fprintf(errw, "aipm-fixture: -today: %v\n", err)
		return 2
	}
	if err := build(context.Background(), out, opts{
		db: *db, md: *md, builtin: *builtin,
		fix: data.FixtureOptions{Cards: *cards, Reviews: *reviews, Seed: *seed, Today: day, Days: *days},
	}); err != nil {
		fmt.Fprintf(errw, "aipm-fixture: %v\n", err)
		return 1
	}
	return 0
}

type opts struct {
	db, md  string
	builtin bool
	fix     data.FixtureOptions
}

func build(ctx context.Context, out io.Writer, o opts) error {
	start := time.Now()
	if o.md != "" {
		if err := writeDeck(o.md, o.fix.Cards, o.fix.Seed); err != nil {
			return err
		}
		fmt.Fprintf(out, "wrote %s: %d cards\n", o.md, o.fix.Cards)
	}
	if o.db == "" {
		return nil
	}
	if _, err := os.Stat(o.db); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s already exists; give a new file", o.db)
	}
	st, err := data.Open(ctx, o.db, data.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if o.builtin {
		decks, err := deck.Builtin()
		if err != nil {
			return err
		}
		first := o.fix.Today.Add(-max(o.fix.Days, 1))
		if _, err := st.SyncBuiltin(ctx, decks, data.ImportOptions{At: first.Time().Add(8 * time.Hour), Day: first}); err != nil {
			return err
		}
	}
	sum, err := st.BuildFixture(ctx, o.fix)
	if err != nil {
		return err
	}
	if _, err := st.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s: %d decks, %d cards, %d answers and %d suspensions from %s to %s in %.1fs\n",
		o.db, sum.Decks, sum.Cards, sum.Reviews, sum.Suspended, sum.First, sum.Last, time.Since(start).Seconds())
	if sum.Reviews < o.fix.Reviews {
		fmt.Fprintf(out, "note: %d answers fewer than asked: the simulated user ran out of cards\n", o.fix.Reviews-sum.Reviews)
	}
	return nil
}

// writeDeck writes the generated cards as one deck file.
func writeDeck(path string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := data.WriteFixtureDeck(f, "bench", n, seed); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
