package deck

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// ParseAnki reads an Anki text export (.txt, .tsv or .csv) the way Anki's
// own importer reads it (DESIGN.md, "Anki text and CSV files"). A file
// yields one deck per deck-column value, in order of first appearance; rows
// with no deck go to the default deck, named by the #deck: header or else
// the file's base name.
func ParseAnki(file string, r io.Reader) ([]*Deck, error) {
	a := &ankiReader{file: file, br: bufio.NewReader(r), html: true}
	return a.read()
}

type ankiReader struct {
	file   string
	br     *bufio.Reader
	lineNo int

	sep      string
	html     bool
	deckName string
	tags     []string
	cols     map[string]int // guid, notetype, deck, tags → 1-based column

	warnings []Warning
}

func (a *ankiReader) errorf(line int, format string, args ...any) error {
	return &ParseError{File: a.file, Line: line, Err: fmt.Errorf(format, args...)}
}

func (a *ankiReader) warnf(line int, format string, args ...any) {
	a.warnings = append(a.warnings, Warning{File: a.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// physLine is a physical line: its text without the line ending, its
// number, and whether a newline followed it.
type physLine struct {
	text string
	n    int
	nl   bool
}

func (a *ankiReader) next() (physLine, error) {
	s, err := a.br.ReadString('\n')
	if s == "" && err != nil {
		return physLine{}, err
	}
	a.lineNo++
	nl := strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	if a.lineNo == 1 {
		s = strings.TrimPrefix(s, "\ufeff")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return physLine{}, a.errorf(a.lineNo, "NUL byte in text")
	}
	if !utf8.ValidString(s) {
		return physLine{}, a.errorf(a.lineNo, "invalid UTF-8")
	}
	return physLine{text: s, n: a.lineNo, nl: nl}, nil
}

func (a *ankiReader) read() ([]*Deck, error) {
	a.cols = map[string]int{}
	// Headers and comments at the top; then buffer up to ten data lines to
	// choose the separator.
	var buf []physLine
	headers := true
	for len(buf) < 10 {
		l, err := a.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if headers && strings.HasPrefix(l.text, "#") {
			if err := a.header(l); err != nil {
				return nil, err
			}
			continue
		}
		if !strings.HasPrefix(l.text, "#") && !isBlank(l.text) {
			headers = false
		}
		buf = append(buf, l)
	}
	if a.sep == "" {
		a.sep = ","
		if !strings.HasSuffix(strings.ToLower(a.file), ".csv") {
			for _, l := range buf {
				if strings.Contains(l.text, "\t") {
					a.sep = "\t"
					break
				}
			}
		}
	}
	pending := buf
	nextLine := func() (physLine, error) {
		if len(pending) > 0 {
			l := pending[0]
			pending = pending[1:]
			return l, nil
		}
		return a.next()
	}

	decks := map[string]*Deck{}
	var order []*Deck
	deckFor := func(name string) *Deck {
		if d, ok := decks[name]; ok {
			return d
		}
		id := Slug(name)
		if id == "" {
			id = "deck"
		}
		d := &Deck{ID: id, Name: name, File: a.file, Tags: a.tags}
		decks[name] = d
		order = append(order, d)
		return d
	}
	defName := oneLine(a.deckName)
	if defName == "" {
		defName = baseName(a.file)
	}
	if defName == "" {
		defName = "deck"
	}
	guids := map[string]int{}
	for {
		rec, line, err := a.record(nextLine)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec == nil {
			continue
		}
		get := func(key string) string {
			if c := a.cols[key]; c > 0 && c <= len(rec) {
				return rec[c-1]
			}
			return ""
		}
		name := oneLine(get("deck"))
		if name == "" {
			name = defName
		}
		pin := strings.TrimSpace(get("guid"))
		if strings.ContainsAny(pin, "\r\n") {
			a.warnf(line, "guid holds a line break; ignored")
			pin = ""
		}
		var rest []string
		for i, f := range rec {
			drop := false
			for _, c := range a.cols {
				if c == i+1 {
					drop = true
				}
			}
			if !drop {
				rest = append(rest, f)
			}
		}
		var front, back string
		if len(rest) > 0 {
			front = a.field(rest[0])
		}
		var backs []string
		for _, f := range rest[min(1, len(rest)):] {
			if f = a.field(f); f != "" {
				backs = append(backs, f)
			}
		}
		back = strings.Join(backs, "\n")
		d := deckFor(name)
		switch {
		case front == "":
			a.warnf(line, "row has an empty front; skipped")
			continue
		case back == "":
			a.warnf(line, "row has an empty back; skipped")
			continue
		}
		if pin != "" {
			if at, ok := guids[pin]; ok {
				a.warnf(line, "guid %s is already used by the row at line %d; ignored", pin, at)
				pin = ""
			} else {
				guids[pin] = line
			}
		}
		d.Cards = append(d.Cards, Card{Kind: Basic, Front: front, Back: back, Topic: name, Line: line, Pin: pin, Source: front})
	}
	if len(order) == 0 {
		deckFor(defName)
	}
	// Warnings go to the first deck, which every caller reports.
	order[0].Warnings = append(order[0].Warnings, a.warnings...)
	for _, d := range order {
		setKeys(d)
		if len(d.Cards) == 0 {
			d.Warnings = append(d.Warnings, Warning{File: a.file, Msg: "no cards"})
		}
	}
	return order, nil
}

// header reads a "#key:value" header line; other # lines are comments.
func (a *ankiReader) header(l physLine) error {
	key, val, ok := strings.Cut(l.text[1:], ":")
	if !ok {
		return nil
	}
	key = strings.ToLower(strings.TrimSpace(key))
	val = strings.TrimSpace(val)
	switch key {
	case "separator":
		switch strings.ToLower(val) {
		case "tab":
			a.sep = "\t"
		case "comma":
			a.sep = ","
		case "semicolon":
			a.sep = ";"
		case "pipe":
			a.sep = "|"
		case "space":
			a.sep = " "
		default:
			raw := l.text[strings.IndexByte(l.text, ':')+1:]
			if utf8.RuneCountInString(raw) == 1 && raw != "\"" {
				a.sep = raw
				return nil
			}
			return a.errorf(l.n, "unknown separator %q", val)
		}
	case "html":
		switch strings.ToLower(val) {
		case "true":
			a.html = true
		case "false":
			a.html = false
		default:
			return a.errorf(l.n, "#html: wants true or false, not %q", val)
		}
	case "deck":
		a.deckName = val
	case "tags":
		a.tags = strings.Fields(val)
	case "guid column", "notetype column", "deck column", "tags column":
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			return a.errorf(l.n, "#%s: wants a column number from 1, not %q", key, val)
		}
		a.cols[strings.TrimSuffix(key, " column")] = n
	case "notetype", "columns":
		// Accepted; aipm reads every row as front and back.
	}
	return nil
}

// record reads one row: fields split on the separator, a field that starts
// with '"' quoted (and possibly spanning lines), text after a closing quote
// kept. Blank lines and lines starting with '#' give a nil row.
func (a *ankiReader) record(next func() (physLine, error)) ([]string, int, error) {
	l, err := next()
	if err != nil {
		return nil, 0, err
	}
	start := l.n
	if isBlank(l.text) || strings.HasPrefix(l.text, "#") {
		return nil, start, nil
	}
	var fields []string
	var b strings.Builder
	s := l.text
	i := 0
	for {
		// At the start of a field.
		b.Reset()
		if i < len(s) && s[i] == '"' {
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					b.WriteString(s[i:])
					nl, err := next()
					if err == io.EOF {
						a.warnf(start, "quoted field is never closed")
						fields = append(fields, b.String())
						return fields, start, nil
					}
					if err != nil {
						return nil, 0, err
					}
					b.WriteByte('\n')
					s, i = nl.text, 0
					continue
				}
				b.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
		}
		j := strings.Index(s[i:], a.sep)
		if j < 0 {
			b.WriteString(s[i:])
			fields = append(fields, b.String())
			return fields, start, nil
		}
		b.WriteString(s[i : i+j])
		fields = append(fields, b.String())
		i += j + len(a.sep)
	}
}

// field turns a raw field into card text: HTML to plain text unless
// #html:false, without leading and trailing blank lines.
func (a *ankiReader) field(s string) string {
	if a.html {
		s = htmlText(s)
	}
	if strings.Contains(s, "[sound:") {
		s = soundTag().ReplaceAllString(s, "[audio: $1]")
	}
	ls := strings.Split(s, "\n")
	for len(ls) > 0 && isBlank(ls[0]) {
		ls = ls[1:]
	}
	for len(ls) > 0 && isBlank(ls[len(ls)-1]) {
		ls = ls[:len(ls)-1]
	}
	return strings.Join(ls, "\n")
}

// blockTags become line breaks; other tags are dropped.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "dd": true, "div": true,
	"dl": true, "dt": true, "figcaption": true, "figure": true, "footer": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hr": true,
	"li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "tr": true, "ul": true,
}

