package scan

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
)

const sharedCorpus = "../../shared/corpus"

func needShared(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedCorpus, "MANIFEST.tsv")); err != nil {
		t.Skipf("../shared/corpus not present (%v): corpus tests need the shared folder beside the checkout", err)
	}
}

// exodusExpectations reads MANIFEST.tsv: path → Exodus tracker ids that
// the Exodus method finds in it.
func exodusExpectations(t *testing.T) map[string][]int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedCorpus, "sigdb", "exodus_trackers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Trackers map[string]struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"trackers"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	byName := map[string]int{}
	for _, tr := range list.Trackers {
		byName[tr.Name] = tr.ID
	}
	man, err := os.ReadFile(filepath.Join(sharedCorpus, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]int{}
	for i, line := range strings.Split(string(man), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 9 {
			continue
		}
		if !strings.HasPrefix(f[0], "realworld/") && !strings.HasPrefix(f[0], "large/") {
			continue
		}
		var ids []int
		for _, name := range strings.Split(f[8], ";") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			id, ok := byName[name]
			if !ok {
				t.Fatalf("MANIFEST.tsv names tracker %q that is not in the Exodus list", name)
			}
			ids = append(ids, id)
		}
		out[f[0]] = ids
	}
	return out
}

func scanFile(t testing.TB, p string) *reports.Report {
	t.Helper()
	r, err := Scan(context.Background(), p, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return r
}

// TestFindsEveryExodusTracker: for every real app, apkscan finds at least
// what the Exodus method finds (by Exodus id), with evidence.
func TestFindsEveryExodusTracker(t *testing.T) {
	needShared(t)
	exp := exodusExpectations(t)
	paths := make([]string, 0, len(exp))
	for p := range exp {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, rel := range paths {
		t.Run(rel, func(t *testing.T) {
			r := scanFile(t, filepath.Join(sharedCorpus, rel))
			got := map[int]bool{}
			for _, s := range r.SDKs {
				if len(s.Evidence) == 0 {
					t.Errorf("%s reported without evidence", s.ID)
				}
				if s.ExodusID != nil {
					got[*s.ExodusID] = true
				}
			}
			for _, id := range exp[rel] {
				if !got[id] {
					t.Errorf("Exodus tracker %d not found; apkscan found %v", id, sdkIDs(r))
				}
			}
			if r.HasErrors() {
				t.Errorf("unexpected error problems: %v", r.Problems)
			}
		})
	}
}

func sdkIDs(r *reports.Report) []string {
	var ids []string
	for _, s := range r.SDKs {
		ids = append(ids, s.ID)
	}
	return ids
}

// TestMalformedCorpus: every malformed APK ends in a clean one-line error
// naming the file, or a report (partial ones list their problems).
func TestMalformedCorpus(t *testing.T) {
	needShared(t)
	var files []string
	for _, pat := range []string{"malformed/*.apk", "malformed/apktool/*.apk", "peers/*/*.apk"} {
		m, err := filepath.Glob(filepath.Join(sharedCorpus, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("shared corpus present but no malformed or peer APKs found")
	}
	sort.Strings(files)
	reportsN, errorsN := 0, 0
	for _, p := range files {
		r, err := Scan(context.Background(), p, Options{ToolVersion: "test"})
		if err != nil {
			var ie *apk.InputError
			if !errors.As(err, &ie) || strings.ContainsAny(err.Error(), "\n\r") || !strings.Contains(err.Error(), filepath.Base(p)) {
				t.Errorf("%s: not a one-line input error naming the file: %q", p, err)
			}
			errorsN++
			continue
		}
		reportsN++
		for _, pr := range r.Problems {
			if pr.Where == "" || pr.Error == "" {
				t.Errorf("%s: problem without place or cause: %+v", p, pr)
			}
		}
	}
	t.Logf("%d files: %d reports, %d clean errors", len(files), reportsN, errorsN)
}

// TestDeterministic: two scans of one APK are byte-identical.
func TestDeterministic(t *testing.T) {
	needShared(t)
	p := filepath.Join(sharedCorpus, "realworld", "instapaper.apk")
	enc := reports.JSONEncoder{}
	var a, b strings.Builder
	if err := enc.Encode(&a, scanFile(t, p)); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(&b, scanFile(t, p)); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two scans of the same APK differ")
	}
}
