package scan

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/errs"
	"github.com/apkscan/apkscan/reports"
)

// plantedFlow is one row of the ground truth in testdata/fixtures/README.md.
type plantedFlow struct {
	id, rule, sdk, sink, kind, source, param string
	host                                     string
	// first and last path steps: "Class;->method@pc" prefixes
	from, to string
	value    string
}

const (
	pinpointRecord = "Lcom/amazonaws/mobileconnectors/pinpoint/analytics/AnalyticsClient;->recordEvent(Lcom/amazonaws/mobileconnectors/pinpoint/analytics/AnalyticsEvent;)V"
	firebaseLog    = "Lcom/google/firebase/analytics/FirebaseAnalytics;->logEvent(Ljava/lang/String;Landroid/os/Bundle;)V"
	gaSend         = "Lcom/google/android/gms/analytics/Tracker;->send(Ljava/util/Map;)V"
	glideLoad      = "Lcom/bumptech/glide/RequestManager;->load(Ljava/lang/String;)Lcom/bumptech/glide/RequestBuilder;"
	cloudinaryGen  = "Lcom/cloudinary/Url;->generate(Ljava/lang/String;)Ljava/lang/String;"
	segmentTrack   = "Lcom/segment/analytics/Analytics;->track(Ljava/lang/String;Lcom/segment/analytics/Properties;)V"
	onQuerySubmit  = "Landroid/widget/SearchView$OnQueryTextListener;->onQueryTextSubmit(Ljava/lang/String;)Z"
	intentGetData  = "Landroid/content/Intent;->getData()Landroid/net/Uri;"
)

var plantedF1toF5 = []plantedFlow{
	{id: "F1", rule: reports.RuleURLToSDK, sdk: "aws-pinpoint", sink: pinpointRecord, kind: flows.KindURL,
		source: "Landroid/webkit/WebViewClient;->onPageFinished(Landroid/webkit/WebView;Ljava/lang/String;)V", param: "url",
		from: "Lcom/example/medbook/MedWebViewClient;->onPageFinished", to: "Lcom/example/medbook/MedWebViewClient;->onPageFinished"},
	{id: "F2", rule: reports.RuleSearchToSDK, sdk: "google-firebase-analytics", sink: firebaseLog, kind: flows.KindSearch, source: onQuerySubmit, param: "search_term",
		from: "Lcom/example/medbook/SearchListener;->onQueryTextSubmit", to: "Lcom/example/medbook/SearchListener;->onQueryTextSubmit"},
	{id: "F3", rule: reports.RuleSearchToSDK, sdk: "google-analytics", sink: gaSend, kind: flows.KindSearch, source: onQuerySubmit, param: "label",
		from: "Lcom/example/medbook/SearchListener;->onQueryTextSubmit", to: "Lcom/example/medbook/SearchListener;->onQueryTextSubmit"},
	{id: "F4", rule: reports.RuleInputToHost, sdk: "cloudinary", sink: glideLoad, kind: flows.KindIntentData, source: intentGetData, host: "res.cloudinary.com",
		from: "Lcom/example/medbook/DoctorActivity;->onCreate", to: "Lcom/example/medbook/DoctorImages;->loadPhoto",
		value: `"https://res.cloudinary.com/medbook/image/upload/doctors/" + «intent-data» + ".jpg"`},
	{id: "F5", rule: reports.RuleInputToSDK, sdk: "cloudinary", sink: cloudinaryGen, kind: flows.KindIntentData, source: intentGetData,
		from: "Lcom/example/medbook/DoctorActivity;->onCreate", to: "Lcom/example/medbook/DoctorImages;->cloudinaryUrl"},
}

var plantedF6 = plantedFlow{id: "F6", rule: reports.RuleInputToSDK, sdk: "segment", sink: segmentTrack, kind: flows.KindInput,
	source: "Landroid/widget/EditText;->getText()Landroid/text/Editable;", param: "reason",
	from: "Lcom/example/medbook/BookingActivity;->onClick", to: "Lcom/example/medbook/BookingTracker;->trackBooking"}

var plantedF7 = plantedFlow{id: "F7", rule: reports.RuleLocationToSDK, sdk: "google-firebase-analytics", sink: firebaseLog, kind: flows.KindLocation,
	source: "Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;", param: "lat",
	from: "Lcom/example/medbook/NearbyDoctors;->report", to: "Lcom/example/medbook/NearbyDoctors;->report"}

func checkFlows(t *testing.T, name string, got []reports.Flow, want []plantedFlow) {
	t.Helper()
	if len(got) != len(want) {
		for _, f := range got {
			t.Logf("%s: got %s %v %s ← %s", name, f.Rule, f.SDK, f.Sink.Method, f.Source.Method)
		}
		t.Fatalf("%s: %d flows, want %d", name, len(got), len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(f reports.Flow) bool {
			return f.Rule == w.rule && f.SDK != nil && *f.SDK == w.sdk && f.Sink.Method == w.sink && f.Source.Kind == w.kind
		})
		if i < 0 {
			t.Errorf("%s: %s (%s %s → %s) not found", name, w.id, w.kind, w.sdk, w.sink)
			continue
		}
		f := got[i]
		if f.Source.Method != w.source || f.Sink.Param != w.param || f.Recipient.Host != w.host {
			t.Errorf("%s: %s: source %s param %q host %q; want %s %q %q", name, w.id, f.Source.Method, f.Sink.Param, f.Recipient.Host, w.source, w.param, w.host)
		}
		if w.value != "" && f.Value != w.value {
			t.Errorf("%s: %s: value %s, want %s", name, w.id, f.Value, w.value)
		}
		first, last := f.Path[0], f.Path[len(f.Path)-1]
		if !strings.HasPrefix(first.Method, w.from) || !strings.HasPrefix(last.Method, w.to) || last.Kind != "sink" {
			t.Errorf("%s: %s: path %s … %s (%s), want %s … %s", name, w.id, first.Method, last.Method, last.Kind, w.from, w.to)
		}
		if want := flows.FlowFingerprint(f.Rule, w.sdk, w.sink, w.kind, w.host); f.Fingerprint != want {
			t.Errorf("%s: %s: fingerprint %s, want %s", name, w.id, f.Fingerprint, want)
		}
	}
}

