package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

func TestMain(m *testing.M) {
	// Tests that need a real process (a pty, SIGKILL) re-run this binary
	// as aipm with AIPM_TEST_MAIN=1.
	if os.Getenv("AIPM_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"aipm": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real
// binary against a real database file in $WORK.
func TestScripts(t *testing.T) {
	testscript.Run(t, scriptParams("testdata/script"))
}

func scriptParams(dir string) testscript.Params {
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("AIPM_DB", e.WorkDir+"/aipm.db")
			e.Setenv("AIPM_CONFIG", e.WorkDir+"/config.yaml")
			e.Setenv("TZ", "UTC")
			e.Setenv("NO_COLOR", "1")
			e.Setenv("HOME", e.WorkDir+"/home")
			e.Setenv("SHARED", sharedDir())
			return nil
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"sql": cmdSQL,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "shared" {
				return sharedDir() != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	}
}

// sharedDir is ../shared beside the checkout, when it exists.
func sharedDir() string {
	for _, p := range []string{"../../../shared", "../../shared"} {
		if st, err := os.Stat(p + "/corpora"); err == nil && st.IsDir() {
			abs, _ := os.Getwd()
			return abs + "/" + p
		}
	}
	return ""
}

// cmdSQL runs one query on $AIPM_DB (read-only) and prints the rows to
// stdout, columns separated by " | ", so scripts can assert stored state:
//
//	sql 'SELECT reps, interval, ef, due FROM cards WHERE due IS NOT NULL'
//	cmp stdout want.txt
func cmdSQL(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: sql QUERY")
	}
	out, err := formatRows(ts.Getenv("AIPM_DB"), args[0], " | ")
	if err != nil {
		if neg {
			return
		}
		ts.Fatalf("%v", err)
	}
	if neg {
		ts.Fatalf("sql succeeded")
	}
	ts.Stdout().Write([]byte(out))
}

// formatRows runs one query on the database file db, opened read-only, and
// returns its rows, one a line, columns joined by sep, NULL as "NULL".
func formatRows(db, query, sep string) (string, error) {
	h, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		return "", fmt.Errorf("open %s: %w", db, err)
	}
	defer h.Close()
	rows, err := h.Query(query)
	if err != nil {
		return "", fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "", fmt.Errorf("scan: %w", err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = string(v)
			default:
				parts[i] = fmt.Sprint(v)
			}
		}
		out.WriteString(strings.Join(parts, sep) + "\n")
	}
	return out.String(), rows.Err()
}
