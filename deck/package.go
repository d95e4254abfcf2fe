package deck

// The exported helpers below let readers of other formats (the Anki package
// reader in anki/) make cards by the same rules as the deck files.

// HTMLText converts an HTML field to plain text as the Anki text reader
// does: tags are dropped, <br> and block tags break lines, entities are
// decoded and runs of white space collapse.
func HTMLText(s string) string { return htmlText(s) }

// ClozeCards returns the cards of a cloze note's text, one per deletion
// group in group order, as a C: card makes them ({{cN::text::hint}} groups,
// or [text] deletions when the text has no {{). Only Kind, Front, Back,
// Source, Group and Ident are set. A text with no deletions, or with too
// many, gives an error.
func ClozeCards(src string) ([]Card, error) {
	cs, err := expandCloze(src, clozeModeOf(src))
	if err != nil {
		return nil, err
	}
	out := make([]Card, len(cs))
	for i, c := range cs {
		out[i] = Card{Kind: Cloze, Front: c.front, Back: c.back, Source: src, Group: c.group, Ident: c.ident}
	}
	return out, nil
}

// SetKeys sets the matching key of every card of d, as the parsers do.
func SetKeys(d *Deck) { setKeys(d) }
