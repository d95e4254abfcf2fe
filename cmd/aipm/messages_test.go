package main

import (
	"regexp"
	"sort"
	"testing"
)

// TestMessageCatalogue walks every message with a count at 1 and 2: each
// reads as written here, and none says "1 cards" or "2 card".
func TestMessageCatalogue(t *testing.T) {
	want := map[string][2]string{
		"all well": {"All well: 1 card agrees with 1 review-log row, and the file passes SQLite's integrity check.",
			"All well: 2 cards agree with 2 review-log rows, and the file passes SQLite's integrity check."},
		"fixed": {"Fixed: rebuilt the state of 1 card from the review log.",
			"Fixed: rebuilt the state of 2 cards from the review log."},
		"unfixable":      {"1 problem that --fix cannot repair (see above)", "2 problems that --fix cannot repair (see above)"},
		"still disagree": {"1 card still disagrees with the review log after --fix", "2 cards still disagree with the review log after --fix"},
		"disagree":       {"1 card disagrees with the review log (see above)", "2 cards disagree with the review log (see above)"},
		"fix hint":       {"run `aipm doctor --fix` to rebuild its state from the log", "run `aipm doctor --fix` to rebuild their states from the log"},
		"imported":       {"1 card imported in 1.5s", "2 cards imported in 1.5s"},
		"restored":       {"Restored b.db (1 card) to a.db; kept.", "Restored b.db (2 cards) to a.db; kept."},
		"backed up":      {"Backed up a.db to b.db (1 card, 1 review-log row).", "Backed up a.db to b.db (2 cards, 2 review-log rows)."},
		"daily limit": {"Daily limit reached: 1 review today (limit 200). More cards are due; raise --limit to go on.",
			"Daily limit reached: 2 reviews today (limit 200). More cards are due; raise --limit to go on."},
		"waits": {"Start vim: `aipm review --deck vim`. Its 1 new card waits behind 1 new card of other decks: `aipm review` takes 20 new a day, shared by all decks, deck by deck (new_order: mix takes them in turn).",
			"Start vim: `aipm review --deck vim`. Its 2 new cards wait behind 2 new cards of other decks: `aipm review` takes 20 new a day, shared by all decks, deck by deck (new_order: mix takes them in turn)."},
		"new decks": {"1 deck got new cards; start one with `aipm review --deck ID` (`aipm decks` lists the ids)",
			"2 decks got new cards; start one with `aipm review --deck ID` (`aipm decks` lists the ids)"},
		"scheduler":       {"1 card: 1 card gets a new due day", "2 cards: 2 cards get a new due day"},
		"session":         {"1 card drilled, 1 answer", "2 cards drilled, 2 answers"},
		"queued":          {"1 card still queued for today", "2 cards still queued for today"},
		"all done":        {"1 new card seen", "2 new cards seen"},
		"stats today":     {"1 review · streak 1 day", "2 reviews · streak 2 days"},
		"stats study":     {"1 of 1 card new", "2 of 2 cards new"},
		"stats more":      {"1 topic more", "2 topics more"},
		"skipped files":   {"1 file with errors; fix it", "2 files with errors; fix them"},
		"orphaned":        {"1 orphaned card out of review", "2 orphaned cards out of review"},
		"restored orphan": {"1 added card back from orphaned", "2 added cards back from orphaned"},
	}
	names := make([]string, 0, len(messageCatalogue))
	for name := range messageCatalogue {
		names = append(names, name)
	}
	sort.Strings(names)
	oneMany := regexp.MustCompile(`\b1 (cards|reviews|rows|problems|answers|decks|days|topics|files)\b`)
	twoOne := regexp.MustCompile(`\b2 (card|review|row|problem|answer|deck|day|topic|file)([^-a-z]|$)`)
	for _, name := range names {
		w, ok := want[name]
		if !ok {
			t.Errorf("message %q has no expected text here", name)
			continue
		}
		for i, n := range []int{1, 2} {
			got := messageCatalogue[name](n)
			if got != w[i] {
				t.Errorf("%s at %d:\n got  %q\n want %q", name, n, got, w[i])
			}
			if oneMany.MatchString(got) || twoOne.MatchString(got) {
				t.Errorf("%s at %d has a wrong plural: %q", name, n, got)
			}
		}
	}
	if len(want) != len(messageCatalogue) {
		t.Errorf("%d expectations for %d messages", len(want), len(messageCatalogue))
	}
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
