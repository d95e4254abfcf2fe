package deck

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// The style checks of `aipm lint`, on top of the parser's warnings. They
// hold cards to the project's standard for a card: a short back, and a
// front that its own topic heading (shown in the review header) does not
// answer.

// maxBackSentences is the longest back, in sentences, of a Q:/A: card or of
// an R: card's reversed side.
const maxBackSentences = 2

// Lint returns the style problems of d's cards, in card order:
//
//   - a basic or reversed back of more than two sentences;
//   - a card whose answer its topic heading gives away: every content word
//     of the back (for a cloze, of its own deletions) appears in one level
//     of the topic, and they make up more than half of that level's content
//     words. "The technical round" answers "Which round sets an AI PM loop
//     furthest apart?", but "Precision and recall" does not answer "Which
//     metric counts misses?" with "Recall".
func Lint(d *Deck) []Warning {
	var ws []Warning
	for _, c := range d.Cards {
		ws = append(ws, LintCard(d.File, c)...)
	}
	return ws
}

// LintCard returns the style problems of one card of the deck in file (see
// Lint), so that a deck read lean can be checked card by card as
// Deck.Reread hands them over.
func LintCard(file string, c Card) []Warning {
	if c.Kind == Rubric {
		return nil // a prompt, its key points and a model answer are long by design
	}
	var ws []Warning
	add := func(format string, args ...any) {
		ws = append(ws, Warning{File: file, Line: c.Line, Msg: fmt.Sprintf(format, args...)})
	}
	if c.Kind == Basic || c.Kind == Reverse {
		if n := sentences(c.Back); n > maxBackSentences {
			side := "back"
			if c.Kind == Reverse {
				side = "reversed back"
			}
			add("the %s has %d sentences; keep it to %d, or split the card (one cloze per item)", side, n, maxBackSentences)
		}
	}
	answer := c.Back
	if c.Kind == Cloze {
		answer = strings.Join(clozeAnswers(c), " ")
	}
	if topicGivesAway(c.Topic, answer) {
		add("the topic %q gives away the answer; rephrase the front or move the card", c.Topic)
	}
	return ws
}

// clozeAnswers returns the text of the deletions that cloze card c hides.
func clozeAnswers(c Card) []string {
	mask := codeMask(c.Source)
	var dels []deletion
	if clozeModeOf(c.Source) == clozeCurly {
		dels = curlyDeletions(c.Source, mask)
	} else if dels = bracketDeletions(c.Source, mask); len(dels) == 0 {
		dels = highlightDeletions(c.Source, mask)
	}
	// Number them as expandCloze does: unnumbered deletions take the
	// numbers after the highest explicit one, in order.
	maxN := 0
	for _, x := range dels {
		maxN = max(maxN, x.group)
	}
	var out []string
	for _, x := range dels {
		g := x.group
		if g == 0 {
			maxN++
			g = maxN
		}
		if g == c.Group {
			out = append(out, x.text)
		}
	}
	return out
}

// topicGivesAway reports whether one level of topic ("A / B" has two)
// holds every content word of answer, and those words are more than half
// of the level's own.
func topicGivesAway(topic, answer string) bool {
	ans := contentWords(answer)
	if len(ans) == 0 {
		return false
	}
	for _, level := range strings.Split(topic, " / ") {
		head := contentWords(level)
		all := true
		for w := range ans {
			if !head[w] {
				all = false
				break
			}
		}
		if all && 2*len(ans) > len(head) {
			return true
		}
	}
	return false
}

// stopWords are the words too common to carry an answer.
var stopWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`a an the and or but nor of in on at to for from by with
		without as into onto over under about than then so if its it this that these those
		is are was were be been being do does did has have had can could will would should
		may might must you your yours we our us they their them he she his her i my me
		which what who whom whose when where why how each every any some all both either
		neither not own same such very just also only more most other another per via vs
		e g i e etc`)
})

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// contentWords returns the set of s's words, lower-cased, without stop
// words, a plural "s" trimmed from words of four letters or more.
func contentWords(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if stopWords()[w] {
			continue
		}
		if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, "s")
		}
		set[w] = true
	}
	return set
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"e.g.": true, "i.e.": true, "vs.": true, "etc.": true, "cf.": true, "approx.": true,
	"dr.": true, "mr.": true, "ms.": true, "mrs.": true, "u.s.": true, "fig.": true,
}

// sentences counts the sentences of s: a sentence ends at ".", "!" or "?"
// (with any closing quotes or brackets) before white space and an upper-case
// letter, a digit or an opening quote, unless the word is an abbreviation
// such as "e.g." or "vs.". Text after the last end is one more sentence.
func sentences(s string) int {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return 0
	}
	n := 1
	for i := 0; i < len(r); i++ {
		if r[i] != '.' && r[i] != '!' && r[i] != '?' {
			continue
		}
		end := i
		j := i + 1
		for j < len(r) && strings.ContainsRune(`.!?"')]”’`, r[j]) {
			j++
		}
		if j == len(r) || !unicode.IsSpace(r[j]) {
			i = j - 1
			continue
		}
		k := j
		for k < len(r) && unicode.IsSpace(r[k]) {
			k++
		}
		if k == len(r) {
			break
		}
		next := r[k]
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune(`"'“‘(`, next)) {
			i = j - 1
			continue
		}
		// The word before the stop, with the stop.
		w := end
		for w > 0 && !unicode.IsSpace(r[w-1]) && r[w-1] != '(' {
			w--
		}
		if r[end] == '.' && abbreviations[strings.ToLower(string(r[w:end+1]))] {
			i = j - 1
			continue
		}
		n++
		i = j - 1
	}
	return n
}
