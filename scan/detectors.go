package scan

import (
	"path"
	"strings"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Detector is one analysis over a Pass. Detectors run in list order; a
// detector may read what earlier ones recorded (calls reads the SDKs that
// classes found).
type Detector struct {
	Name string
	Doc  string
	Run  func(*Pass)
}

// Detectors is the one explicit list of detectors, in run order.
func Detectors() []Detector {
	return []Detector{
		{"classes", "code signatures over the classes the app defines", detectClasses},
		{"manifest", "components, meta-data keys, provider authorities and permissions that belong to SDKs", detectManifest},
		{"files", "SDK files (version files, config files); version files give exact SDK versions", detectFiles},
		{"resources", "named string resources SDKs leave behind (google_app_id, …)", detectResources},
		{"hosts", "URLs and hosts in DEX strings, resource strings, text assets and native libraries; endpoint owners", detectHosts},
		{"calls", "whether the app's own code calls each SDK (embedded is not used)", detectCalls},
		{"taint", "data flows from sources (URLs, search terms, identifiers…) to SDK and network sinks, with paths (taint.go)", detectTaint},
	}
}

func (p *Pass) where(s *apk.Split, name string) string {
	if s == p.App.Base() {
		return name
	}
	return s.Name + "!" + name
}

func detectClasses(p *Pass) {
	p.sdkClass = map[string]string{}
	var buf []sdkdb.Match
	for ci := range p.Index.Classes {
		name := dex.JavaName(ci.Descriptor)
		buf = p.Matcher.AppendClassMatches(buf[:0], name)
		for _, m := range buf {
			p.Report(m.SDK, reports.Evidence{Channel: reports.ChannelClass, Value: name, Signature: m.Pattern, Location: ci.File})
			if _, ok := p.sdkClass[ci.Descriptor]; !ok {
				p.sdkClass[ci.Descriptor] = m.SDK.ID
			}
		}
	}
}

func detectManifest(p *Pass) {
	for _, s := range p.App.Splits {
		m := s.Manifest
		loc := p.where(s, "AndroidManifest.xml")
		report := func(ms []sdkdb.Match, value, ctx string) {
			for _, x := range ms {
				p.Report(x.SDK, reports.Evidence{Channel: reports.ChannelManifest, Value: value, Signature: x.Pattern, Location: loc + " " + ctx})
			}
		}
		for _, c := range m.Components {
			report(p.Matcher.MatchComponent(c.Name), c.Name, "<"+c.Kind+">")
			for _, a := range c.Authorities {
				report(p.Matcher.MatchAuthority(a), a, "<provider android:authorities>")
			}
		}
		for _, md := range m.MetaData {
			report(p.Matcher.MatchMetaData(md.Name), md.Name, "<meta-data>")
		}
		for _, perm := range m.Permissions {
			report(p.Matcher.MatchPermission(perm), perm, "<uses-permission>")
		}
	}
}

func detectFiles(p *Pass) {
	for _, s := range p.App.Splits {
		for _, e := range s.Archive.Entries() {
			if e.Dir {
				continue
			}
			for _, h := range p.Matcher.MatchFile(e.Name) {
				ev := reports.Evidence{Channel: reports.ChannelFile, Value: e.Name, Signature: h.Pattern, Location: p.where(s, e.Name)}
				if h.HasVersion() {
					var content []byte
					if h.WantsContent() {
						content, _ = s.Archive.ReadEntry(e.Name, sdkdb.MaxVersionContent)
					}
					if v := h.Version(e.Name, content); v != "" {
						ev.Value = e.Name + " = " + v
						p.setVersion(h.SDK, v)
					}
				}
				p.Report(h.SDK, ev)
			}
		}
	}
}

// setVersion keeps the first version found (files are visited in a
// deterministic order), preferring the base split.
func (p *Pass) setVersion(sdk *sdkdb.SDK, v string) {
	if h := p.record(sdk); h.version == "" {
		h.version = v
	}
}

func detectResources(p *Pass) {
	for _, s := range p.App.Splits {
		if s.Resources == nil {
			continue
		}
		for name, val := range s.Resources.Named {
			for _, m := range p.Matcher.MatchResource(name) {
				p.Report(m.SDK, reports.Evidence{Channel: reports.ChannelResource, Value: name + " = " + val, Signature: m.Pattern, Location: p.where(s, "resources.arsc")})
			}
		}
	}
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

func detectHosts(p *Pass) {
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
				p.seenURL(u, loc)
			}
			if host != "" {
				p.seenBareHost(host, loc)
			}
		}
		return true
	})
	textBudget, nativeBudget := int64(maxTextTotal), int64(maxNativeTotal)
	for _, s := range p.App.Splits {
		if s.Resources != nil {
			loc := p.where(s, "resources.arsc")
			for _, str := range s.Resources.Strings {
				p.scanText(str, loc, true)
			}
		}
		for _, e := range s.Archive.Entries() {
			if e.Dir || e.Size == 0 {
				continue
			}
			loc := p.where(s, e.Name)
			ext := strings.ToLower(path.Ext(e.Name))
			switch {
			case strings.HasPrefix(e.Name, "lib/") && ext == ".so":
				if e.Size > maxNativeLib || nativeBudget <= 0 {
					continue
				}
				data, err := s.Archive.ReadEntry(e.Name, maxNativeLib)
				if err != nil {
					p.App.AddProblem(loc, apk.SevWarning, err)
					continue
				}
				nativeBudget -= int64(len(data))
				urlsInBinary(data, func(run string) { p.scanText(run, loc, false) })
			case (strings.HasPrefix(e.Name, "assets/") || strings.HasPrefix(e.Name, "res/raw/")) && textExt[ext]:
				if e.Size > maxTextAsset || textBudget <= 0 {
					continue
				}
				data, err := s.Archive.ReadEntry(e.Name, maxTextAsset)
				if err != nil {
					p.App.AddProblem(loc, apk.SevWarning, err)
					continue
				}
				textBudget -= int64(len(data))
				p.scanText(string(data), loc, false)
			}
		}
	}
}

