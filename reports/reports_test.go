package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/reports/reportstest"
)

func sample() *Report {
	r := rawSample()
	r.Normalize() // what a producer (scan, DecodeJSON) hands to encoders
	return r
}

// rawSample is sample() before normalisation.
func rawSample() *Report {
	v := "21.5.0"
	id := 49
	sdk := "google-firebase-analytics"
	clear := true
	return &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "apkscan", Version: "test"},
		SDKDB:         SDKDBInfo{Version: "x", Digest: "d", SDKs: 1},
		App: App{Path: "a.apk", Kind: "apk", SHA256: strings.Repeat("a", 64), Package: "com.x\x1b[31m",
			Permissions: []string{"b", "a"}, Application: AppFlags{UsesCleartextTraffic: &clear},
			Signers: []Signer{{SHA256: strings.Repeat("b", 64), Schemes: []string{"v1", "v2"}}}},
		SDKs: []SDK{{ID: "z", Name: "Z", Confidence: Low}, {ID: sdk, Name: "Firebase <script>", ExodusID: &id, Version: &v, Used: true, Confidence: High,
			Channels: map[string]int{"class": 2},
			Evidence: []Evidence{{Channel: "host", Value: "app-measurement.com", Location: "classes.dex"}, {Channel: "class", Value: "com.google.firebase.analytics.FirebaseAnalytics", Location: "classes.dex"}}}},
		Endpoints: []Endpoint{{URL: "https://app-measurement.com/a", Host: "app-measurement.com", Owner: "google", SDK: &sdk, Locations: []string{"classes.dex"}, Count: 1}},
		Problems:  []Problem{{Where: "x", Error: "y", Severity: "warning"}},
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	return reportstest.Compile(t, "report.schema.json", Schema())
}

// TestJSONMatchesSchema checks the encoder output against the published schema.
func TestJSONMatchesSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := (JSONEncoder{}).Encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(inst); err != nil {
		t.Fatalf("JSON report does not match its schema: %v", err)
	}
	// Deterministic: sorted, no nulls for lists.
	var m map[string]any
	json.Unmarshal(buf.Bytes(), &m)
	sdks := m["sdks"].([]any)
	if sdks[0].(map[string]any)["id"] != "google-firebase-analytics" {
		t.Errorf("sdks not sorted by id")
	}
	if m["app"].(map[string]any)["components"] == nil {
		t.Errorf("empty list encoded as null")
	}
	var again bytes.Buffer
	if err := (JSONEncoder{}).Encode(&again, sample()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two encodings differ")
	}
	r, err := DecodeJSON(&buf)
	if err != nil || r.App.Package != "com.x\x1b[31m" {
		t.Fatalf("round trip: %v %+v", err, r)
	}
}

func TestTableSanitizes(t *testing.T) {
	var buf bytes.Buffer
	if err := (TableEncoder{}).Encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "\x1b") {
		t.Errorf("table output contains an escape character:\n%q", out)
	}
	for _, want := range []string{"com.x", "Firebase <script>", "21.5.0", "app-measurement.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"red\x1b[31mtext\x1b[0m": "redtext",
		"title\x1b]0;pwned\x07x": "titlex",
		"a\nb\rc\td":             `a\nb\rc\td`,
		"nul\x00bell\x07":        "nul?bell?",
		"bidi\u202eevil":         "bidi?evil",
		"c1\u009b31mx":           "c1x",
		strings.Repeat("x", 10):  "xxxxx…",
	} {
		max := 0
		if strings.HasPrefix(in, "xxxx") {
			max = 5
		}
		if got := Sanitize(in, max); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, id := range FormatIDs() {
		if _, err := Lookup(id); err != nil {
			t.Error(err)
		}
	}
	if _, err := Lookup("pdf"); err == nil {
		t.Error("unknown format accepted")
	}
}
