package bulk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/store/storetest"
	"github.com/apkscan/apkscan/subprocessors"
)

func loadList(t *testing.T, name string) *subprocessors.List {
	t.Helper()
	l, err := subprocessors.Load(filepath.Join("../testdata/subprocessors", name))
	if err != nil {
		t.Skipf("subprocessor list: %v", err)
	}
	return l
}

// TestRunChecksStoredApps: a bulk run with a list cross-checks the apps
// stored by an earlier run (skipped or linked, not scanned again), once
// per list and signature database; several lists coexist.
func TestRunChecksStoredApps(t *testing.T) {
	needFixtures(t)
	dir := t.TempDir()
	for _, n := range []string{"medbook.apk", "medbook-v2.apk", "hostile-strings.apk"} {
		copyFile(t, filepath.Join(fixtures, n), filepath.Join(dir, "in", n))
	}
	in := []string{filepath.Join(dir, "in")}
	dsn := filepath.Join(dir, "r.sqlite")
	sum, st := runInProcess(t, dsn, in, testOptions(2))
	if sum.Scanned != 3 || count(t, st, "SELECT COUNT(*) FROM subprocessors") != 0 {
		t.Fatalf("first run: %+v", sum)
	}

	medbook := loadList(t, "medbook.yaml")
	opt := testOptions(2)
	opt.Scan.Declared = medbook
	sum, st = runInProcess(t, dsn, in, opt)
	if sum.Skipped != 3 || sum.Rechecked != 3 || sum.Scanned != 0 || sum.RecheckFailed != 0 {
		t.Fatalf("run with a list over stored apps: %+v", sum)
	}
	q := "SELECT COUNT(*) FROM subprocessor_checks WHERE list_digest = '" + medbook.Digest + "'"
	if n := count(t, st, q); n != 3 {
		t.Errorf("%s = %d", q, n)
	}
	undeclared := count(t, st, "SELECT COUNT(*) FROM subprocessors WHERE NOT declared AND list_digest = '"+medbook.Digest+"'")
	if undeclared == 0 {
		t.Error("no undeclared recipient for medbook's list")
	}
	// The same verdict as a scan with the list would store.
	var sha string
	st.SQL().QueryRow("SELECT sha256 FROM apps WHERE package = 'com.example.medbook' AND version_code = 12").Scan(&sha)
	rep, err := st.Report(context.Background(), sha)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := subprocessors.Check(rep, medbook, db)
	if n := count(t, st, "SELECT COUNT(*) FROM subprocessors WHERE app_sha256 = '"+sha+"' AND list_digest = '"+medbook.Digest+"'"); n != len(want.Recipients) || n == 0 {
		t.Errorf("medbook: %d verdict rows, want %d", n, len(want.Recipients))
	}

	// Again: the verdicts are current, nothing to do.
	sum, _ = runInProcess(t, dsn, in, opt)
	if sum.Skipped != 3 || sum.Rechecked != 0 {
		t.Errorf("second run with the list: %+v", sum)
	}

	// A second list (another company's): its verdicts join the first's.
	other := filepath.Join(dir, "other.yaml")
	os.WriteFile(other, []byte("subprocessors:\n  - name: Google Ireland Limited\n    country: IE\n"), 0o644)
	ol, err := subprocessors.Load(other)
	if err != nil {
		t.Fatal(err)
	}
	opt.Scan.Declared = ol
	copyFile(t, filepath.Join(fixtures, "medbook-v2.apk"), filepath.Join(dir, "in", "copy", "v2.apk")) // linked
	sum, st = runInProcess(t, dsn, in, opt)
	if sum.Rechecked < 3 || sum.Linked != 1 { // 3 builds; the copy is checked again only when both paths race
		t.Errorf("run with a second list: %+v", sum)
	}
	if n := count(t, st, "SELECT COUNT(DISTINCT list_digest) FROM subprocessor_checks"); n != 2 {
		t.Errorf("%d lists stored, want 2", n)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM subprocessors WHERE declared AND vendor_id = 'google' AND list_digest = '"+ol.Digest+"'"); n == 0 {
		t.Error("Google is declared on the second list")
	}
}

func TestRecheck(t *testing.T) {
	needFixtures(t)
	dsns := map[string]string{"sqlite": filepath.Join(t.TempDir(), "r.sqlite")}
	if dsn := os.Getenv(storetest.Env); dsn != "" {
		dsns["postgres"] = storetest.SchemaDSN(t, dsn)
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) { testRecheck(t, dsn) })
	}
}

func testRecheck(t *testing.T, dsn string) {
	dir := t.TempDir()
	for _, n := range []string{"medbook.apk", "medbook-v2.apk", "trackers.apk"} {
		copyFile(t, filepath.Join(fixtures, n), filepath.Join(dir, "in", n))
	}
	_, st := runInProcess(t, dsn, []string{filepath.Join(dir, "in")}, testOptions(2))
	ctx := context.Background()
	medbook := loadList(t, "medbook.yaml")
	var calls int
	sum, err := Recheck(ctx, st, medbook, RecheckOptions{PackagePrefix: "com.example.medbook", Workers: 2, Progress: func(Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 2 || sum.Rechecked != 2 || sum.Done != 2 || calls != 2 || sum.Failed != 0 {
		t.Fatalf("recheck with a prefix: %+v, %d progress calls", sum, calls)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM subprocessor_checks c JOIN apps a ON a.sha256 = c.app_sha256 WHERE a.package NOT LIKE 'com.example.medbook%'"); n != 0 {
		t.Errorf("%d apps outside the prefix checked", n)
	}
	rows := count(t, st, "SELECT COUNT(*) FROM subprocessors")
	// Idempotent: the same list again replaces its verdicts.
	if sum, err = Recheck(ctx, st, medbook, RecheckOptions{PackagePrefix: "com.example.medbook"}); err != nil || sum.Rechecked != 2 {
		t.Fatalf("again: %+v %v", sum, err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM subprocessors"); n != rows {
		t.Errorf("rows after the same recheck: %d, before %d", n, rows)
	}
	// An unreadable stored report is counted, the others are checked.
	upd := "UPDATE apps SET report = ? WHERE package <> 'com.example.medbook'"
	if st.Backend() == "postgres" {
		upd = strings.Replace(upd, "?", "$1", 1)
	}
	if _, err := st.SQL().Exec(upd, []byte("not gzip")); err != nil {
		t.Fatal(err)
	}
	sum, err = Recheck(ctx, st, medbook, RecheckOptions{})
	if err != nil || sum.Total != 3 || sum.Rechecked != 2 || sum.Failed != 1 || sum.FirstError == "" {
		t.Errorf("with a broken report: %+v %v", sum, err)
	}
	// Cancelled before starting: nothing done, no error.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if sum, err = Recheck(cctx, st, medbook, RecheckOptions{}); err != nil || !sum.Interrupted {
		t.Errorf("cancelled: %+v %v", sum, err)
	}
}
