package analysis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apkscan/apkscan/errs"
)

func an(name string, run func(*Pass) (any, error), req ...*Analyzer) *Analyzer {
	if run == nil {
		run = func(*Pass) (any, error) { return name, nil }
	}
	return &Analyzer{Name: name, Doc: "test analyzer " + name, Requires: req, Run: run}
}

func TestNewGraphRejects(t *testing.T) {
	a := an("a", nil)
	outside := an("outside", nil)
	b := an("b", nil, outside)
	c1 := an("c1", nil)
	c2 := an("c2", nil, c1)
	c1.Requires = []*Analyzer{c2}
	self := an("self", nil)
	self.Requires = []*Analyzer{self}
	cases := []struct {
		name string
		list []*Analyzer
		want string
	}{
		{"unknown requirement", []*Analyzer{a, b}, "b requires outside, which is not in the list"},
		{"nil requirement", []*Analyzer{a, an("n", nil, nil)}, "n requires <nil>"},
		{"cycle", []*Analyzer{a, c1, c2}, "cycle: c1 -> c2 -> c1"},
		{"self cycle", []*Analyzer{self}, "cycle: self -> self"},
		{"duplicate name", []*Analyzer{a, an("a", nil)}, `two analyzers named "a"`},
		{"bad name", []*Analyzer{an("Bad Name", nil)}, "analyzer name"},
		{"no run", []*Analyzer{{Name: "x", Doc: "d"}}, "has no Run"},
		{"no doc", []*Analyzer{{Name: "x", Run: a.Run}}, "has no Doc"},
		{"nil analyzer", []*Analyzer{nil}, "is nil"},
	}
	for _, c := range cases {
		_, err := NewGraph(c.list)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestRunOrderAndResults(t *testing.T) {
	// d requires b and c, which require a: a before b and c, both before d;
	// each pass sees exactly its requirements.
	var log []string
	rec := func(name string) func(*Pass) (any, error) {
		return func(p *Pass) (any, error) {
			log = append(log, name)
			var parts []string
			for _, r := range p.Analyzer.Requires {
				parts = append(parts, fmt.Sprint(p.ResultOf[r]))
			}
			if len(p.ResultOf) != len(p.Analyzer.Requires) {
				return nil, fmt.Errorf("%s sees %d results, requires %d", name, len(p.ResultOf), len(p.Analyzer.Requires))
			}
			return name + "(" + strings.Join(parts, ",") + ")", nil
		}
	}
	a := an("a", rec("a"))
	b := an("b", rec("b"), a)
	c := an("c", rec("c"), a)
	d := an("d", rec("d"), b, c)
	g, err := NewGraph([]*Analyzer{d, c, b, a})
	if err != nil {
		t.Fatal(err)
	}
	res, err := g.Run(context.Background(), &Input{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(log, " "); got != "a b c d" {
		t.Errorf("order %q, want a b c d (requirements first, in their order)", got)
	}
	if got := res.Of(d); got != "d(b(a()),c(a()))" {
		t.Errorf("result of d = %v", got)
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
}

func TestRunConcurrent(t *testing.T) {
	// Two independent analyzers must be able to run at the same time: each
	// waits (bounded) for the other to start.
	var started atomic.Int32
	both := make(chan struct{})
	wait := func(*Pass) (any, error) {
		if started.Add(1) == 2 {
			close(both)
		}
		select {
		case <-both:
			return true, nil
		case <-time.After(10 * time.Second):
			return false, nil
		}
	}
	x, y := an("x", wait), an("y", wait)
	z := an("z", func(p *Pass) (any, error) { return p.ResultOf[x].(bool) && p.ResultOf[y].(bool), nil }, x, y)
	res, err := MustGraph([]*Analyzer{x, y, z}).Run(context.Background(), &Input{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Of(z) != true {
		t.Error("x and y did not run concurrently with parallel=2")
	}
}

func TestRunFailuresAndPanics(t *testing.T) {
	boom := errors.New("boom")
	failing := an("failing", func(p *Pass) (any, error) {
		p.Problem("somewhere", "warning", errors.New("before failing"))
		return nil, boom
	})
	dependent := an("dependent", func(*Pass) (any, error) { t.Error("dependent ran after its requirement failed"); return nil, nil }, failing)
	panicking := an("panicking", func(*Pass) (any, error) { panic("bug") })
	fine := an("fine", nil)
	res, err := MustGraph([]*Analyzer{failing, dependent, panicking, fine}).Run(context.Background(), &Input{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(res.Err(failing), boom) || !errors.Is(res.Err(dependent), ErrSkipped) {
		t.Errorf("errors: failing=%v dependent=%v", res.Err(failing), res.Err(dependent))
	}
	ie, ok := errs.AsInternal(res.Err(panicking))
	if !ok || ie.Value != "bug" || len(ie.Stack) == 0 {
		t.Errorf("panic not reported as internal error: %v", res.Err(panicking))
	}
	if res.Of(fine) != "fine" {
		t.Error("an independent analyzer did not run")
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Where+": "+p.Err.Error())
	}
	want := "somewhere: before failing|analyzer failing: boom|analyzer panicking: analyzer panicking: internal error (please report): bug"
	if strings.Join(got, "|") != want {
		t.Errorf("problems\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
}

func TestRunCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	first := an("first", func(*Pass) (any, error) { cancel(); return nil, nil })
	second := an("second", func(*Pass) (any, error) { t.Error("ran after cancel"); return nil, nil }, first)
	_, err := MustGraph([]*Analyzer{first, second}).Run(ctx, &Input{}, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestResultWithoutRequirementPanics(t *testing.T) {
	a := an("a", nil)
	b := an("b", func(p *Pass) (any, error) { return Result[string](p, a), nil })
	res, _ := MustGraph([]*Analyzer{a, b}).Run(context.Background(), &Input{}, 1)
	if _, ok := errs.AsInternal(res.Err(b)); !ok || !strings.Contains(res.Err(b).Error(), "without requiring it") {
		t.Errorf("reading an unrequired result: %v", res.Err(b))
	}
}
