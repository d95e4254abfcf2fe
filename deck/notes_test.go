package deck

import (
	"slices"
	"strings"
	"testing"
)

// Real notes read as their authors meant (issue 11): the Obsidian SR tag
// scope, custom separators, Anki HTML, the a: typo and unclosed blocks.

type topicCard struct{ front, back, topic string }

func cardsOf(d *Deck) []topicCard {
	var out []topicCard
	for _, c := range d.Cards {
		out = append(out, topicCard{c.Front, c.Back, c.Topic})
	}
	return out
}

func warningsOf(d *Deck) []string {
	var out []string
	for _, w := range d.Warnings {
		out = append(out, w.String())
	}
	return out
}

func TestTagScope(t *testing.T) {
	tests := []struct {
		name, src string
		want      []topicCard
		warnings  []string
	}{
		{"Dataview fields above the tag make no cards",
			"---\naliases: [attn]\n---\nbuilds-on:: [[Linear algebra]]\nbuilds-on:: [[Softmax]]\nfeeds:: [[Transformers]]\nfeeds:: [[RAG]]\nscroll:: 3\n\n#flashcards/ml\n\nWhat does attention weigh?::The values, by query-key similarity\n",
			[]topicCard{{"What does attention weigh?", "The values, by query-key similarity", "ml"}},
			[]string{"n.md:4: 5 cards above the first #flashcards tag (line 10) left out: a tag covers only the cards after it (so Dataview fields such as key:: value stay out); move the tag up to keep them"}},
		{"multi-line cards above the tag make no cards either",
			"Front\n?\nBack\n\n#flashcards\nF2::B2\n",
			[]topicCard{{"F2", "B2", "n"}},
			[]string{"n.md:1: 1 card above the first #flashcards tag (line 5) left out: a tag covers only the cards after it (so Dataview fields such as key:: value stay out); move the tag up to keep them"}},
		{"the plugin's example: each tag until the next, question-specific tags for one card",
			"#flashcards/deckA\nQ1::A1\nQ2::A2\n\n#flashcards/deckB Q4::A4\n\nQ6::A6\n\n#flashcards/deckC\nQ7::A7\n",
			[]topicCard{{"Q1", "A1", "deckA"}, {"Q2", "A2", "deckA"}, {"Q4", "A4", "deckB"}, {"Q6", "A6", "deckA"}, {"Q7", "A7", "deckC"}}, nil},
		{"a question-specific tag on a multi-line card",
			"#flashcards/a\n\n#flashcards/b What is it?\n?\nThis.\n\nNext\n?\nOne\n",
			[]topicCard{{"What is it?", "This.", "b"}, {"Next", "One", "a"}}, nil},
		{"a tag in the front matter covers the whole file",
			"---\ntags: [flashcards/fm]\n---\nF1::B1\n\n#flashcards/later\nF2::B2\n",
			[]topicCard{{"F1", "B1", "fm"}, {"F2", "B2", "later"}}, nil},
		{"no tag at all: every card counts, as before",
			"F1::B1\n\nFront\n?\nBack\n",
			[]topicCard{{"F1", "B1", "n"}, {"Front", "Back", "n"}}, nil},
		{"Q: cards before the tag are cards",
			"Q: Why?\nA: Because.\n---\n#flashcards/x\nF::B\n",
			[]topicCard{{"Why?", "Because.", "n"}, {"F", "B", "x"}}, nil},
		{"a heading still gives the topic",
			"#flashcards/x\n## Metrics\nF::B\n",
			[]topicCard{{"F", "B", "Metrics"}}, nil},
		{"a tag line is not part of the front below it",
			"#flashcards\nWhat is it?\n?\nThis.\n",
			[]topicCard{{"What is it?", "This.", "n"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseString(t, "n.md", tt.src)
			if got := cardsOf(d); !slices.Equal(got, tt.want) {
				t.Errorf("cards = %q,\nwant %q", got, tt.want)
			}
			if got := warningsOf(d); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings = %q,\nwant %q", got, tt.warnings)
			}
		})
	}
}

