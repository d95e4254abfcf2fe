package deck

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// Options are the reading rules that a user may set.
type Options struct {
	// Separators are the Obsidian SR separators; empty ones are the defaults.
	Separators Separators
	// Lean keeps each card without its Front, Back, Source and KeyPoints (its key,
	// kind, group, ident, topic, pin and line are set as usual) and sets
	// Deck.Reread, which reads the texts again from the file: a deck of a
	// million cards then costs its keys, not its texts (see lean.go). It
	// needs the file name passed to ParseWith to be the file's path; where
	// that file cannot be found, the parse keeps the texts.
	Lean bool
}

// ParseFile reads the deck file at path: .md files are markdown decks (one
// deck), .txt, .tsv and .csv files Anki text (one deck per deck column value).
func ParseFile(path string) ([]*Deck, error) { return ParseFileWith(path, Options{}) }

// ParseFileWith is ParseFile with options. It reads only a regular file.
func ParseFileWith(path string, o Options) ([]*Deck, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".md", ".txt", ".tsv", ".csv":
	default:
		return nil, fmt.Errorf("%s: unknown deck file type %q (want .md, .txt, .tsv or .csv)", path, ext)
	}
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if ext == ".md" {
		d, err := ParseWith(path, f, o)
		if err != nil {
			return nil, err
		}
		return []*Deck{d}, nil
	}
	return ParseAnki(path, f)
}

// Parse reads one markdown deck (DESIGN.md, "The markdown deck format").
// file names the deck in messages and gives its default id and name. A card
// or file that cannot be read is a *ParseError; skipped cards and other
// problems that do not stop the import are in Deck.Warnings.
func Parse(file string, r io.Reader) (*Deck, error) { return ParseWith(file, r, Options{}) }

