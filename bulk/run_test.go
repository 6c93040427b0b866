package bulk

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/store"
)

func count(t *testing.T, st *store.Store, q string) int {
	t.Helper()
	var n int
	if err := st.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestRunResume(t *testing.T) {
	needFixtures(t)
	dir := t.TempDir()
	// A private copy: the test changes modification times.
	for _, n := range []string{"medbook.apk", "medbook-v2.apk", "hostile-strings.apk", "medbook.xapk",
		"medbook-splits/base.apk", "medbook-splits/split_config.xxhdpi.apk"} {
		copyFile(t, filepath.Join(fixtures, n), filepath.Join(dir, "in", n))
	}
	os.WriteFile(filepath.Join(dir, "in", "empty.apk"), nil, 0o644)
	in := []string{filepath.Join(dir, "in")}
	dsn := filepath.Join(dir, "r.sqlite")
	var jsonl bytes.Buffer
	opt := testOptions(2)
	opt.JSONL = &jsonl
	var progress []Progress
	opt.Progress = func(p Progress) { progress = append(progress, p) }

	sum, st := runInProcess(t, dsn, in, opt)
	if sum.Total != 6 || sum.Scanned != 5 || sum.Failed != 1 || sum.Done != 6 || sum.Interrupted || len(progress) != 6 {
		t.Fatalf("first run: %+v, %d progress calls", sum, len(progress))
	}
	if n := strings.Count(jsonl.String(), "\n"); n != 5 {
		t.Errorf("jsonl: %d lines, want 5", n)
	}
	for _, line := range strings.Split(strings.TrimSpace(jsonl.String()), "\n") {
		if _, err := reports.DecodeJSON(strings.NewReader(line)); err != nil {
			t.Errorf("jsonl line: %v", err)
		}
	}
	if n := count(t, st, "SELECT COUNT(*) FROM apps WHERE kind = 'dir'"); n != 1 {
		t.Errorf("split directory: %d dir apps", n)
	}
	before := snapshot(t, st.SQL())

	// Resume: everything is stored.
	jsonl.Reset()
	sum, _ = runInProcess(t, dsn, in, opt)
	if sum.Skipped != 6 || sum.Scanned != 0 || jsonl.Len() != 0 {
		t.Errorf("resume: %+v", sum)
	}

	// A file touched (same content, new mtime) and a copy at a new path:
	// linked to the stored build by SHA-256, not rescanned.
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(dir, "in", "medbook.apk"), later, later)
	copyFile(t, filepath.Join(fixtures, "medbook-v2.apk"), filepath.Join(dir, "in", "copy", "v2-copy.apk"))
	sum, _ = runInProcess(t, dsn, in, opt)
	if sum.Linked != 2 || sum.Skipped != 5 || sum.Scanned != 0 {
		t.Errorf("touched: %+v", sum)
	}

	// Another tool version: stale results are kept by default…
	opt2 := opt
	opt2.Scan = scan.Options{ToolVersion: "test-2"}
	sum, _ = runInProcess(t, dsn, in, opt2)
	if sum.Skipped != 7 || sum.Stale != 7 || sum.Scanned != 0 {
		t.Errorf("stale kept: %+v", sum)
	}
	// … and rescanned with RescanStale (errors too: they are stale).
	opt2.RescanStale = true
	sum, st = runInProcess(t, dsn, in, opt2)
	// (the copy and its original are scanned, or one is linked to the
	// other, depending on which worker commits first)
	if sum.Scanned+sum.Linked != 6 || sum.Scanned < 5 || sum.Failed != 1 {
		t.Errorf("rescan stale: %+v", sum)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM apps WHERE tool_version <> 'test-2'"); n != 0 {
		t.Errorf("%d apps not rescanned", n)
	}
	// RetryErrors rescans the error only.
	opt2.RescanStale, opt2.RetryErrors = false, true
	sum, st = runInProcess(t, dsn, in, opt2)
	if sum.Failed != 1 || sum.Skipped != 6 {
		t.Errorf("retry errors: %+v", sum)
	}
	after := snapshot(t, st.SQL())
	delete(after, "input "+filepath.Join(dir, "in", "copy", "v2-copy.apk"))
	diffSnapshots(t, "after rescans", after, before)
}

