// Package srs holds SM-2 exactly as DESIGN.md pins it, and the rules of a
// review day: which answer schedules, which cards come back, what a day is.
//
// Everything here is a pure function of its arguments. The package never
// reads the clock, a database or a terminal; callers pass now and the day in.
package srs
