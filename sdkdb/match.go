package sdkdb

import (
	"net/url"
	"path"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"
)

// Kind names the signature list that produced a match.
type Kind string

// Signature kinds reported in Match.Kind.
const (
	KindPrefix     Kind = "prefix"      // code.prefixes
	KindContains   Kind = "contains"    // code.contains (Exodus semantics)
	KindClassRegex Kind = "class-regex" // code.regexes
	KindHost       Kind = "host"        // network.hosts
	KindHostRegex  Kind = "host-regex"  // network.regexes
	KindComponent  Kind = "component"   // manifest.components
	KindMetaData   Kind = "meta-data"   // manifest.meta_data
	KindAuthority  Kind = "authority"   // manifest.authorities
	KindPermission Kind = "permission"  // manifest.permissions
	KindFile       Kind = "file"        // files
	KindResource   Kind = "resource"    // resources
)

// Match is one SDK matched by one signature. Pattern is the signature
// exactly as written in the database, for evidence.
type Match struct {
	SDK     *SDK
	Kind    Kind
	Pattern string
}

// FileHit is a file matched by a files rule.
type FileHit struct {
	Match
	Rule *FileRule
	vre  *regexp.Regexp
}

// SinkMatch is a telemetry sink of an SDK.
type SinkMatch struct {
	SDK  *SDK
	Sink *Sink
}

// FileVersion is an SDK version read from a file.
type FileVersion struct {
	SDK     *SDK
	Pattern string
	Version string
}

// MaxVersionContent bounds how much file content version extraction reads.
const MaxVersionContent = 4096

// Matcher is the compiled form of a set of SDK entries. It is immutable and
// safe for concurrent use. Results are sorted by SDK id with one Match per
// SDK (the first signature found: prefixes, then contains, then regexes).
type Matcher struct {
	sdks []*SDK

	prefixAut  *automaton
	prefixPats []string
	prefixSDKs [][]*SDK

	searchAut *automaton
	keyLens   []int32
	keyRefs   [][]keyRef
	contains  []containsPat
	regexes   []regexPat
	always    []int32 // regexes without a usable required literal

	hostExact  map[string][]entry
	hostSuffix map[string][]entry
	hostWild   []wildHost
	hostRegex  []regexEntry

	components, metaData, authorities, permissions, resources nameSet

	fileExact map[string][]fileEntry
	fileGlobs []fileEntry

	sinks map[string][]SinkMatch
}

type keyRef struct {
	regex bool
	idx   int32 // index in contains or regexes
	off   int32 // offset of the key inside the contains pattern
}

type containsPat struct {
	pattern string
	sdks    []*SDK
}

type regexPat struct {
	pattern string
	re      *regexp.Regexp
	sdks    []*SDK
}

type entry struct {
	sdk     *SDK
	pattern string
}

type regexEntry struct {
	entry
	re *regexp.Regexp
}

type wildHost struct {
	entry
	labels []string
	suffix bool
}

type fileEntry struct {
	entry
	rule *FileRule
	vre  *regexp.Regexp
}

type nameSet struct {
	exact  map[string][]entry
	prefix []entry // pattern "abc*": literal in entry.pattern[:len-1]
	suffix []entry // pattern "*abc"
}