func TestMarkerTypo(t *testing.T) {
	tests := []struct {
		name, src, err string
		want           []topicCard
	}{
		{"lowercase a: before any A:", "## vim\n\nQ: How do you append after the cursor?\na: press a\n", `vim.md:4: "a:" is not a marker; did you mean "A:"?`, nil},
		{"a: on a later line of the front", "R: undo\nin normal mode\na: u\n", `vim.md:3: "a:" is not a marker; did you mean "A:"?`, nil},
		{"the first a: line is named", "Q: Modes?\na: append\na: again\n\nQ: next\nA: x\n", `vim.md:2: "a:" is not a marker; did you mean "A:"?`, nil},
		{"a front with a: lines and then an A: is a card (a multiple-choice question)", "Q: Which undoes?\na: u\nb: x\nA: a\n", "",
			[]topicCard{{"Which undoes?\na: u\nb: x", "a", "vim"}}},
		{"a: after A: is text", "Q: Two appends?\nA: Two:\ni: insert\na: append\n", "", []topicCard{{"Two appends?", "Two:\ni: insert\na: append", "vim"}}},
		{"a: in a cloze is text", "C: {{a}} then\na: b\n", "", []topicCard{{"[…] then\na: b", "a then\na: b", "vim"}}},
		{"a: in a fence is code", "Q: Show it\n```\na: x\n```\nA: done\n", "", []topicCard{{"Show it\n```\na: x\n```", "done", "vim"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("vim.md", strings.NewReader(tt.src))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Parse error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cardsOf(d); !slices.Equal(got, tt.want) {
				t.Errorf("cards = %q,\nwant %q", got, tt.want)
			}
		})
	}
}

func TestUnclosedBlocks(t *testing.T) {
	tests := []struct {
		name, src string
		cards     int
		warnings  []string
	}{
		{"unclosed fence", "Q: one\nA: 1\n\n```go\nQ: two\nA: 2\nQ: three\nA: 3\n", 1,
			[]string{"u.md:4: this ``` fence is never closed: it hides the 4 lines after it, to the end of the file; close it with a ``` line"}},
		{"unclosed comment", "Q: one\nA: 1\n<!-- draft\nQ: two\nA: 2\n", 1,
			[]string{"u.md:3: this <!-- comment is never closed: it hides the 2 lines after it, to the end of the file; close it with -->"}},
		{"one hidden line is one line", "Q: one\nA: 1\n<!-- draft\nQ: two\n", 1,
			[]string{"u.md:3: this <!-- comment is never closed: it hides the 1 line after it, to the end of the file; close it with -->"}},
		{"closed ones are fine", "```\nx\n```\n<!-- a\nb -->\nQ: one\nA: 1\n", 1, nil},
		{"a fence open on the last line hides nothing", "Q: one\nA: 1\n~~~\n", 1,
			[]string{"u.md:3: this ~~~ fence is never closed: it hides the 0 lines after it, to the end of the file; close it with a ~~~ line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseString(t, "u.md", tt.src)
			if len(d.Cards) != tt.cards {
				t.Errorf("%d cards, want %d", len(d.Cards), tt.cards)
			}
			if got := warningsOf(d); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings = %q,\nwant %q", got, tt.warnings)
			}
		})
	}
}

func TestAnkiHTMLWhitespace(t *testing.T) {
	tests := []struct{ name, src, front, back string }{
		{"a line break in HTML is a space", "\"(žr) limunska\n  trava\"\tlemongrass\n", "(žr) limunska trava", "lemongrass"},
		{"runs of spaces collapse", "a   b\t<div>  c  </div>  <div>d</div>\n", "a b", "c\nd"},
		{"br keeps its line break", "x <br>  y\tz\n", "x\ny", "z"},
		{"pre keeps its spaces", "f\t\"<pre>a  b\n c</pre>\"\n", "f", "a  b\n c"},
		{"nbsp is not collapsed", "a&nbsp;&nbsp;b\tc\n", "a  b", "c"},
		{"sound tags", "[sound:hello.mp3] hello\tx\n", "[audio: hello.mp3] hello", "x"},
		{"html off keeps line breaks", "#html:false\n\"a\n  b\"\tc\n", "a\n  b", "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ParseAnki("h.txt", strings.NewReader(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(ds[0].Cards) != 1 {
				t.Fatalf("%d cards, want 1 (warnings %v)", len(ds[0].Cards), ds[0].Warnings)
			}
			c := ds[0].Cards[0]
			if c.Front != tt.front || c.Back != tt.back {
				t.Errorf("card = %q / %q, want %q / %q", c.Front, c.Back, tt.front, tt.back)
			}
		})
	}
}

