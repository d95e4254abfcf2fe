package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/deck"
	"github.com/spf13/cast"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// config is the resolved configuration of one run.
type config struct {
	DB            string
	DBExplicit    bool // DB was named by --db, AIPM_DB or the config file
	ConfigFile    string
	Now           time.Time // zero: use the clock
	NewPerDay     int
	ReviewsPerDay int
	DayStartsAt   int
	MaxInterval   int
	BuiltinDecks  bool
	Separators    deck.Separators // Obsidian SR separators
	NewOrder      string          // "deck" or "mix"
	Warnings      []string        // unknown config file keys
}

// Config keys, their defaults and their env variables (AIPM_ + upper case).
const (
	keyDB            = "db"
	keyConfig        = "config"
	keyNow           = "now"
	keyNewPerDay     = "new_per_day"
	keyReviewsPerDay = "reviews_per_day"
	keyDayStartsAt   = "day_starts_at"
	keyMaxInterval   = "max_interval"
	keyBuiltinDecks  = "builtin_decks"
	keySeparators    = "obsidian_separators"
	keyNewOrder      = "new_order"
)

var defaults = map[string]any{
	keyNewPerDay:     20,
	keyReviewsPerDay: 200,
	keyDayStartsAt:   4,
	keyMaxInterval:   36500,
	keyBuiltinDecks:  true,
	keySeparators:    deck.DefaultSeparators.String(),
	keyNewOrder:      "deck",
}

// loadConfig builds a fresh viper on every run. Precedence: flag > AIPM_*
// env > config file > default. flags maps config keys to the command's
// flags that set them (unchanged flags do not count).
func loadConfig(getenv func(string) string, flags map[string]*pflag.Flag) (*config, error) {
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	// Env through getenv (not os.Getenv), so tests can inject it.
	explicit := map[string]bool{}
	for _, k := range []string{keyDB, keyConfig, keyNow, keyNewPerDay, keyReviewsPerDay, keyDayStartsAt, keyMaxInterval, keyBuiltinDecks, keySeparators, keyNewOrder} {
		if val := getenv("AIPM_" + strings.ToUpper(k)); val != "" {
			v.Set(k, val)
			explicit[k] = true
		}
	}
	fromFlag := map[string]string{} // key → the flag that set it
	for k, f := range flags {
		if f != nil && f.Changed {
			v.Set(k, f.Value.String())
			explicit[k] = true
			fromFlag[k] = "--" + f.Name
		}
	}

	var warnings []string
	cfgFile := v.GetString(keyConfig)
	// A file named with --config must exist; AIPM_CONFIG and the default
	// path may name a missing file (STYLE.md).
	if f := flags[keyConfig]; f != nil && f.Changed && cfgFile != "" {
		if _, err := os.Stat(cfgFile); errors.Is(err, os.ErrNotExist) {
			return nil, data.Hintf("check the path given with --config, or leave --config out", "config file %s does not exist", cfgFile)
		}
	}
	if cfgFile == "" {
		dir, err := xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
		if err == nil {
			cfgFile = filepath.Join(dir, "aipm", "config.yaml")
		}
	}
	if cfgFile != "" {
		file := viper.New()
		file.SetConfigFile(cfgFile)
		if err := file.ReadInConfig(); err != nil {
			var nf viper.ConfigFileNotFoundError
			if !errors.As(err, &nf) && !errors.Is(err, os.ErrNotExist) {
				return nil, data.Hintf("fix it or point --config elsewhere", "config file %s cannot be read: %v", cfgFile, err)
			}
		}
		// The file sits between env/flags (already Set) and the defaults.
		for _, k := range file.AllKeys() {
			if _, known := defaults[k]; !known && k != keyDB {
				warnings = append(warnings, fmt.Sprintf("config file %s: unknown key %q ignored (known: new_per_day, reviews_per_day, day_starts_at, max_interval, builtin_decks, obsidian_separators, new_order, db)", cfgFile, k))
				continue
			}
			if !explicit[k] {
				v.Set(k, file.Get(k))
			}
		}
	}

	c := &config{ConfigFile: cfgFile, Warnings: warnings}
	var err error
	if c.NewPerDay, err = intKey(v, keyNewPerDay, 0, 1_000_000, fromFlag); err != nil {
		return nil, err
	}
	if c.ReviewsPerDay, err = intKey(v, keyReviewsPerDay, 0, 1_000_000, fromFlag); err != nil {
		return nil, err
	}
	if c.DayStartsAt, err = intKey(v, keyDayStartsAt, 0, 23, fromFlag); err != nil {
		return nil, err
	}
	if c.MaxInterval, err = intKey(v, keyMaxInterval, 1, 36500*10, fromFlag); err != nil {
		return nil, err
	}
	if c.BuiltinDecks, err = cast.ToBoolE(v.Get(keyBuiltinDecks)); err != nil {
		return nil, fmt.Errorf("builtin_decks must be true or false, not %q", v.GetString(keyBuiltinDecks))
	}
	if c.Separators, err = deck.ParseSeparators(v.GetString(keySeparators)); err != nil {
		return nil, data.Hintf(fmt.Sprintf("set --obsidian-separators, AIPM_OBSIDIAN_SEPARATORS or obsidian_separators in the config file to 1 to 4 different separators split by spaces, in the plugin's order: inline, inline reversed, multi-line, multi-line reversed (default %q)", deck.DefaultSeparators.String()), "%v", err)
	}
	switch c.NewOrder = strings.ToLower(strings.TrimSpace(v.GetString(keyNewOrder))); c.NewOrder {
	case "deck", "mix":
	default:
		return nil, data.Hintf("set AIPM_NEW_ORDER or new_order in the config file to deck (new cards deck by deck, the default) or mix (round-robin across decks)", "new_order must be deck or mix, not %q", v.GetString(keyNewOrder))
	}
	if s := v.GetString(keyNow); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			// A bare date means noon of that day, local time: well inside
			// the user's day whatever day_starts_at is.
			d, derr := time.ParseInLocation(time.DateOnly, s, time.Local)
			if derr != nil {
				return nil, usagef("--now %q is not an RFC 3339 instant such as 2026-12-01T09:00:00Z, or a date such as 2026-12-01", s)
			}
			t = d.Add(12 * time.Hour)
		}
		c.Now = t
	}
	c.DB = v.GetString(keyDB)
	c.DBExplicit = c.DB != ""
	if c.DB == "" {
		dir, err := xdgDir(getenv, "XDG_DATA_HOME", filepath.Join(".local", "share"))
		if err != nil {
			return nil, data.Hintf("set --db or AIPM_DB", "cannot place the database: %v", err)
		}
		c.DB = filepath.Join(dir, "aipm", "aipm.db")
	}
	return c, nil
}

