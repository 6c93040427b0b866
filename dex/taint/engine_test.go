package taint

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/dex"
)

func loadCases(t *testing.T) ([]*dex.File, *dex.Index) {
	t.Helper()
	data, err := os.ReadFile("testdata/cases.dex")
	if err != nil {
		t.Fatalf("testdata/cases.dex: %v (rebuild with testdata/build.sh)", err)
	}
	f, err := dex.Parse("classes.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	idx := dex.NewIndex()
	idx.Add(f)
	return []*dex.File{f}, idx
}

func testConfig() Config {
	return Config{
		Sources: []Source{
			{Kind: "device-id", Pattern: MustPattern("Lt/Src;->secret()")},
			{Kind: "location", Pattern: MustPattern("Lt/Src;->lat()")},
		},
		Callbacks: []Callback{{Kind: "user-input", Class: "Lt/OnEvent;", Name: "onEvent", Params: "Ljava/lang/String;", Args: []int{1}}},
		Sinks: []Sink{
			{ID: "snk", Pattern: MustPattern("Lt/Snk;->*(*)")},
			{ID: "net", Pattern: MustPattern("Lt/Net;->load(Ljava/lang/String;)"), Args: []SinkArg{{Index: 0, Role: "url", Key: NoKey}}, Network: true},
		},
		Propagators: DefaultPropagators(),
		Invokers:    DefaultInvokers(),
		// the manifest's intent filters
		// (of receivers: the case sends a broadcast; a startActivity with
		// the action would not reach them)
		ImplicitTargets: func(kind, action string) []string {
			if kind == "receiver" && action == "case.ACTION" {
				return []string{"Lcase/ImplicitTarget;", "Lcase/NotInApp;"}
			}
			return nil
		},
	}
}

// sinkName is the callee name of the flow's sink step.
func sinkName(f Flow) string {
	last := f.Path[len(f.Path)-1]
	i := strings.Index(last.Insn, "->")
	j := strings.Index(last.Insn, "(")
	if i < 0 || j < i {
		return last.Insn
	}
	return last.Insn[i+2 : j]
}

// shapeCase is one code shape of the test DEX: the class holding the
// source, the sinks its planted flows reach, and the sinks of its clean
// twins (another key, another component, a constant, an overwritten
// value…), which no flow may reach. A class may appear in several rows
// (one per shape); a flow from a listed class to a sink no row of the
// class plants is a false flow.
type shapeCase struct {
	shape string
	class string
	want  []string
	clean []string
}

var shapeCases = []shapeCase{
	{"intra-procedural", "Lcase/Direct;", []string{"send"}, nil},
	{"intra-procedural", "Lcase/Loop;", []string{"send"}, nil},
	{"intra-procedural", "Lcase/TryCatch;", []string{"send"}, nil},
	{"intra-procedural", "Lcase/Wide;", []string{"sendD"}, nil},
	{"intra-procedural", "Lcase/Overwrite;", nil, nil}, // value overwritten before the sink
	{"intra-procedural", "Lcase/WideClean;", nil, nil}, // the other half of a wide pair
	{"branch pruning", "Lcase/Branch;", []string{"send"}, nil},
	{"branch pruning", "Lcase/BranchClean;", nil, nil},
	{"branch pruning", "Lcase/Unreachable;", nil, []string{"sendDead", "sendNever", "sendNever2"}},
	{"exceptions", "Lcase/Throw;", []string{"send"}, nil},
	{"exceptions", "Lcase/Thrower;", []string{"sendThrown"}, nil},
	{"arrays", "Lcase/Arrays;", []string{"send"}, nil},
	{"fields", "Lcase/Fields;", []string{"send", "send"}, nil}, // leak() and leakStatic(); not noLeak()
	{"fresh-object fields", "Lcase/LocalFields;", []string{"sendAfter", "sendSecretKey"}, []string{"sendBefore", "sendOverwritten", "sendPublicKey"}},
	{"method summaries", "Lcase/Summary;", []string{"send", "send", "sendCaller"}, []string{"sendOther"}},
	{"virtual dispatch", "Lcase/Dispatch;", []string{"sendUnknown"}, []string{"sendBlocked"}},
	{"inner class / lambda", "Lcase/Outer;", []string{"sendLambda"}, nil},
	{"callback parameter", "Lcase/Listener;", []string{"sendCallback"}, nil},
	{"URL value", "Lcase/Url;", []string{"load"}, nil},
	{"builder/SDK object (Bundle key)", "Lcase/Keyed;", []string{"sendBundle"}, nil},
	{"Kotlin lambda in field", "Lcase/Kt;", []string{"sendFn"}, []string{"sendFnOther"}},
	{"coroutine hop (launch, withContext)", "Lcase/Co;", []string{"sendCoLaunch", "sendCoWith"}, []string{"sendCoClean"}},
	{"Handler/Executor hop", "Lcase/Hop;", []string{"sendHopExecutor", "sendHopHandler"}, []string{"sendHopClean"}},
	{"sanitiser", "Lcase/Sanit;", []string{"sendDigest", "sendHash"}, []string{"sendLength"}},
	// keyed stores (stores.go, containers.go)
	{"SharedPreferences round trip", "Lcase/Prefs;", []string{"sendPref"}, []string{"sendPrefConst", "sendPrefOtherKey"}},
	{"Intent extras explicit", "Lcase/Sender;", []string{"sendExtra", "sendExtraReceiver", "sendExtraService"}, []string{"sendExtraOtherKey", "sendExtraWrongTarget"}},
	{"Bundle extras across methods", "Lcase/Bundles;", []string{"sendBuilt", "sendBundleExtras", "sendLate", "sendNamed", "sendNested", "sendTyped"}, []string{"sendNestedOtherKey"}},
	{"implicit intent", "Lcase/Bundles;", []string{"sendImplicit"}, []string{"sendImplicitOtherComponent", "sendImplicitUndeclared", "sendImplicitUnknownAction"}},
	{"setResult→onActivityResult", "Lcase/ResultSender;", []string{"sendResult", "sendResultDump"}, []string{"sendResultConst", "sendResultNotIntent", "sendResultUnsent"}},
	{"Messenger / Handler message", "Lcase/MsgSender;", []string{"sendArg1", "sendMsgData"}, []string{"sendArg2", "sendMsgDataConst", "sendMsgDataOtherKey"}},
	{"DataStore round trip", "Lcase/Store;", []string{"sendStore", "sendStoreField"}, []string{"sendStoreConst", "sendStoreFieldOther", "sendStoreOtherKey"}},
	{"Intent action", "Lcase/Action;", []string{"sendAction"}, []string{"sendActionConst"}},
	{"saved instance state", "Lcase/Saved;", []string{"sendSaved"}, []string{"sendSavedConst", "sendSavedOtherClass", "sendSavedOtherKey"}},
}

// shapeRow is the outcome of one shape: flows planted, found, and false
// flows (to a clean twin, or from a case class to a sink it plants none to).
type shapeRow struct {
	shape                  string
	planted, found, falseN int
	wrong                  []string
}

// shapeResults scores the engine's flows on the test DEX against
// shapeCases, in the order shapes first appear.
func shapeResults(t *testing.T) []shapeRow {
	t.Helper()
	files, idx := loadCases(t)
	res := Analyze(context.Background(), files, idx, testConfig())
	if res.Partial {
		t.Fatalf("partial: %s", res.Reason)
	}
	for _, p := range res.Problems {
		t.Errorf("problem: %s: %s", p.Where, p.Err)
	}
	// the sinks the test DEX calls: a clean twin must be a real call
	called := map[string]bool{}
	for _, pre := range []string{"Lt/Snk;", "Lt/Net;"} {
		idx.CallersOfPrefix(pre, func(cs dex.CallSite) bool {
			called[cs.Callee.Name] = true
			return true
		})
	}
	got := map[string][]string{} // class of the source step → sink names
	for _, f := range res.Flows {
		if len(f.Path) == 0 {
			t.Fatalf("flow without path: %+v", f)
		}
		if f.Path[len(f.Path)-1].Kind != "sink" {
			t.Errorf("path does not end at the sink: %+v", f.Path)
		}
		if k := f.Path[0].Kind; k != "source" && k != "callback" {
			t.Errorf("path does not start at the source: %+v", f.Path)
		}
		c := f.Path[0].Class
		got[c] = append(got[c], sinkName(f))
	}
	var rows []shapeRow
	row := func(shape string) *shapeRow {
		for i := range rows {
			if rows[i].shape == shape {
				return &rows[i]
			}
		}
		rows = append(rows, shapeRow{shape: shape})
		return &rows[len(rows)-1]
	}
	cleanSinks := map[string]string{} // clean twin sink → shape
	planted := map[string]bool{}      // class+" "+sink planted by some row
	for _, sc := range shapeCases {
		for _, w := range sc.want {
			planted[sc.class+" "+w] = true
		}
		for _, c := range sc.clean {
			if !called[c] {
				t.Errorf("%s: clean twin %s is not called in the test DEX", sc.shape, c)
			}
			cleanSinks[c] = sc.shape
		}
	}
	listed := map[string]int{} // class → index of its first row
	for i, sc := range shapeCases {
		r := row(sc.shape)
		r.planted += len(sc.want)
		if _, ok := listed[sc.class]; !ok {
			listed[sc.class] = i
		}
		// multiset match of the planted sinks against the class's flows
		left := map[string]int{}
		for _, s := range got[sc.class] {
			left[s]++
		}
		for _, w := range sc.want {
			if left[w] > 0 {
				left[w]--
				r.found++
			}
		}
	}
	for c, sinks := range got {
		for _, s := range sinks {
			if shape, ok := cleanSinks[s]; ok {
				r := row(shape)
				r.falseN++
				r.wrong = append(r.wrong, c+" → "+s)
				continue
			}
			i, ok := listed[c]
			if !ok {
				t.Errorf("unexpected flow from %s to %s (no shape lists the class)", c, s)
				continue
			}
			if !planted[c+" "+s] {
				r := row(shapeCases[i].shape)
				r.falseN++
				r.wrong = append(r.wrong, c+" → "+s)
			}
		}
	}
	// extra flows to a planted sink (more than planted) are false too
	for c, sinks := range got {
		n := map[string]int{}
		for _, s := range sinks {
			n[s]++
		}
		want := map[string]int{}
		first := -1
		for i, sc := range shapeCases {
			if sc.class != c {
				continue
			}
			if first < 0 {
				first = i
			}
			for _, w := range sc.want {
				want[w]++
			}
		}
		for s, k := range n {
			if first >= 0 && want[s] > 0 && k > want[s] {
				r := row(shapeCases[first].shape)
				r.falseN += k - want[s]
				r.wrong = append(r.wrong, fmt.Sprintf("%s → %s ×%d", c, s, k))
			}
		}
	}
	for i := range rows {
		sort.Strings(rows[i].wrong)
	}
	return rows
}

func TestEngineCases(t *testing.T) {
	for _, r := range shapeResults(t) {
		if r.found != r.planted || r.falseN > 0 {
			t.Errorf("%s: %d of %d planted flows found, %d false flows %v", r.shape, r.found, r.planted, r.falseN, r.wrong)
		}
	}
}

// TestShapeTable logs (with -v) the markdown table of the code shapes the
// engine follows, computed from its results on the test DEX, for the
// README; it fails where a planted flow is missed or a clean twin leaks.
func TestShapeTable(t *testing.T) {
	rows := shapeResults(t)
	var b strings.Builder
	b.WriteString("| shape | planted | found | false flows (clean twins) |\n|---|---:|---:|---:|\n")
	var tp, tf, tx int
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", r.shape, r.planted, r.found, r.falseN)
		tp, tf, tx = tp+r.planted, tf+r.found, tx+r.falseN
		if r.found != r.planted || r.falseN > 0 {
			t.Errorf("%s: %d of %d planted flows found, %d false flows %v", r.shape, r.found, r.planted, r.falseN, r.wrong)
		}
	}
	fmt.Fprintf(&b, "| **all** | %d | %d | %d |\n", tp, tf, tx)
	t.Log("\n" + b.String())
}

