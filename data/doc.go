// Package data is aipm's store: one SQLite file opened through
// modernc.org/sqlite (pure Go, no cgo).
//
// The schema lives in numbered SQL files embedded from migrations/ and is
// tracked with PRAGMA user_version. The review log is append-only: an undo is
// a new row that cancels an earlier one, and replaying the log through srs
// rebuilds every card's state.
//
// The store never reads the clock: every method that records an event takes
// its instant and user day from the caller.
package data