func TestRunGuards(t *testing.T) {
	needFixtures(t)
	dir := t.TempDir()
	apkPath := filepath.Join(fixtures, "medbook.apk")
	kind := func(st *store.Store) string {
		var k, msg string
		if err := st.SQL().QueryRow("SELECT kind, error FROM errors WHERE path = ?", apkPath).Scan(&k, &msg); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(msg, apkPath+": ") {
			t.Errorf("error %q does not name the input", msg)
		}
		return k
	}

	opt := testOptions(1)
	opt.MaxSize = 1
	_, st := runInProcess(t, filepath.Join(dir, "size.sqlite"), []string{apkPath}, opt)
	if k := kind(st); k != store.ErrTooLarge {
		t.Errorf("size cap: %s", k)
	}

	opt = testOptions(1)
	opt.Timeout = time.Nanosecond
	_, st = runInProcess(t, filepath.Join(dir, "timeout.sqlite"), []string{apkPath}, opt)
	if k := kind(st); k != store.ErrTimeout {
		t.Errorf("timeout: %s", k)
	}

	scanFunc = func(context.Context, string, scan.Options) (*reports.Report, error) { panic("boom") }
	defer func() { scanFunc = scan.Scan }()
	sum, st := runInProcess(t, filepath.Join(dir, "panic.sqlite"), []string{apkPath, filepath.Join(fixtures, "medbook-v2.apk")}, testOptions(1))
	if k := kind(st); k != store.ErrPanic || sum.Failed != 2 {
		t.Errorf("panic: %s, %+v", k, sum)
	}
}

// A run whose context is cancelled records nothing for the inputs it did
// not finish and says it was interrupted.
func TestRunCancelled(t *testing.T) {
	needFixtures(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "r.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ins, _ := Collect(context.Background(), []string{fixtures}, apk.DefaultLimits())
	sum, err := Run(ctx, st, ins, testOptions(2))
	if err == nil && !sum.Interrupted {
		t.Errorf("not interrupted: %+v", sum)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM inputs"); n != 0 {
		t.Errorf("%d inputs recorded after cancel", n)
	}
}

// Every input of ../shared/corpus (malformed/ included) ends as exactly
// one row: a stored report or a recorded error.
func TestCorpusOneRowEach(t *testing.T) {
	ref := reference(t)
	ins, err := Collect(context.Background(), []string{sharedCorpus}, apk.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range ins {
		st, ok := ref["input "+in.Path]
		switch {
		case !ok:
			t.Errorf("%s: no row", in.Path)
		case strings.HasPrefix(st, "ok "):
			sha := strings.TrimPrefix(st, "ok ")
			if ref["app "+sha] == "" {
				t.Errorf("%s: input ok but no app %s", in.Path, sha)
			}
			if ref["error "+in.Path] != "" {
				t.Errorf("%s: both a result and an error", in.Path)
			}
		case strings.HasPrefix(st, "error"):
			if ref["error "+in.Path] == "" {
				t.Errorf("%s: input error but no error row", in.Path)
			}
		default:
			t.Errorf("%s: status %q", in.Path, st)
		}
	}
	rows := 0
	for k := range ref {
		if strings.HasPrefix(k, "input ") {
			rows++
		}
	}
	if rows != len(ins) {
		t.Errorf("%d input rows for %d inputs", rows, len(ins))
	}
	// Every .apk file of the corpus is an input or in a split directory
	// that is one.
	byPath := map[string]Input{}
	for _, in := range ins {
		byPath[in.Path] = in
	}
	files := 0
	filepath.WalkDir(sharedCorpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".apk") {
			return nil
		}
		files++
		if _, ok := byPath[p]; !ok && !byPath[filepath.Dir(p)].Dir {
			t.Errorf("%s: not an input", p)
		}
		return nil
	})
	t.Logf("%d inputs (%d .apk files), all with one row", len(ins), files)
}
