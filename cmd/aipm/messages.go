package main

import "fmt"

// The messages that carry a count, each written with its plural right
// ("1 card agrees", "2 cards agree"). messageCatalogue (messages_test.go)
// lists them for the test that reads every one at 1 and 2.

func msgAllWell(cards, rows int, integrity bool) string {
	s := fmt.Sprintf("All well: %s with %s", agree(cards, "agrees", "agree"), plural(rows, "review-log row"))
	if integrity {
		s += ", and the file passes SQLite's integrity check"
	}
	return s + "."
}

func msgFixed(n int) string {
	return fmt.Sprintf("Fixed: rebuilt the state of %s from the review log.", plural(n, "card"))
}

func msgUnfixable(n int) string {
	return fmt.Sprintf("%s that --fix cannot repair (see above)", plural(n, "problem"))
}

func msgStillDisagree(n int) string {
	return agree(n, "still disagrees", "still disagree") + " with the review log after --fix"
}

func msgDisagree(n int) string {
	return agree(n, "disagrees", "disagree") + " with the review log (see above)"
}

func msgFixHint(n int) string {
	if n == 1 {
		return "run `aipm doctor --fix` to rebuild its state from the log"
	}
	return "run `aipm doctor --fix` to rebuild their states from the log"
}

func msgImported(n int, seconds float64) string {
	return fmt.Sprintf("%s imported in %.1fs", plural(n, "card"), seconds)
}

func msgRestored(file string, cards int, db, kept string) string {
	return fmt.Sprintf("Restored %s (%s) to %s; %s.", file, plural(cards, "card"), db, kept)
}

func msgBackedUp(db, dst string, cards, rows int) string {
	return fmt.Sprintf("Backed up %s to %s (%s, %s).", db, dst, plural(cards, "card"), plural(rows, "review-log row"))
}

func msgDailyLimit(reviews, limit int) string {
	return fmt.Sprintf("Daily limit reached: %s today (limit %d). More cards are due; raise --limit to go on.", plural(reviews, "review"), limit)
}

func msgWaits(id, cmd string, mine, ahead, perDay int) string {
	verb := "wait"
	if mine == 1 {
		verb = "waits"
	}
	return fmt.Sprintf("Start %s: `%s`. Its %s %s behind %s of other decks: `aipm review` takes %d new a day, shared by all decks, deck by deck (new_order: mix takes them in turn).",
		id, cmd, plural(mine, "new card"), verb, plural(ahead, "new card"), perDay)
}

func msgNewDecks(n int) string {
	return fmt.Sprintf("%s got new cards; start one with `aipm review --deck ID` (`aipm decks` lists the ids)", plural(n, "deck"))
}
