package diff

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
)

const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(1)><svg onload=alert(1)>` + "\x1b[31m|`*"

func hostilePair() (*reports.Report, *reports.Report) {
	oldR := rep("1"+hostile, []reports.SDK{{ID: "a", Name: "A" + hostile, Vendor: reports.Vendor{ID: "va", Name: "Vendor" + hostile, Country: "DE"}}},
		[]string{"old.example"}, []string{"p" + hostile}, "s1", nil)
	newR := rep("2"+hostile, []reports.SDK{{ID: "b", Name: "B" + hostile, Vendor: reports.Vendor{ID: "vb", Name: "Other" + hostile, Country: "US"}, Used: true}},
		[]string{"new.example"}, nil, "s2", []reports.Flow{{Rule: reports.RuleInputToHost, Source: reports.FlowSource{Kind: "url"},
			Recipient: reports.Recipient{Host: "new.example"}, Sink: reports.FlowSink{Method: "Lx;->m" + hostile}, Fingerprint: "f"}})
	newR.App.Label = hostile
	for _, r := range []*reports.Report{oldR, newR} {
		r.Normalize()
	}
	return oldR, newR
}

var tagRe = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)`)

// TestCaseFileEscapes: no markup from an APK gets through the HTML or
// Markdown diff, and the case-file sections are there.
func TestCaseFileEscapes(t *testing.T) {
	d := Compare(hostilePair())
	var h, m bytes.Buffer
	if err := WriteHTML(&h, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&m, d); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "main": true, "h1": true, "h2": true,
		"p": true, "span": true, "section": true, "strong": true, "ul": true, "li": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true}
	for _, x := range tagRe.FindAllStringSubmatch(h.String(), -1) {
		if !allowed[strings.ToLower(x[1])] {
			t.Errorf("element <%s> in the HTML diff", x[1])
		}
	}
	for name, out := range map[string]string{"html": h.String(), "markdown": m.String()} {
		if strings.Contains(out, "\x1b") || strings.Contains(out, "<script") || strings.Contains(out, "<img") || strings.Contains(out, "<svg") {
			t.Errorf("%s diff lets markup or an escape through", name)
		}
		for _, want := range []string{"Who receives what: changes", "In short", "new recipient", "no longer a recipient"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s diff lacks %q", name, want)
			}
		}
	}
	if !strings.Contains(h.String(), "@media print") {
		t.Error("HTML diff lacks the report's print style")
	}
}

func TestReceiverChanges(t *testing.T) {
	d := Compare(hostilePair())
	var got []string
	for _, c := range d.ReceiverChanges() {
		got = append(got, c.Where+" "+c.Text())
	}
	want := []string{"US (outside the EU/EEA) new recipient; no flow traced", "unknown new recipient; receives web address (URL)", "unknown no longer a recipient", "DE (EU/EEA) no longer a recipient"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range []struct {
		c    ReceiverChange
		want bool
	}{{ReceiverChange{Added: true}, true}, {ReceiverChange{Gone: true, OldData: []string{"url"}}, false},
		{ReceiverChange{OldData: []string{"url"}, NewData: []string{"location", "url"}}, true}, {ReceiverChange{OldData: []string{"url"}}, false}} {
		if c.c.Worse() != c.want {
			t.Errorf("%+v.Worse() = %v", c.c, !c.want)
		}
	}
}

func TestSARIFNeedsReports(t *testing.T) {
	if err := WriteSARIF(&bytes.Buffer{}, &Diff{}); err == nil {
		t.Error("SARIF of a Diff without reports: no error")
	}
}
