package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aipmhq/aipm/data"
	"github.com/aipmhq/aipm/srs"
)

// The review log in the FSRS format: export --reviews and import --reviews.
// See the README ("The review log in the FSRS format").

// refuseDatabase refuses an output path that is the database or one of its
// side files.
func refuseDatabase(st *data.Store, out string) error {
	if out == "" {
		return nil
	}
	if side, is := st.IsDatabaseFile(out); is {
		what := "the database itself"
		if side != "" {
			what = "a side file of the database (" + side + ")"
		}
		return data.Hintf("choose another -o path; the database was not changed", "-o %s is %s", out, what)
	}
	return nil
}

// runExportReviews writes the scheduling answers as the FSRS review-log CSV
// to stdout or, through a temporary file renamed into place, to out.
func runExportReviews(ctx context.Context, a *app, out string) error {
	st, err := a.openStoreExisting(ctx)
	if err != nil {
		return err
	}
	if err := refuseDatabase(st, out); err != nil {
		return err
	}
	n := 0
	write := func(w io.Writer) error {
		n, err = st.ExportReviews(ctx, w)
		return err
	}
	if out == "" {
		var buf bytes.Buffer // whole first: an error leaves stdout empty
		if err := write(&buf); err != nil {
			return err
		}
		_, err := io.Copy(a.Out, &buf)
		return err
	}
	if err := data.WriteAtomic(out, 0o644, write); err != nil {
		var h *data.Hint
		if errors.As(err, &h) {
			return err
		}
		return data.Hintf("choose another -o path", "write %s: %v", out, unwrapOS(err))
	}
	fmt.Fprintf(a.Err, "wrote %s to %s\n", plural(n, "answer"), clean(out))
	return nil
}

// runImportReviews replays an FSRS review-log CSV onto the cards it names.
func runImportReviews(ctx context.Context, a *app, file string, jsonOut bool) error {
	f, err := os.Open(file)
	if err != nil {
		return data.Hintf("check the path", "%s: %v", file, unwrapOS(err))
	}
	defer f.Close()
	rows, err := data.ParseReviews(f, file)
	if err != nil {
		return reviewsRefused(a, err)
	}
	a.writes = true
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	dayOf := func(t time.Time) srs.Day { return srs.DayOf(t, time.Local, a.cfg.DayStartsAt) }
	res, err := st.ImportReviews(ctx, rows, data.ReviewsOptions{File: file, DayOf: dayOf, MaxInterval: a.cfg.MaxInterval})
	if err != nil {
		return reviewsRefused(a, err)
	}
	if jsonOut {
		return writeJSON(a.Out, struct {
			Added   int `json:"added"`
			Skipped int `json:"skipped"`
			Cards   int `json:"cards"`
		}{res.Added, res.Skipped, res.Cards})
	}
	fmt.Fprintf(a.Out, "Imported %s to %s; %s already in the log.\n",
		plural(res.Added, "answer"), plural(res.Cards, "card"), plural(res.Skipped, "row"))
	return nil
}

// reviewsRefused prints each bad row on a line of its own, and says that
// nothing was written.
func reviewsRefused(a *app, err error) error {
	var re *data.ReviewsError
	if !errors.As(err, &re) {
		return err
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		fmt.Fprintf(a.Err, "aipm: %s\n", clean(e.Error()))
	}
	fmt.Fprintln(a.Err, "try: fix the rows above and import the file again; nothing was written")
	return &silentError{code: exitError}
}
