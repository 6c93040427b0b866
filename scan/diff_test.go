package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/reports/diff"
	"github.com/apkscan/apkscan/subprocessors"
)

func diffSDKIDs(refs []diff.SDKRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.ID)
	}
	return out
}

func TestDiffMedbookV2(t *testing.T) {
	d := diff.Compare(fixtureReport(t, "medbook.apk"), fixtureReport(t, "medbook-v2.apk"))
	if got := diffSDKIDs(d.SDKs.Added); !slices.Equal(got, []string{"sentry"}) {
		t.Errorf("added SDKs %v, want [sentry]", got)
	}
	if got := diffSDKIDs(d.SDKs.Removed); !slices.Equal(got, []string{"segment"}) {
		t.Errorf("removed SDKs %v, want [segment]", got)
	}
	if !slices.Equal(d.Permissions.Added, []string{"android.permission.ACCESS_FINE_LOCATION"}) || len(d.Permissions.Removed) != 0 {
		t.Errorf("permissions %+v", d.Permissions)
	}
	if d.SignerChanged {
		t.Error("same key, signer reported changed")
	}
	if d.Old.VersionCode != 12 || d.New.VersionCode != 13 || d.New.VersionName != "2.4.0" || d.Old.SHA256 == d.New.SHA256 {
		t.Errorf("identities %+v %+v", d.Old, d.New)
	}
	hosts := func(hs []diff.HostRef) (out []string) {
		for _, h := range hs {
			out = append(out, h.Host)
		}
		return
	}
	if !slices.Contains(hosts(d.Endpoints.Removed), "api.segment.io") || !slices.Contains(hosts(d.Endpoints.Added), "o0.ingest.sentry.io") {
		t.Errorf("endpoints %+v", d.Endpoints)
	}
	if adds := d.Additions(); len(adds) == 0 || !strings.Contains(adds[0], "1 SDK added") {
		t.Errorf("Additions %v", adds)
	}
	var buf bytes.Buffer
	if err := diff.WriteJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(buf.Bytes(), &m)
	for _, k := range []string{"old", "new", "sdks", "flows", "endpoints", "permissions", "components", "signer_changed"} {
		if _, ok := m[k]; !ok {
			t.Errorf("diff JSON lacks %q", k)
		}
	}
	if regexp.MustCompile(`"(added|removed|changed|old|new|notes|exported_changed)": null`).Match(buf.Bytes()) {
		t.Errorf("null in diff JSON:\n%s", buf.String())
	}
}

func TestDiffResigned(t *testing.T) {
	d := diff.Compare(fixtureReport(t, "medbook.apk"), fixtureReport(t, "medbook-resigned.apk"))
	if !d.SignerChanged || len(d.Signers.Old) != 1 || len(d.Signers.New) != 1 {
		t.Errorf("signer change not reported: %+v", d.Signers)
	}
	if len(d.SDKs.Added)+len(d.SDKs.Removed)+len(d.SDKs.Changed)+len(d.Endpoints.Added)+len(d.Endpoints.Removed)+len(d.Permissions.Added)+len(d.Components.Added) != 0 {
		t.Errorf("resigned build should differ only by signer: %+v", d.Summary)
	}
	if len(d.Additions()) != 0 || !d.Changed() {
		t.Errorf("additions %v, changed %v", d.Additions(), d.Changed())
	}
}

// TestDiffObfuscatedFlowsStable: flows are matched by fingerprint, so the
// same flows under renamed classes and other offsets are not changes.
func TestDiffObfuscatedFlowsStable(t *testing.T) {
	a, b := fixtureReport(t, "medbook.apk"), fixtureReport(t, "medbook-obfuscated.apk")
	a.Flows, b.Flows = medbookFlows(), medbookFlows()
	for i := range b.Flows {
		b.Flows[i].Path = []reports.PathStep{{Class: "La/b;", Method: "c()V", PC: 40 + i}}
	}
	d := diff.Compare(a, b)
	if len(d.Flows.Added)+len(d.Flows.Removed) != 0 {
		t.Errorf("obfuscation changed flow identities: %+v", d.Flows)
	}
	b.Flows = slices.DeleteFunc(b.Flows, func(f reports.Flow) bool { return f.Source.Kind == "url" })
	if d := diff.Compare(a, b); len(d.Flows.Removed) != 1 || d.Flows.Removed[0].SourceKind != "url" || !strings.Contains(d.Flows.Removed[0].Text, "web address") {
		t.Errorf("removed flow: %+v", d.Flows)
	}
}

// TestDiffBerkeley: berkeley-mobile 2014-10 has no trackers; 2014-11 adds
// Flurry, AdMob, Google Analytics and Tag Manager.
func TestDiffBerkeley(t *testing.T) {
	dir := filepath.Join(sharedCorpus, "realworld")
	oldP, newP := filepath.Join(dir, "berkeley-mobile_app-release_2014-10-05.apk"), filepath.Join(dir, "berkeley-mobile_app-release_2014-11-13.apk")
	for _, p := range []string{oldP, newP} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("shared corpus absent (%v): the berkeley-mobile diff needs ../shared/corpus/realworld", err)
		}
	}
	l, err := subprocessors.Load("../testdata/subprocessors/berkeley.yaml")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{ToolVersion: "test", Declared: l}
	oldR, err := Load(context.Background(), oldP, opt)
	if err != nil {
		t.Fatal(err)
	}
	newR, err := Load(context.Background(), newP, opt)
	if err != nil {
		t.Fatal(err)
	}
	d := diff.Compare(oldR, newR)
	// google-cloud-messaging: 2014-11 embeds the single Google Play
	// services jar, GoogleCloudMessaging included (embedded, not used).
	if got := diffSDKIDs(d.SDKs.Added); !slices.Equal(got, []string{"flurry", "google-admob", "google-analytics", "google-cloud-messaging", "google-tag-manager"}) {
		t.Errorf("added SDKs %v", got)
	}
	if len(d.SDKs.Removed) != 0 || d.SignerChanged {
		t.Errorf("removed %v, signer changed %v", d.SDKs.Removed, d.SignerChanged)
	}
	if d.Subprocessors == nil || !slices.Contains(d.Subprocessors.NewlyUndeclared, "Google") || !slices.Contains(d.Subprocessors.NewlyUndeclared, "Yahoo") {
		t.Errorf("cross-check changes: %+v", d.Subprocessors)
	}
	// The backend host is declared in both versions.
	for _, r := range d.Subprocessors.Added {
		if strings.Contains(r.Name, "herokuapp") {
			t.Errorf("declared backend reported as added: %+v", r)
		}
	}
	var buf bytes.Buffer
	if err := diff.WriteTable(&buf, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[flurry]  Yahoo, called by the app", "SDKs +5 -0", "newly undeclared:"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}
