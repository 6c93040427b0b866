package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolveOutput(t *testing.T) {
	for _, c := range []struct {
		o, format, wantFormat, wantPath string
	}{
		{"r.json", "", "json", "r.json"},
		{"R.JSON", "", "json", "R.JSON"},
		{"r.exodus.json", "", "exodus", "r.exodus.json"},
		{"r.sarif", "", "sarif", "r.sarif"},
		{"r.sarif.json", "", "sarif", "r.sarif.json"},
		{"r.jsonl", "", "jsonl", "r.jsonl"},
		{"r.html", "", "html", "r.html"},
		{"r.htm", "", "html", "r.htm"},
		{"r.md", "", "markdown", "r.md"},
		{"r.txt", "", "table", "r.txt"},
		{"report", "", "table", "report"},
		{".json", "", "table", ".json"},
		{"r.html", "json", "json", "r.html"}, // --format wins over the extension
		{"-", "", "table", ""},
		{"-", "sarif", "sarif", ""},
		{"json=-", "", "json", ""},
		{"sarif=out/r.txt", "html", "sarif", "out/r.txt"},
		{"./xml=r.xml", "", "table", "./xml=r.xml"},
		{"dir/a=b.json", "", "json", "dir/a=b.json"},
		{"exodus=r.json", "", "exodus", "r.json"},
	} {
		out, err := resolveOutput(c.o, c.format)
		if err != nil {
			t.Errorf("-o %s --format %q: %v", c.o, c.format, err)
			continue
		}
		if out.enc.ID() != c.wantFormat || out.path != c.wantPath {
			t.Errorf("-o %s --format %q: %s → %q, want %s → %q", c.o, c.format, out.enc.ID(), out.path, c.wantFormat, c.wantPath)
		}
	}
	for _, o := range []string{"xml=r.xml", "pdf=r.pdf", "json=", "", "report=final.json"} {
		if _, err := resolveOutput(o, ""); err == nil || exitCode(err) != ExitUsage {
			t.Errorf("-o %q: want a usage error, got %v", o, err)
		}
	}
}

func TestUnknownOutputFormatIsUsageError(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run(t, fixture, "-o", "xml="+filepath.Join(dir, "r.xml"))
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, `unknown format "xml"`) {
		t.Errorf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a usage error wrote %d files", len(ents))
	}
}

// TestOutputByExtension: without --format, -o FILE's extension chooses.
func TestOutputByExtension(t *testing.T) {
	needFixture(t)
	dir := t.TempDir()
	files := map[string]string{"r.json": `"schema_version"`, "r.sarif": `"runs"`, "r.html": "<!DOCTYPE html>", "r.md": "# Privacy report", "r.exodus.json": `"uaid"`, "r.txt": "SDKs ("}
	args := []string{fixture}
	for f := range files {
		args = append(args, "-o", filepath.Join(dir, f))
	}
	if code, stdout, stderr := run(t, args...); code != ExitOK || stdout != "" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
	for f, want := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s: %v, lacks %q", f, err, want)
		}
	}
}

// TestSeveralInputsOneDocument: two inputs give one valid document per
// format.
func TestSeveralInputsOneDocument(t *testing.T) {
	needFixture(t)
	second := "../../../../testdata/apks/medbook-v2.apk"
	if _, err := os.Stat(second); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	dir := t.TempDir()
	p := func(f string) string { return filepath.Join(dir, f) }
	code, _, stderr := run(t, fixture, second, "-o", p("r.json"), "-o", p("r.sarif"), "-o", p("r.exodus.json"),
		"-o", p("r.html"), "-o", p("r.md"), "-o", "jsonl="+p("r.lines"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	read := func(f string) string {
		b, err := os.ReadFile(p(f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var arr []map[string]any
	if err := json.Unmarshal([]byte(read("r.json")), &arr); err != nil || len(arr) != 2 {
		t.Errorf("json: want an array of 2 reports: %v", err)
	}
	var log struct {
		Runs []any `json:"runs"`
	}
	if err := json.Unmarshal([]byte(read("r.sarif")), &log); err != nil || len(log.Runs) != 2 {
		t.Errorf("sarif: want one log with 2 runs, got %d (%v)", len(log.Runs), err)
	}
	var exo []map[string]any
	if err := json.Unmarshal([]byte(read("r.exodus.json")), &exo); err != nil || len(exo) != 2 {
		t.Errorf("exodus: want an array of 2: %v", err)
	}
	if h := read("r.html"); strings.Count(h, "<html") != 1 || strings.Count(h, `<section class="app">`) != 2 {
		t.Errorf("html: want one page with 2 app sections")
	}
	if m := read("r.md"); strings.Count(m, "\n## Privacy report: ") != 2 || !strings.HasPrefix(m, "# Privacy reports: 2 apps") {
		t.Errorf("markdown: want one document with 2 app sections:\n%.300s", m)
	}
	sc := bufio.NewScanner(strings.NewReader(read("r.lines")))
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		var doc map[string]any
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			t.Errorf("jsonl line %d: %v", n+1, err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("jsonl: %d lines, want 2", n)
	}
}

func TestVersion(t *testing.T) {
	if Version != defaultVersion {
		t.Skipf("Version set by -ldflags to %q", Version)
	}
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/apkscan/apkscan", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := "apkscan v1.2.3\nrevision 0123abcd (2026-12-01T10:00:00Z), modified\ngo1.26.8"
	if got := formatVersion(defaultVersion, bi); got != want {
		t.Errorf("go install build:\n%s\nwant:\n%s", got, want)
	}
	// -ldflags -X wins over the module version; a local build is (devel).
	bi.Main.Version = "(devel)"
	bi.Settings = bi.Settings[:2]
	if got := formatVersion("1.0.0", bi); got != "apkscan 1.0.0\nrevision 0123abcd (2026-12-01T10:00:00Z)\ngo1.26.8" {
		t.Errorf("ldflags build: %q", got)
	}
	if got := formatVersion(defaultVersion, nil); got != "apkscan "+defaultVersion {
		t.Errorf("no build info: %q", got)
	}
	// Both spellings print it.
	old := readBuildInfo
	readBuildInfo = func() *debug.BuildInfo { return bi }
	defer func() { readBuildInfo = old }()
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, stdout, _ := run(t, args...)
		if code != ExitOK || !strings.HasPrefix(stdout, "apkscan "+defaultVersion+"\nrevision 0123abcd") {
			t.Errorf("%v: exit %d %q", args, code, stdout)
		}
	}
}
