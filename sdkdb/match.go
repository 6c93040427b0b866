package sdkdb

import (
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
	KindString     Kind = "string"      // code.strings
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
// SDK (the first signature found: prefixes, then contains, then regexes;
// but a required signature before a plain one before a weak one, see
// EvidenceRules).
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

	codeStrings map[string][]entry
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
		sdks:        sdks,
		hostExact:   map[string][]entry{},
		hostSuffix:  map[string][]entry{},
		fileExact:   map[string][]fileEntry{},
		sinks:       map[string][]SinkMatch{},
		codeStrings: map[string][]entry{},
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
		for _, c := range s.Code.Strings {
			if c != "" && !entryHas(m.codeStrings[c], s) {
				m.codeStrings[c] = append(m.codeStrings[c], entry{s, c})
			}
		}
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

// addMatch appends a match unless dst[base:] already has one for sdk; the
// one kept is the first found unless the SDK's evidence rules rank the new
// signature higher (required over plain over weak).
func addMatch(dst []Match, base int, sdk *SDK, kind Kind, pattern string) []Match {
	for i := base; i < len(dst); i++ {
		if dst[i].SDK == sdk {
			if !sdk.Evidence.empty() && sdk.rank(kind, pattern) > sdk.rank(dst[i].Kind, dst[i].Pattern) {
				dst[i].Kind, dst[i].Pattern = kind, pattern
			}
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

func entryHas(es []entry, s *SDK) bool {
	for _, e := range es {
		if e.sdk == s {
			return true
		}
	}
	return false
}

// MatchString returns the SDKs whose code.strings hold exactly str (a
// string constant of code), in SDK id order.
func (m *Matcher) MatchString(str string) []Match {
	es := m.codeStrings[str]
	if len(es) == 0 {
		return nil
	}
	out := make([]Match, 0, len(es))
	for _, e := range es {
		out = append(out, Match{SDK: e.sdk, Kind: KindString, Pattern: e.pattern})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SDK.ID < out[j].SDK.ID })
	return out
}