func findFlow(t *testing.T, res *Result, class string) Flow {
	t.Helper()
	for _, f := range res.Flows {
		if f.Path[0].Class == class {
			return f
		}
	}
	t.Fatalf("no flow from %s", class)
	return Flow{}
}

func TestEngineValueAndKey(t *testing.T) {
	files, idx := loadCases(t)
	res := Analyze(context.Background(), files, idx, testConfig())
	u := findFlow(t, res, "Lcase/Url;")
	if want := `"https://cdn.example.com/img/" + «device-id» + ".jpg"`; u.Value != want {
		t.Errorf("value = %s, want %s", u.Value, want)
	}
	if u.Prefix != "https://cdn.example.com/img/" {
		t.Errorf("prefix = %q", u.Prefix)
	}
	k := findFlow(t, res, "Lcase/Keyed;")
	keys := ""
	for _, s := range k.Path {
		keys += s.Key
	}
	if keys != "search_term" {
		t.Errorf("keys along the path = %q, want search_term; path %+v", keys, k.Path)
	}
	l := findFlow(t, res, "Lcase/Listener;")
	if !l.Callback || l.Kind != "user-input" || l.Source != "Lt/OnEvent;->onEvent(Ljava/lang/String;)V" {
		t.Errorf("callback flow = %+v", l)
	}
	// The inner-class flow crosses the constructor, the field and the
	// synthetic lambda method.
	o := findFlow(t, res, "Lcase/Outer;")
	var kinds []string
	for _, s := range o.Path {
		kinds = append(kinds, s.Kind)
	}
	if !slices.Contains(kinds, "field-write") || !slices.Contains(kinds, "field-read") || !slices.Contains(kinds, "call") {
		t.Errorf("inner-class path kinds = %v", kinds)
	}
}

