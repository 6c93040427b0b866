package detect

import (
	"net"
	"strings"
	"sync"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/hostname"
	"github.com/apkscan/apkscan/sdkdb"
)

// Owners says who answers at a host, once the SDKs of the report are
// known (an endpoint names an SDK only when the report lists it).
var Owners = &analysis.Analyzer{
	Name:     "owners",
	Doc:      "who answers at a host: an SDK's vendor, a vendor by domain, the app's publisher, a local address",
	Requires: []*analysis.Analyzer{SDKs},
	Run:      runOwners,
}

// OwnerMap is the result of Owners; it is safe for concurrent use.
type OwnerMap struct {
	db      *sdkdb.DB
	matcher *sdkdb.Matcher
	pkg     string
	kept    map[string]bool
}

func runOwners(p *analysis.Pass) (any, error) {
	return &OwnerMap{db: p.DB, matcher: p.Matcher, pkg: p.App.Base().Manifest.Package, kept: analysis.Result[*SDKSet](p, SDKs).KeptIDs()}, nil
}

// Of says who answers at a host: the vendor of an SDK whose network
// signature claims it, a vendor whose domains include it (the vendor
// serves every name below its domains, user.github.io included), the one
// vendor whose SDK signatures name
// hosts of the same registrable domain (every *.tiles.mapbox.com is
// Mapbox's), the app's publisher ("first-party"), or "unknown".
//
// The endpoint names an SDK only when exactly one of the SDKs claiming the
// host is reported for this app (kept); otherwise the host tells only the
// vendor.
func (o *OwnerMap) Of(host string) (owner, name, sdk string) {
	if ms := o.matcher.MatchHost(host); len(ms) > 0 {
		s := ms[0].SDK
		var reported []*sdkdb.SDK
		for _, m := range ms {
			if o.kept[m.SDK.ID] {
				reported = append(reported, m.SDK)
			}
		}
		if len(reported) == 1 {
			s, sdk = reported[0], reported[0].ID
		}
		if v := o.db.Vendor(s.Vendor); v != nil {
			return v.ID, v.Name, sdk
		}
		return s.Vendor, s.Vendor, sdk
	}
	if v := o.db.VendorByHost(host); v != nil {
		return v.ID, v.Name, ""
	}
	if id := registrableVendors(o.db)[hostname.Registrable(host)]; id != "" {
		if v := o.db.Vendor(id); v != nil {
			return v.ID, v.Name, ""
		}
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast()) {
		return "local", "", ""
	}
	if o.firstParty(host) {
		return "first-party", "", ""
	}
	return "unknown", "", ""
}

// Labels too generic to tie a host to an app's package name.
var genericLabels = map[string]bool{
	"com": true, "org": true, "net": true, "app": true, "apps": true, "android": true, "mobile": true,
	"example": true, "www": true, "api": true, "google": true, "io": true, "co": true, "de": true, "fr": true,
}

// firstParty guesses that a host belongs to the app's publisher when the
// organisation label of the host is a segment of the package name
// (api.medbook.example for com.example.medbook).
func (o *OwnerMap) firstParty(host string) bool {
	lab := hostname.OrgLabel(host)
	if lab == "" || genericLabels[lab] {
		return false
	}
	for _, seg := range strings.Split(o.pkg, ".") {
		if strings.EqualFold(seg, lab) {
			return true
		}
	}
	return false
}

var regVendors sync.Map // *sdkdb.DB → map[string]string

// registrableVendors maps the registrable domain of every host that SDK
// network signatures name to the vendor of those SDKs, when exactly one
// vendor's signatures name hosts of that domain (built once per database).
func registrableVendors(db *sdkdb.DB) map[string]string {
	if m, ok := regVendors.Load(db); ok {
		return m.(map[string]string)
	}
	m := map[string]string{}
	shared := map[string]bool{}
	for _, s := range db.SDKs() {
		for _, h := range s.Network.Hosts {
			if i := strings.LastIndexByte(h, '*'); i >= 0 {
				h = h[i+1:]
			}
			h = strings.TrimPrefix(strings.ToLower(h), ".")
			if !hostname.HasICANNSuffix(h) {
				continue
			}
			reg := hostname.Registrable(h)
			if reg == "" || !strings.Contains(reg, ".") {
				continue
			}
			if prev, ok := m[reg]; ok && prev != s.Vendor {
				shared[reg] = true
			}
			m[reg] = s.Vendor
		}
	}
	for d := range shared {
		delete(m, d)
	}
	v, _ := regVendors.LoadOrStore(db, m)
	return v.(map[string]string)
}
