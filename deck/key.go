package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
	// One buffer, hashed at once: the same bytes as writing each part and
	// a NUL to the hash, without a string for KeyText(source).
	var buf [256]byte
	b := append(buf[:0], deckID...)
	b = append(b, 0)
	b = append(b, kind...)
	b = append(b, 0)
	b = appendKeyText(b, source)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(group), 10)
	b = append(b, 0)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// appendKeyText appends KeyText(s) to b.
func appendKeyText(b []byte, s string) []byte {
	// The longest start of s that is ASCII words split by single spaces is
	// its own KeyText (but for a last space, which stands for what follows)
	// and goes in at once: most fronts are all of it.
	i := 0
	for i < len(s) {
		if c := s[i]; (c > ' ' && c < utf8.RuneSelf) || (c == ' ' && i > 0 && s[i-1] != ' ') {
			i++
			continue
		}
		break
	}
	start, space := len(b), false
	words := s[:i]
	if n := len(words); n > 0 && words[n-1] == ' ' {
		words, space = words[:n-1], true
	}
	b = append(b, words...)
	for i < len(s) {
		c, n := s[i], 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = asciiSpace(c)
			if !isSpace {
				// A run of ASCII that is not space goes in at once.
				for n < len(s)-i && s[i+n] < utf8.RuneSelf && !asciiSpace(s[i+n]) {
					n++
				}
			}
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = true
		} else {
			if space && len(b) > start {
				b = append(b, ' ')
			}
			space = false
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

// keyBits is the number a key of 16 lower-case hex digits spells.
func keyBits(k string) (uint64, bool) {
	if len(k) != 16 {
		return 0, false
	}
	var h uint64
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			return 0, false
		}
		h = h<<4 | uint64(c)
	}
	return h, true
}

// asciiSpace reports whether c is an ASCII space as strings.Fields sees it.
func asciiSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// setKeys sets every card's Key; the second and later cards with one key get
// "#2", "#3", … in file order, with a warning.
func setKeys(d *Deck) {
	// A key is 16 hex digits, so its 64 bits count it: a smaller and
	// faster map than one of strings.
	seen := make(map[uint64]int, len(d.Cards))
	var other map[string]int // keys of another form, should there be any
	for i := range d.Cards {
		c := &d.Cards[i]
		k := c.Key // a lean parse set it while it had the text
		if k == "" {
			k = MakeKey(d.ID, c.Kind, c.Source, c.Group)
		}
		var n int
		if h, ok := keyBits(k); ok {
			seen[h]++
			n = seen[h]
		} else {
			if other == nil {
				other = map[string]int{}
			}
			other[k]++
			n = other[k]
		}
		if n > 1 {
			d.Warnings = append(d.Warnings, Warning{d.File, c.Line,
				"duplicate " + string(c.Kind) + " card; its key gets #" + strconv.Itoa(n)})
			k += "#" + strconv.Itoa(n)
		}
		c.Key = k
	}
}