// NewMatcher compiles sdks. Invalid signatures (bad regexes…) are skipped;
// Validate reports them.
func NewMatcher(sdks []*SDK) *Matcher {
	m := &Matcher{
		sdks:       sdks,
		hostExact:  map[string][]entry{},
		hostSuffix: map[string][]entry{},
		fileExact:  map[string][]fileEntry{},
		sinks:      map[string][]SinkMatch{},
	}
	prefixIdx := map[string]int{}
	containsIdx := map[string]int{}
	regexIdx := map[string]int{}
	for _, s := range sdks {
		for _, p := range s.Code.Prefixes {
			if p == "" {
				continue
			}
			i, ok := prefixIdx[p]
			if !ok {
				i = len(m.prefixPats)
				prefixIdx[p] = i
				m.prefixPats = append(m.prefixPats, p)
				m.prefixSDKs = append(m.prefixSDKs, nil)
			}
			m.prefixSDKs[i] = appendSDK(m.prefixSDKs[i], s)
		}
		for _, p := range s.Code.Contains {
			if containsAnchor(p) == "" {
				continue
			}
			i, ok := containsIdx[p]
			if !ok {
				i = len(m.contains)
				containsIdx[p] = i
				m.contains = append(m.contains, containsPat{pattern: p})
			}
			m.contains[i].sdks = appendSDK(m.contains[i].sdks, s)
		}
		for _, p := range s.Code.Regexes {
			i, ok := regexIdx[p]
			if !ok {
				re, err := regexp.Compile(p)
				if err != nil {
					continue
				}
				i = len(m.regexes)
				regexIdx[p] = i
				m.regexes = append(m.regexes, regexPat{pattern: p, re: re})
			}
			m.regexes[i].sdks = appendSDK(m.regexes[i].sdks, s)
		}
		for _, h := range s.Network.Hosts {
			m.addHost(s, h)
		}
		for _, p := range s.Network.Regexes {
			if re, err := regexp.Compile(p); err == nil {
				m.hostRegex = append(m.hostRegex, regexEntry{entry{s, p}, re})
			}
		}
		m.components.add(s, s.Manifest.Components)
		m.metaData.add(s, s.Manifest.MetaData)
		m.authorities.add(s, s.Manifest.Authorities)
		m.permissions.add(s, s.Manifest.Permissions)
		m.resources.add(s, s.Resources)
		for i := range s.Files {
			r := &s.Files[i]
			fe := fileEntry{entry: entry{s, r.Glob}, rule: r}
			if r.Version != nil && r.Version.Regex != "" {
				re, err := regexp.Compile(r.Version.Regex)
				if err != nil {
					continue
				}
				fe.vre = re
			}
			g := strings.TrimPrefix(r.Glob, "/")
			if !hasGlobMeta(g) {
				m.fileExact[g] = append(m.fileExact[g], fe)
			} else if _, err := path.Match(g, ""); err == nil {
				m.fileGlobs = append(m.fileGlobs, fe)
			}
		}
		for i := range s.Sinks {
			k := sinkKey(s.Sinks[i].Method)
			m.sinks[k] = append(m.sinks[k], SinkMatch{SDK: s, Sink: &s.Sinks[i]})
		}
	}
	if len(m.prefixPats) > 0 {
		m.prefixAut = newAutomaton(m.prefixPats, false)
	}

	// Search automaton keys: the longest literal fragment of every contains
	// pattern and the required literal of every regex.
	var keys []string
	keyIdx := map[string]int{}
	addKey := func(k string, ref keyRef) {
		i, ok := keyIdx[k]
		if !ok {
			i = len(keys)
			keyIdx[k] = i
			keys = append(keys, k)
			m.keyRefs = append(m.keyRefs, nil)
			m.keyLens = append(m.keyLens, int32(len(k)))
		}
		m.keyRefs[i] = append(m.keyRefs[i], ref)
	}
	for i, c := range m.contains {
		k, off := containsAnchorOff(c.pattern)
		addKey(k, keyRef{idx: int32(i), off: int32(off)})
	}
	for i, r := range m.regexes {
		lit := requiredLiteral(r.pattern)
		if len(lit) < 3 {
			m.always = append(m.always, int32(i))
			continue
		}
		addKey(lit, keyRef{regex: true, idx: int32(i)})
	}
	if len(keys) > 0 {
		m.searchAut = newAutomaton(keys, true)
	}
	return m
}

func appendSDK(list []*SDK, s *SDK) []*SDK {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// containsAnchor returns the longest '.'-free fragment of a contains
// pattern ("" if none).
func containsAnchor(p string) string {
	k, _ := containsAnchorOff(p)
	return k
}

func containsAnchorOff(p string) (string, int) {
	best, bestOff := "", 0
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			if i-start > len(best) {
				best, bestOff = p[start:i], start
			}
			start = i + 1
		}
	}
	return best, bestOff
}

// wildMatchAt reports whether pattern pat ('.' = any byte) matches s at start.
func wildMatchAt(s string, start int, pat string) bool {
	if start < 0 || start+len(pat) > len(s) {
		return false
	}
	for i := 0; i < len(pat); i++ {
		if c := pat[i]; c != '.' && s[start+i] != c {
			return false
		}
	}
	return true
}

// wildContains reports whether pattern pat ('.' = any byte) occurs in s.
func wildContains(s, pat string) bool {
	for i := 0; i+len(pat) <= len(s); i++ {
		if wildMatchAt(s, i, pat) {
			return true
		}
	}
	return false
}

// requiredLiteral returns a literal string every match of the RE2 regex re
// must contain (the longest one found), or "".
func requiredLiteral(re string) string {
	p, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return ""
	}
	return longestLiteral(p.Simplify())
}

