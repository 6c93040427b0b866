package taint

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/apkscan/apkscan/dex"
)

// summary is what a method does with data, in terms of its parameters
// (param origins), fields and sources. It does not depend on the calling
// context, so each method is analysed at most once.
type summary struct {
	ret      ents
	retVal   *val
	retSeen  bool
	retRange reg    // range of an int return value (rk false: unknown)
	retTyp   string // exact type of the returned object when always the same
	paramOut []ents // data stored into the object passed as argument i
	thrown   ents   // data in exceptions the method lets escape
	fieldOut []fieldOut
	sinks    []sinkRec
}

type fieldOut struct {
	field uint32
	x     ent // a param origin
}

// sinkRec is a parameter reaching a sink inside the method (or its
// callees): applied at each call site.
type sinkRec struct {
	rf rawFlow // occ unused; tr ends at the sink
	x  ent     // param origin, with the path from the method entry
}

type block struct {
	start, end int // instruction indexes
	succ       []int32
	// for a conditional branch or a switch ending the block: the targets
	// (with the switch keys) and the fall-through block (-1 if none)
	tgt  []int32
	keys []int32
	fall int32
}

// manalysis is the state of one method's analysis.
type manalysis struct {
	e      *engine
	m      *methodInfo
	code   *dex.Code
	insns  []dex.Insn
	at     []int32 // pc → instruction index, -1 inside an instruction
	blocks []block
	bstart []int32 // instruction index → block index when a leader, else -1
	tries  []dex.Try
	nregs  int // registers + result slot + exception slot
	resR   int
	excR   int
	sum    *summary
	fobj   map[int32]uint32 // obj id → field it was read from
	parent map[int32]int32  // obj id → the array it was read from
	thrown ents             // exceptions thrown by the last invoke
	buf    []uint16
	nargs  int
}

func (e *engine) skip(m *methodInfo, why string) {
	m.state = stSkipped
	e.stats.SkippedMethods++
	e.problem(m.cls.file.Name+" "+m.smali, "taint: method skipped: "+why)
}

func (m *methodInfo) nargs() int {
	n := len(m.params)
	if !m.static {
		n++
	}
	return n
}

// analyze computes m's summary and records the flows it contains.
func (e *engine) analyze(m *methodInfo) {
	m.state = stInProgress
	m.sum = &summary{paramOut: make([]ents, m.nargs())}
	if m.codeOff == 0 {
		m.state = stDone
		return
	}
	code, err := m.cls.file.Code(m.codeOff)
	if err != nil {
		e.skip(m, err.Error())
		return
	}
	if int(code.InsnsSize) > e.b.MaxMethodUnits {
		e.skip(m, fmt.Sprintf("%d code units (limit %d)", code.InsnsSize, e.b.MaxMethodUnits))
		return
	}
	if int(code.RegistersSize) > e.b.MaxRegisters {
		e.skip(m, fmt.Sprintf("%d registers (limit %d)", code.RegistersSize, e.b.MaxRegisters))
		return
	}
	ins := 0
	if !m.static {
		ins++
	}
	for _, t := range m.params {
		ins++
		if isWide(t) {
			ins++
		}
	}
	if ins != int(code.InsSize) || code.InsSize > code.RegistersSize {
		e.skip(m, fmt.Sprintf("ins_size %d does not match the prototype (%d) or registers_size %d", code.InsSize, ins, code.RegistersSize))
		return
	}
	insns, err := code.Insns()
	if err != nil || len(insns) == 0 {
		msg := "no instructions"
		if err != nil {
			msg = err.Error()
		}
		e.skip(m, msg)
		return
	}
	m.code = code
	a := &manalysis{e: e, m: m, code: code, insns: insns, sum: m.sum, fobj: map[int32]uint32{}, parent: map[int32]int32{}}
	a.tries, err = code.Tries()
	if err != nil {
		a.tries = nil
		e.problem(m.cls.file.Name+" "+m.smali, "taint: try/catch ignored: "+err.Error())
	}
	a.nregs = int(code.RegistersSize) + 2
	a.resR, a.excR = int(code.RegistersSize), int(code.RegistersSize)+1
	a.nargs = m.nargs()
	if !a.buildCFG() {
		e.skip(m, "bad control flow")
		return
	}
	a.fixpoint()
	m.state = stDone
}

