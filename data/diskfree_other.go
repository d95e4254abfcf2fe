//go:build !unix

package data

// freeSpace is unknown here.
var freeSpace = func(string) (uint64, bool) { return 0, false }
