package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"golang.org/x/term"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/bulk"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/store"
	"github.com/apkscan/apkscan/subprocessors"
)

type bulkFlags struct {
	db          string
	fromFiles   []string
	workers     int
	timeout     time.Duration
	maxSize     string
	memoryLimit string
	budgets     []string
	shard       string
	rescanStale bool
	retryErrors bool
	jsonl       string
	quiet       bool
	sdkdb       string
	subproc     string
}

// dbDefault is --db's default: $APKSCAN_DB, else store.DefaultPath.
func dbDefault() string {
	if v := os.Getenv("APKSCAN_DB"); v != "" {
		return v
	}
	return store.DefaultPath
}

const dbHelp = "result database: a SQLite file or a postgres:// URL (the default is $APKSCAN_DB when set)"

func newBulkCmd(stderr io.Writer) *cobra.Command {
	var f bulkFlags
	c := &cobra.Command{
		Use:   "bulk [flags] PATH... | -",
		Short: "Scan many apps (directories, lists) into a result database; resumable",
		Long: `Scan every app under the given paths into a result database.

Directories are walked recursively for .apk, .apks, .xapk and .apkm files;
a directory whose .apk files are the splits of one app (one package, one
base APK) is one input. --from-file LIST and '-' (standard input) read one
path per line. Each input ends as one row: a report or an error.

Re-running the same command resumes: inputs already stored by this apkscan
version and signature database are skipped (same path, size and mtime; or
the same SHA-256 found at another path). Inputs stored by another version
are kept unless --rescan-stale; stored errors are kept unless --retry-errors.

--shard I/N scans the inputs whose path hashes (FNV-1a 64, modulo N) to I,
so N workers can share one mirror and one PostgreSQL database. With
--shard N (or $APKSCAN_SHARDS=N) the index comes from $JOB_COMPLETION_INDEX
(Kubernetes Indexed Job) or $SLURM_ARRAY_TASK_ID.

Exit codes: 0 every input has a row (failed inputs are recorded, see
'apkscan stats'); 2 usage error; 3 the run stopped early (interrupted, or
the database failed) — run the same command again to resume.`,
		Example: `  apkscan bulk ./mirror --db results.sqlite
  find /mirror -name '*.apk' | apkscan bulk - --db results.sqlite --jsonl reports.jsonl
  apkscan bulk /mirror --db postgres://apkscan@db/apkscan --shard 3/8
  apkscan stats --db results.sqlite`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// main lowers GC to 50% for the lowest single-scan peak RSS; a
			// bulk run wants throughput instead: at the default 100% the
			// 2-worker speed-up on 2 cores goes from ~1.7x to ~1.8x and
			// apps/s up ~10% (scripts/bench-bulk.sh). GOGC still wins.
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(100)
			}
			return runBulk(cmd.Context(), args, f, cmd.InOrStdin(), stderr)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.db, "db", dbDefault(), dbHelp)
	fl.StringArrayVar(&f.fromFiles, "from-file", nil, "read input paths from LIST, one per line (repeatable; '-' is standard input)")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "concurrent scans")
	fl.DurationVar(&f.timeout, "timeout", 5*time.Minute, "time limit per input (0: none); an overrun is recorded as a timeout error")
	fl.StringVar(&f.maxSize, "max-size", "1GiB", "record inputs larger than this as errors without scanning them (0: no cap)")
	fl.StringVar(&f.memoryLimit, "memory-limit", "", "heap budget of the process, e.g. 8GiB: the Go runtime's soft limit, and a scan that grows the heap past it is stopped with a partial report (default: 2GiB per worker; $GOMEMLIMIT, when set, stays the soft limit)")
	fl.StringVar(&f.shard, "shard", "", "scan shard I of N (I/N), or N with the index from $JOB_COMPLETION_INDEX")
	fl.StringArrayVar(&f.budgets, "budget", nil, budgetHelp())
	fl.BoolVar(&f.rescanStale, "rescan-stale", false, "rescan inputs stored by another apkscan version or signature database")
	fl.BoolVar(&f.retryErrors, "retry-errors", false, "rescan inputs whose stored outcome is an error")
	fl.StringVar(&f.jsonl, "jsonl", "", "also append one JSON report per line to FILE")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "no progress output")
	fl.StringVar(&f.sdkdb, "sdkdb", "", "directory of extra/overriding SDK signature files (merged over the built-in database)")
	fl.StringVar(&f.subproc, "subprocessors", "", "declared subprocessor list (YAML, JSON or CSV) to cross-check every app against, including apps stored earlier (stored in the subprocessors table under the list's digest)")
	return c
}

