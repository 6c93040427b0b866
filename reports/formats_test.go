package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/reports/reportstest"
)

// Hostile strings: what an APK may contain.
const (
	hScript = `<script>document.title='PWNED-MARKER'</script>`
	hImg    = `"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`
	hJS     = `javascript:document.body.setAttribute('data-pwned','1')`
	hANSI   = "\x1b[31mRED\x1b[0m\x1b]0;title\x07"
	hTable  = "a|b`c`\nd\r<e>&[x](y)*_~#!"
	hSVG    = `<svg onload="document.body.setAttribute('data-pwned','1')"></svg>`
)

// flowSample is sample() with two flows, a cross-check and hostile text in
// every place an APK controls.
func flowSample() *Report {
	r := rawSample()
	sdk := "google-firebase-analytics"
	r.App.Label = hScript + hImg
	r.App.VersionName = hTable
	r.App.Components = []Component{{Kind: "activity", Name: "com.x." + hSVG, Exported: true}}
	r.SDKs[1].Evidence = append(r.SDKs[1].Evidence, Evidence{Channel: "call", Value: hJS, Location: "classes.dex Lcom/x/Search;->onQueryTextSubmit(Ljava/lang/String;)Z @0x1a"})
	r.Endpoints = append(r.Endpoints, Endpoint{URL: hJS, Host: "evil.example", Owner: "unknown", Locations: []string{hANSI}, Count: 1})
	r.Flows = []Flow{
		{Rule: RuleSearchToSDK, SDK: &sdk, Recipient: Recipient{Vendor: "google", Host: "app-measurement.com"},
			Sink:   FlowSink{Method: "Lcom/google/firebase/analytics/FirebaseAnalytics;->logEvent(Ljava/lang/String;Landroid/os/Bundle;)V", Arg: 2, Role: "properties", Param: "search_term" + hTable},
			Source: FlowSource{Kind: "search-query", Method: "Lcom/x/Search;->onQueryTextSubmit(Ljava/lang/String;)Z", Callback: true},
			Path: []PathStep{
				{Class: "Lcom/x/Search;", Method: "onQueryTextSubmit(Ljava/lang/String;)Z", PC: 0, File: "classes.dex", Insn: "invoke-virtual " + hScript},
				{Class: "Lcom/x/Search;", Method: "onQueryTextSubmit(Ljava/lang/String;)Z", PC: 12, File: "classes.dex", Insn: "invoke-virtual {v0, v1, v2}, Landroid/os/Bundle;->putString"},
			},
			Value: hImg, Confidence: High, Fingerprint: "f1"},
		{Rule: RuleInputToHost, Recipient: Recipient{Vendor: "unknown", Host: "evil.example"},
			Sink:   FlowSink{Method: "Ljava/net/URL;-><init>(Ljava/lang/String;)V", Arg: 1},
			Source: FlowSource{Kind: "user-input", Method: "Landroid/widget/EditText;->getText()Landroid/text/Editable;"}, Confidence: Medium},
	}
	entry := "Google " + hScript
	r.Subprocessors = &Subprocessors{List: "list.yaml" + hANSI, Recipients: []SubprocessorRecipient{
		{Vendor: Vendor{ID: "google", Name: "Google" + hImg, Country: "US"}, Country: "US", HQCountry: "US", DataKinds: []string{"search-query"}, Severity: SeverityHigh, SDKs: []string{sdk}, Hosts: []string{"app-measurement.com"}, Flows: 1},
		{Vendor: Vendor{Name: "evil.example"}, Unidentified: true, DataKinds: []string{"user-input"}, Severity: SeverityHigh, Hosts: []string{"evil.example"}, Flows: 1},
		{Vendor: Vendor{ID: "amazon", Name: "Amazon"}, Declared: true, MatchedEntry: &entry, Country: "LU", InEEA: true, HQCountry: "US", Severity: SeverityInfo},
	}, Declared: []DeclaredSubprocessor{{Name: "Atos" + hTable, Country: "FR", InEEA: true, Purposes: []string{hJS}}}}
	r.Normalize()
	return r
}

// TestEncodersLeaveReportUnchanged: encoders treat the report as
// read-only, normalised or not (a raw report keeps its raw order).
func TestEncodersLeaveReportUnchanged(t *testing.T) {
	for _, r := range []*Report{flowSample(), rawSample()} {
		before, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, enc := range Encoders() {
			var buf bytes.Buffer
			if err := enc.Encode(&buf, r); err != nil {
				t.Fatalf("%s: %v", enc.ID(), err)
			}
			if after, _ := json.Marshal(r); !bytes.Equal(before, after) {
				t.Errorf("%s encoder modified the report", enc.ID())
			}
		}
		if err := EncodeJSONLine(io.Discard, r); err != nil {
			t.Fatal(err)
		}
		if after, _ := json.Marshal(r); !bytes.Equal(before, after) {
			t.Error("EncodeJSONLine modified the report")
		}
	}
}

