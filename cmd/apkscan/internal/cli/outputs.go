package cli

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/apkscan/apkscan/errs"
	"github.com/apkscan/apkscan/reports"
)

// formatByExtension chooses the format of `-o FILE` when --format is not
// given; longer suffixes first (.exodus.json before .json). A file with
// another extension gets the table.
var formatByExtension = []struct{ suffix, format string }{
	{".exodus.json", "exodus"},
	{".sarif.json", "sarif"},
	{".sarif", "sarif"},
	{".jsonl", "jsonl"},
	{".ndjson", "jsonl"},
	{".json", "json"},
	{".html", "html"},
	{".htm", "html"},
	{".md", "markdown"},
	{".markdown", "markdown"},
	{".txt", "table"},
}

const defaultFormat = "table"

// formatForPath is the format a file name asks for ("" when none).
func formatForPath(p string) string {
	lp := strings.ToLower(p)
	for _, x := range formatByExtension {
		if strings.HasSuffix(lp, x.suffix) && len(lp) > len(x.suffix) {
			return x.format
		}
	}
	return ""
}

// formatPrefix matches the FORMAT of FORMAT=FILE: a word, not a path
// (./a=b.json and dir/x=y are file names).
var formatPrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// splitOutput splits an -o value into an explicit format and a file name.
func splitOutput(o string) (format, path string) {
	if i := strings.Index(o, "="); i > 0 && formatPrefix.MatchString(o[:i]) {
		return o[:i], o[i+1:]
	}
	return "", o
}

// outputFormat resolves one -o value against a set of formats (known
// lists them): FORMAT=FILE names its format (unknown: a usage error); a
// bare FILE takes flagFormat when given, else its extension (one of
// known), else def. "-" is stdout (path ""). The scan and diff share it.
func outputFormat(o, flagFormat, def string, known []string) (format, path string, err error) {
	format, p := splitOutput(o)
	switch {
	case format != "":
		format = strings.ToLower(format)
		if !slices.Contains(known, format) {
			return "", "", errs.Usage(fmt.Errorf("-o %s: unknown format %q (known: %s); write ./%s for a file of that name", o, format, strings.Join(known, ", "), o))
		}
	case flagFormat != "":
		format = flagFormat
	default:
		if format = formatForPath(p); format == "" {
			format = def
		} else if !slices.Contains(known, format) {
			return "", "", errs.Usage(fmt.Errorf("-o %s: no %s format here (known: %s); give --format", o, format, strings.Join(known, ", ")))
		}
	}
	if p == "" {
		return "", "", errs.Usage(fmt.Errorf("-o %q: empty file name", o))
	}
	if p == "-" {
		p = ""
	}
	return format, p, nil
}

// resolveOutput is the destination of one -o value of the scan
// (outputFormat over the report encoders).
func resolveOutput(o, flagFormat string) (output, error) {
	id, p, err := outputFormat(o, flagFormat, defaultFormat, reports.FormatIDs())
	if err != nil {
		return output{}, err
	}
	enc, err := reports.Lookup(id)
	if err != nil {
		return output{}, errs.Usage(err)
	}
	return output{enc: enc, path: p}, nil
}

// versionText is what --version and `apkscan version` print first: the
// version (set with -ldflags -X …/cli.Version=…, else the module version
// that `go install …@vX` records), then the VCS revision, its time and
// whether the tree had local changes, from the build information.
func versionText() string {
	return formatVersion(Version, readBuildInfo())
}

var readBuildInfo = func() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}

// defaultVersion is Version when no -ldflags set it.
const defaultVersion = "0.1.0-dev"

func formatVersion(v string, bi *debug.BuildInfo) string {
	var rev, at, modified string
	if bi != nil {
		if v == defaultVersion && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	out := "apkscan " + v
	if rev != "" {
		out += "\nrevision " + rev
		if at != "" {
			out += " (" + at + ")"
		}
		if modified == "true" {
			out += ", modified"
		}
	}
	if bi != nil && bi.GoVersion != "" {
		out += "\n" + bi.GoVersion
	}
	return out
}

// resolveOutputs resolves every -o value.
func resolveOutputs(os []string, flagFormat string) ([]output, error) {
	var outs []output
	for _, o := range os {
		out, err := resolveOutput(o, flagFormat)
		if err != nil {
			return nil, err
		}
		outs = append(outs, out)
	}
	return outs, nil
}
