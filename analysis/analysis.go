// Package analysis is the frame apkscan's detection runs in, in the style
// of golang.org/x/tools/go/analysis: each step is an Analyzer value with a
// name, a doc line, the analyzers it requires and a Run function; Run gets
// a Pass holding the scan's read-only inputs and the results of exactly
// the analyzers it requires (Pass.ResultOf), and returns its own result.
// No analyzer reads another's private state, and the order of a list is
// not a contract: the graph is (NewGraph checks it; Run follows it,
// running independent analyzers concurrently).
package analysis

import (
	"context"
	"fmt"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/sdkdb"
)

// An Analyzer is one detection step.
type Analyzer struct {
	// Name is a short identifier (lower case, unique in a graph).
	Name string
	// Doc says in one line what it finds and from what.
	Doc string
	// Requires are the analyzers whose results Run reads.
	Requires []*Analyzer
	// Run computes the result. An error marks the analyzer (and those
	// that require it) failed; the scan goes on and records the error as
	// a problem. Problems that do not stop the analyzer go to
	// Pass.Problem.
	Run func(*Pass) (any, error)
}

func (a *Analyzer) String() string { return a.Name }

// Input is what every analyzer of one scan reads. It is shared by
// concurrently running analyzers and must be treated as read-only (the
// index, matcher and database are safe for concurrent readers).
type Input struct {
	App     *apk.App
	Index   *dex.Index
	DB      *sdkdb.DB
	Matcher *sdkdb.Matcher
	// Code is the parsed DEX files kept for analyzers that need the code
	// itself (taint, and hosts for how URL constants are used).
	Code []*dex.File
	// Dropped names DEX files that were indexed but not kept in Code (over
	// the memory budget for kept code).
	Dropped []string
	// Config holds scan options analyzers read (evidence caps, taint
	// profile); see Config.
	Config Config
}

// Config is the part of the scan options analyzers read.
type Config struct {
	// MaxEvidence caps evidence items kept per SDK and channel; counts are
	// always complete.
	MaxEvidence int
	// MaxLocations caps the locations kept per endpoint.
	MaxLocations int
	// Profile is the taint profile list ("" = default).
	Profile string
	// NoTaint disables the taint analysis.
	NoTaint bool
	// TaintBudget bounds the taint engine's work (0 = its default).
	TaintBudget TaintBudget
}

// TaintBudget bounds the taint analysis of one scan.
type TaintBudget struct {
	// Instructions is the number of instructions the engine may
	// interpret, summed over all methods and fixpoint iterations.
	Instructions int64
	// Methods is the number of method bodies it may analyse.
	Methods int
	// ClassMembers is the number of methods and fields of the classes it
	// may decode.
	ClassMembers int
}

// A Problem is something an analyzer could not do fully.
type Problem struct {
	Where    string
	Severity string // apk.SevError or apk.SevWarning
	Err      error
}

// A Pass is one analyzer's view of one scan.
type Pass struct {
	Analyzer *Analyzer
	Ctx      context.Context
	*Input
	// ResultOf holds the result of each required analyzer, and only those.
	ResultOf map[*Analyzer]any
	problems []Problem
}

// Problem records a problem of this analyzer; Run returns them with the
// results, in graph order, so output stays deterministic when analyzers
// run concurrently.
func (p *Pass) Problem(where, severity string, err error) {
	p.problems = append(p.problems, Problem{Where: where, Severity: severity, Err: err})
}

// Result is a typed read of a required analyzer's result. It panics when
// a is not among the pass's Requires: that is a bug in the analyzer (its
// Requires list is incomplete), caught by the graph tests.
func Result[T any](p *Pass, a *Analyzer) T {
	v, ok := p.ResultOf[a]
	if !ok {
		panic(fmt.Sprintf("analysis: %s reads the result of %s without requiring it", p.Analyzer.Name, a.Name))
	}
	t, _ := v.(T)
	return t
}
