package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The syntax CommonMark lacks that card text uses: Obsidian wiki links,
// embeds and block ids, and TeX math. Each is a goldmark parser, so that
// it meets code spans, escapes and links as CommonMark says.

var (
	kindWiki    = ast.NewNodeKind("WikiLink")
	kindMath    = ast.NewNodeKind("Math")
	kindBlockID = ast.NewNodeKind("BlockID")
	kindDisplay = ast.NewNodeKind("DisplayMath")
)

// wikiLink is [[page]], [[page|alias]] or, embedded, ![[file]].
type wikiLink struct {
	ast.BaseInline
	target, alias string
	embed         bool
}

func (n *wikiLink) Kind() ast.NodeKind                   { return kindWiki }
func (n *wikiLink) Dump(source []byte, level int)        { ast.DumpHelper(n, source, level, nil, nil) }
func (n *inlineMath) Kind() ast.NodeKind                 { return kindMath }
func (n *inlineMath) Dump(source []byte, level int)      { ast.DumpHelper(n, source, level, nil, nil) }
func (n *blockID) Kind() ast.NodeKind                    { return kindBlockID }
func (n *blockID) Dump(source []byte, level int)         { ast.DumpHelper(n, source, level, nil, nil) }
func (n *displayMath) Kind() ast.NodeKind                { return kindDisplay }
func (n *displayMath) Dump(source []byte, level int)     { ast.DumpHelper(n, source, level, nil, nil) }
func (n *displayMath) IsRaw() bool                       { return true }
func (p *displayMathParser) CanInterruptParagraph() bool { return true }
func (p *displayMathParser) CanAcceptIndentedLine() bool { return false }

// inlineMath is $…$ or $$…$$ within a line, kept as its source.
type inlineMath struct {
	ast.BaseInline
	src string
}

// blockID is an Obsidian block id (^abc123 at the end of a line): it shows
// nothing.
type blockID struct{ ast.BaseInline }

// displayMath is a $$ block on lines of its own, kept as its source.
type displayMath struct{ ast.BaseBlock }

type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'[', '!'} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	embed := false
	if len(line) > 0 && line[0] == '!' {
		embed, line = true, line[1:]
	}
	if !bytes.HasPrefix(line, []byte("[[")) {
		return nil
	}
	end := bytes.Index(line[2:], []byte("]]"))
	if end <= 0 {
		return nil
	}
	inner := string(line[2 : 2+end])
	if strings.ContainsAny(inner, "[]\n") {
		return nil
	}
	n := &wikiLink{target: inner, embed: embed}
	if i := strings.IndexByte(inner, '|'); i >= 0 {
		n.target, n.alias = strings.TrimSuffix(inner[:i], `\`), inner[i+1:] // [[a\|b]] in a table
	}
	consumed := 2 + end + 2
	if embed {
		consumed++
	}
	block.Advance(consumed)
	return n
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$'} }

// Parse reads $…$ (Pandoc's rule: no space inside either dollar, and no
// digit straight after the closing one, so "$5 and $10" is not math) or
// $$…$$ on one line.
func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	delim := 1
	if len(line) > 1 && line[1] == '$' {
		delim = 2
	}
	body := line[delim:]
	if len(body) == 0 || body[0] == ' ' || body[0] == '\n' {
		return nil
	}
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++
		case '\n':
			return nil
		case '$':
			if delim == 2 {
				if i+1 < len(body) && body[i+1] == '$' && i > 0 {
					block.Advance(2 + i + 2)
					return &inlineMath{src: string(line[:2+i+2])}
				}
				continue
			}
			if i == 0 || body[i-1] == ' ' || (i+1 < len(body) && body[i+1] >= '0' && body[i+1] <= '9') {
				continue
			}
			block.Advance(1 + i + 1)
			return &inlineMath{src: string(line[:1+i+1])}
		}
	}
	return nil
}

type blockIDParser struct{}

func (blockIDParser) Trigger() []byte { return []byte{'^'} }

// Parse drops ^id when it ends the line and follows a space (or starts the
// line): Obsidian's block reference anchor.
func (blockIDParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if p := block.PrecendingCharacter(); p != ' ' && p != '\n' && p != '\t' {
		return nil
	}
	line, _ := block.PeekLine()
	rest := bytes.TrimRight(line[1:], " \t\r\n")
	if len(rest) == 0 {
		return nil
	}
	for _, c := range rest {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return nil
		}
	}
	block.Advance(1 + len(rest))
	return &blockID{}
}

type displayMathParser struct{}

func (p *displayMathParser) Trigger() []byte { return []byte{'$'} }

// Open starts a block at a line that begins with $$ and does not close it
// on the same line after other text ($$x$$ alone is inline math).
func (p *displayMathParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	trimmed := bytes.TrimSpace(line)
	if !bytes.HasPrefix(trimmed, []byte("$$")) || (len(trimmed) > 2 && bytes.HasSuffix(trimmed, []byte("$$"))) {
		return nil, parser.NoChildren
	}
	n := &displayMath{}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return n, parser.NoChildren
}

func (p *displayMathParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	node.Lines().Append(seg)
	reader.AdvanceToEOL()
	if bytes.Contains(line, []byte("$$")) {
		return parser.Close
	}
	return parser.Continue | parser.NoChildren
}

func (p *displayMathParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}

// options are the parsers Render adds to CommonMark's.
func options() []parser.Option {
	return []parser.Option{
		parser.WithInlineParsers(
			util.Prioritized(wikiParser{}, 99),
			util.Prioritized(mathParser{}, 98),
			util.Prioritized(blockIDParser{}, 500),
		),
		parser.WithBlockParsers(util.Prioritized(&displayMathParser{}, 650)),
	}
}