func encode(t *testing.T, enc Encoder, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := enc.Encode(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	return reportstest.CompileFile(t, "testdata/sarif-schema-2.1.0.json")
}

func TestSARIF(t *testing.T) {
	sch := sarifSchema(t)
	for _, r := range []*Report{flowSample(), {SchemaVersion: SchemaVersion}} {
		out := encode(t, SARIFEncoder{}, r)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Fatalf("SARIF does not match the 2.1.0 schema: %v\n%s", err, out)
		}
		if strings.Contains(out, `"rules": null`) || strings.Contains(out, `"results": null`) || strings.Contains(out, "\x1b") {
			t.Errorf("null list or escape character in SARIF")
		}
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID              string
				RuleIndex           int
				Level               string
				PartialFingerprints map[string]string
				CodeFlows           []struct {
					ThreadFlows []struct{ Locations []any }
				}
				Locations []struct {
					LogicalLocations []struct{ FullyQualifiedName, Kind string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(encode(t, SARIFEncoder{}, flowSample())), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	levels := map[string]string{}
	fps := map[string]string{}
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point to %s", res.RuleIndex, res.RuleID)
		}
		levels[res.RuleID] = res.Level
		fps[res.RuleID] += res.PartialFingerprints[sarifFingerprintKey]
		if res.RuleID == "flow/search-to-sdk" {
			if len(res.CodeFlows) != 1 || len(res.CodeFlows[0].ThreadFlows[0].Locations) != 2 {
				t.Errorf("flow without its code flow: %+v", res.CodeFlows)
			}
		}
		if res.RuleID == RuleSDKUsed {
			found := false
			for _, l := range res.Locations[0].LogicalLocations {
				if l.Kind == "type" && l.FullyQualifiedName == "com.google.firebase.analytics.FirebaseAnalytics" {
					found = true
				}
			}
			if !found {
				t.Errorf("sdk-used without the class as logical location: %+v", res.Locations)
			}
		}
	}
	for rule, want := range map[string]string{RuleUndeclaredRecipient: "error", "flow/search-to-sdk": "warning", RuleSDKUsed: "note", RuleSDKEmbedded: "note"} {
		if levels[rule] != want {
			t.Errorf("%s: level %q, want %q", rule, levels[rule], want)
		}
	}
	// Fingerprints do not depend on offsets, class names or paths.
	r := flowSample()
	for i := range r.Flows {
		if len(r.Flows[i].Path) > 0 {
			r.Flows[i].Path[0].PC, r.Flows[i].Path[0].Class = 99, "La/b;"
		}
	}
	r.App.Path = "elsewhere/renamed.apk"
	for i := range r.SDKs {
		r.SDKs[i].Evidence = nil
	}
	var log2 struct {
		Runs []struct {
			Results []struct {
				RuleID              string
				PartialFingerprints map[string]string
			}
		}
	}
	json.Unmarshal([]byte(encode(t, SARIFEncoder{}, r)), &log2)
	fps2 := map[string]string{}
	for _, res := range log2.Runs[0].Results {
		fps2[res.RuleID] += res.PartialFingerprints[sarifFingerprintKey]
	}
	for k, v := range fps {
		if fps2[k] != v {
			t.Errorf("%s: fingerprint changed with offsets/paths", k)
		}
	}
}

// TestMarkdownEscapes: no hostile string can break a table row or become
// markup.
func TestMarkdownEscapes(t *testing.T) {
	out := encode(t, MarkdownEncoder{}, flowSample())
	for _, bad := range []string{"<script", "<img", "<svg", "\x1b", "\r", "[x](y)", "`c`"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown contains %q", bad)
		}
	}
	cols := -1
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") {
			if !strings.HasPrefix(line, "|") {
				cols = -1
			}
			continue
		}
		n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1))
		if cols < 0 {
			cols = n
		} else if n != cols {
			t.Errorf("table row with %d cells, header has %d: %q", n, cols, line)
		}
	}
	if got := MarkdownEscape("a|b`c`\n<x>&*_[l](u)"); got != `a\|b\`+"`"+`c\`+"`"+`\\n&lt;x&gt;&amp;\*\_\[l\](u)` {
		t.Errorf("MarkdownEscape = %q", got)
	}
}

// allowedTags are the only elements the HTML report may contain, with the
// attributes they may carry.
var allowedTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "main": true, "h1": true,
	"h2": true, "h3": true, "p": true, "span": true, "section": true, "strong": true, "ul": true, "ol": true, "li": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "div": true, "dl": true, "dt": true,
	"svg": true, "g": true, "rect": true, "text": true, "line": true, // the project's SVG diagram
	"dd": true, "footer": true, "br": true,
}
var allowedAttrs = map[string]bool{"lang": true, "charset": true, "http-equiv": true, "content": true, "name": true, "class": true, "aria-label": true, "scope": true,
	// the project's own SVG diagram (geometry only)
	"viewbox": true, "width": true, "height": true, "x": true, "y": true, "x1": true, "y1": true, "x2": true, "y2": true, "rx": true, "role": true}

var (
	tagRe  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)
	attrRe = regexp.MustCompile(`([a-zA-Z-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)
)