func (a *manalysis) buildCFG() bool {
	n := len(a.insns)
	a.at = make([]int32, a.code.InsnsSize)
	for i := range a.at {
		a.at[i] = -1
	}
	for i := range a.insns {
		a.at[a.insns[i].PC] = int32(i)
	}
	leader := make([]bool, n)
	leader[0] = true
	var tg []uint32
	mark := func(pc uint32) {
		if int(pc) < len(a.at) && a.at[pc] >= 0 {
			leader[a.at[pc]] = true
		}
	}
	for i := range a.insns {
		in := &a.insns[i]
		if in.Op.IsPayload() {
			if i+1 < n {
				leader[i+1] = true
			}
			continue
		}
		if in.Op.IsBranch() || in.Op.IsSwitch() {
			tg, _ = a.code.Targets(in, tg[:0])
			for _, t := range tg {
				mark(t)
			}
			if i+1 < n {
				leader[i+1] = true
			}
		} else if in.Op.EndsFlow() && i+1 < n {
			leader[i+1] = true
		}
	}
	for _, t := range a.tries {
		for _, c := range t.Catches {
			mark(c.Addr)
		}
		if t.HasCatchAll {
			mark(t.CatchAll)
		}
	}
	a.bstart = make([]int32, n)
	for i := range a.bstart {
		a.bstart[i] = -1
	}
	for i := 0; i < n; i++ {
		if leader[i] {
			a.bstart[i] = int32(len(a.blocks))
			a.blocks = append(a.blocks, block{start: i})
		}
		a.blocks[len(a.blocks)-1].end = i + 1
	}
	blockAt := func(pc uint32) int32 {
		if int(pc) >= len(a.at) || a.at[pc] < 0 {
			return -1
		}
		return a.bstart[a.at[pc]]
	}
	for bi := range a.blocks {
		b := &a.blocks[bi]
		last := &a.insns[b.end-1]
		if last.Op.IsPayload() {
			continue
		}
		b.fall = -1
		if last.Op.IsSwitch() {
			if st, err := a.code.Switch(last); err == nil {
				for k, t := range st.Targets {
					if s := blockAt(t); s >= 0 {
						b.tgt = append(b.tgt, s)
						b.keys = append(b.keys, st.Keys[k])
					}
				}
			}
		}
		if last.Op.IsBranch() || last.Op.IsSwitch() {
			tg, _ = a.code.Targets(last, tg[:0])
			for _, t := range tg {
				if s := blockAt(t); s >= 0 {
					b.succ = append(b.succ, s)
					if last.Op.IsBranch() {
						b.tgt = append(b.tgt, s)
					}
				}
			}
		}
		if (!last.Op.EndsFlow() || last.Op.IsConditional()) && bi+1 < len(a.blocks) {
			b.succ = append(b.succ, int32(bi+1))
			b.fall = int32(bi + 1)
		}
	}
	return true
}

// entry builds the frame at the method entry: parameters carry param
// origins, and callback parameters also carry their source.
func (a *manalysis) entry() frame {
	fr := newFrame(a.nregs)
	m := a.m
	r := int(a.code.RegistersSize - a.code.InsSize)
	cbs := a.e.cbs[m]
	for i := 0; i < a.nargs; i++ {
		t := ""
		if !m.static {
			if i == 0 {
				t = m.cls.desc
			} else {
				t = m.params[i-1]
			}
		} else {
			t = m.params[i]
		}
		x := reg{obj: int32(-(i + 1))}
		x.t = ents{{o: paramOrigin(i), tr: &trace{m: m, pc: -1, kind: stepParam, arg: int8(i)}}}
		x.v = holeVal(paramOrigin(i))
		for _, cb := range cbs {
			for _, ai := range cb.Args {
				if ai != i {
					continue
				}
				occ := a.e.occurrence(occurrence{cb: cb, api: cb.Class + "->" + m.ref.Name + m.ref.Proto, m: m, pc: -1, arg: i, kind: cb.Kind})
				so := sourceOrigin(occ)
				x.t, _ = x.t.union(ents{{o: so, tr: &trace{m: m, pc: -1, kind: stepCallback, arg: int8(i)}}}, a.e.b.MaxOrigins)
				x.v = holeVal(so)
			}
		}
		if r < int(a.code.RegistersSize) {
			fr.r[r] = x
		}
		r++
		if isWide(t) {
			r++
		}
	}
	return fr
}

