package apk

import (
	"errors"
	"fmt"
	"sync"
)

// Limits bound every read from an input. Start from DefaultLimits; a zero
// field means its default (so a Limits built before a field existed keeps
// working), except MaxNestedDepth, where 0 means "open no nested APK".
//
// All the totals are per scan: one budget is created by each Open/OpenKnown
// call and shared by the input's base archive, every split of a bundle and
// every nested archive, so that nesting or splitting an attack does not
// multiply what it may cost. A scan that reaches a budget records a Problem
// whose message starts with "budget: " and names the budget and its limit,
// and goes on with what it has read.
//
// The measured maxima quoted below are over ../shared/corpus/{realworld,
// large,peers} and DroidBench: 240 APKs, each opened and every DEX read
// (TestBudgetHeadroom re-measures them when the shared corpus is present
// and fails if a default leaves less than an 8x margin).
type Limits struct {
	// MaxEntry is the largest number of inflated bytes read from one entry.
	// Default 256 MiB (largest entry measured: 10.3 MiB).
	MaxEntry int64
	// MaxTotal is the inflated-bytes budget of one scan: every read of every
	// archive of the input (base, splits, nested APKs, code containers,
	// DEX files read later through App.ReadCode). Default 2 GiB (measured
	// maximum of Open plus reading every DEX: 13.8 MiB).
	MaxTotal int64
	// MaxRatio is the largest compression ratio (uncompressed/compressed)
	// accepted for an entry larger than RatioFloor bytes. Default 200:1
	// above 16 MiB.
	MaxRatio   int64
	RatioFloor int64
	// MaxManifest caps AndroidManifest.xml (default 8 MiB; measured 171 KiB);
	// MaxResources caps resources.arsc (default 128 MiB; measured 803 KiB).
	MaxManifest  int64
	MaxResources int64
	// MaxNestedDepth bounds APKs inside APKs: 1 opens the APKs in the
	// input's assets, 2 also those inside them. Default 2 (measured 1).
	MaxNestedDepth int
	// MaxSplits bounds the number of split APKs in one bundle or directory.
	// Default 256 (the corpus holds no bundle).
	MaxSplits int

	// MaxNestedArchives bounds the number of APKs nested inside the input
	// (all depths together). Default 64 (measured maximum: 1).
	MaxNestedArchives int
	// MaxHeldBytes bounds the bytes of in-memory archives a scan keeps for
	// later readers: the splits of a bundle file and the nested APKs, whose
	// inflated bytes back their Archive. Default 1 GiB (measured maximum:
	// 5.1 KiB, one small nested APK; the corpus holds no bundle, whose
	// splits count here too).
	MaxHeldBytes int64
	// MaxStringBytes bounds the decoded string bytes held from resource
	// string pools and binary XML: the resources.arsc pools and the
	// decoded manifest trees of all splits and nested APKs together. Each
	// distinct string offset of a pool is decoded once and shared by every
	// index that points at it. Default 64 MiB (measured maximum: 430 KiB).
	MaxStringBytes int64
	// MaxXMLStringBytes bounds the decoded strings of one string table of a
	// binary XML or resource table decoded by the XML layer (per table).
	// Default 32 MiB (not measured separately: bounded by the largest
	// manifest and resources.arsc above, 803 KiB).
	MaxXMLStringBytes int64
	// MaxV1SigFiles bounds the META-INF/*.RSA|DSA|EC files examined per
	// scan. Default 64 (measured maximum: 2).
	MaxV1SigFiles int
	// MaxV1Certs bounds the certificates examined in those files per scan.
	// Default 1024 (measured maximum: 2).
	MaxV1Certs int

	// MergeApps opens a directory or bundle whose APKs are not one app
	// (different packages, several base APKs, or splits signed by other
	// certificates than the base) as one app anyway, recording a problem
	// of severity error (apkscan --force). Without it (the default) Open
	// fails with an *InputError wrapping a *NotOneAppError.
	MergeApps bool
}

// DefaultLimits fit every real app we know of with a wide margin (the
// measured maxima are next to each field of Limits).
func DefaultLimits() Limits {
	return Limits{
		MaxEntry:          256 << 20,
		MaxTotal:          2 << 30,
		MaxRatio:          200,
		RatioFloor:        16 << 20,
		MaxManifest:       8 << 20,
		MaxResources:      128 << 20,
		MaxNestedDepth:    2,
		MaxSplits:         256,
		MaxNestedArchives: 64,
		MaxHeldBytes:      1 << 30,
		MaxStringBytes:    64 << 20,
		MaxXMLStringBytes: 32 << 20,
		MaxV1SigFiles:     64,
		MaxV1Certs:        1024,
	}
}

