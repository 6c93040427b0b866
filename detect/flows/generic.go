package flows

import (
	"strings"

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
type genericSinks struct {
	db    *sdkdb.DB
	spec  *sdkdb.TaintSpec
	sdkOf func(desc string) (string, bool)
	cache map[string]*taint.Sink
}

func newGenericSinks(db *sdkdb.DB, sdkOf func(string) (string, bool)) *genericSinks {
	spec := db.Taint()
	if len(spec.GenericSinkCategories) == 0 {
		return nil
	}
	return &genericSinks{db: db, spec: spec, sdkOf: sdkOf, cache: map[string]*taint.Sink{}}
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
	id, ok := g.sdkOf(m.Class)
	if !ok {
		return nil
	}
	sdk := g.db.SDK(id)
	if sdk == nil || !g.spec.IsGenericSinkSDK(sdk) {
		return nil
	}
	if _, excluded := g.spec.GenericSinkExcluded(m.Name + m.Proto); excluded {
		return nil
	}
	params := m.Proto
	if i, j := strings.IndexByte(params, '('), strings.IndexByte(params, ')'); i == 0 && j > 0 {
		params = params[1:j]
	}
	pat := taint.Pattern{Classes: []string{m.Class}, Name: m.Name, Params: params}
	return &taint.Sink{ID: "generic:" + id + ":" + key, Pattern: pat, Boundary: true,
		Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: sdk, method: key, generic: true}}
}
