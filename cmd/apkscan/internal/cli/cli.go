// Package cli wires apkscan's command line to the library: it parses flags,
// calls scan/sdkdb/reports, and maps errors to exit codes. It holds no
// analysis logic.
package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/sdkdb"
)

// Exit codes, documented in the README and in --help.
const (
	ExitOK       = 0 // scanned, nothing at or above the --fail-on threshold
	ExitFindings = 1 // findings at or above the threshold
	ExitUsage    = 2 // bad flags or arguments
	ExitInput    = 3 // an input could not be scanned (or only partly)
	ExitInternal = 4 // a bug: an internal error (please report)
)

// Version is set at build time with -ldflags "-X …/cli.Version=…".
var Version = "0.1.0-dev"

const exitHelp = `Exit codes:
  0  scan complete, nothing at or above the --fail-on threshold
  1  findings at or above the --fail-on threshold
  2  usage error
  3  an input could not be scanned, or was only partly scanned (see problems);
     this takes precedence over 1
  4  internal error (a bug in apkscan: please report it with the input)

` + failOnHelp

// errReported and errFindingsReported end a command whose problems were
// already printed (one line per input): only the exit code is left.
var (
	errReported         = reported{errs.ErrPartial}
	errFindingsReported = reported{errs.ErrFindings}
)

type reported struct{ kind error }

func (r reported) Error() string { return r.kind.Error() }
func (r reported) Unwrap() error { return r.kind }

// exitCode maps an error to the process exit code: the one place where
// error kinds become numbers (errors.Is / errors.As, never message text).
func exitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errs.ErrUsage):
		return ExitUsage
	}
	if _, ok := errs.AsInternal(err); ok {
		return ExitInternal
	}
	switch {
	case errors.Is(err, errs.ErrInput), errors.Is(err, errs.ErrPartial),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ExitInput
	case errors.Is(err, errs.ErrFindings):
		return ExitFindings
	}
	return ExitInput
}

// Run executes the command line and returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var r reported
	if err != nil && !errors.As(err, &r) {
		fmt.Fprintln(stderr, "apkscan: "+oneLine(err.Error()))
	}
	return exitCode(err)
}

// usageArgs makes cobra's positional-argument checks usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error { return errs.Usage(check(cmd, args)) }
}

// markUsage makes every flag and argument error of cmd and its
// subcommands a usage error (cobra's hooks, not its messages).
func markUsage(cmd *cobra.Command) {
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return errs.Usage(err) })
	if cmd.Args != nil {
		cmd.Args = usageArgs(cmd.Args)
	} else if cmd.HasSubCommands() && !cmd.Runnable() {
		cmd.Args = usageArgs(cobra.NoArgs)
		cmd.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
	}
	for _, c := range cmd.Commands() {
		markUsage(c)
	}
}

// oneLine keeps error output to one sanitized line: input file names and
// decoder messages come from untrusted files.
func oneLine(s string) string { return reports.Sanitize(s, 600) }

// scanTime is the clock --timestamp reads (a variable for tests).
var scanTime = time.Now

