// Command aipm drills AI product-manager interview flashcards with SM-2.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
