package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the steps, in order: migrations[i] takes the schema from
// user_version i to i+1. Nil means the embedded ones, whose text is read
// only when a database is created or migrated (steps); every other open
// needs only their number (SchemaVersion), which the file names give.
// Tests set their own.
var migrations []string

// embedded is the text of the embedded migrations, read on first use.
var embedded = sync.OnceValue(mustMigrations)

// steps returns the migrations: the embedded ones unless a test set its own.
func steps() []string {
	if migrations != nil {
		return migrations
	}
	return embedded()
}

// embeddedCount is the number of embedded migration files.
var embeddedCount = sync.OnceValue(func() int { return len(migrationNames()) })

func migrationNames() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	sort.Strings(names)
	return names
}

func mustMigrations() []string {
	names := migrationNames()
	out := make([]string, len(names))
	for i, n := range names {
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		out[i] = string(b)
	}
	return out
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int {
	if migrations != nil {
		return len(migrations)
	}
	return embeddedCount()
}

// migrate applies all pending steps in one transaction. Before migrating an
// existing database (user_version > 0) it writes a VACUUM INTO backup.
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return s.classify(err)
	}
	if v == SchemaVersion() {
		return nil
	}
	if v > 0 {
		if _, err := s.Backup(ctx, "pre-migrate"); err != nil {
			return fmt.Errorf("back up before migrating: %w", err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Re-read inside the write lock: another process may have migrated.
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		migrations := steps()
		if v < 0 || v > len(migrations) {
			return fmt.Errorf("schema version %d changed under this aipm to one it does not know", v)
		}
		for i := v; i < len(migrations); i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
			if code := migrationCode[i+1]; code != nil {
				if err := code(ctx, tx); err != nil {
					return fmt.Errorf("migration %d: %w", i+1, err)
				}
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations)))
		return err
	})
}
