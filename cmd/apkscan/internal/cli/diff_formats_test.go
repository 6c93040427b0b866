package cli

import (
	"strings"
	"testing"
)

// TestDiffCaseFileFormats: apkscan diff writes HTML, Markdown and SARIF
// (with baselineState) on request.
func TestDiffCaseFileFormats(t *testing.T) {
	needFixture(t)
	v2 := strings.Replace(fixture, "medbook.apk", "medbook-v2.apk", 1)
	for format, want := range map[string]string{"html": "Who receives what: changes", "markdown": "## Who receives what: changes", "sarif": `"baselineState": "absent"`} {
		code, out, stderr := run(t, "diff", fixture, v2, "--format", format)
		if code != 0 {
			t.Fatalf("diff --format %s: exit %d: %s", format, code, stderr)
		}
		if !strings.Contains(out, want) {
			t.Errorf("diff --format %s lacks %q", format, want)
		}
	}
}
