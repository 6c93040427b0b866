package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	declared = "../../../../testdata/subprocessors/medbook.yaml"
	v2       = "../../../../testdata/apks/medbook-v2.apk"
	resigned = "../../../../testdata/apks/medbook-resigned.apk"
)

func TestFailOnExitCodes(t *testing.T) {
	needFixture(t)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{fixture, "--subprocessors", declared}, ExitOK},
		{[]string{fixture, "--subprocessors", declared, "--fail-on", "undeclared"}, ExitFindings},
		{[]string{fixture, "--subprocessors", declared, "--fail-on", "medium"}, ExitFindings},
		{[]string{fixture, "--fail-on", "low"}, ExitFindings},            // the app's code calls tracker SDKs
		{[]string{fixture, "--no-taint", "--fail-on", "medium"}, ExitOK}, // no list, no flows: nothing medium
		{[]string{fixture, "--fail-on", "medium"}, ExitFindings},         // the planted flows are medium findings
		{[]string{fixture, "--fail-on", "undeclared"}, ExitUsage},        // needs a list
		{[]string{fixture, "--fail-on", "sometimes"}, ExitUsage},
		{[]string{fixture, "--subprocessors", "missing.yaml"}, ExitUsage},
		{[]string{"scan", fixture, "--subprocessors", declared, "--fail-on", "undeclared", "--format", "json"}, ExitFindings},
	} {
		code, stdout, stderr := run(t, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, stderr)
		}
		if code == ExitFindings && (!strings.Contains(stderr, "--fail-on") || stdout == "") {
			t.Errorf("%v: want the report on stdout and the reason on stderr, got stderr %q", c.args, stderr)
		}
		if code == ExitUsage && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: want one stderr line, got %q", c.args, stderr)
		}
	}
}

func TestSubprocessorsFlagAndFormats(t *testing.T) {
	needFixture(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("subprocessors:\n  - name: A\n    contry: FR\n"), 0o644)
	if code, _, stderr := run(t, fixture, "--subprocessors", bad); code != ExitUsage || !strings.Contains(stderr, "bad.yaml:3: unknown field") {
		t.Errorf("bad list: exit %d, stderr %q", code, stderr)
	}
	outs := map[string]string{}
	args := []string{fixture, "--subprocessors", declared}
	for _, f := range []string{"json", "sarif", "html", "markdown", "table"} {
		outs[f] = filepath.Join(dir, "r."+f)
		args = append(args, "-o", f+"="+outs[f])
	}
	if code, stdout, stderr := run(t, args...); code != ExitOK || stdout != "" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	for f, want := range map[string]string{"json": `"subprocessors"`, "sarif": `"version": "2.1.0"`, "html": "not on the declared subprocessor list",
		"markdown": "| NO |", "table": "Declared but not seen in the app: Atos"} {
		b, err := os.ReadFile(outs[f])
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s output lacks %q (%v)", f, want, err)
		}
	}
	// A saved JSON report is re-rendered, not scanned.
	if code, stdout, stderr := run(t, outs["json"], "--format", "markdown"); code != ExitOK || !strings.Contains(stdout, "# Privacy report: MedBook") {
		t.Errorf("re-render of a JSON report: exit %d %q %.200q", code, stderr, stdout)
	}
}

func TestDiffCommand(t *testing.T) {
	needFixture(t)
	code, stdout, stderr := run(t, "diff", fixture, v2)
	if code != ExitOK || !strings.Contains(stdout, "+ Sentry [sentry]") || !strings.Contains(stdout, "- Segment") || !strings.Contains(stdout, "+ android.permission.ACCESS_FINE_LOCATION") {
		t.Fatalf("diff: exit %d stderr %q\n%s", code, stderr, stdout)
	}
	if code, _, stderr := run(t, "diff", fixture, v2, "--fail-on", "added"); code != ExitFindings || !strings.Contains(stderr, "1 SDK added") {
		t.Errorf("--fail-on added: exit %d %q", code, stderr)
	}
	if code, _, _ := run(t, "diff", v2, fixture, "--fail-on", "added"); code != ExitFindings {
		// v1 has Segment, which v2 removed: going back adds it.
		t.Errorf("reverse diff --fail-on added: exit %d", code)
	}
	if code, stdout, _ := run(t, "diff", fixture, resigned, "--fail-on", "added", "--format", "json"); code != ExitOK {
		t.Errorf("resigned --fail-on added: exit %d", code)
	} else {
		var d map[string]any
		if err := json.Unmarshal([]byte(stdout), &d); err != nil || d["signer_changed"] != true {
			t.Errorf("resigned: signer_changed %v (%v)", d["signer_changed"], err)
		}
	}
	if code, _, _ := run(t, "diff", fixture, resigned, "--fail-on", "any"); code != ExitFindings {
		t.Errorf("resigned --fail-on any: exit %d", code)
	}
	// A saved report on one side, cross-checks compared.
	j := filepath.Join(t.TempDir(), "old.json")
	if code, _, _ := run(t, fixture, "--format", "json", "-o", j); code != ExitOK {
		t.Fatal("saving the report failed")
	}
	code, stdout, stderr = run(t, "diff", j, v2, "--subprocessors", declared, "--format", "markdown")
	if code != ExitOK || !strings.Contains(stdout, "Recipients (cross-check") || !strings.Contains(stdout, "Sentry") {
		t.Errorf("diff json vs apk: exit %d %q\n%s", code, stderr, stdout)
	}
	for _, args := range [][]string{{"diff", fixture}, {"diff", fixture, v2, "--fail-on", "more"}, {"diff", fixture, v2, "--format", "pdf"}} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
	if code, _, stderr := run(t, "diff", fixture, filepath.Join(t.TempDir(), "missing.apk")); code != ExitInput || !strings.Contains(stderr, "missing.apk") {
		t.Errorf("missing side: exit %d %q", code, stderr)
	}
}
