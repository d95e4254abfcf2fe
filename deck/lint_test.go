package deck

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

func lintOne(t *testing.T, src string) []string {
	t.Helper()
	d, err := Parse("t.md", strings.NewReader(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var got []string
	for _, w := range Lint(d) {
		got = append(got, w.String())
	}
	return got
}

func TestLint(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string // the warnings, in order
	}{
		{"two sentences pass", "## T\n\nQ: What is recall?\nA: The share of real positives found. It is TP / (TP + FN).\n", nil},
		{"three sentences", "## T\n\nQ: What is recall?\nA: The share found. It is TP / (TP + FN). Also called sensitivity.\n",
			[]string{"t.md:3: the back has 3 sentences; keep it to 2, or split the card (one cloze per item)"}},
		{"abbreviations and decimals are not sentences", "## T\n\nQ: What is it?\nA: A model, e.g. BERT vs. GPT, at 0.95 precision. See the U.S. docs, i.e. the spec.\n", nil},
		{"question and exclamation marks end sentences", "## T\n\nQ: Why?\nA: Because! Is it? Yes.\n",
			[]string{"t.md:3: the back has 3 sentences; keep it to 2, or split the card (one cloze per item)"}},
		{"reversed back", "## T\n\nR: One. Two. Three.\nA: F1 score\n",
			[]string{"t.md:3: the reversed back has 3 sentences; keep it to 2, or split the card (one cloze per item)"}},
		{"a cloze is not counted", "## T\n\nC: One. Two. Three {{four}}.\n", nil},
		{"front answered by its topic", "## The technical round\n\nQ: Which round sets an AI PM loop furthest apart?\nA: The technical round.\n",
			[]string{`t.md:3: the topic "The technical round" gives away the answer; rephrase the front or move the card`}},
		{"nested topic level", "## Loop\n\n### The safety round\n\nQ: Which round does Anthropic add?\nA: A safety round.\n",
			[]string{`t.md:5: the topic "Loop / The safety round" gives away the answer; rephrase the front or move the card`}},
		{"plural and case", "## Take-home projects\n\nQ: What do startups set?\nA: A take-home project.\n",
			[]string{`t.md:3: the topic "Take-home projects" gives away the answer; rephrase the front or move the card`}},
		{"an answer adding content passes", "## The technical round\n\nQ: What does it cover?\nA: ML concepts and evaluation.\n", nil},
		{"one of two named options passes", "## Precision and recall\n\nQ: Which metric counts misses?\nA: Recall.\n", nil},
		{"a cloze deletion in the topic", "## Shipping speed\n\nC: Startups stress {{shipping speed}} in interviews.\n",
			[]string{`t.md:3: the topic "Shipping speed" gives away the answer; rephrase the front or move the card`}},
		{"only the group's own deletion counts", "## Shipping speed\n\nC: Startups stress {{c1::shipping speed}} over {{c2::polish}}.\n",
			[]string{`t.md:3: the topic "Shipping speed" gives away the answer; rephrase the front or move the card`}},
		{"reverse card answered by topic", "## Recall\n\nR: Recall\nA: The share of real positives a model finds.\n",
			[]string{`t.md:3: the topic "Recall" gives away the answer; rephrase the front or move the card`}},
		{"a number back passes", "## Loop structure\n\nQ: How many rounds?\nA: 4 to 6.\n", nil},
	} {
		got := lintOne(t, tc.src)
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: Lint = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"No.", 1},
		{"No", 1},
		{"No. The bar is working well.", 2},
		{"Precision 0.95, recall 0.60.", 1},
		{"Google: lean into product sense.\nAnthropic: lean into safety.", 2},
		{"Product sense (35%). Technical (25%). Strategy (20%).", 3},
		{"Start with rules, e.g. a keyword list.", 1},
		{`He said "stop." Then he left.`, 2},
	} {
		if got := sentences(tc.in); got != tc.want {
			t.Errorf("sentences(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestLintBuiltin holds the built-in decks to the lint checks. The concept
// deck is rewritten for issue 14 in another branch; until that lands it
// still has two three-sentence backs (the NDCG worked examples), so only the
// lesson deck is held here. Drop the filter at the merge.
func TestLintBuiltin(t *testing.T) {
	decks, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	for _, d := range decks {
		for _, w := range Lint(d) {
			t.Errorf("lint: %s", w)
		}
	}
}

// TestBuiltinOnlyNumberedDecks: the deck notes (lessons/SOURCES.md) sit
// beside the decks but are not one.
func TestBuiltinOnlyNumberedDecks(t *testing.T) {
	if _, err := fs.Stat(Lessons(), "SOURCES.md"); err == nil {
		t.Errorf("lessons/SOURCES.md is embedded as a built-in deck file")
	}
	decks, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	for _, d := range decks {
		if base := path.Base(d.File); base == "" || base[0] < '0' || base[0] > '9' {
			t.Errorf("built-in deck %s is not a numbered lesson file", d.File)
		}
	}
}
