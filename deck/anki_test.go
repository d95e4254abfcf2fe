package deck

import (
	"strings"
	"testing"
)

type ankiCard struct{ deck, front, back, pin string }

func TestParseAnki(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            []ankiCard
		warnings        int
	}{
		{"tab detected", "a.txt", "f1\tb1\nf2\tb2", []ankiCard{{"a", "f1", "b1", ""}, {"a", "f2", "b2", ""}}, 0},
		{"comma without tabs", "a.txt", "f1,b1\n", []ankiCard{{"a", "f1", "b1", ""}}, 0},
		// The tab is in the field; in HTML it shows as a space.
		{"csv is comma even with tabs", "a.csv", "f\t1,b\n", []ankiCard{{"a", "f 1", "b", ""}}, 0},
		{"named separator", "a.txt", "#separator:Semicolon\nf;b;extra\n", []ankiCard{{"a", "f", "b\nextra", ""}}, 0},
		{"one-char separator", "a.txt", "#separator:@\nf@b\n", []ankiCard{{"a", "f", "b", ""}}, 0},
		{"quoted field keeps text after the quote", "a.tsv", "\"Cracked\" Engineer\tx\n", []ankiCard{{"a", "Cracked Engineer", "x", ""}}, 0},
		{"doubled quotes and mid-field quote", "a.tsv", "say \"hi\"\t\"a \"\"b\"\"\"\n", []ankiCard{{"a", "say \"hi\"", "a \"b\"", ""}}, 0},
		{"quoted field spans lines", "a.tsv", "f\t\"line 1\nline 2\"\nf2\tb2\n", []ankiCard{{"a", "f", "line 1 line 2", ""}, {"a", "f2", "b2", ""}}, 0},
		{"quoted field spans lines, html off", "a.tsv", "#html:false\nf\t\"line 1\nline 2\"\n", []ankiCard{{"a", "f", "line 1\nline 2", ""}}, 0},
		{"CRLF and no final newline", "a.tsv", "f\tb\r\nf2\tb2", []ankiCard{{"a", "f", "b", ""}, {"a", "f2", "b2", ""}}, 0},
		{"comments and blank lines", "a.tsv", "# hello\n\nf\tb\n# more\n", []ankiCard{{"a", "f", "b", ""}}, 0},
		{"empty back skipped", "a.tsv", "only front\nf\tb\n", []ankiCard{{"a", "f", "b", ""}}, 1},
		{"empty front skipped", "a.tsv", "\tback\n", nil, 2},
		{"html", "a.tsv", "<b>bold</b> &amp; x<br>y\t<div>a</div><div>b &lt;c&gt;</div>\n", []ankiCard{{"a", "bold & x\ny", "a\nb <c>", ""}}, 0},
		{"html off", "a.tsv", "#html:false\n<b>x</b>\ta &amp; b\n", []ankiCard{{"a", "<b>x</b>", "a &amp; b", ""}}, 0},
		{"deck header", "a.tsv", "#deck:My Deck\nf\tb\n", []ankiCard{{"My Deck", "f", "b", ""}}, 0},
		{"deck and guid columns", "a.tsv", "#separator:tab\n#guid column:1\n#deck column:4\ng1\tf1\tb1\tA::B\ng2\tf2\tb2\t\ng3\tf3\tb3\tA::B\n",
			[]ankiCard{{"A::B", "f1", "b1", "g1"}, {"A::B", "f3", "b3", "g3"}, {"a", "f2", "b2", "g2"}}, 0},
		{"tags and notetype columns removed", "a.tsv", "#notetype column:1\n#tags column:4\nBasic\tf\tb\ttag1 tag2\n", []ankiCard{{"a", "f", "b", ""}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ParseAnki(tt.file, strings.NewReader(tt.src))
			if err != nil {
				t.Fatalf("ParseAnki(%q): %v", tt.src, err)
			}
			var got []ankiCard
			warnings := 0
			for _, d := range ds {
				for _, c := range d.Cards {
					got = append(got, ankiCard{d.Name, c.Front, c.Back, c.Pin})
				}
				warnings += len(d.Warnings)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("ParseAnki(%q) = %q, want %q", tt.src, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("ParseAnki(%q) card %d = %q, want %q", tt.src, i, got[i], tt.want[i])
				}
			}
			if warnings != tt.warnings {
				t.Errorf("ParseAnki(%q) warnings = %d, want %d", tt.src, warnings, tt.warnings)
			}
		})
	}
}

func TestParseAnkiDeckIDs(t *testing.T) {
	ds, err := ParseAnki("x/My File.txt", strings.NewReader("#deck column:3\nf\tb\tA::B\nf\tb\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].ID != "a-b" || ds[0].Name != "A::B" || ds[1].ID != "my-file" || ds[1].Name != "My File" {
		for _, d := range ds {
			t.Logf("deck %q %q", d.ID, d.Name)
		}
		t.Errorf("ParseAnki decks wrong")
	}
	if got := ds[0].Cards[0].Line; got != 2 {
		t.Errorf("first card line = %d, want 2", got)
	}
}

func TestParseAnkiErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"bad separator", "#separator:tabs\nf\tb\n", "a.txt:1: unknown separator \"tabs\""},
		{"bad column", "#guid column:0\n", "a.txt:1: #guid column: wants a column number from 1, not \"0\""},
		{"bad html", "#html:maybe\n", "a.txt:1: #html: wants true or false, not \"maybe\""},
		{"NUL", "f\tb\nf\x00\tb\n", "a.txt:2: NUL byte in text"},
		{"invalid UTF-8", "f\t\xff\n", "a.txt:1: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAnki("a.txt", strings.NewReader(tt.src))
			if err == nil || err.Error() != tt.want {
				t.Errorf("ParseAnki(%q) error = %v, want %q", tt.src, err, tt.want)
			}
		})
	}
}
