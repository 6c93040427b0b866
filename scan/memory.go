package scan

import (
	"context"
	"fmt"
	"runtime/metrics"
	"time"

	"github.com/apkscan/apkscan/errs"
)

// DefaultMemoryBudget is the heap a scan may grow the process to before
// it is stopped with a partial report ("memory budget exceeded"). The
// largest corpus app peaks at about 75 MB of RSS with taint on; the
// per-scan input budgets (apk.Limits, the taint budget) keep legitimate
// and hostile inputs far below this: it is the last line, for what the
// budgets do not foresee, well before the machine runs out (a Go runtime
// that runs out of memory dies and no recover catches it).
const DefaultMemoryBudget = 2 << 30

// errMemoryBudget is the cancel cause of a scan stopped by the watchdog.
var errMemoryBudget = errs.Partial(fmt.Errorf("memory budget exceeded"))

const heapMetric = "/memory/classes/heap/objects:bytes"

// heapBytes returns the bytes of live and not-yet-swept heap objects.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// watchMemory cancels ctx with errMemoryBudget when the process heap
// exceeds budget, checking at once and then every 20 ms until stop is
// called. Memory is a process-wide figure: in bulk runs the budget is per
// process share (see bulk), and a scan that pushes the total over it is
// stopped.
func watchMemory(ctx context.Context, budget int64) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	if budget <= 0 {
		return ctx, func() { cancel(nil) }
	}
	over := func() bool { return int64(heapBytes()) > budget }
	if over() {
		cancel(errMemoryBudget)
		return ctx, func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if over() {
					cancel(errMemoryBudget)
					return
				}
			}
		}
	}()
	return ctx, func() { close(done); cancel(nil) }
}
