package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/bulk"
	"github.com/apkscan/apkscan/store"
)

const fixtureDir = "../../../../testdata/apks"

func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestBulkStatsHistory(t *testing.T) {
	needFixture(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "r.sqlite")
	jsonl := filepath.Join(dir, "r.jsonl")
	code, stdout, stderr := runIn(t, "", "bulk", fixtureDir, "--db", db, "--jsonl", jsonl, "--workers", "2")
	if code != ExitOK || stdout != "" {
		t.Fatalf("bulk: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "12 inputs: 12 scanned, 0 failed") {
		t.Errorf("summary: %s", stderr)
	}
	if b, _ := os.ReadFile(jsonl); bytes.Count(b, []byte("\n")) != 12 {
		t.Errorf("jsonl: %d lines", bytes.Count(b, []byte("\n")))
	}
	// Resume, from a list on standard input; quiet.
	code, _, stderr = runIn(t, filepath.Join(fixtureDir, "medbook.apk")+"\n", "bulk", "-", "--db", db, "-q")
	if code != ExitOK || stderr != "" {
		t.Fatalf("bulk -: exit %d, stderr %q", code, stderr)
	}

	code, stdout, stderr = runIn(t, "", "stats", "--db", db, "--format", "json", "--top", "0")
	if code != ExitOK {
		t.Fatalf("stats: exit %d: %s", code, stderr)
	}
	var st struct {
		Apps, Builds, Runs int
		SDKs               []struct {
			ID   string
			Apps int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	// testdata/apks: 12 builds of 4 packages (medbook and its variants, hostile-strings, trackers and its clean and renamed twins).
	if st.Apps != 4 || st.Builds != 12 || st.Runs != 2 || len(st.SDKs) == 0 || st.SDKs[0].Apps == 0 {
		t.Errorf("stats: %+v", st)
	}
	code, stdout, _ = runIn(t, "", "stats", "--db", db)
	if code != ExitOK || !strings.Contains(stdout, "SDK prevalence") || !strings.Contains(stdout, "Top third-party hosts") {
		t.Errorf("stats table: exit %d\n%s", code, stdout)
	}

	code, stdout, stderr = runIn(t, "", "history", "com.example.medbook", "--db", db, "--format", "json")
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	var h struct {
		Versions []struct {
			VersionCode int64 `json:"version_code"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &h); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Versions); n != 7 || h.Versions[n-1].VersionCode != 13 {
		t.Errorf("history: %+v", h)
	}
	code, stdout, _ = runIn(t, "", "history", "no.such.app", "--db", db)
	if code != ExitOK || !strings.Contains(stdout, "no builds") {
		t.Errorf("history of an unknown app: exit %d %q", code, stdout)
	}
}

func TestBulkUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.sqlite")
	for _, args := range [][]string{
		{"bulk", "--db", db},
		{"bulk", "x", "--db", db, "--shard", "2/2"},
		{"bulk", "x", "--db", db, "--max-size", "lots"},
		{"bulk", "x", "--db", db, "--workers", "0"},
		{"bulk", "x", "--db", db, "--from-file", filepath.Join(t.TempDir(), "missing.txt")},
		{"stats", "--db", db, "--format", "xml"},
		{"history", "--db", db},
	} {
		if code, _, stderr := runIn(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, stderr)
		}
	}
	if code, _, stderr := runIn(t, "", "stats", "--db", db); code != ExitInput || !strings.Contains(stderr, "apkscan bulk") {
		t.Errorf("stats without a database: exit %d, %q", code, stderr)
	}
}

func TestResolveShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		flag string
		env  func(string) string
		want bulk.Shard
		bad  bool
	}{
		{"", env(), bulk.Shard{}, false},
		{"1/4", env("JOB_COMPLETION_INDEX", "3"), bulk.Shard{Index: 1, Count: 4}, false},
		{"4", env("JOB_COMPLETION_INDEX", "3"), bulk.Shard{Index: 3, Count: 4}, false},
		{"/4", env("SLURM_ARRAY_TASK_ID", "2"), bulk.Shard{Index: 2, Count: 4}, false},
		{"", env("APKSCAN_SHARDS", "8", "JOB_COMPLETION_INDEX", "5"), bulk.Shard{Index: 5, Count: 8}, false},
		{"4", env(), bulk.Shard{}, true},
		{"4", env("JOB_COMPLETION_INDEX", "4"), bulk.Shard{}, true},
		{"x", env(), bulk.Shard{}, true},
	} {
		got, err := resolveShard(c.flag, c.env)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("resolveShard(%q) = %v, %v", c.flag, got, err)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1048576": 1 << 20, "512MiB": 512 << 20, "2G": 2 << 30, "1.5k": 1536, "8 GB": 8 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "x", "-1", "GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}

func TestBulkSubprocessors(t *testing.T) {
	needFixture(t)
	list := "../../../../testdata/subprocessors/medbook.yaml"
	if _, err := os.Stat(list); err != nil {
		t.Skipf("subprocessor list missing: %v", err)
	}
	db := filepath.Join(t.TempDir(), "r.sqlite")
	if code, _, stderr := runIn(t, "", "bulk", fixture, "--db", db, "--subprocessors", list, "-q"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n, undeclared int
	st.SQL().QueryRow("SELECT COUNT(*), SUM(CASE WHEN declared THEN 0 ELSE 1 END) FROM subprocessors").Scan(&n, &undeclared)
	if n == 0 || undeclared == 0 {
		t.Errorf("subprocessors rows: %d, undeclared %d", n, undeclared)
	}
	if code, _, _ := runIn(t, "", "bulk", fixture, "--db", db, "--subprocessors", filepath.Join(t.TempDir(), "none.yaml")); code != ExitUsage {
		t.Errorf("missing list: exit %d", code)
	}
}
