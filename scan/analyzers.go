package scan

import (
	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/detect/flows"
)

// Analyzers is the one explicit list of what a scan runs. Order here is
// only the tie-break among independent analyzers; what runs before what
// is each analyzer's Requires, checked when the graph is built:
//
//	classes ─┬─ calls ─────────┐
//	         │                 ├─ sdks ─ owners ─┬─ endpoints
//	manifest, files, resources,│                 │
//	hosts ───┴─────────────────┘                 └─ taint (+ classes, sdks)
//
//	endpoints ─ config (SDK configuration: resources, meta-data, files)
//	classes, sdks ─ renamed (R8-renamed SDK classes, mapped sinks) ─ taint
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		detect.Classes,
		detect.Manifest,
		detect.Files,
		detect.Resources,
		detect.Hosts,
		detect.Calls,
		detect.SDKs,
		detect.Owners,
		detect.Endpoints,
		detect.Config,
		detect.Renamed,
		flows.Taint,
	}
}

// graph is the checked graph of Analyzers (a bad list fails every test).
var graph = analysis.MustGraph(Analyzers())
