package main

import (
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"
)

// pflag's "invalid argument" errors carry strconv's words; this says which
// flag is wrong and what it takes.

var invalidFlag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?--([\w-]+)" flag: `)
})

// kinds says in words what a flag of each pflag type takes.
var kinds = map[string]string{"int": "a whole number", "int64": "a whole number", "uint": "a whole number of 0 or more",
	"float64": "a number", "bool": "true or false", "duration": "a duration such as 90s or 5m"}

func flagError(cmd *cobra.Command, err error) error {
	m := invalidFlag().FindStringSubmatch(err.Error())
	if m == nil {
		return &usageError{err}
	}
	f := cmd.Flags().Lookup(m[2])
	if f == nil {
		return &usageError{err}
	}
	what, ok := kinds[f.Value.Type()]
	if !ok {
		return &usageError{err}
	}
	usage := f.Usage
	if i := strings.Index(usage, " ("); i > 0 {
		usage = usage[:i] // the env and config names
	}
	return usagef("--%s takes %s (%s), not %q", f.Name, what, strings.ReplaceAll(usage, "`", ""), m[1])
}
