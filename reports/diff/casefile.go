package diff

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/reports"
)

// ReceiverChange is a company that receives data from one build and not
// the other, or whose data changed (see reports.Report.Receivers).
type ReceiverChange struct {
	Name, Where  string
	OldData      []string // data kinds in the old build
	NewData      []string // data kinds in the new build
	Added, Gone  bool
	How          string // how it receives data in the build that has it
	Unidentified bool
}

// Text is the change in plain language.
func (c ReceiverChange) Text() string {
	switch {
	case c.Added && len(c.NewData) > 0:
		return "new recipient; receives " + reports.DataKindLabels(c.NewData)
	case c.Added:
		return "new recipient; no flow traced"
	case c.Gone:
		return "no longer a recipient"
	}
	var parts []string
	if add := minusStrings(c.NewData, c.OldData); len(add) > 0 {
		parts = append(parts, "now also receives "+reports.DataKindLabels(add))
	}
	if rem := minusStrings(c.OldData, c.NewData); len(rem) > 0 {
		parts = append(parts, "no longer receives "+reports.DataKindLabels(rem))
	}
	return strings.Join(parts, "; ")
}

// Worse is true when the new version sends more: a new recipient, or
// new kinds of data to a recipient.
func (c ReceiverChange) Worse() bool {
	return c.Added || (!c.Gone && len(minusStrings(c.NewData, c.OldData)) > 0)
}

func minusStrings(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// ReceiverChanges compares who receives what in the two builds: added
// recipients first, then changed, then gone; each in the order of the new
// (or old) build's Receivers. Nil for a Diff not made by Compare.
func (d *Diff) ReceiverChanges() []ReceiverChange {
	if d.oldR == nil || d.newR == nil {
		return nil
	}
	type rec struct {
		r     reports.Receiver
		where string
	}
	flat := func(r *reports.Report) (map[string]rec, []string) {
		m := map[string]rec{}
		var order []string
		for _, g := range r.Receivers() {
			for _, rc := range g.Receivers {
				k := rc.VendorID
				if rc.Unidentified || k == "" {
					k = "domain:" + rc.Name
				}
				m[k] = rec{rc, g.Where()}
				order = append(order, k)
			}
		}
		return m, order
	}
	om, oorder := flat(d.oldR)
	nm, norder := flat(d.newR)
	var added, changed, gone []ReceiverChange
	for _, k := range norder {
		n := nm[k]
		c := ReceiverChange{Name: n.r.DisplayName(), Where: n.where, NewData: n.r.DataKinds, How: n.r.HowText(), Unidentified: n.r.Unidentified}
		o, ok := om[k]
		switch {
		case !ok:
			c.Added = true
			added = append(added, c)
		case strings.Join(o.r.DataKinds, ",") != strings.Join(n.r.DataKinds, ","):
			c.OldData = o.r.DataKinds
			changed = append(changed, c)
		}
	}
	for _, k := range oorder {
		if _, ok := nm[k]; !ok {
			o := om[k]
			gone = append(gone, ReceiverChange{Name: o.r.DisplayName(), Where: o.where, OldData: o.r.DataKinds, How: o.r.HowText(), Gone: true, Unidentified: o.r.Unidentified})
		}
	}
	return append(append(added, changed...), gone...)
}

// Sentences summarise the diff in plain language for a case file.
func (d *Diff) Sentences() []string {
	var out []string
	out = append(out, "SDKs: "+count(len(d.SDKs.Added), len(d.SDKs.Removed))+" ("+plural(len(d.SDKs.Changed), "changed SDK")+"); flows of user data: "+
		count(len(d.Flows.Added), len(d.Flows.Removed))+"; internet hosts: "+count(len(d.Endpoints.Added), len(d.Endpoints.Removed))+".")
	rc := d.ReceiverChanges()
	var add, chg, gone int
	for _, c := range rc {
		switch {
		case c.Added:
			add++
		case c.Gone:
			gone++
		default:
			chg++
		}
	}
	if d.oldR != nil {
		out = append(out, "Recipients: "+nWord(add, "new company", "new companies")+", "+nWord(chg, "company", "companies")+" receiving different data, "+
			nWord(gone, "company", "companies")+" no longer present.")
	}
	if d.SignerChanged {
		out = append(out, "The signing certificate changed: the two files may not come from the same developer.")
	}
	if sp := d.Subprocessors; sp != nil && len(sp.NewlyUndeclared) > 0 {
		out = append(out, plural(len(sp.NewlyUndeclared), "recipient")+" newly not on the declared subprocessor list.")
	}
	return out
}

func nWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

//go:embed templates/diff.html.tmpl
var diffHTMLText string

var diffHTML = template.Must(template.New("diff").Funcs(template.FuncMap{
	"t":     func(v string) string { return reports.Sanitize(v, 300) },
	"long":  func(v string) string { return reports.Sanitize(v, 2000) },
	"css":   reports.CaseFileCSS,
	"ver":   ver,
	"used":  used,
	"owner": owner,
	"kinds": func(k []string) string {
		if len(k) == 0 {
			return "-"
		}
		return reports.Sanitize(reports.DataKindLabels(k), 300)
	},
	"declared": declared,
}).Parse(diffHTMLText))

// WriteHTML writes the diff as one self-contained, printable page with the
// look of the HTML report (inline CSS, no script, no external fetch).
// Every value from an APK is sanitized and HTML-escaped by html/template.
func WriteHTML(w io.Writer, d *Diff) error {
	return diffHTML.Execute(w, struct {
		D         *Diff
		Summary   []string
		Receivers []ReceiverChange
	}{d, d.Sentences(), d.ReceiverChanges()})
}