// ParseWith is Parse with options.
func ParseWith(file string, r io.Reader, o Options) (*Deck, error) {
	p := &parser{file: file, d: &Deck{File: file}, br: bufio.NewReader(r), sep: o.Separators.orDefault()}
	var st os.FileInfo
	if o.Lean {
		if st = leanFile(file); st != nil {
			p.lean = &leanState{size: st.Size()}
		}
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	if p.lean != nil {
		p.d.Reread = rereader(file, o, p.d, p.lean.kept, st)
	}
	return p.d, nil
}

// pline is one line of text kept for a card, with its line number and
// whether it is code (inside or delimiting a fenced block).
type pline struct {
	text string
	line int
	code bool
}

// note is a card as written: it makes one card (Q:, ::, ?), two (R:, :::,
// ??) or one per cloze group (C:, highlights).
type note struct {
	line      int
	topic     string
	pin       string
	highlight bool
	obsidian  bool     // written in Obsidian SR syntax: the tag scope applies
	inline    bool     // an inline card (front::back)
	scope     tagScope // the #flashcards tag over the note
	cards     []Card
	emit      int // lean parse: how many cards were made before this note's
	made      int // lean parse: how many cards the note made
}

// openCard is a Q:, R:, C: or P: card being read.
type openCard struct {
	marker byte // 'Q', 'R', 'C' or 'P'
	line   int
	pin    string
	topic  string
	front  []pline
	back   []pline
	inBack bool
	typo   int // the first line of the front that starts with "a:"
	rubric *openRubric
}

// openMulti is the back of a ? or ?? card being read.
type openMulti struct {
	reverse bool
	scope   tagScope
	line    int
	pin     string
	topic   string
	front   []pline
	back    []pline
}

type parser struct {
	file   string
	d      *Deck
	br     *bufio.Reader
	blk    string // the block of the file being read (fill)
	pos    int    // where in blk the next line starts
	clean  int    // blk[:clean] is whole lines with no NUL and valid UTF-8
	buf    []byte // fill's buffer
	rerr   error  // br's error (io.EOF at the end), once it gave one
	lineNo int
	read   int64 // bytes read

	sep Separators

	inFence     bool
	fenceCh     byte
	fenceN      int
	fenceLine   int
	inComment   bool
	commentLine int

	nameFromFM bool
	round      string // the front matter's round: for every rubric card
	h1Seen     bool
	h2, topic  string // topic "" means the deck's default topic
	tagged     bool
	tagPath    string   // the first tag's path
	scope      tagScope // the tag over the lines being read
	firstTag   int      // the line of the first tag in the text
	paraTag    *tagScope

	altLine int        // the first line that is an inline card under altSep
	altSep  Separators // a common separator set other than sep

	card    *openCard
	multi   *openMulti
	para    []pline
	paraPin string

	pin     string // pending ID: value
	pinLine int

	notes []note
	lean  *leanState // Options.Lean, or a Deck.Reread

	spare   openCard // the struct p.card points at, reused card after card
	scratch []Card   // the cards of the note being added, in a lean parse or a reread
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &ParseError{File: p.file, Line: line, Err: fmt.Errorf(format, args...)}
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.d.Warnings = append(p.d.Warnings, Warning{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// readLine returns the next line without its line ending, or io.EOF. The
// line is a substring of the block being read (see fill), so reading a
// line allocates nothing: what the parser keeps past the card being read
// (a topic, a pin, a tag's path, an inline card's texts) it copies, so that
// a block is garbage once its cards are made.
func (p *parser) readLine() (string, error) {
	var s string
	for {
		if i := strings.IndexByte(p.blk[p.pos:], '\n'); i >= 0 {
			s = p.blk[p.pos : p.pos+i+1]
			p.pos += i + 1
			break
		}
		if p.rerr != nil {
			// The last line, with no line ending, then the reader's error.
			if s = p.blk[p.pos:]; s == "" {
				return "", p.rerr
			}
			p.pos = len(p.blk)
			break
		}
		p.fill()
	}
	p.lineNo++
	p.read += int64(len(s))
	s = strings.TrimRight(strings.TrimSuffix(s, "\n"), "\r")
	if p.lineNo == 1 {
		s = strings.TrimPrefix(s, "\ufeff")
	}
	if p.pos > p.clean {
		if strings.IndexByte(s, 0) >= 0 {
			return "", p.errorf(p.lineNo, "NUL byte in text")
		}
		if !utf8.ValidString(s) {
			return "", p.errorf(p.lineNo, "invalid UTF-8")
		}
	}
	return s, nil
}

// blockSize is how much of a file the parser reads into one string.
const blockSize = 64 << 10

// fill reads the next block of the file, after the unfinished line left of
// the last one, until it holds a line ending, is full or the reader fails
// (p.rerr, io.EOF at the end). A line longer than a block gets a block of
// its own size.
func (p *parser) fill() {
	rest := p.blk[p.pos:]
	size := blockSize
	if len(rest) >= blockSize/2 {
		size = 2*len(rest) + blockSize
	}
	if len(p.buf) < size {
		p.buf = make([]byte, size)
	}
	n := copy(p.buf, rest)
	for empty := 0; n < size; {
		m, err := p.br.Read(p.buf[n:size])
		n += m
		if err != nil {
			p.rerr = err
			break
		}
		if m == 0 {
			if empty++; empty >= 100 {
				p.rerr = io.ErrNoProgress
				break
			}
			continue
		}
		if bytes.IndexByte(p.buf[n-m:n], '\n') >= 0 {
			break
		}
	}
	p.blk, p.pos = string(p.buf[:n]), 0
	// The whole lines of the block are checked at once, as a file's are
	// mostly clean; a line that is not is found line by line.
	p.clean = bytes.LastIndexByte(p.buf[:n], '\n') + 1
	if whole := p.buf[:p.clean]; bytes.IndexByte(whole, 0) >= 0 || !utf8.Valid(whole) {
		p.clean = 0
	}
}

func (p *parser) run() error {
	first := true
	for {
		line, err := p.readLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := err.(*ParseError); ok {
				return err
			}
			return &ParseError{File: p.file, Line: p.lineNo, Err: err}
		}
		if first {
			first = false
			if line == "---" {
				if err := p.frontMatter(); err != nil {
					return err
				}
				p.d.ID = p.deckID() // every card's key needs it
				continue
			}
			p.d.ID = p.deckID()
		}
		if err := p.line(line); err != nil {
			return err
		}
		if p.lean != nil && p.lean.err != nil {
			return p.lean.err
		}
	}
	if err := p.endCard(); err != nil {
		return err
	}
	p.endMulti()
	p.flushPara()
	if p.lean != nil && p.lean.each != nil {
		return p.lean.err // a reread: the first parse made the whole-file decisions
	}
	p.checkPin(p.lineNo + 2)
	if p.inFence {
		mark := strings.Repeat(string(p.fenceCh), p.fenceN)
		p.warnf(p.fenceLine, "this %s fence is never closed: it hides the %s after it, to the end of the file; close it with a %s line", mark, lines(p.lineNo-p.fenceLine), mark)
	}
	if p.inComment {
		p.warnf(p.commentLine, "this <!-- comment is never closed: it hides the %s after it, to the end of the file; close it with -->", lines(p.lineNo-p.commentLine))
	}
	return p.finish()
}

// line handles one line after the front matter.
func (p *parser) line(raw string) error {
	if p.lean != nil && p.lean.each != nil {
		p.notes = p.notes[:0] // a reread keeps no notes: each has its cards
	}
	p.settleNotes()
	code := false
	text := raw
	switch {
	case p.inFence:
		code = true
		if fenceClose(raw, p.fenceCh, p.fenceN) {
			p.inFence = false
		}
	default:
		var changed bool
		wasIn := p.inComment
		text, p.inComment, changed = stripComments(raw, p.inComment)
		if p.inComment && !wasIn {
			p.commentLine = p.lineNo
		}
		if changed {
			text = trimRightBlank(text)
			if isBlank(text) {
				return nil // a comment line is no line at all
			}
		}
		if ch, n, ok := fenceOpen(text); ok && !p.inComment {
			p.inFence, p.fenceCh, p.fenceN, p.fenceLine, code = true, ch, n, p.lineNo, true
		}
	}
	pl := pline{text: text, line: p.lineNo, code: code}
	p.checkPin(p.lineNo)
	if p.card != nil && p.card.marker == 'P' {
		if ended, err := p.rubricLine(pl); !ended || err != nil {
			return err
		}
	} else if p.card != nil {
		if !code && !p.card.inBack && p.card.typo == 0 && strings.HasPrefix(text, "a:") {
			p.card.typo = p.lineNo // an error if no A: follows
		}
		if code || !isMarker(text) {
			if p.card.inBack {
				p.card.back = append(p.card.back, pl)
			} else {
				p.card.front = append(p.card.front, pl)
			}
			return nil
		}
		if strings.HasPrefix(text, "A:") {
			switch {
			case p.card.marker == 'C':
				return p.errorf(p.lineNo, "A: after C: (a cloze card has no answer)")
			case p.card.inBack:
				return p.errorf(p.lineNo, "second A: in the card at line %d", p.card.line)
			}
			p.card.inBack = true
			p.card.back = append(p.card.back, pline{text: markerRest(text), line: p.lineNo})
			return nil
		}
		if err := p.endCard(); err != nil {
			return err
		}
	}
	if p.multi != nil {
		if code || (!isBlank(text) && !isMarker(text)) {
			p.multi.back = append(p.multi.back, pl)
			p.scanTag(pl)
			return nil
		}
		p.endMulti()
		if isBlank(text) {
			p.flushPara()
			return nil
		}
	}
	return p.outside(pl)
}

// outside handles a line that is not in any card.
func (p *parser) outside(pl pline) error {
	text := pl.text
	if pl.code {
		p.addPara(pl)
		return nil
	}
	if len(text) >= 2 && text[1] == ':' {
		switch text[0] {
		case 'Q', 'R', 'C', 'P':
			p.flushPara()
			// The card ended before is done with (endCard made its texts):
			// its struct and line slices serve the new one.
			c := &p.spare
			*c = openCard{marker: text[0], line: p.lineNo, pin: p.takePin(p.lineNo), topic: p.topic, front: c.front[:0], back: c.back[:0]}
			p.card = c
			if text[0] == 'P' {
				p.card.rubric = &openRubric{}
			}
			p.card.front = append(p.card.front, pline{text: markerRest(text), line: p.lineNo})
			return nil
		case 'A':
			return p.errorf(p.lineNo, "A: outside a card")
		}
	}
	if strings.HasPrefix(text, "ID:") {
		p.flushPara()
		p.checkPin(p.lineNo + 2) // an earlier ID: that pinned nothing
		p.pin, p.pinLine = strings.Clone(strings.TrimSpace(text[3:])), p.lineNo
		if p.pin == "" {
			p.warnf(p.lineNo, "ID: with no name; ignored")
			p.pinLine = 0
		}
		return nil
	}
	if lv, h := heading(text); lv > 0 {
		p.flushPara()
		p.heading(lv, h)
		p.scanTag(pl) // "## Topic #flashcards/x" starts a tag's scope too
		return nil
	}
	if isBlank(text) || isRule(text) {
		p.flushPara()
		return nil
	}
	if t := strings.TrimSpace(text); t == p.sep.Multiline || t == p.sep.MultilineReversed {
		front := p.para
		pin := p.paraPin
		sc := p.takeParaTag()
		p.para, p.paraPin = nil, ""
		line := p.lineNo
		if len(front) > 0 {
			line = front[0].line
		}
		p.multi = &openMulti{reverse: t == p.sep.MultilineReversed, scope: sc, line: line, pin: pin, topic: p.topic, front: front}
		return nil
	}
	if isTagLine(text) {
		p.flushPara()
		p.scanTag(pl)
		return nil
	}
	qpath, qrest, qtag := leadingTag(text)
	if !qtag {
		p.scanTag(pl)
	}
	if p.oneLiner(text, qpath, qrest, qtag) {
		return nil
	}
	if qtag {
		if len(p.para) == 0 {
			// Perhaps the first line of a multi-line card: its tag is then
			// the card's own.
			p.addPara(pline{text: qrest, line: pl.line})
			p.paraTag = &tagScope{set: true, path: qpath}
			return nil
		}
		p.setScope(qpath, pl.line)
	}
	p.checkAltSeparators(pl)
	p.addPara(pl)
	return nil
}

func (p *parser) addPara(pl pline) {
	if len(p.para) == 0 {
		p.paraPin = p.takePin(pl.line)
	}
	p.para = append(p.para, pl)
}

// isMarker reports whether a line ends an open card: Q:, R:, C:, P:, A:,
// ID:, a heading or a line holding only ---.
func isMarker(s string) bool {
	if len(s) >= 2 && s[1] == ':' && strings.IndexByte("QRCAP", s[0]) >= 0 {
		return true
	}
	if strings.HasPrefix(s, "ID:") || isRule(s) {
		return true
	}
	lv, _ := heading(s)
	return lv > 0
}

// markerRest is the text after a two-character marker such as "Q:".
func markerRest(s string) string { return trimLeftBlank(s[2:]) }

func (p *parser) heading(level int, text string) {
	text = strings.Clone(text) // a topic and a name outlive their block
	switch level {
	case 1:
		if !p.nameFromFM && !p.h1Seen && text != "" {
			p.d.Name = text
		}
		p.h1Seen = true
		p.h2, p.topic = "", ""
	case 2:
		p.h2, p.topic = text, text
	case 3:
		switch {
		case p.h2 == "":
			p.topic = text
		case text == "":
			p.topic = p.h2
		default:
			p.topic = p.h2 + " / " + text
		}
	}
}

func (p *parser) scanTag(pl pline) {
	if pl.code {
		return
	}
	if path, ok := findTag(pl.text); ok {
		p.setScope(path, pl.line)
	}
}

// takePin returns the pending ID: value if it pins a card starting at line.
func (p *parser) takePin(line int) string {
	if p.pinLine != 0 && p.pinLine == line-1 {
		pin := p.pin
		p.pin, p.pinLine = "", 0
		return pin
	}
	return ""
}

// checkPin warns about an ID: that was not followed by a card.
func (p *parser) checkPin(line int) {
	if p.pinLine != 0 && line > p.pinLine+1 {
		p.warnf(p.pinLine, "ID: %s is not followed by a card; ignored", p.pin)
		p.pin, p.pinLine = "", 0
	}
}

// oneLiner reads front::back and front:::back lines (with the active
// separators). A #flashcards tag at the start of the line (qtag: its path,
// and the text after it) is the card's own.
func (p *parser) oneLiner(text, qpath, qrest string, qtag bool) bool {
	if qtag {
		text = qrest
	}
	i, n, reverse := inlineSplit(text, p.sep)
	if i < 0 {
		return false
	}
	text = strings.Clone(text) // the card's texts outlive the block
	p.flushPara()
	front := strings.TrimSpace(text[:i])
	back := strings.TrimSpace(text[i+n:])
	pin := p.takePin(p.lineNo)
	sc := p.scope
	if qtag {
		sc = tagScope{set: true, path: qpath}
		if !p.scope.set {
			p.setScope(qpath, p.lineNo)
		}
	}
	at := len(p.notes)
	p.addBasic(p.lineNo, p.topic, pin, front, back, reverse)
	p.markObsidian(at, sc)
	if at < len(p.notes) {
		p.notes[at].inline = true
	}
	return true
}

// addBasic adds a basic card, and its reverse when reverse is set.
func (p *parser) addBasic(line int, topic, pin, front, back string, reverse bool) {
	switch {
	case front == "":
		p.warnf(line, "card has an empty front; skipped")
		return
	case back == "":
		p.warnf(line, "card has an empty back; skipped")
		return
	}
	n := note{line: line, topic: topic, pin: pin, scope: p.scope}
	k := 1
	if reverse {
		k = 2
	}
	n.cards = p.noteCards(k)
	n.cards = append(n.cards, Card{Kind: Basic, Front: front, Back: back, Line: line, Source: front})
	if reverse {
		n.cards = append(n.cards, Card{Kind: Reverse, Front: back, Back: front, Line: line, Source: front})
	}
	p.addNote(n)
}

// addCloze adds the cards of one cloze note.
func (p *parser) addCloze(line int, topic, pin, src string, mode clozeMode) error {
	if strings.TrimSpace(src) == "" {
		p.warnf(line, "cloze card is empty; skipped")
		return nil
	}
	cards, err := expandClozeWith(src, mode, !p.dropsTexts())
	switch {
	case err == errNoDeletions && mode == clozeHighlight:
		return nil
	case err == errNoDeletions:
		return p.errorf(line, "C: card has no cloze deletions ({{…}} or […])")
	case err == errTooMany:
		p.warnf(line, "cloze card has more than %d deletions; skipped", maxClozeGroups)
		return nil
	}
	n := note{line: line, topic: topic, pin: pin, highlight: mode == clozeHighlight, scope: p.scope}
	n.cards = p.noteCards(len(cards))
	for _, c := range cards {
		n.cards = append(n.cards, Card{Kind: Cloze, Front: c.front, Back: c.back, Line: line, Source: src, Group: c.group, Ident: c.ident})
	}
	p.addNote(n)
	return nil
}

// noteCards is room for the k cards of a note being added. In a lean parse
// or a reread, addNote hands the cards on (to the flat array or to each)
// and keeps none, so every note's cards use the one scratch slice.
func (p *parser) noteCards(k int) []Card {
	if p.lean == nil {
		return make([]Card, 0, k)
	}
	if cap(p.scratch) < k {
		p.scratch = make([]Card, 0, max(k, 4))
	}
	return p.scratch[:0]
}

// dropsTexts reports whether this is a lean parse (not a reread), which
// keeps no card's front or back.
func (p *parser) dropsTexts() bool { return p.lean != nil && p.lean.each == nil }

// leanBack stands for a basic card's back in a lean parse, which keeps no
// back: what counts there is only whether the back is empty.
const leanBack = "\x00lean"

// backText is the text of a basic card's back, lines ls; in a lean parse
// (not a reread), which drops it, only whether it is empty: "" or leanBack.
func (p *parser) backText(ls []pline) string {
	if p.dropsTexts() {
		for _, l := range ls {
			if !isBlank(l.text) {
				return leanBack
			}
		}
		return ""
	}
	return joinLines(ls)
}

func (p *parser) endCard() error {
	c := p.card
	if c == nil {
		return nil
	}
	p.card = nil
	if c.marker == 'P' {
		return p.addRubric(c)
	}
	if c.marker == 'C' {
		return p.addCloze(c.line, c.topic, c.pin, joinLines(c.front), clozeModeOf(joinLines(c.front)))
	}
	if !c.inBack && c.typo != 0 {
		return p.errorf(c.typo, `"a:" is not a marker; did you mean "A:"?`)
	}
	if !c.inBack {
		return p.errorf(c.line, "%c: card has no A:", c.marker)
	}
	p.addBasic(c.line, c.topic, c.pin, joinLines(c.front), p.backText(c.back), c.marker == 'R')
	return nil
}

func (p *parser) endMulti() {
	m := p.multi
	if m == nil {
		return
	}
	p.multi = nil
	at := len(p.notes)
	p.addBasic(m.line, m.topic, m.pin, joinLines(m.front), p.backText(m.back), m.reverse)
	p.markObsidian(at, m.scope)
}

// flushPara ends the paragraph outside cards; one with ==highlights== is a
// cloze note (kept at the end only if the file carries a #flashcards tag).
func (p *parser) flushPara() {
	para, pin := p.para, p.paraPin
	// Nothing below adds a line to p.para: the next paragraph reuses its
	// array once this one's text is made.
	p.para, p.paraPin = para[:0], ""
	if len(para) == 0 {
		return
	}
	src := joinLines(para)
	if strings.Contains(src, "==") {
		before := len(p.notes)
		_ = p.addCloze(para[0].line, p.topic, pin, src, clozeHighlight)
		if len(p.notes) > before {
			p.markObsidian(before, p.takeParaTag())
			return
		}
	}
	if t := p.paraTag; t != nil { // prose that starts with a tag
		p.paraTag = nil
		p.setScope(t.path, para[0].line)
	}
	if pin != "" {
		p.warnf(para[0].line-1, "ID: %s is not followed by a card; ignored", pin)
	}
}

// joinLines joins a side's lines, without leading and trailing blank lines
// (blank code lines can only be trailing ones, in a fence left open at the
// end of the file).
func joinLines(ls []pline) string {
	for len(ls) > 0 && isBlank(ls[0].text) {
		ls = ls[1:]
	}
	for len(ls) > 0 && isBlank(ls[len(ls)-1].text) {
		ls = ls[:len(ls)-1]
	}
	n := 0
	for _, l := range ls {
		n += len(l.text) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// finish fills in names, topics, pins and keys.
func (p *parser) finish() error {
	d := p.d
	d.ID = p.deckID()
	d.Name = p.deckName()
	p.scopeAndSeparators()
	pins := map[string]int{}
	if p.lean == nil {
		total := 0
		for _, n := range p.notes {
			total += len(n.cards)
		}
		d.Cards = make([]Card, 0, total)
	}
	for i := range p.notes {
		n := &p.notes[i]
		if n.highlight && !p.tagged {
			if n.pin != "" {
				p.warnf(n.line-1, "ID: %s is not followed by a card; ignored", n.pin)
			}
			continue
		}
		if n.pin != "" {
			if at, ok := pins[n.pin]; ok {
				return p.errorf(n.line, "ID: %s is already used by the card at line %d", n.pin, at)
			}
			pins[n.pin] = n.line
		}
		topic := n.topic
		if topic == "" {
			topic = n.scope.path // the tag over the card gives its topic
		}
		if topic == "" {
			topic = d.Name
		}
		if p.lean != nil {
			p.lean.take(n, topic)
			continue
		}
		for _, c := range n.cards {
			c.Topic, c.Pin = topic, n.pin
			d.Cards = append(d.Cards, c)
		}
		n.cards = nil // d.Cards holds them now
	}
	if p.lean != nil {
		p.lean.compact(d)
	} else {
		if len(d.Cards) == 0 {
			d.Cards = nil
		}
		setKeys(d)
	}
	if d.Len() == 0 {
		d.Warnings = append(d.Warnings, Warning{File: p.file, Msg: "no cards"})
	}
	return nil
}

func baseName(file string) string {
	b := filepath.Base(filepath.ToSlash(file))
	if b == "." || b == "/" {
		return ""
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// tomlLine is a TOML "key = value" line.
var tomlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')(\s*\.\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*\s*=`)
})

// frontMatter reads the front matter after a first line of "---".
func (p *parser) frontMatter() error {
	var lines []string
	isTOML := true
	for {
		line, err := p.readLine()
		if err == io.EOF {
			return p.errorf(1, "front matter is not closed by a --- line")
		}
		if err != nil {
			return err
		}
		if strings.TrimRight(line, " \t") == "---" {
			break
		}
		lines = append(lines, line)
		if !isBlank(line) && !tomlLine().MatchString(line) {
			isTOML = false
		}
	}
	text := strings.Join(lines, "\n")
	var m map[string]any
	var err error
	if isTOML {
		err = toml.Unmarshal([]byte(text), &m)
	} else {
		err = yaml.Unmarshal([]byte(text), &m)
	}
	if err != nil {
		return p.errorf(1, "front matter: %v", cleanErr(err))
	}
	name := scalar(m["deck"])
	if name == "" {
		name = scalar(m["name"])
	}
	if name = oneLine(name); name != "" {
		p.d.Name, p.nameFromFM = name, true
	}
	p.d.ID = Slug(scalar(m["id"]))
	if r, ok := m["round"]; ok {
		if p.round = strings.TrimSpace(scalar(r)); !IsRound(p.round) {
			return p.errorf(1, "front matter: round %q is not an interview round; use one of %s", p.round, strings.Join(Rounds, ", "))
		}
	}
	switch t := m["tags"].(type) {
	case []any:
		for _, v := range t {
			if s := oneLine(scalar(v)); s != "" {
				p.d.Tags = append(p.d.Tags, s)
			}
		}
	case string:
		for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' }) {
			p.d.Tags = append(p.d.Tags, s)
		}
	}
	for _, t := range p.d.Tags {
		t = strings.TrimPrefix(t, "#")
		if strings.EqualFold(t, "flashcards") || (len(t) > 11 && strings.EqualFold(t[:11], "flashcards/")) {
			p.tagged = true
			if p.tagPath == "" && len(t) > 11 {
				p.tagPath = strings.Trim(t[11:], "/")
			}
		}
	}
	if p.tagged { // a front matter tag covers the whole file
		p.scope = tagScope{set: true, path: p.tagPath}
	}
	return nil
}

func cleanErr(err error) string {
	return strings.TrimPrefix(strings.ReplaceAll(err.Error(), "\n", " "), "yaml: ")
}

// scalar returns a front matter value as text ("" for lists and maps).
func scalar(v any) string {
	switch v := v.(type) {
	case nil, []any, map[string]any:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// oneLine collapses white space, so a name can be written as one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// lines writes "1 line", "2 lines".
func lines(n int) string {
	if n == 1 {
		return "1 line"
	}
	return strconv.Itoa(n) + " lines"
}