// htmlText converts an HTML field to text as a browser shows it: runs of
// white space (line breaks included) are one space, dropped at the start
// and end of a line, except inside <pre>; <br> and block tags become line
// breaks, other tags and comments are dropped, entities are decoded.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&\t\n\r\f") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s // nothing to collapse or decode
	}
	var b strings.Builder
	lineStart, space, pre := true, false, 0
	text := func(t string) {
		if pre > 0 {
			b.WriteString(t)
			if t != "" {
				lineStart = strings.HasSuffix(t, "\n")
			}
			return
		}
		for len(t) > 0 {
			if isHTMLSpace(rune(t[0])) {
				space = true
				t = t[1:]
				continue
			}
			end := strings.IndexFunc(t, isHTMLSpace)
			if end < 0 {
				end = len(t)
			}
			if space && !lineStart {
				b.WriteByte(' ')
			}
			b.WriteString(t[:end])
			space, lineStart = false, false
			t = t[end:]
		}
	}
	newline := func(always bool) {
		if always || !lineStart {
			b.WriteByte('\n')
		}
		lineStart, space = true, false
	}
	for i := 0; i < len(s); {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			text(s[i:])
			break
		}
		lt += i
		text(s[i:lt])
		rest := s[lt+1:]
		if strings.HasPrefix(rest, "!--") {
			e := strings.Index(rest[3:], "-->")
			if e < 0 {
				break
			}
			i = lt + 1 + 3 + e + 3
			continue
		}
		if rest == "" || !(isASCIILetter(rest[0]) || rest[0] == '/' || rest[0] == '!') {
			text("<")
			i = lt + 1
			continue
		}
		gt := strings.IndexByte(rest, '>')
		if gt < 0 {
			text(s[lt:])
			break
		}
		closing := strings.HasPrefix(rest, "/")
		name := strings.TrimPrefix(rest[:gt], "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		name = strings.ToLower(name)
		switch {
		case name == "br":
			newline(true)
		case blockTags[name]:
			newline(false)
		}
		if name == "pre" {
			if closing {
				pre = max(pre-1, 0)
			} else {
				pre++
			}
		}
		i = lt + 1 + gt + 1
	}
	return strings.ReplaceAll(html.UnescapeString(b.String()), "\u00a0", " ")
}

