package subprocessors

import (
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// TestIdentifiersAreNoRecipients: an identifier (an XML namespace, a
// documentation link) names something; nobody receives data there.
func TestIdentifiersAreNoRecipients(t *testing.T) {
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	l, err := Load(examples + "/medbook.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := medbookLike()
	r.Endpoints = append(r.Endpoints,
		reports.Endpoint{URL: "http://apache.org/xml/features/xinclude", Host: "apache.org", Owner: "unknown", Kind: reports.KindIdentifier, Why: "Apache Xerces parser feature URI"},
		reports.Endpoint{URL: "https://developers.facebook.com/docs/android", Host: "developers.facebook.com", Owner: "meta", OwnerName: "Meta", Kind: reports.KindIdentifier},
		reports.Endpoint{URL: "https://api.stripe.com/v1", Host: "api.stripe.com", Owner: "stripe", OwnerName: "Stripe", Kind: reports.KindEndpoint, Use: reports.UseNetwork},
	)
	Apply(r, l, db)
	sp := r.Subprocessors
	if rc := recipient(sp, "domain:apache.org"); rc != nil {
		t.Errorf("an XML feature URI became a recipient: %+v", rc)
	}
	if rc := recipient(sp, "meta"); rc != nil {
		t.Errorf("a documentation link made Meta a recipient: %+v", rc)
	}
	if rc := recipient(sp, "stripe"); rc == nil || rc.Declared {
		t.Errorf("an endpoint of Stripe must be an undeclared recipient: %+v", rc)
	}
}
