package scan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/reports/diff"
	"github.com/apkscan/apkscan/reports/reportstest"
)

// TestGoldenDiff compares the case-file renderings of `apkscan diff
// medbook.apk medbook-v2.apk` (HTML, Markdown, SARIF with baselineState)
// with their golden files; the SARIF log must match the 2.1.0 schema.
func TestGoldenDiff(t *testing.T) {
	d := diff.Compare(fixtureReport(t, "medbook.apk"), fixtureReport(t, "medbook-v2.apk"))
	for _, c := range []struct{ format, ext string }{{"html", "html"}, {"markdown", "md"}, {"sarif", "sarif"}} {
		t.Run(c.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := diff.Encode(&buf, d, c.format); err != nil {
				t.Fatal(err)
			}
			if c.format == "sarif" {
				checkBaselineSARIF(t, buf.Bytes())
			}
			golden := filepath.Join("..", "testdata", "golden", "diff-medbook-v2."+c.ext)
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scan -run TestGolden -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("diff output differs from %s; inspect with: go test ./scan -run TestGolden -update && git diff testdata/golden", golden)
			}
		})
	}
}

func checkBaselineSARIF(t *testing.T, out []byte) {
	t.Helper()
	sch := reportstest.CompileFile(t, filepath.Join("..", "reports", "testdata", "sarif-schema-2.1.0.json"))
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("diff SARIF does not match the 2.1.0 schema: %v", err)
	}
	var log struct {
		Runs []struct {
			Artifacts []any
			Results   []struct {
				RuleID        string
				BaselineState string
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Artifacts) != 2 {
		t.Fatalf("want one run with the new and the old APK as artifacts")
	}
	states := map[string]int{}
	for _, r := range log.Runs[0].Results {
		if r.BaselineState == "" {
			t.Errorf("result %s has no baselineState", r.RuleID)
		}
		states[r.BaselineState]++
	}
	// medbook-v2 keeps most findings, adds some and drops others.
	for _, s := range []string{"new", "unchanged", "absent"} {
		if states[s] == 0 {
			t.Errorf("no result with baselineState %s: %v", s, states)
		}
	}
	if strings.Contains(string(out), "\x1b") {
		t.Error("escape character in SARIF")
	}
	t.Logf("baselineState counts: %v", states)
}

// TestHostileDiagram: the HTML report of the hostile-strings fixture has
// the project's diagram, and nothing but its own SVG elements and
// geometry attributes gets into it.
func TestHostileDiagram(t *testing.T) {
	var buf bytes.Buffer
	if err := (reports.HTMLEncoder{}).Encode(&buf, fixtureReport(t, "hostile-strings.apk")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	i, j := strings.Index(out, "<svg"), strings.Index(out, "</svg>")
	if i < 0 || j < i || strings.Count(out, "<svg") != 1 {
		t.Fatalf("want exactly one diagram")
	}
	tag := regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)
	attr := regexp.MustCompile(`([a-zA-Z-]+)\s*=`)
	okTag := map[string]bool{"svg": true, "g": true, "title": true, "rect": true, "text": true, "line": true}
	okAttr := map[string]bool{"class": true, "viewBox": true, "width": true, "height": true, "x": true, "y": true, "x1": true, "y1": true,
		"x2": true, "y2": true, "rx": true, "role": true, "aria-label": true}
	for _, m := range tag.FindAllStringSubmatch(out[i:j], -1) {
		if !okTag[m[1]] {
			t.Errorf("element <%s> in the diagram", m[1])
		}
		for _, a := range attr.FindAllStringSubmatch(m[2], -1) {
			if !okAttr[a[1]] {
				t.Errorf("attribute %s in the diagram: %q", a[1], m[0])
			}
		}
	}
}
