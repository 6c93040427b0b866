package scan

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/subprocessors"
)

func recipientOf(sp *reports.Subprocessors, key string) *reports.SubprocessorRecipient {
	for i := range sp.Recipients {
		if sp.Recipients[i].Key() == key {
			return &sp.Recipients[i]
		}
	}
	return nil
}

// medbookFlows are the flows F1–F5 planted in medbook
// (testdata/fixtures/README.md), by hand: they stand in for the taint
// engine's output when the scan has none.
func medbookFlows() []reports.Flow {
	sdk := func(s string) *string { return &s }
	return []reports.Flow{
		{Rule: reports.RuleURLToSDK, SDK: sdk("aws-pinpoint"), Recipient: reports.Recipient{Vendor: "amazon"}, Source: reports.FlowSource{Kind: "url"},
			Sink: reports.FlowSink{Method: "Lcom/amazonaws/mobileconnectors/pinpoint/analytics/AnalyticsEvent;->withAttribute(Ljava/lang/String;Ljava/lang/String;)Lcom/amazonaws/mobileconnectors/pinpoint/analytics/AnalyticsEvent;"}},
		{Rule: reports.RuleSearchToSDK, SDK: sdk("google-firebase-analytics"), Recipient: reports.Recipient{Vendor: "google"}, Source: reports.FlowSource{Kind: "search-query"},
			Sink: reports.FlowSink{Method: "Lcom/google/firebase/analytics/FirebaseAnalytics;->logEvent(Ljava/lang/String;Landroid/os/Bundle;)V", Param: "search_term"}},
		{Rule: reports.RuleSearchToSDK, SDK: sdk("google-analytics"), Recipient: reports.Recipient{Vendor: "google"}, Source: reports.FlowSource{Kind: "search-query"},
			Sink: reports.FlowSink{Method: "Lcom/google/android/gms/analytics/Tracker;->send(Ljava/util/Map;)V"}},
		{Rule: reports.RuleURLToSDK, SDK: sdk("cloudinary"), Recipient: reports.Recipient{Vendor: "cloudinary"}, Source: reports.FlowSource{Kind: "intent-data"},
			Sink: reports.FlowSink{Method: "Lcom/cloudinary/Url;->generate(Ljava/lang/String;)Ljava/lang/String;"}},
		{Rule: reports.RuleInputToSDK, SDK: sdk("segment"), Recipient: reports.Recipient{Vendor: "twilio"}, Source: reports.FlowSource{Kind: "user-input"},
			Sink: reports.FlowSink{Method: "Lcom/segment/analytics/Analytics;->track(Ljava/lang/String;Lcom/segment/analytics/Properties;)V"}},
	}
}

// TestMotivatingCase: medbook against a declared list with AWS and Atos
// but not Google or Cloudinary.
func TestMotivatingCase(t *testing.T) {
	r := crossCheckedReport(t, "medbook.apk")
	sp := r.Subprocessors
	for _, key := range []string{"google", "cloudinary"} {
		if rc := recipientOf(sp, key); rc == nil || rc.Declared {
			t.Errorf("%s must be an undeclared recipient: %+v", key, rc)
		}
	}
	if aws := recipientOf(sp, "amazon"); aws == nil || !aws.Declared || aws.Country != "LU" || !aws.InEEA {
		t.Errorf("AWS must be declared (LU): %+v", aws)
	}
	if len(sp.Declared) != 2 || sp.Declared[1].Name != "Atos" || sp.Declared[1].Observed || !sp.Declared[0].Observed {
		t.Errorf("Atos is declared but not observed, AWS observed: %+v", sp.Declared)
	}

	// Data kinds: from the taint engine's flows when the scan has them,
	// else from the planted flows F1–F5 added by hand.
	engine := len(r.Flows) > 0
	if !engine {
		r.Flows = medbookFlows()
		db, _ := sdkdb.Default()
		l, _ := subprocessors.Load(declaredMedbook)
		subprocessors.Apply(r, l, db)
		sp = r.Subprocessors
	}
	for key, kind := range map[string]string{"google": "search-query", "cloudinary": "", "amazon": "url"} {
		rc := recipientOf(sp, key)
		if rc == nil || len(rc.DataKinds) == 0 || (kind != "" && !slices.Contains(rc.DataKinds, kind)) {
			t.Errorf("%s: data kinds %v, want %q (flows from the engine: %v)", key, rc.DataKinds, kind, engine)
		}
	}
	for _, key := range []string{"google", "cloudinary"} {
		if rc := recipientOf(sp, key); rc.Severity != reports.SeverityHigh {
			t.Errorf("%s: undeclared and receives user data, severity %s, want high", key, rc.Severity)
		}
	}
	if rc := recipientOf(sp, "mixpanel"); rc == nil || rc.Severity != reports.SeverityMedium {
		t.Errorf("mixpanel: undeclared SDK without flows should be medium: %+v", rc)
	}
}

// TestLoadReport: a saved JSON report is read back (and cross-checked)
// instead of scanned.
func TestLoadReport(t *testing.T) {
	p := filepath.Join(t.TempDir(), "saved")
	f, _ := os.Create(p)
	if err := (reports.JSONEncoder{}).Encode(f, fixtureReport(t, "medbook.apk")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !IsReportFile(p) || IsReportFile(filepath.Join(apks, "medbook.apk")) || IsReportFile(filepath.Join(apks, "medbook-splits")) {
		t.Fatal("IsReportFile")
	}
	l, _ := subprocessors.Load(declaredMedbook)
	r, err := Load(t.Context(), p, Options{Declared: l})
	if err != nil || r.App.Package != "com.example.medbook" || r.Subprocessors == nil || recipientOf(r.Subprocessors, "google") == nil {
		t.Fatalf("Load: %v %+v", err, r)
	}
	os.WriteFile(p, []byte(`{"not": "a report"}`), 0o644)
	if _, err := Load(t.Context(), p, Options{}); err == nil {
		t.Error("a JSON file that is not a report was accepted")
	}
}
