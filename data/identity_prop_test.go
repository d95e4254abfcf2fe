package data

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aipmhq/aipm/deck"
)

var long = flag.Bool("long", false, "run TestImportIdentityProperty with 20,000 edit scripts instead of 500")

// The identity property: take a random deck and a random edit script
// (reorder, case change, typo, reword, delete, insert, split a cloze,
// remove or add a deletion, rename the file), re-import, and every card
// that survived keeps its own id, so exactly its own log rows, and no card
// takes an id, so a log row, that belonged to another card.

// pWord is one word of a note; del marks a cloze deletion. Its id is the
// identity of the deletion's card.
type pWord struct {
	text string
	id   int
	del  bool
}

// pNote is a basic note (Q:/A:) or a cloze note (C:) of the model.
type pNote struct {
	id    int
	cloze bool
	words []pWord
	twin  bool // another note differs from it only in case: no case edits
}

type pModel struct {
	r     *rand.Rand
	next  int
	used  map[string]bool
	notes []pNote
	name  string
	// must: identities that must keep their old id; gone: identities
	// whose cards left the file; may: identities that may keep their own
	// id or get a new one, but never another's.
	must, gone, may map[string]bool
	log             []string
}

func (m *pModel) id() int { m.next++; return m.next }

func (m *pModel) word() string {
	for {
		b := make([]byte, 5+m.r.IntN(4))
		for i := range b {
			b[i] = byte('a' + m.r.IntN(26))
		}
		if w := string(b); !m.used[strings.ToLower(w)] {
			m.used[w] = true
			return w
		}
	}
}

func (m *pModel) note(cloze bool) pNote {
	n := pNote{id: m.id(), cloze: cloze}
	for range 4 + m.r.IntN(3) {
		n.words = append(n.words, pWord{text: m.word(), id: m.id()})
	}
	if cloze {
		for _, i := range m.r.Perm(len(n.words))[:1+m.r.IntN(3)] {
			n.words[i].del = true
		}
	}
	return n
}

// idents are the identities of a note's cards, in the order the parser
// gives them.
func (n pNote) idents() []string {
	if !n.cloze {
		return []string{fmt.Sprintf("n%d", n.id)}
	}
	var out []string
	for _, w := range n.words {
		if w.del {
			out = append(out, fmt.Sprintf("w%d", w.id))
		}
	}
	return out
}

func (n pNote) dels() int {
	k := 0
	for _, w := range n.words {
		if w.del {
			k++
		}
	}
	return k
}

func (m *pModel) text() string {
	var b strings.Builder
	for _, n := range m.notes {
		var ws []string
		for _, w := range n.words {
			if w.del {
				ws = append(ws, "["+w.text+"]")
			} else {
				ws = append(ws, w.text)
			}
		}
		if n.cloze {
			fmt.Fprintf(&b, "C: %s.\n\n", strings.Join(ws, " "))
		} else {
			fmt.Fprintf(&b, "Q: %s?\nA: answer %d\n\n", strings.Join(ws, " "), n.id)
		}
	}
	return b.String()
}

func (m *pModel) idents() []string {
	var out []string
	for _, n := range m.notes {
		out = append(out, n.idents()...)
	}
	return out
}

// mark sets the fate of every card of note i.
func (m *pModel) mark(set map[string]bool, n pNote) {
	for _, id := range n.idents() {
		set[id] = true
	}
}

func (m *pModel) pick(ok func(pNote) bool) int {
	var idx []int
	for i, n := range m.notes {
		if ok(n) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return -1
	}
	return idx[m.r.IntN(len(idx))]
}

func typo(r *rand.Rand, w string) string {
	b := []byte(w)
	i := r.IntN(len(b))
	b[i] = byte('a' + (int(b[i]-'a')+1+r.IntN(25))%26)
	return string(b)
}

