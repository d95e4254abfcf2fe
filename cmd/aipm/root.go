package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "aipm",
		Short: "Spaced-repetition flashcards for AI product-manager interviews",
		Long: `aipm drills flashcards for AI product-manager interviews with SM-2.

It ships with decks written from the course lessons, keeps every answer in
one SQLite file, and imports more decks from markdown (aipm, hashcards and
Obsidian SR syntax) and Anki text files.`,
		Example: `  aipm review                 # drill today's cards
  aipm stats                  # how ready you are, topic by topic
  aipm import my-decks/       # add or update decks from markdown files
  aipm --db /tmp/try.db review  # use another database file`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		Version:           version,
	}
	root.SetVersionTemplate("aipm {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.String(keyDB, "", "database file (env AIPM_DB; default ~/.local/share/aipm/aipm.db, or $XDG_DATA_HOME/aipm/aipm.db)")
	pf.String(keyConfig, "", "config file (env AIPM_CONFIG; default ~/.config/aipm/config.yaml, or $XDG_CONFIG_HOME/aipm/config.yaml)")
	pf.String(keyNow, "", "pretend it is this RFC 3339 instant, or noon of this YYYY-MM-DD date (env AIPM_NOW)")

	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		flags := map[string]*pflag.Flag{}
		for _, k := range []string{keyDB, keyConfig, keyNow} {
			flags[k] = cmd.Flags().Lookup(k)
		}
		if f := cmd.Flags().Lookup("new"); f != nil {
			flags[keyNewPerDay] = f
		}
		if f := cmd.Flags().Lookup("obsidian-separators"); f != nil {
			flags[keySeparators] = f
		}
		if f := cmd.Flags().Lookup("limit"); f != nil && cmd.Name() == "review" {
			flags[keyReviewsPerDay] = f
		}
		cfg, err := loadConfig(a.Getenv, flags)
		if err != nil {
			return err
		}
		a.cfg = cfg
		for _, w := range cfg.Warnings {
			fmt.Fprintf(a.Err, "aipm: %s\n", clean(w))
		}
		return nil
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newReviewCmd(a),
		newStatsCmd(a),
		newMockCmd(a),
		newImportCmd(a),
		newLintCmd(a),
		newDecksCmd(a),
		newCardsCmd(a),
		newExportCmd(a),
		newVersionCmd(a),
		newDoctorCmd(a),
		newBackupCmd(a),
		newRestoreCmd(a),
		newSchedulerCmd(a),
		newOptimizeCmd(a),
		newPlanCmd(a),
	)
	// help: cobra's, but an unknown topic is a usage error (exit 2).
	root.SetHelpCommand(&cobra.Command{
		Use:     "help [command]",
		Short:   "Help about any command",
		Example: "  aipm help review\n  aipm help import",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usagef("no help topic %q; `aipm help` lists the commands", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag()
			return target.Help()
		},
	})
	// cobra's own commands get examples too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "completion":
			c.Example = "  aipm completion bash > ~/.local/share/bash-completion/completions/aipm\n  aipm completion zsh > \"${fpath[1]}/_aipm\""
		}
	}
	wrapArgs(root)
	return root
}

// wrapArgs makes every argument-count error a usage error (exit 2).
func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

// isUsage reports whether err is one of cobra's own command-line errors.
func isUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument",
		"flag needs an argument", "required flag", "accepts ", "requires at least", "requires at most"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
