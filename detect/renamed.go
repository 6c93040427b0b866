package detect

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Renamed attributes classes that R8/ProGuard renamed (one- to
// three-letter package and class names, so no code signature matches)
// to SDKs from evidence that survives renaming:
//
//   - direct signals, from the string constants of the class's own code:
//     one of the SDK's code strings (sdkdb code.strings: constants only
//     the SDK's code holds; the SDK need not be listed yet: this is how
//     SDKs whose class names are all renamed are found), and, for SDKs the
//     report already lists, a host of the SDK's network signature, the
//     name of a config file the SDK was found by (the code reads it), a
//     manifest meta-data key or resource name the SDK was found by;
//   - the bounded dependency neighbourhood of directly attributed classes
//     (return types of their methods the app calls, depth 2, the same
//     top-level renamed package), and the SDK types in the signature of a
//     mapped sink;
//   - a config file name alone is not enough (the vendor's core code
//     reads it for all its SDKs): it only corroborates another signal;
//
// and maps the SDK's curated sinks (sdkdb), and the network sinks
// (data/taint) on the SDK's classes, onto renamed methods of attributed
// classes with the same parameter and return types, SDK types standing
// for classes attributed to the same SDK, with one original class per
// renamed class. A class two SDKs claim is attributed to none.
//
// The directly attributed classes are also SDK evidence (channel
// renamed, see SDKs): they list an SDK the code strings alone reveal
// (medium, never high on this evidence alone), and confirm one the
// report lists.
var Renamed = &analysis.Analyzer{
	Name:     "renamed",
	Doc:      "R8/ProGuard-renamed classes attributed to SDKs from code strings, hosts, config names and dependencies; curated and network sinks mapped onto them",
	Requires: []*analysis.Analyzer{Classes, SDKs},
	Run:      runRenamed,
}

// maxNeighbourDepth bounds the neighbourhood walk. Confidences of a
// renamed class: several independent direct signals (high), one
// (medium), neighbourhood or sink-signature type only (low).
const maxNeighbourDepth = 2

// RenamedClass is one renamed class attributed to an SDK.
type RenamedClass struct {
	Class      string // descriptor
	SDK        string
	Confidence string
	// Signals: the direct signals, one per kind ("code-string", "host",
	// "config", "manifest-key", "resource-key"), or the neighbour it was
	// reached from.
	Signals  []reports.Evidence
	Neighbor string // attributed class it was reached from ("" for direct)
	// Via says how it was reached from Neighbor.
	Via string
}

// RenamedSink is a curated sink mapped onto a renamed method.
type RenamedSink struct {
	SDK    *sdkdb.SDK
	Method dex.MethodRef // as called in the app
	// Candidates are the curated sinks with this shape (more than one:
	// overloads like track/screen(String, Properties) that renaming makes
	// indistinguishable).
	Candidates []*sdkdb.Sink
	// Args are the argument roles all candidates agree on.
	Args []sdkdb.SinkArg
	// Declared is the curated method reported for the flow (the single
	// candidate), or Method's smali form when several candidates match.
	Declared string
	// Note says why: the attribution of the class, for the report.
	Note string
	// Strong: the class has several independent direct signals.
	Strong bool
	// Network: the candidates are network sinks (data/taint
	// network_sinks on the SDK's classes): argument 1 is a URL whose
	// host is the recipient, and Declared is the network sink's method.
	Network bool
}

// RenamedAttribution is the result of Renamed.
type RenamedAttribution struct {
	classes map[string]*RenamedClass
	sinks   []RenamedSink
	// sdks is the report's SDK list with the renamed evidence merged in
	// (SDKs).
	sdks []reports.SDK
}

// SDKOf returns the SDK a renamed class is attributed to.
func (r *RenamedAttribution) SDKOf(desc string) (string, bool) {
	if r == nil {
		return "", false
	}
	c, ok := r.classes[desc]
	if !ok {
		return "", false
	}
	return c.SDK, true
}

// Class returns the attribution of a renamed class, or nil.
func (r *RenamedAttribution) Class(desc string) *RenamedClass {
	if r == nil {
		return nil
	}
	return r.classes[desc]
}

// Describe says why a renamed class is attributed to its SDK (the class
// holding the signal, and the chain of neighbours from it), or "" when it
// is not attributed.
func (r *RenamedAttribution) Describe(desc string) string {
	if r == nil || r.classes[desc] == nil {
		return ""
	}
	return describeRenamed(r, r.classes[desc])
}

// PlatformType reports whether a type descriptor is one renaming leaves
// alone (primitives, java.*, android.*, kotlin.*, org.json…).
func PlatformType(t string) bool { return platformType(t) }

// Classes returns the attributed classes in descriptor order.
func (r *RenamedAttribution) Classes() []*RenamedClass {
	if r == nil {
		return nil
	}
	out := make([]*RenamedClass, 0, len(r.classes))
	for _, c := range r.classes {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Class < out[j].Class })
	return out
}

