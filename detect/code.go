package detect

import (
	"strings"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Classes attributes the classes the app defines to SDKs by code
// signature. Its result, *Attribution, is what every later step asks
// "whose class is this?".
var Classes = &analysis.Analyzer{
	Name: "classes",
	Doc:  "code signatures over the classes the app defines: class-to-SDK attribution",
	Run:  runClasses,
}

// Attribution is the result of Classes.
type Attribution struct {
	Evidence *Evidence
	owner    map[string]string // class descriptor → SDK id (first match)
}

// SDKOf returns the SDK a class (descriptor) is attributed to.
func (a *Attribution) SDKOf(desc string) (string, bool) {
	id, ok := a.owner[desc]
	return id, ok
}

// Len is the number of attributed classes.
func (a *Attribution) Len() int { return len(a.owner) }

func runClasses(p *analysis.Pass) (any, error) {
	out := &Attribution{Evidence: NewEvidence(p.Config.MaxEvidence), owner: map[string]string{}}
	var buf []sdkdb.Match
	for ci := range p.Index.Classes {
		name := dex.JavaName(ci.Descriptor)
		buf = p.Matcher.AppendClassMatches(buf[:0], name)
		for _, m := range buf {
			out.Evidence.Add(m.SDK, reports.Evidence{Channel: reports.ChannelClass, Value: name, Signature: m.Pattern, Location: ci.File})
			if _, ok := out.owner[ci.Descriptor]; !ok {
				out.owner[ci.Descriptor] = m.SDK.ID
			}
		}
	}
	return out, p.Ctx.Err()
}

// Calls finds the app's own calls into attributed SDK classes: an SDK
// that is embedded is not necessarily used.
var Calls = &analysis.Analyzer{
	Name:     "calls",
	Doc:      "whether the app's own code calls each SDK (embedded is not used)",
	Requires: []*analysis.Analyzer{Classes},
	Run:      runCalls,
}

func runCalls(p *analysis.Pass) (any, error) {
	attr := analysis.Result[*Attribution](p, Classes)
	out := NewEvidence(p.Config.MaxEvidence)
	if attr.Len() == 0 {
		return out, nil
	}
	libs := p.DB.Taint().LibraryNamespaces
	p.Index.Calls(func(c dex.CallSite) bool {
		id, ok := attr.SDKOf(c.Callee.Class)
		if !ok {
			return true
		}
		caller := c.Caller.Class
		if _, inSDK := attr.SDKOf(caller); inSDK || hasAnyPrefix(caller, libs) || topPackage(caller, 3) == topPackage(c.Callee.Class, 3) {
			return true
		}
		s := p.DB.SDK(id)
		if s == nil {
			return true
		}
		out.Record(s).Used = true
		out.Add(s, reports.Evidence{Channel: reports.ChannelCall, Value: c.Callee.String(), Location: c.Location().String()})
		return true
	})
	return out, p.Ctx.Err()
}

// IsLibrary reports whether a class descriptor is in one of the library
// namespaces of the database (common libraries and SDK vendors' shared
// code): a call from there into an SDK is one library calling another,
// not the app using the SDK.
func IsLibrary(db *sdkdb.DB, desc string) bool {
	return hasAnyPrefix(desc, db.Taint().LibraryNamespaces)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
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
