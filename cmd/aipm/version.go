package main

import (
	"fmt"
	"runtime"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print aipm's version",
		Long:    "Print aipm's version, the database schema version it writes, and the Go version it was built with.",
		Example: "  aipm version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(a.Out, "aipm %s (schema %d, %s)\n", version, data.SchemaVersion(), runtime.Version())
			return nil
		},
	}
}
