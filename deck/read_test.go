package deck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadBlocks: the parser reads a file in blocks of blockSize and cuts
// its lines out of them; a deck whose lines straddle blocks, or are longer
// than a block, with CRLF endings, a BOM and no final line ending, parses
// the same however its reader hands out the bytes.
func TestReadBlocks(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\ufeff# Blocks\r\n\r\n")
	for i := 0; b.Len() < 5*blockSize; i++ {
		switch i % 50 {
		case 7:
			fmt.Fprintf(&b, "Q: long %d %s\r\nA: end\r\n\r\n", i, strings.Repeat("w ", blockSize))
		case 19:
			fmt.Fprintf(&b, "## Topic %d\n\n", i)
		default:
			fmt.Fprintf(&b, "Q: card %d %s?\nA: back %d\r\r\nline two\n\n", i, strings.Repeat("é", i%97), i)
		}
	}
	b.WriteString("Q: last\nA: no line ending")
	src := b.String()
	want, err := Parse("blocks.md", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(want.Cards); n < 100 {
		t.Fatalf("%d cards, want more than 100", n)
	}
	first, last := want.Cards[0], want.Cards[len(want.Cards)-1]
	if first.Front != "card 0 ?" || first.Back != "back 0\nline two" || first.Topic != "Blocks" {
		t.Errorf("first card %+v", first)
	}
	if last.Front != "last" || last.Back != "no line ending" {
		t.Errorf("last card %+v", last)
	}
	long := want.Cards[7]
	if long.Front != "long 7 "+strings.Repeat("w ", blockSize) || long.Line != 31 {
		t.Errorf("long card: line %d, front of %d bytes", long.Line, len(long.Front))
	}
	for name, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(strings.NewReader(src)),
		"half":     iotest.HalfReader(strings.NewReader(src)),
		"data+EOF": iotest.DataErrReader(strings.NewReader(src)),
	} {
		got, err := Parse("blocks.md", r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the deck differs from the one read at once", name)
		}
	}
}

// TestReadError: a reader that fails ends the parse with a *ParseError
// naming the file and the line it stopped at.
func TestReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("Q: one\nA: two\n"), iotest.ErrReader(fmt.Errorf("disk on fire")))
	_, err := Parse("broken.md", r)
	var pe *ParseError
	if err == nil || !errors.As(err, &pe) || err.Error() != "broken.md:2: disk on fire" {
		t.Fatalf("error %v, want broken.md:2: disk on fire", err)
	}
}

// TestReadBadBytes: a NUL byte or invalid UTF-8 far into a file, past the
// blocks checked whole, names its own line.
func TestReadBadBytes(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*blockSize; i++ {
		fmt.Fprintf(&b, "Q: card %d\nA: back\n\n", i)
	}
	n := strings.Count(b.String(), "\n")
	for bad, msg := range map[string]string{"\x00": "NUL byte in text", "\xff": "invalid UTF-8"} {
		src := b.String() + "Q: fine\nA: ba" + bad + "d\n" + b.String()
		_, err := Parse("bad.md", strings.NewReader(src))
		if want := fmt.Sprintf("bad.md:%d: %s", n+2, msg); err == nil || err.Error() != want {
			t.Errorf("%q: error %v, want %s", bad, err, want)
		}
	}
}
