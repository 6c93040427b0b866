package analysis

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/errs"
)

// A Graph is a checked list of analyzers: names unique and well formed,
// every required analyzer in the list, no cycle.
type Graph struct {
	list  []*Analyzer
	index map[*Analyzer]int
	// order is a topological order that keeps list order among
	// independent analyzers.
	order []*Analyzer
}

var nameRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// NewGraph checks list and returns its graph.
func NewGraph(list []*Analyzer) (*Graph, error) {
	g := &Graph{list: list, index: map[*Analyzer]int{}}
	names := map[string]bool{}
	for i, a := range list {
		switch {
		case a == nil:
			return nil, fmt.Errorf("analysis: analyzer %d is nil", i)
		case !nameRe.MatchString(a.Name):
			return nil, fmt.Errorf("analysis: analyzer name %q: want lower-case letters, digits and '-'", a.Name)
		case names[a.Name]:
			return nil, fmt.Errorf("analysis: two analyzers named %q", a.Name)
		case a.Run == nil:
			return nil, fmt.Errorf("analysis: analyzer %s has no Run", a.Name)
		case strings.TrimSpace(a.Doc) == "":
			return nil, fmt.Errorf("analysis: analyzer %s has no Doc", a.Name)
		}
		names[a.Name] = true
		g.index[a] = i
	}
	for _, a := range list {
		for _, r := range a.Requires {
			if _, ok := g.index[r]; !ok {
				name := "<nil>"
				if r != nil {
					name = r.Name
				}
				return nil, fmt.Errorf("analysis: %s requires %s, which is not in the list", a.Name, name)
			}
		}
	}
	// Depth-first topological sort in list order; a grey node seen again
	// is a cycle.
	const white, grey, black = 0, 1, 2
	color := make([]int, len(list))
	var stack []string
	var visit func(a *Analyzer) error
	visit = func(a *Analyzer) error {
		i := g.index[a]
		switch color[i] {
		case black:
			return nil
		case grey:
			return fmt.Errorf("analysis: cycle: %s -> %s", strings.Join(stack, " -> "), a.Name)
		}
		color[i] = grey
		stack = append(stack, a.Name)
		for _, r := range a.Requires {
			if err := visit(r); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		g.order = append(g.order, a)
		return nil
	}
	for _, a := range list {
		if err := visit(a); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// MustGraph is NewGraph for a list fixed in the code; it panics on error
// (tests build every such list).
func MustGraph(list []*Analyzer) *Graph {
	g, err := NewGraph(list)
	if err != nil {
		panic(err)
	}
	return g
}

// Analyzers returns the list in topological order.
func (g *Graph) Analyzers() []*Analyzer { return append([]*Analyzer(nil), g.order...) }

// Results is the outcome of a run.
type Results struct {
	values   map[*Analyzer]any
	errs     map[*Analyzer]error
	Problems []Problem // in graph order
}

// Of returns an analyzer's result (nil when it failed or did not run).
func (r *Results) Of(a *Analyzer) any { return r.values[a] }

// Err returns the error an analyzer failed with, if any.
func (r *Results) Err(a *Analyzer) error { return r.errs[a] }

// ErrSkipped is the error of an analyzer that did not run because an
// analyzer it requires failed.
var ErrSkipped = errors.New("skipped: a required analyzer failed")

// Run runs every analyzer of the graph once, each as soon as the
// analyzers it requires are done, at most parallel at a time (< 1 means
// 1). A panic in an analyzer becomes an *errs.Internal for that analyzer.
// Run stops starting analyzers when ctx is done and returns ctx.Err().
func (g *Graph) Run(ctx context.Context, in *Input, parallel int) (*Results, error) {
	if parallel < 1 {
		parallel = 1
	}
	n := len(g.order)
	res := &Results{values: make(map[*Analyzer]any, n), errs: map[*Analyzer]error{}}
	passes := make(map[*Analyzer]*Pass, n)
	done := make(map[*Analyzer]bool, n)
	started := make(map[*Analyzer]bool, n)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	running := 0
	finished := 0
	ready := func(a *Analyzer) bool {
		for _, r := range a.Requires {
			if !done[r] {
				return false
			}
		}
		return true
	}
	mu.Lock()
	for finished < n {
		if ctx.Err() != nil && running == 0 {
			break
		}
		var next *Analyzer
		if ctx.Err() == nil && running < parallel {
			for _, a := range g.order {
				if !started[a] && ready(a) {
					next = a
					break
				}
			}
		}
		if next == nil {
			cond.Wait()
			continue
		}
		started[next] = true
		p := &Pass{Analyzer: next, Ctx: ctx, Input: in, ResultOf: make(map[*Analyzer]any, len(next.Requires))}
		var failedDep error
		for _, r := range next.Requires {
			if res.errs[r] != nil {
				failedDep = fmt.Errorf("%w (%s)", ErrSkipped, r.Name)
			}
			p.ResultOf[r] = res.values[r]
		}
		passes[next] = p
		if failedDep != nil {
			res.errs[next] = failedDep
			done[next] = true
			finished++
			continue
		}
		running++
		a := next
		run := func() {
			v, err := runOne(a, p)
			mu.Lock()
			res.values[a], res.errs[a] = v, err
			if err == nil {
				delete(res.errs, a)
			}
			done[a] = true
			running--
			finished++
			cond.Broadcast()
			mu.Unlock()
		}
		if parallel == 1 {
			mu.Unlock()
			run()
			mu.Lock()
		} else {
			go run()
		}
	}
	for running > 0 {
		cond.Wait()
	}
	mu.Unlock()
	for _, a := range g.order {
		if p := passes[a]; p != nil {
			res.Problems = append(res.Problems, p.problems...)
		}
		if err := res.errs[a]; err != nil && !errors.Is(err, ErrSkipped) {
			res.Problems = append(res.Problems, Problem{Where: "analyzer " + a.Name, Severity: apk.SevError, Err: err})
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, nil
}

func runOne(a *Analyzer, p *Pass) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, &errs.Internal{Where: "analyzer " + a.Name, Value: r, Stack: debug.Stack()}
		}
	}()
	return a.Run(p)
}
