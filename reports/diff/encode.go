package diff

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apkscan/apkscan/reports"
)

// Formats accepted by Encode.
var Formats = []string{"table", "json", "markdown", "html", "sarif"}

// Encode writes the diff in one of Formats.
func Encode(w io.Writer, d *Diff, format string) error {
	switch format {
	case "json":
		return WriteJSON(w, d)
	case "table":
		return WriteTable(w, d)
	case "markdown", "md":
		return WriteMarkdown(w, d)
	case "html":
		return WriteHTML(w, d)
	case "sarif":
		return WriteSARIF(w, d)
	}
	return fmt.Errorf("unknown diff format %q (known: %s)", format, strings.Join(Formats, ", "))
}

// WriteSARIF writes the new build's findings as SARIF results with
// baselineState new or unchanged against the old build, and the old
// build's vanished findings as absent (reports.EncodeSARIFBaseline).
func WriteSARIF(w io.Writer, d *Diff) error {
	if d.oldR == nil || d.newR == nil {
		return errors.New("sarif diff: the compared reports are not available (use Compare)")
	}
	return reports.EncodeSARIFBaseline(w, d.oldR, d.newR)
}

// WriteJSON writes the diff as one indented JSON document (HTML characters
// stay escaped, as in the JSON report).
func WriteJSON(w io.Writer, d *Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

func s(v string) string { return reports.Sanitize(v, 160) }

func version(id Identity) string {
	return fmt.Sprintf("%s (%d)", s(id.VersionName), id.VersionCode)
}

func appName(id Identity) string {
	if id.Label != "" {
		return s(id.Label) + " (" + s(id.Package) + ")"
	}
	return s(id.Package)
}

func used(u bool) string {
	if u {
		return "called by the app"
	}
	return "embedded"
}

func ver(v *string) string {
	if v == nil {
		return "?"
	}
	return *v
}

func count(added, removed int) string { return fmt.Sprintf("+%d -%d", added, removed) }

// lines renders the diff as plain lines; mark wraps untrusted text for
// the target format (sanitize for a terminal, escape for Markdown).
type lineWriter struct {
	w   io.Writer
	err error
}

func (l *lineWriter) printf(format string, args ...any) {
	if l.err == nil {
		_, l.err = fmt.Fprintf(l.w, format, args...)
	}
}

// WriteTable writes the diff for a terminal. Every value from an APK passes
// through reports.Sanitize.
func WriteTable(w io.Writer, d *Diff) error {
	l := &lineWriter{w: w}
	l.printf("Diff of %s\n", appName(d.New))
	if d.Old.Package != d.New.Package {
		l.printf("  (old is %s)\n", appName(d.Old))
	}
	l.printf("  old  %-14s sha256 %s  %s\n", version(d.Old), d.Old.SHA256, s(d.Old.Path))
	l.printf("  new  %-14s sha256 %s  %s\n", version(d.New), d.New.SHA256, s(d.New.Path))
	if d.SignerChanged {
		l.printf("  signer CHANGED: %s -> %s\n", strings.Join(d.Signers.Old, ","), strings.Join(d.Signers.New, ","))
	} else {
		l.printf("  signer unchanged (%s)\n", strings.Join(d.Signers.New, ","))
	}
	for _, n := range d.Notes {
		l.printf("  note: %s\n", n)
	}

	l.printf("\nSDKs %s, %d changed\n", count(len(d.SDKs.Added), len(d.SDKs.Removed)), len(d.SDKs.Changed))
	for _, x := range d.SDKs.Added {
		l.printf("  + %s [%s]  %s, %s\n", s(x.Name), s(x.ID), s(x.Vendor), used(x.Used))
	}
	for _, x := range d.SDKs.Removed {
		l.printf("  - %s [%s]  %s\n", s(x.Name), s(x.ID), s(x.Vendor))
	}
	for _, x := range d.SDKs.Changed {
		l.printf("  ~ %s [%s]  version %s -> %s, %s -> %s\n", s(x.Name), s(x.ID), s(ver(x.OldVersion)), s(ver(x.NewVersion)), used(x.OldUsed), used(x.NewUsed))
	}
	l.printf("\nFlows of user data %s\n", count(len(d.Flows.Added), len(d.Flows.Removed)))
	for _, x := range d.Flows.Added {
		l.printf("  + %s\n", reports.Sanitize(x.Text, 300))
	}
	for _, x := range d.Flows.Removed {
		l.printf("  - %s\n", reports.Sanitize(x.Text, 300))
	}
	l.printf("\nHosts %s\n", count(len(d.Endpoints.Added), len(d.Endpoints.Removed)))
	for _, x := range d.Endpoints.Added {
		l.printf("  + %-40s %s\n", s(x.Host), s(owner(x)))
	}
	for _, x := range d.Endpoints.Removed {
		l.printf("  - %-40s %s\n", s(x.Host), s(owner(x)))
	}
	l.printf("\nPermissions %s\n", count(len(d.Permissions.Added), len(d.Permissions.Removed)))
	for _, x := range d.Permissions.Added {
		l.printf("  + %s\n", s(x))
	}
	for _, x := range d.Permissions.Removed {
		l.printf("  - %s\n", s(x))
	}
	l.printf("\nComponents %s, %d exported flag changed\n", count(len(d.Components.Added), len(d.Components.Removed)), len(d.Components.ExportedChanged))
	for _, x := range d.Components.Added {
		l.printf("  + %s %s%s\n", s(x.Kind), s(x.Name), exported(x.Exported))
	}
	for _, x := range d.Components.Removed {
		l.printf("  - %s %s\n", s(x.Kind), s(x.Name))
	}
	for _, x := range d.Components.ExportedChanged {
		l.printf("  ~ %s %s now%s\n", s(x.Kind), s(x.Name), exportedNow(x.Exported))
	}
	if sp := d.Subprocessors; sp != nil {
		l.printf("\nRecipients (cross-check with the declared list) %s, %d changed\n", count(len(sp.Added), len(sp.Removed)), len(sp.Changed))
		for _, x := range sp.Added {
			l.printf("%s\n", strings.TrimRight(fmt.Sprintf("  + %-28s %-10s %-7s %s%s", s(x.Name), declared(x.Declared), s(x.Severity), s(x.Country), kinds(x.DataKinds)), " "))
		}
		for _, x := range sp.Removed {
			l.printf("  - %-28s %-10s %s\n", s(x.Name), declared(x.Declared), s(x.Country))
		}
		for _, x := range sp.Changed {
			l.printf("  ~ %-28s %s/%s -> %s/%s%s\n", s(x.Name), declared(x.OldDeclared), x.OldSeverity, declared(x.NewDeclared), x.NewSeverity, kinds(x.NewDataKinds))
		}
		if len(sp.NewlyUndeclared) > 0 {
			names := make([]string, len(sp.NewlyUndeclared))
			for i, n := range sp.NewlyUndeclared {
				names[i] = s(n)
			}
			l.printf("  newly undeclared: %s\n", strings.Join(names, ", "))
		}
	}
	return l.err
}

func owner(h HostRef) string {
	if h.OwnerName != "" {
		return h.OwnerName
	}
	return h.Owner
}

func exported(e bool) string {
	if e {
		return " (exported)"
	}
	return ""
}

func exportedNow(e bool) string {
	if e {
		return " exported"
	}
	return " not exported"
}

func declared(d bool) string {
	if d {
		return "declared"
	}
	return "UNDECLARED"
}

func kinds(k []string) string {
	if len(k) == 0 {
		return ""
	}
	return "  receives: " + s(strings.Join(k, ", "))
}

// WriteMarkdown writes the diff for a case file or an issue; untrusted text
// is escaped with reports.MarkdownEscape.
func WriteMarkdown(w io.Writer, d *Diff) error {
	m := reports.MarkdownEscape
	l := &lineWriter{w: w}
	l.printf("# Changes in %s\n\n", m(d.New.Package))
	l.printf("| | version | SHA-256 | file |\n|---|---|---|---|\n")
	l.printf("| old | %s (%d) | `%s` | %s |\n", m(d.Old.VersionName), d.Old.VersionCode, m(d.Old.SHA256), m(d.Old.Path))
	l.printf("| new | %s (%d) | `%s` | %s |\n\n", m(d.New.VersionName), d.New.VersionCode, m(d.New.SHA256), m(d.New.Path))
	if d.SignerChanged {
		l.printf("**The signing certificate changed.**\n\n")
	} else {
		l.printf("Signing certificate unchanged.\n\n")
	}
	for _, n := range d.Notes {
		l.printf("> Note: %s\n\n", m(n))
	}
	l.printf("## In short\n\n")
	for _, x := range d.Sentences() {
		l.printf("- %s\n", m(x))
	}
	l.printf("\n")
	if d.oldR != nil {
		rc := d.ReceiverChanges()
		l.printf("## Who receives what: changes (%d)\n\n", len(rc))
		if len(rc) == 0 {
			l.printf("The same companies receive the same data in both versions.\n\n")
		} else {
			l.printf("| company | country | change | how it receives data |\n|---|---|---|---|\n")
			for _, c := range rc {
				l.printf("| %s | %s | %s | %s |\n", m(c.Name), m(c.Where), m(c.Text()), m(c.How))
			}
			l.printf("\n")
		}
	}
	section := func(title string, add, rem []string) {
		l.printf("## %s (+%d −%d)\n\n", title, len(add), len(rem))
		for _, x := range add {
			l.printf("- added: %s\n", x)
		}
		for _, x := range rem {
			l.printf("- removed: %s\n", x)
		}
		if len(add)+len(rem) > 0 {
			l.printf("\n")
		}
	}
	var add, rem []string
	for _, x := range d.SDKs.Added {
		add = append(add, fmt.Sprintf("%s (%s), %s", m(x.Name), m(x.Vendor), used(x.Used)))
	}
	for _, x := range d.SDKs.Removed {
		rem = append(rem, fmt.Sprintf("%s (%s)", m(x.Name), m(x.Vendor)))
	}
	section("SDKs", add, rem)
	for _, x := range d.SDKs.Changed {
		l.printf("- changed: %s: version %s → %s, %s → %s\n\n", m(x.Name), m(ver(x.OldVersion)), m(ver(x.NewVersion)), used(x.OldUsed), used(x.NewUsed))
	}
	add, rem = nil, nil
	for _, x := range d.Flows.Added {
		add = append(add, m(x.Text))
	}
	for _, x := range d.Flows.Removed {
		rem = append(rem, m(x.Text))
	}
	section("Flows of user data", add, rem)
	add, rem = nil, nil
	for _, x := range d.Endpoints.Added {
		add = append(add, m(x.Host)+" ("+m(owner(x))+")")
	}
	for _, x := range d.Endpoints.Removed {
		rem = append(rem, m(x.Host)+" ("+m(owner(x))+")")
	}
	section("Hosts", add, rem)
	add, rem = nil, nil
	for _, x := range d.Permissions.Added {
		add = append(add, m(x))
	}
	for _, x := range d.Permissions.Removed {
		rem = append(rem, m(x))
	}
	section("Permissions", add, rem)
	add, rem = nil, nil
	for _, x := range d.Components.Added {
		add = append(add, m(x.Kind)+" "+m(x.Name)+exported(x.Exported))
	}
	for _, x := range d.Components.Removed {
		rem = append(rem, m(x.Kind)+" "+m(x.Name))
	}
	section("Components", add, rem)
	if sp := d.Subprocessors; sp != nil {
		add, rem = nil, nil
		for _, x := range sp.Added {
			add = append(add, fmt.Sprintf("%s: %s, %s, country %s%s", m(x.Name), declared(x.Declared), x.Severity, m(x.Country), m(kinds(x.DataKinds))))
		}
		for _, x := range sp.Removed {
			rem = append(rem, m(x.Name))
		}
		section("Recipients (cross-check with the declared list)", add, rem)
	}
	return l.err
}
