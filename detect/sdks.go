package detect

import (
	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/reports"
)

// SDKs decides, from the evidence of every channel, which SDKs the report
// lists, how sure it is of each, their versions and whether the app calls
// them.
var SDKs = &analysis.Analyzer{
	Name:     "sdks",
	Doc:      "which SDKs the evidence reveals, with confidence, version and use",
	Requires: evidenceAnalyzers,
	Run:      runSDKs,
}

// evidenceAnalyzers are the analyzers whose result carries SDK evidence,
// in the order their evidence is merged.
var evidenceAnalyzers = []*analysis.Analyzer{Classes, Manifest, Files, Resources, Hosts, Calls}

// SDKSet is the result of SDKs.
type SDKSet struct {
	// SDKs are the report entries, in id order.
	SDKs []reports.SDK
	kept map[string]bool
}

// Kept reports whether the report lists the SDK id.
func (s *SDKSet) Kept(id string) bool { return s.kept[id] }

// KeptIDs returns the listed SDK ids as a set (a copy).
func (s *SDKSet) KeptIDs() map[string]bool {
	m := make(map[string]bool, len(s.kept))
	for k := range s.kept {
		m[k] = true
	}
	return m
}

func evidenceOf(p *analysis.Pass, a *analysis.Analyzer) *Evidence {
	switch r := p.ResultOf[a].(type) {
	case *Evidence:
		return r
	case *Attribution:
		return r.Evidence
	case *HostsResult:
		return r.Evidence
	}
	return nil
}

func runSDKs(p *analysis.Pass) (any, error) {
	merged := NewEvidence(p.Config.MaxEvidence)
	for _, a := range evidenceAnalyzers {
		ev := evidenceOf(p, a)
		if ev == nil {
			continue
		}
		ev.Each(func(r *SDKEvidence) {
			m := merged.Record(r.SDK)
			for ch, n := range r.Counts {
				m.Counts[ch] += n
			}
			for ch, items := range r.Items {
				room := merged.max - len(m.Items[ch])
				if room > len(items) {
					room = len(items)
				}
				if room > 0 {
					m.Items[ch] = append(m.Items[ch], items[:room]...)
				}
			}
			if m.Version == "" {
				m.Version = r.Version
			}
			m.Used = m.Used || r.Used
			m.UniqueHost = m.UniqueHost || r.UniqueHost
		})
	}
	out := &SDKSet{kept: map[string]bool{}}
	merged.Each(func(r *SDKEvidence) {
		if !keepSDK(r) {
			return
		}
		out.kept[r.SDK.ID] = true
		out.SDKs = append(out.SDKs, sdkReport(p, r))
	})
	return out, nil
}

func sdkReport(p *analysis.Pass, h *SDKEvidence) reports.SDK {
	s := h.SDK
	out := reports.SDK{ID: s.ID, Name: s.Name, Used: h.Used, Channels: map[string]int{}}
	for _, c := range s.Categories {
		out.Categories = append(out.Categories, string(c))
	}
	if v := p.DB.Vendor(s.Vendor); v != nil {
		out.Vendor = reports.Vendor{ID: v.ID, Name: v.Name, Country: v.Country}
	} else {
		out.Vendor = reports.Vendor{ID: s.Vendor, Name: s.Vendor}
	}
	if s.ExodusID != 0 {
		id := s.ExodusID
		out.ExodusID = &id
	}
	if h.Version != "" {
		v := h.Version
		out.Version = &v
	}
	for ch, n := range h.Counts {
		out.Channels[ch] = n
	}
	for _, evs := range h.Items {
		out.Evidence = append(out.Evidence, evs...)
	}
	out.Confidence = confidence(h.Counts)
	return out
}

// keepSDK decides whether the evidence reveals the SDK. Anything but host
// strings does. Host strings alone do only when a host that no other SDK
// claims was seen and the signature is curated: the network signatures
// imported from Exodus name vendor-wide domains (Exodus itself never uses
// them to detect trackers), so an app that merely links to facebook.com
// does not embed "Facebook Ads".
func keepSDK(h *SDKEvidence) bool {
	for ch, n := range h.Counts {
		if n > 0 && ch != reports.ChannelHost && ch != reports.ChannelCall {
			return true
		}
	}
	return h.UniqueHost && !h.SDK.Imported()
}

// confidence: a class match, or two independent kinds of evidence, is high;
// a manifest entry, SDK file or named resource alone is medium; a host
// string alone is low (an app may merely link to a website).
func confidence(c map[string]int) string {
	kinds := 0
	for ch, n := range c {
		if n > 0 && ch != reports.ChannelCall {
			kinds++
		}
	}
	switch {
	case c[reports.ChannelClass] > 0 || kinds >= 2:
		return reports.High
	case c[reports.ChannelManifest] > 0 || c[reports.ChannelFile] > 0 || c[reports.ChannelResource] > 0:
		return reports.Medium
	}
	return reports.Low
}

// Endpoints turns the hosts found into report endpoints with owners.
var Endpoints = &analysis.Analyzer{
	Name:     "endpoints",
	Doc:      "the endpoints the app can reach, each with its owner (vendor, first party, local) and SDK",
	Requires: []*analysis.Analyzer{Hosts, Owners},
	Run:      runEndpoints,
}

func runEndpoints(p *analysis.Pass) (any, error) {
	hosts := analysis.Result[*HostsResult](p, Hosts)
	owners := analysis.Result[*OwnerMap](p, Owners)
	out := make([]reports.Endpoint, 0, len(hosts.order))
	for _, k := range hosts.order {
		e := hosts.endpoints[k]
		ep := reports.Endpoint{URL: e.url, Host: e.host, Locations: e.locs, Count: e.count}
		owner, name, sdk := owners.Of(e.host)
		ep.Owner, ep.OwnerName = owner, name
		if sdk != "" {
			ep.SDK = &sdk
		}
		out = append(out, ep)
	}
	return out, nil
}