func TestSeparators(t *testing.T) {
	semi := Separators{Inline: ";;", InlineReversed: ";;;", Multiline: ";?", MultilineReversed: ";??"}
	// A vault with the plugin set to ;; ;;; ;? ;??: 3 inline cards (one
	// reversed, so 4) and a multi-line one.
	vault := "#flashcards/vim\n\nundo;;u\nredo;;;Ctrl-R\nappend;;a\n\nHow do you quit?\n;?\n:q\n"
	tests := []struct {
		name, src string
		sep       Separators
		want      []topicCard
		warnings  []string
	}{
		{"the vault's own separators", vault, semi,
			[]topicCard{{"undo", "u", "vim"}, {"redo", "Ctrl-R", "vim"}, {"Ctrl-R", "redo", "vim"}, {"append", "a", "vim"}, {"How do you quit?", ":q", "vim"}}, nil},
		{"read with the defaults: a warning names the first line and the setting", vault, Separators{},
			nil,
			[]string{`s.md:3: no "::" cards in this file, but this line would be one with the separator ";;"; if the vault uses it, import with --obsidian-separators ";; ;;; ;? ;??" (or set obsidian_separators in the config)`}},
		{"the warning comes even when multi-line cards were read", "#flashcards\n\nFront\n?\nBack\n\nundo;;u\n", Separators{},
			[]topicCard{{"Front", "Back", "s"}},
			[]string{`s.md:7: no "::" cards in this file, but this line would be one with the separator ";;"; if the vault uses it, import with --obsidian-separators ";; ;;; ;? ;??" (or set obsidian_separators in the config)`}},
		{"no warning when the file has cards under the active separator", "a::b\nundo;;u\n", Separators{},
			[]topicCard{{"a", "b", "s"}}, nil},
		{"no warning for ;; in inline code", "Front\n?\nUse `a;;b`\n", Separators{},
			[]topicCard{{"Front", "Use `a;;b`", "s"}}, nil},
		{"with ;; active, :: lines warn the other way", "x::y\n", semi,
			nil,
			[]string{`s.md:1: no ";;" cards in this file, but this line would be one with the separator "::"; if the vault uses it, import with --obsidian-separators ":: ::: ? ??" (or set obsidian_separators in the config)`, "s.md: no cards"}},
		{"a partial setting keeps the other defaults", "a=>b\nc:::d\n", Separators{Inline: "=>"},
			[]topicCard{{"a", "b", "s"}, {"c", "d", "s"}, {"d", "c", "s"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseWith("s.md", strings.NewReader(tt.src), Options{Separators: tt.sep})
			if err != nil {
				t.Fatal(err)
			}
			if got := cardsOf(d); !slices.Equal(got, tt.want) {
				t.Errorf("cards = %q,\nwant %q", got, tt.want)
			}
			w := warningsOf(d)
			if len(tt.want) == 0 && len(tt.warnings) > 0 && tt.warnings[len(tt.warnings)-1] != "s.md: no cards" {
				tt.warnings = append(tt.warnings, "s.md: no cards")
			}
			if !slices.Equal(w, tt.warnings) {
				t.Errorf("warnings = %q,\nwant %q", w, tt.warnings)
			}
		})
	}
}

func TestParseSeparators(t *testing.T) {
	tests := []struct {
		in   string
		want Separators
		err  string
	}{
		{";; ;;; ;? ;??", Separators{";;", ";;;", ";?", ";??"}, ""},
		{";;", Separators{";;", ":::", "?", "??"}, ""},
		{"  ::   :::  ", DefaultSeparators, ""},
		{"", Separators{}, `obsidian separators "": none given`},
		{"a b c d e", Separators{}, `obsidian separators "a b c d e": 5 given, at most 4 (inline, inline reversed, multi-line, multi-line reversed)`},
		{":::", Separators{}, `obsidian separators ":::": ":::" is used twice (as inline and inline reversed)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSeparators(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseSeparators(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLooksLikeAnki(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"headers", "#separator:Comma\n#html:true\na,b\n", true},
		{"deck header only", "#deck:X\n", true},
		{"tabs in data", "# free comment\nfront\tback\n", true},
		{"tab after rows with none", "only front\nf\tb\n", true},
		{"a list of sources", "https://example.com/a\nhttps://example.com/b\n", false},
		{"a csv of people", "name,role\nAda,engineer\nGrace,admiral\n", false},
		{"a header after data is data", "a,b\n#separator:tab\n", false},
		{"an unknown header", "#title: notes\na,b\n", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeAnki(strings.NewReader(tt.src)); got != tt.want {
				t.Errorf("LooksLikeAnki(%q) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
}

func TestTagScopeDetails(t *testing.T) {
	tests := []struct {
		name, src string
		sep       Separators
		want      []topicCard
		warnings  []string
	}{
		{"a tag in a heading starts a scope", "F0::B0\n# Questions #flashcards/q\nF::B\n", Separators{},
			[]topicCard{{"F", "B", "q"}},
			[]string{"d.md:1: 1 card above the first #flashcards tag (line 2) left out: a tag covers only the cards after it (so Dataview fields such as key:: value stay out); move the tag up to keep them"}},
		{"Dataview fields dropped above the tag do not hide the ;; warning",
			"up:: [[Index]]\n\n#flashcards\n\nundo;;u\n", Separators{},
			nil,
			[]string{
				"d.md:1: 1 card above the first #flashcards tag (line 3) left out: a tag covers only the cards after it (so Dataview fields such as key:: value stay out); move the tag up to keep them",
				`d.md:5: no "::" cards in this file, but this line would be one with the separator ";;"; if the vault uses it, import with --obsidian-separators ";; ;;; ;? ;??" (or set obsidian_separators in the config)`,
				"d.md: no cards"}},
		{"a question-specific tag as the file's first tag also covers the cards after it",
			"#flashcards/a Q1::A1\nQ2::A2\n", Separators{},
			[]topicCard{{"Q1", "A1", "a"}, {"Q2", "A2", "a"}}, nil},
		{"a highlight paragraph with its own tag", "#flashcards/x\n\n#flashcards/y The ==answer== is here.\n", Separators{},
			[]topicCard{{"The […] is here.", "The answer is here.", "y"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseWith("d.md", strings.NewReader(tt.src), Options{Separators: tt.sep})
			if err != nil {
				t.Fatal(err)
			}
			if got := cardsOf(d); !slices.Equal(got, tt.want) {
				t.Errorf("cards = %q,\nwant %q", got, tt.want)
			}
			if got := warningsOf(d); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings = %q,\nwant %q", got, tt.warnings)
			}
		})
	}
}
