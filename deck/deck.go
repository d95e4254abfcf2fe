package deck

import (
	"fmt"
)

// Kind says how a card was written and how it is drilled.
type Kind string

// The card kinds. A Q:/A: or `::` card is Basic; the back→front twin made by
// R:, `:::` or `??` is Reverse; every C:, `{{…}}`, `[…]` or `==…==` card is Cloze;
// a P: card with its K: key points is Rubric.
const (
	Basic   Kind = "basic"
	Reverse Kind = "reverse"
	Cloze   Kind = "cloze"
	Rubric  Kind = "rubric"
)

// String returns the kind as decks, the database and --json name it.
func (k Kind) String() string { return string(k) }

// Card is one drillable card as parsed from a deck file.
type Card struct {
	Kind  Kind
	Front string // the question as shown; for a cloze, its own deletions are "[…]" or "[hint]"
	Back  string // the answer as shown; for a cloze, the full text
	Topic string // never empty
	Line  int    // 1-based line where the card starts in File
	// Pin is the card's pinned identity: the `ID:` line above it, or an Anki
	// guid column. Empty when the card has none.
	Pin string
	// Source is the text the matching key is computed from: the source front
	// for a basic card, the forward card's source front for a reverse card,
	// and the raw cloze text (with its markers) for a cloze.
	Source string
	// Group is the cloze group (1, 2, …) of a cloze card, 0 otherwise.
	Group int
	// Ident is a cloze card's identity within its note (see ClozeIdent):
	// its explicit cN, else its deletion's text. Empty for other kinds.
	Ident string
	// Key is the matching key: hash(deck id, kind, normalised Source, group or
	// direction), with "#2", "#3" appended to repeats in file order.
	Key string
	// Round is a rubric card's interview round (one of Rounds); empty for
	// other kinds.
	Round string
	// KeyPoints are a rubric card's key points, 2 to 9 of them, in file
	// order; nil for other kinds. A rubric card's Front is its prompt, its
	// Back the optional model answer, and its Source the prompt.
	KeyPoints []string
}

// Deck is one parsed deck: a markdown file, or one deck of an Anki text file.
type Deck struct {
	ID   string // slug: front matter id, else the file's base name
	Name string // front matter, else first # H1, else the file name
	File string // the path as given to the parser
	Tags []string
	// Cards are the deck's cards; nil for a deck read lean
	// (Options.Lean), whose cards Len and Head give without their texts.
	Cards    []Card
	Warnings []Warning
	// Reread is set by a lean parse (Options.Lean), whose cards carry no
	// Front, Back or Source: it reads the file again and calls each with
	// every card in order, texts included (Head(i) whole, as a full parse
	// gives it). It fails with a *ParseError when the file
	// changed since the parse. Nil for a deck that holds its texts.
	Reread func(each func(i int, c *Card) error) error
	lean   *leanCards // a lean parse's cards (leancard.go)
}

// Warning is a problem that skips part of a file but does not stop the import.
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.File, w.Msg)
}

// ParseError is a card or file that cannot be read. It prints as
// "file:line: what is wrong".
type ParseError struct {
	File string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
