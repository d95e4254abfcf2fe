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
			a.writes = true
			r, err := data.Restore(cmd.Context(), a.cfg.DB, args[0], a.now)
			if err != nil {
				return err
			}
			kept := "there was no database to replace"
			if r.Kept != "" {
				kept = "the database it replaced is kept as " + clean(r.Kept)
			}
			fmt.Fprintf(a.Out, "Restored %s (%d cards) to %s; %s.\n", clean(args[0]), r.Cards, clean(a.cfg.DB), kept)
			return nil
		},
	}
}

// runBackupList prints the backups beside the database, oldest first.
func runBackupList(ctx context.Context, a *app, asJSON bool) error {
	if err := a.needDB(); err != nil {
		return err
	}
	st, err := a.openStoreRead(ctx)
	if err != nil {
		return err
	}
	if st == nil {
		return data.Hintf("check --db or AIPM_DB", "there is no database at %s, so no backups beside it", a.cfg.DB)
	}
	list, err := st.Backups(ctx)
	if err != nil {
		return err
	}
	type item struct {
		File  string `json:"file"`
		Date  string `json:"date"`
		Bytes int64  `json:"bytes"`
		Cards int    `json:"cards"`
		Error string `json:"error,omitempty"`
	}
	items := []item{}
	var rows [][]string
	for _, b := range list {
		it := item{File: b.Path, Date: b.ModTime.Local().Format("2006-01-02 15:04"), Bytes: b.Size, Cards: b.Cards}
		cards := fmt.Sprint(b.Cards)
		if b.Err != nil {
			it.Error, cards = b.Err.Error(), "unreadable"
		}
		items = append(items, it)
		rows = append(rows, []string{b.Path, it.Date, fmt.Sprintf("%d KB", (b.Size+1023)/1024), cards})
	}
	if asJSON {
		return writeJSON(a.Out, items)
	}
	if len(rows) == 0 {
		fmt.Fprintf(a.Err, "No backups in %s yet.\n", clean(st.BackupDir()))
		return nil
	}
	return table(a.Out, a.listing(0), []string{"FILE", "DATE", "SIZE", "CARDS"}, rows)
}
