package deck

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Render writes d as a markdown deck that Parse reads back to the same
// cards (kind, front, back, topic, pin, source, group, round, key points
// and key; line numbers differ). Each card is written in the first syntax that reads back exactly:
// an R: pair as one R:, the cards of one cloze as one C: in the source's own
// cloze syntax, a highlight cloze as its paragraph (the output then carries
// #flashcards), anything else as Q:/A:. A card that no syntax can reproduce
// (for example one cloze group without its siblings) is an error, and
// nothing is written. Render holds the whole rendered deck; a Renderer
// writes one note at a time.
func Render(w io.Writer, d *Deck) error {
	var buf strings.Builder
	r, err := NewRenderer(&buf, d, NeedsTag(d.Cards))
	if err != nil {
		return err
	}
	for i := 0; i < len(d.Cards); {
		j := i + 1
		for j < len(d.Cards) && SameNote(d.Cards[i], d.Cards[j]) {
			j++
		}
		if err := r.Note(d.Cards[i:j], j == len(d.Cards)); err != nil {
			return err
		}
		i = j
	}
	if err := r.Close(); err != nil {
		return err
	}
	_, err = io.WriteString(w, buf.String())
	return err
}

// SameNote reports whether b belongs to the same note as a, in file order:
// the cards of one R: pair or one cloze share their line and pin.
func SameNote(a, b Card) bool { return a.Line == b.Line && a.Pin == b.Pin && a.Source == b.Source }

// NeedsTag reports whether rendering the cards may write a highlight
// paragraph (a cloze whose source has ==…==), which needs #flashcards.
func NeedsTag(cards []Card) bool {
	for _, c := range cards {
		if c.Kind == Cloze && strings.Contains(c.Source, "==") {
			return true
		}
	}
	return false
}

// A Renderer writes a markdown deck note by note, so that a deck of any
// size is written holding one note: the front matter first, then each
// note as Render would write it.
type Renderer struct {
	bw    *bufio.Writer
	file  string
	topic string
	notes int
}

// NewRenderer writes d's front matter (d.Cards is not read) and, with
// tagged, the #flashcards line that highlight paragraphs need (NeedsTag).
func NewRenderer(w io.Writer, d *Deck, tagged bool) (*Renderer, error) {
	fm, err := yaml.Marshal(struct {
		Deck string   `yaml:"deck"`
		ID   string   `yaml:"id"`
		Tags []string `yaml:"tags,omitempty"`
	}{d.Name, d.ID, d.Tags})
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", d.File, err)
	}
	r := &Renderer{bw: bufio.NewWriter(w), file: d.File}
	r.bw.WriteString("---\n")
	r.bw.Write(fm)
	r.bw.WriteString("---\n")
	if tagged {
		r.bw.WriteString("\n#flashcards\n")
	}
	return r, nil
}

// Note writes the cards of one note (or of several adjacent ones), last
// saying whether they end the deck.
func (r *Renderer) Note(cards []Card, last bool) error {
	for i := 0; i < len(cards); {
		n, text, para, err := renderNote(cards[i:], last)
		if err != nil {
			return fmt.Errorf("render %s: card at line %d: %w", r.file, cards[i].Line, err)
		}
		c := cards[i]
		if r.notes == 0 || c.Topic != r.topic {
			r.topic = c.Topic
			r.bw.WriteString("\n## " + r.topic + "\n")
		}
		r.notes++
		r.bw.WriteString("\n")
		if para && c.Pin == "" {
			r.bw.WriteString("---\n\n")
		}
		if c.Pin != "" {
			r.bw.WriteString("ID: " + c.Pin + "\n")
		}
		r.bw.WriteString(text)
		r.bw.WriteString("\n")
		i += n
	}
	return nil
}

// Close flushes what is written.
func (r *Renderer) Close() error { return r.bw.Flush() }

// blocks are the layouts renderNote tries for the two sides of a card.
var blocks = [][2]bool{{false, false}, {true, true}, {false, true}, {true, false}}

// renderNote writes the note that starts cards[0] and reports how many
// cards it covers. It checks its text by parsing it back; last says that
// no card follows cards in the deck.
func renderNote(cards []Card, last bool) (n int, text string, para bool, err error) {
	c := cards[0]
	var tries []struct {
		n    int
		text string
		para bool
	}
	add := func(n int, text string, para bool) {
		tries = append(tries, struct {
			n    int
			text string
			para bool
		}{n, text, para})
	}
	switch c.Kind {
	case Basic:
		if len(cards) > 1 {
			r := cards[1]
			if r.Kind == Reverse && r.Line == c.Line && r.Source == c.Source && r.Front == c.Back &&
				r.Back == c.Front && r.Topic == c.Topic && r.Pin == c.Pin {
				for _, b := range blocks {
					add(2, side("R:", c.Front, b[0])+"\n"+side("A:", c.Back, b[1]), false)
				}
			}
		}
		for _, b := range blocks {
			add(1, side("Q:", c.Front, b[0])+"\n"+side("A:", c.Back, b[1]), false)
		}
	case Cloze:
		k := 1
		for k < len(cards) && cards[k].Kind == Cloze && cards[k].Source == c.Source && cards[k].Line == c.Line &&
			cards[k].Topic == c.Topic && cards[k].Pin == c.Pin && cards[k].Group > cards[k-1].Group {
			k++
		}
		add(k, side("C:", c.Source, false), false)
		add(k, side("C:", c.Source, true), false)
		add(k, c.Source, true)
	case Rubric:
		add(1, rubricText(c, false), false)
		add(1, rubricText(c, true), false)
	default:
		return 0, "", false, fmt.Errorf("a %s card without its forward card cannot be written", c.Kind)
	}
	for _, t := range tries {
		if readsBack(cards[:t.n], t.text, t.para, last && t.n == len(cards)) {
			return t.n, t.text, t.para, nil
		}
	}
	return 0, "", false, fmt.Errorf("%s card %q cannot be written so that it reads back the same", c.Kind, clip(c.Front))
}

