package anki

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aipmhq/aipm/deck"
	"github.com/aipmhq/aipm/internal/ankitest"
	"github.com/aipmhq/aipm/srs"
)

var today = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func dayOf(t time.Time) srs.Day { return srs.DayOf(t, time.UTC, 4) }

var versions = []struct {
	name string
	v    int
}{{"anki2", Legacy1}, {"anki21", Legacy2}, {"anki21b", Latest}}

func open(t *testing.T, s ankitest.Spec, o Options) *Package {
	t.Helper()
	s.Today = today
	p, err := Open(ankitest.Build(t, t.TempDir(), s), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// cardLine is one card as the tests compare it.
func cardLine(d *deck.Deck, c deck.Card) string {
	return fmt.Sprintf("%s %q | %s %s g%d | %q | %q | %s", d.ID, d.Name, c.Pin, c.Kind, c.Group, c.Front, c.Back, c.Topic)
}

// TestOpenVersions reads the same collection in each package version:
// every note type is recognised by its kind and templates (none has a
// stock name; two are named after the deck), and the text, media
// references, decks, topics and identities come out the same.
func TestOpenVersions(t *testing.T) {
	want := []string{
		`ai-pm-metrics "AI PM::Metrics" | aa35c3324cd43ba7dffe0a29f6213c2a59299ac3 basic g0 | "What is recall?" | "TP / (TP + FN)\n[image: recall.png]" | metrics`,
		`ai-pm-metrics "AI PM::Metrics" | 8c2ef3bccd73c977bbf0df39cfa49f17e307d18a basic g0 | "Precision is…" | "TP / (TP + FP)\n[audio: precision.mp3]" | metrics`,
		`ai-pm-metrics "AI PM::Metrics" | 1d3ec965d0fdeeb9b7b29bc4d04387e9187dca5a basic g0 | "F1 score" | "The harmonic mean of precision and recall" | AI PM::Metrics`,
		`ai-pm-metrics "AI PM::Metrics" | 5eb39c8b1a91f40856a6b11ccc94bb9e0dba7e47 basic g0 | "Spaces and lines" | "one\ntwo & three" | Format`,
		`ai-pm-metrics "AI PM::Metrics" | typing basic g0 | "Capital of France" | "Paris" | AI PM::Metrics`,
		`ai-pm-metrics "AI PM::Metrics" | cloze#1 cloze g1 | "[…] is TP / (TP + FP)" | "Precision is TP / (TP + FP)\n\nsee recall" | metrics / precision`,
		`ai-pm-metrics "AI PM::Metrics" | cloze#1 cloze g2 | "Precision is TP / (TP + [false what?])" | "Precision is TP / (TP + FP)\n\nsee recall" | metrics / precision`,
		`ai-pm-product-strategy "AI PM::Product::Strategy" | vocab/guid+1 basic g0 | "Overfitting" | "A model that fits noise in the training data" | ml`,
		`ai-pm-product-strategy "AI PM::Product::Strategy" | vocab/guid+1 reverse g0 | "A model that fits noise in the training data" | "Overfitting" | ml`,
		`ai-pm-product-strategy "AI PM::Product::Strategy" | opt-yes basic g0 | "Churn" | "Customers lost in a period" | AI PM::Product::Strategy`,
		`ai-pm-product-strategy "AI PM::Product::Strategy" | opt-yes reverse g0 | "Customers lost in a period" | "Churn" | AI PM::Product::Strategy`,
		`ai-pm-product-strategy "AI PM::Product::Strategy" | opt-no basic g0 | "North-star metric" | "The one number a product team steers by" | AI PM::Product::Strategy`,
	}
	for _, tc := range versions {
		t.Run(tc.name, func(t *testing.T) {
			p := open(t, ankitest.Spec{Version: tc.v}, Options{})
			if p.Version != tc.v {
				t.Errorf("Version = %d, want %d", p.Version, tc.v)
			}
			var got []string
			for _, d := range p.Decks {
				for _, c := range d.Cards {
					got = append(got, cardLine(d, c))
					if c.Key == "" || c.Source == "" {
						t.Errorf("card %s %s has key %q, source %q", c.Pin, c.Kind, c.Key, c.Source)
					}
				}
			}
			if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
				t.Errorf("cards:\n%s\nwant:\n%s", g, w)
			}
			if len(p.Cards) != len(want) {
				t.Errorf("%d card states, want %d", len(p.Cards), len(want))
			}
			if len(p.Warnings) != 0 {
				t.Errorf("warnings %q, want none", p.Warnings)
			}
			if p.Reviews != 11 {
				t.Errorf("Reviews = %d, want 11 (the revlog rows of the imported cards)", p.Reviews)
			}
			var names []string
			for _, m := range p.Media {
				names = append(names, m.Name)
			}
			if g := strings.Join(names, " "); !strings.Contains(g, "recall.png") || !strings.Contains(g, "precision.mp3") || len(names) != 2 {
				t.Errorf("media %q, want recall.png and precision.mp3", g)
			}
			if !p.Created.Equal(time.Unix(ankitest.Crt, 0)) {
				t.Errorf("Created = %v, want col.crt", p.Created)
			}
		})
	}
}

func cardOf(t *testing.T, p *Package, pin string, kind deck.Kind, group int) Card {
	t.Helper()
	i := 0
	for _, d := range p.Decks {
		for _, c := range d.Cards {
			if c.Pin == pin && c.Kind == kind && c.Group == group {
				return p.Cards[i]
			}
			i++
		}
	}
	t.Fatalf("no card %s %s %d", pin, kind, group)
	return Card{}
}

// TestScheduleOf converts each kind of Anki state.
func TestScheduleOf(t *testing.T) {
	day := dayOf(today)
	for _, tc := range versions {
		t.Run(tc.name, func(t *testing.T) {
			p := open(t, ankitest.Spec{Version: tc.v}, Options{})
			summary := func(s Schedule) string {
				if !s.Scheduled {
					return fmt.Sprintf("new susp %v buried %v answers %d", s.Suspended, s.Buried, len(s.History))
				}
				return fmt.Sprintf("scheduled %v reps %d ivl %d ef %d due %+d last %+d lapses %d susp %v buried %v answers %d",
					s.Scheduled, s.Reps, s.Interval, s.EF, int(s.Due-day), int(s.LastDay-day), s.Lapses, s.Suspended, s.Buried, len(s.History))
			}
			for _, c := range []struct {
				pin   string
				kind  deck.Kind
				group int
				want  string
			}{
				// Passes on the first answer of -20 and -7 after the lapse of
				// -30; the manual change of -7 is no answer.
				{ankitest.GuidRecall, deck.Basic, 0, "scheduled true reps 2 ivl 10 ef 230 due +3 last -7 lapses 1 susp false buried false answers 7"},
				// No revlog: Reps 2, last answered due - interval.
				{ankitest.GuidPrecision, deck.Basic, 0, "scheduled true reps 2 ivl 5 ef 250 due -2 last -7 lapses 0 susp true buried false answers 0"},
				// Learning: due today.
				{ankitest.GuidF1, deck.Basic, 0, "scheduled true reps 0 ivl 0 ef 250 due +0 last -1 lapses 0 susp false buried false answers 1"},
				{ankitest.GuidSpaces, deck.Basic, 0, "new susp false buried false answers 0"},
				{ankitest.GuidVocab, deck.Reverse, 0, "scheduled true reps 2 ivl 12 ef 250 due +1 last -11 lapses 0 susp false buried true answers 0"},
				{ankitest.GuidCloze, deck.Cloze, 1, "scheduled true reps 2 ivl 6 ef 250 due -1 last -7 lapses 0 susp false buried false answers 2"},
			} {
				if got := summary(p.ScheduleOf(cardOf(t, p, c.pin, c.kind, c.group), day, dayOf)); got != c.want {
					t.Errorf("ScheduleOf(%s %s) = %s\nwant %s", c.pin, c.kind, got, c.want)
				}
			}
			h := p.ScheduleOf(cardOf(t, p, ankitest.GuidRecall, deck.Basic, 0), day, dayOf).History
			var grades []string
			for _, a := range h {
				grades = append(grades, fmt.Sprint(a.Grade))
			}
			if g := strings.Join(grades, " "); g != "1 4 4 1 4 4 4" {
				t.Errorf("recall grades %s, want 1 4 4 1 4 4 4 (again 1, good 4)", g)
			}
			if a := h[len(h)-1]; a.Interval != 10 || a.LastInterval != 4 || a.EF != 230 || a.Duration != 8*time.Second || a.Day != day.Add(-7) {
				t.Errorf("last recall answer %+v", a)
			}
		})
	}
}

// TestGradesV1 maps the three learning buttons of the v1 scheduler.
func TestGradesV1(t *testing.T) {
	p := &Package{SchedVer: 1}
	for _, c := range []struct{ ease, typ, want int }{{1, 0, 1}, {2, 0, 4}, {3, 0, 5}, {2, 1, 3}, {3, 1, 4}, {4, 1, 5}, {2, 2, 4}} {
		if got := p.grade(Review{Ease: c.ease, Type: c.typ}); got != c.want {
			t.Errorf("v1 grade(ease %d, type %d) = %d, want %d", c.ease, c.typ, got, c.want)
		}
	}
	p.SchedVer = 2
	if got := p.grade(Review{Ease: 2, Type: 0}); got != 3 {
		t.Errorf("v2 grade(hard while learning) = %d, want 3", got)
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, dir, want string }{
		{`What is <b>recall</b>?`, "", "What is recall?"},
		{`a<br>b<div>c</div>`, "", "a\nb\nc"},
		{`x &amp; y&nbsp;z &lt;3`, "", "x & y z <3"},
		{`<img src="a b.png">`, "", "[image: a b.png]"},
		{`<IMG class=x SRC='q.jpg' />`, "", "[image: q.jpg]"},
		{`<img src=plain.gif>`, "/m", "[image: /m/plain.gif]"},
		{`hear [sound:x.mp3] this`, "/m", "hear [audio: /m/x.mp3] this"},
		{`<img src="../evil.png">`, "/m", "[image: ../evil.png]"}, // never a path outside the folder
		{"  lots   of\n\tspace  ", "", "lots of space"},
	} {
		if got := text(c.in, c.dir); got != c.want {
			t.Errorf("text(%q, %q) = %q, want %q", c.in, c.dir, got, c.want)
		}
	}
}

func TestShapeOf(t *testing.T) {
	for _, c := range []struct {
		t    template
		want string
	}{
		{template{q: "{{Front}}", a: "{{FrontSide}}<hr id=answer>{{Back}}"}, "[Front] [Back] [] false"},
		{template{q: "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", a: "{{FrontSide}}<hr id=answer>{{Front}}"}, "[Back] [Front] [] false"},
		{template{q: "{{Front}}\n{{type:Back}}", a: "{{Front}}<hr id=answer>{{type:Back}}"}, "[Front] [Back] [] false"},
		{template{q: "{{cloze:Text}}", a: "{{cloze:Text}}<br>{{Back Extra}}"}, "[] [Back Extra] [Text] false"},
		{template{q: "Translate: {{Word}}", a: "{{FrontSide}}<hr>{{Meaning}}<br>{{Example}}"}, "[Word] [Meaning Example] [] true"},
		{template{q: "{{ text:Front }}{{! comment}}", a: "{{Back}}"}, "[Front] [Back] [] false"},
	} {
		s := shapeOf(c.t)
		if got := fmt.Sprint(s.front, " ", s.back, " ", s.cloze, " ", s.extra); got != c.want {
			t.Errorf("shapeOf(%q, %q) = %s, want %s", c.t.q, c.t.a, got, c.want)
		}
	}
}

// TestNoTempFiles: the temporary copy of the collection is gone once Open
// returns, whether it read the package or refused it.
func TestNoTempFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, tc := range versions {
		path := ankitest.Build(t, t.TempDir(), ankitest.Spec{Version: tc.v, Today: today})
		p, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		p.Close()
	}
	bad := filepath.Join(t.TempDir(), "bad.apkg")
	z := &ankitest.Zip{}
	z.Add("collection.anki2", append([]byte("SQLite format 3\x00"), make([]byte, 5000)...))
	os.WriteFile(bad, z.Bytes(), 0o644)
	if _, err := Open(bad, Options{}); err == nil {
		t.Error("a damaged collection was read")
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}

// TestDuplicateGuid: a note whose guid another note already has (genanki
// decks do this) keeps its cards, under an id of its own, with a warning.
func TestDuplicateGuid(t *testing.T) {
	p := open(t, ankitest.Spec{Version: Legacy2, DupGuid: true}, Options{})
	var pins []string
	for _, d := range p.Decks {
		for _, c := range d.Cards {
			if c.Front == "Capital of France" {
				pins = append(pins, c.Pin)
			}
		}
	}
	if len(pins) != 1 || pins[0] != "anki-note-1796175435400" {
		t.Errorf("the second note's pins %q, want [anki-note-1796175435400]", pins)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "guid "+ankitest.GuidF1+" is also the guid of note 3") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

// TestTemplatesAipmCannotShow: a field no template shows goes on the back,
// a card type that is neither the question nor its reverse comes in as
// Q/A cards of its own (id GUID/tN), and each gets one warning per note
// type, not one per note.
func TestTemplatesAipmCannotShow(t *testing.T) {
	nt := &notetype{id: 7, name: "Vocab+", fields: []string{"Word", "Meaning", "Source", "Audio"}, tmpls: []template{
		{name: "Recognise", q: "{{Word}}", a: "{{FrontSide}}<hr id=answer>{{Meaning}}"},
		{name: "Listen", q: "{{Audio}}", a: "{{FrontSide}}<hr id=answer>{{Word}}"},
	}}
	c := &collection{crt: ankitest.Crt, notetypes: map[int64]*notetype{7: nt}, decks: map[int64]string{1: "Words"},
		cards: map[int64][]Card{}}
	for i, w := range []string{"churn", "cohort"} {
		id := int64(100 + i)
		c.notes = append(c.notes, note{id: id, guid: w, mid: 7, fields: []string{w, "meaning of " + w, "book p. " + w, "[sound:" + w + ".mp3]"}})
		c.cards[id] = []Card{{ID: id*10 + 0, NoteID: id, Deck: 1, Ord: 0}, {ID: id*10 + 1, NoteID: id, Deck: 1, Ord: 1}}
	}
	p := &Package{File: "v.apkg"}
	convert(p, c, Options{})
	if len(p.Decks) != 1 || len(p.Decks[0].Cards) != 4 || len(p.Cards) != 4 {
		t.Fatalf("decks %+v", p.Decks)
	}
	if got := p.Decks[0].Cards[0]; got.Front != "churn" || got.Back != "meaning of churn\nbook p. churn" || got.Pin != "churn" {
		t.Errorf("first card %q / %q (pin %q), want the unshown Source on the back", got.Front, got.Back, got.Pin)
	}
	if got := p.Decks[0].Cards[1]; got.Pin != "churn/t2" || got.Kind != deck.Basic || got.Front != "[audio: churn.mp3]" || got.Back != "churn\nbook p. churn" {
		t.Errorf("the Listen card: pin %q, kind %s, %q / %q; want churn/t2, basic, the audio / the word", got.Pin, got.Kind, got.Front, got.Back)
	}
	want := []string{
		`v.apkg: note type "Vocab+" has fields no card type shows (Source); aipm puts them on the back`,
		`v.apkg: note type "Vocab+" has a card type ("Listen") that is neither the question nor its reverse; its cards come in as Q/A cards with ids ending /t2`,
	}
	if strings.Join(p.Warnings, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(p.Warnings, "\n"), strings.Join(want, "\n"))
	}
}
