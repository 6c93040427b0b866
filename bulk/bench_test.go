package bulk

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/store"
)

// BenchmarkRun scans ../shared/corpus/realworld and large into a fresh
// SQLite store per iteration, with 1 and 2 workers (scripts/bench-bulk.sh
// measures the same from the command line, with peak RSS).
func BenchmarkRun(b *testing.B) {
	needShared(b)
	ctx := context.Background()
	ins, err := Collect(ctx, []string{filepath.Join(sharedCorpus, "realworld"), filepath.Join(sharedCorpus, "large")}, apk.DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				st, err := store.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("r%d.sqlite", i)))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Run(ctx, st, ins, testOptions(w)); err != nil {
					b.Fatal(err)
				}
				st.Close()
			}
			b.ReportMetric(float64(len(ins)*b.N)/b.Elapsed().Seconds(), "apps/s")
		})
	}
}
