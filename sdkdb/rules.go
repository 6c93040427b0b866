package sdkdb

import (
	"fmt"
	"strings"
)

// Evidence channels, named as package reports names them (sdkdb does not
// import reports; a test in detect checks that the names agree).
const (
	ChannelClass    = "class"    // code signatures
	ChannelManifest = "manifest" // components, meta-data, authorities, permissions
	ChannelFile     = "file"     // files
	ChannelResource = "resource" // resources
	ChannelHost     = "host"     // network signatures
	ChannelCall     = "call"     // the app's own code calls the SDK (never reveals one)
	// ChannelRenamed: an R8-renamed class attributed to the SDK because its
	// code holds one of the SDK's code.strings (medium alone, never high).
	ChannelRenamed = "renamed"
)

// Confidence levels returned by Decide.
const (
	ConfidenceHigh   = "high"
	ConfidenceMedium = "medium"
	ConfidenceLow    = "low"
)

// EvidenceRules say how much evidence from an entry's own signatures
// weighs. Both lists name signatures of the same entry, exactly as they are
// written in it (see SignatureRef).
//
//   - Weak signatures cannot reveal the SDK: other SDKs or build tools
//     bring the same class, permission or resource. Their evidence is
//     reported (marked weak) when the SDK is revealed by other evidence,
//     and never raises the confidence.
//   - Requires: the SDK is revealed only when at least one of these
//     signatures matched (FCM needs its messaging classes or its service
//     component, not just a push permission). Unmet, the SDK is not listed.
type EvidenceRules struct {
	Weak     []SignatureRef `yaml:"weak,omitempty" json:"weak,omitempty"`
	Requires []SignatureRef `yaml:"requires,omitempty" json:"requires,omitempty"`
}

func (r *EvidenceRules) empty() bool { return len(r.Weak) == 0 && len(r.Requires) == 0 }

// SignatureRef names one signature of the entry; exactly one field is set.
type SignatureRef struct {
	Class      string `yaml:"class,omitempty" json:"class,omitempty"` // a code prefix, contains pattern or regex
	Host       string `yaml:"host,omitempty" json:"host,omitempty"`   // a network host pattern or regex
	Component  string `yaml:"component,omitempty" json:"component,omitempty"`
	MetaData   string `yaml:"meta_data,omitempty" json:"meta_data,omitempty"`
	Authority  string `yaml:"authority,omitempty" json:"authority,omitempty"`
	Permission string `yaml:"permission,omitempty" json:"permission,omitempty"`
	File       string `yaml:"file,omitempty" json:"file,omitempty"` // a files glob
	Resource   string `yaml:"resource,omitempty" json:"resource,omitempty"`
}

// kind returns the single set field and its value ("" when zero or more
// than one field is set).
func (r SignatureRef) kind() (string, string) {
	var k, v string
	n := 0
	for _, f := range [...]struct{ k, v string }{
		{"class", r.Class}, {"host", r.Host}, {"component", r.Component}, {"meta_data", r.MetaData},
		{"authority", r.Authority}, {"permission", r.Permission}, {"file", r.File}, {"resource", r.Resource},
	} {
		if f.v != "" {
			n++
			k, v = f.k, f.v
		}
	}
	if n != 1 {
		return "", ""
	}
	return k, v
}

// String renders the reference as "kind: value".
func (r SignatureRef) String() string {
	if k, v := r.kind(); k != "" {
		return k + ": " + v
	}
	type plain SignatureRef // without the String method
	return fmt.Sprintf("%+v", plain(r))
}

// refChannel is the evidence channel of a SignatureRef field.
func refChannel(field string) string {
	switch field {
	case "class":
		return ChannelClass
	case "host":
		return ChannelHost
	case "file":
		return ChannelFile
	case "resource":
		return ChannelResource
	case "component", "meta_data", "authority", "permission":
		return ChannelManifest
	}
	return ""
}