// edit applies one random edit; it reports false when the deck has no
// note that the edit can apply to.
func (m *pModel) edit(kind int) bool {
	any := func(pNote) bool { return true }
	basic := func(n pNote) bool { return !n.cloze }
	switch kind {
	case 0: // reorder: swap two notes
		i, j := m.r.IntN(len(m.notes)), m.r.IntN(len(m.notes))
		m.notes[i], m.notes[j] = m.notes[j], m.notes[i]
		m.log = append(m.log, "reorder")
	case 1: // case change of a basic front
		i := m.pick(func(n pNote) bool { return basic(n) && !n.twin })
		if i < 0 {
			return false
		}
		w := &m.notes[i].words[0]
		w.text = strings.ToUpper(w.text[:1]) + w.text[1:]
		m.log = append(m.log, "case")
	case 2: // typo in a word of any note (for a cloze, maybe a deletion)
		i := m.pick(any)
		if i < 0 {
			return false
		}
		w := &m.notes[i].words[m.r.IntN(len(m.notes[i].words))]
		w.text = typo(m.r, w.text)
		m.log = append(m.log, "typo")
	case 3: // reword a basic front: a new card
		i := m.pick(func(n pNote) bool { return basic(n) && !n.twin })
		if i < 0 {
			return false
		}
		m.mark(m.gone, m.notes[i])
		m.notes[i] = m.note(false)
		m.log = append(m.log, "reword")
	case 4: // delete a note
		if len(m.notes) < 3 {
			return false
		}
		i := m.pick(func(n pNote) bool { return !n.twin })
		if i < 0 {
			return false
		}
		m.mark(m.gone, m.notes[i])
		m.notes = slices.Delete(m.notes, i, i+1)
		m.log = append(m.log, "delete")
	case 5: // insert a note
		i := m.r.IntN(len(m.notes) + 1)
		m.notes = slices.Insert(m.notes, i, m.note(m.r.IntN(2) == 0))
		m.log = append(m.log, "insert")
	case 6: // split a cloze between two of its deletions
		i := m.pick(func(n pNote) bool { return n.cloze && n.dels() >= 2 })
		if i < 0 {
			return false
		}
		n := m.notes[i]
		var cuts []int
		seen := 0
		for k, w := range n.words {
			if w.del {
				seen++
			}
			if seen >= 1 && seen < n.dels() && k+1 < len(n.words) && !w.del || (w.del && seen >= 1 && seen < n.dels()) {
				cuts = append(cuts, k+1)
			}
		}
		cut := cuts[m.r.IntN(len(cuts))]
		a := pNote{id: m.id(), cloze: true, words: slices.Clone(n.words[:cut])}
		b := pNote{id: m.id(), cloze: true, words: slices.Clone(n.words[cut:])}
		m.mark(m.may, n)
		m.notes = slices.Replace(m.notes, i, i+1, a, b)
		m.log = append(m.log, "split")
	case 7: // remove a deletion
		i := m.pick(func(n pNote) bool { return n.cloze && n.dels() >= 2 })
		if i < 0 {
			return false
		}
		ws := m.notes[i].words
		for _, k := range m.r.Perm(len(ws)) {
			if ws[k].del {
				ws[k].del = false
				m.gone[fmt.Sprintf("w%d", ws[k].id)] = true
				break
			}
		}
		m.log = append(m.log, "undelete")
	case 8: // add a deletion
		i := m.pick(func(n pNote) bool { return n.cloze && n.dels() < len(n.words) })
		if i < 0 {
			return false
		}
		ws := m.notes[i].words
		for _, k := range m.r.Perm(len(ws)) {
			if !ws[k].del {
				ws[k].del = true
				if id := fmt.Sprintf("w%d", ws[k].id); m.gone[id] {
					delete(m.gone, id) // the removed deletion is back
					m.may[id] = true
				}
				break
			}
		}
		m.log = append(m.log, "delete-word")
	}
	return true
}

