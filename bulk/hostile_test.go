package bulk

import (
	"path/filepath"
	"testing"
)

// TestHostileOneRowEachAndResume: a bulk run over every hostile fixture
// (and the project's own APKs) completes with one row per input, and a
// resume after it scans nothing again: budget hits and ambiguities end
// as stored (partial) reports or error rows, never as a dead process or
// an input retried forever.
func TestHostileOneRowEachAndResume(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "hostile.sqlite")
	paths := []string{"../testdata/hostile", "../testdata/apks"}
	first, st := runInProcess(t, dsn, paths, testOptions(2))
	if first.Interrupted || first.Done != first.Total || first.Total < 8 {
		t.Fatalf("first run: %+v", first.Progress)
	}
	rows := 0
	if err := st.SQL().QueryRow("SELECT COUNT(*) FROM inputs").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != first.Total {
		t.Errorf("%d input rows for %d inputs", rows, first.Total)
	}
	st.Close()
	again, _ := runInProcess(t, dsn, paths, testOptions(2))
	if again.Scanned != 0 || again.Failed != 0 || again.Skipped+again.Linked != again.Total {
		t.Errorf("resume scanned again: %+v", again.Progress)
	}
}
