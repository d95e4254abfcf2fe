// Command firstcard is the floor for the first card of `aipm review`: a
// binary that links cobra, viper and tablewriter, as aipm does, resolves its
// config with viper (flag, AIPM_* env, config file), opens the database
// through modernc with aipm's pragmas, counts the due cards (not suspended,
// not orphaned, so that aipm's due-queue index serves it) and prints the
// count as a table on stderr.
//
//	AIPM_DB=/tmp/big.db go run ./scripts/floor/firstcard due
package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	_ "modernc.org/sqlite"
)

func main() {
	root := &cobra.Command{Use: "firstcard", SilenceUsage: true}
	root.PersistentFlags().String("db", "", "database file (env AIPM_DB)")
	root.PersistentFlags().String("now", "", "RFC 3339 instant (env AIPM_NOW)")
	root.AddCommand(&cobra.Command{
		Use: "due",
		RunE: func(cmd *cobra.Command, args []string) error {
			v := viper.New()
			v.SetEnvPrefix("AIPM")
			v.AutomaticEnv()
			v.BindPFlags(cmd.Flags())
			v.SetConfigFile(v.GetString("config"))
			if v.GetString("config") != "" {
				if err := v.ReadInConfig(); err != nil && !errors.Is(err, os.ErrNotExist) {
					var nf viper.ConfigFileNotFoundError
					if !errors.As(err, &nf) {
						return err
					}
				}
			}
			now := time.Now()
			if s := v.GetString("now"); s != "" {
				t, err := time.Parse(time.RFC3339, s)
				if err != nil {
					return err
				}
				now = t
			}
			day := now.Add(-4 * time.Hour).Format(time.DateOnly)
			db, err := sql.Open("sqlite", "file:"+v.GetString("db")+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
			if err != nil {
				return err
			}
			defer db.Close()
			var n int
			if err := db.QueryRow("SELECT count(*) FROM cards WHERE due <= ? AND suspended = 0 AND orphaned = 0", day).Scan(&n); err != nil {
				return err
			}
			t := tablewriter.NewWriter(os.Stderr)
			t.Header("DUE", "DAY")
			t.Append(fmt.Sprint(n), day)
			return t.Render()
		},
	})
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
