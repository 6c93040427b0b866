package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/store"
)

const (
	sharedCorpus = "../../shared/corpus"
	fixtures     = "../testdata/apks"
)

func needShared(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedCorpus, "MANIFEST.tsv")); err != nil {
		t.Skipf("../shared/corpus not present (%v): corpus tests need the shared folder beside the checkout", err)
	}
}

func needFixtures(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(fixtures, "medbook.apk")); err != nil {
		t.Skipf("fixtures missing (%v); rebuild with testdata/fixtures/build.sh", err)
	}
}

// TestMain doubles as the child process of the crash and shard tests:
// with $APKSCAN_BULK_CHILD set, the test binary runs one bulk scan
// (configured by the other APKSCAN_BULK_* variables) and exits.
func TestMain(m *testing.M) {
	if os.Getenv("APKSCAN_BULK_CHILD") != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

// testOptions are the options of every test run, in and out of process.
func testOptions(workers int) Options {
	return Options{Scan: scan.Options{ToolVersion: "test"}, Workers: workers}
}

func childMain() int {
	ctx := context.Background()
	paths := strings.Split(os.Getenv("APKSCAN_BULK_PATHS"), "\n")
	workers, _ := strconv.Atoi(os.Getenv("APKSCAN_BULK_WORKERS"))
	blockAfter, _ := strconv.Atoi(os.Getenv("APKSCAN_BULK_BLOCK_AFTER"))
	var shard Shard
	if s := os.Getenv("APKSCAN_BULK_SHARD"); s != "" {
		var err error
		if shard, err = ParseShard(s); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	st, err := store.Open(ctx, os.Getenv("APKSCAN_BULK_DB"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	ins, err := Collect(ctx, paths, apk.DefaultLimits())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	opt := testOptions(workers)
	opt.Shard = shard
	if blockAfter > 0 {
		// Stop writing after blockAfter outcomes (Progress runs in the
		// writer goroutine, after the commit) and wait to be killed.
		opt.Progress = func(p Progress) {
			if p.Done >= blockAfter {
				select {}
			}
		}
	}
	if _, err := Run(ctx, st, shard.Select(ins), opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// child starts this test binary as a bulk child process.
func child(t *testing.T, dsn string, paths []string, workers int, shard string, blockAfter int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		"APKSCAN_BULK_CHILD=1",
		"APKSCAN_BULK_DB="+dsn,
		"APKSCAN_BULK_PATHS="+strings.Join(paths, "\n"),
		"APKSCAN_BULK_WORKERS="+strconv.Itoa(workers),
		"APKSCAN_BULK_SHARD="+shard,
		"APKSCAN_BULK_BLOCK_AFTER="+strconv.Itoa(blockAfter),
	)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t.Cleanup(func() {
		if cmd.Process != nil {
			cmd.Process.Kill()
		}
		if s := stderr.String(); s != "" {
			t.Logf("child stderr: %s", s)
		}
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// runInProcess scans paths into the store at dsn.
func runInProcess(t testing.TB, dsn string, paths []string, opt Options) (Summary, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ins, err := Collect(ctx, paths, apk.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(ctx, st, opt.Shard.Select(ins), opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum, st
}

// snapshot is a store's content, as comparable strings: per input path its
// outcome; per app its identity, SDK ids, endpoint and flow counts; per
// error path its kind and message.
func snapshot(t testing.TB, db *sql.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	q := func(query string, each func(cols []string)) {
		rs, err := db.Query(query)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rs.Close()
		n, _ := rs.Columns()
		for rs.Next() {
			vals := make([]sql.NullString, len(n))
			ptrs := make([]any, len(n))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			cols := make([]string, len(n))
			for i, v := range vals {
				cols[i] = v.String
			}
			each(cols)
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
	}
	q("SELECT path, status, sha256 FROM inputs", func(c []string) { out["input "+c[0]] = c[1] + " " + c[2] })
	q("SELECT path, kind, error FROM errors", func(c []string) { out["error "+c[0]] = c[1] + ": " + c[2] })
	q("SELECT sha256, package, version_code, kind, signer_sha256 FROM apps", func(c []string) { out["app "+c[0]] = strings.Join(c[1:], " ") })
	q("SELECT app_sha256, sdk_id FROM sdks ORDER BY app_sha256, sdk_id", func(c []string) { out["sdks "+c[0]] += c[1] + " " })
	q("SELECT app_sha256, COUNT(*) FROM endpoints GROUP BY app_sha256", func(c []string) { out["endpoints "+c[0]] = c[1] })
	q("SELECT app_sha256, COUNT(*) FROM flows GROUP BY app_sha256", func(c []string) { out["flows "+c[0]] = c[1] })
	return out
}

func diffSnapshots(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	bad := 0
	for _, k := range keys {
		if got[k] != want[k] {
			if bad++; bad <= 10 {
				t.Errorf("%s: %s = %q, want %q", what, k, got[k], want[k])
			}
		}
	}
	if bad > 10 {
		t.Errorf("%s: %d differences in all", what, bad)
	}
}

var (
	refOnce sync.Once
	refSnap map[string]string
	refErr  string
)

// reference is a single-worker SQLite run over the whole corpus, made once
// per test binary and checked to hold one row per input.
func reference(t *testing.T) map[string]string {
	t.Helper()
	needShared(t)
	refOnce.Do(func() {
		dir, err := os.MkdirTemp("", "apkscan-bulk-ref")
		if err != nil {
			refErr = err.Error()
			return
		}
		defer os.RemoveAll(dir)
		ctx := context.Background()
		st, err := store.Open(ctx, filepath.Join(dir, "ref.sqlite"))
		if err != nil {
			refErr = err.Error()
			return
		}
		defer st.Close()
		ins, err := Collect(ctx, []string{sharedCorpus}, apk.DefaultLimits())
		if err != nil {
			refErr = err.Error()
			return
		}
		sum, err := Run(ctx, st, ins, testOptions(1))
		if err != nil {
			refErr = err.Error()
			return
		}
		if sum.Done != len(ins) || sum.Scanned+sum.Failed+sum.Linked != len(ins) {
			refErr = fmt.Sprintf("reference run: %+v for %d inputs", sum, len(ins))
			return
		}
		refSnap = snapshot(t, st.SQL())
	})
	if refErr != "" {
		t.Fatal(refErr)
	}
	return refSnap
}