// TestPlantedFlows checks the fixtures against the planted flows of
// testdata/fixtures/README.md.
func TestPlantedFlows(t *testing.T) {
	r := fixtureReport(t, "medbook.apk")
	checkFlows(t, "medbook.apk", r.Flows, append(slices.Clone(plantedF1toF5), plantedF6))
	// F6 crosses the two DEX files through the field.
	for _, f := range r.Flows {
		if f.Source.Kind != flows.KindInput {
			continue
		}
		files := map[string]bool{}
		kinds := []string{}
		for _, s := range f.Path {
			files[s.File] = true
			kinds = append(kinds, s.Kind)
		}
		if !files["classes.dex"] || !files["classes2.dex"] || !slices.Contains(kinds, "field-write") || !slices.Contains(kinds, "field-read") {
			t.Errorf("F6 path: files %v, kinds %v", files, kinds)
		}
	}
	checkFlows(t, "medbook-clean.apk", fixtureReport(t, "medbook-clean.apk").Flows, nil)
	checkFlows(t, "medbook-v2.apk", fixtureReport(t, "medbook-v2.apk").Flows, append(slices.Clone(plantedF1toF5), plantedF7))
	// Obfuscated: the SDK sinks are renamed; detect.Renamed maps them back
	// (F1-F6; F4's Glide sink through Glide's code strings):
	// TestRenamedObfuscated.
	h := fixtureReport(t, "hostile-strings.apk")
	if len(h.Flows) != 1 || h.Flows[0].Sink.Method != firebaseLog || h.Flows[0].Sink.Param != "\x1b[31mkey|`x`" {
		t.Errorf("hostile-strings H1: %+v", h.Flows)
	}
}

func TestTaintOptions(t *testing.T) {
	p := filepath.Join(apks, "medbook.apk")
	r, err := Scan(context.Background(), p, Options{NoTaint: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Flows) != 0 {
		t.Errorf("--no-taint: %d flows", len(r.Flows))
	}
	r, err = Scan(context.Background(), p, Options{Profile: "privacy-sdk,android-privacy"})
	if err != nil {
		t.Fatal(err)
	}
	// medbook has no FlowDroid-style source reaching an Android sink: the
	// second profile adds nothing (DroidBench exercises it).
	if len(r.Flows) != 6 || slices.ContainsFunc(r.Flows, func(f reports.Flow) bool { return f.Profile != flows.ProfilePrivacySDK }) {
		t.Errorf("both profiles: %d flows", len(r.Flows))
	}
	if _, err := flows.ParseProfiles("nope"); err == nil {
		t.Error("unknown profile accepted")
	}
	// An unknown profile is the caller's mistake, before any input is read.
	if _, err = Scan(context.Background(), p, Options{Profile: "nope"}); !errors.Is(err, errs.ErrUsage) || !strings.Contains(err.Error(), "unknown taint profile") {
		t.Errorf("bad profile: got %v, want a usage error", err)
	}
}

// TestTaintBadDex: with classes2.dex broken, flows that need it (F4–F6)
// are lost and the others remain.
func TestTaintBadDex(t *testing.T) {
	r, err := Scan(context.Background(), "../testdata/broken/bad-dex.apk", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFlows(t, "bad-dex.apk", r.Flows, plantedF1toF5[:3])
}

// TestTaintCorpus scans every file of ../shared/corpus (malformed and
// peers included; DroidBench has its own test) with both profiles: no
// panic, no hang, every report valid.
func TestTaintCorpus(t *testing.T) {
	needShared(t)
	if testing.Short() {
		t.Skip("-short")
	}
	var files []string
	filepath.WalkDir(sharedCorpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.IsDir() && (d.Name() == "droidbench" || d.Name() == "sigdb") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".tsv") || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if len(files) == 0 {
		t.Skip("no corpus files")
	}
	sch := schema(t)
	for _, f := range files {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		r, err := Scan(ctx, f, Options{Profile: "privacy-sdk,android-privacy"})
		cancel()
		if err != nil {
			if _, ok := errs.AsInternal(err); ok || !errors.Is(err, errs.ErrInput) {
				t.Errorf("%s: %v (want an input error)", f, err)
			}
			continue
		}
		validate(t, sch, f, r)
		for _, p := range r.Problems {
			if strings.Contains(p.Error, "taint analysis partial") {
				t.Logf("%s: %s", f, p.Error)
			}
		}
	}
}

func validate(t *testing.T, sch *jsonschema.Schema, name string, r *reports.Report) {
	t.Helper()
	var buf bytes.Buffer
	if err := (reports.JSONEncoder{}).Encode(&buf, r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s: report does not match schema: %v", name, err)
	}
}
