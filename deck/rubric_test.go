package deck

import (
	"slices"
	"strings"
	"testing"
)

const rubricDeck = `---
deck: Mock prompts
id: prompts
round: technical
---

## Evaluation

P: How would you decide whether this LLM feature is ready for production?
K: A quality bar tied to the harm of a wrong answer
K: An eval set drawn from real traffic,
edge cases included
K: A comparison with the current baseline or fallback
A: Start from the harm, then measure.

Q: A plain card
A: between the two

ID: my-safety
P: How would you red-team a support bot
before launch?
Round: safety
K: Prompt injection
K: Harmful output
`

func TestParseRubric(t *testing.T) {
	d := parseString(t, "prompts.md", rubricDeck)
	if len(d.Cards) != 3 {
		t.Fatalf("got %d cards, want 3: %+v", len(d.Cards), d.Cards)
	}
	c := d.Cards[0]
	want := []string{"A quality bar tied to the harm of a wrong answer",
		"An eval set drawn from real traffic,\nedge cases included",
		"A comparison with the current baseline or fallback"}
	if c.Kind != Rubric || c.Round != "technical" || !slices.Equal(c.KeyPoints, want) ||
		c.Front != "How would you decide whether this LLM feature is ready for production?" ||
		c.Back != "Start from the harm, then measure." || c.Source != c.Front || c.Topic != "Evaluation" || c.Line != 9 {
		t.Errorf("first card = %+v", c)
	}
	if b := d.Cards[1]; b.Kind != Basic || b.Back != "between the two" {
		t.Errorf("the Q: card after a rubric card = %+v", b)
	}
	s := d.Cards[2]
	if s.Kind != Rubric || s.Round != "safety" || s.Pin != "my-safety" || s.Back != "" ||
		s.Front != "How would you red-team a support bot\nbefore launch?" || len(s.KeyPoints) != 2 {
		t.Errorf("second rubric card = %+v", s)
	}
	if c.Key != MakeKey("prompts", Rubric, c.Front, 0) {
		t.Errorf("key %s is not the prompt's", c.Key)
	}
}

func TestParseRubricTOMLRound(t *testing.T) {
	d := parseString(t, "t.md", "---\nname = \"T\"\nround = \"strategy\"\n---\nP: Why?\nK: one\nK: two\n")
	if len(d.Cards) != 1 || d.Cards[0].Round != "strategy" {
		t.Fatalf("cards = %+v", d.Cards)
	}
}

func TestParseRubricErrors(t *testing.T) {
	nine := strings.Repeat("K: x\n", 9)
	for _, tc := range []struct{ name, src, want string }{
		{"no round", "P: Why?\nK: one\nK: two\n", "prompts.md:1: rubric card has no round; add `round: technical`"},
		{"unknown round", "P: Why?\nRound: coding\nK: one\nK: two\n", `prompts.md:2: Round: "coding" is not an interview round; use one of product-sense, technical`},
		{"unknown file round", "---\nround: coding\n---\nP: Why?\nK: a\nK: b\n", `prompts.md:1: front matter: round "coding" is not an interview round`},
		{"one point", "---\nround: safety\n---\nP: Why?\nK: one\n", "prompts.md:4: a rubric card needs 2 to 9 key points (K: lines); this one has 1"},
		{"ten points", "---\nround: safety\n---\nP: Why?\n" + nine + "K: ten\n", "this one has 10"},
		{"empty point", "---\nround: safety\n---\nP: Why?\nK: one\nK:\n", "prompts.md:6: K: with no text"},
		{"K after A", "---\nround: safety\n---\nP: Why?\nK: one\nA: model\nK: two\n", "prompts.md:7: K: after the A: of the rubric card at line 4"},
		{"empty prompt", "---\nround: safety\n---\nP:\nK: one\nK: two\n", "prompts.md:4: P: card has an empty prompt"},
		{"two rounds", "P: Why?\nRound: safety\nRound: technical\nK: a\nK: b\n", "prompts.md:3: second Round:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("prompts.md", strings.NewReader(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	// Nine is allowed.
	if d := parseString(t, "p.md", "P: Why?\nRound: safety\n"+nine); len(d.Cards[0].KeyPoints) != 9 {
		t.Errorf("nine key points: %+v", d.Cards)
	}
}

// A Round: line in a model answer is text.
func TestRoundInModelAnswerIsText(t *testing.T) {
	d := parseString(t, "r.md", "P: Why?\nRound: safety\nK: a\nK: b\nA: first\nRound: two of the loop\n")
	if len(d.Cards) != 1 || d.Cards[0].Round != "safety" || d.Cards[0].Back != "first\nRound: two of the loop" {
		t.Errorf("cards = %+v", d.Cards)
	}
	roundTrip(t, d)
}

// A K: line outside a rubric card stays text: decks written before rubric
// cards read as they did.
func TestKOutsideRubricIsText(t *testing.T) {
	d := parseString(t, "k.md", "Q: What does K: mean here?\nA: first line\nK: still the back\n")
	if len(d.Cards) != 1 || d.Cards[0].Back != "first line\nK: still the back" {
		t.Errorf("cards = %+v", d.Cards)
	}
}

func TestRenderRubricRoundTrip(t *testing.T) {
	d := parseString(t, "prompts.md", rubricDeck)
	var b strings.Builder
	if err := Render(&b, d); err != nil {
		t.Fatal(err)
	}
	back := parseString(t, "prompts.md", b.String())
	if len(back.Cards) != len(d.Cards) {
		t.Fatalf("%d cards back, want %d:\n%s", len(back.Cards), len(d.Cards), b.String())
	}
	for i, c := range d.Cards {
		g := back.Cards[i]
		if g.Kind != c.Kind || g.Front != c.Front || g.Back != c.Back || g.Round != c.Round || g.Pin != c.Pin ||
			g.Topic != c.Topic || g.Key != c.Key || !slices.Equal(g.KeyPoints, c.KeyPoints) {
			t.Errorf("card %d: got %+v, want %+v", i, g, c)
		}
	}
	if !strings.Contains(b.String(), "P: How would you decide") || !strings.Contains(b.String(), "Round: technical\nK: A quality bar") {
		t.Errorf("rendered:\n%s", b.String())
	}
	var tsv strings.Builder
	if err := RenderTSV(&tsv, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tsv.String(), "\"1. A quality bar tied to the harm of a wrong answer\n2. An eval set") {
		t.Errorf("tsv:\n%s", tsv.String())
	}
}

func TestLintSkipsRubricStyle(t *testing.T) {
	d := parseString(t, "p.md", "## Safety\n\nP: Safety?\nRound: safety\nK: Safety.\nK: More. Then more. And more.\nA: One. Two. Three. Four.\n")
	if ws := Lint(d); len(ws) != 0 {
		t.Errorf("lint = %v", ws)
	}
}
