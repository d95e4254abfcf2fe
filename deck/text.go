package deck

import "strings"

// Line-level helpers shared by the markdown parser and the cloze reader:
// inline code spans, fences, HTML comments, headings and tags. Every helper
// is linear in the length of its input.

// codeSpans returns the [start, end) byte ranges of the inline code spans in
// line: a run of n backticks up to the next run of exactly n backticks.
// A run with no partner is literal text.
func codeSpans(line string) [][2]int {
	if strings.IndexByte(line, '`') < 0 {
		return nil
	}
	type run struct{ pos, n int }
	var runs []run
	for i := 0; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		runs = append(runs, run{i, j - i})
		i = j
	}
	// next[k] is the index of the next run as long as run k, or -1.
	next := make([]int, len(runs))
	last := make(map[int]int)
	for k := len(runs) - 1; k >= 0; k-- {
		next[k] = -1
		if v, ok := last[runs[k].n]; ok {
			next[k] = v
		}
		last[runs[k].n] = k
	}
	var spans [][2]int
	for k := 0; k < len(runs); {
		if m := next[k]; m >= 0 {
			spans = append(spans, [2]int{runs[k].pos, runs[m].pos + runs[m].n})
			k = m + 1
			continue
		}
		k++
	}
	return spans
}

// indexOutside returns the first index of sep in s at or after from that is
// not inside one of spans (sorted, as codeSpans returns them), or -1.
func indexOutside(s, sep string, spans [][2]int) int {
	from, k := 0, 0
	for {
		i := strings.Index(s[from:], sep)
		if i < 0 {
			return -1
		}
		i += from
		for k < len(spans) && spans[k][1] <= i {
			k++
		}
		if k < len(spans) && spans[k][0] <= i {
			from = spans[k][1]
			continue
		}
		return i
	}
}

// stripComments removes <!-- … --> comments from line, outside inline code.
// inComment says whether a comment is already open; the result says whether
// one is still open at the end of the line, and whether anything was removed.
func stripComments(line string, inComment bool) (out string, stillOpen, changed bool) {
	if !inComment && !strings.Contains(line, "<!--") {
		return line, false, false
	}
	var b strings.Builder
	pos := 0
	if inComment {
		e := strings.Index(line, "-->")
		if e < 0 {
			return "", true, true
		}
		pos = e + 3
	}
	spans := codeSpans(line)
	for {
		i := indexOutside(line[pos:], "<!--", shift(spans, pos))
		if i < 0 {
			b.WriteString(line[pos:])
			return b.String(), false, true
		}
		b.WriteString(line[pos : pos+i])
		e := strings.Index(line[pos+i+4:], "-->")
		if e < 0 {
			return b.String(), true, true
		}
		pos += i + 4 + e + 3
	}
}

// shift returns spans re-based to start at off, dropping those before it.
func shift(spans [][2]int, off int) [][2]int {
	if off == 0 {
		return spans
	}
	var out [][2]int
	for _, s := range spans {
		if s[1] <= off {
			continue
		}
		a := s[0] - off
		if a < 0 {
			a = 0
		}
		out = append(out, [2]int{a, s[1] - off})
	}
	return out
}

// fenceOpen reports whether line opens a fenced code block: up to three
// spaces, then three or more backticks or tildes (a backtick fence's info
// string holds no backtick).
func fenceOpen(line string) (ch byte, n int, ok bool) {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i >= len(line) || (line[i] != '`' && line[i] != '~') {
		return 0, 0, false
	}
	ch = line[i]
	j := i
	for j < len(line) && line[j] == ch {
		j++
	}
	n = j - i
	if n < 3 || (ch == '`' && strings.IndexByte(line[j:], '`') >= 0) {
		return 0, 0, false
	}
	return ch, n, true
}

// fenceClose reports whether line closes a fence opened with n ch's.
func fenceClose(line string, ch byte, n int) bool {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	j := i
	for j < len(line) && line[j] == ch {
		j++
	}
	return j-i >= n && strings.TrimSpace(line[j:]) == ""
}

// heading returns the level (1-6) and text of an ATX heading line: one to
// six '#' then a space. "#tag" is not a heading.
func heading(line string) (level int, text string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n < 1 || n > 6 || n >= len(line) || line[n] != ' ' {
		return 0, ""
	}
	return n, strings.TrimSpace(line[n:])
}

// isBlank reports whether a line holds only white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// isRule reports whether a line holds only "---" (the card separator).
func isRule(s string) bool { return len(s) >= 3 && s[0] == '-' && trimRightBlank(s) == "---" }

// trimLeftBlank is strings.TrimLeft(s, " \t"), without building a cut set
// on every line.
func trimLeftBlank(s string) string {
	for len(s) > 0 && isSpaceByte(s[0]) {
		s = s[1:]
	}
	return s
}

// trimRightBlank is strings.TrimRight(s, " \t").
func trimRightBlank(s string) string {
	for len(s) > 0 && isSpaceByte(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// findTag looks for a #flashcards or #flashcards/path tag outside inline code
// and returns its path ("" for the bare tag).
func findTag(line string) (path string, ok bool) {
	if !strings.Contains(line, "#") {
		return "", false
	}
	spans := codeSpans(line)
	from := 0
	for {
		i := indexOutside(line[from:], "#", shift(spans, from))
		if i < 0 {
			return "", false
		}
		i += from
		from = i + 1
		if i > 0 && !isSpaceByte(line[i-1]) {
			continue
		}
		rest := line[i+1:]
		const tag = "flashcards"
		if len(rest) < len(tag) || !strings.EqualFold(rest[:len(tag)], tag) {
			continue
		}
		rest = rest[len(tag):]
		end := strings.IndexAny(rest, " \t")
		if end < 0 {
			end = len(rest)
		}
		switch {
		case end == 0:
			return "", true
		case rest[0] == '/':
			// A copy: a tag's path becomes cards' topic, and the line is
			// part of a block of the file (parser.readLine).
			return strings.Clone(strings.Trim(rest[1:end], "/")), true
		}
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' }
