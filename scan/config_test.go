package scan

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/subprocessors"
)

func configFixture(t *testing.T, name string, opt Options) *reports.Report {
	t.Helper()
	r, err := Scan(context.Background(), filepath.Join("..", "testdata", "config", name), opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func findConfig(r *reports.Report, source, key string) *reports.ConfigFinding {
	for i := range r.Config {
		if r.Config[i].Source == source && r.Config[i].Key == key {
			return &r.Config[i]
		}
	}
	return nil
}

// TestConfigFixture scans testdata/config/sdk-config.apk (written by
// testdata/config/gen) end to end: every parser reports its value with
// recipient, account, region, country and location, secrets redacted.
func TestConfigFixture(t *testing.T) {
	r := configFixture(t, "sdk-config.apk", Options{NoTaint: true})
	type want struct {
		source, key, service, host, account, region, country, secret string
	}
	for _, w := range []want{
		{"resource", "google_app_id", "Firebase", "", "517408942575", "", "", ""},
		{"resource", "gcm_defaultSenderId", "Firebase Cloud Messaging", "", "517408942575", "", "", ""},
		{"resource", "project_id", "Firebase", "", "medbook-prod-4a1f2", "", "", ""},
		{"resource", "firebase_database_url", "Firebase Realtime Database", "medbook-eu-default-rtdb.europe-west1.firebasedatabase.app", "medbook-eu", "europe-west1", "BE", ""},
		{"resource", "google_api_key", "Google API", "", "", "", "", "low"},
		{"resource", "google_storage_bucket", "Cloud Storage for Firebase", "firebasestorage.googleapis.com", "medbook-prod-4a1f2.appspot.com", "", "", ""},
		{"resource", "default_web_client_id", "Google Sign-In", "", "517408942575", "", "", ""},
		{"resource", "analytics_write_key", "Segment", "api.segment.io", "", "", "", "low"},
		{"resource", "mixpanel_token", "Mixpanel", "api.mixpanel.com", "", "", "", "low"},
		{"resource", "amplitude_api_key", "Amplitude", "api2.amplitude.com", "", "", "", "low"},
		{"resource", "amplitude_server_zone", "Amplitude", "", "", "eu", "EU", ""},
		{"resource", "appsflyer_dev_key", "AppsFlyer", "appsflyer.com", "", "", "", "low"},
		{"resource", "adjust_app_token", "Adjust", "app.adjust.com", "2fm9gkqubvpc", "", "", ""},
		{"resource", "algolia_application_id", "Algolia", "algolia.net", "LATENCY123", "", "", ""},
		{"resource", "storage_connection", "Azure Storage", "core.windows.net", "medbookstore", "", "", "high"},
		{"meta-data", "io.sentry.dsn", "Sentry", "o123456.ingest.de.sentry.io", "4504", "de", "DE", "low"},
		{"meta-data", "com.mixpanel.android.MPConfig.EventsEndpoint", "Mixpanel", "api-eu.mixpanel.com", "", "eu", "EU", ""},
		{"file", "CredentialsProvider.CognitoIdentity.Default.PoolId", "Amazon Cognito Identity", "cognito-identity.eu-west-1.amazonaws.com", "12345678-90ab-cdef-1234-567890abcdef", "eu-west-1", "IE", ""},
		{"file", "CognitoUserPool.Default.PoolId", "Amazon Cognito User Pools", "cognito-idp.eu-west-1.amazonaws.com", "AbCdEfGhI", "eu-west-1", "IE", ""},
		{"file", "CognitoUserPool.Default.AppClientSecret", "Amazon Cognito User Pools", "cognito-idp.eu-west-1.amazonaws.com", "", "eu-west-1", "IE", "high"},
		{"file", "PinpointAnalytics.Default.AppId", "Amazon Pinpoint", "pinpoint.us-east-1.amazonaws.com", "0123456789abcdef0123456789abcdef", "us-east-1", "US", ""},
		{"file", "S3TransferUtility.Default.Bucket", "Amazon S3", "s3.eu-central-1.amazonaws.com", "medbook-uploads-eu", "eu-central-1", "DE", ""},
		{"file", "AppSync.Default.ApiUrl", "AWS AppSync", "abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com", "", "eu-west-1", "IE", ""},
		{"file", "AppSync.Default.ApiKey", "AWS AppSync", "", "", "eu-west-1", "IE", "medium"},
		{"file", "analytics.plugins.awsPinpointAnalyticsPlugin.pinpointAnalytics.appId", "Amazon Pinpoint", "pinpoint.eu-central-1.amazonaws.com", "fedcba9876543210fedcba9876543210", "eu-central-1", "DE", ""},
		{"file", "storage.plugins.awsS3StoragePlugin.bucket", "Amazon S3", "s3.us-west-2.amazonaws.com", "medbook-media", "us-west-2", "US", ""},
	} {
		c := findConfig(r, w.source, w.key)
		if c == nil {
			t.Errorf("%s %s: not reported", w.source, w.key)
			continue
		}
		got := want{c.Source, c.Key, c.Service, c.Host, c.Account, c.Region, c.Country, c.Secret}
		if got != w {
			t.Errorf("%s %s:\n got  %+v\n want %+v", w.source, w.key, got, w)
		}
		if c.Location == "" || c.VendorName == "" || c.Confidence != reports.High {
			t.Errorf("%s %s: location %q vendor %q confidence %q", w.source, w.key, c.Location, c.VendorName, c.Confidence)
		}
	}
	if n := len(r.Config); n != 26 {
		t.Errorf("%d config findings, want 26", n)
	}
	// No secret appears in full in any format.
	secrets := []string{"AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "Q9xCwKz3mT7bV2nR8pL4sY6hJ1gF5dE0", "0123456789abcdef0123456789abcdef@",
		"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4", "1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n", "da2-abcdefghijklmnopqrstuvwxyz", "aBcDeFgHiJkLmNoPqRsTuV"}
	for _, id := range []string{"table", "json", "sarif", "html", "markdown"} {
		enc, _ := reports.Lookup(id)
		var buf bytes.Buffer
		if err := enc.Encode(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s output contains the secret %s", enc.ID(), s)
			}
		}
		if !strings.Contains(out, "AIza") {
			t.Errorf("%s output does not show the redacted Google API key", enc.ID())
		}
		if enc.ID() == "sarif" && !strings.Contains(out, `"ruleId": "exposed-secret"`) {
			t.Errorf("sarif has no exposed-secret result")
		}
	}
	if c := findConfig(r, "resource", "storage_connection"); c == nil || !strings.Contains(c.Value, "AccountKey=Zm9v…(72 chars)") {
		t.Errorf("Azure account key not redacted to prefix+length: %+v", c)
	}
}

// TestConfigDecoys: the same key names with values no SDK writes are not
// reported; a truncated config file is a problem, not a crash.
func TestConfigDecoys(t *testing.T) {
	r := configFixture(t, "sdk-config-decoys.apk", Options{NoTaint: true})
	if len(r.Config) != 0 {
		t.Errorf("decoys reported: %+v", r.Config)
	}
	found := false
	for _, p := range r.Problems {
		if strings.Contains(p.Where, "awsconfiguration.json") {
			found = true
		}
	}
	if !found {
		t.Errorf("truncated awsconfiguration.json is not a problem: %+v", r.Problems)
	}
}

// TestConfigCrossCheck: a recipient's regions are reported, and a declared
// EU/EEA entity whose configured region is outside the EU/EEA is a finding.
func TestConfigCrossCheck(t *testing.T) {
	l, err := subprocessors.Parse("list.yaml", []byte(`subprocessors:
  - name: Amazon Web Services
    entity: Amazon Web Services EMEA SARL
    country: LU
  - name: Sentry
    country: US
`))
	if err != nil {
		t.Fatal(err)
	}
	r := configFixture(t, "sdk-config.apk", Options{NoTaint: true, Declared: l})
	aws := recipientOf(r.Subprocessors, "amazon")
	if aws == nil || !aws.Declared {
		t.Fatalf("amazon: %+v", aws)
	}
	wantRegion := "Amazon Pinpoint, region us-east-1 (United States)"
	if !contains(aws.Regions, wantRegion) || !contains(aws.RegionsOutsideEEA, wantRegion) || contains(aws.RegionsOutsideEEA, "Amazon S3, region eu-central-1 (Germany)") {
		t.Errorf("amazon regions %q, outside %q", aws.Regions, aws.RegionsOutsideEEA)
	}
	var rules []string
	for _, f := range r.Findings() {
		rules = append(rules, f.Rule)
	}
	if !contains(rules, reports.RuleRegionOutsideEEA) || !contains(rules, reports.RuleExposedSecret) {
		t.Errorf("findings rules %q", rules)
	}
	// Sentry is declared outside the EU: its DE region is reported, no
	// region finding (the recipient-outside-eea finding covers it).
	if s := recipientOf(r.Subprocessors, "sentry"); s == nil || len(s.RegionsOutsideEEA) != 0 || !contains(s.Regions, "Sentry, region de (Germany)") {
		t.Errorf("sentry: %+v", s)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestConfigHostile: markup and escapes in config keys and values are
// escaped in every format, an invalid region is ignored, and files nested
// too deep or too large are problems, not crashes.
func TestConfigHostile(t *testing.T) {
	r := configFixture(t, "sdk-config-hostile.apk", Options{NoTaint: true})
	for _, c := range r.Config {
		if strings.Contains(c.Region, "<") || strings.Contains(c.Host, "<") {
			t.Errorf("hostile region accepted: %+v", c)
		}
	}
	if c := findConfig(r, "file", "PinpointAnalytics.Default.AppId"); c == nil || c.Region != "" || c.Host != "" {
		t.Errorf("pinpoint with an invalid region: %+v", c)
	}
	var problems []string
	for _, p := range r.Problems {
		problems = append(problems, p.Where+": "+p.Error)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"assets/awsconfiguration.json: SDK config file: nested deeper than 32 levels", "assets/amplifyconfiguration.json: SDK config file of"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem %q in:\n%s", want, all)
		}
	}
	for _, id := range []string{"table", "html", "markdown", "sarif"} {
		enc, _ := reports.Lookup(id)
		var buf bytes.Buffer
		if err := enc.Encode(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "\x1b") {
			t.Errorf("%s output carries a terminal escape from a config value", id)
		}
		if (id == "html" || id == "markdown") && strings.Contains(out, "<img src=x") {
			t.Errorf("%s output carries raw markup from a config key", id)
		}
		if id != "sarif" && !strings.Contains(out, "onerror") {
			t.Errorf("%s output lost the (escaped) hostile key", id)
		}
	}
}
