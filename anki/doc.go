// Package anki reads Anki packages (.apkg, .colpkg) of every version:
// collection.anki2 (legacy 1), collection.anki21 (legacy 2, schema 11) and
// collection.anki21b (zstd-compressed, schema 18, with a protobuf meta file
// and media index), as Anki's own rslib/src/import_export/package/ writes
// them. It turns notes into aipm cards (deck.Deck) by their note type's kind
// and templates, never by its name, and returns each card's Anki schedule
// and review log for the store to bring in (data.ImportAnki).
//
// The collection is read with SQLite from a temporary copy that is removed
// before Open returns. A package that is not a zip, has no collection, has a
// collection that fails quick_check, inflates beyond the size or ratio caps,
// or names a media file outside its folder is refused with one sentence.
package anki
