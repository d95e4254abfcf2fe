package deck

import (
	"fmt"
	"strings"
)

// Obsidian Spaced Repetition notes: the plugin's four card separators and
// its tag scope (docs: flashcards/decks.md; source: NoteQuestionParser).

// Separators are the Obsidian SR plugin's card separators, as its settings
// name them: the inline card (front::back), the reversed inline card
// (front:::back), and the lines between a multi-line card's front and back
// (? and ??).
type Separators struct {
	Inline, InlineReversed, Multiline, MultilineReversed string
}

// DefaultSeparators are the plugin's defaults.
var DefaultSeparators = Separators{Inline: "::", InlineReversed: ":::", Multiline: "?", MultilineReversed: "??"}

// commonSeparators are separator sets vaults often use; a file with no
// inline card under the active separator but lines that would be cards
// under another of these gets a warning naming the setting.
var commonSeparators = []Separators{DefaultSeparators, {Inline: ";;", InlineReversed: ";;;", Multiline: ";?", MultilineReversed: ";??"}}

// String is the separators as --obsidian-separators takes them.
func (s Separators) String() string {
	return strings.Join([]string{s.Inline, s.InlineReversed, s.Multiline, s.MultilineReversed}, " ")
}

// orDefault fills the empty separators with the defaults.
func (s Separators) orDefault() Separators {
	d := DefaultSeparators
	if s.Inline != "" {
		d.Inline = s.Inline
	}
	if s.InlineReversed != "" {
		d.InlineReversed = s.InlineReversed
	}
	if s.Multiline != "" {
		d.Multiline = s.Multiline
	}
	if s.MultilineReversed != "" {
		d.MultilineReversed = s.MultilineReversed
	}
	return d
}

// ParseSeparators reads up to four separators split by spaces, in the
// plugin's order: inline, inline reversed, multi-line, multi-line reversed.
// The ones left out keep their defaults. The four must differ.
func ParseSeparators(s string) (Separators, error) {
	f := strings.Fields(s)
	switch {
	case len(f) == 0:
		return Separators{}, fmt.Errorf("obsidian separators %q: none given", s)
	case len(f) > 4:
		return Separators{}, fmt.Errorf("obsidian separators %q: %d given, at most 4 (inline, inline reversed, multi-line, multi-line reversed)", s, len(f))
	}
	var sep Separators
	fields := []*string{&sep.Inline, &sep.InlineReversed, &sep.Multiline, &sep.MultilineReversed}
	for i, v := range f {
		*fields[i] = v
	}
	sep = sep.orDefault()
	all := []string{sep.Inline, sep.InlineReversed, sep.Multiline, sep.MultilineReversed}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i] == all[j] {
				return Separators{}, fmt.Errorf("obsidian separators %q: %q is used twice (as %s and %s)", s, all[i], sepNames[i], sepNames[j])
			}
		}
	}
	return sep, nil
}

var sepNames = []string{"inline", "inline reversed", "multi-line", "multi-line reversed"}

// inlineSplit finds the inline separator in text, outside inline code: the
// longer of the two separators is tried first, so ::: is not read as ::.
// It returns the separator's index and length, and whether it is reversed.
func inlineSplit(text string, s Separators) (i, n int, reverse bool) {
	first, second := s.InlineReversed, s.Inline
	if len(second) > len(first) {
		first, second = second, first
	}
	if !strings.Contains(text, second) && !strings.Contains(text, first) {
		return -1, 0, false
	}
	spans := codeSpans(text)
	for _, sep := range []string{first, second} {
		if i = indexOutside(text, sep, spans); i >= 0 {
			return i, len(sep), sep == s.InlineReversed
		}
	}
	return -1, 0, false
}

// wouldBeInline reports whether text would be an inline card, with a front
// and a back, under the separators s.
func wouldBeInline(text string, s Separators) bool {
	i, n, _ := inlineSplit(text, s)
	return i > 0 && strings.TrimSpace(text[:i]) != "" && strings.TrimSpace(text[i+n:]) != ""
}

// tagScope is the #flashcards tag a card falls under: set once a tag covers
// it, path the tag's path ("" for the bare tag).
type tagScope struct {
	set  bool
	path string
}

