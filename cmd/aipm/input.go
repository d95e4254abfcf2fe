package main

import (
	"bufio"
	"errors"
	"strconv"
	"unicode/utf8"
)

// maxLine is the longest line of input a line-mode review reads: an
// answer is a few bytes, and an endless line (review < /dev/zero) must
// not grow without bound.
const maxLine = 4096

// shownBad is how much of a bad line an error shows.
const shownBad = 40

var errLongLine = errors.New("line too long")

// readLine reads one line of at most maxLine bytes, its newline included.
// A longer line gives errLongLine with the line's start.
func readLine(br *bufio.Reader) (string, error) {
	b, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return string(b), errLongLine
	}
	return string(b), err
}

// quoteStart quotes the start of a bad line, at most shownBad characters
// of it, cleaned of controls, with "…" when there was more.
func quoteStart(line string) string {
	line = clean(line)
	n, cut := 0, len(line)
	for i := range line {
		if n == shownBad {
			cut = i
			break
		}
		n++
	}
	if cut < len(line) {
		return `"` + line[:cut] + `…"`
	}
	if !utf8.ValidString(line) {
		return strconv.Quote(line)
	}
	return `"` + line + `"`
}
