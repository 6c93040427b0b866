package cli

import (
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports/diff"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/subprocessors"
)

const diffExitHelp = `Exit codes:
  0  compared (with --fail-on: nothing at the threshold)
  1  --fail-on added: NEW adds an SDK, a flow of user data, or a recipient
     that is not on the --subprocessors list (newly undeclared);
     --fail-on any: anything differs (also hosts, permissions, components,
     signer)
  2  usage error
  3  a side could not be scanned or read (or only partly)`

type diffFlags struct {
	format        string
	outputs       []string
	sdkdb         string
	subprocessors string
	failOn        string
}

func newDiffCmd(stdout, stderr io.Writer) *cobra.Command {
	var f diffFlags
	c := &cobra.Command{
		Use:   "diff [flags] OLD NEW",
		Short: "Compare two versions of an app (APKs, bundles, split dirs or saved JSON reports)",
		Long: `Compare two versions of an app. Each side is an APK, a split bundle or a
directory of splits (it is scanned), or a JSON report saved with
'apkscan --format json' (detected by content). Changes are matched by
identities that survive rebuilds and obfuscation: SDK ids, flow
fingerprints, normalised hosts, permission and component names, signer
digests; with --subprocessors, also the cross-check recipients.

` + diffExitHelp,
		Example: `  apkscan diff old.apk new.apk
  apkscan diff old-report.json new.apk --format json -o diff.json
  apkscan diff old.apk new.apk -o diff.html -o diff.sarif
  apkscan diff old.apk new.apk --subprocessors list.yaml --fail-on added`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiff(cmd, args[0], args[1], f, stdout, stderr)
		},
	}
	c.Flags().StringVarP(&f.format, "format", "f", "table", "output format: "+strings.Join(diff.Formats, "|"))
	c.Flags().StringArrayVarP(&f.outputs, "output", "o", nil, "write to FILE instead of stdout; FORMAT=FILE writes that format; without it or --format, the extension chooses (.sarif .html .md .json); repeatable")
	c.Flags().StringVar(&f.sdkdb, "sdkdb", "", "directory of extra/overriding SDK signature files")
	c.Flags().StringVar(&f.subprocessors, "subprocessors", "", "declared subprocessor list: also compare the cross-checks")
	c.Flags().StringVar(&f.failOn, "fail-on", "", "exit 1 when: added (new SDKs, flows or undeclared recipients) | any (any change)")
	return c
}

func runDiff(cmd *cobra.Command, oldPath, newPath string, f diffFlags, stdout, stderr io.Writer) error {
	if f.failOn != "" && f.failOn != "added" && f.failOn != "any" {
		return errs.Usage(fmt.Errorf("--fail-on %q: want added or any", f.failOn))
	}
	type out struct{ format, path string }
	var outs []out
	if !slices.Contains(diff.Formats, f.format) {
		return errs.Usage(fmt.Errorf("unknown format %q (known: %s)", f.format, strings.Join(diff.Formats, ", ")))
	}
	// Like the scan's -o (outputFormat), over the diff's formats.
	flagFormat := ""
	if cmd.Flags().Changed("format") {
		flagFormat = f.format
	}
	for _, o := range f.outputs {
		fm, p, err := outputFormat(o, flagFormat, f.format, diff.Formats)
		if err != nil {
			return err
		}
		outs = append(outs, out{fm, p})
	}
	if len(outs) == 0 {
		outs = []out{{f.format, ""}}
	}
	db, err := loadDB(f.sdkdb)
	if err != nil {
		return err
	}
	var list *subprocessors.List
	if f.subprocessors != "" {
		if list, err = subprocessors.Load(f.subprocessors); err != nil {
			return errs.Usage(fmt.Errorf("--subprocessors: %w", err))
		}
	}
	opts := scan.Options{DB: db, Limits: apk.DefaultLimits(), ToolVersion: Version, Declared: list}
	oldR, err := scan.Load(cmd.Context(), oldPath, opts)
	if err != nil {
		return errs.Input(err)
	}
	newR, err := scan.Load(cmd.Context(), newPath, opts)
	if err != nil {
		return errs.Input(err)
	}
	partial := false
	for _, r := range []struct {
		path string
		bad  bool
		why  string
	}{{oldPath, oldR.HasErrors(), firstError(oldR)}, {newPath, newR.HasErrors(), firstError(newR)}} {
		if r.bad {
			partial = true
			fmt.Fprintf(stderr, "apkscan: %s: partial report: %s\n", oneLine(r.path), oneLine(r.why))
		}
	}
	d := diff.Compare(oldR, newR)
	for _, o := range outs {
		write := func(w io.Writer) error { return diff.Encode(w, d, o.format) }
		if o.path == "" {
			err = write(stdout)
		} else {
			err = writeFileAtomic(o.path, write)
		}
		if err != nil {
			return errs.Input(err)
		}
	}
	if partial {
		return errReported
	}
	switch f.failOn {
	case "added":
		if adds := d.Additions(); len(adds) > 0 {
			fmt.Fprintf(stderr, "apkscan: diff --fail-on added: %s\n", strings.Join(adds, ", "))
			return errFindingsReported
		}
	case "any":
		if d.Changed() {
			fmt.Fprintln(stderr, "apkscan: diff --fail-on any: the versions differ")
			return errFindingsReported
		}
	}
	return nil
}
