// aipm is a spaced-repetition flashcard CLI for AI product-manager interview
// preparation. It ships with decks written from the course lessons, serves
// due cards with SM-2, keeps all of its state in one SQLite file, and imports
// decks from markdown, hashcards, Obsidian SR and Anki text files.
//
// Each command lives in its own file (review.go, import.go, …) with an
// options struct, a newXCmd constructor and a plain runX function that the
// tests call. main only calls run, which maps errors to exit codes.
package main