// intKey reads whole-number setting k; an error names the flag when a
// flag set it, else the key (and says where it may come from).
func intKey(v *viper.Viper, k string, lo, hi int, fromFlag map[string]string) (int, error) {
	n, err := wholeNumber(v.Get(k))
	if err != nil || n < lo || n > hi {
		if flag := fromFlag[k]; flag != "" {
			return 0, usagef("%s must be a whole number from %d to %d, not %q", flag, lo, hi, v.GetString(k))
		}
		return 0, data.Hintf("fix AIPM_"+strings.ToUpper(k)+" or "+k+" in the config file", "%s must be a whole number from %d to %d, not %q", k, lo, hi, v.GetString(k))
	}
	return n, nil
}

// xdgDir returns $env, else $HOME/fallback.
func xdgDir(getenv func(string) string, env, fallback string) (string, error) {
	if d := getenv(env); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", fmt.Errorf("neither $%s nor $HOME is set", env)
	}
	return filepath.Join(home, fallback), nil
}

// wholeNumber reads a setting that must be an integer: a YAML or JSON
// number without a fraction, or a string of decimal digits. cast.ToIntE
// alone would truncate 4.5 to 4.
func wholeNumber(x any) (int, error) {
	switch x := x.(type) {
	case float64, float32:
		return 0, fmt.Errorf("%v is not a whole number", x)
	case string:
		return strconv.Atoi(strings.TrimSpace(x))
	}
	return cast.ToIntE(x)
}