// checkInertHTML fails when markup outside the allowlist appears: an
// injected element or attribute (script, img, onerror=, href=…).
func checkInertHTML(t *testing.T, doc string) {
	t.Helper()
	if i := strings.Index(doc, "<style>"); i >= 0 {
		if j := strings.Index(doc[i:], "</style>"); j >= 0 {
			doc = doc[:i] + doc[i+j:]
		}
	}
	for _, m := range tagRe.FindAllStringSubmatch(doc, -1) {
		if !allowedTags[strings.ToLower(m[1])] {
			t.Errorf("element <%s> in the report: %q", m[1], m[0])
		}
		for _, a := range attrRe.FindAllStringSubmatch(m[2], -1) {
			if !allowedAttrs[strings.ToLower(a[1])] {
				t.Errorf("attribute %s in the report: %q", a[1], m[0])
			}
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	out := encode(t, HTMLEncoder{}, flowSample())
	checkInertHTML(t, out)
	for _, bad := range []string{"\x1b", "<script", "<img", "<svg onload", "<a "} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, want := range []string{"search query from Search.onQueryTextSubmit", "Data that reaches it", "This app embeds 2 third-party SDKs",
		"2 recipients are not on the declared subprocessor list", "Atos", "@media print", "&lt;script&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestTableShowsFlowsAndCrossCheck(t *testing.T) {
	out := encode(t, TableEncoder{}, flowSample())
	for _, want := range []string{"Flows of user data (2)", "search query from Search.onQueryTextSubmit → Firebase <script> logEvent, param 'search_term",
		"Cross-check with declared subprocessors", "Declared but not seen in the app: Atos"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\x1b\r\a") {
		t.Error("control character in table output")
	}
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not installed (Debian: apt-get install chromium); skipping the browser test of the HTML report")
	return ""
}

// dumpDOM loads a file in headless Chromium, lets scripts run, and
// returns the serialised DOM.
func dumpDOM(t *testing.T, bin, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=3000", "--dump-dom", "file://"+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// TestHTMLInertInChromium renders the hostile-strings fixture's report
// (testdata/golden/hostile-strings.apk.json) plus hostile flows and
// cross-check in headless Chromium. Scripts are proven to run in this
// set-up by a control page; in the report, no injected element may be
// created and no marker set by an injected script may appear.
func TestHTMLInertInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<!DOCTYPE html><html><head><title>x</title></head><body><img src=x onerror="document.body.setAttribute('data-pwned','1')"><script>document.title='PWNED-MARKER'</script></body></html>`), 0o644)
	if dom := dumpDOM(t, bin, control); !strings.Contains(dom, "<title>PWNED-MARKER</title>") || !strings.Contains(dom, `data-pwned="1"`) {
		t.Fatalf("control page: scripts did not run, the check would prove nothing:\n%s", dom)
	}

	f, err := os.Open("../testdata/golden/hostile-strings.apk.json")
	if err != nil {
		t.Skipf("hostile fixture report missing: %v", err)
	}
	r, err := DecodeJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	fs := flowSample()
	r.Flows, r.Subprocessors = fs.Flows, fs.Subprocessors
	r.App.Label += hScript + hImg + hSVG
	r.App.Components = append(r.App.Components, fs.App.Components...)
	r.Endpoints = append(r.Endpoints, fs.Endpoints...)
	page := filepath.Join(dir, "report.html")
	out := encode(t, HTMLEncoder{}, r)
	checkInertHTML(t, out)
	if err := os.WriteFile(page, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := dumpDOM(t, bin, page)
	if strings.Contains(dom, "<title>PWNED") || strings.Contains(dom, `data-pwned="1"`) {
		t.Error("an injected script ran in the HTML report")
	}
	checkInertHTML(t, dom)
	if !strings.Contains(dom, "Privacy report:") || !strings.Contains(dom, "javascript:") {
		t.Errorf("report did not render its text:\n%.2000s", dom)
	}
}