func TestEngineBudget(t *testing.T) {
	files, idx := loadCases(t)
	cfg := testConfig()
	cfg.Budget.MaxSteps = 10
	res := Analyze(context.Background(), files, idx, cfg)
	if !res.Partial || !strings.Contains(res.Reason, "budget") {
		t.Errorf("partial = %v %q, want a budget stop", res.Partial, res.Reason)
	}
	// A cancelled context may stop early or finish before it notices; it
	// must say which: partial with the context as the reason, or the
	// complete result.
	full := Analyze(context.Background(), files, idx, testConfig())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = Analyze(ctx, files, idx, testConfig())
	switch {
	case res.Partial && !strings.Contains(res.Reason, "context canceled"):
		t.Errorf("cancelled run partial for another reason: %q", res.Reason)
	case !res.Partial && len(res.Flows) != len(full.Flows):
		t.Errorf("cancelled run not marked partial but has %d flows, full run %d", len(res.Flows), len(full.Flows))
	}
	// The class-member budget bounds decoding (shared class_data attack).
	cfg = testConfig()
	cfg.Budget.MaxClassMembers = 1
	res = Analyze(context.Background(), files, idx, cfg)
	if !res.Partial || !strings.Contains(res.Reason, "decoded class members") {
		t.Errorf("member budget: partial = %v %q", res.Partial, res.Reason)
	}
}

