package subprocessors

import (
	"slices"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

func strp(s string) *string { return &s }

// medbookLike is a hand-made report shaped like the medbook fixture, with
// hand-made flows (the taint engine fills them in real scans).
func medbookLike() *reports.Report {
	return &reports.Report{
		SDKs: []reports.SDK{
			{ID: "aws-pinpoint", Name: "Amazon Pinpoint", Vendor: reports.Vendor{ID: "amazon", Name: "Amazon", Country: "US"}, Used: true},
			{ID: "google-firebase-analytics", Name: "Google Analytics for Firebase", Vendor: reports.Vendor{ID: "google", Name: "Google", Country: "US"}, Used: true},
			{ID: "google-analytics", Name: "Google Analytics", Vendor: reports.Vendor{ID: "google", Name: "Google", Country: "US"}, Used: true},
			{ID: "cloudinary", Name: "Cloudinary", Vendor: reports.Vendor{ID: "cloudinary", Name: "Cloudinary", Country: "IL"}, Used: true},
			{ID: "mixpanel", Name: "Mixpanel", Vendor: reports.Vendor{ID: "mixpanel", Name: "Mixpanel", Country: "US"}},
		},
		Endpoints: []reports.Endpoint{
			{Host: "pinpoint.eu-west-1.amazonaws.com", Owner: "amazon", OwnerName: "Amazon", SDK: strp("aws-pinpoint")},
			{Host: "api.medbook.example", Owner: "first-party"},
			{Host: "telemetry.medbook-partner.example", Owner: "unknown"},
			{Host: "static.cloudflareinsights.com", Owner: "cloudflare", OwnerName: "Cloudflare"},
			{Host: "localhost", Owner: "local"},
		},
		Flows: []reports.Flow{
			{Rule: reports.RuleURLToSDK, SDK: strp("aws-pinpoint"), Source: reports.FlowSource{Kind: "url"}},
			{Rule: reports.RuleSearchToSDK, SDK: strp("google-firebase-analytics"), Source: reports.FlowSource{Kind: "search-query"}},
			{Rule: reports.RuleSearchToSDK, SDK: strp("google-analytics"), Source: reports.FlowSource{Kind: "search-query"}},
			{Rule: reports.RuleURLToSDK, SDK: strp("cloudinary"), Source: reports.FlowSource{Kind: "intent-data"}},
			{Rule: reports.RuleInputToHost, Recipient: reports.Recipient{Vendor: "unknown", Host: "telemetry.medbook-partner.example"}, Source: reports.FlowSource{Kind: "user-input"}},
			{Rule: reports.RuleInputToHost, Recipient: reports.Recipient{Vendor: "first-party", Host: "api.medbook.example"}, Source: reports.FlowSource{Kind: "user-input"}},
		},
	}
}

func recipient(s *reports.Subprocessors, key string) *reports.SubprocessorRecipient {
	for i := range s.Recipients {
		if s.Recipients[i].Key() == key {
			return &s.Recipients[i]
		}
	}
	return nil
}

func TestCheckMotivatingCase(t *testing.T) {
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(examples + "/medbook.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := medbookLike()
	Apply(r, l, db)
	sp := r.Subprocessors
	if sp == nil || sp.List != examples+"/medbook.yaml" {
		t.Fatalf("no cross-check: %+v", sp)
	}
	for _, c := range []struct {
		key, sev, country string
		declared, eea     bool
		kinds             []string
	}{
		{"google", reports.SeverityHigh, "US", false, false, []string{"search-query"}},
		{"cloudinary", reports.SeverityHigh, "IL", false, false, []string{"intent-data"}},
		{"amazon", reports.SeverityInfo, "LU", true, true, []string{"url"}},
		{"mixpanel", reports.SeverityMedium, "US", false, false, nil},
		{"cloudflare", reports.SeverityLow, "US", false, false, nil},
		{"domain:medbook-partner.example", reports.SeverityHigh, "", false, false, []string{"user-input"}},
	} {
		rc := recipient(sp, c.key)
		if rc == nil {
			t.Errorf("%s: not a recipient", c.key)
			continue
		}
		if rc.Severity != c.sev || rc.Country != c.country || rc.Declared != c.declared || rc.InEEA != c.eea || !slices.Equal(rc.DataKinds, c.kinds) {
			t.Errorf("%s: %+v, want severity %s country %s declared %v eea %v kinds %v", c.key, *rc, c.sev, c.country, c.declared, c.eea, c.kinds)
		}
	}
	if a := recipient(sp, "amazon"); a == nil || a.MatchedEntry == nil || *a.MatchedEntry != "Amazon Web Services" || a.HQCountry != "US" {
		t.Errorf("amazon: %+v", a)
	}
	if recipient(sp, "first-party") != nil || recipient(sp, "local") != nil || recipient(sp, "domain:medbook.example") != nil {
		t.Error("first-party or local host counted as a recipient")
	}
	if len(sp.Declared) != 2 || !sp.Declared[0].Observed || sp.Declared[1].Observed || sp.Declared[1].Name != "Atos" || sp.Declared[0].Vendor == nil || *sp.Declared[0].Vendor != "amazon" || sp.Declared[1].Vendor != nil {
		t.Errorf("declared: %+v", sp.Declared)
	}
	if sp.Recipients[0].Severity != reports.SeverityHigh || sp.Recipients[len(sp.Recipients)-1].Severity != reports.SeverityInfo {
		t.Errorf("recipients not sorted by severity: %+v", sp.Recipients)
	}
	// Thresholds.
	for f, want := range map[reports.FailOn]bool{reports.FailOnUndeclared: true, reports.FailOnHigh: true, reports.FailOnNone: false} {
		if got, _ := f.Exceeded(r); got != want {
			t.Errorf("--fail-on %q: %v, want %v", f, got, want)
		}
	}
}

// TestCheckWithoutFlows: without flows an undeclared SDK vendor is medium,
// never high; a declared company matched only by its domains is declared.
func TestCheckWithoutFlows(t *testing.T) {
	db, _ := sdkdb.Default()
	r := medbookLike()
	r.Flows = nil
	l, err := Parse("l.yaml", []byte("subprocessors:\n  - name: Google Ireland Limited\n    country: IE\n  - name: MedBook Partner Ltd\n    domains: [medbook-partner.example]\n  - name: Mixpanel\n    country: US\n"))
	if err != nil {
		t.Fatal(err)
	}
	sp := Check(r, l, db)
	if g := recipient(sp, "google"); g == nil || !g.Declared || g.Severity != reports.SeverityInfo || g.Country != "IE" {
		t.Errorf("google: %+v", g)
	}
	if p := recipient(sp, "domain:medbook-partner.example"); p == nil || !p.Declared || p.Severity != reports.SeverityLow {
		t.Errorf("partner matched by domain, country unknown → low: %+v", p)
	}
	if m := recipient(sp, "mixpanel"); m == nil || !m.Declared || m.Severity != reports.SeverityLow {
		t.Errorf("mixpanel declared in the US → low: %+v", m)
	}
	if c := recipient(sp, "cloudinary"); c == nil || c.Declared || c.Severity != reports.SeverityMedium {
		t.Errorf("cloudinary: %+v", c)
	}
	for _, rc := range sp.Recipients {
		if rc.Severity == reports.SeverityHigh {
			t.Errorf("high without flows: %+v", rc)
		}
	}
}

// TestCheckSelfHostedLibrary: the maker of a self-hosted library (Glide,
// ACRA) receives nothing, so it is no recipient, whether the report marks
// the vendor (reports.Vendor.SelfHosted) or only sdkdb does (a report
// saved before the flag); a flow through the library counts for the host
// it reaches.
func TestCheckSelfHostedLibrary(t *testing.T) {
	db, _ := sdkdb.Default()
	l, err := Parse("l.yaml", []byte("subprocessors:\n  - name: Google Ireland Limited\n    country: IE\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, marked := range []bool{true, false} {
		r := medbookLike()
		r.SDKs = append(r.SDKs,
			reports.SDK{ID: "glide", Name: "Glide", Vendor: reports.Vendor{ID: "bumptech", Name: "Bump Technologies", SelfHosted: marked}, Used: true},
			reports.SDK{ID: "acra", Name: "ACRA", Vendor: reports.Vendor{ID: "acra", Name: "ACRA", SelfHosted: marked}, Used: true})
		r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: "res.cloudinary.com", Owner: "cloudinary", OwnerName: "Cloudinary"})
		r.Flows = append(r.Flows, reports.Flow{Rule: reports.RuleInputToHost, SDK: strp("glide"),
			Recipient: reports.Recipient{Vendor: "cloudinary", Host: "res.cloudinary.com"}, Source: reports.FlowSource{Kind: "location"}})
		sp := Check(r, l, db)
		for _, id := range []string{"bumptech", "acra"} {
			if rc := recipient(sp, id); rc != nil {
				t.Errorf("marked=%v: self-hosted %s is a recipient: %+v", marked, id, rc)
			}
		}
		if c := recipient(sp, "cloudinary"); c == nil || !slices.Contains(c.DataKinds, "location") {
			t.Errorf("marked=%v: the flow through Glide does not reach Cloudinary: %+v", marked, c)
		}
		for _, g := range r.Receivers() {
			for _, rc := range g.Receivers {
				if marked && (rc.VendorID == "bumptech" || rc.VendorID == "acra") {
					t.Errorf("Receivers lists self-hosted %s", rc.VendorID)
				}
			}
		}
	}
}
