package taint

import (
	"strconv"

	"github.com/apkscan/apkscan/dex"
)

// Origin is where a tainted value comes from: a parameter of the method
// being summarised, a field (field-based: one origin per field
// reference), or a source occurrence.
type Origin uint32

const (
	kindParam  = 1
	kindField  = 2
	kindSource = 3
)

func (o Origin) kind() uint32  { return uint32(o) >> 28 }
func (o Origin) index() uint32 { return uint32(o) & 0x0fffffff }

func paramOrigin(i int) Origin    { return Origin(kindParam<<28 | uint32(i)) }
func fieldOrigin(i uint32) Origin { return Origin(kindField<<28 | i) }
func sourceOrigin(i int) Origin   { return Origin(kindSource<<28 | uint32(i)) }

// stepKind classifies a path step.
type stepKind uint8

const (
	stepNone     stepKind = iota // a splice without an instruction of its own
	stepSource                   // the source call
	stepCallback                 // a callback parameter (method entry)
	stepParam                    // entry through a parameter (not shown)
	stepProp                     // through a library call (model or default rule)
	stepCall                     // into app code
	stepReturn                   // return to the caller
	stepFieldPut                 // stored in a field
	stepFieldGet                 // read from a field
	stepArray                    // through an array
	stepSink                     // the sink call
)

var stepNames = [...]string{"", "source", "callback", "param", "propagate", "call", "return", "field-write", "field-read", "array", "sink"}

func (k stepKind) String() string { return stepNames[k] }

// trace is a persistent list of steps: parent holds the earlier steps; a
// call splice also holds the callee's steps in sub (before this node's own
// step when subFirst, after it otherwise).
type trace struct {
	m        *methodInfo
	pc       int32
	kind     stepKind
	arg      int8
	subFirst bool
	key      string
	sink     *Sink // the call is a sink that also propagates
	parent   *trace
	sub      *trace
}

func step(m *methodInfo, pc uint32, k stepKind, parent *trace) *trace {
	return &trace{m: m, pc: int32(pc), kind: k, parent: parent}
}

// Step is one instruction on a flow's path.
type Step struct {
	Class  string // class descriptor
	Method string // smali method reference
	File   string // DEX file name
	PC     int    // code units; -1 for a callback parameter (method entry)
	Insn   string // the instruction, smali-like (dex.File.FormatInsn)
	// Kind is source, callback, propagate, call, return, field-write,
	// field-read, array or sink.
	Kind string
	// Key is the constant key the value was stored under at this step
	// (Bundle.putString("search_term", …)), if any.
	Key string
	// Sink is set when the step's call is itself a sink that the data
	// passed through (a fluent SDK method such as withAttribute).
	Sink *Sink
	// Arg is the argument index the data entered at (call, sink steps).
	Arg int
}

type expander struct {
	out   []*trace
	limit int
	depth int
}

func (x *expander) add(t *trace) {
	if t.m == nil || t.kind == stepParam || t.kind == stepNone {
		return
	}
	if n := len(x.out); n > 0 && x.out[n-1].m == t.m && x.out[n-1].pc == t.pc && x.out[n-1].kind == t.kind {
		return
	}
	if len(x.out) < x.limit {
		x.out = append(x.out, t)
	}
}

func (x *expander) walk(t *trace) {
	for ; t != nil; t = nil {
		x.depth++
		if x.depth > 100000 {
			return
		}
		x.walk(t.parent)
		if t.sub != nil && t.subFirst {
			x.walk(t.sub)
			x.add(t)
		} else {
			x.add(t)
			x.walk(t.sub)
		}
	}
}

// expand renders a trace into steps, keeping the first and last steps
// when it is longer than max.
func expand(t *trace, max int) []Step {
	x := &expander{limit: 1 << 14}
	x.walk(t)
	ts := x.out
	if max > 0 && len(ts) > max {
		ts = append(append([]*trace{}, ts[:max/2]...), ts[len(ts)-(max-max/2):]...)
	}
	out := make([]Step, 0, len(ts))
	for _, t := range ts {
		s := Step{Class: t.m.cls.desc, Method: t.m.smali, File: t.m.cls.file.Name, PC: int(t.pc), Kind: t.kind.String(), Key: t.key, Sink: t.sink, Arg: int(t.arg)}
		s.Insn = insnText(t.m, t.pc)
		if t.kind == stepCallback {
			s.PC = -1
			s.Insn = "parameter " + strconv.Itoa(int(t.arg)) + " of " + t.m.ref.Name
		}
		out = append(out, s)
	}
	return out
}

// insnText decodes the instruction at pc of m.
func insnText(m *methodInfo, pc int32) string {
	if m.code == nil || pc < 0 || int(pc)*2 >= len(m.code.InsnsRaw) {
		return ""
	}
	d := dex.NewDecoder(m.code.InsnsRaw[2*int(pc):], dex.OpcodesDEX)
	var in dex.Insn
	if !d.Next(&in) {
		return ""
	}
	in.PC = uint32(pc)
	return m.cls.file.FormatInsn(&in)
}
