package cli

import (
	"os"
	"path/filepath"
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

// TestDiffOutputByExtension: like the scan, `diff -o FILE` takes the
// format from FILE's extension when --format is not given, --format wins
// over the extension, and an unknown FORMAT= prefix is a usage error.
func TestDiffOutputByExtension(t *testing.T) {
	needFixture(t)
	v2 := strings.Replace(fixture, "medbook.apk", "medbook-v2.apk", 1)
	dir := t.TempDir()
	for name, want := range map[string]string{
		"d.sarif": `"baselineState"`, "d.html": "<!DOCTYPE html>", "d.md": "## Who receives what: changes",
		"d.json": `"old":`, "d.txt": "Diff of MedBook",
	} {
		p := filepath.Join(dir, name)
		if code, _, stderr := run(t, "diff", fixture, v2, "-o", p); code != 0 {
			t.Fatalf("diff -o %s: exit %d: %s", name, code, stderr)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("diff -o %s lacks %q: %.200s", name, want, b)
		}
	}
	p := filepath.Join(dir, "forced.sarif")
	if code, _, stderr := run(t, "diff", fixture, v2, "--format", "markdown", "-o", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(p); !strings.Contains(string(b), "## Who receives what") {
		t.Errorf("--format markdown -o forced.sarif did not write Markdown: %.200s", b)
	}
	for _, bad := range []string{"xml=" + filepath.Join(dir, "d.xml"), filepath.Join(dir, "d.exodus.json")} {
		if code, _, _ := run(t, "diff", fixture, v2, "-o", bad); code != 2 {
			t.Errorf("diff -o %s: exit %d, want 2 (usage)", bad, code)
		}
	}
}
