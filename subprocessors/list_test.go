package subprocessors

import (
	"github.com/apkscan/apkscan/geo"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const examples = "../testdata/subprocessors"

func TestExamplesAgree(t *testing.T) {
	var want []Entry
	for _, f := range []string{"medbook.yaml", "medbook.json", "medbook.csv"} {
		l, err := Load(filepath.Join(examples, f))
		if err != nil {
			t.Fatal(err)
		}
		got := l.Entries
		for i := range got {
			got[i].Line = 0
		}
		if want == nil {
			want = got
			if len(want) != 2 || want[0].Name != "Amazon Web Services" || want[0].Entity != "Amazon Web Services EMEA SARL" ||
				want[0].Country != "LU" || !reflect.DeepEqual(want[0].Domains, []string{"amazonaws.com"}) ||
				!reflect.DeepEqual(want[1].Purposes, []string{"customer support", "IT operations"}) {
				t.Fatalf("%s: %+v", f, want)
			}
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from medbook.yaml:\n%+v\n%+v", f, got, want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"x.yml", "", FormatYAML},
		{"x.JSON", "", FormatJSON},
		{"list", "  \n{\"subprocessors\": []}", FormatJSON},
		{"list", "[{\"name\": \"a\"}]", FormatJSON},
		{"list", "Name;Entity;Country\nA;B;FR\n", FormatCSV},
		{"list", "name,country\nA,FR\n", FormatCSV},
		{"list", "subprocessors:\n  - name: a\n", FormatYAML},
		{"list", "- name: a, b\n", FormatYAML},
	} {
		if got := DetectFormat(c.name, []byte(c.data)); got != c.want {
			t.Errorf("DetectFormat(%q, %q) = %s, want %s", c.name, c.data, got, c.want)
		}
	}
}

func TestParseVariants(t *testing.T) {
	l, err := Parse("list", []byte("\xef\xbb\xbfName;Legal entity;Location;Purpose\nGoogle;Google Ireland Limited;Ireland;analytics, crash reports\n\nSentry;Functional Software, Inc.;United States;\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 2 || l.Entries[0].Country != "IE" || l.Entries[1].Country != "US" || l.Entries[1].Line != 4 ||
		!reflect.DeepEqual(l.Entries[0].Purposes, []string{"analytics", "crash reports"}) {
		t.Errorf("semicolon CSV: %+v", l.Entries)
	}
	l, err = Parse("list.yaml", []byte("- name: A\n  country: uk\n  domains: https://A.example/x, b.example\n- entity: B GmbH\n  country: DE\n  notes: ignored\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Entries[0].Country != "GB" || !reflect.DeepEqual(l.Entries[0].Domains, []string{"a.example", "b.example"}) || l.Entries[1].Name != "B GmbH" {
		t.Errorf("yaml variants: %+v", l.Entries)
	}
	l, err = Parse("list.json", []byte("{\n\t\"subprocessors\": [\n\t\t{\"name\": \"A\", \"country\": \"EU\"}\n\t]\n}\n"))
	if err != nil || l.Entries[0].Country != "EU" || !geo.InEEA("EU") || l.Entries[0].Line != 3 {
		t.Errorf("json with tabs: %v %+v", err, l)
	}
}

// TestErrors: one line, naming the file and (where it makes sense) the line.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"l.yaml", "subprocessors:\n  - name: A\n    domians: [a.com]\n", "l.yaml:3: unknown field \"domians\""},
		{"l.yaml", "subprocessors:\n  - name: A\n    country: Luxemburg\n", "l.yaml:3: country \"Luxemburg\""},
		{"l.yaml", "subprocessors:\n  - entity: \"\"\n    country: FR\n", "l.yaml:2: entry without a name"},
		{"l.yaml", "subprocessors:\n  - name: [a\n", "l.yaml:"},
		{"l.yaml", "subprocessors:\n  name: A\n", "l.yaml:2: 'subprocessors' must be a list"},
		{"l.yaml", "vendors: []\n", "l.yaml:1: no 'subprocessors:' list"},
		{"l.yaml", "subprocessors: []\n", "l.yaml: no subprocessors listed"},
		{"l.yaml", "", "l.yaml: empty file"},
		{"l.json", "{\"subprocessors\": [\n{\"name\": \"A\",}\n]}", "l.json:2: invalid JSON"},
		{"l.csv", "company,country\nA,XX\n", "l.csv:2: country \"XX\""},
		{"l.csv", "vendor,country\nA,FR\n", "l.csv:1: CSV header has no 'name' column"},
		{"l.csv", "name,country\n\"A,FR\n", "l.csv:"},
		{"l.yaml", "subprocessors:\n  - name: A\n    domains: [\"a b\"]\n", "l.yaml:2: domain \"a b\""},
		{"l.yaml", "\xff\xfe", "l.yaml: not UTF-8"},
	} {
		_, err := Parse(c.name, []byte(c.data))
		if err == nil {
			t.Errorf("%q: no error", c.data)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %q, want one line starting with %q", c.data, err, c.want)
		}
	}
}

func TestLoadBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxListSize+10), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "big.yaml: larger than") {
		t.Errorf("oversized list: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing list: %v", err)
	}
}

func TestCountries(t *testing.T) {
	for in, want := range map[string]string{"lu": "LU", "Luxembourg": "LU", "UK": "GB", "EL": "GR", "USA": "US", " de ": "DE", "": ""} {
		if got, ok := geo.Normalize(in); !ok || got != want {
			t.Errorf("geo.Normalize(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := geo.Normalize("Atlantis"); ok {
		t.Error("Atlantis accepted")
	}
	for _, c := range []string{"IS", "LI", "NO", "IE", "GR", "hr"} {
		if !geo.InEEA(c) {
			t.Errorf("%s not in the EEA", c)
		}
	}
	for _, c := range []string{"US", "GB", "CH", "IL", ""} {
		if geo.InEEA(c) {
			t.Errorf("%s in the EEA", c)
		}
	}
}

func TestRegistrableDomain(t *testing.T) {
	for in, want := range map[string]string{
		"telemetry.medbook-partner.example": "medbook-partner.example", "www.bbc.co.uk": "bbc.co.uk",
		"asuc-mobile.herokuapp.com": "asuc-mobile.herokuapp.com", "goo.gl": "goo.gl", "10.0.0.1": "10.0.0.1", "A.B.C.": "b.c",
	} {
		if got := RegistrableDomain(in); got != want {
			t.Errorf("RegistrableDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestListDigest(t *testing.T) {
	a, err := Parse("a.yaml", []byte("subprocessors:\n  - name: Atos\n    country: FR\n"))
	if err != nil {
		t.Fatal(err)
	}
	// sha256 of the bytes as read, whatever the name.
	if a.Digest != "c30f4f4f8eab35547261f744b125290a1e1df4612ad3eb09db450ad51e2a1ad7" { // sha256sum of the same bytes
		t.Fatalf("digest %q", a.Digest)
	}
	b, _ := Parse("elsewhere/b.yaml", []byte("subprocessors:\n  - name: Atos\n    country: FR\n"))
	c, _ := Parse("a.yaml", []byte("subprocessors:\n  - name: Atos\n    country: DE\n"))
	if a.Digest != b.Digest || a.Digest == c.Digest {
		t.Errorf("digests: same bytes %s %s, other bytes %s", a.Digest, b.Digest, c.Digest)
	}
}
