package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTimestampFlag: the scan date is in the report only with
// --timestamp, in every format that a person reads, and a saved report
// re-rendered keeps its own date.
func TestTimestampFlag(t *testing.T) {
	needFixture(t)
	old := scanTime
	scanTime = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("x", 3600)) }
	defer func() { scanTime = old }()
	const stamp = "2026-03-04T04:06:07Z"
	dir := t.TempDir()
	js := filepath.Join(dir, "r.json")
	code, _, stderr := run(t, fixture, "--timestamp", "-o", "table="+filepath.Join(dir, "r.txt"), "-o", "html="+filepath.Join(dir, "r.html"),
		"-o", "markdown="+filepath.Join(dir, "r.md"), "-o", "json="+js)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"r.txt", "r.html", "r.md", "r.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), stamp) {
			t.Errorf("%s lacks the scan date %s", f, stamp)
		}
	}
	scanTime = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	code, out, stderr := run(t, js, "--timestamp", "--format", "markdown")
	if code != 0 || !strings.Contains(out, stamp) || strings.Contains(out, "2030-") {
		t.Errorf("re-rendered saved report: exit %d, want its own date %s: %s%s", code, stamp, stderr, out[:min(len(out), 300)])
	}
	code, out, _ = run(t, fixture, "--format", "html")
	if code != 0 || strings.Contains(out, "Scanned at") || strings.Contains(out, "scan at") {
		t.Errorf("without --timestamp the report has a date (exit %d)", code)
	}
}
