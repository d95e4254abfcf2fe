package deck

import "strings"

// ClozeAnswer returns the back of group `group` of the cloze text src
// (stored as its source) with that group's deletions passed through mark,
// so that a screen can show which part was the answer. The syntax is the
// one whose group has the stored front; ok is false when none has it (a
// front stored by another version of the parser), and the caller shows the
// plain back.
func ClozeAnswer(src, front string, group int, mark func(string) string) (string, bool) {
	for _, mode := range []clozeMode{clozeModeOf(src), clozeHighlight} {
		dels, _, err := numberedDeletions(src, mode)
		if err != nil || clozeText(src, dels, group) != front {
			continue
		}
		var b strings.Builder
		pos := 0
		for _, d := range dels {
			b.WriteString(src[pos:d.start])
			if d.group == group {
				b.WriteString(mark(d.text))
			} else {
				b.WriteString(d.text)
			}
			pos = d.end
		}
		b.WriteString(src[pos:])
		return b.String(), true
	}
	return "", false
}