// withDefaults fills the zero fields with the defaults, so that a caller's
// Limits built before a field existed keeps working.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	set64 := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set64(&l.MaxEntry, d.MaxEntry)
	set64(&l.MaxTotal, d.MaxTotal)
	set64(&l.MaxRatio, d.MaxRatio)
	set64(&l.RatioFloor, d.RatioFloor)
	set64(&l.MaxManifest, d.MaxManifest)
	set64(&l.MaxResources, d.MaxResources)
	set(&l.MaxSplits, d.MaxSplits)
	set(&l.MaxNestedArchives, d.MaxNestedArchives)
	set64(&l.MaxHeldBytes, d.MaxHeldBytes)
	set64(&l.MaxStringBytes, d.MaxStringBytes)
	set64(&l.MaxXMLStringBytes, d.MaxXMLStringBytes)
	set(&l.MaxV1SigFiles, d.MaxV1SigFiles)
	set(&l.MaxV1Certs, d.MaxV1Certs)
	// MaxNestedDepth is kept as given: 0 means "open no nested APK".
	return l
}

// ErrBudget is wrapped by every error that reports a per-scan budget hit.
var ErrBudget = errors.New("budget exhausted")

// BudgetError reports that a per-scan budget was reached. Its message is
// "budget: <name>: more than <limit>".
type BudgetError struct {
	Name  string // "inflated bytes", "nested archives", …
	Limit int64
	Unit  string // "bytes" or "" for counts
}

func (e *BudgetError) Error() string {
	if e.Unit != "" {
		return fmt.Sprintf("budget: %s: more than %d %s", e.Name, e.Limit, e.Unit)
	}
	return fmt.Sprintf("budget: %s: more than %d", e.Name, e.Limit)
}

// Unwrap makes errors.Is(err, ErrBudget) and errors.Is(err, ErrTooLarge) true.
func (e *BudgetError) Unwrap() []error { return []error{ErrBudget, ErrTooLarge} }

// Budget names, as they appear in problems.
const (
	budgetInflated = "inflated bytes"
	budgetNested   = "nested archives"
	budgetDepth    = "nesting depth"
	budgetHeld     = "archive bytes held in memory"
	budgetStrings  = "resource string bytes"
	budgetV1Files  = "v1 signature files"
	budgetV1Certs  = "v1 certificates"
)

// budget is the per-scan account. It is safe for concurrent use (scan may
// read DEX files of one App from several goroutines through ReadCode).
type budget struct {
	lim Limits

	mu       sync.Mutex
	inflated int64
	nested   int
	maxDepth int
	held     int64
	strings  int64
	v1Files  int
	v1Certs  int
}

func newBudget(lim Limits) *budget { return &budget{lim: lim.withDefaults()} }

// Usage is what a scan consumed of its budget (see App.BudgetUsage).
type Usage struct {
	Inflated       int64
	NestedArchives int
	NestedDepth    int
	HeldBytes      int64
	StringBytes    int64
	V1SigFiles     int
	V1Certs        int
}

func (b *budget) usage() Usage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return Usage{b.inflated, b.nested, b.maxDepth, b.held, b.strings, b.v1Files, b.v1Certs}
}

// inflateRoom returns how many more bytes may be inflated.
func (b *budget) inflateRoom() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lim.MaxTotal - b.inflated
}

func (b *budget) chargeInflated(n int64) {
	b.mu.Lock()
	b.inflated += n
	b.mu.Unlock()
}

func (b *budget) inflatedErr() error {
	return &BudgetError{Name: budgetInflated, Limit: b.lim.MaxTotal, Unit: "bytes"}
}

// takeNested accounts one more nested archive at depth.
func (b *budget) takeNested(depth int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.nested >= b.lim.MaxNestedArchives {
		return &BudgetError{Name: budgetNested, Limit: int64(b.lim.MaxNestedArchives)}
	}
	b.nested++
	if depth > b.maxDepth {
		b.maxDepth = depth
	}
	return nil
}

// hold accounts n bytes of an in-memory archive kept for later readers.
func (b *budget) hold(n int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.held+n > b.lim.MaxHeldBytes {
		return &BudgetError{Name: budgetHeld, Limit: b.lim.MaxHeldBytes, Unit: "bytes"}
	}
	b.held += n
	return nil
}

// release returns n held bytes (an archive that was dropped).
func (b *budget) release(n int64) {
	b.mu.Lock()
	b.held -= n
	b.mu.Unlock()
}

// takeStrings accounts n decoded string bytes; false when over budget.
func (b *budget) takeStrings(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.strings+n > b.lim.MaxStringBytes {
		return false
	}
	b.strings += n
	return true
}

func (b *budget) stringsErr() error {
	return &BudgetError{Name: budgetStrings, Limit: b.lim.MaxStringBytes, Unit: "bytes"}
}

func (b *budget) takeV1File() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.v1Files >= b.lim.MaxV1SigFiles {
		return &BudgetError{Name: budgetV1Files, Limit: int64(b.lim.MaxV1SigFiles)}
	}
	b.v1Files++
	return nil
}

// takeV1Certs grants up to n certificates and returns how many.
func (b *budget) takeV1Certs(n int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	room := b.lim.MaxV1Certs - b.v1Certs
	if n > room {
		n = max(room, 0)
	}
	b.v1Certs += n
	return n
}

func (b *budget) v1CertsErr() error {
	return &BudgetError{Name: budgetV1Certs, Limit: int64(b.lim.MaxV1Certs)}
}
