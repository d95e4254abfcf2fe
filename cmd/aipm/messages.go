package main

import "fmt"

// The messages that carry a count, each written with its plural right
// ("1 card agrees", "2 cards agree"). messageCatalogue lists them for the
// test that reads every one at 1 and 2.

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

// messageCatalogue is every message above with its counts set to n.
var messageCatalogue = map[string]func(n int) string{
	"all well":        func(n int) string { return msgAllWell(n, n, true) },
	"fixed":           msgFixed,
	"unfixable":       msgUnfixable,
	"still disagree":  msgStillDisagree,
	"disagree":        msgDisagree,
	"fix hint":        msgFixHint,
	"imported":        func(n int) string { return msgImported(n, 1.5) },
	"restored":        func(n int) string { return msgRestored("b.db", n, "a.db", "kept") },
	"backed up":       func(n int) string { return msgBackedUp("a.db", "b.db", n, n) },
	"daily limit":     func(n int) string { return msgDailyLimit(n, 200) },
	"waits":           func(n int) string { return msgWaits("vim", "aipm review --deck vim", n, n, 20) },
	"new decks":       msgNewDecks,
	"scheduler":       func(n int) string { return plural(n, "card") + ": " + agree(n, "gets", "get") + " a new due day" },
	"session":         func(n int) string { return plural(n, "card") + " drilled, " + plural(n, "answer") },
	"queued":          func(n int) string { return plural(n, "card") + " still queued for today" },
	"all done":        func(n int) string { return plural(n, "new card") + " seen" },
	"stats today":     func(n int) string { return plural(n, "review") + " · streak " + plural(n, "day") },
	"stats study":     func(n int) string { return ofCards(n, n) + " new" },
	"stats more":      func(n int) string { return plural(n, "topic") + " more" },
	"skipped files":   func(n int) string { return plural(n, "file") + " with errors; fix " + itThem(n) },
	"orphaned":        func(n int) string { return plural(n, "orphaned card") + " out of review" },
	"restored orphan": func(n int) string { return plural(n, "added card") + " back from orphaned" },
}
