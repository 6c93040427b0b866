package bulk

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apkscan/apkscan/store"
)

// waitFor polls cond until it holds; the bound only keeps a broken child
// from hanging the test, nothing is asserted about time.
func waitFor(t *testing.T, what string, cond func() bool, exited <-chan error) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !cond() {
		select {
		case err := <-exited:
			if !cond() {
				t.Fatalf("child exited (%v) before %s", err, what)
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// checkWhole verifies that the store holds only whole apps: the database
// is intact, every stored app has an input row pointing at it and child
// rows matching its stored report, and every input row its app or error.
func checkWhole(t *testing.T, st *store.Store) {
	t.Helper()
	var ic string
	if err := st.SQL().QueryRow("PRAGMA integrity_check").Scan(&ic); err != nil || ic != "ok" {
		t.Fatalf("integrity_check: %q %v", ic, err)
	}
	snap := snapshot(t, st.SQL())
	for k, v := range snap {
		switch {
		case strings.HasPrefix(k, "app "):
			sha := strings.TrimPrefix(k, "app ")
			rep, err := st.Report(context.Background(), sha)
			if err != nil {
				t.Fatalf("app %s: %v", sha, err)
			}
			var ids string
			for _, s := range rep.SDKs {
				ids += s.ID + " "
			}
			if snap["sdks "+sha] != ids {
				t.Errorf("app %s: sdks rows %q, report %q", sha, snap["sdks "+sha], ids)
			}
			if n := len(rep.Endpoints); n > 0 && snap["endpoints "+sha] == "" {
				t.Errorf("app %s: no endpoint rows for %d endpoints", sha, n)
			}
			found := false
			for k2, v2 := range snap {
				if strings.HasPrefix(k2, "input ") && v2 == "ok "+sha {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("app %s stored without its input row", sha)
			}
		case strings.HasPrefix(k, "input "):
			path := strings.TrimPrefix(k, "input ")
			if sha, ok := strings.CutPrefix(v, "ok "); ok && snap["app "+sha] == "" {
				t.Errorf("%s: input ok, app %s missing", path, sha)
			}
			if strings.HasPrefix(v, "error") && snap["error "+path] == "" {
				t.Errorf("%s: input error, error row missing", path)
			}
		}
	}
}

// TestCrashResume kills a bulk run (SIGKILL) part-way, resumes it, and
// requires the store to equal an uninterrupted single-worker run: no app
// lost, duplicated or half-written.
func TestCrashResume(t *testing.T) {
	ref := reference(t)
	for _, c := range []struct {
		name string
		// blockAfter > 0: the child stops after that many commits and is
		// killed while blocked (a deterministic point); otherwise it is
		// killed while writing, once killAt inputs are stored.
		blockAfter, killAt int
	}{
		{name: "blocked", blockAfter: 40, killAt: 40},
		{name: "writing", killAt: 80},
	} {
		t.Run(c.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "crash.sqlite")
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			cmd := child(t, dsn, []string{sharedCorpus}, 2, "", c.blockAfter)
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			stored := func() int {
				var n int
				st.SQL().QueryRow("SELECT COUNT(*) FROM inputs").Scan(&n)
				return n
			}
			waitFor(t, "the first commits", func() bool { return stored() >= c.killAt }, exited)
			cmd.Process.Kill()
			<-exited
			committed := stored()
			if c.blockAfter > 0 && committed != c.blockAfter {
				t.Errorf("%d inputs stored at the kill, want %d", committed, c.blockAfter)
			}
			t.Logf("killed with %d inputs stored", committed)
			checkWhole(t, st)

			sum, st2 := runInProcess(t, dsn, []string{sharedCorpus}, testOptions(2))
			if sum.Skipped != committed || sum.Done != sum.Total {
				t.Errorf("resume: %+v, want %d skipped", sum, committed)
			}
			checkWhole(t, st2)
			diffSnapshots(t, "resumed vs uninterrupted", snapshot(t, st2.SQL()), ref)
		})
	}
}