// SDKs returns the report's SDK list (SDKs) with the renamed classes
// merged in as evidence (see mergeRenamedSDKs).
func (r *RenamedAttribution) SDKs() []reports.SDK {
	if r == nil {
		return nil
	}
	return r.sdks
}

// Sinks returns the mapped sinks, in method order.
func (r *RenamedAttribution) Sinks() []RenamedSink {
	if r == nil {
		return nil
	}
	return r.sinks
}

// renamedLooking reports whether a descriptor looks R8-renamed: every
// package segment and the simple name (outer class) are 1–3 characters of
// [a-z0-9_$].
func renamedLooking(desc string) bool {
	if len(desc) < 3 || desc[0] != 'L' || desc[len(desc)-1] != ';' {
		return false
	}
	for seg := range strings.SplitSeq(desc[1:len(desc)-1], "/") { // no allocation: called on every string and call site
		if i := strings.IndexByte(seg, '$'); i > 0 {
			if !plainName(seg[i:]) {
				return false
			}
			seg = seg[:i]
		}
		if len(seg) == 0 || len(seg) > 3 {
			return false
		}
		for _, c := range seg {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

// plainName: only ASCII letters, digits, '_' and '$' (what R8 writes;
// anything else is kept out of attributions and notes).
func plainName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return false
		}
	}
	return s != ""
}

func topSegment(desc string) string {
	s := strings.TrimPrefix(desc, "L")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return ""
}

type renamedSignal struct {
	sdk *sdkdb.SDK
	ev  reports.Evidence
}