type scanFlags struct {
	format        string
	outputs       []string
	sdkdb         string
	subprocessors string
	failOn        string
	taint         taintFlags // --profile, --no-taint (taint.go)
	budgets       []string   // --budget NAME=VALUE (budgets.go)
	force         bool       // --force: merge a directory or bundle holding several apps
	timestamp     bool       // --timestamp: put the scan date in the report
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	var f scanFlags
	root := &cobra.Command{
		Use:   "apkscan [flags] APK|BUNDLE|SPLIT-DIR...",
		Short: "Find the third parties an Android app talks to, with evidence",
		Long: `apkscan unpacks an APK (or a split bundle: .apks, .xapk, .apkm, or a
directory of split APKs), decodes its manifest, signing certificates and
every DEX file, and reports the tracker and telemetry SDKs it embeds, the
hosts it can reach, and how it knows each of them.

` + exitHelp,
		Example: `  apkscan app.apk
  apkscan app.apk --format json -o report.json
  apkscan bundle.apks -o json=report.json -o table=report.txt
  apkscan app.apk --subprocessors list.yaml --format html -o report.html
  apkscan app.apk --subprocessors list.yaml --fail-on undeclared -o sarif=apkscan.sarif
  apkscan diff old.apk new.apk
  apkscan sdkdb validate`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errs.Usage(errors.New("no input given; try 'apkscan --help'"))
			}
			return runScan(cmd.Context(), args, f, stdout, stderr)
		},
	}
	root.Version = versionText()
	root.SetVersionTemplate("{{.Version}}\n")
	addScanFlags(root, &f)
	var sf scanFlags
	scanCmd := &cobra.Command{
		Use:   "scan [flags] APK|BUNDLE|SPLIT-DIR...",
		Short: "Scan apps (the default command)",
		Long:  "Scan one or more apps. Several inputs give one document per format: a JSON array (--format jsonl: one report per line), one SARIF log with a run per app, one HTML page or Markdown document with a section per app, an Exodus JSON array.\n\n" + exitHelp,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd.Context(), args, sf, stdout, stderr)
		},
	}
	addScanFlags(scanCmd, &sf)
	root.AddCommand(scanCmd, newDiffCmd(stdout, stderr), newSDKDBCmd(stdout), newVersionCmd(stdout))
	root.AddCommand(newBulkCmd(stderr), newStatsCmd(stdout), newHistoryCmd(stdout), newServeCmd())
	root.AddCommand(newRecheckCmd(stderr))
	root.AddCommand(newExplainCmd(stdout), newDroidBenchCmd(stdout))
	markUsage(root)
	return root
}

func addScanFlags(c *cobra.Command, f *scanFlags) {
	c.Flags().StringVarP(&f.format, "format", "f", "", "output format: "+strings.Join(reports.FormatIDs(), "|")+" (default: from the -o file's extension, else table)")
	c.Flags().StringArrayVarP(&f.outputs, "output", "o", nil, "write to FILE instead of stdout; FORMAT=FILE writes that format (repeatable)")
	c.Flags().StringVar(&f.sdkdb, "sdkdb", "", "directory of extra/overriding SDK signature files (merged over the built-in database)")
	c.Flags().StringVar(&f.subprocessors, "subprocessors", "", "declared subprocessor list (YAML, JSON or CSV) to cross-check the recipients against")
	c.Flags().StringVar(&f.failOn, "fail-on", "", "exit 1 on findings at or above: undeclared|high|medium|low (see below)")
	addTaintFlags(c, &f.taint)
	c.Flags().StringArrayVar(&f.budgets, "budget", nil, budgetHelp())
	c.Flags().BoolVar(&f.timestamp, "timestamp", false, "put the scan date and time (UTC) in the report; without it reports are deterministic")
	c.Flags().BoolVar(&f.force, "force", false, "scan a directory or bundle whose APKs are not one app (other packages, several bases, other signers) as one app; the report gets a problem of severity error (exit 3)")
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print apkscan's and the signature database's versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := sdkdb.Default()
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s\nsdkdb %s (%d SDKs, digest %s)\n", versionText(), db.Version(), len(db.SDKs()), db.Digest())
			return nil
		},
	}
}

// output is one destination of a report.
type output struct {
	enc  reports.Encoder
	path string // "" = stdout
}

// parseOutputs resolves --format and every -o (see resolveOutput).
func parseOutputs(f scanFlags) ([]output, error) {
	if f.format != "" {
		if _, err := reports.Lookup(f.format); err != nil {
			return nil, errs.Usage(err)
		}
	}
	if len(f.outputs) == 0 {
		return resolveOutputs([]string{"-"}, f.format)
	}
	return resolveOutputs(f.outputs, f.format)
}

