package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

// Slug lower-cases s and turns each run of characters that are not letters
// or digits into one "-", with no "-" at either end: "Lesson 1.1" is
// "lesson-1-1". It is how deck ids are made from file and deck names.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// KeyText is the normalisation a key is computed over: leading and trailing
// white space is removed and each run of white space (spaces, tabs,
// newlines, any Unicode space) becomes one space. Case is kept: "i" and "I"
// are two vim commands, so two cards. "  What IS\n\tSM-2? " is "What IS SM-2?".
func KeyText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Normalize is the importer's basis for similarity: KeyText, lower-cased,
// so that a change of case alone is a small edit. "  What IS\n\tSM-2? " is
// "what is sm-2?".
func Normalize(s string) string {
	return strings.ToLower(KeyText(s))
}

// MakeKey returns a card's matching key: the first 16 hex digits of the
// SHA-256 of the deck id, the kind, KeyText(source) and the cloze group,
// each followed by a NUL byte (which no deck text can hold). A reverse card
// passes its forward card's source front and its own kind, so the two
// directions of one card get different keys.
func MakeKey(deckID string, kind Kind, source string, group int) string {
	h := sha256.New()
	for _, part := range []string{deckID, string(kind), KeyText(source), strconv.Itoa(group)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// setKeys sets every card's Key; the second and later cards with one key get
// "#2", "#3", … in file order, with a warning.
func setKeys(d *Deck) {
	seen := make(map[string]int, len(d.Cards))
	for i := range d.Cards {
		c := &d.Cards[i]
		k := MakeKey(d.ID, c.Kind, c.Source, c.Group)
		seen[k]++
		if n := seen[k]; n > 1 {
			d.Warnings = append(d.Warnings, Warning{d.File, c.Line,
				"duplicate " + string(c.Kind) + " card; its key gets #" + strconv.Itoa(n)})
			k += "#" + strconv.Itoa(n)
		}
		c.Key = k
	}
}
