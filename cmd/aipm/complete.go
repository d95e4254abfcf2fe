package main

import (
	"context"
	"strings"

	"github.com/aipmhq/aipm/data"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Shell completion of deck ids (--deck, export's argument) and topics
// (--topic), read from the database without writing it: a missing
// database completes nothing and creates nothing.

// completing reports whether args ask for completions (cobra's hidden
// __complete commands, which the shell scripts of `aipm completion` run).
// Only then are the completion functions registered: walking every
// command's flags for them cost every other command 0.3 ms (issue 20).
func completing(args []string) bool {
	for _, arg := range args {
		if arg == cobra.ShellCompRequestCmd || arg == cobra.ShellCompNoDescRequestCmd {
			return true
		}
	}
	return false
}

// addCompletion registers the completions on every command under c
// (--deck and --topic are each command's own flags, not persistent ones).
func addCompletion(a *app, c *cobra.Command) {
	if c.Flags().Lookup("deck") != nil {
		_ = c.RegisterFlagCompletionFunc("deck", a.completeDecks)
	}
	if c.Flags().Lookup("topic") != nil {
		_ = c.RegisterFlagCompletionFunc("topic", a.completeTopics)
	}
	if c.Name() == "export" {
		c.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeDecks(cmd, args, toComplete)
		}
	}
	for _, sub := range c.Commands() {
		addCompletion(a, sub)
	}
}

// completionStore opens the database of cmd's flags and environment read
// only; nil when there is none or the settings are bad.
func (a *app) completionStore(cmd *cobra.Command) *data.Store {
	flags := map[string]*pflag.Flag{}
	for _, k := range []string{keyDB, keyConfig} {
		flags[k] = cmd.Flags().Lookup(k)
	}
	cfg, err := loadConfig(a.Getenv, flags)
	if err != nil {
		return nil
	}
	a.cfg = cfg
	st, err := a.openStoreRead(cmd.Context())
	if err != nil {
		return nil
	}
	return st
}

func (a *app) completeDecks(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	st := a.completionStore(cmd)
	if st == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	decks, err := st.Decks(ctx(cmd))
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, d := range decks {
		if strings.HasPrefix(strings.ToLower(d.ID), strings.ToLower(toComplete)) {
			out = append(out, cobra.CompletionWithDesc(clean(d.ID), clean(d.Name)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func (a *app) completeTopics(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	st := a.completionStore(cmd)
	if st == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	deckID := ""
	if f := cmd.Flags().Lookup("deck"); f != nil && f.Value.String() != "" {
		id, err := resolveDeck(ctx(cmd), st, f.Value.String())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		deckID = id
	}
	topics, err := st.Topics(ctx(cmd), deckID)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, t := range topics {
		if strings.HasPrefix(strings.ToLower(t), strings.ToLower(toComplete)) {
			out = append(out, clean(t))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func ctx(cmd *cobra.Command) context.Context {
	if c := cmd.Context(); c != nil {
		return c
	}
	return context.Background()
}
