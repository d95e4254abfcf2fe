package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/pflag"
)

// deckFiles expands paths into deck files: files as given, folders walked
// for *.md, *.txt, *.tsv and *.csv in name order. In a folder, a file that
// is not a regular file (a FIFO, a device: opening one could hang) and a
// .txt, .tsv or .csv that does not look like an Anki export are skipped,
// each with a warning; cmd names the command for the hint to name the
// file instead, which reads it anyway.
func deckFiles(paths []string, cmd string) (files, warnings []string, err error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v; check the path", p, unwrapOS(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.IsDir() || !isDeckFile(path) {
				return nil
			}
			if why := notADeck(path, d); why != "" {
				warnings = append(warnings, fmt.Sprintf("%s: skipped: %s", path, why))
				if strings.HasPrefix(why, "not an Anki export") {
					warnings[len(warnings)-1] += fmt.Sprintf("; to read it anyway, name the file: aipm %s %s", cmd, shellQuote(path))
				}
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("read folder %s: %v", p, unwrapOS(err))
		}
		if len(found) == 0 {
			return nil, warnings, fmt.Errorf("%s has no deck files (*.md, *.txt, *.tsv, *.csv)", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, warnings, nil
}

// notADeck says why a deck-named file found in a folder is not read, or "".
// A file that cannot be checked is read, so that its error is reported.
func notADeck(path string, d fs.DirEntry) string {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		st, err := os.Stat(path)
		if err != nil {
			return ""
		}
		mode = st.Mode().Type()
	}
	if !mode.IsRegular() {
		return deck.KindOf(mode) + ", not a regular file"
	}
	if strings.ToLower(filepath.Ext(path)) == ".md" {
		return ""
	}
	f, err := deck.OpenRegular(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if !deck.LooksLikeAnki(f) {
		return "not an Anki export (no #separator: or other Anki header, and no tabs)"
	}
	return ""
}

func isDeckFile(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".txt", ".tsv", ".csv":
		return true
	}
	return false
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r == ',' || r == ':' || r == '@' ||
			(r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// separatorsFlag adds --obsidian-separators, which sets the config key
// obsidian_separators.
func separatorsFlag(f *pflag.FlagSet) {
	f.String("obsidian-separators", "", `Obsidian SR separators, up to 4 split by spaces: inline, reversed, multi-line, multi-line reversed (default ":: ::: ? ??")`)
}

// deckOptions are the reading rules of the run.
func (a *app) deckOptions() deck.Options {
	return deck.Options{Separators: a.cfg.Separators}
}
