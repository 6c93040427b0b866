package scan

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
	"github.com/apkscan/apkscan/reports"
)

// TestGoldenExodus compares --format exodus of the fixtures with
// testdata/golden/<fixture>.exodus.json; -update rewrites them.
func TestGoldenExodus(t *testing.T) {
	for _, name := range []string{"medbook.apk", "hostile-strings.apk", "medbook-v2.apk"} {
		t.Run(name, func(t *testing.T) {
			r := crossCheckedReport(t, name)
			var buf bytes.Buffer
			if err := (reports.ExodusEncoder{}).Encode(&buf, r); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Application struct {
					UAID *string `json:"uaid"`
				} `json:"application"`
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Application.UAID == nil || len(*doc.Application.UAID) != 40 {
				t.Errorf("not an Exodus document with a uaid: %v\n%s", err, buf.String())
			}
			golden := filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, ".apk")+".exodus.json")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scan -run TestGoldenExodus -update)", err)
			}
			if !bytes.Equal(want, buf.Bytes()) {
				t.Errorf("output differs from %s; inspect with: go test ./scan -run TestGoldenExodus -update && git diff testdata/golden", golden)
			}
		})
	}
}

// TestExodusCorpus checks --format exodus on the real apps of the shared
// corpus against what Exodus gives: the trackers its method finds
// (MANIFEST.tsv exodus_method_trackers, by their Exodus names) and, for
// the two APKs of exodus-core's own tests, the application id it expects.
func TestExodusCorpus(t *testing.T) {
	manifest := testshared.Path(t, "corpus", "MANIFEST.tsv")
	f, err := os.Open(manifest)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = '\t', true, -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	uaids := map[string]string{ // exodus-core test_exodus_analyze.py test_app_uid
		"realworld/instapaper.apk":    "64B99DBA34AFBC3709F75871837465892DF31771",
		"realworld/blooddonation.apk": "775AFB467E4EF556A42B28181A70B79BA67B4497",
	}
	n := 0
	for _, row := range rows[1:] {
		rel := row[col["path"]]
		if !strings.HasPrefix(rel, "realworld/") {
			continue
		}
		n++
		r, err := Scan(context.Background(), filepath.Join(filepath.Dir(manifest), rel), Options{ToolVersion: "test", NoTaint: true})
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		var buf bytes.Buffer
		if err := (reports.ExodusEncoder{}).Encode(&buf, r); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Application struct {
				UAID string `json:"uaid"`
			} `json:"application"`
			Trackers []struct {
				Name string `json:"name"`
				ID   int    `json:"id"`
			} `json:"trackers"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var got []string
		for _, tr := range doc.Trackers {
			got = append(got, tr.Name)
		}
		sort.Strings(got)
		var want []string
		if s := row[col["exodus_method_trackers"]]; s != "" {
			want = strings.Split(s, ";")
		}
		sort.Strings(want)
		if strings.Join(got, ";") != strings.Join(want, ";") {
			t.Errorf("%s: trackers %q, the Exodus method finds %q", rel, got, want)
		}
		if u, ok := uaids[rel]; ok && doc.Application.UAID != u {
			t.Errorf("%s: uaid %s, exodus-core expects %s", rel, doc.Application.UAID, u)
		}
	}
	if n == 0 {
		t.Skip("no realworld APKs in MANIFEST.tsv")
	}
}
