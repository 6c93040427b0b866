package detect

import (
	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
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
	// merged is the evidence of every channel, for mergeRenamedSDKs.
	merged *Evidence
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
			for ch, n := range r.Weak {
				if m.Weak == nil {
					m.Weak = map[string]int{}
				}
				m.Weak[ch] += n
			}
			m.Required = m.Required || r.Required
		})
	}
	out := &SDKSet{kept: map[string]bool{}, merged: merged}
	merged.Each(func(r *SDKEvidence) {
		if !keepSDK(r) {
			return
		}
		out.kept[r.SDK.ID] = true
		out.SDKs = append(out.SDKs, sdkReport(p, r))
	})
	return out, nil
}

// mergeRenamedSDKs is the report's SDK list with the directly attributed
// renamed classes (detect.Renamed) as evidence of channel renamed: value
// the renamed class, signature why it was attributed, location the
// string that says so. A class attributed by a code string of the SDK
// (sdkdb code.strings) is evidence of its own: it may reveal an SDK the
// other channels do not (medium alone, never high: sdkdb.Decide). A
// class attributed by a host, manifest key, resource or config name the
// SDK was already found by only confirms it: the item is marked weak,
// as it rests on evidence already counted, and never raises the
// confidence. Neighbours are not items (their attribution rests on a
// direct one).
func mergeRenamedSDKs(p *analysis.Pass, set *SDKSet, r *RenamedAttribution) []reports.SDK {
	items := map[string][]reports.Evidence{}
	for _, c := range r.Classes() {
		if c.Neighbor != "" || len(c.Signals) == 0 {
			continue
		}
		own := false
		for _, e := range c.Signals {
			own = own || e.Channel == signalCodeString
		}
		items[c.SDK] = append(items[c.SDK], reports.Evidence{Channel: reports.ChannelRenamed, Value: dex.JavaName(c.Class),
			Signature: describeRenamed(r, c), Location: c.Signals[0].Location, Weak: !own})
	}
	if len(items) == 0 || set.merged == nil {
		return set.SDKs
	}
	merged := NewEvidence(set.merged.max)
	set.merged.Each(func(h *SDKEvidence) {
		c := *h
		c.Items = make(map[string][]reports.Evidence, len(h.Items)+1)
		for ch, evs := range h.Items {
			c.Items[ch] = evs
		}
		c.Counts = make(map[string]int, len(h.Counts)+1)
		for ch, n := range h.Counts {
			c.Counts[ch] = n
		}
		c.Weak = make(map[string]int, len(h.Weak)+1)
		for ch, n := range h.Weak {
			c.Weak[ch] = n
		}
		merged.bySDK[h.SDK.ID] = &c
	})
	for id, evs := range items {
		s := p.DB.SDK(id)
		if s == nil {
			continue
		}
		m := merged.Record(s)
		if m.Weak == nil {
			m.Weak = map[string]int{}
		}
		ch := reports.ChannelRenamed
		for _, ev := range evs {
			m.Counts[ch]++
			if ev.Weak {
				m.Weak[ch]++
			}
			if len(m.Items[ch]) < merged.max {
				m.Items[ch] = append(m.Items[ch], ev)
			}
		}
	}
	var out []reports.SDK
	merged.Each(func(h *SDKEvidence) {
		if keepSDK(h) {
			out = append(out, sdkReport(p, h))
		}
	})
	return out
}

func sdkReport(p *analysis.Pass, h *SDKEvidence) reports.SDK {
	s := h.SDK
	out := reports.SDK{ID: s.ID, Name: s.Name, Used: h.Used, Channels: map[string]int{}}
	for _, c := range s.Categories {
		out.Categories = append(out.Categories, string(c))
	}
	if v := p.DB.Vendor(s.Vendor); v != nil {
		out.Vendor = reports.Vendor{ID: v.ID, Name: v.Name, Country: v.Country, SelfHosted: v.SelfHosted}
	} else {
		out.Vendor = reports.Vendor{ID: s.Vendor, Name: s.Vendor}
	}
	if s.ExodusID != 0 {
		id := s.ExodusID
		out.ExodusID = &id
		if n := exodusName(p.DB, s); n != s.Name {
			out.ExodusName = n
		}
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
	_, out.Confidence = decide(h)
	return out
}

// tally is the evidence of h split by the SDK's evidence rules.
func tally(h *SDKEvidence) sdkdb.Tally {
	t := sdkdb.Tally{Strong: map[string]int{}, Weak: map[string]int{}, Required: h.Required, UniqueHost: h.UniqueHost}
	for ch, n := range h.Counts {
		w := h.Weak[ch]
		if w > 0 {
			t.Weak[ch] = w
		}
		if n > w {
			t.Strong[ch] = n - w
		}
	}
	return t
}

// decide applies the SDK's evidence rules (sdkdb.SDK.Decide): weak
// evidence (marked weak in the report) never reveals an SDK nor raises its
// confidence; an unmet requires rule drops the SDK; a class match or two
// independent channels is high, a manifest entry, SDK file or named
// resource alone medium, host strings alone low; and host strings alone
// reveal an SDK only when a host that no other SDK claims was seen and
// the signature is curated: the network signatures imported from Exodus
// name vendor-wide domains (Exodus itself never uses them to detect
// trackers), so an app that merely links to facebook.com does not embed
// "Facebook Ads".
func decide(h *SDKEvidence) (keep bool, confidence string) {
	return h.SDK.Decide(tally(h))
}

// keepSDK decides whether the evidence reveals the SDK (see decide).
func keepSDK(h *SDKEvidence) bool {
	keep, _ := decide(h)
	return keep
}

// Endpoints turns the hosts found into report endpoints with owners, and
// tells places the app can reach from identifiers (see identifierWhy).
var Endpoints = &analysis.Analyzer{
	Name:     "endpoints",
	Doc:      "the endpoints the app can reach, each with its owner (vendor, first party, local), SDK and use; identifiers set apart",
	Requires: []*analysis.Analyzer{Hosts, Owners},
	Run:      runEndpoints,
}

func runEndpoints(p *analysis.Pass) (any, error) {
	hosts := analysis.Result[*HostsResult](p, Hosts)
	owners := analysis.Result[*OwnerMap](p, Owners)
	out := make([]reports.Endpoint, 0, len(hosts.order))
	for _, k := range hosts.order {
		e := hosts.endpoints[k]
		ep := reports.Endpoint{URL: e.url, Host: e.host, Locations: e.locs, Count: e.count, Kind: reports.KindEndpoint, Use: e.use()}
		if why := identifierWhy(p.DB.Endpoints(), e); why != "" {
			ep.Kind, ep.Why = reports.KindIdentifier, why
		}
		owner, name, sdk := owners.Of(e.host)
		ep.Owner, ep.OwnerName = owner, name
		if v := p.DB.Vendor(owner); v != nil {
			ep.OwnerCountry = v.Country
		}
		if sdk != "" {
			ep.SDK = &sdk
		}
		out = append(out, ep)
	}
	return out, nil
}

// exodusName is the name of s's tracker in the Exodus list: that of the
// imported entry a curated one supersedes, else s's own.
func exodusName(db *sdkdb.DB, s *sdkdb.SDK) string {
	for _, x := range db.Superseded() {
		if x.ExodusID == s.ExodusID && x.Name != "" {
			return x.Name
		}
	}
	return s.Name
}