func runBulk(ctx context.Context, args []string, f bulkFlags, stdin io.Reader, stderr io.Writer) error {
	shard, err := resolveShard(f.shard, os.Getenv)
	if err != nil {
		return errs.Usage(err)
	}
	maxSize, err := parseSize(f.maxSize)
	if err != nil {
		return errs.Usage(fmt.Errorf("--max-size: %w", err))
	}
	if f.workers < 1 {
		return errs.Usage(errors.New("--workers must be at least 1"))
	}
	// A memory ceiling by default: the workers' scans share one process,
	// so the budget is per worker times the workers. Past it the GC works
	// harder (soft limit) and a scan that still pushes the heap over it is
	// stopped with a partial report (its row records the problem; a
	// resume does not retry it unless --retry-errors).
	memBudget := int64(f.workers) * scan.DefaultMemoryBudget
	if f.memoryLimit != "" {
		lim, err := parseSize(f.memoryLimit)
		if err != nil || lim <= 0 {
			return errs.Usage(fmt.Errorf("--memory-limit %q: want a size such as 8GiB", f.memoryLimit))
		}
		memBudget = lim
	}
	setMemoryLimit(memBudget)
	var paths []string
	stdinUsed := false
	readList := func(name string) error {
		var r io.Reader = stdin
		if name != "-" {
			fh, err := os.Open(name)
			if err != nil {
				return errs.Usage(fmt.Errorf("--from-file: %w", err))
			}
			defer fh.Close()
			r = fh
		} else if stdinUsed {
			return nil
		} else {
			stdinUsed = true
		}
		list, err := bulk.ReadList(r)
		if err != nil {
			return errs.Usage(fmt.Errorf("reading %s: %w", name, err))
		}
		paths = append(paths, list...)
		return nil
	}
	for _, a := range args {
		if a == "-" {
			if err := readList("-"); err != nil {
				return err
			}
			continue
		}
		paths = append(paths, a)
	}
	for _, l := range f.fromFiles {
		if err := readList(l); err != nil {
			return err
		}
	}
	if len(args) == 0 && len(f.fromFiles) == 0 {
		return errs.Usage(errors.New("bulk: no input given (PATH..., --from-file LIST, or - for standard input)"))
	}
	db, err := loadDB(f.sdkdb)
	if err != nil {
		return err
	}
	var declared *subprocessors.List
	if f.subproc != "" {
		if declared, err = subprocessors.Load(f.subproc); err != nil {
			return errs.Usage(err)
		}
	}
	st, err := store.Open(ctx, f.db)
	if err != nil {
		return errs.Input(err)
	}
	defer st.Close()
	var jsonl *os.File
	if f.jsonl != "" {
		if jsonl, err = bulk.OpenJSONL(f.jsonl); err != nil {
			return errs.Input(fmt.Errorf("--jsonl: %w", err))
		}
		defer jsonl.Close()
	}
	lim := apk.DefaultLimits()
	inputs, err := bulk.Collect(ctx, paths, lim)
	if err != nil {
		return errs.Input(err)
	}
	all := len(inputs)
	inputs = shard.Select(inputs)
	pr := newProgressPrinter(stderr, f.quiet)
	if !f.quiet {
		what := fmt.Sprintf("%d inputs", all)
		if shard.Count > 1 {
			what = fmt.Sprintf("%d of %d inputs (shard %s)", len(inputs), all, shard)
		}
		fmt.Fprintf(stderr, "apkscan: bulk: %s, %d workers, into %s\n", what, f.workers, st)
	}
	scanOpt := scan.Options{DB: db, Limits: lim, ToolVersion: Version, Declared: declared, MemoryBudget: memBudget}
	if err := applyBudgets(&scanOpt, f.budgets); err != nil {
		return err
	}
	opt := bulk.Options{
		Scan:        scanOpt,
		Workers:     f.workers,
		Timeout:     f.timeout,
		MaxSize:     maxSize,
		RescanStale: f.rescanStale,
		RetryErrors: f.retryErrors,
		Shard:       shard,
		Progress:    pr.update,
	}
	if jsonl != nil {
		opt.JSONL = jsonl
	}
	sum, err := bulk.Run(ctx, st, inputs, opt)
	pr.finish(sum, st.String())
	if err != nil {
		return errs.Input(err)
	}
	if sum.Interrupted {
		return errs.Input(fmt.Errorf("bulk: interrupted after %d of %d inputs; run the same command again to resume", sum.Done, sum.Total))
	}
	return nil
}

