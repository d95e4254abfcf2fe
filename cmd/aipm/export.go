package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	Deck    string
	Format  string
	Output  string
	Reviews bool // the review log in the FSRS format (reviews.go)
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export DECK | export --reviews",
		Short: "Write a deck back out as markdown or Anki text, or the review log as FSRS CSV",
		Long: `Write a deck's cards as a markdown deck (the default) or as Anki text
(--format tsv). A markdown export carries an ID: line for every card whose
id differs from its text's key, so importing the export into a fresh
database gives the same card ids.

--reviews writes the review log instead, as the CSV the FSRS optimizers
read: card_id,review_time,review_rating,review_state,review_duration,
aipm_grade, one row per scheduling answer (README: "The review log in the
FSRS format").`,
		Example: `  aipm export lesson-1-1 > lesson-1-1.md
  aipm export ai-pm-concepts --format tsv -o concepts.tsv
  aipm export --reviews -o reviews.csv`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Reviews {
				if len(args) > 0 {
					return usagef("--reviews exports the whole review log: give no DECK")
				}
				return runExportReviews(cmd.Context(), a, o.Output)
			}
			if len(args) == 0 {
				return a.missingDeckID(cmd.Context(), "export")
			}
			o.Deck = args[0]
			if o.Format != "md" && o.Format != "tsv" {
				return usagef("--format must be md or tsv, not %q", o.Format)
			}
			return runExport(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.Format, "format", "md", "md or tsv")
	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().BoolVar(&o.Reviews, "reviews", false, "write the review log as FSRS CSV instead of a deck")
	return cmd
}

func runExport(ctx context.Context, a *app, o exportOptions) error {
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	if err := refuseDatabase(st, o.Output); err != nil {
		return err
	}
	if o.Deck, err = resolveDeck(ctx, st, o.Deck); err != nil {
		return err
	}
	d, err := st.Deck(ctx, o.Deck)
	if err != nil {
		return err
	}
	header := &deck.Deck{ID: d.ID, Name: d.Name, File: d.File}
	f := data.Filter{Deck: o.Deck}
	// A highlight paragraph needs #flashcards at the top of the file.
	tagged, err := st.HasHighlightClozes(ctx, o.Deck)
	if err != nil {
		return err
	}
	written := 0
	// render streams the deck note by note: memory holds one note, not the
	// deck, whatever its size.
	render := func(w io.Writer) error {
		written = 0
		var note func([]deck.Card, bool) error
		var closeOut func() error
		if o.Format == "tsv" {
			tw := deck.NewTSVRenderer(w, header)
			note = func(cards []deck.Card, _ bool) error {
				for _, c := range cards {
					tw.Card(c)
				}
				return nil
			}
			closeOut = tw.Close
		} else {
			r, err := deck.NewRenderer(w, header, tagged)
			if err != nil {
				return err
			}
			note, closeOut = r.Note, r.Close
		}
		var prev []deck.Card // the last note read, written once the next one starts
		var cur []data.Card
		flush := func(last bool) error {
			if len(cur) > 0 {
				next := exportNote(a, cur, o.Format == "tsv")
				cur = cur[:0]
				if len(prev) > 0 {
					if err := note(prev, false); err != nil {
						return err
					}
				}
				prev = next
			}
			if last && len(prev) > 0 {
				return note(prev, true)
			}
			return nil
		}
		err := st.EachCard(ctx, f, func(c data.Card) error {
			if c.Orphaned {
				return nil
			}
			if len(cur) > 0 && !sameStoredNote(cur[0], c) {
				if err := flush(false); err != nil {
					return err
				}
			}
			c.Due, c.BuriedUntil = "", "" // not exported
			cur = append(cur, c)
			written++
			return nil
		})
		if err == nil {
			err = flush(true)
		}
		if err == nil {
			err = closeOut()
		}
		if err != nil {
			return fmt.Errorf("export %s: %w", o.Deck, err)
		}
		return nil
	}
	if o.Output == "" {
		// Rendered whole first: an error leaves stdout empty.
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return err
		}
		if a.OutTTY { // a deck may hold control characters; a terminal never sees them
			_, err = io.WriteString(a.Out, clean(buf.String()))
		} else {
			_, err = io.Copy(a.Out, &buf)
		}
		return err
	}
	// Rendered straight into the temporary file: no second copy in memory.
	if err := data.WriteAtomic(o.Output, 0o644, render); err != nil {
		var h *data.Hint
		if errors.As(err, &h) {
			return err
		}
		return data.Hintf("choose another -o path", "write %s: %v", o.Output, unwrapOS(err))
	}
	fmt.Fprintf(a.Err, "wrote %s to %s\n", plural(written, "card"), clean(o.Output))
	return nil
}

// sameStoredNote reports whether b comes from the same note as a: the
// cards that share a source line (and pin) of one file.
func sameStoredNote(a, b data.Card) bool {
	return b.Line == a.Line && b.Pin == a.Pin && b.File == a.File
}

// exportNote turns the stored cards of one note into the cards to render,
// each with the pin its re-import needs: for tsv, its own id (each row is
// a note of its own in Anki); for markdown, the note's ID: line.
func exportNote(a *app, cards []data.Card, tsv bool) []deck.Card {
	out := make([]deck.Card, len(cards))
	for i, c := range cards {
		out[i] = deck.Card{Kind: c.Kind, Front: c.Front, Back: c.Back, Topic: c.Topic,
			Source: c.Source, Group: c.Group, Key: c.Key, Line: c.Line, Round: c.Round, KeyPoints: c.KeyPoints}
		if tsv {
			out[i].Pin = c.ID
		}
	}
	if tsv {
		return out
	}
	for _, n := range exportPins(cards) {
		for i := n.start; i < n.end; i++ {
			out[i].Pin = n.pin
		}
		if n.lost != "" {
			fmt.Fprintf(a.Err, "warning: %s\n", clean(n.lost))
		}
	}
	return out
}

// notePin is the ID: line one note of an export needs.
type notePin struct {
	start, end int    // the note's cards
	pin        string // "" when a fresh import gives the same ids without one
	lost       string // why some card of the note cannot keep its id
}

// exportPins works out the ID: line of each note (the cards that share a
// source line), so that importing the export into a fresh database gives
// every card its id again. A fresh import gives a note's cards
// data.PinnedID(base, kind, group), where base is the note's pin or else
// its first card's key; the pin an export needs is the base that the
// stored ids share, when that is not the first card's key.
func exportPins(cards []data.Card) []notePin {
	var out []notePin
	for i := 0; i < len(cards); {
		j := i + 1
		for j < len(cards) && cards[j].Line == cards[i].Line && cards[j].Pin == cards[i].Pin && cards[j].File == cards[i].File {
			j++
		}
		n := notePin{start: i, end: j}
		base, ok := data.NoteBase(cards[i].ID, cards[i].Kind, cards[i].Group)
		for _, c := range cards[i:j] {
			if b, ok2 := data.NoteBase(c.ID, c.Kind, c.Group); !ok2 || b != base {
				ok = false
			}
		}
		switch {
		case !ok:
			// Cards that came together from different notes: the first
			// card keeps its id, the others get new ones on re-import.
			n.pin = cards[i].ID
			if b, ok := data.NoteBase(cards[i].ID, cards[i].Kind, cards[i].Group); ok {
				n.pin = b
			}
			n.lost = fmt.Sprintf("card %s and the other cards of its note (line %d) have unrelated ids; a re-import of this export gives them new ids", cards[i].ID, cards[i].Line)
		case base != cards[i].Key:
			n.pin = base
		}
		out = append(out, n)
		i = j
	}
	return out
}
