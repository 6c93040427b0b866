package detect

import (
	"sort"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Evidence is what one analyzer found about SDKs: per SDK, the evidence
// items (at most max per channel; counts are complete).
type Evidence struct {
	max   int
	bySDK map[string]*SDKEvidence
}

// SDKEvidence is the evidence for one SDK.
type SDKEvidence struct {
	SDK    *sdkdb.SDK
	Items  map[string][]reports.Evidence // by channel
	Counts map[string]int                // by channel
	// Version is an exact SDK version read from an SDK file.
	Version string
	// Used: the app's own code calls the SDK.
	Used bool
	// UniqueHost: a host that only this SDK claims was seen.
	UniqueHost bool
	// Weak counts, per channel, the items (included in Counts) whose
	// signature the SDK's evidence rules call weak.
	Weak map[string]int
	// Required: a signature of the SDK's requires rule matched.
	Required bool
}

// NewEvidence returns an empty collection keeping at most max items per
// SDK and channel (max < 1: 8).
func NewEvidence(max int) *Evidence {
	if max < 1 {
		max = 8
	}
	return &Evidence{max: max, bySDK: map[string]*SDKEvidence{}}
}

// Add records one piece of evidence for sdk.
// The SDK's evidence rules (sdkdb.EvidenceRules) mark it weak or required.
func (e *Evidence) Add(sdk *sdkdb.SDK, ev reports.Evidence) {
	r := e.Record(sdk)
	r.Counts[ev.Channel]++
	if weak, req := sdk.Weigh(ev.Channel, ev.Signature); weak || req {
		if weak {
			ev.Weak = true
			if r.Weak == nil {
				r.Weak = map[string]int{}
			}
			r.Weak[ev.Channel]++
		}
		r.Required = r.Required || req
	}
	if len(r.Items[ev.Channel]) < e.max {
		r.Items[ev.Channel] = append(r.Items[ev.Channel], ev)
	}
}

// Record returns sdk's record, creating it.
func (e *Evidence) Record(sdk *sdkdb.SDK) *SDKEvidence {
	r := e.bySDK[sdk.ID]
	if r == nil {
		r = &SDKEvidence{SDK: sdk, Items: map[string][]reports.Evidence{}, Counts: map[string]int{}}
		e.bySDK[sdk.ID] = r
	}
	return r
}

// Len is the number of SDKs with evidence.
func (e *Evidence) Len() int { return len(e.bySDK) }

// Get returns the record of an SDK id, or nil.
func (e *Evidence) Get(id string) *SDKEvidence { return e.bySDK[id] }

// Each calls fn for every SDK record in id order.
func (e *Evidence) Each(fn func(*SDKEvidence)) {
	ids := make([]string, 0, len(e.bySDK))
	for id := range e.bySDK {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fn(e.bySDK[id])
	}
}

// where names a file of a split: its name in the base, "split!name" in
// another split.
func where(app *apk.App, s *apk.Split, name string) string {
	if s == app.Base() {
		return name
	}
	return s.Name + "!" + name
}
