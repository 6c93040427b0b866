package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/bulk"
	"github.com/apkscan/apkscan/errs"
	"github.com/apkscan/apkscan/store"
	"github.com/apkscan/apkscan/subprocessors"
)

type recheckFlags struct {
	db, subproc, prefix, sdkdb string
	workers                    int
	quiet                      bool
}

func newRecheckCmd(stderr io.Writer) *cobra.Command {
	var f recheckFlags
	c := &cobra.Command{
		Use:   "recheck --subprocessors LIST [flags]",
		Short: "Cross-check the apps stored in a result database against a subprocessor list, without scanning",
		Long: `Apply a declared subprocessor list to the apps stored by 'apkscan bulk'
without scanning them again: each stored report is read, cross-checked and
its verdict stored in the subprocessors table under the list's digest
(SHA-256 of the list file). The verdicts of other lists are kept, so the
lists of several companies coexist: apply each to its company's apps with
--package-prefix, then 'apkscan stats' shows the recipients per list.

Applying the same list again replaces its verdicts. A later rescan of a
build (bulk --rescan-stale) drops the verdicts made from its old report;
apply the lists again.

Exit codes: 0 every app checked; 2 usage error; 3 a stored report could
not be read, or the run stopped early (interrupted, or the database
failed) — run the same command again.`,
		Example: `  apkscan recheck --db results.sqlite --subprocessors example-com.yaml --package-prefix com.example.
  apkscan recheck --db results.sqlite --subprocessors other.csv --package-prefix org.other.
  apkscan stats --db results.sqlite --format json | jq .recipients`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRecheck(cmd.Context(), f, stderr)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.db, "db", dbDefault(), dbHelp)
	fl.StringVar(&f.subproc, "subprocessors", "", "declared subprocessor list (YAML, JSON or CSV) to apply (required)")
	fl.StringVar(&f.prefix, "package-prefix", "", "only the stored apps whose package starts with this (e.g. com.example.)")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "concurrent checks")
	fl.StringVar(&f.sdkdb, "sdkdb", "", "directory of extra/overriding SDK signature files (merged over the built-in database)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress output")
	return c
}

func runRecheck(ctx context.Context, f recheckFlags, stderr io.Writer) error {
	if f.subproc == "" {
		return errs.Usage(errors.New("recheck: --subprocessors LIST is required"))
	}
	if f.workers < 1 {
		return errs.Usage(errors.New("--workers must be at least 1"))
	}
	list, err := subprocessors.Load(f.subproc)
	if err != nil {
		return errs.Usage(fmt.Errorf("--subprocessors: %w", err))
	}
	db, err := loadDB(f.sdkdb)
	if err != nil {
		return err
	}
	st, err := openExisting(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	pr := newProgressPrinter(stderr, f.quiet)
	pr.what = "recheck"
	scope := "every stored app"
	if f.prefix != "" {
		scope = "stored apps of packages " + f.prefix + "*"
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "apkscan: recheck: %s against %s (sha256 %s), into %s\n", oneLine(scope), oneLine(list.Path), list.Digest[:12], st)
	}
	sum, err := bulk.Recheck(ctx, st, list, bulk.RecheckOptions{DB: db, PackagePrefix: f.prefix, Workers: f.workers, Progress: pr.update})
	finishRecheck(pr, sum, st)
	if err != nil {
		return errs.Input(err)
	}
	if sum.Interrupted {
		return errs.Input(fmt.Errorf("recheck: interrupted after %d of %d apps; run the same command again", sum.Done, sum.Total))
	}
	if sum.Failed > 0 {
		return errs.Input(fmt.Errorf("recheck: %d stored report(s) could not be read, first: %s", sum.Failed, sum.FirstError))
	}
	return nil
}

func finishRecheck(p *progressPrinter, sum bulk.Summary, st *store.Store) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	rate := ""
	if secs := sum.Elapsed.Seconds(); secs > 0 && sum.Done > 0 {
		rate = fmt.Sprintf(" (%.1f apps/s)", float64(sum.Done)/secs)
	}
	fmt.Fprintf(p.w, "apkscan: recheck: %d apps: %d checked, %d unreadable in %s%s → %s\n",
		sum.Total, sum.Rechecked, sum.Failed, sum.Elapsed.Round(time.Millisecond), rate, oneLine(st.String()))
}
