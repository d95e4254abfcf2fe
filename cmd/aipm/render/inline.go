package render

import (
	"html"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inlines adds the inline content of n to t in style st.
func (r *renderer) inlines(n ast.Node, t *tokens, st style) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, t, st)
	}
}

func (r *renderer) inline(n ast.Node, t *tokens, st style) {
	switch n := n.(type) {
	case *ast.Text:
		r.words(t, unescape(n.Segment.Value(r.src)), st|r.html, false)
		switch {
		case n.HardLineBreak():
			t.lineBreak()
		case n.SoftLineBreak():
			t.space()
		}
	case *ast.String:
		s := string(n.Value)
		if !n.IsRaw() {
			s = unescape(n.Value)
		}
		r.words(t, s, st|r.html, false)
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if tx, ok := c.(*ast.Text); ok {
				b.Write(tx.Segment.Value(r.src))
			} else if s, ok := c.(*ast.String); ok {
				b.Write(s.Value)
			}
		}
		r.words(t, strings.ReplaceAll(b.String(), "\n", " "), st|stCode, false)
	case *ast.Emphasis:
		bit := stItalic
		if n.Level >= 2 {
			bit = stBold
		}
		r.inlines(n, t, st|bit)
	case *east.Strikethrough:
		r.inlines(n, t, st|stStrike)
	case *ast.Link:
		r.inlines(n, t, st)
		dest := unescape(n.Destination)
		if label := r.plain(n); dest != "" && dest != label && strings.TrimPrefix(dest, "mailto:") != label {
			t.space()
			r.words(t, "("+dest+")", stDim, false)
		}
	case *ast.AutoLink:
		r.words(t, string(n.URL(r.src)), st, false)
	case *ast.Image:
		name := r.plain(n)
		if name == "" {
			name = path.Base(unescape(n.Destination))
		}
		r.words(t, "[image: "+name+"]", st|stDim, false)
	case *wikiLink:
		switch {
		case n.embed:
			r.words(t, "[image: "+path.Base(n.target)+"]", st|stDim, false)
		case n.alias != "":
			r.words(t, n.alias, st, false)
		default:
			r.words(t, strings.ReplaceAll(n.target, "#", " › "), st, false)
		}
	case *inlineMath:
		r.words(t, n.src, st, false)
	case *blockID:
	case *east.TaskCheckBox:
		box := "[ ]"
		if n.IsChecked {
			box = "[x]"
		}
		t.word(segment{box, st})
		t.space()
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(r.src))
		}
		r.tag(t, b.String(), st)
	default:
		r.inlines(n, t, st)
	}
}

// plain is the text of n's children, without styling.
func (r *renderer) plain(n ast.Node) string {
	var t tokens
	sub := &renderer{src: r.src}
	sub.inlines(n, &t, 0)
	var parts []string
	for _, l := range t.layout(0) {
		parts = append(parts, l.plain())
	}
	return strings.Join(parts, " ")
}

// words adds s to t, cleaned, in style st, with the marks of Mark turned
// into highlighting (or brackets without colour). In verbatim text
// (keep) spaces are kept as they are.
func (r *renderer) words(t *tokens, s string, st style, keep bool) {
	s = Clean(s)
	add := func(s string) {
		cur := st
		if r.mark && r.color {
			cur |= stMark
		}
		if keep {
			t.word(segment{s, cur})
			return
		}
		t.text(s, cur)
	}
	for {
		i := strings.IndexAny(s, string(markOpen)+string(markClose))
		if i < 0 {
			add(s)
			return
		}
		add(s[:i])
		open := strings.HasPrefix(s[i:], string(markOpen))
		if !r.color {
			if open {
				t.word(segment{"[", st})
			} else {
				t.word(segment{"]", st})
			}
		}
		r.mark = open
		s = s[i+len(string(markOpen)):]
	}
}

// unescape resolves CommonMark's backslash escapes and HTML entity
// references in one pass, so that "\&amp;" stays "&amp;".
func unescape(b []byte) string {
	s := string(b)
	if !strings.ContainsAny(s, `\&`) {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isPunct(s[i+1]):
			out.WriteByte(s[i+1])
			i++
			continue
		case c == '&':
			if end := strings.IndexByte(s[i:min(len(s), i+40)], ';'); end > 1 {
				ref := s[i : i+end+1]
				if u := html.UnescapeString(ref); u != ref {
					out.WriteString(u)
					i += end
					continue
				}
			}
		}
		out.WriteByte(c)
	}
	return out.String()
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
