package cli

import (
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/subprocessors"
)

const failOnHelp = `--fail-on (exit 1 when the threshold is reached):
  undeclared  a recipient is not on the --subprocessors list
  high        an undeclared recipient receives user data
  medium      also: an undeclared recipient's SDK is embedded, or user data
              reaches a third party (a flow)
  low         also: an undeclared host, a declared recipient outside the
              EU/EEA or in an unknown country, or an SDK the app's code calls`

// scanChecks reads --subprocessors and --fail-on.
func scanChecks(f scanFlags) (reports.FailOn, *subprocessors.List, error) {
	failOn, err := reports.ParseFailOn(f.failOn)
	if err != nil {
		return "", nil, errs.Usage(err)
	}
	var list *subprocessors.List
	if f.subprocessors != "" {
		if list, err = subprocessors.Load(f.subprocessors); err != nil {
			return "", nil, errs.Usage(fmt.Errorf("--subprocessors: %w", err))
		}
	}
	if failOn == reports.FailOnUndeclared && list == nil {
		return "", nil, errs.Usage(fmt.Errorf("--fail-on undeclared needs --subprocessors LIST"))
	}
	return failOn, list, nil
}

// checkFailOn returns an ExitFindings error when a report reaches the
// threshold, after saying which on stderr.
func checkFailOn(failOn reports.FailOn, rs []*reports.Report, stderr io.Writer) error {
	for _, r := range rs {
		if hit, why := failOn.Exceeded(r); hit {
			fmt.Fprintf(stderr, "apkscan: %s: --fail-on %s: %s\n", oneLine(r.App.Path), failOn, oneLine(why))
			return errFindingsReported
		}
	}
	return nil
}
