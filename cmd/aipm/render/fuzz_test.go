package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRender: any text renders without a panic, at any width, and the
// output holds no control character but newlines and the SGR sequences
// Render adds itself.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/corpus/*.md")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(string(b), 40)
		}
	}
	f.Add("[[a|b]] ![[c]] $x$ $$\ny\n$$ ^id\n| a |\n|---|\n| b |", 1)
	f.Fuzz(func(t *testing.T, src string, width int) {
		width %= 300
		for _, color := range []bool{false, true} {
			out := Render(src, width, color)
			plain := out
			if color {
				plain = stripSGRForFuzz(out)
			}
			for _, r := range plain {
				if r < 0x20 && r != '\n' || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
					t.Fatalf("control %U in the output of %q", r, src)
				}
			}
		}
		if strings.Contains(Inline(src), "\n") {
			t.Fatalf("Inline(%q) has a newline", src)
		}
	})
}

func stripSGRForFuzz(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			i = skipCSI(s, i+2) - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