// signatures returns the entry's patterns a SignatureRef field can name.
func (s *SDK) signatures(field string) []string {
	switch field {
	case "class":
		return concat(s.Code.Prefixes, s.Code.Contains, s.Code.Regexes)
	case "host":
		return concat(s.Network.Hosts, s.Network.Regexes)
	case "component":
		return s.Manifest.Components
	case "meta_data":
		return s.Manifest.MetaData
	case "authority":
		return s.Manifest.Authorities
	case "permission":
		return s.Manifest.Permissions
	case "file":
		globs := make([]string, len(s.Files))
		for i, f := range s.Files {
			globs[i] = f.Glob
		}
		return globs
	case "resource":
		return s.Resources
	}
	return nil
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// KindChannel returns the evidence channel of a match kind.
func KindChannel(k Kind) string {
	switch k {
	case KindPrefix, KindContains, KindClassRegex:
		return ChannelClass
	case KindHost, KindHostRegex:
		return ChannelHost
	case KindComponent, KindMetaData, KindAuthority, KindPermission:
		return ChannelManifest
	case KindFile:
		return ChannelFile
	case KindResource:
		return ChannelResource
	case KindString:
		return ChannelRenamed
	}
	return ""
}

func refsName(refs []SignatureRef, channel, pattern string) bool {
	for _, r := range refs {
		if k, v := r.kind(); v == pattern && refChannel(k) == channel {
			return true
		}
	}
	return false
}

// Weigh says how evidence produced by the signature pattern (as written in
// the entry) on an evidence channel counts for s: weak (cannot reveal the
// SDK) and/or required (satisfies the requires rule).
func (s *SDK) Weigh(channel, pattern string) (weak, required bool) {
	if s.Evidence.empty() || pattern == "" {
		return false, false
	}
	return refsName(s.Evidence.Weak, channel, pattern), refsName(s.Evidence.Requires, channel, pattern)
}

// rank orders the signatures of s that match the same thing: a required
// one (2) before a plain one (1) before a weak one (0), so that a class
// matching both a weak package prefix and a required class name counts as
// required.
func (s *SDK) rank(kind Kind, pattern string) int {
	weak, req := s.Weigh(KindChannel(kind), pattern)
	switch {
	case req:
		return 2
	case weak:
		return 0
	}
	return 1
}

// Tally is the evidence found for one SDK in one app, as Decide needs it.
type Tally struct {
	// Strong and Weak count evidence items per channel (ChannelCall is
	// ignored).
	Strong, Weak map[string]int
	// Required: a signature of the requires rule matched.
	Required bool
	// UniqueHost: a host that only this SDK claims was seen.
	UniqueHost bool
}

// Add counts one evidence item produced by the signature pattern on a
// channel and reports whether it is weak.
func (t *Tally) Add(s *SDK, channel, pattern string) (weak bool) {
	weak, req := s.Weigh(channel, pattern)
	m := &t.Strong
	if weak {
		m = &t.Weak
	}
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[channel]++
	t.Required = t.Required || req
	return weak
}

// Decide tells whether the evidence reveals the SDK and how sure that is.
//
//   - With a requires rule, one of its signatures must have matched.
//   - Weak evidence is ignored: it neither reveals nor raises confidence.
//   - A class, manifest, file or resource match reveals the SDK; host
//     strings alone do only for a curated entry when a host that no other
//     SDK claims was seen (imported Exodus network signatures name
//     vendor-wide domains).
//   - high: a class match, or two independent channels; medium: a
//     manifest entry, SDK file or named resource alone; low: hosts alone.
//     So a resource, a permission or a host alone is never high.
func (s *SDK) Decide(t Tally) (keep bool, confidence string) {
	if len(s.Evidence.Requires) > 0 && !t.Required {
		return false, ""
	}
	kinds, reveals := 0, false
	for ch, n := range t.Strong {
		if n <= 0 || ch == ChannelCall {
			continue
		}
		kinds++
		if ch != ChannelHost {
			reveals = true
		}
	}
	if !reveals && !(t.UniqueHost && t.Strong[ChannelHost] > 0 && !s.Imported()) {
		return false, ""
	}
	switch {
	case t.Strong[ChannelClass] > 0 || kinds >= 2:
		return true, ConfidenceHigh
	case t.Strong[ChannelManifest] > 0 || t.Strong[ChannelFile] > 0 || t.Strong[ChannelResource] > 0 || t.Strong[ChannelRenamed] > 0:
		return true, ConfidenceMedium
	}
	return true, ConfidenceLow
}

// DecisionSample is a test vector of an entry's evidence rules: when
// exactly the things in Seen are found, the decision must be Want.
type DecisionSample struct {
	// Seen are observations (a class name, a permission, a resource name, a
	// host…; not methods). Each must match the entry.
	Seen []Sample `yaml:"seen" json:"seen"`
	// Want is "none" (not revealed), "low", "medium" or "high".
	Want string `yaml:"want" json:"want"`
}

// DecisionNone is DecisionSample.Want for "not revealed".
const DecisionNone = "none"

// decide runs a decision sample through the matcher and Decide.
func (m *Matcher) decide(s *SDK, d DecisionSample) (string, error) {
	var t Tally
	for _, smp := range d.Seen {
		kind, val := smp.kind()
		var ms []Match
		switch kind {
		case "", "method":
			return "", fmt.Errorf("seen %s: want exactly one of class, host, url, component, meta_data, authority, permission, file, resource, string", smp)
		case "file":
			for _, h := range m.MatchFile(val) {
				ms = append(ms, h.Match)
			}
		default:
			var ok bool
			if ms, ok = m.matchNames(kind, val); !ok {
				return "", fmt.Errorf("seen %s: unsupported", smp)
			}
		}
		var hit *Match
		for i := range ms {
			if ms[i].SDK == s {
				hit = &ms[i]
			}
		}
		if hit == nil {
			return "", fmt.Errorf("seen %s does not match this entry (matched: %s)", smp, matchIDs(ms))
		}
		ch := KindChannel(hit.Kind)
		t.Add(s, ch, hit.Pattern)
		if ch == ChannelHost && len(ms) == 1 {
			t.UniqueHost = true
		}
	}
	keep, conf := s.Decide(t)
	if !keep {
		return DecisionNone, nil
	}
	return conf, nil
}

func (m *Matcher) matchNames(kind, val string) ([]Match, bool) {
	switch kind {
	case "class":
		return m.MatchClass(val), true
	case "host":
		return m.MatchHost(val), true
	case "url":
		return m.MatchURL(val), true
	case "component":
		return m.MatchComponent(val), true
	case "meta_data":
		return m.MatchMetaData(val), true
	case "authority":
		return m.MatchAuthority(val), true
	case "permission":
		return m.MatchPermission(val), true
	case "resource":
		return m.MatchResource(val), true
	case "string":
		return m.MatchString(val), true
	}
	return nil, false
}

func matchIDs(ms []Match) string {
	ids := make([]string, len(ms))
	for i, x := range ms {
		ids[i] = x.SDK.ID
	}
	if len(ids) == 0 {
		return "nothing"
	}
	return strings.Join(ids, ", ")
}

// validateRules checks an entry's family and evidence rules (the parts
// that need only the entry itself and the ids of the database).
func (db *DB) validateRules(s *SDK, add func(format string, args ...any)) {
	if f := s.Family; f != "" {
		switch fam := db.byID[f]; {
		case f == s.ID:
			add("family %q is the entry itself", f)
		case fam == nil:
			add("family %q: no such entry", f)
		case fam.Family != "":
			add("family %q is itself a member of family %q (families do not nest)", f, fam.Family)
		default:
			// The family's signatures count for the family only: a member
			// may keep one as weak evidence, never as revealing evidence.
			for _, field := range []string{"component", "meta_data", "authority", "permission", "resource"} {
				for _, p := range s.signatures(field) {
					if hasString(fam.signatures(field), p) {
						if weak, _ := s.Weigh(refChannel(field), p); !weak {
							add("%s %q belongs to family %s: remove it or mark it weak", strings.ReplaceAll(field, "_", "-"), p, f)
						}
					}
				}
			}
		}
	}
	seen := map[string]string{}
	check := func(list string, refs []SignatureRef) {
		for _, r := range refs {
			k, v := r.kind()
			if k == "" {
				add("evidence.%s %s: exactly one of class, host, component, meta_data, authority, permission, file, resource must be set", list, r)
				continue
			}
			if !hasString(s.signatures(k), v) {
				add("evidence.%s %s names no %s signature of this entry", list, r, k)
			}
			key := refChannel(k) + "\x00" + v
			if prev, ok := seen[key]; ok {
				if prev == list {
					add("evidence.%s %s listed twice", list, r)
				} else {
					add("evidence %s is both weak and required", r)
				}
			}
			seen[key] = list
		}
	}
	check("weak", s.Evidence.Weak)
	check("requires", s.Evidence.Requires)
	if len(s.Evidence.Weak) > 0 {
		strong := 0
		for _, field := range []string{"class", "host", "component", "meta_data", "authority", "permission", "file", "resource"} {
			for _, p := range s.signatures(field) {
				if weak, _ := s.Weigh(refChannel(field), p); !weak {
					strong++
				}
			}
		}
		if strong == 0 {
			add("every signature is weak: the entry can never be revealed")
		}
	}
	for _, d := range s.Samples.Decisions {
		switch d.Want {
		case DecisionNone, ConfidenceLow, ConfidenceMedium, ConfidenceHigh:
		default:
			add("decision sample: want %q: want none, low, medium or high", d.Want)
		}
		if len(d.Seen) == 0 {
			add("decision sample (want %s) sees nothing", d.Want)
		}
	}
}

// checkDecisions runs the decision samples of s.
func checkDecisions(m *Matcher, s *SDK) []error {
	var errs []error
	for _, d := range s.Samples.Decisions {
		got, err := m.decide(s, d)
		if err != nil {
			errs = append(errs, sdkErr(s, "decision sample: %v", err))
			continue
		}
		if got != d.Want {
			errs = append(errs, sdkErr(s, "decision sample %s: got %s, want %s", seenList(d.Seen), got, d.Want))
		}
	}
	return errs
}

func seenList(ss []Sample) string {
	parts := make([]string, len(ss))
	for i, x := range ss {
		parts[i] = x.String()
	}
	return "[" + strings.Join(parts, "; ") + "]"
}
