// Package deck reads and writes aipm's deck formats: the markdown format of
// DESIGN.md (Q:/A:, R:, C: clozes, Obsidian-SR one-liners and multi-line
// cards, highlight clozes) and Anki text/CSV exports. Parse and Render are
// symmetric: a rendered deck parses back to the same cards.
//
// The built-in decks live in lessons/[0-9]*.md and are embedded as Builtin
// (lessons/SOURCES.md, their notes, is not a deck).
//
// The package never touches a database, a terminal or the clock.
package deck
