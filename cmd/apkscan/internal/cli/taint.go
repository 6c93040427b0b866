package cli

import (
	"context"
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/internal/droidbench"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/scan"
)

// taintFlags are the scan flags of the taint analysis.
type taintFlags struct {
	profile string
	noTaint bool
}

func addTaintFlags(c *cobra.Command, f *taintFlags) {
	c.Flags().StringVar(&f.profile, "profile", flows.ProfilePrivacySDK,
		"taint profile: "+strings.Join(flows.Profiles(), "|")+" (comma-separated for several)")
	c.Flags().BoolVar(&f.noTaint, "no-taint", false, "skip the taint analysis (no flows; faster)")
}

func (f taintFlags) apply(o *scan.Options) error {
	if _, err := flows.ParseProfiles(f.profile); err != nil {
		return errs.Usage(fmt.Errorf("--profile: %w", err))
	}
	o.Profile, o.NoTaint = f.profile, f.noTaint
	return nil
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	var flow string
	var sf scanFlags
	c := &cobra.Command{
		Use:   "explain APK [--flow N|FINGERPRINT]",
		Short: "Print the instructions along a flow's path, source to sink",
		Long: `explain scans APK (or reads a saved JSON report) and prints, for each flow
(or the one chosen with --flow: its number in the report, from 1, or a
prefix of its fingerprint), every step of its path: the DEX file, the
method, the bytecode offset and the instruction, with the source and the
sink marked.`,
		Example: `  apkscan explain app.apk
  apkscan explain app.apk --flow 2
  apkscan explain report.json --flow 3fa4c2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := loadDB(sf.sdkdb)
			if err != nil {
				return err
			}
			opts := scan.Options{DB: db, Limits: apk.DefaultLimits(), ToolVersion: Version}
			if err := sf.taint.apply(&opts); err != nil {
				return err
			}
			r, err := scan.Load(cmd.Context(), args[0], opts)
			if err != nil {
				return errs.Input(err)
			}
			return explain(cmd.Context(), stdout, r, flow)
		},
	}
	c.Flags().StringVar(&flow, "flow", "", "the flow to explain: its number (1 = first) or a fingerprint prefix")
	c.Flags().StringVar(&sf.sdkdb, "sdkdb", "", "directory of extra/overriding SDK signature files")
	addTaintFlags(c, &sf.taint)
	return c
}

func explain(_ context.Context, w io.Writer, r *reports.Report, which string) error {
	var pick []int
	switch {
	case which == "":
		for i := range r.Flows {
			pick = append(pick, i)
		}
	default:
		if n, err := strconv.Atoi(which); err == nil && len(which) < 6 {
			if n < 1 || n > len(r.Flows) {
				return errs.Usage(fmt.Errorf("--flow %d: the report has %d flows", n, len(r.Flows)))
			}
			pick = []int{n - 1}
			break
		}
		for i, f := range r.Flows {
			if strings.HasPrefix(f.Fingerprint, strings.ToLower(which)) {
				pick = append(pick, i)
			}
		}
		if len(pick) == 0 {
			return errs.Usage(fmt.Errorf("--flow %s: no flow has this fingerprint", which))
		}
	}
	if len(r.Flows) == 0 {
		fmt.Fprintln(w, "No flows.")
		return nil
	}
	names := r.SDKNames()
	for k, i := range pick {
		if k > 0 {
			fmt.Fprintln(w)
		}
		f := r.Flows[i]
		fmt.Fprintf(w, "Flow %d: %s\n", i+1, reports.Sanitize(reports.FlowSentence(f, names), 300))
		fmt.Fprintf(w, "  rule %s, confidence %s, fingerprint %s\n", f.Rule, f.Confidence, f.Fingerprint)
		fmt.Fprintf(w, "  source: %s %s\n", f.Source.Kind, reports.Sanitize(f.Source.Method, 200))
		sink := f.Sink.Method + " arg " + strconv.Itoa(f.Sink.Arg)
		if f.Sink.Role != "" {
			sink += " (" + f.Sink.Role + ")"
		}
		if f.Sink.Param != "" {
			sink += ", param '" + f.Sink.Param + "'"
		}
		fmt.Fprintf(w, "  sink:   %s\n", reports.Sanitize(sink, 300))
		if f.Recipient.Host != "" {
			fmt.Fprintf(w, "  host:   %s (%s)\n", reports.Sanitize(f.Recipient.Host, 200), reports.Sanitize(f.Recipient.Vendor, 100))
		}
		if f.Value != "" {
			fmt.Fprintf(w, "  value:  %s\n", reports.Sanitize(f.Value, 300))
		}
		if f.Partial {
			fmt.Fprintln(w, "  (the analysis was partial: see the report's problems)")
		}
		method := ""
		for j, s := range f.Path {
			mark := "  "
			switch {
			case j == 0:
				mark = "▶ "
			case j == len(f.Path)-1:
				mark = "■ "
			}
			if s.Method != method {
				method = s.Method
				fmt.Fprintf(w, "  %s\n", reports.Sanitize(s.File+" "+s.Method, 300))
			}
			pc := reports.PCText(s.PC)
			kind := s.Kind
			if kind == "" {
				kind = "step"
			}
			fmt.Fprintf(w, "    %s%-6s %-11s %s\n", mark, pc, kind, reports.Sanitize(s.Insn, 300))
		}
	}
	return nil
}

func newDroidBenchCmd(stdout io.Writer) *cobra.Command {
	var detail bool
	c := &cobra.Command{
		Use:   "droidbench DIR",
		Short: "Score the android-privacy taint profile on DroidBench (DIR holds ground_truth.tsv)",
		Long: `droidbench scans every APK listed in DIR/ground_truth.tsv with --profile
android-privacy and prints true/false positives and negatives, precision and
recall per category. A leak is a distinct (source statement, sink statement)
pair; it is compared with the number_of_leaks column.`,
		Example: "  apkscan droidbench ../shared/corpus/droidbench",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cases, err := droidbench.RunDroidBench(cmd.Context(), args[0], scan.Options{ToolVersion: Version})
			if err != nil {
				return errs.Input(err)
			}
			droidbench.WriteDroidBenchTable(stdout, cases)
			if detail {
				for _, c := range cases {
					if c.Found != c.Expected || c.Err != "" {
						fmt.Fprintf(stdout, "%s: expected %d, found %d %s\n", c.APK, c.Expected, c.Found, c.Err)
						for _, p := range c.Pairs {
							fmt.Fprintf(stdout, "    %s\n", p)
						}
					}
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&detail, "detail", false, "also list every APK whose count differs, with the pairs found")
	return c
}
