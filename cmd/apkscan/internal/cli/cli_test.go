package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const fixture = "../../../../testdata/apks/medbook.apk"

func needFixture(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture missing (%v); rebuild with testdata/fixtures/build.sh", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--no-such-flag", "x.apk"},
		{"--format", "pdf", "x.apk"},
		{"scan"},
		{"sdkdb", "import-exodus", "x.json"},
	} {
		code, _, stderr := run(t, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr)
		}
	}
}

func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.apk")
	os.WriteFile(empty, nil, 0o644)
	text := filepath.Join(dir, "text.apk")
	os.WriteFile(text, []byte("not a zip"), 0o644)
	for _, p := range []string{filepath.Join(dir, "missing.apk"), empty, text} {
		code, stdout, stderr := run(t, p)
		if code != ExitInput {
			t.Errorf("%s: exit %d, want %d", p, code, ExitInput)
		}
		if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, p) {
			t.Errorf("%s: want one stderr line naming the file, got %q", p, stderr)
		}
		if stdout != "" {
			t.Errorf("%s: unexpected stdout %q", p, stdout)
		}
	}
}

func TestScanFormatsAndOutputs(t *testing.T) {
	needFixture(t)
	code, stdout, stderr := run(t, fixture)
	if code != ExitOK || !strings.Contains(stdout, "com.example.medbook") {
		t.Fatalf("table: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, stdout, _ = run(t, "--format", "json", fixture)
	var doc map[string]any
	if code != ExitOK || json.Unmarshal([]byte(stdout), &doc) != nil || doc["schema_version"] == nil {
		t.Fatalf("json: exit %d, output %.200q", code, stdout)
	}
	dir := t.TempDir()
	j, tb := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.txt")
	code, stdout, stderr = run(t, "scan", fixture, "-o", "json="+j, "-o", "table="+tb)
	if code != ExitOK || stdout != "" {
		t.Fatalf("-o: exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	for _, p := range []string{j, tb} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("output dir holds %d files, want exactly the 2 requested", len(ents))
	}
}

func TestBrokenFixtures(t *testing.T) {
	dir := "../../../../testdata/broken"
	files, err := filepath.Glob(filepath.Join(dir, "*.apk"))
	if err != nil || len(files) == 0 {
		t.Fatalf("testdata/broken: %v, %d files (committed fixtures; rebuild with testdata/fixtures/build.sh)", err, len(files))
	}
	for _, p := range files {
		code, _, stderr := run(t, "--format", "json", p)
		if code != ExitOK && code != ExitInput {
			t.Errorf("%s: exit %d", p, code)
		}
		if code == ExitInput && (!strings.Contains(stderr, filepath.Base(p)) || strings.Count(strings.TrimSpace(stderr), "\n") > 0) {
			t.Errorf("%s: want one stderr line naming the file, got %q", p, stderr)
		}
	}
}

func TestSDKDBCommands(t *testing.T) {
	if code, out, errs := run(t, "sdkdb", "validate"); code != ExitOK || !strings.HasPrefix(out, "ok:") {
		t.Errorf("validate: exit %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, "sdkdb", "list"); code != ExitOK || !strings.Contains(out, "aws-pinpoint") {
		t.Errorf("list: exit %d, aws-pinpoint missing", code)
	}
	if code, _, errs := run(t, "sdkdb", "lint"); code != ExitOK {
		t.Errorf("lint: exit %d %q", code, errs)
	}
	exo := "../../../../../shared/corpus/sigdb/exodus_trackers.json"
	if _, err := os.Stat(exo); err == nil {
		out := t.TempDir()
		code, stdout, errs := run(t, "sdkdb", "import-exodus", exo, "--out", out)
		if code != ExitOK || !strings.Contains(stdout, "wrote 432 SDKs") {
			t.Errorf("import-exodus: exit %d %q %q", code, stdout, errs)
		}
		if code, _, errs := run(t, "sdkdb", "validate", out); code != ExitOK {
			t.Errorf("validate of imported dir: exit %d %q", code, errs)
		}
	}
	if code, out, _ := run(t, "version"); code != ExitOK || !strings.Contains(out, "sdkdb") {
		t.Errorf("version: %d %q", code, out)
	}
}
