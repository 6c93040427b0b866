package scan

import (
	"net"
	"strings"

	"github.com/apkscan/apkscan/sdkdb"
)

// ownerOf says who answers at a host: the vendor of an SDK whose network
// signature claims it, a vendor whose domains include it, the app's
// publisher ("first-party"), or "unknown".
//
// The endpoint names an SDK only when exactly one of the SDKs claiming the
// host is reported for this app (kept); otherwise the host tells only the
// vendor.
func (p *Pass) ownerOf(host string, kept map[string]bool) (owner, name, sdk string) {
	if ms := p.Matcher.MatchHost(host); len(ms) > 0 {
		s := ms[0].SDK
		var reported []*sdkdb.SDK
		for _, m := range ms {
			if kept[m.SDK.ID] {
				reported = append(reported, m.SDK)
			}
		}
		if len(reported) == 1 {
			s, sdk = reported[0], reported[0].ID
		}
		if v := p.DB.Vendor(s.Vendor); v != nil {
			return v.ID, v.Name, sdk
		}
		return s.Vendor, s.Vendor, sdk
	}
	if v := p.vendorForHost(host); v != nil {
		return v.ID, v.Name, ""
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast()) {
		return "local", "", ""
	}
	if p.firstParty(host) {
		return "first-party", "", ""
	}
	return "unknown", "", ""
}

// vendorForHost matches a host against vendors' domains (suffix on a label
// boundary), longest domain first.
func (p *Pass) vendorForHost(host string) *sdkdb.Vendor {
	if p.vendorDomains == nil {
		p.vendorDomains = map[string]*sdkdb.Vendor{}
		for _, v := range p.DB.Vendors() {
			for _, d := range v.Domains {
				d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "*.")
				d = strings.TrimPrefix(d, ".")
				if _, dup := p.vendorDomains[d]; d != "" && !dup {
					p.vendorDomains[d] = v
				}
			}
		}
	}
	for h := host; h != ""; {
		if v, ok := p.vendorDomains[h]; ok {
			return v
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	return nil
}

// Labels too generic to tie a host to an app's package name.
var genericLabels = map[string]bool{
	"com": true, "org": true, "net": true, "app": true, "apps": true, "android": true, "mobile": true,
	"example": true, "www": true, "api": true, "google": true, "io": true, "co": true, "de": true, "fr": true,
}

// twoLevelSuffixes are public suffixes under which the registrable domain
// has three labels (a small, documented subset of the Public Suffix List).
var twoLevelSuffixes = map[string]bool{
	"co.uk": true, "org.uk": true, "ac.uk": true, "gov.uk": true, "com.au": true, "net.au": true, "co.jp": true,
	"ne.jp": true, "co.nz": true, "com.br": true, "com.cn": true, "com.tr": true, "co.in": true, "co.kr": true,
	"com.mx": true, "com.ar": true, "co.za": true, "com.sg": true, "com.hk": true, "com.tw": true,
}

// registrableLabel returns the label that names the organisation in a host:
// "medbook" for api.medbook.example, "bbc" for www.bbc.co.uk.
func registrableLabel(host string) string {
	labels := strings.Split(host, ".")
	n := len(labels)
	if n < 2 {
		return ""
	}
	if n >= 3 && twoLevelSuffixes[labels[n-2]+"."+labels[n-1]] {
		return labels[n-3]
	}
	return labels[n-2]
}

// firstParty guesses that a host belongs to the app's publisher when the
// organisation label of the host is a segment of the package name
// (api.medbook.example for com.example.medbook).
func (p *Pass) firstParty(host string) bool {
	lab := registrableLabel(host)
	if lab == "" || genericLabels[lab] {
		return false
	}
	pkg := p.App.Base().Manifest.Package
	for _, seg := range strings.Split(pkg, ".") {
		if strings.EqualFold(seg, lab) {
			return true
		}
	}
	return false
}