// leadingTag splits a #flashcards tag at the start of a line (after white
// space) from the text after it: a question-specific tag when the line is a
// card's first line. ok is false when the line does not start with one, or
// holds nothing but tags.
func leadingTag(line string) (path, rest string, ok bool) {
	t := trimLeftBlank(line)
	if !strings.HasPrefix(t, "#") {
		return "", "", false
	}
	end := strings.IndexAny(t, " \t")
	if end < 0 {
		return "", "", false
	}
	path, ok = findTag(t[:end])
	rest = trimLeftBlank(t[end:])
	if !ok || rest == "" || isTagLine(rest) {
		return "", "", false
	}
	return path, rest, true
}

// isTagLine reports whether line holds only tags, one of them a #flashcards
// tag. Such a line starts a tag's scope and is part of no card.
func isTagLine(line string) bool {
	if !strings.Contains(line, "#") {
		return false
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return false
	}
	flash := false
	for _, w := range f {
		if len(w) < 2 || w[0] != '#' || w[1] == '#' {
			return false
		}
		if _, ok := findTag(w); ok {
			flash = true
		}
	}
	return flash
}

// setScope starts the scope of the tag with path at line.
func (p *parser) setScope(path string, line int) {
	p.scope = tagScope{set: true, path: path}
	if p.firstTag == 0 {
		p.firstTag = line
	}
	if !p.tagged || p.tagPath == "" {
		p.tagPath = path
	}
	p.tagged = true
}

// takeParaTag returns the scope of a card made from the paragraph: its
// question-specific tag, if its first line starts with one (the first tag
// of a file also starts the scope of the cards after it), else the scope.
func (p *parser) takeParaTag() tagScope {
	t := p.paraTag
	p.paraTag = nil
	if t == nil {
		return p.scope
	}
	if !p.scope.set {
		p.setScope(t.path, p.lineNo)
	}
	return *t
}

// markObsidian marks the notes added since n as Obsidian SR cards under sc,
// which the tag scope applies to.
func (p *parser) markObsidian(n int, sc tagScope) {
	for i := n; i < len(p.notes); i++ {
		p.notes[i].obsidian, p.notes[i].scope = true, sc
	}
}

// checkAltSeparators remembers the first line that would be an inline card
// under a common separator set other than the active one.
func (p *parser) checkAltSeparators(pl pline) {
	if p.altLine != 0 || pl.code {
		return
	}
	for _, s := range commonSeparators {
		if s.Inline == p.sep.Inline || s.InlineReversed == p.sep.InlineReversed {
			continue
		}
		if wouldBeInline(pl.text, s) {
			p.altLine, p.altSep = pl.line, s
			return
		}
	}
}

// scopeAndSeparators drops the Obsidian SR cards that sit above a tagged
// file's first tag, and warns about a file whose inline cards seem to use
// another separator.
func (p *parser) scopeAndSeparators() {
	if p.tagged {
		p.dropAboveFirstTag()
	}
	inline := 0
	if p.lean != nil {
		inline = p.lean.inline // notes a lean parse finished early
	}
	for _, n := range p.notes {
		if n.inline {
			inline++
		}
	}
	if inline == 0 && p.altLine != 0 {
		p.warnf(p.altLine, "no %q cards in this file, but this line would be one with the separator %q; if the vault uses it, import with --obsidian-separators %q (or set obsidian_separators in the config)",
			p.sep.Inline, p.altSep.Inline, p.altSep.String())
	}
}

// dropAboveFirstTag drops, with one warning, the Obsidian SR cards of a
// tagged file that no tag covers.
func (p *parser) dropAboveFirstTag() {
	kept := p.notes[:0]
	dropped, first := 0, 0
	for _, n := range p.notes {
		if n.obsidian && !n.scope.set {
			if first == 0 {
				first = n.line
			}
			dropped += len(p.cardsOf(&n))
			continue
		}
		kept = append(kept, n)
	}
	p.notes = kept
	if dropped > 0 {
		s := "s"
		if dropped == 1 {
			s = ""
		}
		p.warnf(first, "%d card%s above the first #flashcards tag (line %d) left out: a tag covers only the cards after it (so Dataview fields such as key:: value stay out); move the tag up to keep them", dropped, s, p.firstTag)
	}
}
