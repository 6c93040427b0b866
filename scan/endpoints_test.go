package scan

import (
	"context"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
	"github.com/apkscan/apkscan/reports"
)

// TestEndpointKinds: endpoints are places an app can reach. Over a real
// app: XML feature URIs are identifiers, a host string in androidx.test's
// usage tracker does not reveal Google Analytics, and every endpoint says
// how it is used.
func TestEndpointKinds(t *testing.T) {
	p := testshared.Corpus(t, "large", "appium-uiautomator2-server-v10.6.6.apk")
	r, err := Scan(context.Background(), p, Options{NoTaint: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range r.SDKs {
		if s.ID == "google-analytics" {
			t.Errorf("google-analytics revealed by a host in library code: %+v", s.Evidence)
		}
	}
	idents := 0
	for _, e := range r.Endpoints {
		if e.Kind != reports.KindEndpoint && e.Kind != reports.KindIdentifier {
			t.Errorf("%s: kind %q", e.URL, e.Kind)
		}
		if e.Use != reports.UseNetwork && e.Use != reports.UseConfig && e.Use != reports.UseString {
			t.Errorf("%s: use %q", e.URL, e.Use)
		}
		isFeature := strings.Contains(e.URL, "apache.org/xml/features/") || strings.HasPrefix(e.Host, "javax.xml.")
		if isFeature && !e.IsIdentifier() {
			t.Errorf("%s is an XML feature URI, kind %q", e.URL, e.Kind)
		}
		if e.IsIdentifier() {
			idents++
			if e.Why == "" {
				t.Errorf("%s: identifier without why", e.URL)
			}
		}
	}
	if idents < 50 {
		t.Errorf("only %d identifiers", idents)
	}
}

// TestEndpointUseNetwork: the medbook fixture passes its API URL to
// java.net.URL (ApiClient.openDoctors).
func TestEndpointUseNetwork(t *testing.T) {
	r := fixtureReport(t, "medbook.apk")
	for _, e := range r.Endpoints {
		if e.Host == "api.medbook.example" && e.Use != reports.UseNetwork {
			t.Errorf("%s: use %q, want network", e.URL, e.Use)
		}
		if e.Host == "static.cloudflareinsights.com" && e.Use != reports.UseConfig {
			t.Errorf("%s (in an asset): use %q, want config", e.URL, e.Use)
		}
		if e.IsIdentifier() {
			t.Errorf("%s: medbook has no identifiers (%s)", e.URL, e.Why)
		}
	}
}
