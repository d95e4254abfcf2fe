package render

import (
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// HTML left in card text, as Anki fields hold it: tags are not shown;
// <br> and the block tags break the line, <b>/<strong>, <i>/<em>, <code>
// and <s> style the text, <img> shows as [image: …], comments vanish.

var tagStyles = map[string]style{"b": stBold, "strong": stBold, "i": stItalic, "em": stItalic,
	"code": stCode, "s": stStrike, "del": stStrike, "strike": stStrike}

var blockTags = map[string]bool{"div": true, "p": true, "li": true, "tr": true, "ul": true, "ol": true,
	"table": true, "blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true}

// tag applies one raw HTML tag (or comment) to t.
func (r *renderer) tag(t *tokens, raw string, st style) {
	if strings.HasPrefix(raw, "<!") || strings.HasPrefix(raw, "<?") {
		return
	}
	body := strings.Trim(raw, "<>/ \n\t")
	closing := strings.HasPrefix(raw, "</")
	name := strings.ToLower(body)
	if i := strings.IndexAny(name, " \t\n/"); i >= 0 {
		name = name[:i]
	}
	switch {
	case name == "br":
		t.lineBreak()
	case name == "img":
		alt := attr(body, "alt")
		if alt == "" {
			alt = path.Base(attr(body, "src"))
		}
		r.words(t, "[image: "+alt+"]", st|stDim, false)
	case tagStyles[name] != 0:
		if closing {
			r.html &^= tagStyles[name]
		} else {
			r.html |= tagStyles[name]
		}
	case name == "a":
		if !closing {
			r.href = attr(body, "href")
		} else if r.href != "" {
			t.space()
			r.words(t, "("+r.href+")", stDim, false)
			r.href = ""
		}
	case name == "td" || name == "th":
		if closing {
			t.space()
		}
	case blockTags[name]:
		if !t.empty() && (*t)[len(*t)-1].kind != tokBreak {
			t.lineBreak()
		}
		if name == "li" && !closing {
			t.word(segment{"•", st})
			t.space()
		}
	}
}

// attr reads the value of attribute name in a tag's body.
func attr(body, name string) string {
	low := strings.ToLower(body)
	i := strings.Index(low, " "+name+"=")
	if i < 0 {
		return ""
	}
	v := body[i+len(name)+2:]
	if v == "" {
		return ""
	}
	if q := v[0]; q == '"' || q == '\'' {
		if end := strings.IndexByte(v[1:], q); end >= 0 {
			return unescape([]byte(v[1 : 1+end]))
		}
		return ""
	}
	if end := strings.IndexAny(v, " \t\n>"); end >= 0 {
		v = v[:end]
	}
	return unescape([]byte(v))
}

// htmlBlock lays out an HTML block as text: the text between tags
// (entities resolved, newlines as spaces) and what tag says the tags do.
func (r *renderer) htmlBlock(n *ast.HTMLBlock, width int) []line {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(r.src))
	}
	if n.HasClosure() {
		cl := n.ClosureLine
		b.Write(cl.Value(r.src))
	}
	s := b.String()
	var t tokens
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			i = len(s)
		}
		r.words(&t, unescape([]byte(s[:i])), r.html, false)
		s = s[i:]
		if s == "" {
			break
		}
		end := strings.IndexByte(s, '>')
		if strings.HasPrefix(s, "<!--") {
			end = strings.Index(s, "-->")
			if end >= 0 {
				end += 2
			}
		}
		if end < 0 {
			r.words(&t, s, r.html, false)
			break
		}
		r.tag(&t, s[:end+1], 0)
		s = s[end+1:]
	}
	r.html = 0
	for len(t) > 0 && t[0].kind != tokWord {
		t = t[1:]
	}
	if t.empty() {
		return nil
	}
	return trimBlank(t.layout(width))
}
