package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	needFixture(t)
	code, out, stderr := run(t, "explain", fixture)
	if code != ExitOK {
		t.Fatalf("explain: exit %d, %s", code, stderr)
	}
	if n := strings.Count(out, "\nFlow ") + strings.Count(out[:min(len(out), 5)], "Flow "); n != 6 {
		t.Errorf("explain: %d flows, want 6:\n%s", n, out)
	}
	for _, want := range []string{"▶", "■", "source", "sink", "classes2.dex Lcom/example/medbook/DoctorImages;->loadPhoto",
		`value:  "https://res.cloudinary.com/medbook/image/upload/doctors/" + «intent-data» + ".jpg"`} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
	// --flow by number and by fingerprint prefix, from a saved report.
	dir := t.TempDir()
	rep := filepath.Join(dir, "r.json")
	if code, _, stderr := run(t, fixture, "--format", "json", "-o", rep); code != ExitOK {
		t.Fatalf("scan: exit %d %s", code, stderr)
	}
	var r struct {
		Flows []struct{ Fingerprint string } `json:"flows"`
	}
	raw, _ := os.ReadFile(rep)
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Flows) != 6 {
		t.Fatalf("report: %v, %d flows", err, len(r.Flows))
	}
	code, one, _ := run(t, "explain", rep, "--flow", "2")
	if code != ExitOK || strings.Count(one, "Flow ") != 1 || !strings.HasPrefix(one, "Flow 2:") {
		t.Errorf("--flow 2: exit %d\n%s", code, one)
	}
	code, byFP, _ := run(t, "explain", rep, "--flow", r.Flows[2].Fingerprint[:10])
	if code != ExitOK || !strings.HasPrefix(byFP, "Flow 3:") {
		t.Errorf("--flow fingerprint: exit %d\n%s", code, byFP)
	}
	for _, bad := range [][]string{{"explain", rep, "--flow", "99"}, {"explain", rep, "--flow", "ffffffffffff"}, {fixture, "--profile", "nope"}} {
		if code, _, stderr := run(t, bad...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", bad, code, ExitUsage, stderr)
		}
	}
	if code, out, _ := run(t, fixture, "--no-taint", "--format", "json"); code != ExitOK || !strings.Contains(out, `"flows": []`) {
		t.Errorf("--no-taint: exit %d", code)
	}
}