func TestEngineDeterministic(t *testing.T) {
	files, idx := loadCases(t)
	a := Analyze(context.Background(), files, idx, testConfig())
	b := Analyze(context.Background(), files, idx, testConfig())
	if len(a.Flows) != len(b.Flows) {
		t.Fatalf("%d vs %d flows", len(a.Flows), len(b.Flows))
	}
	for i := range a.Flows {
		if a.Flows[i].Value != b.Flows[i].Value || len(a.Flows[i].Path) != len(b.Flows[i].Path) || a.Flows[i].Path[0] != b.Flows[i].Path[0] {
			t.Errorf("flow %d differs", i)
		}
	}
}

func TestPatternAndValue(t *testing.T) {
	p := MustPattern("Ljava/lang/StringBuilder;|Ljava/lang/StringBuffer;->append(*)")
	if !p.matchesMember("append", "I") || !p.matchesClass("Ljava/lang/StringBuffer;") || p.matchesClass("Ljava/lang/String;") {
		t.Error("pattern match")
	}
	if _, err := ParsePattern("nope"); err == nil {
		t.Error("bad pattern accepted")
	}
	v := concatVal(concatVal(litVal("a"), holeVal(sourceOrigin(0))), litVal("b"))
	if s := v.render(func(Origin) string { return "k" }); s != `"a" + «k» + "b"` {
		t.Errorf("render = %s", s)
	}
	big := emptyVal
	for i := 0; i < 100; i++ {
		big = concatVal(big, holeVal(paramOrigin(i%3)))
	}
	if len(big.parts) > maxValParts {
		t.Errorf("value not bounded: %d parts", len(big.parts))
	}
	if got := dex.SplitTypes("IJLjava/lang/String;[[DZ"); !slices.Equal(got, []string{"I", "J", "Ljava/lang/String;", "[[D", "Z"}) {
		t.Errorf("paramTypes = %v", got)
	}
}