func runRenamed(p *analysis.Pass) (any, error) {
	out := &RenamedAttribution{classes: map[string]*RenamedClass{}}
	attr := analysis.Result[*Attribution](p, Classes)
	set := analysis.Result[*SDKSet](p, SDKs)
	appPkg := ""
	if b := p.App.Base(); b != nil && b.Manifest.Package != "" {
		appPkg = dex.Descriptor(b.Manifest.Package)
		appPkg = strings.TrimSuffix(appPkg, ";") + "/"
	}
	components := map[string]bool{}
	for _, s := range p.App.Splits {
		for _, c := range s.Manifest.Components {
			components[dex.Descriptor(c.Name)] = true
		}
	}
	candidate := func(desc string) bool {
		if _, ok := attr.SDKOf(desc); ok {
			return false
		}
		if appPkg != "" && strings.HasPrefix(desc, appPkg) {
			return false
		}
		return !components[desc] && renamedLooking(desc)
	}

	// Exact string constants each listed SDK was found by (config file
	// names, manifest keys, resource names), and the SDKs by id.
	keys := map[string][]renamedSignal{}
	for _, rs := range set.SDKs {
		s := p.DB.SDK(rs.ID)
		if s == nil {
			continue
		}
		for _, ev := range rs.Evidence {
			if ev.Weak {
				continue
			}
			var vals []string
			kind := ""
			switch ev.Channel {
			case reports.ChannelFile:
				if strings.HasPrefix(ev.Value, "META-INF/") {
					continue // version files: not read by code under their name
				}
				base := path.Base(ev.Value)
				vals = []string{base, strings.TrimSuffix(base, path.Ext(base))}
				kind = "config"
			case reports.ChannelManifest:
				vals = []string{ev.Value}
				kind = "manifest-key"
			case reports.ChannelResource:
				name, _, _ := strings.Cut(ev.Value, " = ")
				vals = []string{name}
				kind = "resource-key"
			default:
				continue
			}
			for _, v := range vals {
				if len(v) < 8 || strings.ContainsAny(v, " /") {
					continue
				}
				keys[v] = append(keys[v], renamedSignal{sdk: s, ev: reports.Evidence{Channel: kind, Value: v, Signature: ev.Channel + ":" + ev.Value}})
			}
		}
	}

	// Direct signals per class.
	direct := map[string]map[string][]reports.Evidence{} // class → sdk → evidence (one per kind)
	add := func(class string, s *sdkdb.SDK, ev reports.Evidence) {
		m := direct[class]
		if m == nil {
			m = map[string][]reports.Evidence{}
			direct[class] = m
		}
		for _, e := range m[s.ID] {
			if e.Channel == ev.Channel {
				return
			}
		}
		m[s.ID] = append(m[s.ID], ev)
	}
	p.Index.Strings(func(str string, loc dex.Location) bool {
		if loc.Class == "" || !candidate(loc.Class) {
			return true
		}
		// The SDK's own code strings: evidence for any SDK of the
		// database, listed or not.
		for _, m := range p.Matcher.MatchString(str) {
			add(loc.Class, m.SDK, reports.Evidence{Channel: signalCodeString, Value: str, Signature: "code.strings", Location: loc.String()})
		}
		if h := HostOf(str); h != "" {
			for _, m := range p.Matcher.MatchHost(h) {
				if weak, _ := m.SDK.Weigh(reports.ChannelHost, m.Pattern); weak {
					continue // shared with other SDKs: cannot tell whose
				}
				if set.Kept(m.SDK.ID) {
					add(loc.Class, m.SDK, reports.Evidence{Channel: "host", Value: h, Signature: m.Pattern, Location: loc.String()})
				}
			}
			return true
		}
		for _, sg := range keys[str] {
			if set.Kept(sg.sdk.ID) {
				ev := sg.ev
				ev.Location = loc.String()
				add(loc.Class, sg.sdk, ev)
			}
		}
		return true
	})
	// An SDK the report does not list is attributed only when its code
	// strings reveal it (its evidence rules: a requires rule the renamed
	// evidence cannot meet keeps it out).
	revealed := map[string]bool{}
	for _, bySDK := range direct {
		if len(bySDK) != 1 {
			continue
		}
		for id := range bySDK {
			if !set.Kept(id) && !revealed[id] {
				if s := p.DB.SDK(id); s != nil {
					var t sdkdb.Tally
					t.Add(s, sdkdb.ChannelRenamed, "code.strings")
					revealed[id], _ = s.Decide(t)
				}
			}
		}
	}
	for class, bySDK := range direct {
		if len(bySDK) != 1 {
			continue // claimed by several SDKs: none
		}
		for id, evs := range bySDK {
			if !set.Kept(id) && !revealed[id] {
				continue
			}
			sort.Slice(evs, func(i, j int) bool { return evs[i].Channel < evs[j].Channel })
			if len(evs) == 1 && evs[0].Channel == "config" {
				// A config file's name alone: the vendor's core code reads
				// it (AWSConfiguration reads awsconfiguration.json for every
				// AWS SDK), so it only corroborates another signal.
				continue
			}
			conf := reports.Medium
			if len(evs) >= 2 {
				conf = reports.High
			}
			out.classes[class] = &RenamedClass{Class: class, SDK: id, Confidence: conf, Signals: evs}
		}
	}

	// Class dependencies among candidates: the return types of methods
	// called on a class (what the SDK's API hands out is the SDK's; what
	// it takes or calls may be the vendor's shared core, such as AWS's
	// credentials classes, so parameter types, callees and super types are
	// not followed).
	deps := map[string]map[string]bool{}
	link := func(a, b string) {
		if a == b || !candidate(b) || topSegment(a) != topSegment(b) {
			return
		}
		m := deps[a]
		if m == nil {
			m = map[string]bool{}
			deps[a] = m
		}
		m[b] = true
	}
	var refs []dex.MethodRef
	seenRef := map[string]bool{}
	p.Index.Calls(func(c dex.CallSite) bool {
		if candidate(c.Callee.Class) {
			if _, ret := splitProto(c.Callee.Proto); strings.HasPrefix(ret, "L") {
				link(c.Callee.Class, ret)
			}
			if k := c.Callee.String(); !seenRef[k] {
				seenRef[k] = true
				refs = append(refs, c.Callee)
			}
		}
		return true
	})
	// Bounded breadth-first neighbourhood per SDK, from the direct
	// attributions in class order; a class two SDKs reach is dropped.
	seeds := out.Classes()
	reach := map[string]map[string]string{} // class → sdk → from
	for _, seed := range seeds {
		frontier := []string{seed.Class}
		seen := map[string]bool{seed.Class: true}
		for d := 0; d < maxNeighbourDepth && len(frontier) > 0; d++ {
			var next []string
			for _, c := range frontier {
				ns := make([]string, 0, len(deps[c]))
				for n := range deps[c] {
					ns = append(ns, n)
				}
				sort.Strings(ns)
				for _, n := range ns {
					if seen[n] {
						continue
					}
					seen[n] = true
					next = append(next, n)
					if _, isDirect := out.classes[n]; isDirect {
						continue
					}
					if reach[n] == nil {
						reach[n] = map[string]string{}
					}
					if _, ok := reach[n][seed.SDK]; !ok {
						reach[n][seed.SDK] = c
					}
				}
			}
			frontier = next
		}
	}
	for class, bySDK := range reach {
		if len(bySDK) != 1 {
			continue
		}
		for id, from := range bySDK {
			out.classes[class] = &RenamedClass{Class: class, SDK: id, Confidence: reports.Low, Neighbor: from, Via: "returned by a method"}
		}
	}
	// Direct attributions are never overridden by a neighbour claim.

	sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	out.sinks = mapRenamedSinks(p, attr, out, refs, candidate)
	out.sdks = mergeRenamedSDKs(p, set, out)
	return out, p.Ctx.Err()
}