// side writes a marker and its text, on the marker's line or (block, or
// when the text starts with a space or tab the marker would eat) on the
// next. The two differ for a first line such as "```", which opens a fence
// only on a line of its own.
func side(marker, text string, block bool) string {
	if block || (text != "" && (text[0] == ' ' || text[0] == '\t')) {
		return marker + "\n" + text
	}
	return marker + " " + text
}

// readsBack parses text as a one-note deck (behind its topic heading and
// pin, and unless it is the deck's last note before a sentinel card that
// shows it ends where it should) and reports whether it gives want.
func readsBack(want []Card, text string, para, last bool) bool {
	var b strings.Builder
	if para {
		b.WriteString("#flashcards\n\n")
	}
	b.WriteString("## " + want[0].Topic + "\n\n")
	if want[0].Pin != "" {
		b.WriteString("ID: " + want[0].Pin + "\n")
	} else if para {
		b.WriteString("---\n\n")
	}
	b.WriteString(text)
	extra := 0
	if !last {
		b.WriteString("\n\n## sentinel\n\nQ: sentinel\nA: sentinel\n")
		extra = 1
	}
	d, err := Parse("render.md", strings.NewReader(b.String()))
	if err != nil || len(d.Cards) != len(want)+extra {
		return false
	}
	for i, c := range want {
		g := d.Cards[i]
		if g.Kind != c.Kind || g.Front != c.Front || g.Back != c.Back || g.Topic != c.Topic ||
			g.Pin != c.Pin || g.Source != c.Source || g.Group != c.Group ||
			g.Round != c.Round || !slices.Equal(g.KeyPoints, c.KeyPoints) {
			return false
		}
	}
	if last {
		return true
	}
	s := d.Cards[len(want)]
	return s.Front == "sentinel" && s.Back == "sentinel" && s.Topic == "sentinel"
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// RenderTSV writes d as an Anki text file (#separator:tab, #html:false):
// one row per card with its front, back and a guid column. The guid is the
// card's pin; the second and later cards of one pinned note get the pin
// plus "-2", "-3", … so that Anki keeps them apart. ParseAnki reads the
// file back to the same fronts and backs.
func RenderTSV(w io.Writer, d *Deck) error {
	tw := NewTSVRenderer(w, d)
	for _, c := range d.Cards {
		tw.Card(c)
	}
	return tw.Close()
}

// A TSVRenderer writes an Anki text file card by card (see RenderTSV).
type TSVRenderer struct {
	bw   *bufio.Writer
	last string // the previous card's pin and how often it came in a row
	n    int
}

// NewTSVRenderer writes the headers of d's Anki text file.
func NewTSVRenderer(w io.Writer, d *Deck) *TSVRenderer {
	bw := bufio.NewWriter(w)
	bw.WriteString("#separator:tab\n#html:false\n#notetype:Basic\n")
	if name := oneLine(d.Name); name != "" {
		bw.WriteString("#deck:" + name + "\n")
	}
	bw.WriteString("#guid column:3\n")
	return &TSVRenderer{bw: bw}
}

// Card writes one row. The cards of a pinned note come one after another,
// so a repeat of the previous pin is all it needs to count.
func (t *TSVRenderer) Card(c Card) {
	guid := c.Pin
	if guid != "" {
		if guid == t.last {
			t.n++
			guid = fmt.Sprintf("%s-%d", guid, t.n)
		} else {
			t.last, t.n = guid, 1
		}
	}
	back := c.Back
	if c.Kind == Rubric {
		back = RubricBack(c)
	}
	t.bw.WriteString(tsvField(c.Front, true) + "\t" + tsvField(back, false) + "\t" + tsvField(guid, false) + "\n")
}

// Close flushes the rows.
func (t *TSVRenderer) Close() error { return t.bw.Flush() }

// tsvField quotes a field that holds a tab, a line break or a quote at its
// start, or a '#' that would make its row a comment.
func tsvField(s string, first bool) string {
	if strings.ContainsAny(s, "\t\n\r") || strings.HasPrefix(s, "\"") || (first && strings.HasPrefix(s, "#")) ||
		strings.TrimSpace(s) != s {
		return "\"" + strings.ReplaceAll(s, "\"", "\"\"") + "\""
	}
	return s
}
