package scan

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/internal/testshared"
	"github.com/apkscan/apkscan/reports"
)

// TestAnalyzerGraph: the list builds a valid graph, names and docs are
// unique and present, and every analyzer a Run reads is among its
// Requires (analysis.Result panics otherwise, which the fixture scans
// below would turn into internal errors).
func TestAnalyzerGraph(t *testing.T) {
	g, err := analysis.NewGraph(Analyzers())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range g.Analyzers() {
		names = append(names, a.Name)
	}
	want := "classes manifest files resources hosts calls sdks owners endpoints config renamed taint"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("topological order %q, want %q", got, want)
	}
}

// TestParallelAnalyzersSameReport: running independent analyzers
// concurrently gives byte-identical reports (run under -race in CI).
func TestParallelAnalyzersSameReport(t *testing.T) {
	fixtures, _ := filepath.Glob("../testdata/apks/*.apk")
	if len(fixtures) == 0 {
		t.Fatal("no fixtures in testdata/apks")
	}
	// A real app too, when the shared corpus is there.
	if dir, err := testshared.Dir(); err == nil {
		fixtures = append(fixtures, filepath.Join(dir, "corpus", "realworld", "instapaper.apk"))
	}
	for _, f := range fixtures {
		var out [2][]byte
		for i, par := range []int{1, 4} {
			r, err := Scan(context.Background(), f, Options{ToolVersion: "test", Parallel: par})
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var buf bytes.Buffer
			if err := (reports.JSONEncoder{}).Encode(&buf, r); err != nil {
				t.Fatal(err)
			}
			out[i] = buf.Bytes()
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: report with 4 parallel analyzers differs from the sequential one", filepath.Base(f))
		}
	}
}

// TestMemoryBudget: a scan that finds the process over its memory budget
// stops with a partial report saying so (the watchdog; the real budget
// is far above any legitimate scan).
func TestMemoryBudget(t *testing.T) {
	r, err := Scan(context.Background(), "../testdata/apks/medbook.apk", Options{MemoryBudget: 1})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range r.Problems {
		if p.Severity == "error" && strings.Contains(p.Error, "memory budget exceeded") {
			found = true
		}
	}
	if !found || !r.HasErrors() {
		t.Errorf("no memory-budget problem: %+v", r.Problems)
	}
	// No budget (< 0) and the default both scan medbook completely.
	for _, b := range []int64{-1, 0} {
		r, err := Scan(context.Background(), "../testdata/apks/medbook.apk", Options{MemoryBudget: b})
		if err != nil || r.HasErrors() {
			t.Errorf("budget %d: err %v, problems %+v", b, err, r.Problems)
		}
	}
}

// TestInterruptedNamesInput: a cancelled scan's error names the input.
func TestInterruptedNamesInput(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Scan(ctx, "../testdata/apks/medbook.apk", Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "../testdata/apks/medbook.apk: ") || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}
