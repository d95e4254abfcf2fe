package deck

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Parse reads one markdown deck. file names the deck in messages and gives
// the default id and name. A card that cannot be read is a *ParseError;
// skipped cards are reported in Deck.Warnings.
func Parse(file string, r io.Reader) (*Deck, error) {
	d := &Deck{File: file, ID: Slug(baseName(file))}
	br := bufio.NewReader(r)
	var (
		lineNo  int
		kind    Kind
		start   int
		front   []string
		back    []string
		inBack  bool
		open    bool
		topic   string
		h2      string
		nameSet bool
		pin     string
		pinLine int
		curPin  string
	)
	finish := func() {
		if !open {
			return
		}
		open = false
		f := strings.Join(trimBlank(front), "\n")
		b := strings.Join(trimBlank(back), "\n")
		if f == "" || b == "" {
			d.Warnings = append(d.Warnings, Warning{file, start, "card has an empty side; skipped"})
			return
		}
		c := Card{Kind: Basic, Front: f, Back: b, Topic: topic, Line: start, Pin: curPin, Source: f}
		d.Cards = append(d.Cards, c)
		if kind == Reverse {
			d.Cards = append(d.Cards, Card{Kind: Reverse, Front: b, Back: f, Topic: topic, Line: start, Pin: curPin, Source: f})
		}
	}
	for {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			if err != io.EOF {
				return nil, &ParseError{file, lineNo, err}
			}
			break
		}
		lineNo++
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.IndexByte(line, 0) >= 0 || !utf8.ValidString(line) {
			return nil, &ParseError{file, lineNo, errors.New("not UTF-8 text")}
		}
		if lineNo == 1 && line == "---" {
			var fm []string
			closed := false
			for {
				l, err := br.ReadString('\n')
				if l == "" && err != nil {
					break
				}
				lineNo++
				l = strings.TrimRight(l, "\r\n")
				if l == "---" {
					closed = true
					break
				}
				fm = append(fm, l)
			}
			if !closed {
				return nil, &ParseError{file, 1, errors.New("front matter is not closed by ---")}
			}
			var m struct {
				Deck string `yaml:"deck"`
				ID   string `yaml:"id"`
			}
			if err := yaml.Unmarshal([]byte(strings.Join(fm, "\n")), &m); err != nil {
				return nil, &ParseError{file, 1, fmt.Errorf("front matter: %v", err)}
			}
			if m.Deck != "" {
				d.Name, nameSet = m.Deck, true
			}
			if m.ID != "" {
				d.ID = m.ID
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "Q:"), strings.HasPrefix(line, "R:"):
			finish()
			open, inBack, start = true, false, lineNo
			kind = Basic
			if line[0] == 'R' {
				kind = Reverse
			}
			front, back = []string{strings.TrimSpace(line[2:])}, nil
			curPin = ""
			if pinLine == lineNo-1 {
				curPin = pin
			}
		case strings.HasPrefix(line, "A:"):
			if !open {
				return nil, &ParseError{file, lineNo, errors.New("A: outside a card")}
			}
			if inBack {
				return nil, &ParseError{file, lineNo, errors.New("second A: in one card")}
			}
			inBack = true
			back = []string{strings.TrimSpace(line[2:])}
		case strings.HasPrefix(line, "ID:"):
			if open && !inBack {
				return nil, &ParseError{file, start, errors.New("card has no A:")}
			}
			finish()
			pin, pinLine = strings.TrimSpace(line[3:]), lineNo
		case strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### "):
			if open && !inBack {
				return nil, &ParseError{file, start, errors.New("card has no A:")}
			}
			finish()
			lv := strings.IndexByte(line, ' ')
			h := strings.TrimSpace(line[lv:])
			switch lv {
			case 1:
				if !nameSet {
					d.Name, nameSet = h, true
				}
			case 2:
				h2, topic = h, h
			case 3:
				if h2 != "" {
					topic = h2 + " / " + h
				} else {
					topic = h
				}
			}
		default:
			if open {
				if inBack {
					back = append(back, line)
				} else {
					front = append(front, line)
				}
			}
		}
	}
	if open && !inBack {
		return nil, &ParseError{file, start, errors.New("card has no A:")}
	}
	finish()
	if d.Name == "" {
		d.Name = filepath.Base(file)
	}
	for i := range d.Cards {
		if d.Cards[i].Topic == "" {
			d.Cards[i].Topic = d.Name
		}
	}
	setKeys(d)
	if len(d.Cards) == 0 {
		d.Warnings = append(d.Warnings, Warning{file, 0, "no cards"})
	}
	return d, nil
}

func trimBlank(ls []string) []string {
	for len(ls) > 0 && strings.TrimSpace(ls[0]) == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

func baseName(file string) string {
	b := filepath.Base(file)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// Slug lower-cases s and turns each run of non-alphanumerics into "-",
// trimming "-" from both ends.
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
		} else {
			dash = true
		}
	}
	return b.String()
}

// Normalize is the normalisation keys are computed over: surrounding
// whitespace trimmed, each whitespace run collapsed to one space, lower-cased.
func Normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// MakeKey returns the matching key of a card: the first 16 hex digits of
// sha256 over the deck id, the kind, Normalize(source) and the cloze group.
func MakeKey(deckID string, kind Kind, source string, group int) string {
	h := sha256.New()
	io.WriteString(h, deckID+"\x00"+string(kind)+"\x00"+Normalize(source)+"\x00"+strconv.Itoa(group))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func setKeys(d *Deck) {
	seen := map[string]int{}
	for i := range d.Cards {
		c := &d.Cards[i]
		k := MakeKey(d.ID, c.Kind, c.Source, c.Group)
		seen[k]++
		if n := seen[k]; n > 1 {
			d.Warnings = append(d.Warnings, Warning{d.File, c.Line, "duplicate card; its key gets #" + strconv.Itoa(n)})
			k += "#" + strconv.Itoa(n)
		}
		c.Key = k
	}
}