// signalCodeString is the Signals channel of a code string
// (sdkdb code.strings) found in a renamed class's code.
const signalCodeString = "code-string"

// networkSinksBySDK: the network sinks (data/taint network_sinks) whose
// method is on a class of an SDK entry, as sinks of that SDK with the
// URL as argument 1 (what the taint profile watches).
func networkSinksBySDK(p *analysis.Pass) map[string][]*sdkdb.Sink {
	out := map[string][]*sdkdb.Sink{}
	for _, n := range p.DB.Taint().NetworkSinks {
		cls, _, _, _, ok := splitMethod(n.Method)
		if !ok {
			continue
		}
		for _, m := range p.Matcher.MatchClass(dex.JavaName(cls)) {
			out[m.SDK.ID] = append(out[m.SDK.ID], &sdkdb.Sink{Method: n.Method, Args: []sdkdb.SinkArg{{Index: 1, Role: sdkdb.RoleURL, Name: "url"}}})
		}
	}
	return out
}

// splitMethod splits "Lx/Y;->name(params)ret" (ret may be empty).
func splitMethod(m string) (class, name string, params []string, ret string, ok bool) {
	i := strings.Index(m, "->")
	j := strings.IndexByte(m, '(')
	k := strings.IndexByte(m, ')')
	if i <= 0 || j < i || k < j {
		return "", "", nil, "", false
	}
	return m[:i], m[i+2 : j], dex.SplitTypes(m[j+1 : k]), m[k+1:], true
}