func (a *manalysis) fixpoint() {
	nb := len(a.blocks)
	in := make([]frame, nb)
	in[0] = a.entry()
	queued := make([]bool, nb)
	queue := []int32{0}
	queued[0] = true
	visits, limit := 0, 64*nb+1024
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		queued[b] = false
		if visits++; visits > limit {
			a.e.problem(a.m.cls.file.Name+" "+a.m.smali, "taint: analysis did not converge; method partly analysed")
			return
		}
		fr := in[b].clone()
		blk := &a.blocks[b]
		for i := blk.start; i < blk.end; i++ {
			if !a.e.tick() {
				return
			}
			in0 := &a.insns[i]
			inv := in0.Op.IsInvoke()
			if !inv && canThrow(in0.Op) && !a.arrayCannotThrow(fr, in0) {
				a.exceptionEdges(fr, in0, in, queued, &queue, nil)
			}
			a.thrown = nil
			a.transfer(fr, in0)
			if inv {
				a.exceptionEdges(fr, in0, in, queued, &queue, a.thrown)
			}
		}
		for _, s := range a.feasible(blk, fr) {
			if in[s] == nil {
				in[s] = fr.clone()
			} else if !join(in[s], fr, a.e.b.MaxOrigins, a.escape) {
				continue
			}
			if !queued[s] {
				queued[s] = true
				queue = append(queue, s)
			}
		}
	}
}

func canThrow(op dex.Opcode) bool {
	switch {
	case op >= dex.OpConstClass && op <= dex.OpThrow: // const-class … throw
		return true
	case op >= dex.OpAget && op <= dex.OpInvokeInterfaceRange: // array and field access, invokes
		return true
	case op == dex.OpDivInt || op == dex.OpRemInt || op == dex.OpDivLong || op == dex.OpRemLong || op == dex.OpDivInt2addr || op == dex.OpRemInt2addr || op == dex.OpDivLong2addr || op == dex.OpRemLong2addr:
		return true
	case op == dex.OpDivIntLit16 || op == dex.OpRemIntLit16 || op == dex.OpDivIntLit8 || op == dex.OpRemIntLit8:
		return true
	case op >= dex.OpInvokePolymorphic && op <= dex.OpInvokeCustomRange:
		return true
	}
	return false
}

func (a *manalysis) exceptionEdges(fr frame, in *dex.Insn, states []frame, queued []bool, queue *[]int32, thrown ents) {
	if len(a.tries) == 0 && len(thrown) == 0 && in.Op != dex.OpThrow {
		return
	}
	saved, savedRes := fr.r[a.excR], fr.r[a.resR]
	fr.r[a.excR] = reg{t: thrown}
	if in.Op == dex.OpThrow && in.NRegs > 0 && int(in.Regs[0]) < a.resR { // throw vA
		fr.r[a.excR] = fr.r[in.Regs[0]]
	}
	if in.Op.IsInvoke() {
		fr.r[a.resR] = reg{}
	}
	caught := false
	defer func() {
		if !caught {
			x := thrown
			if in.Op == dex.OpThrow && in.NRegs > 0 && int(in.Regs[0]) < a.resR {
				x = fr.r[in.Regs[0]].t
			}
			if len(x) > 0 {
				a.sum.thrown, _ = a.sum.thrown.union(x, a.e.b.MaxOrigins)
			}
		}
		fr.r[a.excR], fr.r[a.resR] = saved, savedRes
	}()
	for _, t := range a.tries {
		if !t.Covers(in.PC) {
			continue
		}
		caught = caught || t.HasCatchAll
		var hs []uint32
		for _, c := range t.Catches {
			hs = append(hs, c.Addr)
		}
		if t.HasCatchAll {
			hs = append(hs, t.CatchAll)
		}
		for _, h := range hs {
			if int(h) >= len(a.at) || a.at[h] < 0 {
				continue
			}
			s := a.bstart[a.at[h]]
			if s < 0 {
				continue
			}
			if states[s] == nil {
				states[s] = fr.clone()
			} else if !join(states[s], fr, a.e.b.MaxOrigins, a.escape) {
				continue
			}
			if !queued[s] {
				queued[s] = true
				*queue = append(*queue, s)
			}
		}
	}
}

