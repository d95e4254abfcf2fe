package main

import (
	"github.com/aipmhq/aipm/cmd/aipm/render"
	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
)

// Card text on a screen is markdown rendered for the terminal (package
// render); --json and export keep the stored source.

// frontText renders a card's front at width columns (0: no wrapping).
func frontText(c data.Card, width int, sty style) string {
	return render.Render(c.Front, width, sty.on)
}

// backText renders a card's back, the answer of a cloze highlighted.
func backText(c data.Card, width int, sty style) string {
	back := c.Back
	if c.Kind == deck.Cloze {
		if m, ok := deck.ClozeAnswer(c.Source, c.Front, c.Group, render.Mark); ok {
			back = m
		}
	}
	return render.Render(back, width, sty.on)
}

// lineText renders card text as one plain line, for a table cell or a
// list entry.
func lineText(s string) string { return render.Inline(s) }
