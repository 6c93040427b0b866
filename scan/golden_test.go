package scan

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/reports/reportstest"

	"github.com/apkscan/apkscan/reports"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the current output")

const apks = "../testdata/apks"

// fixtureReport scans a project fixture; the report's path is made
// relative to testdata/apks so goldens do not depend on the checkout.
func fixtureReport(t *testing.T, name string) *reports.Report {
	t.Helper()
	p := filepath.Join(apks, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("fixture %s missing: rebuild with testdata/fixtures/build.sh (%v)", name, err)
	}
	r, err := Scan(context.Background(), p, Options{ToolVersion: "golden"})
	if err != nil {
		t.Fatal(err)
	}
	r.App.Path = name
	return r
}

func schema(t *testing.T) *jsonschema.Schema {
	return reportstest.Compile(t, "report.schema.json", reports.Schema())
}

// TestGolden compares the JSON report of every fixture with its golden
// file and validates it against the published schema.
func TestGolden(t *testing.T) {
	sch := schema(t)
	for _, name := range []string{
		"medbook.apk", "medbook-clean.apk", "medbook-obfuscated.apk", "medbook-v2.apk",
		"medbook-resigned.apk", "hostile-strings.apk", "medbook.apks", "medbook.xapk", "medbook-splits",
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (reports.JSONEncoder{}).Encode(&buf, fixtureReport(t, name)); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("report does not match schema: %v", err)
			}
			golden := filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+filepath.Ext(name)+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scan -run TestGolden -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("report differs from %s; inspect with: go test ./scan -run TestGolden -update && git diff testdata/golden", golden)
			}
		})
	}
}

func ids(r *reports.Report) []string {
	var out []string
	for _, s := range r.SDKs {
		out = append(out, s.ID)
	}
	sort.Strings(out)
	return out
}

func sdkOf(r *reports.Report, id string) *reports.SDK {
	for i := range r.SDKs {
		if r.SDKs[i].ID == id {
			return &r.SDKs[i]
		}
	}
	return nil
}

func host(r *reports.Report, h string) *reports.Endpoint {
	for i := range r.Endpoints {
		if r.Endpoints[i].Host == h {
			return &r.Endpoints[i]
		}
	}
	return nil
}

// TestMedbookGroundTruth asserts the fixture's documented ground truth
// (testdata/fixtures/README.md), independently of the goldens.
func TestMedbookGroundTruth(t *testing.T) {
	r := fixtureReport(t, "medbook.apk")
	want := []string{"aws-amplify-analytics", "aws-pinpoint", "cloudflare-web-analytics", "cloudinary", "glide", "google-analytics",
		"google-firebase", "google-firebase-analytics", "mixpanel", "segment"}
	if got := ids(r); !slices.Equal(got, want) {
		t.Errorf("SDKs = %v, want %v", got, want)
	}
	a := r.App
	if a.Package != "com.example.medbook" || a.VersionCode != 12 || a.VersionName != "2.3.0" || a.MinSDK != 21 || a.TargetSDK != 33 || a.Label != "MedBook" {
		t.Errorf("app facts: %+v", a)
	}
	if len(a.Signers) != 1 || !slices.Equal(a.Signers[0].Schemes, []string{"v1", "v2", "v3"}) {
		t.Errorf("signers: %+v", a.Signers)
	}
	if a.Application.UsesCleartextTraffic == nil || !*a.Application.UsesCleartextTraffic || !a.Application.AllowBackup {
		t.Errorf("application flags: %+v", a.Application)
	}
	if len(a.CodeFiles) != 3 || !a.CodeFiles[2].Secondary {
		t.Errorf("code files (classes.dex, classes2.dex, plugin jar): %+v", a.CodeFiles)
	}
	fa := sdkOf(r, "google-firebase-analytics")
	if fa == nil || fa.Version == nil || *fa.Version != "21.5.0" || !fa.Used {
		t.Errorf("firebase analytics: %+v", fa)
	}
	for _, id := range []string{"aws-pinpoint", "cloudinary", "google-analytics", "segment", "mixpanel"} {
		if s := sdkOf(r, id); s == nil || !s.Used || s.Confidence != reports.High {
			t.Errorf("%s should be used with high confidence: %+v", id, s)
		}
	}
	for h, owner := range map[string]string{
		"api.medbook.example":               "first-party",
		"pinpoint.eu-west-1.amazonaws.com":  "amazon",
		"res.cloudinary.com":                "cloudinary",
		"telemetry.medbook-partner.example": "unknown",
		"static.cloudflareinsights.com":     "cloudflare",
	} {
		if e := host(r, h); e == nil || e.Owner != owner {
			t.Errorf("endpoint %s: %+v, want owner %s", h, e, owner)
		}
	}
	if e := host(r, "telemetry.medbook-partner.example"); e != nil && !strings.HasPrefix(e.Locations[0], "lib/") {
		t.Errorf("native-library endpoint located at %v", e.Locations)
	}
	if len(r.Problems) != 0 {
		t.Errorf("problems: %v", r.Problems)
	}
}

// TestObfuscatedStillFound: with every class renamed, the SDKs are still
// found through the manifest, files, resources and hosts.
func TestObfuscatedStillFound(t *testing.T) {
	r := fixtureReport(t, "medbook-obfuscated.apk")
	for _, id := range []string{"aws-pinpoint", "google-firebase-analytics", "cloudinary", "segment", "google-analytics"} {
		s := sdkOf(r, id)
		if s == nil {
			t.Errorf("%s not found in the obfuscated build", id)
			continue
		}
		if s.Channels[reports.ChannelClass] != 0 {
			t.Errorf("%s matched by class names in an obfuscated build: %v", id, s.Evidence)
		}
	}
}

// TestSplitsAreOneApp: the .apks, .xapk and directory forms give the same
// SDKs and endpoints as the single APK, and list their splits.
func TestSplitsAreOneApp(t *testing.T) {
	base := fixtureReport(t, "medbook.apk")
	for _, name := range []string{"medbook.apks", "medbook.xapk", "medbook-splits"} {
		r := fixtureReport(t, name)
		if !slices.Equal(ids(r), ids(base)) {
			t.Errorf("%s: SDKs %v, single APK %v", name, ids(r), ids(base))
		}
		if len(r.App.Splits) != 3 || r.App.Splits[0].Split != "" {
			t.Errorf("%s: splits %+v", name, r.App.Splits)
		}
		if host(r, "telemetry.medbook-partner.example") == nil {
			t.Errorf("%s: native library in the ABI split not scanned", name)
		}
	}
}

func TestCleanTwinSameSDKs(t *testing.T) {
	// The clean twin embeds exactly the SDKs of medbook (only the data it
	// hands them differs).
	clean, full := ids(fixtureReport(t, "medbook-clean.apk")), ids(fixtureReport(t, "medbook.apk"))
	if len(full) == 0 || !slices.Equal(clean, full) {
		t.Errorf("clean twin SDKs %v, medbook %v", clean, full)
	}
}
