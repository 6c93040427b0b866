package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
)

// TestNotOneApp: a directory holding two different apps is refused with
// one line naming it and what differs (exit 3); --force merges them into
// one report carrying a problem of severity error (exit 3 too); a real
// split set scans as before.
func TestNotOneApp(t *testing.T) {
	needFixture(t)
	apks := filepath.Dir(fixture)
	dir := filepath.Join(t.TempDir(), "two-apps")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"medbook.apk", "hostile-strings.apk"} {
		b, err := os.ReadFile(filepath.Join(apks, n))
		if err != nil {
			t.Skipf("fixture missing: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	code, stdout, stderr := run(t, dir)
	want := "apkscan: " + dir + ": holds 2 apps (com.example.hostile, com.example.medbook): scan them one by one, or use apkscan bulk " + dir + "\n"
	if code != ExitInput || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and stderr %q", code, stdout, stderr, ExitInput, want)
	}

	code, stdout, stderr = run(t, "--force", "--format", "json", dir)
	if code != ExitInput {
		t.Errorf("--force: exit %d, want %d (stderr %q)", code, ExitInput, stderr)
	}
	var rep struct {
		Problems []struct{ Where, Error, Severity string } `json:"problems"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("--force: no JSON report: %v", err)
	}
	merged := "merged 2 different apps (com.example.hostile, com.example.medbook) as one app: the report mixes them"
	found := false
	for _, p := range rep.Problems {
		if p.Where == dir && p.Severity == "error" && p.Error == merged {
			found = true
		}
	}
	if !found {
		t.Errorf("--force: no error problem %q in %+v", merged, rep.Problems)
	}
	if !strings.Contains(stderr, "partial report") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("--force: want one stderr line, got %q", stderr)
	}

	code, _, stderr = run(t, "--format", "json", filepath.Join(apks, "medbook-splits"))
	if code != ExitOK {
		t.Errorf("medbook-splits: exit %d (stderr %q)", code, stderr)
	}
}

// TestFirstErrorCountsTheRest: the one-line error of a partial report
// names the first error and how many more the report lists, so a decoy
// error cannot hide a second, graver one.
func TestFirstErrorCountsTheRest(t *testing.T) {
	p := func(where, sev string) reports.Problem {
		return reports.Problem{Where: where, Error: "bad", Severity: sev}
	}
	for want, ps := range map[string][]reports.Problem{
		"":       {p("a", "warning")},
		"a: bad": {p("a", "error"), p("w", "warning")},
		"a: bad (and 1 more error in the report)":  {p("a", "error"), p("b", "error")},
		"a: bad (and 2 more errors in the report)": {p("a", "error"), p("w", "warning"), p("b", "error"), p("c", "error")},
	} {
		if got := firstError(&reports.Report{Problems: ps}); got != want {
			t.Errorf("firstError(%v) = %q, want %q", ps, got, want)
		}
	}
}
