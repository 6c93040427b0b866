package detect

import (
	"path"
	"strings"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Hosts finds URLs and hosts in DEX strings, resource strings, text assets
// and native libraries. Its result is the endpoints (before owners are
// known) and the host evidence for SDKs.
var Hosts = &analysis.Analyzer{
	Name: "hosts",
	Doc:  "URLs and hosts in DEX strings, resource strings, text assets and native libraries",
	Run:  runHosts,
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
	p   *analysis.Pass
	out *HostsResult
	max int
}

func runHosts(p *analysis.Pass) (any, error) {
	h := &hostScan{p: p, out: &HostsResult{Evidence: NewEvidence(p.Config.MaxEvidence), endpoints: map[string]*endpoint{}}, max: p.Config.MaxLocations}
	if h.max < 1 {
		h.max = 8
	}
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
		locs, _ := p.Index.StringSites(s)
		for _, l := range locs {
			loc := l.String()
			for _, u := range urls {
				h.seenURL(u, loc)
			}
			if host != "" {
				h.seenBareHost(host, loc)
			}
		}
		return p.Ctx.Err() == nil
	})
	textBudget, nativeBudget := int64(maxTextTotal), int64(maxNativeTotal)
	for _, s := range p.App.Splits {
		if s.Resources != nil {
			loc := where(p.App, s, "resources.arsc")
			for _, str := range s.Resources.Strings {
				h.scanText(str, loc, true)
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
				urlsInBinary(data, func(run string) { h.scanText(run, loc, false) })
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
				h.scanText(string(data), loc, false)
			}
		}
	}
	return h.out, p.Ctx.Err()
}

// scanText records the URLs in a text; when whole is true the text is one
// value (a resource string) that may also be a bare host.
func (h *hostScan) scanText(text, loc string, whole bool) {
	for _, u := range extractURLs(text, 1000) {
		h.seenURL(u, loc)
	}
	if whole && !strings.Contains(text, "://") {
		if b := bareHost(text); b != "" {
			h.seenBareHost(b, loc)
		}
	}
}

func (h *hostScan) seenURL(u foundURL, loc string) {
	h.addEndpoint(u.URL, u.Host, loc)
	h.reportHost(h.p.Matcher.MatchHost(u.Host), u.Host, loc)
}

// reportHost records host evidence. A host claimed by one SDK is evidence
// for that SDK; a host several SDKs claim (facebook.com for every Meta SDK
// in the Exodus list) only tells the vendor, so it counts as supporting
// evidence that cannot reveal an SDK on its own (see SDKs).
func (h *hostScan) reportHost(ms []sdkdb.Match, host, loc string) {
	for _, m := range ms {
		h.out.Evidence.Add(m.SDK, reports.Evidence{Channel: reports.ChannelHost, Value: host, Signature: m.Pattern, Location: loc})
		if len(ms) == 1 {
			h.out.Evidence.Record(m.SDK).UniqueHost = true
		}
	}
}

// seenBareHost keeps a bare host ("api.segment.io") only when a network
// signature or a vendor domain claims it: a dotted string alone is too
// often something else.
func (h *hostScan) seenBareHost(host, loc string) {
	ms := h.p.Matcher.MatchHost(host)
	if len(ms) == 0 && h.p.DB.VendorByHost(host) == nil {
		return
	}
	h.addEndpoint("", host, loc)
	h.reportHost(ms, host, loc)
}

// addEndpoint records a URL (or a bare host when url is "") seen at loc.
func (h *hostScan) addEndpoint(url, host, loc string) {
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
	if !e.seen[loc] && len(e.locs) < h.max {
		e.seen[loc] = true
		e.locs = append(e.locs, loc)
	}
}
