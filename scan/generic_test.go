package scan

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// genericFlow is one generic SDK-boundary flow planted in
// testdata/fixtures/trackers (see testdata/fixtures/README.md).
type genericFlow struct {
	id, rule, sdk, vendor, sink, kind, param string
	arg                                      int
	from                                     string // first path step's method prefix
}

var plantedGeneric = []genericFlow{
	{id: "G1", rule: reports.RuleSearchToSDK, sdk: "teemo", vendor: "Teemo", kind: flows.KindSearch, arg: 1,
		sink: "Lcom/databerries/Teemo;->send(Lcom/databerries/Event;)V", from: "Lcom/example/trackers/SearchActivity;->onQueryTextSubmit"},
	{id: "G2", rule: reports.RuleURLToSDK, sdk: "countly", vendor: "Countly", kind: flows.KindURL, arg: 2, param: "url",
		sink: "Lly/count/android/sdk/Countly;->recordEvent(Ljava/lang/String;Ljava/util/Map;)V", from: "Lcom/example/trackers/PageClient;->onPageFinished"},
	{id: "G3", rule: reports.RuleInputToSDK, sdk: "cuebiq", vendor: "Cuebiq (Spectus)", kind: flows.KindInput, arg: 1, param: "nickname",
		sink: "Lcom/cuebiq/cuebiqsdk/model/Collector;->setUserTag(Ljava/lang/String;Ljava/lang/String;)V", from: "Lcom/example/trackers/MainActivity;->onCreate"},
	{id: "G4", rule: reports.RuleInputToSDK, sdk: "countly", vendor: "Countly", kind: flows.KindInput, arg: 2, param: "feedback",
		sink: "Lly/count/android/sdk/Countly;->recordEvent(Ljava/lang/String;Lorg/json/JSONObject;)V", from: "Lcom/example/trackers/MainActivity;->onCreate"},
}

// TestGenericBoundaryFlows: user data the app's own code hands to
// Exodus-only trackers (no curated sinks) is found through the generic
// SDK-boundary sink, exactly once per hand-off, with role unknown and
// confidence medium; getters, toString, equals, constants and library
// code calling the SDK are not flows; the clean twin has none.
func TestGenericBoundaryFlows(t *testing.T) {
	r := fixtureReport(t, "trackers.apk")
	got := r.Flows
	if len(got) != len(plantedGeneric) {
		for _, f := range got {
			t.Logf("got %s %v %s arg %d ← %s", f.Rule, f.SDK, f.Sink.Method, f.Sink.Arg, f.Source.Method)
		}
		t.Fatalf("trackers.apk: %d flows, want %d", len(got), len(plantedGeneric))
	}
	for _, w := range plantedGeneric {
		i := slices.IndexFunc(got, func(f reports.Flow) bool {
			return f.SDK != nil && *f.SDK == w.sdk && f.Sink.Method == w.sink && f.Source.Kind == w.kind
		})
		if i < 0 {
			t.Errorf("%s (%s → %s %s) not found", w.id, w.kind, w.sdk, w.sink)
			continue
		}
		f := got[i]
		if f.Rule != w.rule || f.Sink.Arg != w.arg || f.Sink.Role != flows.RoleUnknown || f.Sink.Param != w.param ||
			f.Confidence != reports.Medium || f.Recipient.Vendor != w.vendor || f.Recipient.Host != "" {
			t.Errorf("%s: rule %s arg %d role %q param %q confidence %s vendor %q host %q; want %s %d %q %q medium %q \"\"",
				w.id, f.Rule, f.Sink.Arg, f.Sink.Role, f.Sink.Param, f.Confidence, f.Recipient.Vendor, f.Recipient.Host,
				w.rule, w.arg, flows.RoleUnknown, w.param, w.vendor)
		}
		first, last := f.Path[0], f.Path[len(f.Path)-1]
		if !strings.HasPrefix(first.Method, w.from) || last.Kind != "sink" {
			t.Errorf("%s: path %s … %s (%s), want from %s to a sink", w.id, first.Method, last.Method, last.Kind, w.from)
		}
		if want := flows.FlowFingerprint(w.rule, w.sdk, w.sink, w.kind, ""); f.Fingerprint != want {
			t.Errorf("%s: fingerprint %s, want %s", w.id, f.Fingerprint, want)
		}
	}
	// G1 goes through the SDK's builder: one flow at send, not another at
	// setQuery.
	for _, f := range got {
		if f.Sink.Method == "Lcom/databerries/EventBuilder;->setQuery(Ljava/lang/String;)Lcom/databerries/EventBuilder;" {
			t.Errorf("builder setter reported on its own: %+v", f.Sink)
		}
	}
	if c := fixtureReport(t, "trackers-clean.apk"); len(c.Flows) != 0 {
		t.Errorf("trackers-clean.apk: %d flows, want 0: %+v", len(c.Flows), c.Flows)
	}
}

// genericDB is the built-in database with data/taint/generic_sinks.yaml
// replaced by text.
func genericDB(t *testing.T, text string) *sdkdb.DB {
	t.Helper()
	m := fstest.MapFS{}
	src := sdkdb.EmbeddedFS()
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m["taint/generic_sinks.yaml"]; !ok {
		t.Fatal("taint/generic_sinks.yaml missing from the built-in data")
	}
	m["taint/generic_sinks.yaml"] = &fstest.MapFile{Data: []byte(text)}
	db, err := sdkdb.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGenericBoundaryRules: the categories and the exclusions of
// generic_sinks.yaml are what decide; without the exclusions, equals(text)
// on a Teemo object would be a flow; without the categories, nothing is.
func TestGenericBoundaryRules(t *testing.T) {
	p := filepath.Join(apks, "trackers.apk")
	scanWith := func(text string) []reports.Flow {
		r, err := Scan(context.Background(), p, Options{DB: genericDB(t, text)})
		if err != nil {
			t.Fatal(err)
		}
		return r.Flows
	}
	noExcl := scanWith("generic_sink_categories: [analytics, location]\n")
	if len(noExcl) != len(plantedGeneric)+1 || !slices.ContainsFunc(noExcl, func(f reports.Flow) bool {
		return f.Sink.Method == "Lcom/databerries/Event;->equals(Ljava/lang/Object;)Z" && f.Sink.Arg == 1
	}) {
		for _, f := range noExcl {
			t.Logf("got %s arg %d", f.Sink.Method, f.Sink.Arg)
		}
		t.Errorf("without exclusions: %d flows, want %d with Event.equals", len(noExcl), len(plantedGeneric)+1)
	}
	if f := scanWith("generic_sink_categories: [payments]\n"); len(f) != 0 {
		t.Errorf("no tracker in the generic categories: %d flows, want 0", len(f))
	}
}
