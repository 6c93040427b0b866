// Package bulk scans many apps into a result store: it lists the inputs
// (walk.go), keeps a deterministic shard of them, skips what the store
// already holds, scans the rest with a bounded pool of workers (a time
// limit, a size cap and a panic guard per input) and writes every outcome
// (a report or an error) from one writer goroutine, one transaction per
// input. It prints nothing: progress goes to a callback.
//
// It depends on scan, store and reports.
package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/errs"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/scan"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/store"
)

// Options configure Run.
type Options struct {
	// Scan is passed to scan.Scan for every input; Scan.DB nil means
	// sdkdb.Default(). Scan.ToolVersion and the database's digest decide
	// whether a stored result is current.
	Scan scan.Options
	// Workers is the number of concurrent scans (default: number of CPUs).
	Workers int
	// Timeout limits one input's scan (0: none). A scan that overruns is
	// recorded as a timeout error and abandoned: it stops at its next
	// cancellation point while the pool moves on. At most Workers scans
	// are abandoned at once; beyond that a worker waits for its own.
	Timeout time.Duration
	// MaxSize records inputs larger than this many bytes as "too-large"
	// errors without scanning them (0: no cap). It bounds memory: a scan
	// holds at most one inflated DEX file plus the index of the app.
	MaxSize int64
	// RescanStale rescans inputs stored by another tool version or sdkdb
	// digest; without it they are kept (and counted as Stale).
	RescanStale bool
	// RetryErrors rescans inputs whose stored outcome is an error.
	RetryErrors bool
	// Shard is recorded with the run (selecting the inputs is the
	// caller's job: Shard.Select).
	Shard Shard
	// JSONL, when set, receives one compact JSON report per line for
	// every app scanned, written before the app is committed (after a
	// crash a line can repeat, never be missing).
	JSONL io.Writer
	// Progress is called from the writer goroutine after every input;
	// it must return quickly.
	Progress func(Progress)
}

// Progress counts a run's outcomes so far.
type Progress struct {
	Total   int // inputs of this run (this shard)
	Done    int // inputs with an outcome
	Scanned int // scanned and stored
	Linked  int // the same build is stored (found at another path): recorded without scanning
	Skipped int // already in the store from an earlier run
	Stale   int // of Skipped and Linked: stored by another tool version or sdkdb
	Failed  int // recorded as errors
	// Rechecked: of Skipped and Linked, apps stored earlier whose stored
	// report was cross-checked against Scan.Declared (no verdict of that
	// list and sdkdb yet); RecheckFailed: their stored report could not
	// be read.
	Rechecked     int
	RecheckFailed int
	Elapsed       time.Duration
	// Path and Err describe the input just finished.
	Path string
	Err  string
}

// Summary is the result of Run.
type Summary struct {
	Progress
	RunID int64
	// Interrupted: ctx was cancelled before every input had an outcome.
	Interrupted bool
	// FirstError is the first stored report that could not be read
	// (Recheck, and RecheckFailed of Run); "" when none.
	FirstError string
}

type kind int

const (
	kApp kind = iota
	kLink
	kSkip
	kFail
	kCancelled
	kFatal
)

type outcome struct {
	kind    kind
	in      Input
	key     store.Input
	sha     string
	rec     *store.Record
	prod    store.Producer // of a linked app
	stale   bool
	errKind string
	err     error
	verdict *store.Verdict // a cross-check of an app stored earlier
	rerr    error          // its stored report could not be read
}

