package anki

import (
	"fmt"
	"html"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aipmhq/aipm/deck"
)

// ref is one field reference of a template: {{Field}}, {{type:Field}},
// {{cloze:Field}}, {{text:Field}}…
type ref struct {
	field  string
	filter string // the last filter before the name ("type", "cloze", …), "" for none
}

var refRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{([^{}]*)\}\}`) })

// refs lists the fields a template shows, in order: section markers
// ({{#F}}, {{^F}}, {{/F}}) and comments only test a field, and show none.
func refs(tmpl string) []ref {
	var out []ref
	for _, m := range refRE().FindAllStringSubmatch(tmpl, -1) {
		s := strings.TrimSpace(m[1])
		if s == "" || strings.ContainsAny(s[:1], "#^/!") {
			continue
		}
		parts := strings.Split(s, ":")
		r := ref{field: strings.TrimSpace(parts[len(parts)-1])}
		if len(parts) > 1 {
			r.filter = strings.TrimSpace(parts[len(parts)-2])
		}
		out = append(out, r)
	}
	return out
}

// shape is what one template shows: the fields of the question, and the
// fields the answer adds (a type-in field of the question is an answer).
type shape struct {
	front, back []string
	cloze       []string // the fields shown with the cloze filter
	extra       bool     // text of its own around the fields, or more than one field a side
}

var tagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

func shapeOf(t template) shape {
	var s shape
	seen := map[string]bool{}
	for _, r := range refs(t.q) {
		switch {
		case r.field == "FrontSide":
		case r.filter == "cloze":
			s.cloze = append(s.cloze, r.field)
			seen[r.field] = true
		case r.filter == "type":
			// the answer typed in: shown on the back
		case !seen[r.field]:
			s.front = append(s.front, r.field)
			seen[r.field] = true
		}
	}
	for _, r := range refs(t.q) {
		if r.filter == "type" && !seen[r.field] {
			s.back = append(s.back, r.field)
			seen[r.field] = true
		}
	}
	for _, r := range refs(t.a) {
		if r.field != "FrontSide" && !seen[r.field] {
			s.back = append(s.back, r.field)
			seen[r.field] = true
		}
	}
	own := func(tmpl string) bool {
		t := refRE().ReplaceAllString(tmpl, "")
		t = tagRE().ReplaceAllString(t, "")
		return strings.TrimSpace(html.UnescapeString(t)) != ""
	}
	s.extra = own(t.q) || own(t.a) || len(s.front) > 1 || len(s.back) > 1
	return s
}

// unshown lists the fields of a note type that none of its templates
// names, not even to test it ({{#F}}): Anki shows them nowhere, but they
// hold the note's text, so aipm puts them on the back.
func unshown(nt *notetype) []string {
	if nt.unshownDone {
		return nt.unshown
	}
	nt.unshownDone = true
	named := map[string]bool{}
	for _, t := range nt.tmpls {
		for _, m := range refRE().FindAllStringSubmatch(t.q+t.a, -1) {
			r := strings.TrimLeft(strings.TrimSpace(m[1]), "#^/")
			parts := strings.Split(r, ":")
			named[strings.TrimSpace(parts[len(parts)-1])] = true
		}
	}
	for _, f := range nt.fields {
		if !named[f] {
			nt.unshown = append(nt.unshown, f)
		}
	}
	return nt.unshown
}

func sameFields(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	x, y := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// text turns a field's HTML into card text: media references first
// (<img src> to [image: f], [sound:f] to [audio: f], as paths under dir
// when media are extracted), then HTML to plain text.
var (
	imgRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?is)<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>`)
	})
	soundRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[sound:([^\]\n]*)\]`) })
)

func text(field, dir string) string {
	media := func(kind, name string) string {
		name = html.UnescapeString(strings.TrimSpace(name))
		if dir != "" && SafeName(name) {
			name = filepath.Join(dir, name)
		}
		return "[" + kind + ": " + name + "]"
	}
	field = imgRE().ReplaceAllStringFunc(field, func(m string) string {
		sm := imgRE().FindStringSubmatch(m)
		return media("image", sm[1]+sm[2]+sm[3])
	})
	s := deck.HTMLText(field)
	s = soundRE().ReplaceAllStringFunc(s, func(m string) string {
		return media("audio", soundRE().FindStringSubmatch(m)[1])
	})
	ls := strings.Split(s, "\n")
	for i := range ls {
		ls[i] = strings.TrimRight(ls[i], " \t")
	}
	return strings.TrimSpace(strings.Join(ls, "\n"))
}

// convert makes the aipm decks and cards of a collection: each note goes to
// the deck of its first card; its cards become Q/A, reverse or cloze cards
// by its note type's kind and templates.
func convert(p *Package, c *collection, o Options) {
	p.Created = time.Unix(c.crt, 0).UTC()
	p.SchedVer = c.schedVer
	decks := map[string]*deck.Deck{}
	var order []*deck.Deck
	var states [][]Card // by deck, parallel to Cards
	deckFor := func(id int64) (*deck.Deck, int) {
		name, ok := c.decks[id]
		if !ok || strings.TrimSpace(name) == "" {
			name = fmt.Sprintf("Anki deck %d", id)
		}
		if d, ok := decks[name]; ok {
			for i := range order {
				if order[i] == d {
					return d, i
				}
			}
		}
		slug := deck.Slug(name)
		if slug == "" {
			slug = fmt.Sprintf("anki-%d", id)
		}
		d := &deck.Deck{ID: slug, Name: name, File: p.File}
		decks[name] = d
		order = append(order, d)
		states = append(states, nil)
		return d, len(order) - 1
	}
	warned := map[string]bool{}
	guids := map[string]int{} // pin → note number
	warnType := func(nt *notetype, msg string) {
		key := nt.name + "\x00" + msg
		if !warned[key] {
			warned[key] = true
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: note type %q %s", p.File, nt.name, msg))
		}
	}
	for line, n := range c.notes {
		cards := c.cards[n.id]
		nt := c.notetypes[n.mid]
		if len(cards) == 0 {
			continue
		}
		if nt == nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s: note %d has no note type; skipped", p.File, n.id))
			continue
		}
		d, di := deckFor(cards[0].Deck)
		field := map[string]string{}
		for i, name := range nt.fields {
			if i < len(n.fields) {
				field[name] = text(n.fields[i], o.MediaDir)
			}
		}
		join := func(names []string) string {
			var parts []string
			for _, f := range names {
				if v := field[f]; v != "" {
					parts = append(parts, v)
				}
			}
			return strings.Join(parts, "\n")
		}
		topic := d.Name
		if len(n.tags) > 0 {
			topic = strings.ReplaceAll(n.tags[0], "::", " / ")
		}
		pin := strings.TrimSpace(n.guid)
		if pin == "" || strings.ContainsAny(pin, "\r\n\t ") {
			pin = fmt.Sprintf("anki-note-%d", n.id)
		}
		if at, dup := guids[pin]; dup {
			// Anki would take the second for the first; aipm keeps both,
			// the second under an id of its own.
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s:%d: guid %s is also the guid of note %d; this note gets the id anki-note-%d",
				p.File, line+1, pin, at, n.id))
			pin = fmt.Sprintf("anki-note-%d", n.id)
		}
		guids[pin] = line + 1
		add := func(k Card, c deck.Card) {
			c.Topic, c.Line, c.Pin = topic, line+1, pin
			d.Cards = append(d.Cards, c)
			states[di] = append(states[di], k)
		}
		if names := unshown(nt); len(names) > 0 {
			warnType(nt, fmt.Sprintf("has fields no card type shows (%s); aipm puts them on the back", strings.Join(names, ", ")))
		}
		if nt.cloze {
			if len(nt.tmpls) == 0 {
				continue
			}
			s := shapeOf(nt.tmpls[0])
			src := join(s.cloze)
			extra := join(append(append(s.front, s.back...), unshown(nt)...))
			if s.extra {
				warnType(nt, "has text or fields of its own around the cloze; aipm shows the other fields after the full text")
			}
			cs, err := deck.ClozeCards(src)
			if err != nil {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: note %d (%s): %v; skipped", p.File, n.id, nt.name, err))
				continue
			}
			byGroup := map[int]deck.Card{}
			for _, cc := range cs {
				byGroup[cc.Group] = cc
			}
			for _, k := range cards {
				cc, ok := byGroup[k.Ord+1]
				if !ok {
					p.Warnings = append(p.Warnings, fmt.Sprintf("%s: note %d has a card for cloze c%d but no such deletion; skipped", p.File, n.id, k.Ord+1))
					continue
				}
				if extra != "" {
					cc.Back += "\n\n" + extra
				}
				add(k, cc)
			}
			continue
		}
		shapes := make([]shape, len(nt.tmpls))
		for i, t := range nt.tmpls {
			shapes[i] = shapeOf(t)
		}
		for _, k := range cards {
			if k.Ord < 0 || k.Ord >= len(shapes) {
				continue
			}
			s := shapes[k.Ord]
			kind, own := deck.Basic, ""
			switch {
			case k.Ord == 0:
			case k.Ord == 1 && sameFields(s.front, shapes[0].back) && sameFields(s.back, shapes[0].front):
				kind = deck.Reverse
			default:
				// A card type of its own (a third template, or a second
				// that is not the reverse): a Q/A card whose id is the
				// note's guid and the card's ordinal.
				own = fmt.Sprintf("%s/t%d", pin, k.Ord+1)
				warnType(nt, fmt.Sprintf("has a card type (%q) that is neither the question nor its reverse; its cards come in as Q/A cards with ids ending /t%d", nt.tmpls[k.Ord].name, k.Ord+1))
			}
			if s.extra {
				warnType(nt, "shows more than one field a side, or text of its own; aipm puts the extra fields on the back")
			}
			front, back := join(s.front), join(append(s.back, unshown(nt)...))
			if front == "" || back == "" {
				side := "front"
				if front != "" {
					side = "back"
				}
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s: note %d card %d has an empty %s; skipped", p.File, n.id, k.Ord+1, side))
				continue
			}
			c := deck.Card{Kind: kind, Front: front, Back: back, Source: front}
			if kind == deck.Reverse {
				c.Source = back // the forward card's front
			}
			add(k, c)
			if own != "" {
				d.Cards[len(d.Cards)-1].Pin = own
			}
		}
	}
	for i, d := range order {
		if len(d.Cards) == 0 {
			continue
		}
		deck.SetKeys(d)
		p.Decks = append(p.Decks, d)
		p.Cards = append(p.Cards, states[i]...)
		for _, k := range states[i] {
			p.Reviews += len(k.Reviews)
		}
	}
}