// resolveShard reads --shard: "I/N"; "N" (or "/N") with I from the
// environment; or nothing, with N from $APKSCAN_SHARDS when set.
func resolveShard(flag string, getenv func(string) string) (bulk.Shard, error) {
	if strings.Contains(flag, "/") && !strings.HasPrefix(flag, "/") {
		return bulk.ParseShard(flag)
	}
	n := strings.TrimPrefix(flag, "/")
	from := "--shard"
	if n == "" {
		n, from = getenv("APKSCAN_SHARDS"), "$APKSCAN_SHARDS"
		if n == "" {
			return bulk.Shard{}, nil
		}
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 1 {
		return bulk.Shard{}, fmt.Errorf("%s %q: want a shard count N, or I/N", from, n)
	}
	for _, env := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"} {
		if v := getenv(env); v != "" {
			return bulk.ParseShard(v + "/" + strconv.Itoa(count))
		}
	}
	if count == 1 {
		return bulk.Shard{}, nil
	}
	return bulk.Shard{}, fmt.Errorf("%s %d: no shard index (use --shard I/%d, or set $JOB_COMPLETION_INDEX)", from, count, count)
}

// parseSize reads "1048576", "512MiB", "1G", "2GB" (K/M/G/T are powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"TIB", 1 << 40}, {"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"T", 1 << 40}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suf) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suf)), u.m
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 512MiB, 2GiB)", s)
	}
	return int64(v * float64(mult)), nil
}

// progressPrinter shows bulk progress on stderr: a redrawn status line on
// a terminal, a plain line every 10 seconds otherwise.
type progressPrinter struct {
	w     io.Writer
	what  string // the command, in plain lines ("bulk", "recheck")
	tty   bool
	quiet bool
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

func newProgressPrinter(w io.Writer, quiet bool) *progressPrinter {
	p := &progressPrinter{w: w, what: "bulk", quiet: quiet, last: time.Now()}
	if f, ok := w.(*os.File); ok {
		if term.IsTerminal(int(f.Fd())) && os.Getenv("TERM") != "dumb" {
			p.tty = true
		}
	}
	return p
}

func (p *progressPrinter) update(pr bulk.Progress) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	every := 10 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if time.Since(p.last) < every && (pr.Done < pr.Total || !p.tty) {
		return // the summary follows the last input
	}
	p.last = time.Now()
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", statusLine(pr, true))
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "apkscan: %s: %s\n", p.what, statusLine(pr, false))
}

func statusLine(pr bulk.Progress, bar bool) string {
	var b strings.Builder
	if bar && pr.Total > 0 {
		const width = 24
		n := width * pr.Done / pr.Total
		b.WriteString("[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + "] ")
	}
	pctDone := 100.0
	if pr.Total > 0 {
		pctDone = 100 * float64(pr.Done) / float64(pr.Total)
	}
	fmt.Fprintf(&b, "%d/%d (%.0f%%)", pr.Done, pr.Total, pctDone)
	worked := pr.Done - pr.Skipped
	if secs := pr.Elapsed.Seconds(); secs > 0 && worked > 0 {
		rate := float64(worked) / secs
		fmt.Fprintf(&b, ", %.1f apps/s", rate)
		if left := pr.Total - pr.Done; left > 0 {
			eta := time.Duration(float64(left)/rate) * time.Second
			fmt.Fprintf(&b, ", ETA %s", eta.Round(time.Second))
		}
	}
	fmt.Fprintf(&b, ", %d failed", pr.Failed)
	if pr.Skipped > 0 {
		fmt.Fprintf(&b, ", %d already stored", pr.Skipped)
	}
	return b.String()
}

func (p *progressPrinter) finish(sum bulk.Summary, where string) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	rate := ""
	if secs := sum.Elapsed.Seconds(); secs > 0 {
		rate = fmt.Sprintf(" (%.1f apps/s)", float64(sum.Scanned+sum.Failed+sum.Linked)/secs)
	}
	fmt.Fprintf(p.w, "apkscan: bulk: %d inputs: %d scanned, %d failed, %d already stored, %d same build as a stored one",
		sum.Total, sum.Scanned, sum.Failed, sum.Skipped, sum.Linked)
	if sum.Stale > 0 {
		fmt.Fprintf(p.w, " (%d stored by another apkscan/sdkdb version kept; --rescan-stale rescans them)", sum.Stale)
	}
	if sum.Rechecked+sum.RecheckFailed > 0 {
		fmt.Fprintf(p.w, "; %d stored apps cross-checked against the list", sum.Rechecked)
		if sum.RecheckFailed > 0 {
			fmt.Fprintf(p.w, " (%d stored reports unreadable, first: %s)", sum.RecheckFailed, oneLine(sum.FirstError))
		}
	}
	fmt.Fprintf(p.w, " in %s%s → %s\n", sum.Elapsed.Round(time.Millisecond), rate, oneLine(where))
	if sum.Failed > 0 {
		fmt.Fprintf(p.w, "apkscan: bulk: errors are in the database's errors table; 'apkscan stats --db %s' summarises them\n", oneLine(where))
	}
}
