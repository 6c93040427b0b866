package scan

import (
	"context"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
)

// renamedGenericIDs are the generic flows of trackers.apk expected in its
// renamed build, trackers-obfuscated.apk: those whose SDK's renamed sink
// class detect.Renamed attributes. All four: Cuebiq's CoverageReceiver
// keeps its name (so Cuebiq is listed) and the renamed Collector holds
// the SDK's www.cuebiq.com URL (G3); the renamed Teemo class holds its
// backend host, and the event builder it hands out is reached from it as
// a neighbour (G1; the code string DataBerriesDB in the renamed database
// helper raises Teemo's confidence); Countly's renamed Countly class holds
// its init's refusal message, a code string (G2, G4).
// TestRenamedGeneric checks this list against the attribution.
var renamedGenericIDs = map[string]bool{"G1": true, "G2": true, "G3": true, "G4": true}

func renamedGenericPlanted() []tableFlow {
	var out []tableFlow
	for _, g := range fromGeneric(plantedGeneric) {
		if renamedGenericIDs[g.id] {
			out = append(out, g)
		}
	}
	return out
}

// shapeOf is a method's signature with every type R8 may rename written
// "L;" (what the fingerprint of a generic flow into a renamed class
// hashes, computed here from the original, unrenamed signature).
func shapeOf(method string) string {
	_, rest, _ := strings.Cut(method, "->")
	name, proto, _ := strings.Cut(rest, "(")
	params, ret, _ := strings.Cut(proto, ")")
	sh := func(t string) string {
		if detect.PlatformType(t) {
			return t
		}
		return strings.Repeat("[", len(t)-len(strings.TrimLeft(t, "["))) + "L;"
	}
	var b strings.Builder
	b.WriteString("generic-renamed:")
	if name == "<init>" {
		b.WriteString(name)
	}
	b.WriteByte('(')
	for _, t := range dex.SplitTypes(params) {
		b.WriteString(sh(t))
	}
	b.WriteString(")" + sh(ret))
	return b.String()
}