// get returns register r (an empty value when out of range).
func (a *manalysis) get(fr frame, r uint16) reg {
	if int(r) < a.resR {
		return fr.r[r]
	}
	return reg{}
}

// escape publishes the contents of fresh object id (it is reachable from
// elsewhere now): fields become field writes (field-based), map entries
// taint the map object; the object is no longer fresh.
func (a *manalysis) escape(fr frame, id int32) {
	m, ok := fr.fresh(id)
	if !ok {
		return
	}
	fr.dropFresh(id)
	var all ents
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t := m[k]
		if k[0] == 'f' {
			if fid, err := strconv.Atoi(k[1:]); err == nil {
				a.fieldWrite(uint32(fid), t)
			}
		} else {
			all, _ = all.union(t, a.e.b.MaxOrigins)
		}
	}
	if len(all) > 0 {
		for i := 0; i < a.resR; i++ {
			if fr.r[i].obj == id {
				fr.r[i].t, _ = fr.r[i].t.union(all, a.e.b.MaxOrigins)
			}
		}
	}
}

// escapeReg makes the object in register r escape if it is fresh.
func (a *manalysis) escapeReg(fr frame, r int) {
	if r >= 0 && r < a.resR && fr.r[r].obj > 0 && fr.lo != nil {
		a.escape(fr, fr.r[r].obj)
	}
}

func (a *manalysis) set(fr frame, r uint16, x reg, wide bool) {
	if int(r) >= a.resR {
		return
	}
	fr.r[r] = x
	if wide && int(r)+1 < a.resR {
		fr.r[r+1] = reg{}
	}
}

func opWide(op dex.Opcode) bool {
	switch op {
	case dex.OpMoveWide, dex.OpMoveWideFrom16, dex.OpMoveWide16, dex.OpMoveResultWide, dex.OpReturnWide, dex.OpConstWide16, dex.OpConstWide32, dex.OpConstWide, dex.OpConstWideHigh16, dex.OpAgetWide, dex.OpAputWide, dex.OpIgetWide, dex.OpIputWide, dex.OpSgetWide, dex.OpSputWide:
		return true
	}
	return false
}

