package anki

import (
	"testing"
	"time"

	"github.com/aipmhq/aipm/internal/ankitest"
)

var today = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestDump(t *testing.T) {
	for _, v := range []int{Legacy1, Legacy2, Latest} {
		path := ankitest.Build(t, t.TempDir(), ankitest.Spec{Version: v, Today: today})
		p, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		t.Logf("version %d warnings %q media %v reviews %d", p.Version, p.Warnings, p.Media, p.Reviews)
		i := 0
		for _, d := range p.Decks {
			for _, c := range d.Cards {
				k := p.Cards[i]
				i++
				t.Logf("%s %q | %s | %s | %q | %q | g%d | type %d queue %d due %d ivl %d revs %d", d.ID, d.Name, c.Pin, c.Kind, c.Front, c.Back, c.Group, k.Type, k.Queue, k.Due, k.Ivl, len(k.Reviews))
			}
		}
	}
}
