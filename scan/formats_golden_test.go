package scan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/apkscan/apkscan/reports/reportstest"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/subprocessors"
)

const declaredMedbook = "../testdata/subprocessors/medbook.yaml"

// crossCheckedReport scans a fixture with the medbook declared list.
func crossCheckedReport(t *testing.T, name string) *reports.Report {
	t.Helper()
	l, err := subprocessors.Load(declaredMedbook)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(apks, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("fixture %s missing: rebuild with testdata/fixtures/build.sh (%v)", name, err)
	}
	r, err := Scan(context.Background(), p, Options{ToolVersion: "golden", Declared: l})
	if err != nil {
		t.Fatal(err)
	}
	r.App.Path = name
	r.Subprocessors.List = "testdata/subprocessors/medbook.yaml"
	return r
}

// TestGoldenFormats compares the table, Markdown, HTML and SARIF renderings
// of the fixtures (cross-checked against testdata/subprocessors/medbook.yaml)
// with testdata/golden/<fixture>.{txt,md,html,sarif}; -update rewrites them.
func TestGoldenFormats(t *testing.T) {
	sarifSchema := compileSARIFSchema(t)
	for _, name := range []string{"medbook.apk", "hostile-strings.apk", "medbook-v2.apk"} {
		r := crossCheckedReport(t, name)
		for _, f := range []struct{ format, ext string }{{"table", "txt"}, {"markdown", "md"}, {"html", "html"}, {"sarif", "sarif"}} {
			t.Run(name+"/"+f.format, func(t *testing.T) {
				enc, err := reports.Lookup(f.format)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := enc.Encode(&buf, r); err != nil {
					t.Fatal(err)
				}
				var again bytes.Buffer
				if err := enc.Encode(&again, r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), again.Bytes()) {
					t.Error("two encodings differ")
				}
				if f.format == "sarif" {
					inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
					if err != nil {
						t.Fatal(err)
					}
					if err := sarifSchema.Validate(inst); err != nil {
						t.Errorf("SARIF does not match the SARIF 2.1.0 schema: %v", err)
					}
				}
				golden := filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, ".apk")+"."+f.ext)
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./scan -run TestGoldenFormats -update)", err)
				}
				if !bytes.Equal(want, buf.Bytes()) {
					t.Errorf("output differs from %s; inspect with: go test ./scan -run TestGoldenFormats -update && git diff testdata/golden", golden)
				}
			})
		}
	}
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	return reportstest.CompileFile(t, "../reports/testdata/sarif-schema-2.1.0.json")
}
