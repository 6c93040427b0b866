package flows

import (
	"sort"
	"strings"

	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/sdkdb"
)

// renamedSinks converts the curated and network sinks detect.Renamed
// mapped onto R8-renamed methods: the pattern is the renamed method, the
// argument roles are the ones every candidate sink agrees on. A network
// sink stays one (its URL's host is the recipient), reported under the
// network sink's method.
func renamedSinks(r *detect.RenamedAttribution) []taint.Sink {
	var out []taint.Sink
	for _, rs := range r.Sinks() {
		rs := rs
		decl := &sdkdb.Sink{Method: rs.Method.String(), Args: rs.Args}
		sk, ok := engineSink(rs.SDK, decl)
		if !ok {
			continue
		}
		sk.ID = "renamed:" + rs.SDK.ID + ":" + rs.Method.String()
		if rs.Network {
			sk.Network = true
			sk.Tag = &sinkTag{profile: ProfilePrivacySDK, method: rs.Declared, network: true, renamed: &rs}
			out = append(out, sk)
			continue
		}
		var curated *sdkdb.Sink
		if len(rs.Candidates) == 1 {
			curated = rs.Candidates[0]
		}
		sk.Tag = &sinkTag{profile: ProfilePrivacySDK, sdk: rs.SDK, decl: curated, method: rs.Declared, renamed: &rs}
		out = append(out, sk)
	}
	return out
}

// renamedFingerprintMethod is what an ambiguous renamed sink's flow
// fingerprint hashes: the candidate curated methods, sorted.
func renamedFingerprintMethod(rs *detect.RenamedSink) string {
	ms := make([]string, 0, len(rs.Candidates))
	for _, c := range rs.Candidates {
		ms = append(ms, c.Method)
	}
	sort.Strings(ms)
	return strings.Join(ms, "|")
}