func loadDB(dir string) (*sdkdb.DB, error) {
	db, err := sdkdb.Default()
	if err != nil {
		return nil, fmt.Errorf("built-in sdkdb: %w", err)
	}
	if dir == "" {
		return db, nil
	}
	over, err := sdkdb.LoadDir(dir)
	if err != nil {
		return nil, errs.Usage(fmt.Errorf("--sdkdb %s: %w", dir, err))
	}
	merged := db.Merge(over)
	if verrs := merged.Validate(); len(verrs) > 0 {
		return nil, errs.Usage(fmt.Errorf("--sdkdb %s: %v (and %d more)", dir, verrs[0], len(verrs)-1))
	}
	return merged, nil
}

func runScan(ctx context.Context, inputs []string, f scanFlags, stdout, stderr io.Writer) error {
	outs, err := parseOutputs(f)
	if err != nil {
		return err
	}
	db, err := loadDB(f.sdkdb)
	if err != nil {
		return err
	}
	failOn, declared, err := scanChecks(f)
	if err != nil {
		return err
	}
	// One scan at a time here: let its independent analyzers share the
	// cores (bulk scans several apps at once instead).
	opts := scan.Options{DB: db, Limits: apk.DefaultLimits(), ToolVersion: Version, Declared: declared, Parallel: runtime.GOMAXPROCS(0), MemoryBudget: scan.DefaultMemoryBudget}
	opts.Limits.MergeApps = f.force
	if err := f.taint.apply(&opts); err != nil {
		return err
	}
	if err := applyBudgets(&opts, f.budgets); err != nil {
		return err
	}
	setMemoryLimit(opts.MemoryBudget)
	var rs []*reports.Report
	failed := 0
	for i, in := range inputs {
		if ctx.Err() != nil { // SIGINT/SIGTERM: say so once, not per input
			failed++
			fmt.Fprintf(stderr, "apkscan: interrupted: %d of %d inputs not scanned, first %s\n", len(inputs)-i, len(inputs), oneLine(in))
			break
		}
		r, err := scan.Load(ctx, in, opts) // an app, or a saved JSON report to re-render
		if err != nil {
			failed++
			fmt.Fprintln(stderr, "apkscan: "+oneLine(err.Error()))
			continue
		}
		if f.timestamp && r.ScannedAt == "" { // a saved report keeps its own date
			r.ScannedAt = scanTime().UTC().Format(time.RFC3339)
		}
		if r.HasErrors() {
			failed++
			fmt.Fprintf(stderr, "apkscan: %s: partial report: %s\n", oneLine(in), oneLine(firstError(r)))
		}
		rs = append(rs, r)
	}
	if err := writeOutputs(outs, rs, stdout); err != nil {
		return errs.Input(err)
	}
	if failed > 0 {
		return errReported
	}
	return checkFailOn(failOn, rs, stderr)
}

// firstError is the first error-severity problem of r, followed by how
// many more there are (the report lists them all).
func firstError(r *reports.Report) string {
	first, n := "", 0
	for _, p := range r.Problems {
		if p.Severity == "error" {
			if n == 0 {
				first = p.Where + ": " + p.Error
			}
			n++
		}
	}
	if n > 1 {
		first += fmt.Sprintf(" (and %d more error%s in the report)", n-1, map[bool]string{true: "s"}[n > 2])
	}
	return first
}

// writeOutputs writes every output: one document per format holding all
// the reports (reports.EncodeReports).
func writeOutputs(outs []output, rs []*reports.Report, stdout io.Writer) error {
	for _, o := range outs {
		if len(rs) == 0 {
			continue // every input failed: nothing to write (stderr says why)
		}
		if o.path == "" {
			if err := reports.EncodeReports(stdout, o.enc, rs); err != nil {
				return err
			}
			continue
		}
		if err := writeFileAtomic(o.path, func(w io.Writer) error { return reports.EncodeReports(w, o.enc, rs) }); err != nil {
			return err
		}
	}
	return nil
}
