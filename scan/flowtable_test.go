package scan

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
)

// tableFlow is a planted flow as the per-SDK table counts it: the SDK it
// reaches, the kind of user data and how apkscan is expected to find it.
type tableFlow struct {
	id, sdk, kind, rule string
}

// flowTableFixtures are the fixtures with planted flows (testdata/
// fixtures/README.md) and their clean twins (planted: none). "via" says
// how the SDK's sink is known: a curated spec, the generic SDK boundary,
// a curated spec mapped onto renamed (R8) classes, or the generic SDK
// boundary on renamed classes (renamed-generic).
var flowTableFixtures = []struct {
	apk, via string
	planted  []tableFlow
}{
	{"medbook.apk", "curated", fromPlanted(append(slices.Clone(plantedF1toF5), plantedF6))},
	{"medbook-v2.apk", "curated", fromPlanted(append(slices.Clone(plantedF1toF5), plantedF7))},
	{"medbook-clean.apk", "curated", nil},
	{"trackers.apk", "generic", fromGeneric(plantedGeneric)},
	{"trackers-clean.apk", "generic", nil},
	{"medbook-obfuscated.apk", "renamed", renamedPlanted()},
	{"trackers-obfuscated.apk", "renamed-generic", renamedGenericPlanted()},
}

func fromPlanted(ps []plantedFlow) []tableFlow {
	var out []tableFlow
	for _, p := range ps {
		out = append(out, tableFlow{p.id, p.sdk, p.kind, p.rule})
	}
	return out
}

func fromGeneric(gs []genericFlow) []tableFlow {
	var out []tableFlow
	for _, g := range gs {
		out = append(out, tableFlow{g.id, g.sdk, g.kind, g.rule})
	}
	return out
}

// renamedIDs are the flows of medbook.apk that TestRenamedObfuscated
// expects in its renamed build (all of them: F4's Glide sink through
// Glide's code strings).
var renamedIDs = map[string]bool{"F1": true, "F2": true, "F3": true, "F4": true, "F5": true, "F6": true}

// renamedPlanted: the flows planted in medbook.apk expected in its renamed
// build.
func renamedPlanted() []tableFlow {
	var out []tableFlow
	for _, p := range fromPlanted(append(slices.Clone(plantedF1toF5), plantedF6)) {
		if renamedIDs[p.id] {
			out = append(out, p)
		}
	}
	return out
}

// TestFlowTable scans every fixture with planted flows and its clean twin
// and counts, per SDK and way of knowing its sink, the planted flows found
// and the flows found that were not planted (false flows). It fails on any
// miss or false flow; with -v it logs the table the README's "Flows per
// SDK" section shows.
func TestFlowTable(t *testing.T) {
	type row struct {
		sdk, via        string
		planted, found  int
		falseFlows      int
		fixtures, kinds []string
	}
	rows := map[string]*row{}
	get := func(sdk, via string) *row {
		k := sdk + "\x00" + via
		if rows[k] == nil {
			rows[k] = &row{sdk: sdk, via: via}
		}
		return rows[k]
	}
	for _, fx := range flowTableFixtures {
		got := fixtureReport(t, fx.apk).Flows
		used := make([]bool, len(got))
		for _, p := range fx.planted {
			r := get(p.sdk, fx.via)
			r.planted++
			r.fixtures = union1(r.fixtures, fx.apk)
			r.kinds = union1(r.kinds, p.kind)
			i := slices.IndexFunc(got, func(f reports.Flow) bool {
				return f.SDK != nil && *f.SDK == p.sdk && f.Source.Kind == p.kind && f.Rule == p.rule
			})
			for i >= 0 && used[i] {
				j := slices.IndexFunc(got[i+1:], func(f reports.Flow) bool {
					return f.SDK != nil && *f.SDK == p.sdk && f.Source.Kind == p.kind && f.Rule == p.rule
				})
				if j < 0 {
					i = -1
					break
				}
				i += 1 + j
			}
			if i < 0 {
				t.Errorf("%s: planted %s (%s → %s) not found", fx.apk, p.id, p.kind, p.sdk)
				continue
			}
			used[i] = true
			r.found++
		}
		for i, f := range got {
			if used[i] {
				continue
			}
			sdk := "(no SDK)"
			if f.SDK != nil {
				sdk = *f.SDK
			}
			r := get(sdk, fx.via)
			r.falseFlows++
			r.fixtures = union1(r.fixtures, fx.apk)
			t.Errorf("%s: flow not planted: %s %s → %s %s", fx.apk, f.Rule, f.Source.Kind, sdk, f.Sink.Method)
		}
	}
	var list []*row
	for _, r := range rows {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].via != list[j].via {
			return viaOrder(list[i].via) < viaOrder(list[j].via)
		}
		return list[i].sdk < list[j].sdk
	})
	var b strings.Builder
	b.WriteString("| SDK | sink known from | data kinds | planted | found | false flows | fixtures |\n|---|---|---|---:|---:|---:|---|\n")
	var tp, tf, tx int
	for _, r := range list {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d | %s |\n", r.sdk, r.via, strings.Join(r.kinds, ", "), r.planted, r.found, r.falseFlows, strings.Join(r.fixtures, ", "))
		tp, tf, tx = tp+r.planted, tf+r.found, tx+r.falseFlows
	}
	fmt.Fprintf(&b, "| all | | | %d | %d | %d | |\n", tp, tf, tx)
	t.Logf("flows per SDK:\n%s", b.String())
}

func viaOrder(v string) int {
	return slices.Index([]string{"curated", "generic", "renamed", "renamed-generic"}, v)
}

func union1(xs []string, x string) []string {
	if !slices.Contains(xs, x) {
		xs = append(xs, x)
	}
	return xs
}
