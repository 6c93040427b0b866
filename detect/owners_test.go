package detect

import (
	"testing"

	"github.com/apkscan/apkscan/sdkdb"
)

// TestOwnersByRegistrableDomain: a host nobody names exactly is owned by
// the vendor whose domains include it, or else by the one vendor whose SDK
// signatures name hosts of its registrable domain.
func TestOwnersByRegistrableDomain(t *testing.T) {
	db := sdkdb.New(sdkdb.Meta{Version: "2026.01.01"}, []*sdkdb.SDK{
		{ID: "tiles", Name: "Tiles", Vendor: "acme", Network: sdkdb.Network{Hosts: []string{"api.tilesvendor.com", "*.cdn.tilesvendor.com"}}},
		{ID: "one", Name: "One", Vendor: "acme", Network: sdkdb.Network{Hosts: []string{"one.shared-host.com"}}},
		{ID: "two", Name: "Two", Vendor: "other", Network: sdkdb.Network{Hosts: []string{"two.shared-host.com"}}},
		{ID: "heroku-ish", Name: "H", Vendor: "other", Network: sdkdb.Network{Hosts: []string{"sdk.herokuapp.com"}}},
	}, []*sdkdb.Vendor{{ID: "acme", Name: "Acme"}, {ID: "other", Name: "Other"}, {ID: "maps", Name: "Maps", Domains: []string{"mapsvendor.com"}}})
	o := &OwnerMap{db: db, matcher: db.Matcher(), pkg: "com.example.app", kept: map[string]bool{}}
	for host, want := range map[string]string{
		"api.tilesvendor.com":      "acme", // the signature itself
		"a.tiles.tilesvendor.com":  "acme", // same registrable domain
		"b.tiles.mapsvendor.com":   "maps", // a vendor domain
		"x.shared-host.com":        "unknown",
		"customer.herokuapp.com":   "unknown", // a private suffix: each name is its own domain
		"tilesvendor.com.evil.com": "unknown",
		"www.example.com":          "unknown",
		"api.app.example.com":      "unknown",
		"localhost":                "local",
	} {
		if got, _, _ := o.Of(host); got != want {
			t.Errorf("Of(%s) = %s, want %s", host, got, want)
		}
	}
	// The built-in database: every *.tiles.mapbox.com is Mapbox.
	def, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	o = &OwnerMap{db: def, matcher: def.Matcher(), kept: map[string]bool{}}
	for host, want := range map[string]string{
		"a.tiles.mapbox.com":   "mapbox",
		"login.live.com":       "microsoft",
		"www.linkedin.com":     "linkedin",
		"cdn.jsdelivr.net":     "jsdelivr",
		"user.github.io":       "github",
		"upload.wikimedia.org": "wikimedia",
		"www.paypal.com":       "paypal",
		"i.ytimg.com":          "google",
	} {
		if got, _, _ := o.Of(host); got != want {
			t.Errorf("built-in: Of(%s) = %s, want %s", host, got, want)
		}
	}
}
