package flows

import (
	"fmt"
	"strings"

	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/sdkdb"
)

// RoleUnknown is the argument role of a generic-boundary flow: the SDK
// method is not described in sdkdb, so what the argument is for is not
// known.
const RoleUnknown = "unknown"

// genericSinks chooses the generic SDK-boundary sinks of the privacy-sdk
// profile (sdkdb data/taint/generic_sinks.yaml): every method of a class
// attributed to an SDK with a tracking category (generic_sink_categories),
// except the shapes that cannot transmit data (generic_sink_exclusions),
// is a sink whose declared arguments are watched. The engine only asks
// about calls no curated sink pattern matches, and only analyses the
// app's own code (SDK classes and library namespaces are opaque), so a
// call from library code into the SDK is never one of these sinks.
//
// Classes are attributed by name (detect.Classes) or, when R8 renamed
// them, by detect.Renamed (a code string, host or manifest key in the
// class's code, or a neighbour of such a class). Renamed code needs one
// more rule, since the SDK's own renamed classes that nothing attributes
// are analysed like the app's: a flow into a renamed class counts only
// when the call is in the app's own namespace (ownCaller: the manifest
// package, or the package of a manifest-declared component that is not
// an SDK's), which R8 keeps because it keeps the components' names. Such
// a flow says why the class is the SDK's (attribution), and its
// fingerprint hashes the SDK and the method's shape, never a renamed name
// (renamedGenericMethod).
type genericSinks struct {
	db      *sdkdb.DB
	spec    *sdkdb.TaintSpec
	sdkOf   func(desc string) (string, bool)
	renamed *detect.RenamedAttribution
	cache   map[string]*taint.Sink
}

func newGenericSinks(db *sdkdb.DB, sdkOf func(string) (string, bool), renamed *detect.RenamedAttribution) *genericSinks {
	spec := db.Taint()
	if len(spec.GenericSinkCategories) == 0 {
		return nil
	}
	return &genericSinks{db: db, spec: spec, sdkOf: sdkOf, renamed: renamed, cache: map[string]*taint.Sink{}}
}

// genericRenamed is what a generic sink on an R8-renamed class carries.
type genericRenamed struct {
	// note: why the class is the SDK's (reports.Flow.Attribution)
	note string
	// fpMethod: what the fingerprint hashes instead of the method
	fpMethod string
}

// sinkFor is taint.Config.SinkFor: one *taint.Sink per method reference.
func (g *genericSinks) sinkFor(m dex.MethodRef) *taint.Sink {
	key := m.String()
	if s, ok := g.cache[key]; ok {
		return s
	}
	s := g.choose(m, key)
	g.cache[key] = s
	return s
}

func (g *genericSinks) choose(m dex.MethodRef, key string) *taint.Sink {
	if m.Name == "<clinit>" {
		return nil
	}
	var ren *genericRenamed
	id, byName := g.sdkOf(m.Class)
	if !byName {
		var ok bool
		if id, ok = g.renamed.SDKOf(m.Class); !ok || !plainIdent(m.Name) {
			return nil
		}
	}
	sdk := g.db.SDK(id)
	if sdk == nil || !g.spec.IsGenericSinkSDK(sdk) {
		return nil
	}
	if _, excluded := g.spec.GenericSinkExcluded(m.Name + m.Proto); excluded {
		return nil
	}
	if !byName {
		ren = &genericRenamed{
			note: fmt.Sprintf("%s → %s: %s; %s is one of its methods (generic SDK-boundary sink)",
				dex.JavaName(m.Class), sdk.Name, g.renamed.Describe(m.Class), m.Name+m.Proto),
			fpMethod: renamedGenericMethod(m),
		}
	}
	params := m.Proto
	if i, j := strings.IndexByte(params, '('), strings.IndexByte(params, ')'); i == 0 && j > 0 {
		params = params[1:j]
	}
	pat := taint.Pattern{Classes: []string{m.Class}, Name: m.Name, Params: params}
	return &taint.Sink{ID: "generic:" + id + ":" + key, Pattern: pat, Boundary: true,
		Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: sdk, method: key, generic: true, genericRenamed: ren}}
}

// renamedGenericMethod is what the fingerprint of a generic flow into a
// renamed method hashes: the method's shape, its parameter and return
// types with every type renaming changes written "L;" (so the same call
// has the same fingerprint in every build of the app, however R8 names
// things; constructors keep their name, R8 never renames them). It
// differs from the fingerprint of the same flow in an unrenamed build,
// which hashes the method's name: the shape does not say which method it
// is (two methods of an SDK may have it).
func renamedGenericMethod(m dex.MethodRef) string {
	params, ret := "", ""
	if i, j := strings.IndexByte(m.Proto, '('), strings.IndexByte(m.Proto, ')'); i == 0 && j > 0 {
		params, ret = m.Proto[1:j], m.Proto[j+1:]
	}
	shape := func(t string) string {
		if detect.PlatformType(t) {
			return t
		}
		return strings.Repeat("[", len(t)-len(strings.TrimLeft(t, "["))) + "L;"
	}
	var b strings.Builder
	b.WriteString("generic-renamed:")
	if m.Name == "<init>" {
		b.WriteString("<init>")
	}
	b.WriteByte('(')
	for _, t := range dex.SplitTypes(params) {
		b.WriteString(shape(t))
	}
	b.WriteByte(')')
	if ret != "" {
		b.WriteString(shape(ret))
	}
	return b.String()
}

// plainIdent: only ASCII letters, digits, '_', '$' and the constructor
// name (what R8 writes; anything else stays out of notes).
func plainIdent(s string) bool {
	if s == "<init>" {
		return true
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$') {
			return false
		}
	}
	return s != ""
}

// ownCaller reports whether a class is the app's own code for a generic
// flow into a renamed SDK class: it is in the manifest package (or below
// it), or in the package of a component some split's manifest declares
// that is neither attributed to an SDK nor in a library namespace (apps
// whose code lives outside their application id). R8 keeps the
// components' names and the package of the classes it does not move; a
// renamed SDK class that nothing attributes is in neither, so its calls
// into the SDK's attributed classes are not the app's. (An app whose
// classes R8 repackages into short top-level packages loses these flows:
// missed, never invented.)
func (p *pass) ownCaller(desc string) bool {
	if p.appNS == nil {
		p.appNS = []string{}
		add := func(pkg string) {
			if pkg == "" || containsStr(p.appNS, pkg) {
				return
			}
			p.appNS = append(p.appNS, pkg)
		}
		if p.App != nil {
			if b := p.App.Base(); b != nil && b.Manifest != nil && b.Manifest.Package != "" {
				add(strings.TrimSuffix(dex.Descriptor(b.Manifest.Package), ";") + "/")
			}
			t := p.DB.Taint()
			for _, s := range p.App.Splits {
				if s == nil || s.Manifest == nil {
					continue
				}
				for _, c := range s.Manifest.Components {
					d := dex.Descriptor(c.Name)
					i := strings.LastIndexByte(d, '/')
					if i < 0 || strings.IndexByte(d[:i], '/') < 0 {
						continue // no package, or a one-segment one: too broad
					}
					if _, ok := p.attr.SDKOf(d); ok {
						continue
					}
					if _, ok := p.renamed.SDKOf(d); ok {
						continue
					}
					if hasAnyPrefix(d, t.LibraryNamespaces) || hasAnyPrefix(d, t.OpaqueNamespaces) {
						continue
					}
					add(d[:i+1])
				}
			}
		}
	}
	for _, ns := range p.appNS {
		if strings.HasPrefix(desc, ns) {
			return true
		}
	}
	return false
}