// TestSinkFor: sinks chosen by a predicate on the callee find the same
// flows as the pattern they replace, are asked only about calls no pattern
// matches, and as boundary sinks watch declared arguments, not the
// receiver.
func TestSinkFor(t *testing.T) {
	files, idx := loadCases(t)
	cfg := testConfig()
	cfg.Sinks = slices.DeleteFunc(slices.Clone(cfg.Sinks), func(s Sink) bool { return s.ID == "snk" })
	boundary := map[string]*Sink{}
	asked := map[string]int{}
	cfg.SinkFor = func(m dex.MethodRef) *Sink {
		asked[m.String()]++
		if m.Class != "Lt/Snk;" && m.Class != "Lt/Sdk;" {
			return nil
		}
		s := boundary[m.String()]
		if s == nil {
			s = &Sink{ID: "boundary:" + m.String(), Pattern: MustPattern(m.Class + "->" + m.Name + "(*)"), Boundary: true}
			boundary[m.String()] = s
		}
		return s
	}
	res := Analyze(context.Background(), files, idx, cfg)
	if res.Partial {
		t.Fatalf("partial: %s", res.Reason)
	}
	pattern := Analyze(context.Background(), files, idx, testConfig())
	count := func(r *Result) map[string]int {
		n := map[string]int{}
		for _, f := range r.Flows {
			n[f.Path[0].Class+" "+sinkName(f)]++
		}
		return n
	}
	got, want := count(res), count(pattern)
	if got["Lcase/Boundary; tag"] != 1 {
		t.Errorf("Boundary.run: %d flows to tag, want 1", got["Lcase/Boundary; tag"])
	}
	delete(got, "Lcase/Boundary; tag")
	if len(got) != len(want) {
		t.Errorf("SinkFor flows %v, pattern flows %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d flows through SinkFor, %d through the pattern", k, got[k], n)
		}
	}
	for _, f := range res.Flows {
		if !f.Sink.Boundary && f.Sink.ID != "net" {
			t.Errorf("flow to %s: not a boundary sink", f.Sink.ID)
		}
		if f.Path[0].Class != "Lcase/Boundary;" {
			continue
		}
		if f.SinkMethod != "Lt/Sdk;->tag(Ljava/lang/String;Ljava/lang/String;)V" || f.Arg.Index != 2 || f.Key != "query" {
			t.Errorf("Boundary.run: sink %s arg %d key %q, want tag arg 2 key query", f.SinkMethod, f.Arg.Index, f.Key)
		}
		if strings.Contains(f.Path[0].Method, "receiverOnly") {
			t.Errorf("receiverOnly: data in the receiver reported: %+v", f)
		}
	}
	for m, n := range asked {
		if strings.HasPrefix(m, "Lt/Net;->load(") {
			t.Errorf("SinkFor asked about %s, which a pattern matches", m)
		}
		if n != 1 {
			t.Errorf("SinkFor asked %d times about %s", n, m)
		}
	}
	if asked["Lt/Sdk;->flush()V"] != 1 {
		t.Errorf("SinkFor never asked about Lt/Sdk;->flush()V: %v", asked)
	}
}

// The keyed-store flows go through a pseudo-field named by the key, and a
// Kotlin lambda called through FunctionN is an imprecise dispatch.
func TestEngineStores(t *testing.T) {
	files, idx := loadCases(t)
	res := Analyze(context.Background(), files, idx, testConfig())
	for _, tc := range []struct{ class, sink, key, reader string }{
		{"Lcase/Prefs;", "sendPref", "uid", "Lcase/PrefsRead;"},
		{"Lcase/Sender;", "sendExtra", "imei", "Lcase/Target;"},
		{"Lcase/Sender;", "sendExtraService", "imei2", "Lcase/OtherTarget$Worker;"},
		{"Lcase/Sender;", "sendExtraReceiver", "imsi", "Lcase/Receiver;"},
		{"Lcase/ResultSender;", "sendResult", "token", "Lcase/ResultReader;"},
		{"Lcase/ResultSender;", "sendResultDump", "token", "Lcase/ResultReader;"},
		{"Lcase/MsgSender;", "sendMsgData", "k", "Lcase/MsgHandler;"},
		{"Lcase/MsgSender;", "sendArg1", "arg1", "Lcase/MsgHandler;"},
		{"Lcase/Saved;", "sendSaved", "uid", "Lcase/Saved;"},
		{"Lcase/Bundles;", "sendBundleExtras", "acct", "Lcase/BundleTarget;"},
		{"Lcase/Bundles;", "sendNested", "nested.deep", "Lcase/BundleTarget;"},
		{"Lcase/Bundles;", "sendLate", "late", "Lcase/BundleTarget;"},
		{"Lcase/Bundles;", "sendImplicit", "act", "Lcase/ImplicitTarget;"},
		{"Lcase/Store;", "sendStore", "token", "Lcase/StoreRead;"},
		{"Lcase/Store;", "sendStoreField", "field Lcase/StoreKeys;->TOKEN:Landroidx/datastore/preferences/core/Preferences$Key;", "Lcase/StoreRead;"},
	} {
		var f *Flow
		for i := range res.Flows {
			if res.Flows[i].Path[0].Class == tc.class && sinkName(res.Flows[i]) == tc.sink {
				f = &res.Flows[i]
			}
		}
		if f == nil {
			t.Errorf("no flow %s → %s", tc.class, tc.sink)
			continue
		}
		var put, get bool
		for _, s := range f.Path {
			switch {
			case s.Kind == "field-write" && s.Key == tc.key && s.Class == tc.class:
				put = true
			case s.Kind == "field-read" && s.Class == tc.reader:
				get = true
			}
		}
		if !put || !get {
			t.Errorf("%s → %s: path lacks the store write (key %s) or the read in %s: %+v", tc.class, tc.sink, tc.key, tc.reader, f.Path)
		}
	}
	k := findFlow(t, res, "Lcase/Kt;")
	if !k.Heuristic {
		t.Errorf("lambda flow through FunctionN.invoke not marked heuristic: %+v", k)
	}
}