func (a *manalysis) transfer(fr frame, in *dex.Insn) {
	op := in.Op
	m := a.m
	switch {
	case op == dex.OpNop || op.IsPayload() || op == dex.OpMonitorEnter || op == dex.OpMonitorExit || op == dex.OpCheckCast: // nop, payload, monitor, check-cast
		return
	case op >= dex.OpMove && op <= dex.OpMoveObject16: // move, move-wide, move-object (+/from16, /16)
		src := a.get(fr, in.Regs[1])
		a.set(fr, in.Regs[0], src, opWide(op))
	case op == dex.OpMoveResult || op == dex.OpMoveResultWide || op == dex.OpMoveResultObject: // move-result*
		a.set(fr, in.Regs[0], fr.r[a.resR], op == dex.OpMoveResultWide)
		fr.r[a.resR] = reg{}
	case op == dex.OpMoveException: // move-exception
		x := fr.r[a.excR]
		x.obj = int32(in.PC) + 1
		a.set(fr, in.Regs[0], x, false)
	case op == dex.OpReturnVoid: // return-void
		a.sum.retSeen = true
	case op == dex.OpReturn || op == dex.OpReturnWide || op == dex.OpReturnObject: // return*
		if op == dex.OpReturnObject {
			a.escapeReg(fr, int(in.Regs[0]))
		}
		x := a.get(fr, in.Regs[0])
		if len(x.t) > 0 {
			add := make(ents, len(x.t))
			for i, t := range x.t {
				add[i] = ent{o: t.o, tr: step(m, in.PC, stepReturn, t.tr), heur: t.heur}
			}
			a.sum.ret, _ = a.sum.ret.union(add, a.e.b.MaxOrigins)
		}
		if op == dex.OpReturn {
			if !a.sum.retSeen {
				a.sum.retRange = x
			} else if a.sum.retRange.rk && (!x.rk || x.lo < a.sum.retRange.lo || x.hi > a.sum.retRange.hi) {
				if x.rk {
					a.sum.retRange.lo, a.sum.retRange.hi = min(x.lo, a.sum.retRange.lo), max(x.hi, a.sum.retRange.hi)
				} else {
					a.sum.retRange.rk = false
				}
			}
		}
		if op == dex.OpReturnObject {
			if !a.sum.retSeen {
				a.sum.retTyp = x.typ
			} else if a.sum.retTyp != x.typ {
				a.sum.retTyp = ""
			}
		}
		v := x.value()
		if !a.sum.retSeen || a.sum.retVal != nil {
			if a.sum.retSeen && !valEqual(a.sum.retVal, v) {
				a.sum.retVal = nil
			} else {
				a.sum.retVal = v
			}
		}
		a.sum.retSeen = true
	case op == dex.OpConstString || op == dex.OpConstStringJumbo: // const-string
		s, err := m.cls.file.InsnString(in)
		x := reg{obj: int32(in.PC) + 1}
		if err == nil {
			x.v = litVal(s)
		}
		a.set(fr, in.Regs[0], x, false)
	case op >= dex.OpConst4 && op <= dex.OpConstHigh16: // const, const/4, const/16, const/high16
		a.set(fr, in.Regs[0], intReg(in.Literal, in.Literal), false)
	case op == dex.OpConstClass: // const-class: the class, for explicit intents
		t, err := m.cls.file.InsnType(in)
		x := reg{}
		if err == nil {
			x.cls = t
		}
		a.set(fr, in.Regs[0], x, false)
	case op >= dex.OpConstWide16 && op <= dex.OpConstWideHigh16, op == dex.OpConstClass, op == dex.OpConstMethodHandle, op == dex.OpConstMethodType: // const-wide*, const-class, const-method-*
		a.set(fr, in.Regs[0], reg{}, op >= dex.OpConstWide16 && op <= dex.OpConstWideHigh16)
	case op == dex.OpAddIntLit16 || op == dex.OpAddIntLit8: // add-int/lit16, add-int/lit8
		x := a.get(fr, in.Regs[1])
		y := reg{t: x.t}
		if x.rk && x.lo > -1<<40 && x.hi < 1<<40 {
			y.lo, y.hi, y.rk = x.lo+in.Literal, x.hi+in.Literal, true
		}
		a.set(fr, in.Regs[0], y, false)
	case op == dex.OpInstanceOf || op == dex.OpArrayLength: // instance-of, array-length
		a.set(fr, in.Regs[0], reg{}, false)
	case op == dex.OpNewInstance: // new-instance
		t, _ := m.cls.file.InsnType(in)
		id := int32(in.PC) + 1
		a.escape(fr, id) // a previous iteration's object is out of reach
		a.set(fr, in.Regs[0], reg{obj: id, typ: t}, false)
		if a.trackable(t) {
			fr.markFresh(id)
		}
	case op == dex.OpNewArray: // new-array (arrays.go)
		a.newArray(fr, in)
	case op == dex.OpFilledNewArray || op == dex.OpFilledNewArrayRange: // filled-new-array
		var t ents
		for _, r := range in.Args(a.buf[:0]) {
			a.escapeReg(fr, int(r))
			x := a.get(fr, r)
			t, _ = t.union(x.t, a.e.b.MaxOrigins)
		}
		fr.r[a.resR] = reg{t: a.steps(t, in.PC, stepArray, 0), obj: int32(in.PC) + 1}
	case op == dex.OpThrow: // throw
		a.escapeReg(fr, int(in.Regs[0]))
	case op == dex.OpFillArrayData || op.IsBranch() || op.IsSwitch(): // fill-array-data, control
		return
	case op >= dex.OpAget && op <= dex.OpAgetShort: // aget* (arrays.go)
		a.aget(fr, in, op)
	case op >= dex.OpAput && op <= dex.OpAputShort: // aput* (arrays.go)
		a.aput(fr, in)
	case op >= dex.OpIget && op <= dex.OpIgetShort, op >= dex.OpSget && op <= dex.OpSgetShort: // iget*, sget*
		f, err := m.cls.file.InsnField(in)
		x := reg{}
		if err == nil && op <= dex.OpIgetShort {
			if lm, ok := fr.fresh(a.get(fr, in.Regs[1]).obj); ok {
				// a field of a fresh object: what this method stored, if anything
				fid := a.e.fieldID(f)
				x.t = a.steps(lm["f"+strconv.Itoa(int(fid))], in.PC, stepFieldGet, 0)
				x.obj = int32(in.PC) + 1
				a.set(fr, in.Regs[0], x, op == dex.OpIgetWide)
				return
			}
		}
		if err == nil {
			fid := a.e.fieldID(f)
			x.t = ents{{o: fieldOrigin(fid), tr: step(m, in.PC, stepFieldGet, nil)}}
			x.t = a.arrayField(f, fid, x.t, in.PC) // elements of an array field
			x.v = nil
			x.obj = int32(in.PC) + 1
			a.fobj[x.obj] = fid
			if op <= dex.OpIgetShort && !a.e.p.isApp(f.Class) {
				// a framework object's field: the object's own taint too
				obj := a.get(fr, in.Regs[1])
				x.t, _ = x.t.union(a.steps(obj.t, in.PC, stepFieldGet, 0), a.e.b.MaxOrigins)
			}
		}
		a.set(fr, in.Regs[0], x, op == dex.OpIgetWide || op == dex.OpSgetWide)
	case op >= dex.OpIput && op <= dex.OpIputShort, op >= dex.OpSput && op <= dex.OpSputShort: // iput*, sput*
		a.escapeReg(fr, int(in.Regs[0]))
		x := a.get(fr, in.Regs[0])
		f, err := m.cls.file.InsnField(in)
		if err != nil {
			return
		}
		if op <= dex.OpIputShort {
			if id := a.get(fr, in.Regs[1]).obj; id > 0 {
				if _, ok := fr.fresh(id); ok {
					// strong update of a fresh object's field
					fr.setLocal(id, "f"+strconv.Itoa(int(a.e.fieldID(f))), a.steps(x.t, in.PC, stepFieldPut, 0))
					return
				}
			}
		}
		if len(x.t) == 0 {
			return
		}
		t := a.steps(x.t, in.PC, stepFieldPut, 0)
		a.fieldWrite(a.e.fieldID(f), t)
		if op <= dex.OpIputShort && !a.e.p.isApp(f.Class) {
			a.taintObject(fr, int(in.Regs[1]), t) // a framework object holds the data
		}
	case op.IsInvoke():
		a.invoke(fr, in)
	default:
		// arithmetic, comparisons, conversions: the result carries the
		// union of the operands.
		a.buf = in.Uses(a.buf[:0])
		var t ents
		for _, r := range a.buf {
			x := a.get(fr, r)
			t, _ = t.union(x.t, a.e.b.MaxOrigins)
		}
		var defs [2]uint16
		d := in.Defs(defs[:0])
		if len(d) > 0 {
			y := reg{t: t}
			if c, ok := a.foldInt(fr, in); ok { // constants fold (array indexes)
				y.lo, y.hi, y.rk = c.lo, c.hi, true
			}
			a.set(fr, d[0], y, len(d) > 1)
		}
	}
}