func longestLiteral(r *syntax.Regexp) string {
	switch r.Op {
	case syntax.OpLiteral:
		if r.Flags&syntax.FoldCase != 0 {
			return ""
		}
		for _, c := range r.Rune {
			if c >= utf8.RuneSelf {
				return ""
			}
		}
		return string(r.Rune)
	case syntax.OpCapture, syntax.OpPlus:
		return longestLiteral(r.Sub[0])
	case syntax.OpRepeat:
		if r.Min >= 1 {
			return longestLiteral(r.Sub[0])
		}
	case syntax.OpConcat:
		best := ""
		for _, s := range r.Sub {
			if l := longestLiteral(s); len(l) > len(best) {
				best = l
			}
		}
		return best
	}
	return ""
}

// addMatch appends a match unless dst[base:] already has one for sdk.
func addMatch(dst []Match, base int, sdk *SDK, kind Kind, pattern string) []Match {
	for i := base; i < len(dst); i++ {
		if dst[i].SDK == sdk {
			return dst
		}
	}
	return append(dst, Match{SDK: sdk, Kind: kind, Pattern: pattern})
}

func sortMatches(ms []Match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].SDK.ID < ms[j-1].SDK.ID; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// MatchClass returns the SDKs whose code signatures match a class name in
// dotted Java form ("com.flurry.android.FlurryAgent", inner classes with
// '$'). A type descriptor ("Lcom/flurry/android/FlurryAgent;") is accepted
// too. It returns nil when nothing matches (no allocation).
func (m *Matcher) MatchClass(javaName string) []Match {
	return m.AppendClassMatches(nil, javaName)
}

// AppendClassMatches is MatchClass appending to dst (for reuse of buffers).
func (m *Matcher) AppendClassMatches(dst []Match, name string) []Match {
	if len(name) > 2 && name[0] == 'L' && name[len(name)-1] == ';' {
		name = JavaClassName(name)
	}
	base := len(dst)
	if a := m.prefixAut; a != nil {
		n := a.ncls
		s := int32(0)
		for i := 0; i < len(name); i++ {
			c := int32(a.cls[name[i]])
			if c == 0 {
				break
			}
			s = a.next[s*n+c]
			if s < 0 {
				break
			}
			if a.hot[s] {
				for _, pid := range a.outputs(s) {
					for _, sdk := range m.prefixSDKs[pid] {
						dst = addMatch(dst, base, sdk, KindPrefix, m.prefixPats[pid])
					}
				}
			}
		}
	}
	var evaluated [8]int32
	nev := 0
	if a := m.searchAut; a != nil {
		n := a.ncls
		s := int32(0)
		for i := 0; i < len(name); i++ {
			s = a.next[s*n+int32(a.cls[name[i]])]
			if !a.hot[s] {
				continue
			}
			end := i + 1
			for st := s; st >= 0; st = a.dict[st] {
				for _, kid := range a.outputs(st) {
					klen := int(m.keyLens[kid])
					for _, ref := range m.keyRefs[kid] {
						if ref.regex {
							seen := false
							for j := 0; j < nev; j++ {
								if evaluated[j] == ref.idx {
									seen = true
									break
								}
							}
							if seen {
								continue
							}
							if nev < len(evaluated) {
								evaluated[nev] = ref.idx
								nev++
							}
							r := &m.regexes[ref.idx]
							if r.re.MatchString(name) {
								for _, sdk := range r.sdks {
									dst = addMatch(dst, base, sdk, KindClassRegex, r.pattern)
								}
							}
							continue
						}
						c := &m.contains[ref.idx]
						if wildMatchAt(name, end-klen-int(ref.off), c.pattern) {
							for _, sdk := range c.sdks {
								dst = addMatch(dst, base, sdk, KindContains, c.pattern)
							}
						}
					}
				}
			}
		}
	}
	for _, ri := range m.always {
		r := &m.regexes[ri]
		if r.re.MatchString(name) {
			for _, sdk := range r.sdks {
				dst = addMatch(dst, base, sdk, KindClassRegex, r.pattern)
			}
		}
	}
	if len(dst)-base > 1 {
		sortMatches(dst[base:])
	}
	return dst
}

// ---- hosts ----

func (m *Matcher) addHost(s *SDK, h string) {
	if h == "" {
		return
	}
	p := strings.ToLower(h)
	suffix := strings.HasPrefix(p, ".")
	body := strings.TrimPrefix(p, ".")
	if strings.Contains(body, "*") {
		m.hostWild = append(m.hostWild, wildHost{entry: entry{s, h}, labels: strings.Split(body, "."), suffix: suffix})
		return
	}
	if suffix {
		m.hostSuffix[body] = append(m.hostSuffix[body], entry{s, h})
	} else {
		m.hostExact[body] = append(m.hostExact[body], entry{s, h})
	}
}

