package main

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

func newRestoreCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the database with a backup",
		Long: `Replace the database with the backup FILE, in one step.

FILE is checked first: it must be an aipm database that passes SQLite's
integrity check (an empty, cut-short or foreign file is refused, and
nothing changes). The current database is then kept as one more backup
in the backups folder beside it (aipm-<UTC time>-pre-restore.db, or
damaged-<UTC time>.db when it cannot be read), and the backup is copied
into its place through a temporary file, so the database file is always
whole. Stop every other aipm that uses the database first.

` + "`aipm backup --list`" + ` shows the backups with their date, size and cards.`,
		Example: `  aipm backup --list
  aipm restore ~/.local/share/aipm/backups/aipm-20261201T090000.000000000Z-import.db
  aipm --db ~/aipm.db restore /mnt/usb/aipm.db`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRestore(cmd.Context(), a, restoreOptions{File: args[0]})
		},
	}
}

type restoreOptions struct {
	File string // the backup to put back
}

func runRestore(ctx context.Context, a *app, o restoreOptions) error {
	a.writes = true
	r, err := data.Restore(ctx, a.cfg.DB, o.File, a.now)
	if err != nil {
		return err
	}
	kept := "there was no database to replace"
	if r.Kept != "" {
		kept = "the database it replaced is kept as " + clean(r.Kept)
	}
	fmt.Fprintln(a.Out, msgRestored(clean(o.File), r.Cards, clean(a.cfg.DB), kept))
	return nil
}
