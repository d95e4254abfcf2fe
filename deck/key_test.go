package deck

import (
	"strings"
	"testing"
)

// Fronts that differ only in case are two cards with two keys, and no
// duplicate warning; fronts that differ only in white space are one.
func TestKeysKeepCase(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		warns int
	}{
		{"vim i and I", "Q: i\nA: insert\n\nQ: I\nA: insert at line start\n", 0},
		{"a, A, o, O, v, V", "Q: a\nA: append\n\nQ: A\nA: append at end\n\nQ: o\nA: open below\n\nQ: O\nA: open above\n\nQ: v\nA: visual\n\nQ: V\nA: visual line\n", 0},
		{"white space only", "Q: What is  AUC?\nA: one\n\nQ: What is AUC?\nA: two\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse("vim.md", strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Warnings) != tc.warns {
				t.Errorf("warnings = %v, want %d", d.Warnings, tc.warns)
			}
			keys := map[string]bool{}
			for _, c := range d.Cards {
				keys[strings.SplitN(c.Key, "#", 2)[0]] = true
			}
			if want := len(d.Cards) - tc.warns; len(keys) != want {
				t.Errorf("%d distinct keys for %d cards, want %d", len(keys), len(d.Cards), want)
			}
		})
	}
}

func TestClozeIdents(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want map[int]string
	}{
		{"unnumbered brackets", "A [b] c [d e].", map[int]string{1: "b", 2: "d e"}},
		{"numbered", "{{c2::x}} and {{c1::y}} and {{c2::z}}", map[int]string{1: NumberedIdent(1) + "\x00y", 2: NumberedIdent(2) + "\x00x"}},
		{"mixed", "{{c1::x}} and {{y::hint}}", map[int]string{1: NumberedIdent(1) + "\x00x", 2: "y"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cards, err := expandCloze(tc.src, clozeModeOf(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]string{}
			for _, c := range cards {
				got[c.group] = c.ident
			}
			if len(got) != len(tc.want) {
				t.Fatalf("idents = %v, want %v", got, tc.want)
			}
			for g, w := range tc.want {
				if got[g] != w {
					t.Errorf("group %d: ident %q, want %q", g, got[g], w)
				}
			}
			// A stored card's identities come back from its text and front.
			if back := ClozeIdents(tc.src, cards[0].front, cards[0].group); len(back) != len(got) || back[1] != got[1] {
				t.Errorf("ClozeIdents = %v, want %v", back, got)
			}
		})
	}
}

// TestAppendKeyTextIsKeyText: the key's normalisation, written straight
// into the hashed bytes, is KeyText's.
func TestAppendKeyTextIsKeyText(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  What IS\n\tSM-2? ", "a\u00a0b\u2003c\u0085d", "x\v\fy\r\n", "é  ü\t", "\xff a \xfe", "  lead", "trail  ",
		"ab  cd", "ab cd ", "ab cd\tef", "ab é", "a b c", "abc \u00a0 d", "word \n", "x y\x01z", "one two\u2003"} {
		if got, want := string(appendKeyText([]byte("p"), s)), "p"+KeyText(s); got != want {
			t.Errorf("appendKeyText(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzAppendKeyText: the key's normalisation is KeyText's for any text,
// valid UTF-8 or not.
func FuzzAppendKeyText(f *testing.F) {
	for _, s := range []string{"", "  What IS\n\tSM-2? ", "a\u00a0b\u2003c\u0085d", "x\v\fy\r\n", "\xff a \xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendKeyText(nil, s)), KeyText(s); got != want {
			t.Errorf("appendKeyText(%q) = %q, want %q", s, got, want)
		}
	})
}