// NormalizeHost lower-cases a host and strips a scheme, credentials, port,
// path and trailing dot, so "https://API.Segment.io:443/v1" → "api.segment.io".
func NormalizeHost(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			h = h[1:i]
		}
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.Count(h, ":") == 1 {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	for i := 0; i < len(h); i++ {
		if c := h[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(h)
		}
	}
	return h
}

// MatchHost returns the SDKs whose network signatures match a host name
// (normalised with NormalizeHost): exact hosts, suffixes on a label
// boundary, one-label wildcards, then host regexes.
func (m *Matcher) MatchHost(host string) []Match {
	h := NormalizeHost(host)
	if h == "" {
		return nil
	}
	var dst []Match
	for _, e := range m.hostExact[h] {
		dst = addMatch(dst, 0, e.sdk, KindHost, e.pattern)
	}
	for s := h; ; {
		for _, e := range m.hostSuffix[s] {
			dst = addMatch(dst, 0, e.sdk, KindHost, e.pattern)
		}
		i := strings.IndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[i+1:]
	}
	if len(m.hostWild) > 0 {
		labels := strings.Split(h, ".")
		for _, w := range m.hostWild {
			if wildHostMatch(w.labels, w.suffix, labels) {
				dst = addMatch(dst, 0, w.sdk, KindHost, w.pattern)
			}
		}
	}
	for _, r := range m.hostRegex {
		if r.re.MatchString(h) {
			dst = addMatch(dst, 0, r.sdk, KindHostRegex, r.pattern)
		}
	}
	sortMatches(dst)
	return dst
}

func wildHostMatch(pat []string, suffix bool, host []string) bool {
	if len(host) < len(pat) || (!suffix && len(host) != len(pat)) {
		return false
	}
	off := len(host) - len(pat)
	for i, p := range pat {
		if p != "*" && p != host[off+i] {
			return false
		}
	}
	return true
}

// MatchURL matches the URL's host like MatchHost and additionally searches
// the network regexes in the whole URL (Exodus network signatures may
// contain ports or paths).
func (m *Matcher) MatchURL(rawURL string) []Match {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = u.Host
	}
	dst := m.MatchHost(host)
	for _, r := range m.hostRegex {
		if r.re.MatchString(rawURL) {
			dst = addMatch(dst, 0, r.sdk, KindHostRegex, r.pattern)
		}
	}
	sortMatches(dst)
	return dst
}

// ---- manifest, resources ----

func (ns *nameSet) add(s *SDK, pats []string) {
	for _, p := range pats {
		switch {
		case p == "" || p == "*":
		case strings.HasSuffix(p, "*"):
			ns.prefix = append(ns.prefix, entry{s, p})
		case strings.HasPrefix(p, "*"):
			ns.suffix = append(ns.suffix, entry{s, p})
		default:
			if ns.exact == nil {
				ns.exact = map[string][]entry{}
			}
			ns.exact[p] = append(ns.exact[p], entry{s, p})
		}
	}
}

func (ns *nameSet) match(name string, kind Kind) []Match {
	var dst []Match
	for _, e := range ns.exact[name] {
		dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
	}
	for _, e := range ns.prefix {
		if strings.HasPrefix(name, e.pattern[:len(e.pattern)-1]) {
			dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
		}
	}
	for _, e := range ns.suffix {
		if strings.HasSuffix(name, e.pattern[1:]) {
			dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
		}
	}
	sortMatches(dst)
	return dst
}

// MatchComponent matches a fully qualified component class name
// (activity, service, receiver, provider).
func (m *Matcher) MatchComponent(className string) []Match {
	return m.components.match(JavaClassName(className), KindComponent)
}

// MatchMetaData matches a <meta-data android:name> key.
func (m *Matcher) MatchMetaData(key string) []Match { return m.metaData.match(key, KindMetaData) }

// MatchAuthority matches a content-provider authority. An authorities
// attribute may list several authorities separated by ';'; each is matched.
func (m *Matcher) MatchAuthority(authority string) []Match {
	if !strings.Contains(authority, ";") {
		return m.authorities.match(authority, KindAuthority)
	}
	var dst []Match
	for _, a := range strings.Split(authority, ";") {
		for _, x := range m.authorities.match(strings.TrimSpace(a), KindAuthority) {
			dst = addMatch(dst, 0, x.SDK, x.Kind, x.Pattern)
		}
	}
	sortMatches(dst)
	return dst
}

