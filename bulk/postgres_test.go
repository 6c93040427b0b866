package bulk

import (
	"context"
	"os"
	"testing"

	"github.com/apkscan/apkscan/store"
	"github.com/apkscan/apkscan/store/storetest"
)

// TestPostgresShards runs two shard workers (0/2 and 1/2) as concurrent
// processes into one PostgreSQL database; their union must equal a
// single-worker SQLite run over the same corpus, app by app.
func TestPostgresShards(t *testing.T) {
	dsn := os.Getenv(storetest.Env)
	if dsn == "" {
		t.Skipf("%s not set: no PostgreSQL server to test against (.ci/run starts one)", storetest.Env)
	}
	ref := reference(t)
	dsn = storetest.SchemaDSN(t, dsn)
	a := child(t, dsn, []string{sharedCorpus}, 1, "0/2", 0)
	b := child(t, dsn, []string{sharedCorpus}, 1, "1/2", 0)
	if err := a.Wait(); err != nil {
		t.Fatalf("shard 0/2: %v", err)
	}
	if err := b.Wait(); err != nil {
		t.Fatalf("shard 1/2: %v", err)
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	diffSnapshots(t, "postgres shards vs sqlite", snapshot(t, st.SQL()), ref)
	var runs, shards int
	st.SQL().QueryRow("SELECT COUNT(*), COUNT(DISTINCT shard) FROM scans WHERE finished_at IS NOT NULL").Scan(&runs, &shards)
	if runs != 2 || shards != 2 {
		t.Errorf("%d finished runs over %d shards, want 2 and 2", runs, shards)
	}
	// Both shards resumed: nothing left to do.
	sum, _ := runInProcess(t, dsn, []string{sharedCorpus}, testOptions(2))
	if sum.Skipped != sum.Total {
		t.Errorf("resume after shards: %+v", sum)
	}
}