// platformType: a type renaming leaves alone (primitives, java.*,
// android.*, kotlin.*, org.json).
func platformType(t string) bool {
	t = strings.TrimLeft(t, "[")
	if len(t) == 1 {
		return true
	}
	for _, p := range []string{"Ljava/", "Ljavax/", "Landroid/", "Landroidx/", "Lkotlin/", "Lorg/json/", "Ldalvik/"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

type sinkMatch struct {
	ref   dex.MethodRef
	sink  *sdkdb.Sink
	roles map[string]string // renamed class → original class it must be
	// typed: unattributed renamed classes (same top-level package) that
	// stand for an SDK type of the sink's signature
	typed []string
}

func mapRenamedSinks(p *analysis.Pass, attr *Attribution, r *RenamedAttribution, refs []dex.MethodRef, candidate func(string) bool) []RenamedSink {
	var matches []sinkMatch
	netSinks := networkSinksBySDK(p)
	network := map[*sdkdb.Sink]bool{}
	for _, l := range netSinks {
		for _, sk := range l {
			network[sk] = true
		}
	}
	for _, ref := range refs {
		rc := r.classes[ref.Class]
		if rc == nil || ref.Name == "<clinit>" || (ref.Name != "<init>" && !plainName(ref.Name)) {
			continue
		}
		s := p.DB.SDK(rc.SDK)
		if s == nil {
			continue
		}
		mParams, mRet := splitProto(ref.Proto)
		sinks := make([]*sdkdb.Sink, 0, len(s.Sinks)+len(netSinks[s.ID]))
		for i := range s.Sinks {
			sinks = append(sinks, &s.Sinks[i])
		}
		sinks = append(sinks, netSinks[s.ID]...)
		for _, sk := range sinks {
			cls, name, params, ret, ok := splitMethod(sk.Method)
			if !ok || len(params) != len(mParams) {
				continue
			}
			if name == "<init>" != (ref.Name == "<init>") {
				continue
			}
			roles := map[string]string{ref.Class: cls}
			// R8 renames each class to one name: two renamed classes
			// cannot stand for the same original class (a RequestBuilder
			// load(String) returning RequestBuilder cannot be a method of
			// another class that returns this one).
			origOf := map[string]string{cls: ref.Class}
			var typed []string
			good := true
			same := func(orig, got string) bool {
				if platformType(orig) || platformType(got) {
					return orig == got
				}
				if strings.Count(orig, "[") != strings.Count(got, "[") {
					return false
				}
				og, gg := strings.TrimLeft(orig, "["), strings.TrimLeft(got, "[")
				if topPackage(og, 2) != topPackage(cls, 2) {
					// another library's type (kotlinx JsonObject): the
					// SDK's renamed classes cannot stand for it
					return false
				}
				id, ok := r.SDKOf(gg)
				if !ok {
					id, ok = attr.SDKOf(gg)
					if ok {
						return gg == og // a kept class keeps its name
					}
				}
				if !ok && candidate(gg) && topSegment(gg) == topSegment(ref.Class) {
					id, ok = s.ID, true
					typed = append(typed, gg)
				}
				if !ok || id != s.ID {
					return false
				}
				if prev, ok := roles[gg]; ok && prev != og {
					return false
				}
				if prev, ok := origOf[og]; ok && prev != gg {
					return false
				}
				roles[gg] = og
				origOf[og] = gg
				return true
			}
			for k := range params {
				if !same(params[k], mParams[k]) {
					good = false
					break
				}
			}
			if good && ret != "" && !same(ret, mRet) {
				good = false
			}
			if good {
				matches = append(matches, sinkMatch{ref: ref, sink: sk, roles: roles, typed: typed})
			}
		}
	}
	// Group the matches by renamed method: its candidates are
	// alternatives (the method is one of them), so the roles they all
	// agree on are facts about the renamed classes, the others are not.
	groups := map[string][]sinkMatch{}
	var order []string
	for _, m := range matches {
		k := m.ref.String()
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m)
	}
	agreed := func(ms []sinkMatch) map[string]string {
		out := map[string]string{}
		for c, o := range ms[0].roles {
			all := true
			for _, m := range ms[1:] {
				all = all && m.roles[c] == o
			}
			if all {
				out[c] = o
			}
		}
		return out
	}
	// One original class per renamed class: a renamed class that the
	// facts of two methods make different original classes (or different
	// SDKs' types) is ambiguous, and none of its methods count.
	role := map[string]string{}
	bad := map[string]bool{}
	typedBy := map[string]string{} // typed class → SDK id
	for _, k := range order {
		ms := groups[k]
		for c, o := range agreed(ms) {
			if prev, ok := role[c]; ok && prev != o {
				bad[c] = true
			}
			role[c] = o
		}
		id := r.classes[ms[0].ref.Class].SDK
		for _, m := range ms {
			for _, c := range m.typed {
				if prev, ok := typedBy[c]; ok && prev != id {
					bad[c] = true
				}
				typedBy[c] = id
			}
		}
	}

	byRef := map[string][]sinkMatch{}
	for _, k := range order {
		ms := groups[k]
		fact := agreed(ms)
		ok := true
		for c := range fact {
			ok = ok && !bad[c]
		}
		if !ok {
			continue
		}
		// An alternative that contradicts what the facts say a class is
		// (elsewhere) is not one.
		var keep []sinkMatch
		for _, m := range ms {
			good := true
			for c, o := range m.roles {
				if prev, ok := role[c]; ok && !bad[c] && prev != o {
					good = false
				}
			}
			if good {
				keep = append(keep, m)
			}
		}
		if len(keep) == 0 {
			continue
		}
		// Typed classes are attributed (low): a parameter or return type
		// of a mapped sink, the SDK's whichever alternative it is (which
		// of its classes may stay open).
		names := make([]string, 0, len(keep))
		for _, m := range keep {
			names = append(names, m.sink.Method)
		}
		for _, m := range keep {
			for _, c := range m.typed {
				if r.classes[c] == nil && !bad[c] {
					r.classes[c] = &RenamedClass{Class: c, SDK: typedBy[c], Confidence: reports.Low, Neighbor: m.ref.Class,
						Via: fmt.Sprintf("a type in the signature of %s, shaped like %s", m.ref.Name+m.ref.Proto, strings.Join(names, " or "))}
				}
			}
		}
		byRef[k] = keep
	}
	var out []RenamedSink
	for _, k := range order {
		ms := byRef[k]
		if len(ms) == 0 {
			continue
		}
		ref := ms[0].ref
		rc := r.classes[ref.Class]
		s := p.DB.SDK(rc.SDK)
		rs := RenamedSink{SDK: s, Method: ref, Strong: rc.Confidence == reports.High}
		// Curated sinks first: a network sink of the same shape is only
		// a candidate when no curated one is.
		for _, m := range ms {
			if !network[m.sink] {
				rs.Candidates = append(rs.Candidates, m.sink)
			}
		}
		if len(rs.Candidates) == 0 {
			rs.Network = true
			for _, m := range ms {
				rs.Candidates = append(rs.Candidates, m.sink)
			}
		}
		rs.Args = commonArgs(rs.Candidates)
		if len(rs.Args) == 0 {
			continue
		}
		names := make([]string, 0, len(rs.Candidates))
		for _, c := range rs.Candidates {
			names = append(names, c.Method)
		}
		if len(rs.Candidates) == 1 {
			rs.Declared = rs.Candidates[0].Method
		} else {
			rs.Declared = ref.String()
		}
		// The original class: the one its alternatives agree on, else
		// each of theirs.
		var origs []string
		for _, m := range ms {
			if !slices.Contains(rs.Candidates, m.sink) {
				continue
			}
			if o := dex.JavaName(m.roles[ref.Class]); !slices.Contains(origs, o) {
				origs = append(origs, o)
			}
		}
		rs.Note = fmt.Sprintf("%s → %s (%s): %s; %s has the shape of %s",
			dex.JavaName(ref.Class), strings.Join(origs, " or "), s.Name, describeRenamed(r, rc), ref.Name+ref.Proto, strings.Join(names, " or "))
		out = append(out, rs)
	}
	return out
}

func splitProto(proto string) ([]string, string) {
	k := strings.IndexByte(proto, ')')
	if !strings.HasPrefix(proto, "(") || k < 0 {
		return nil, ""
	}
	return dex.SplitTypes(proto[1:k]), proto[k+1:]
}

// commonArgs are the sink arguments on whose role (and name) every
// candidate that declares the argument agrees: overloads that renaming
// makes one shape (track/screen(String, Properties)) keep the properties,
// not the event or screen name; an argument only some candidates declare
// is kept when they agree on it (the data reaches the SDK's method either
// way).
func commonArgs(cs []*sdkdb.Sink) []sdkdb.SinkArg {
	if len(cs) == 0 {
		return nil
	}
	seen := map[int]bool{}
	var out []sdkdb.SinkArg
	for _, c := range cs {
		for _, a := range c.Args {
			if seen[a.Index] {
				continue
			}
			seen[a.Index] = true
			ok := true
			for _, d := range cs {
				for _, b := range d.Args {
					if b.Index == a.Index && (b.Role != a.Role || b.Name != a.Name) {
						ok = false
					}
				}
			}
			if ok {
				out = append(out, a)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out
}

// describeRenamed says how a renamed class was attributed.
func describeRenamed(r *RenamedAttribution, rc *RenamedClass) string {
	var parts []string
	for rc != nil && len(parts) < 4 {
		if rc.Neighbor == "" {
			var sig []string
			for _, e := range rc.Signals {
				sig = append(sig, fmt.Sprintf("%s %q", e.Channel, e.Value))
			}
			parts = append(parts, fmt.Sprintf("%s's code holds %s", dex.JavaName(rc.Class), strings.Join(sig, ", ")))
			break
		}
		parts = append(parts, fmt.Sprintf("%s is %s of %s", dex.JavaName(rc.Class), rc.Via, dex.JavaName(rc.Neighbor)))
		rc = r.classes[rc.Neighbor]
	}
	return strings.Join(parts, ", ")
}
