package taint

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/dex"
)

// arrayFlows runs the engine over testdata/arrays.dex (built from
// testdata/smali-arrays by build.sh) and returns, per class of the source
// step, the sink names reached (sorted, with repeats).
func arrayFlows(t *testing.T) (map[string][]string, *Result) {
	t.Helper()
	data, err := os.ReadFile("testdata/arrays.dex")
	if err != nil {
		t.Fatalf("testdata/arrays.dex: %v (rebuild with testdata/build.sh)", err)
	}
	f, err := dex.Parse("classes.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	idx := dex.NewIndex()
	idx.Add(f)
	res := Analyze(context.Background(), []*dex.File{f}, idx, testConfig())
	if res.Partial {
		t.Fatalf("partial: %s", res.Reason)
	}
	for _, p := range res.Problems {
		t.Errorf("problem: %s: %s", p.Where, p.Err)
	}
	got := map[string][]string{}
	for _, fl := range res.Flows {
		c := fl.Path[0].Class
		got[c] = append(got[c], sinkName(fl))
	}
	for c := range got {
		slices.Sort(got[c])
	}
	return got, res
}

// TestArrayIndices: constant indices of fresh arrays and of arrays in
// fields are tracked apart; a non-constant index, an escape, too many
// indices and inner arrays fall back to whole-array taint; in-bounds
// accesses to an array of known length throw nothing. Every clean sink
// (sendClean*) is called in the DEX and must receive nothing.
func TestArrayIndices(t *testing.T) {
	got, _ := arrayFlows(t)
	want := map[string][]string{
		"Lcase/arrays/ArrConst;":     {"send", "sendArr"},
		"Lcase/arrays/ArrOverwrite;": nil,
		"Lcase/arrays/ArrDynamic;":   {"send", "sendAny"},
		"Lcase/arrays/ArrEscape;":    {"send"},
		"Lcase/arrays/ArrField;":     {"send", "sendAny", "sendArr"},
		"Lcase/arrays/ArrFold;":      {"send"},
		"Lcase/arrays/ArrNested;":    {"send"},
		"Lcase/arrays/ArrCap;":       {"send"},
		"Lcase/arrays/ArrThrow;":     {"send", "send"},
	}
	for c, w := range want {
		if !slices.Equal(got[c], w) {
			t.Errorf("%s: flows to %v, want %v", c, got[c], w)
		}
	}
	for c := range got {
		if _, ok := want[c]; !ok {
			t.Errorf("unexpected flows from %s: %v", c, got[c])
		}
	}
}

// TestArrayFieldPath: a flow through an element of an array field is a
// field hop (heuristic) whose path writes the element in fill() and reads
// it in read().
func TestArrayFieldPath(t *testing.T) {
	_, res := arrayFlows(t)
	var fl *Flow
	for i := range res.Flows {
		f := &res.Flows[i]
		if f.Path[0].Class == "Lcase/arrays/ArrField;" && sinkName(*f) == "send" {
			fl = f
		}
	}
	if fl == nil {
		t.Fatal("no flow ArrField → send")
	}
	if !fl.Heuristic {
		t.Error("a flow through a field-based array element should be heuristic")
	}
	var kinds []string
	for _, s := range fl.Path {
		m := s.Method[strings.Index(s.Method, "->")+2:]
		kinds = append(kinds, m[:strings.IndexByte(m, '(')]+":"+s.Kind)
	}
	for _, k := range []string{"fill:source", "fill:array", "read:field-read", "read:sink"} {
		if !slices.Contains(kinds, k) {
			t.Errorf("path %v lacks %s", kinds, k)
		}
	}
}

// TestFoldInt: int arithmetic on constants folds (Java semantics: 32-bit
// wrap-around, division by zero does not fold).
func TestFoldInt(t *testing.T) {
	a := &manalysis{resR: 4}
	fr := newFrame(6)
	fr.r[0] = intReg(7, 7)
	fr.r[1] = intReg(-2, -2)
	fr.r[2] = intReg(0, 0)
	fr.r[3] = intReg(0, 5) // not a single value
	cases := []struct {
		in   dex.Insn
		want int64
		ok   bool
	}{
		{dex.Insn{Op: dex.OpMulInt, NRegs: 3, Regs: [5]uint16{5, 0, 1}}, -14, true},
		{dex.Insn{Op: dex.OpRemInt2addr, NRegs: 2, Regs: [5]uint16{0, 1}}, 1, true},
		{dex.Insn{Op: dex.OpDivInt, NRegs: 3, Regs: [5]uint16{5, 0, 2}}, 0, false},
		{dex.Insn{Op: dex.OpRsubIntLit8, NRegs: 2, Regs: [5]uint16{5, 0}, Literal: 10}, 3, true},
		{dex.Insn{Op: dex.OpShlIntLit8, NRegs: 2, Regs: [5]uint16{5, 0}, Literal: 29}, -536870912, true},
		{dex.Insn{Op: dex.OpUshrIntLit8, NRegs: 2, Regs: [5]uint16{5, 1}, Literal: 28}, 15, true},
		{dex.Insn{Op: dex.OpAddInt, NRegs: 3, Regs: [5]uint16{5, 0, 3}}, 0, false},
	}
	for _, c := range cases {
		r, ok := a.foldInt(fr, &c.in)
		if ok != c.ok || (ok && (!r.rk || r.lo != c.want || r.hi != c.want)) {
			t.Errorf("%v: got %v %d..%d, want %v %d", c.in.Op, ok, r.lo, r.hi, c.ok, c.want)
		}
	}
}
