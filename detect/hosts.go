package detect

import (
	"path"
	"strings"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Hosts finds URLs and hosts in DEX strings, resource strings, text assets
// and native libraries. Its result is the endpoints (before owners are
// known), how each is used (a local def-use over the bytecode at every
// code site: see uses.go) and the host evidence for SDKs.
//
// A host string inside the classes of an SDK, or of a library namespace,
// is evidence only for the SDK that owns the class: google-analytics.com
// in Firebase Analytics' own code, or in androidx.test's usage tracker,
// does not reveal Google Analytics.
var Hosts = &analysis.Analyzer{
	Name:     "hosts",
	Doc:      "URLs and hosts in DEX strings, resource strings, text assets and native libraries, and how code uses them",
	Requires: []*analysis.Analyzer{Classes},
	Run:      runHosts,
}

// HostsResult is the result of Hosts.
type HostsResult struct {
	Evidence  *Evidence
	endpoints map[string]*endpoint // by URL or "host:"+host
	order     []string             // keys in first-seen order
}

type endpoint struct {
	url, host string
	locs      []string
	seen      map[string]bool
	count     int
	// How the sites use it: network (a code site passes it to a network
	// API), config (a resource string or text asset), code sites whose
	// constant only reaches message APIs or is a sentence around the link,
	// and all code sites.
	network, config         bool
	messageSites, codeSites int
}

// site is what one location says about a string.
type site struct {
	loc string
	// code: a DEX code or field site; use and prose are then set.
	code  bool
	use   siteUse
	prose bool
	// config: a resource string or a text asset.
	config bool
	// owners: the SDKs whose code signatures match the class of a DEX
	// site; lib: the class is in a library namespace.
	owners map[string]bool
	lib    bool
}

// Text assets worth reading for URLs; everything else in assets/ and
// res/raw/ is read only if it is small and looks like text.
var textExt = map[string]bool{
	".json": true, ".html": true, ".htm": true, ".js": true, ".xml": true, ".txt": true, ".properties": true,
	".cfg": true, ".conf": true, ".yaml": true, ".yml": true, ".ini": true, ".plist": true, ".csv": true, ".css": true,
}

const (
	maxTextAsset   = 8 << 20
	maxTextTotal   = 64 << 20
	maxNativeLib   = 64 << 20
	maxNativeTotal = 256 << 20
)

type hostScan struct {
	p      *analysis.Pass
	out    *HostsResult
	max    int
	code   *codeFinder
	owners map[string]map[string]bool // class descriptor → SDK ids of its code signatures
	buf    []sdkdb.Match
}

func runHosts(p *analysis.Pass) (any, error) {
	h := &hostScan{p: p, out: &HostsResult{Evidence: NewEvidence(p.Config.MaxEvidence), endpoints: map[string]*endpoint{}}, max: p.Config.MaxLocations,
		code: newCodeFinder(p.Code), owners: map[string]map[string]bool{}}
	if h.max < 1 {
		h.max = 8
	}
	spec := p.DB.Endpoints()
	// DEX: each unique string once, then its recorded sites.
	p.Index.UniqueStrings(func(s string, total int) bool {
		urls := extractURLs(s, 16)
		host := ""
		if urls == nil {
			host = bareHost(s)
			if host == "" {
				return true
			}
		}
		prose := urls != nil && isProse(s)
		locs, _ := p.Index.StringSites(s)
		for _, l := range locs {
			st := site{loc: l.String(), code: true, prose: prose, use: useUnknown}
			if l.PC >= 0 {
				st.use = h.code.use(l, spec)
			}
			if l.Class != "" {
				st.owners = h.classOwners(l.Class)
				st.lib = IsLibrary(p.DB, l.Class)
			}
			for _, u := range urls {
				h.seenURL(u, st)
			}
			if host != "" {
				h.seenBareHost(host, st)
			}
		}
		return p.Ctx.Err() == nil
	})
	textBudget, nativeBudget := int64(maxTextTotal), int64(maxNativeTotal)
	for _, s := range p.App.Splits {
		if s.Resources != nil {
			loc := where(p.App, s, "resources.arsc")
			for _, str := range s.Resources.Strings {
				h.scanText(str, site{loc: loc, config: true}, true)
			}
		}
		for _, e := range s.Archive.Entries() {
			if p.Ctx.Err() != nil {
				return h.out, p.Ctx.Err()
			}
			if e.Dir || e.Size == 0 {
				continue
			}
			loc := where(p.App, s, e.Name)
			ext := strings.ToLower(path.Ext(e.Name))
			switch {
			case strings.HasPrefix(e.Name, "lib/") && ext == ".so":
				if e.Size > maxNativeLib || nativeBudget <= 0 {
					continue
				}
				data, err := s.Archive.ReadEntry(e.Name, maxNativeLib)
				if err != nil {
					p.Problem(loc, apk.SevWarning, err)
					continue
				}
				nativeBudget -= int64(len(data))
				urlsInBinary(data, func(run string) { h.scanText(run, site{loc: loc}, false) })
			case (strings.HasPrefix(e.Name, "assets/") || strings.HasPrefix(e.Name, "res/raw/")) && textExt[ext]:
				if e.Size > maxTextAsset || textBudget <= 0 {
					continue
				}
				data, err := s.Archive.ReadEntry(e.Name, maxTextAsset)
				if err != nil {
					p.Problem(loc, apk.SevWarning, err)
					continue
				}
				textBudget -= int64(len(data))
				h.scanText(string(data), site{loc: loc, config: true}, false)
			}
		}
	}
	return h.out, p.Ctx.Err()
}

// scanText records the URLs in a text; when whole is true the text is one
// value (a resource string) that may also be a bare host.
func (h *hostScan) scanText(text string, st site, whole bool) {
	for _, u := range extractURLs(text, 1000) {
		h.seenURL(u, st)
	}
	if whole && !strings.Contains(text, "://") {
		if b := bareHost(text); b != "" {
			h.seenBareHost(b, st)
		}
	}
}

func (h *hostScan) seenURL(u foundURL, st site) {
	h.addEndpoint(u.URL, u.Host, st)
	h.reportHost(h.p.Matcher.MatchHost(u.Host), u.Host, st)
}

// classOwners returns the SDKs whose code signatures match a class (all
// of them, not only the first that Classes attributes it to).
func (h *hostScan) classOwners(desc string) map[string]bool {
	if o, ok := h.owners[desc]; ok {
		return o
	}
	var o map[string]bool
	h.buf = h.p.Matcher.AppendClassMatches(h.buf[:0], dex.JavaName(desc))
	for _, m := range h.buf {
		if o == nil {
			o = map[string]bool{}
		}
		o[m.SDK.ID] = true
	}
	h.owners[desc] = o
	return o
}

// reportHost records host evidence. A host claimed by one SDK is evidence
// for that SDK; a host several SDKs claim (facebook.com for every Meta SDK
// in the Exodus list) only tells the vendor, so it counts as supporting
// evidence that cannot reveal an SDK on its own (see SDKs).
//
// A host in a class that belongs to SDKs is evidence only for those of
// them that claim it; in a library class that no SDK owns it is evidence
// for none (see Hosts).
func (h *hostScan) reportHost(ms []sdkdb.Match, host string, st site) {
	for _, m := range ms {
		if st.owners != nil && !st.owners[m.SDK.ID] || st.owners == nil && st.lib {
			continue
		}
		h.out.Evidence.Add(m.SDK, reports.Evidence{Channel: reports.ChannelHost, Value: host, Signature: m.Pattern, Location: st.loc})
		if len(ms) == 1 {
			h.out.Evidence.Record(m.SDK).UniqueHost = true
		}
	}
}

// seenBareHost keeps a bare host ("api.segment.io") only when a network
// signature or a vendor domain claims it: a dotted string alone is too
// often something else.
func (h *hostScan) seenBareHost(host string, st site) {
	ms := h.p.Matcher.MatchHost(host)
	if len(ms) == 0 && h.p.DB.VendorByHost(host) == nil {
		return
	}
	h.addEndpoint("", host, st)
	h.reportHost(ms, host, st)
}

// addEndpoint records a URL (or a bare host when url is "") seen at a site.
func (h *hostScan) addEndpoint(url, host string, st site) {
	loc := st.loc
	key := url
	if key == "" {
		key = "host:" + host
	}
	e := h.out.endpoints[key]
	if e == nil {
		e = &endpoint{url: url, host: host, seen: map[string]bool{}}
		h.out.endpoints[key] = e
		h.out.order = append(h.out.order, key)
	}
	e.count++
	switch {
	case st.code:
		e.codeSites++
		switch {
		case st.use == useNetwork:
			e.network = true
		case st.use == useMessage, st.prose && st.use == useOther:
			e.messageSites++
		}
	case st.config:
		e.config = true
	}
	if !e.seen[loc] && len(e.locs) < h.max {
		e.seen[loc] = true
		e.locs = append(e.locs, loc)
	}
}