func TestTopLevel(t *testing.T) {
	for in, want := range map[string]string{
		"La/B$c$1;":                       "La/B;",
		"La/B$$ExternalSyntheticLambda0;": "La/B;",
		"La/-$$Lambda$B$xyz;":             "La/B;",
		"LB;":                             "LB;",
		"La/B;":                           "La/B;",
	} {
		if got := topLevel(in); got != want {
			t.Errorf("topLevel(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]bool{
		"Lkotlin/jvm/functions/Function0;": true, "Lkotlin/jvm/functions/Function22;": true,
		"Lkotlin/jvm/functions/FunctionN;": true, "Lkotlin/jvm/functions/Function;": false,
		"Lkotlin/jvm/functions/Function1x;": false, "Lkotlin/Function;": false,
	} {
		if got := isKotlinFunction(in); got != want {
			t.Errorf("isKotlinFunction(%s) = %v", in, got)
		}
	}
}

// A flow whose sink only hands the data to a keyed store the engine
// follows further is reported at the reader's sink only; a store nothing
// reads keeps its sink flow.
func TestEngineStoreHops(t *testing.T) {
	files, idx := loadCases(t)
	cfg := testConfig()
	cfg.Sinks = append(cfg.Sinks,
		Sink{ID: "icc", Pattern: MustPattern("Landroid/content/Context;->start*(*)")},
		Sink{ID: "icc", Pattern: MustPattern("Landroid/content/Context;->sendBroadcast(*)")},
		Sink{ID: "icc", Pattern: MustPattern("Landroid/app/Activity;->setResult(ILandroid/content/Intent;)"), Args: []SinkArg{{Index: 2, Key: NoKey}}},
		Sink{ID: "prefs", Pattern: MustPattern("Landroid/content/SharedPreferences$Editor;->put*(*)"), Args: []SinkArg{{Index: 2, Key: NoKey}}})
	res := Analyze(context.Background(), files, idx, cfg)
	got := map[string][]string{}
	for _, f := range res.Flows {
		c := f.Path[0].Class
		if c == "Lcase/Prefs;" || c == "Lcase/Sender;" || c == "Lcase/ResultSender;" || c == "Lcase/Bundles;" {
			got[c] = append(got[c], sinkName(f))
		}
	}
	for c := range got {
		sort.Strings(got[c])
	}
	want := map[string][]string{
		// putString("uid") is followed to sendPref; putString("unread") stays
		"Lcase/Prefs;": {"putString", "sendPref"},
		// startActivity, startService and sendBroadcast are all followed
		"Lcase/Sender;": {"sendExtra", "sendExtraReceiver", "sendExtraService"},
		// setResult is followed to onActivityResult
		"Lcase/ResultSender;": {"sendResult", "sendResultDump"},
		// the deliveries in the method are followed; startActivity of the
		// intent built in another method (build) keeps its flow, and so does
		// the broadcast whose action is not a constant (not followed)
		"Lcase/Bundles;": {"sendBroadcast", "sendBuilt", "sendBundleExtras", "sendImplicit", "sendLate", "sendNamed", "sendNested", "sendTyped", "startActivity"},
	}
	for c, w := range want {
		if !slices.Equal(got[c], w) {
			t.Errorf("%s: flows %v, want %v", c, got[c], w)
		}
	}
}
