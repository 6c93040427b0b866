package bulk

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/store"
	"github.com/apkscan/apkscan/subprocessors"
)

// verdict applies the list l to the stored report of the app sha.
func verdict(ctx context.Context, st *store.Store, sha string, l *subprocessors.List, db *sdkdb.DB) (*store.Verdict, error) {
	rep, err := st.Report(ctx, sha)
	if err != nil {
		return nil, err
	}
	return &store.Verdict{App: sha, ListDigest: l.Digest, SDKDBDigest: db.Digest(), Result: subprocessors.Check(rep, l, db)}, nil
}

// RecheckOptions configure Recheck.
type RecheckOptions struct {
	// DB resolves the list's entries to vendors (nil: sdkdb.Default()).
	DB *sdkdb.DB
	// PackagePrefix, when set, limits the check to the stored apps whose
	// package starts with it ("com.example."): one company's list applies
	// to that company's apps.
	PackagePrefix string
	// Workers read and check reports concurrently (default: CPUs).
	Workers int
	// Progress is called from the writer goroutine after every app.
	Progress func(Progress)
}

// recheckBatch is the number of verdicts committed in one transaction.
const recheckBatch = 64

// Recheck applies the declared list l to every stored app (or those
// matching opt.PackagePrefix) without scanning: each stored report is
// read, cross-checked (subprocessors.Check) and its verdict stored under
// l.Digest, replacing an earlier verdict of the same list. Verdicts of
// other lists are kept. In the Summary, Rechecked counts the apps checked
// and Failed those whose stored report could not be read (FirstError
// the first such error). An interrupted run stores what it checked; running it
// again redoes everything (a check is cheap).
func Recheck(ctx context.Context, st *store.Store, l *subprocessors.List, opt RecheckOptions) (Summary, error) {
	var sum Summary
	if opt.DB == nil {
		db, err := sdkdb.Default()
		if err != nil {
			return sum, err
		}
		opt.DB = db
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	start := time.Now()
	if ctx.Err() != nil {
		sum.Interrupted = true
		return sum, nil
	}
	keys, err := st.Apps(ctx, opt.PackagePrefix)
	if err != nil {
		return sum, fmt.Errorf("store: %w", err)
	}
	sum.Total = len(keys)
	type result struct {
		key store.AppKey
		v   *store.Verdict
		err error
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan store.AppKey)
	results := make(chan result, opt.Workers)
	go func() {
		defer close(jobs)
		for _, k := range keys {
			select {
			case jobs <- k:
			case <-wctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				v, err := verdict(wctx, st, k.SHA256, l, opt.DB)
				if wctx.Err() != nil {
					return // interrupted: not a failure
				}
				results <- result{k, v, err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	dbctx := context.WithoutCancel(ctx)
	var batch []store.Verdict
	var fatal error
	flush := func() {
		if fatal == nil && len(batch) > 0 {
			if err := st.PutVerdicts(dbctx, batch); err != nil {
				fatal = fmt.Errorf("store: %w", err)
				cancel()
			}
		}
		batch = batch[:0]
	}
	last := time.Now()
	for r := range results {
		if fatal != nil {
			continue
		}
		sum.Done++
		sum.Path, sum.Err = r.key.Package, ""
		if r.err != nil {
			sum.Failed++
			sum.Err = fmt.Sprintf("%s (%s): stored report: %v", r.key.Package, r.key.SHA256, r.err)
			if sum.FirstError == "" {
				sum.FirstError = sum.Err
			}
		} else {
			sum.Rechecked++
			batch = append(batch, *r.v)
		}
		// Commit every batch, and at least once a second so that a
		// killed run loses little.
		if len(batch) >= recheckBatch || time.Since(last) > time.Second {
			flush()
			last = time.Now()
		}
		sum.Elapsed = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(sum.Progress)
		}
	}
	flush()
	sum.Elapsed = time.Since(start)
	sum.Interrupted = ctx.Err() != nil && sum.Done < sum.Total
	return sum, fatal
}