// steps extends every path of t with one step at pc.
func (a *manalysis) steps(t ents, pc uint32, k stepKind, arg int) ents {
	if len(t) == 0 {
		return nil
	}
	out := make(ents, len(t))
	for i, x := range t {
		out[i] = ent{o: x.o, tr: &trace{m: a.m, pc: int32(pc), kind: k, arg: int8(arg), parent: x.tr}, heur: x.heur}
	}
	return out
}

// fieldWrite records data stored in field f: sources taint the field
// (globally), fields make a field→field edge, parameters go to the
// summary.
func (a *manalysis) fieldWrite(f uint32, t ents) {
	for _, x := range t {
		switch x.o.kind() {
		case kindSource:
			a.e.addFieldTaint(f, x)
		case kindField:
			if x.o.index() != f {
				a.e.addEdge(x.o.index(), f, x.tr, x.heur)
			}
		case kindParam:
			dup := false
			for _, fo := range a.sum.fieldOut {
				if fo.field == f && fo.x.o == x.o {
					dup = true
					break
				}
			}
			if !dup {
				a.sum.fieldOut = append(a.sum.fieldOut, fieldOut{field: f, x: x})
			}
		}
	}
}

// taintObject adds t to the object in register r and to every register
// aliasing it; an object that is a parameter or was read from a field
// carries the data out of the method.
func (a *manalysis) taintObject(fr frame, r int, t ents) {
	if r < 0 || r >= a.resR || len(t) == 0 {
		return
	}
	id := fr.r[r].obj
	max := a.e.b.MaxOrigins
	fr.r[r].t, _ = fr.r[r].t.union(t, max)
	for depth := 0; id != 0 && depth < 8; depth++ {
		for i := 0; i < a.resR; i++ {
			if i != r && fr.r[i].obj == id {
				fr.r[i].t, _ = fr.r[i].t.union(t, max)
			}
		}
		if id < 0 {
			p := int(-id - 1)
			if p < len(a.sum.paramOut) {
				a.sum.paramOut[p], _ = a.sum.paramOut[p].union(t, max)
			}
		} else if f, ok := a.fobj[id]; ok {
			a.fieldWrite(f, t)
		}
		id = a.parent[id]
	}
}