// identityScript runs one random deck and edit script against s.
func identityScript(t *testing.T, s *Store, dir string, seed uint64) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 11))
	m := &pModel{r: r, used: map[string]bool{}, name: fmt.Sprintf("p%d", seed),
		must: map[string]bool{}, gone: map[string]bool{}, may: map[string]bool{}}
	rename := r.IntN(4) == 0
	size := 6 + r.IntN(10)
	if rename {
		size = 10 + r.IntN(6)
	}
	for len(m.notes) < size {
		n := m.note(r.IntN(3) == 0)
		m.notes = append(m.notes, n)
		if !n.cloze && r.IntN(6) == 0 {
			// The vim case: a card whose front differs only in case.
			tw := pNote{id: m.id(), words: slices.Clone(n.words), twin: true}
			tw.words[0].text = strings.ToUpper(tw.words[0].text[:1]) + tw.words[0].text[1:]
			for k := range tw.words {
				tw.words[k].id = m.id()
			}
			m.notes[len(m.notes)-1].twin = true
			m.notes = append(m.notes, tw)
		}
	}
	before := m.idents()
	path := filepath.Join(dir, m.name+".md")
	sum := runScriptImport(t, s, path, m.text(), true)
	oldID, owner := scriptIDs(t, s, sum.Decks[0].ID, before)

	edits := 1 + r.IntN(3)
	if rename {
		edits = 1 + r.IntN(2)
	}
	for done := 0; done < edits; {
		if m.edit(r.IntN(9)) {
			done++
		}
	}
	if rename {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(dir, m.name+"-renamed.md")
		m.log = append(m.log, "rename")
	}
	after := m.idents()
	for _, id := range after {
		if oldID[id] != "" && !m.gone[id] && !m.may[id] {
			m.must[id] = true
		}
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("seed %d, edits %v: %s\nv2:\n%s", seed, m.log, fmt.Sprintf(format, args...), m.text())
	}
	logs := logByCard(t, s)
	sum = runScriptImport(t, s, path, m.text(), false)
	d := sum.Decks[0]
	if rename && d.RenamedFrom != m.name {
		fail("deck %s renamed from %q, want %q", d.ID, d.RenamedFrom, m.name)
	}
	newID, _ := scriptIDs(t, s, d.ID, after)
	for _, ident := range after {
		id := newID[ident]
		if o, ok := owner[id]; ok && o != ident {
			fail("card %s took id %s, which was card %s's: its log rows moved", ident, id, o)
		}
		if m.must[ident] && id != oldID[ident] {
			fail("card %s has id %s, want its own %s", ident, id, oldID[ident])
		}
	}
	for ident := range m.gone {
		if id := oldID[ident]; id != "" {
			if c, err := s.Card(ctx, id); err != nil || !c.Orphaned {
				fail("card %s (%s) left the file: %+v, %v; want it orphaned", ident, id, c, err)
			}
		}
	}
	if l := logByCard(t, s); !mapsEqual(l, logs) {
		fail("revlog changed in the import")
	}
}

func mapsEqual(a, b map[string][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func runScriptImport(t *testing.T, s *Store, path, text string, addLog bool) *Summary {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := deck.ParseFile(path)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	sum, err := s.Import(context.Background(), ds, impOpts())
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	if !addLog {
		return sum
	}
	// One log row for every live card, so that a moved id shows as a
	// moved log row.
	_, err = s.DB().Exec(`INSERT INTO revlog (card_id, kind, at, day, grade, reps_before, interval_before, ef_before,
		reps_after, interval_after, ef_after) SELECT id, 'review', '2026-12-01T10:00:00Z', '2026-12-01', 4, 0, 0, 250, 1, 1, 250
		FROM cards WHERE deck_id = ? AND orphaned = 0 AND id NOT IN (SELECT card_id FROM revlog)`, ds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// scriptIDs maps the identities of a deck's live cards, in file order, to
// their stored ids, and back.
func scriptIDs(t *testing.T, s *Store, deckID string, idents []string) (map[string]string, map[string]string) {
	t.Helper()
	rows, err := s.DB().Query("SELECT id FROM cards WHERE deck_id = ? AND orphaned = 0 ORDER BY ord", deckID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) != len(idents) {
		t.Fatalf("deck %s: %d live cards, the model has %d", deckID, len(ids), len(idents))
	}
	byIdent, byID := map[string]string{}, map[string]string{}
	for i, id := range ids {
		byIdent[idents[i]] = id
		byID[id] = idents[i]
	}
	return byIdent, byID
}

func TestImportIdentityProperty(t *testing.T) {
	n := 500
	if *long {
		n = 20_000
	}
	var s *Store
	var dir string
	for seed := range uint64(n) {
		if seed%250 == 0 {
			// A fresh database now and then: each import looks at every
			// stored deck for a rename, so one database for all would
			// make the run quadratic.
			if s != nil {
				s.Close()
			}
			s, dir = impStore(t), t.TempDir()
		}
		identityScript(t, s, dir, seed)
		if t.Failed() {
			break
		}
	}
}

func FuzzImportIdentity(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		identityScript(t, impStore(t), t.TempDir(), seed)
	})
}