// MatchPermission matches a permission name (uses-permission or permission).
func (m *Matcher) MatchPermission(name string) []Match {
	return m.permissions.match(name, KindPermission)
}

// MatchResource matches a resource entry name such as "google_app_id". A
// qualified name ("string/google_app_id", "@string/x", "pkg:string/x") is
// reduced to the entry name first.
func (m *Matcher) MatchResource(name string) []Match {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return m.resources.match(name, KindResource)
}

// ---- files ----

func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[\\") }

// MatchFile matches a path inside the APK ("META-INF/x.version",
// "assets/amplifyconfiguration.json").
func (m *Matcher) MatchFile(p string) []*FileHit {
	p = strings.TrimPrefix(p, "/")
	var hits []*FileHit
	add := func(fe fileEntry) {
		for _, h := range hits {
			if h.SDK == fe.sdk {
				return
			}
		}
		hits = append(hits, &FileHit{Match: Match{SDK: fe.sdk, Kind: KindFile, Pattern: fe.pattern}, Rule: fe.rule, vre: fe.vre})
	}
	for _, fe := range m.fileExact[p] {
		add(fe)
	}
	for _, fe := range m.fileGlobs {
		if ok, _ := path.Match(strings.TrimPrefix(fe.pattern, "/"), p); ok {
			add(fe)
		}
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].SDK.ID < hits[j-1].SDK.ID; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	return hits
}

// WantsContent reports whether Version needs the file content.
func (h *FileHit) WantsContent() bool {
	return h.Rule != nil && h.Rule.Version != nil && h.Rule.Version.From != "path"
}

// HasVersion reports whether the rule carries a version capture rule.
func (h *FileHit) HasVersion() bool { return h.Rule != nil && h.Rule.Version != nil }

// Version extracts the SDK version for this hit from the file path and its
// content (only the first MaxVersionContent bytes are read). It returns ""
// when the rule has no version capture or nothing usable is found.
func (h *FileHit) Version(filePath string, content []byte) string {
	if !h.HasVersion() {
		return ""
	}
	src := filePath
	if h.Rule.Version.From != "path" {
		if len(content) > MaxVersionContent {
			content = content[:MaxVersionContent]
		}
		src = string(content)
	}
	if h.vre != nil {
		sm := h.vre.FindStringSubmatch(src)
		if len(sm) < 2 {
			return ""
		}
		return cleanVersion(sm[1])
	}
	if h.Rule.Version.From == "path" {
		return ""
	}
	for _, line := range strings.Split(src, "\n") {
		if l := strings.TrimSpace(line); l != "" {
			return cleanVersion(l)
		}
	}
	return ""
}

// cleanVersion trims and bounds a version string; it returns "" for values
// that do not look like versions (binary data, very long lines).
func cleanVersion(v string) string {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "\ufeff"))
	if v == "" || len(v) > 64 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			return ""
		}
	}
	return v
}

// FileVersions is MatchFile followed by Version for every hit that has a
// version rule: given a path and its (bounded) content it returns the SDK
// versions found. Hits without a version rule are not returned.
func (m *Matcher) FileVersions(filePath string, content []byte) []FileVersion {
	var out []FileVersion
	for _, h := range m.MatchFile(filePath) {
		if !h.HasVersion() {
			continue
		}
		if v := h.Version(filePath, content); v != "" {
			out = append(out, FileVersion{SDK: h.SDK, Pattern: h.Pattern, Version: v})
		}
	}
	return out
}

// ---- sinks ----

// SinksFor returns the telemetry sinks declared for a smali method
// reference ("Lcom/x/Y;->m(Ljava/lang/String;)V"); the return type is
// ignored. The returned slice is shared: do not modify it.
func (m *Matcher) SinksFor(methodRef string) []SinkMatch {
	return m.sinks[sinkKey(methodRef)]
}

// SinkClasses returns every class descriptor that declares at least one
// sink (useful to pre-filter invoke instructions).
func (m *Matcher) SinkClasses() []string {
	seen := map[string]bool{}
	var out []string
	for k := range m.sinks {
		if i := strings.Index(k, "->"); i > 0 && !seen[k[:i]] {
			seen[k[:i]] = true
			out = append(out, k[:i])
		}
	}
	sort.Strings(out)
	return out
}