// isHTMLSpace is HTML's ASCII white space, which a browser collapses.
func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// soundTag is Anki's [sound:file] reference to an audio file.
var soundTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[sound:([^\]\n]*)\]`) })

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// ankiHeaders are the header keys of Anki's text export.
var ankiHeaders = map[string]bool{
	"separator": true, "html": true, "deck": true, "tags": true, "notetype": true, "columns": true,
	"guid column": true, "notetype column": true, "deck column": true, "tags column": true,
}

// LooksLikeAnki reports whether r starts like an Anki text export: a
// "#key:value" header that Anki writes (#separator:, #html:, …) before the
// first data line, or a tab in one of the first 50 data lines. A .txt or
// .csv found in a folder is read as a deck only when it does (a stray
// SOURCES.txt or people.csv is not a deck).
func LooksLikeAnki(r io.Reader) bool {
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	data := 0
	for sc.Scan() && data < 50 {
		l := strings.TrimPrefix(sc.Text(), "\ufeff")
		switch {
		case isBlank(l):
		case strings.HasPrefix(l, "#"):
			key, _, ok := strings.Cut(l[1:], ":")
			if ok && data == 0 && ankiHeaders[strings.ToLower(strings.TrimSpace(key))] {
				return true
			}
		default:
			if strings.Contains(l, "\t") {
				return true
			}
			data++
		}
	}
	return false
}
