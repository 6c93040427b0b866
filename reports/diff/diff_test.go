package diff

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
)

func strp(s string) *string { return &s }

func rep(ver string, sdks []reports.SDK, hosts []string, perms []string, signer string, flows []reports.Flow) *reports.Report {
	r := &reports.Report{SchemaVersion: reports.SchemaVersion, App: reports.App{Package: "com.x", VersionName: ver, Permissions: perms,
		Signers: []reports.Signer{{SHA256: signer}}, Components: []reports.Component{{Kind: "activity", Name: "com.x.Main", Exported: true}}}, SDKs: sdks, Flows: flows}
	for _, h := range hosts {
		r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: h, Owner: "unknown"})
	}
	return r
}

func TestCompare(t *testing.T) {
	f := func(kind, host string) reports.Flow {
		return reports.Flow{Rule: reports.RuleInputToHost, Source: reports.FlowSource{Kind: kind}, Recipient: reports.Recipient{Host: host},
			Sink: reports.FlowSink{Method: "Ljava/net/URL;-><init>(Ljava/lang/String;)V"}, Path: []reports.PathStep{{Class: "La;", PC: len(kind)}}}
	}
	oldR := rep("1", []reports.SDK{{ID: "a", Name: "A", Version: strp("1.0")}, {ID: "gone", Name: "Gone"}}, []string{"x.example", "Y.example."}, []string{"p1"}, "s1",
		[]reports.Flow{f("user-input", "x.example"), f("url", "x.example")})
	newR := rep("2", []reports.SDK{{ID: "a", Name: "A", Version: strp("2.0"), Used: true}, {ID: "new", Name: "New <b>|x"}}, []string{"y.example", "z.example"}, []string{"p1", "p2"}, "s2",
		[]reports.Flow{f("url", "X.EXAMPLE."), f("location", "z.example")})
	newR.App.Components[0].Exported = false
	d := Compare(oldR, newR)
	if len(d.SDKs.Added) != 1 || d.SDKs.Added[0].ID != "new" || len(d.SDKs.Removed) != 1 || len(d.SDKs.Changed) != 1 || *d.SDKs.Changed[0].NewVersion != "2.0" {
		t.Errorf("sdks %+v", d.SDKs)
	}
	if len(d.Endpoints.Added) != 1 || d.Endpoints.Added[0].Host != "z.example" || len(d.Endpoints.Removed) != 1 || d.Endpoints.Removed[0].Host != "x.example" {
		t.Errorf("hosts compared after normalisation: %+v", d.Endpoints)
	}
	if len(d.Flows.Added) != 1 || d.Flows.Added[0].SourceKind != "location" || len(d.Flows.Removed) != 1 || d.Flows.Removed[0].SourceKind != "user-input" {
		t.Errorf("flows %+v", d.Flows)
	}
	if !d.SignerChanged || len(d.Permissions.Added) != 1 || len(d.Components.ExportedChanged) != 1 {
		t.Errorf("signer/permissions/components: %+v", d)
	}
	if len(d.Additions()) != 2 || !d.Changed() {
		t.Errorf("additions %v", d.Additions())
	}
	var tb, md bytes.Buffer
	if err := WriteTable(&tb, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tb.String(), "signer CHANGED") || !strings.Contains(md.String(), `New &lt;b&gt;\|x`) {
		t.Errorf("table:\n%s\nmarkdown:\n%s", tb.String(), md.String())
	}
	if d2 := Compare(newR, newR); d2.Changed() || len(d2.Additions()) != 0 {
		t.Errorf("a report differs from itself: %+v", d2.Summary)
	}
}

func TestCrossCheckChanges(t *testing.T) {
	a, b := rep("1", nil, nil, nil, "s", nil), rep("2", nil, nil, nil, "s", nil)
	a.Subprocessors = &reports.Subprocessors{Recipients: []reports.SubprocessorRecipient{
		{Vendor: reports.Vendor{ID: "amazon", Name: "Amazon"}, Declared: true, Severity: reports.SeverityInfo},
		{Vendor: reports.Vendor{ID: "google", Name: "Google"}, Severity: reports.SeverityMedium}}}
	b.Subprocessors = &reports.Subprocessors{Recipients: []reports.SubprocessorRecipient{
		{Vendor: reports.Vendor{ID: "google", Name: "Google"}, Severity: reports.SeverityHigh, DataKinds: []string{"url"}},
		{Vendor: reports.Vendor{Name: "evil.example"}, Unidentified: true, Severity: reports.SeverityLow}}}
	d := Compare(a, b)
	s := d.Subprocessors
	if s == nil || len(s.Added) != 1 || s.Added[0].Key != "domain:evil.example" || len(s.Removed) != 1 || len(s.Changed) != 1 || s.Changed[0].NewSeverity != reports.SeverityHigh {
		t.Fatalf("%+v", s)
	}
	if len(s.NewlyUndeclared) != 1 || s.NewlyUndeclared[0] != "evil.example" {
		t.Errorf("newly undeclared %v", s.NewlyUndeclared)
	}
}

// TestLayering: reports/diff depends only on reports (and the leaf
// packages reports uses: geo, hostname).
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go command unavailable: %v", err)
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range strings.Fields(string(out)) {
		switch strings.TrimPrefix(d, "github.com/apkscan/apkscan/") {
		case "reports", "reports/diff", "geo", "hostname":
			continue
		}
		if strings.HasPrefix(d, "github.com/apkscan/apkscan/") {
			t.Errorf("reports/diff depends on %s", d)
		}
	}
}
