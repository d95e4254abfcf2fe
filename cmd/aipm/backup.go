package main

import (
	"context"
	"fmt"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
)

type backupOptions struct {
	File string // "" means <db dir>/backups/manual-<time>.db
	List bool   // list the backups instead
	JSON bool
}

func newBackupCmd(a *app) *cobra.Command {
	var o backupOptions
	cmd := &cobra.Command{
		Use:   "backup [FILE]",
		Short: "Write a consistent copy of the database",
		Long: `Write a consistent copy of the database with SQLite's VACUUM INTO.

The copy is one snapshot: it is safe to run while another aipm is
reviewing, and holds every answer committed before it started. FILE must
not exist yet; without FILE the copy goes to the backups folder beside the
database, as manual-<UTC time>.db (aipm keeps its own automatic backups,
taken before migrations, in the same folder).

A backup is written under a temporary name ending in .tmp, and takes
its .db name only once it is complete and passes SQLite's quick_check.
aipm keeps the newest 5 automatic backups, and removes cut-short ones.

--list shows the backups beside the database with their date, size and
card count. To restore one, stop every other aipm and run
` + "`aipm restore FILE`" + `.`,
		Example: `  aipm backup                        # into the backups folder beside the database
  aipm backup ~/aipm-2026-12-01.db   # to a file of your choice
  aipm --db ~/aipm.db backup /mnt/usb/aipm.db
  aipm backup --list                 # the backups, with date, size and cards
  aipm restore FILE                  # put one back`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.List {
				if len(args) > 0 {
					return usagef("--list takes no FILE")
				}
				return runBackupList(cmd.Context(), a, o.JSON)
			}
			if len(args) == 1 {
				o.File = args[0]
				if o.File == "" {
					return usagef("the backup FILE is empty; name a file that does not exist yet")
				}
			}
			return runBackup(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.List, "list", false, "list the backups beside the database")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "with --list: print JSON")
	return cmd
}

func runBackup(ctx context.Context, a *app, o backupOptions) error {
	st, err := a.openStoreRead(ctx)
	if err != nil {
		return err
	}
	if st == nil {
		return data.Hintf("check --db or AIPM_DB", "there is no database at %s to back up", a.cfg.DB)
	}
	if err := st.Verify(ctx); err != nil { // never copy a damaged file
		return err
	}
	dst := o.File
	if dst == "" {
		if dst, err = st.BackupManual(ctx); err != nil {
			return err
		}
	} else if err := st.BackupTo(ctx, dst); err != nil {
		return err
	}
	// Check the copy the way a restore would use it.
	cp, err := data.Open(ctx, dst, data.Options{ReadOnly: true})
	if err != nil {
		return data.Hintf("try again, or choose another place", "the backup %s cannot be read back (%v)", dst, err)
	}
	defer cp.Close()
	cards, rows, err := cp.LogCounts(ctx)
	if err != nil {
		return data.Hintf("try again, or choose another place", "the backup %s cannot be read back (%v)", dst, err)
	}
	fmt.Fprintln(a.Out, msgBackedUp(clean(st.Path()), clean(dst), cards, rows))
	return nil
}

// runBackupList prints the backups beside the database, oldest first.
func runBackupList(ctx context.Context, a *app, asJSON bool) error {
	st, err := a.openStoreReadExisting(ctx)
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