// feasible returns the successors of a block that can be taken given the
// int ranges at its end: a branch on a value whose range decides the test,
// or a switch whose keys the value cannot have, drops edges.
func (a *manalysis) feasible(b *block, fr frame) []int32 {
	last := &a.insns[b.end-1]
	op := last.Op
	switch {
	case op >= dex.OpIfEq && op <= dex.OpIfLez: // if-*
		x := a.get(fr, last.Regs[0])
		y := intReg(0, 0)
		if op <= dex.OpIfLe {
			y = a.get(fr, last.Regs[1])
		}
		if !x.rk || !y.rk || len(b.tgt) != 1 || b.fall < 0 {
			return b.succ
		}
		cmp := (op - dex.OpIfEq) % 6 // eq ne lt ge gt le
		var always, never bool
		switch cmp {
		case 0, 1: // eq, ne
			eq := x.lo == x.hi && y.lo == y.hi && x.lo == y.lo
			neq := x.hi < y.lo || y.hi < x.lo
			always, never = eq, neq
			if cmp == 1 {
				always, never = neq, eq
			}
		case 2, 3: // lt, ge
			lt, ge := x.hi < y.lo, x.lo >= y.hi
			always, never = lt, ge
			if cmp == 3 {
				always, never = ge, lt
			}
		case 4, 5: // gt, le
			gt, le := x.lo > y.hi, x.hi <= y.lo
			always, never = gt, le
			if cmp == 5 {
				always, never = le, gt
			}
		}
		switch {
		case always:
			return b.tgt
		case never:
			return []int32{b.fall}
		}
	case op == dex.OpPackedSwitch || op == dex.OpSparseSwitch:
		x := a.get(fr, last.Regs[0])
		if !x.rk || x.hi-x.lo > 256 || len(b.keys) == 0 {
			return b.succ
		}
		var out []int32
		covered := int64(0)
		for k, key := range b.keys {
			if int64(key) >= x.lo && int64(key) <= x.hi {
				out = append(out, b.tgt[k])
				covered++
			}
		}
		if covered < x.hi-x.lo+1 && b.fall >= 0 {
			out = append(out, b.fall)
		}
		return out
	}
	return b.succ
}

// trackable reports whether objects of class t get field-sensitive,
// flow-sensitive treatment while fresh: app classes the engine analyses,
// and maps (constant keys).
func (a *manalysis) trackable(t string) bool {
	if freshMaps[t] {
		return true
	}
	c := a.e.p.class(t)
	return c != nil && !c.opaque
}

var freshMaps = map[string]bool{"Ljava/util/HashMap;": true, "Ljava/util/LinkedHashMap;": true, "Ljava/util/TreeMap;": true,
	"Ljava/util/Hashtable;": true, "Ljava/util/concurrent/ConcurrentHashMap;": true, "Landroid/util/ArrayMap;": true}