// Run scans inputs into st. It returns an error only when the store fails
// (or the run cannot start); inputs that fail are recorded in the store.
func Run(ctx context.Context, st *store.Store, inputs []Input, opt Options) (Summary, error) {
	var sum Summary
	if opt.Scan.DB == nil {
		db, err := sdkdb.Default()
		if err != nil {
			return sum, err
		}
		opt.Scan.DB = db
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	prod := store.Producer{ToolVersion: opt.Scan.ToolVersion, SDKDBDigest: opt.Scan.DB.Digest()}
	host, _ := os.Hostname()
	start := time.Now()
	runID, err := st.BeginRun(ctx, store.Run{Producer: prod, SDKDBVersion: opt.Scan.DB.Version(), Shard: opt.Shard.String(), Host: host, Started: start})
	if err != nil {
		return sum, fmt.Errorf("store: %w", err)
	}
	sum.RunID = runID
	sum.Total = len(inputs)

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan Input)
	results := make(chan outcome, opt.Workers)
	// Largest inputs first (longest-processing-time-first scheduling): a
	// big app started last would otherwise run alone at the tail of the
	// run while the other workers idle. Ties keep the path order.
	order := slices.Clone(inputs)
	sort.SliceStable(order, func(i, j int) bool { return order[i].Size > order[j].Size })
	go func() {
		defer close(jobs)
		for _, in := range order {
			select {
			case jobs <- in:
			case <-wctx.Done():
				return
			}
		}
	}()
	w := &worker{st: st, opt: opt, prod: prod, zombies: make(chan struct{}, opt.Workers)}
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range jobs {
				results <- w.process(wctx, in)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// The writer: this goroutine is the only one that writes to the store.
	// It keeps committing finished work after ctx is cancelled, so an
	// interrupted run loses only scans in flight.
	dbctx := context.WithoutCancel(ctx)
	var fatal error
	for o := range results {
		if o.kind == kCancelled {
			continue
		}
		if fatal != nil {
			continue // draining after a store failure
		}
		if err := w.write(dbctx, runID, o); err != nil {
			fatal = err
			cancel()
			continue
		}
		sum.Done++
		sum.Path, sum.Err = o.in.Path, ""
		switch o.kind {
		case kApp:
			sum.Scanned++
		case kLink:
			sum.Linked++
		case kSkip:
			sum.Skipped++
		case kFail:
			sum.Failed++
			sum.Err = o.err.Error()
		}
		if o.stale {
			sum.Stale++
		}
		if o.verdict != nil {
			sum.Rechecked++
		}
		if o.rerr != nil {
			sum.RecheckFailed++
			sum.Err = o.rerr.Error()
			if sum.FirstError == "" {
				sum.FirstError = sum.Err
			}
		}
		sum.Elapsed = time.Since(start)
		if opt.Progress != nil {
			opt.Progress(sum.Progress)
		}
	}
	sum.Elapsed = time.Since(start)
	sum.Interrupted = ctx.Err() != nil && sum.Done < sum.Total
	c := store.Counts{Inputs: sum.Total, Scanned: sum.Scanned + sum.Linked, Skipped: sum.Skipped, Failed: sum.Failed}
	if err := st.FinishRun(dbctx, runID, time.Now(), c); err != nil && fatal == nil {
		fatal = fmt.Errorf("store: %w", err)
	}
	return sum, fatal
}

type worker struct {
	st      *store.Store
	opt     Options
	prod    store.Producer
	zombies chan struct{} // slots for abandoned (timed-out) scans
}

func (w *worker) write(ctx context.Context, runID int64, o outcome) error {
	var err error
	switch o.kind {
	case kFatal:
		return o.err
	case kApp:
		if w.opt.JSONL != nil {
			line, jerr := o.rec.JSON()
			if jerr == nil {
				_, jerr = w.opt.JSONL.Write(line)
			}
			if jerr != nil {
				return fmt.Errorf("jsonl: %w", jerr)
			}
		}
		err = w.st.PutApp(ctx, runID, o.key, o.rec)
	case kLink:
		err = w.st.PutLink(ctx, runID, o.key, o.sha, o.prod)
		if err == nil && o.verdict != nil {
			err = w.st.PutVerdicts(ctx, []store.Verdict{*o.verdict})
		}
	case kSkip:
		if o.verdict != nil {
			err = w.st.PutVerdicts(ctx, []store.Verdict{*o.verdict})
		}
	case kFail:
		err = w.st.PutError(ctx, runID, o.key, o.sha, o.errKind, o.err.Error(), w.prod)
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", o.in.Path, err)
	}
	return nil
}

func (o outcome) fail(kind string, err error) outcome {
	o.kind, o.errKind, o.err = kFail, kind, err
	return o
}

// process decides what to do with one input and does it, except writing.
func (w *worker) process(ctx context.Context, in Input) outcome {
	o := outcome{in: in, key: store.Input{Path: in.Path, Size: in.Size, ModTime: in.ModTime.UnixNano()}}
	if ctx.Err() != nil {
		o.kind = kCancelled
		return o
	}
	if in.ModTime.IsZero() {
		o.key.ModTime = 0
	}
	if in.Err != nil {
		return o.fail(store.ErrWalk, fmt.Errorf("%s: %w", in.Path, in.Err))
	}
	// Cheap check: the same path, size and modification time was stored.
	prev, ok, err := w.st.Input(ctx, in.Path)
	if err != nil {
		return w.fatal(ctx, o, err)
	}
	if ok && prev.Size == o.key.Size && prev.ModTime == o.key.ModTime {
		fresh := prev.Producer == w.prod
		if (fresh || !w.opt.RescanStale) && (prev.Status == store.StatusOK || !w.opt.RetryErrors) {
			o.kind, o.stale = kSkip, !fresh
			if prev.Status == store.StatusOK {
				o.sha = prev.SHA256
				return w.recheck(ctx, o)
			}
			return o
		}
	}
	if w.opt.MaxSize > 0 && in.Size > w.opt.MaxSize {
		return o.fail(store.ErrTooLarge, fmt.Errorf("%s: %d bytes, above the size cap of %d bytes; not scanned", in.Path, in.Size, w.opt.MaxSize))
	}
	// Content check: the same build is stored (found at another path).
	if !in.Dir {
		sha, err := hashFile(in.Path)
		if err != nil {
			return o.fail(store.ErrInput, fmt.Errorf("%s: %w", in.Path, unwrapPath(err)))
		}
		o.sha = sha
		p, ok, err := w.st.App(ctx, sha)
		if err != nil {
			return w.fatal(ctx, o, err)
		}
		if ok && (p == w.prod || !w.opt.RescanStale) {
			o.kind, o.prod, o.stale = kLink, p, p != w.prod
			return w.recheck(ctx, o)
		}
	}
	rep, errKind, err := w.scan(ctx, in.Path, o.sha)
	if err != nil {
		if ctx.Err() != nil {
			o.kind = kCancelled // interrupted, not failed: scanned again on resume
			return o
		}
		return o.fail(errKind, err)
	}
	if o.sha == "" {
		o.sha = rep.App.SHA256
	}
	rec, err := store.NewRecord(rep)
	if err != nil {
		return o.fail(store.ErrInput, fmt.Errorf("%s: %w", in.Path, err))
	}
	if l := w.opt.Scan.Declared; l != nil {
		rec.ListDigest = l.Digest
	}
	o.kind, o.rec = kApp, rec
	return o
}

// recheck cross-checks the stored report of an app that is not scanned
// again against Scan.Declared, unless the store has that list's verdict
// made with this signature database.
func (w *worker) recheck(ctx context.Context, o outcome) outcome {
	l := w.opt.Scan.Declared
	if l == nil || o.sha == "" {
		return o
	}
	done, err := w.st.Checked(ctx, o.sha, l.Digest, w.prod.SDKDBDigest)
	if err != nil {
		return w.fatal(ctx, o, err)
	}
	if done {
		return o
	}
	v, err := verdict(ctx, w.st, o.sha, l, w.opt.Scan.DB)
	if err != nil {
		if ctx.Err() != nil {
			o.kind = kCancelled
			return o
		}
		o.rerr = fmt.Errorf("%s: stored report of %s: %w", o.in.Path, o.sha, err)
		return o
	}
	o.verdict = v
	return o
}

func (w *worker) fatal(ctx context.Context, o outcome, err error) outcome {
	if ctx.Err() != nil {
		o.kind = kCancelled
		return o
	}
	o.kind, o.err = kFatal, fmt.Errorf("store: %w", err)
	return o
}

// scanFunc is scan.Scan; tests replace it.
var scanFunc = scan.Scan

type scanResult struct {
	rep  *reports.Report
	kind string
	err  error
}

// scan runs scan.Scan under the time limit and a panic guard.
func (w *worker) scan(ctx context.Context, path, sha string) (*reports.Report, string, error) {
	sctx, cancel := ctx, context.CancelFunc(func() {})
	if w.opt.Timeout > 0 {
		sctx, cancel = context.WithTimeout(ctx, w.opt.Timeout)
	}
	defer cancel()
	done := make(chan scanResult, 1)
	scanOne := scanFunc
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- scanResult{kind: store.ErrPanic, err: &errs.Internal{Where: path, Value: p, Stack: debug.Stack()}}
			}
		}()
		opt := w.opt.Scan
		opt.SHA256 = sha // hashed already for the store lookup
		rep, err := scanOne(sctx, path, opt)
		done <- scanResult{rep: rep, err: err}
	}()
	var r scanResult
	select {
	case r = <-done:
	case <-sctx.Done():
		select {
		case r = <-done: // finished at the same moment
		default:
			if ctx.Err() != nil {
				return nil, "", ctx.Err()
			}
			w.abandon(done)
			return nil, store.ErrTimeout, fmt.Errorf("%s: timed out after %s", path, w.opt.Timeout)
		}
	}
	switch {
	case r.err == nil:
		return r.rep, "", nil
	case r.kind != "":
		return nil, r.kind, r.err
	case ctx.Err() == nil && errors.Is(r.err, context.DeadlineExceeded):
		return nil, store.ErrTimeout, fmt.Errorf("%s: timed out after %s", path, w.opt.Timeout)
	}
	if _, ok := errs.AsInternal(r.err); ok {
		return nil, store.ErrPanic, r.err
	}
	return nil, store.ErrInput, r.err
}

// abandon lets a timed-out scan finish in the background, holding one of
// Workers slots; when every slot is taken the worker waits for it instead,
// so abandoned scans never use more than twice the pool's CPU and memory.
func (w *worker) abandon(done <-chan scanResult) {
	select {
	case w.zombies <- struct{}{}:
		go func() {
			<-done
			<-w.zombies
		}()
	default:
		<-done
	}
}

func hashFile(path string) (string, error) {
	f, err := apk.OpenRegular(path) // the walker checked the type; this closes the race
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