// scanText records the URLs in a text; when whole is true the text is one
// value (a resource string) that may also be a bare host.
func (p *Pass) scanText(text, loc string, whole bool) {
	for _, u := range extractURLs(text, 1000) {
		p.seenURL(u, loc)
	}
	if whole && !strings.Contains(text, "://") {
		if h := bareHost(text); h != "" {
			p.seenBareHost(h, loc)
		}
	}
}

func (p *Pass) seenURL(u foundURL, loc string) {
	p.AddEndpoint(u.URL, u.Host, loc)
	p.reportHost(p.Matcher.MatchHost(u.Host), u.Host, loc)
}

// reportHost records host evidence. A host claimed by one SDK is evidence
// for that SDK; a host several SDKs claim (facebook.com for every Meta SDK
// in the Exodus list) only tells the vendor, so it counts as supporting
// evidence that cannot reveal an SDK on its own (see keepSDK).
func (p *Pass) reportHost(ms []sdkdb.Match, host, loc string) {
	for _, m := range ms {
		p.Report(m.SDK, reports.Evidence{Channel: reports.ChannelHost, Value: host, Signature: m.Pattern, Location: loc})
		if len(ms) == 1 {
			p.record(m.SDK).uniqueHost = true
		}
	}
}

// seenBareHost keeps a bare host ("api.segment.io") only when a network
// signature or a vendor domain claims it: a dotted string alone is too
// often something else.
func (p *Pass) seenBareHost(h, loc string) {
	ms := p.Matcher.MatchHost(h)
	if len(ms) == 0 && p.vendorForHost(h) == nil {
		return
	}
	p.AddEndpoint("", h, loc)
	p.reportHost(ms, h, loc)
}

// libraryNamespaces are packages of common libraries and of SDK vendors'
// shared code. A call from them into an SDK is one library calling
// another, not the app using the SDK.
var libraryNamespaces = []string{
	"Landroid/", "Landroidx/", "Lcom/android/", "Ljava/", "Ljavax/", "Lkotlin/", "Lkotlinx/", "Ldalvik/",
	"Lcom/google/android/gms/", "Lcom/google/firebase/", "Lcom/google/android/datatransport/", "Lcom/google/common/",
	"Lcom/facebook/", "Lcom/squareup/", "Lokhttp3/", "Lokio/", "Lretrofit2/", "Lio/reactivex/", "Lrx/",
	"Ldagger/", "Lorg/apache/", "Lorg/json/", "Lcom/fasterxml/", "Lcom/bumptech/", "Lio/fabric/", "Lcom/crashlytics/",
	"Lcom/amazonaws/", "Lcom/amplifyframework/",
}

func isLibrary(desc string) bool {
	for _, ns := range libraryNamespaces {
		if strings.HasPrefix(desc, ns) {
			return true
		}
	}
	return false
}

// topPackage returns the first n package segments of a descriptor.
func topPackage(desc string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		j := strings.IndexByte(desc[i:], '/')
		if j < 0 {
			return desc
		}
		i += j + 1
	}
	return desc[:i]
}

func detectCalls(p *Pass) {
	if len(p.sdkClass) == 0 {
		return
	}
	p.Index.Calls(func(c dex.CallSite) bool {
		id, ok := p.sdkClass[c.Callee.Class]
		if !ok {
			return true
		}
		caller := c.Caller.Class
		if _, inSDK := p.sdkClass[caller]; inSDK || isLibrary(caller) || topPackage(caller, 3) == topPackage(c.Callee.Class, 3) {
			return true
		}
		h := p.hits[id]
		h.used = true
		p.Report(h.sdk, reports.Evidence{Channel: reports.ChannelCall, Value: c.Callee.String(), Location: c.Location().String()})
		return true
	})
}