// TestRenamedGeneric: in trackers-obfuscated.apk (trackers.apk renamed
// R8-style) every planted generic flow whose SDK's sink class the renamed
// analyzer attributes is found, into the renamed method the mapping says
// is the planted sink, with role unknown, confidence medium, an
// attribution naming the class and the SDK, and a fingerprint of the SDK
// and the method's shape (the same in every renamed build, not the
// unrenamed build's); every attribution agrees with the mapping; no other
// flow appears: not the planted non-flows, and not the library Relay
// (renamed out of its library namespace, so analysed) handing the query
// to Cuebiq, whose call is not in the app's own namespace.
func TestRenamedGeneric(t *testing.T) {
	ra, db := renamedOf(t, filepath.Join(apks, "trackers-obfuscated.apk"))
	m := readMapping(t, filepath.Join(apks, "trackers-obfuscated.mapping.txt"))
	if n := checkRenamedMapping(t, "trackers-obfuscated.apk", ra, db, m); n == 0 {
		t.Fatal("no renamed class attributed")
	}
	renamedOfOrig := map[string]string{}
	for r, o := range m.class {
		renamedOfOrig[o] = r
	}
	r := fixtureReport(t, "trackers-obfuscated.apk")
	checkRenamedEvidence(t, r, fixtureReport(t, "trackers.apk"), m)
	used := make([]bool, len(r.Flows))
	attributed := map[string]bool{}
	for _, w := range plantedGeneric {
		origClass, rest, _ := strings.Cut(w.sink, "->")
		origName := rest[:strings.IndexByte(rest, '(')]
		cls := renamedOfOrig[origClass]
		if cls == "" {
			t.Fatalf("%s: %s not in the mapping", w.id, origClass)
		}
		id, ok := ra.SDKOf(cls)
		if !ok {
			i := slices.IndexFunc(r.Flows, func(f reports.Flow) bool { return f.SDK != nil && *f.SDK == w.sdk })
			if i >= 0 {
				t.Errorf("%s: %s (%s) not attributed, yet a flow to %s: %+v", w.id, cls, origClass, w.sdk, r.Flows[i].Sink)
			}
			continue
		}
		attributed[w.id] = true
		if id != w.sdk {
			t.Errorf("%s: %s attributed to %s, want %s", w.id, cls, id, w.sdk)
			continue
		}
		i := slices.IndexFunc(r.Flows, func(f reports.Flow) bool {
			c, rest, _ := strings.Cut(f.Sink.Method, "->")
			name := rest[:max(strings.IndexByte(rest, '('), 0)]
			return f.SDK != nil && *f.SDK == w.sdk && c == cls && slices.Contains(m.method[c+"->"+name], origName) && f.Source.Kind == w.kind
		})
		if i < 0 {
			t.Errorf("%s (%s → %s %s, renamed %s) not found", w.id, w.kind, w.sdk, w.sink, cls)
			continue
		}
		used[i] = true
		f := r.Flows[i]
		if f.Rule != w.rule || f.Sink.Arg != w.arg || f.Sink.Role != flows.RoleUnknown || f.Sink.Param != w.param ||
			f.Confidence != reports.Medium || f.Recipient.Vendor != w.vendor {
			t.Errorf("%s: rule %s arg %d role %q param %q confidence %s vendor %q; want %s %d %q %q medium %q",
				w.id, f.Rule, f.Sink.Arg, f.Sink.Role, f.Sink.Param, f.Confidence, f.Recipient.Vendor,
				w.rule, w.arg, flows.RoleUnknown, w.param, w.vendor)
		}
		if !strings.HasPrefix(f.Attribution, dex.JavaName(cls)+" → ") || !strings.Contains(f.Attribution, " → "+db.SDK(w.sdk).Name+": ") ||
			!strings.Contains(f.Attribution, "code holds") {
			t.Errorf("%s: attribution %q, want why %s is %s's", w.id, f.Attribution, dex.JavaName(cls), db.SDK(w.sdk).Name)
		}
		// The first step's method, its class and name as they were before
		// renaming (the mapping), against the planted source method.
		first := f.Path[0].Method
		fc, frest, _ := strings.Cut(first, "->")
		if i := strings.IndexByte(frest, '('); i > 0 {
			if names := m.method[fc+"->"+frest[:i]]; len(names) == 1 {
				frest = names[0] + frest[i:]
			}
		}
		if o, ok := m.class[fc]; ok {
			fc = o
		}
		if !strings.HasPrefix(fc+"->"+frest, w.from) {
			t.Errorf("%s: path from %s (%s before renaming), want %s", w.id, first, fc+"->"+frest, w.from)
		}
		want := flows.FlowFingerprint(w.rule, w.sdk, shapeOf(w.sink), w.kind, "")
		if f.Fingerprint != want {
			t.Errorf("%s: fingerprint %s, want %s (SDK and shape)", w.id, f.Fingerprint, want)
		}
		if f.Fingerprint == flows.FlowFingerprint(w.rule, w.sdk, w.sink, w.kind, "") {
			t.Errorf("%s: fingerprint hashes the unrenamed method name", w.id)
		}
	}
	if len(attributed) == 0 {
		t.Error("no planted generic flow's SDK attributed: the test would check nothing")
	}
	var ids, want []string
	for id := range attributed {
		ids = append(ids, id)
	}
	for id := range renamedGenericIDs {
		want = append(want, id)
	}
	sort.Strings(ids)
	sort.Strings(want)
	if !slices.Equal(ids, want) {
		t.Errorf("attributed planted flows %v, renamedGenericIDs (flow table) %v", ids, want)
	}
	for i, f := range r.Flows {
		if !used[i] {
			last := f.Path[len(f.Path)-1]
			t.Errorf("flow not planted: %s %s → %v %s (call in %s): %s", f.Rule, f.Source.Kind, *f.SDK, f.Sink.Method, last.Class, f.Attribution)
		}
	}
}

// TestRenamedGenericCleanTwin renames trackers-clean the way build.sh
// renames trackers (tools/obfuscate.py, the same keeps) and replaces the
// DEX file of trackers-clean.apk with the result: its SDK calls carry
// constants only, so no flow may appear, though the renamed Cuebiq class
// is attributed (and its methods are generic sinks).
func TestRenamedGenericCleanTwin(t *testing.T) {
	script := `set -eu
FX=$1 ST=$2 SDK=$1/sdk
mkdir -p "$ST/src"
for s in "$FX/trackers-clean/smali" "$SDK/teemo" "$SDK/countly" "$SDK/cuebiq"; do cp -R "$s/." "$ST/src/"; done
python3 "$FX/tools/obfuscate.py" --map "$ST/mapping.txt" --app-package com/example/trackers \
    --keep 'Lcom/example/trackers/MainActivity;' --keep 'Lcom/example/trackers/SearchActivity;' \
    --keep 'Lcom/cuebiq/cuebiqsdk/receiver/CoverageReceiver;' \
    "$ST/src:$ST/obf"
smali assemble -j 1 --api 21 -o "$ST/classes.dex" "$ST/obf"
`
	twin, dir := renamedTwin(t, script, "trackers-clean.apk", "trackers-clean-obfuscated.apk")
	ra, db := renamedOf(t, twin)
	m := readMapping(t, filepath.Join(dir, "mapping.txt"))
	if n := checkRenamedMapping(t, "renamed trackers clean twin", ra, db, m); n == 0 {
		t.Error("no renamed class attributed in the renamed clean twin: the test would not see invented flows")
	}
	r, err := Scan(context.Background(), twin, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Flows {
		t.Errorf("invented flow in the renamed trackers clean twin: %s %v %s ← %s (%s)", f.Rule, *f.SDK, f.Sink.Method, f.Source.Method, f.Attribution)
	}
}
