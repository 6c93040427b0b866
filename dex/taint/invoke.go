package taint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// call is one invoke being transferred.
type call struct {
	in     *dex.Insn
	ref    dex.MethodRef
	params string
	ret    string
	static bool
	// args[i] is the register holding argument i (receiver first for
	// instance calls), -1 when unknown.
	args []int
	vals []reg // argument values before the call
	info *callInfo
}

// callInfo is what the engine knows about a method reference, resolved
// once per DEX file and method index: its parts, the supertypes of its
// class, and the sinks, sources, invokers and model that match it.
type callInfo struct {
	ref         dex.MethodRef
	params, ret string
	ptypes      []string
	sup         []string
	sinks       []*Sink
	sources     []*Source
	invs        []*Invoker
	model       *Propagator
}

type callKey struct {
	f   *dex.File
	idx uint32
}

func (e *engine) callInfo(f *dex.File, idx uint32) *callInfo {
	k := callKey{f, idx}
	if ci, ok := e.calls[k]; ok {
		return ci
	}
	ref, err := f.Method(idx)
	if err != nil {
		e.calls[k] = nil
		return nil
	}
	ci := &callInfo{ref: ref}
	ci.params, ci.ret = splitProto(ref.Proto)
	ci.ptypes = dex.SplitTypes(ci.params)
	ci.sup = e.supertypes(ref.Class)
	for _, i := range e.sinks.candidates(ref.Name, ci.params) {
		s := e.sinks.items[i]
		if matchAny(&s.Pattern, ci.sup) && !excluded(s.Not, ci.sup) {
			ci.sinks = append(ci.sinks, s)
		}
	}
	if len(ci.sinks) == 0 && e.cfg.SinkFor != nil {
		if s := e.cfg.SinkFor(ref); s != nil {
			ci.sinks = append(ci.sinks, s)
		}
	}
	for _, i := range e.sources.candidates(ref.Name, ci.params) {
		if s := e.sources.items[i]; matchAny(&s.Pattern, ci.sup) {
			ci.sources = append(ci.sources, s)
		}
	}
	for _, i := range e.invs.candidates(ref.Name, ci.params) {
		if iv := e.invs.items[i]; matchAny(&iv.Pattern, ci.sup) {
			ci.invs = append(ci.invs, iv)
		}
	}
	if cands := e.props.candidates(ref.Name, ci.params); len(cands) > 0 {
	outer:
		for _, cls := range ci.sup { // the nearest class first
			for _, i := range cands {
				if e.props.pats[i].matchesClass(cls) {
					ci.model = e.props.items[i]
					break outer
				}
			}
		}
	}
	e.calls[k] = ci
	return ci
}

func (c *call) argType(i int, ptypes []string) string {
	if !c.static {
		if i == 0 {
			return c.ref.Class
		}
		i--
	}
	if i < len(ptypes) {
		return ptypes[i]
	}
	return ""
}

func (a *manalysis) invoke(fr frame, in *dex.Insn) {
	fr.r[a.resR] = reg{}
	f := a.m.cls.file
	if in.Op.Ref() != dex.RefMethod || in.Op == dex.OpInvokePolymorphic || in.Op == dex.OpInvokePolymorphicRng {
		// invoke-custom (lambdas, string concatenation), invoke-polymorphic
		// and odex quick invokes: the result carries the arguments.
		var t ents
		for _, r := range in.Args(a.buf[:0]) {
			x := a.get(fr, r)
			t, _ = t.union(x.t, a.e.b.MaxOrigins)
		}
		fr.r[a.resR] = reg{t: a.heurSteps(t, in.PC, stepProp, 0), obj: int32(in.PC) + 1}
		return
	}
	ci := a.e.callInfo(f, in.Index)
	if ci == nil {
		return
	}
	ref := ci.ref
	c := &call{in: in, ref: ref, static: in.Op == dex.OpInvokeStatic || in.Op == dex.OpInvokeStaticRange, info: ci}
	c.params, c.ret = ci.params, ci.ret
	ptypes := ci.ptypes
	a.buf = in.Args(a.buf[:0])
	slot := 0
	take := func(wide bool) int {
		if slot >= len(a.buf) {
			slot++
			return -1
		}
		r := int(a.buf[slot])
		slot++
		if wide {
			slot++
		}
		return r
	}
	if !c.static {
		c.args = append(c.args, take(false))
	}
	for _, t := range ptypes {
		c.args = append(c.args, take(isWide(t)))
	}
	for i, r := range c.args {
		if r < 0 || r >= a.resR {
			c.args[i] = -1
		}
	}
	ctor := a.preCall(fr, c)
	if ctor < 0 {
		return // a fresh map's put/get, done
	}
	c.vals = make([]reg, len(c.args))
	for i, r := range c.args {
		if r >= 0 {
			c.vals[i] = fr.r[r]
		}
	}
	sup := ci.sup
	res := reg{obj: int32(in.PC) + 1}
	if ref.Name == "nextInt" && c.params == "I" && ref.Class == "Ljava/util/Random;" && len(c.vals) == 2 && c.vals[1].rk && c.vals[1].lo == c.vals[1].hi && c.vals[1].lo > 0 {
		res = intReg(0, c.vals[1].lo-1) // Random.nextInt(n) is in [0, n)
	}

	// 1. sinks: record the data reaching them (they may also propagate).
	var sinkHit *Sink
	for _, s := range ci.sinks {
		if a.sinkCall(c, s) {
			sinkHit = s
		}
	}
	// 2. sources.
	for _, s := range ci.sources {
		if s.ConstArg != nil && !a.argCond(c, s.ConstArg) {
			continue
		}
		if a.derived(c, s.Kind) {
			continue // getLatitude() of a location that is already a source
		}
		occ := a.e.occurrence(occurrence{src: s, api: ref.String(), m: a.m, pc: int32(in.PC), kind: s.Kind})
		so := sourceOrigin(occ)
		x := ents{{o: so, tr: step(a.m, in.PC, stepSource, nil)}}
		if s.ArgOut > 0 {
			if s.ArgOut < len(c.args) {
				a.taintObject(fr, c.args[s.ArgOut], x)
			}
			continue
		}
		res.t, _ = res.t.union(x, a.e.b.MaxOrigins)
		res.v = holeVal(so)
	}
	// 3. framework methods that call back into app code.
	for _, iv := range ci.invs {
		if iv.Object >= len(c.vals) {
			continue
		}
		typ := c.vals[iv.Object].typ
		if typ == "" || !a.e.p.isApp(typ) {
			continue
		}
		t := a.e.p.lookup(typ, iv.Name+"("+iv.Params+")")
		if t == nil || t.cls.opaque {
			continue
		}
		mapped := &call{in: in, ref: t.ref, static: false, args: make([]int, t.nargs()), vals: make([]reg, t.nargs())}
		for k := range mapped.args {
			mapped.args[k] = -1
			if j, ok := iv.Map[k]; ok && j < len(c.args) {
				mapped.args[k], mapped.vals[k] = c.args[j], c.vals[j]
			}
		}
		if s := a.e.summaryOf(t); s != nil {
			var dummy reg
			a.apply(fr, mapped, t, s, &dummy, false)
		}
	}
	// 4. app code.
	if targets, exact := a.targets(c, ref); len(targets) > 0 {
		applied := false
		for _, t := range targets {
			s := a.e.summaryOf(t)
			if s == nil {
				continue
			}
			v := a.apply(fr, c, t, s, &res, !exact)
			if ctor > 0 {
				a.ctorFields(fr, c, ctor, s)
			}
			if !applied {
				res.v = v
				res.typ = s.retTyp
				res.lo, res.hi, res.rk = s.retRange.lo, s.retRange.hi, s.retRange.rk
			} else {
				if !valEqual(res.v, v) {
					res.v = nil
				}
				if res.typ != s.retTyp {
					res.typ = ""
				}
				if !s.retRange.rk || !res.rk {
					res.rk = false
				} else {
					res.lo, res.hi = min(res.lo, s.retRange.lo), max(res.hi, s.retRange.hi)
				}
			}
			applied = true
		}
		if applied {
			fr.r[a.resR] = res
			return
		}
	}
	// 5. keyed stores (SharedPreferences, explicit intents), models, 6. default rules.
	a.keyedStore(fr, c, &res)
	a.library(fr, c, sup, &res, sinkHit)
	fr.r[a.resR] = res
}

func matchAny(p *Pattern, classes []string) bool {
	for _, c := range classes {
		if p.matchesClass(c) {
			return true
		}
	}
	return false
}

// sinkCall records the tainted arguments of a sink call. It reports
// whether any was tainted.
func (a *manalysis) sinkCall(c *call, s *Sink) bool {
	args := s.Args
	if len(args) == 0 {
		for i := range c.vals {
			if s.Boundary && i == 0 && !c.static {
				continue // the receiver is the SDK's own object
			}
			args = append(args, SinkArg{Index: i, Key: boundaryKey(c, s, i)})
		}
	}
	hit := false
	for _, sa := range args {
		if sa.Index < 0 || sa.Index >= len(c.vals) {
			continue
		}
		x := c.vals[sa.Index]
		if len(x.t) == 0 {
			continue
		}
		hit = true
		key := ""
		if sa.Key >= 0 && sa.Key < len(c.vals) {
			key, _ = c.vals[sa.Key].v.constString()
		}
		v := x.value()
		for _, t := range x.t {
			tr := &trace{m: a.m, pc: int32(c.in.PC), kind: stepSink, arg: int8(sa.Index), key: key, sink: s, parent: t.tr}
			rf := rawFlow{sink: s, arg: sa, key: key, m: a.m, pc: c.in.PC, tr: tr, v: v, heur: t.heur}
			a.flowOut(t, rf)
		}
	}
	return hit
}

// boundaryKey is the index of a String parameter just before parameter
// i of a boundary sink call (setTag(name, value)), or NoKey.
func boundaryKey(c *call, s *Sink, i int) int {
	first := 1
	if c.static {
		first = 0
	}
	if !s.Boundary || i-1 < first || c.argType(i-1, c.info.ptypes) != "Ljava/lang/String;" {
		return NoKey
	}
	return i - 1
}

// flowOut routes data t reaching a sink: a source is a flow, a field is a
// field sink resolved at the end, a parameter goes into the summary.
func (a *manalysis) flowOut(t ent, rf rawFlow) {
	switch t.o.kind() {
	case kindSource:
		rf.occ = int(t.o.index())
		a.e.emit(rf)
	case kindField:
		a.e.fsinks = append(a.e.fsinks, fieldSink{field: t.o.index(), rf: rf})
	case kindParam:
		for _, s := range a.sum.sinks {
			if s.x.o == t.o && s.rf.m == rf.m && s.rf.pc == rf.pc && s.rf.arg.Index == rf.arg.Index && s.rf.sink == rf.sink {
				return
			}
		}
		a.sum.sinks = append(a.sum.sinks, sinkRec{rf: rf, x: t})
	}
}

// targets resolves the app methods an invoke may run, and whether the
// resolution is exact.
func (a *manalysis) targets(c *call, ref dex.MethodRef) ([]*methodInfo, bool) {
	p := a.e.p
	if !p.isApp(ref.Class) {
		return a.lambdaTargets(c, ref) // Kotlin FunctionN.invoke, else none
	}
	key := ref.Name + "(" + c.params + ")"
	switch c.in.Op {
	case dex.OpInvokeStatic, dex.OpInvokeStaticRange, dex.OpInvokeDirect, dex.OpInvokeDirectRange, dex.OpInvokeSuper, dex.OpInvokeSuperRange:
		m := p.lookup(ref.Class, key)
		if m == nil || m.cls.opaque {
			return nil, true
		}
		return []*methodInfo{m}, true
	}
	// virtual / interface: the exact type when known, else the method
	// found from the static type plus its overriders in the app.
	if len(c.vals) > 0 && c.vals[0].typ != "" && p.isApp(c.vals[0].typ) {
		if m := p.lookup(c.vals[0].typ, key); m != nil {
			if m.cls.opaque {
				return nil, true
			}
			return []*methodInfo{m}, true
		}
	}
	var out []*methodInfo
	if m := p.lookup(ref.Class, key); m != nil {
		if m.cls.opaque {
			return nil, true
		}
		if m.codeOff != 0 {
			out = append(out, m)
		}
	}
	for _, s := range p.subtypes(ref.Class, 256) {
		if len(out) >= a.e.b.MaxTargets {
			break
		}
		ci := p.class(s)
		if ci == nil || ci.opaque || ci.access&dex.AccInterface != 0 {
			continue
		}
		m := ci.methods[key]
		if m == nil {
			m = p.lookup(s, key)
		}
		if m != nil && m.codeOff != 0 && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, len(out) <= 1
}

// apply maps a callee summary onto the call site.
func (a *manalysis) apply(fr frame, c *call, callee *methodInfo, s *summary, res *reg, heur bool) *val {
	e := a.e
	max := e.b.MaxOrigins
	pc := c.in.PC
	// mapEnts rewrites the callee's origins into the caller's.
	mapEnts := func(xs ents) ents {
		var out ents
		for _, x := range xs {
			h := x.heur || heur
			if x.o.kind() == kindParam {
				i := int(x.o.index())
				if i >= len(c.vals) {
					continue
				}
				for _, ce := range c.vals[i].t {
					tr := &trace{m: a.m, pc: int32(pc), kind: stepCall, arg: int8(i), parent: ce.tr, sub: x.tr}
					out, _ = out.union(ents{{o: ce.o, tr: tr, heur: h || ce.heur}}, max)
				}
				continue
			}
			tr := &trace{m: a.m, pc: int32(pc), kind: stepReturn, sub: x.tr, subFirst: true}
			out, _ = out.union(ents{{o: x.o, tr: tr, heur: h}}, max)
		}
		return out
	}
	substVal := func(v *val) *val {
		return v.subst(func(o Origin) *val {
			if o.kind() != kindParam {
				return nil
			}
			i := int(o.index())
			if i >= len(c.vals) {
				return unknownVal
			}
			x := c.vals[i]
			return x.value()
		})
	}
	if len(s.ret) > 0 {
		res.t, _ = res.t.union(mapEnts(s.ret), max)
	}
	for i, po := range s.paramOut {
		if len(po) == 0 || i >= len(c.args) {
			continue
		}
		a.taintObject(fr, c.args[i], mapEnts(po))
	}
	for _, fo := range s.fieldOut {
		a.fieldWrite(fo.field, mapEnts(ents{fo.x}))
	}
	if len(s.thrown) > 0 {
		a.thrown, _ = a.thrown.union(mapEnts(s.thrown), max)
	}
	for _, sr := range s.sinks {
		i := int(sr.x.o.index())
		if i >= len(c.vals) {
			continue
		}
		for _, ce := range c.vals[i].t {
			rf := sr.rf
			rf.tr = &trace{m: a.m, pc: int32(pc), kind: stepCall, arg: int8(i), parent: ce.tr, sub: sr.rf.tr}
			rf.heur = rf.heur || heur || ce.heur
			rf.v = substVal(sr.rf.v)
			a.flowOut(ent{o: ce.o, tr: ce.tr, heur: rf.heur}, rf)
		}
	}
	if s.retVal == nil {
		return nil
	}
	return substVal(s.retVal)
}

// library transfers a call the engine does not analyse: a propagation
// model when one matches (the nearest class first), else the default
// rules.
func (a *manalysis) library(fr frame, c *call, sup []string, res *reg, sinkHit *Sink) {
	e := a.e
	max := e.b.MaxOrigins
	pc := c.in.PC
	model := c.info.model
	argEnts := func(i int, k stepKind) ents {
		if i < 0 || i >= len(c.vals) {
			return nil
		}
		key := ""
		if sinkHit != nil && !sinkHit.Boundary {
			for _, sa := range sinkHit.Args {
				if sa.Index == i && sa.Key >= 0 && sa.Key < len(c.vals) {
					key, _ = c.vals[sa.Key].v.constString()
				}
			}
		} else if !c.static && i >= 2 && c.argType(i-1, dex.SplitTypes(c.params)) == "Ljava/lang/String;" {
			// put(key, value) on an SDK object: a constant key names the value.
			key, _ = c.vals[i-1].v.constString()
		}
		return a.stepsKey(c.vals[i].t, pc, k, i, key, sinkHit, false)
	}
	if model != nil {
		if model.NoOp {
			return
		}
		if model.Wrap && !c.static && len(c.args) > 1 && c.args[0] >= 0 && c.args[1] >= 0 {
			a.wrap(fr, c.args[0], c.args[1])
		}
		key := ""
		if model.Key > 0 && model.Key < len(c.vals) {
			key, _ = c.vals[model.Key].v.constString()
		}
		for _, mv := range model.Moves {
			var from []int
			if mv[0] == AllArgs {
				for i := range c.vals {
					from = append(from, i)
				}
			} else {
				from = []int{mv[0]}
			}
			for _, fi := range from {
				if fi < 0 || fi >= len(c.vals) || len(c.vals[fi].t) == 0 || fi == mv[1] {
					continue
				}
				k := ""
				if fi != model.Key {
					k = key
				}
				t := a.stepsKey(c.vals[fi].t, pc, stepProp, fi, k, sinkHit, false)
				if mv[1] == Ret {
					res.t, _ = res.t.union(t, max)
				} else if mv[1] < len(c.args) {
					a.taintObject(fr, c.args[mv[1]], t)
				}
			}
		}
		if model.Alias && !c.static && len(c.args) > 0 && c.args[0] >= 0 {
			recv := fr.r[c.args[0]]
			res.obj, res.typ = recv.obj, recv.typ
			res.t, _ = res.t.union(recv.t, max)
		}
		a.strOp(fr, c, model, res)
		return
	}
	// Default rules.
	hasRet := c.ret != "V" && c.ret != ""
	if !c.static && len(c.vals) > 0 && len(c.vals[0].t) > 0 && hasRet { // D1: getter on tainted object
		res.t, _ = res.t.union(a.heurSteps(c.vals[0].t, pc, stepProp, 0), max)
	}
	first := 1
	if c.static {
		first = 0
	}
	var argT ents
	for i := first; i < len(c.vals); i++ {
		argT, _ = argT.union(argEnts(i, stepProp), max)
	}
	if len(argT) == 0 {
		return
	}
	if sinkHit == nil || sinkHit.Boundary {
		for i := range argT {
			argT[i].heur = true
		}
	}
	switch {
	case c.static: // D2: static conversion
		if hasRet {
			res.t, _ = res.t.union(argT, max)
		}
	case c.ref.Name == "<init>" && !e.p.isApp(c.ref.Class): // D5: library object built from data
		if len(c.args) > 0 {
			a.taintObject(fr, c.args[0], argT)
		}
	case e.p.isApp(c.ref.Class) && !e.p.opaqueClass(c.ref.Class) && sinkHit == nil:
		// app code not analysed (too deep, or skipped): the result may
		// carry the arguments
		if hasRet {
			res.t, _ = res.t.union(argT, max)
		}
	case e.p.isApp(c.ref.Class) || sinkHit != nil: // D3: SDK object holding data (fluent)
		if len(c.args) > 0 {
			a.taintObject(fr, c.args[0], argT)
		}
		if hasRet && isRef(c.ret) {
			res.t, _ = res.t.union(argT, max)
			if c.ret == c.ref.Class && len(c.args) > 0 && c.args[0] >= 0 {
				res.obj = fr.r[c.args[0]].obj
			}
		}
	}
}

func (a *manalysis) heurSteps(t ents, pc uint32, k stepKind, arg int) ents {
	return a.stepsKey(t, pc, k, arg, "", nil, true)
}

func (a *manalysis) stepsKey(t ents, pc uint32, k stepKind, arg int, key string, sink *Sink, heur bool) ents {
	if len(t) == 0 {
		return nil
	}
	out := make(ents, len(t))
	for i, x := range t {
		out[i] = ent{o: x.o, tr: &trace{m: a.m, pc: int32(pc), kind: k, arg: int8(arg), key: key, sink: sink, parent: x.tr}, heur: x.heur || heur}
	}
	return out
}

// strOp rebuilds string values through builders and string methods.
func (a *manalysis) strOp(fr frame, c *call, p *Propagator, res *reg) {
	arg := func(i int) *val {
		if i < len(c.vals) {
			return c.vals[i].value()
		}
		return unknownVal
	}
	setRecv := func(v *val) {
		if c.static || len(c.args) == 0 || c.args[0] < 0 {
			return
		}
		id := fr.r[c.args[0]].obj
		fr.r[c.args[0]].v = v
		if id != 0 {
			for i := 0; i < a.resR; i++ {
				if fr.r[i].obj == id {
					fr.r[i].v = v
				}
			}
		}
	}
	recv := func() *val {
		if c.static || len(c.vals) == 0 {
			return nil
		}
		if c.args[0] >= 0 {
			return fr.r[c.args[0]].v
		}
		return nil
	}
	switch p.Str {
	case StrEmpty:
		setRecv(emptyVal)
	case StrInit:
		setRecv(arg(1))
	case StrAppend:
		if r := recv(); r != nil {
			nv := concatVal(r, arg(1))
			setRecv(nv)
			res.v = nv
		}
	case StrAppendPath:
		if r := recv(); r != nil {
			nv := concatVal(concatVal(r, litVal("/")), arg(1))
			setRecv(nv)
			res.v = nv
		}
	case StrAppendQuery:
		if r := recv(); r != nil {
			sep := "?"
			for _, pt := range r.parts {
				if !pt.isH && containsByte(pt.lit, '?') {
					sep = "&"
				}
			}
			nv := concatVal(concatVal(concatVal(concatVal(r, litVal(sep)), arg(1)), litVal("=")), arg(2))
			setRecv(nv)
			res.v = nv
		}
	case StrConcat:
		res.v = concatVal(arg(0), arg(1))
	case StrConcatArgs:
		res.v = concatVal(arg(0), arg(1))
	case StrCopyRecv:
		if r := recv(); r != nil {
			res.v = r
		} else if len(c.vals) > 0 && len(c.vals[0].t) > 0 {
			res.v = c.vals[0].value()
		}
	case StrCopyArg0:
		res.v = arg(0)
	case StrSubstring:
		res.v = substringVal(c)
	default:
		if !c.static && len(c.args) > 0 && c.args[0] >= 0 && p.Alias {
			setRecv(nil)
		}
	}
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// argCond checks a source's condition on an argument.
func (a *manalysis) argCond(c *call, ca *ConstArg) bool {
	if ca.Index < 0 || ca.Index >= len(c.vals) {
		return false
	}
	x := c.vals[ca.Index]
	if ca.Value != "" {
		if v, ok := x.v.constString(); ok && v == ca.Value {
			return true
		}
	}
	if ca.Prefix != "" && strings.HasPrefix(x.v.prefix(), ca.Prefix) {
		return true
	}
	if ca.Field != "" {
		for _, t := range x.t {
			if t.o.kind() == kindField && int(t.o.index()) < len(a.e.fieldNames) && strings.HasPrefix(a.e.fieldNames[t.o.index()], ca.Field) {
				return true
			}
		}
	}
	return false
}

// derived reports whether the receiver already carries a source of the
// same kind: the call then only propagates it (no new occurrence).
func (a *manalysis) derived(c *call, kind string) bool {
	if c.static || len(c.vals) == 0 {
		return false
	}
	for _, t := range c.vals[0].t {
		if t.o.kind() == kindSource && int(t.o.index()) < len(a.e.occs) && a.e.occs[t.o.index()].kind == kind {
			return true
		}
	}
	return false
}

// wrap makes the object in register r and the one in w one alias class,
// with the union of their taint.
func (a *manalysis) wrap(fr frame, r, w int) {
	id := fr.r[w].obj
	if id == 0 {
		id = fr.r[r].obj
	}
	if id == 0 {
		return
	}
	old := [2]int32{fr.r[r].obj, fr.r[w].obj}
	t, _ := fr.r[r].t.union(fr.r[w].t, a.e.b.MaxOrigins)
	for i := 0; i < a.resR; i++ {
		if fr.r[i].obj != 0 && (fr.r[i].obj == old[0] || fr.r[i].obj == old[1]) || i == r || i == w {
			fr.r[i].obj = id
			fr.r[i].t, _ = fr.r[i].t.union(t, a.e.b.MaxOrigins)
		}
	}
}

// excluded reports whether the receiver's class (or a supertype before
// the one the pattern names) is in not.
func excluded(not []string, sup []string) bool {
	for _, n := range not {
		for _, c := range sup {
			if c == n {
				return true
			}
		}
	}
	return false
}

// preCall handles fresh objects passed to a call. A fresh object's
// constructor keeps it fresh (its id is returned); put/get with a constant
// key on a fresh map are done here (returns -1); any other use publishes
// the object (escape).
func (a *manalysis) preCall(fr frame, c *call) int32 {
	if fr.lo == nil {
		return 0
	}
	ctor := int32(0)
	if !c.static && len(c.args) > 0 && c.args[0] >= 0 {
		x := fr.r[c.args[0]]
		if _, ok := fr.fresh(x.obj); ok {
			switch {
			case c.ref.Name == "<init>" && c.in.Op == dex.OpInvokeDirect || c.in.Op == dex.OpInvokeDirectRange && c.ref.Name == "<init>":
				ctor = x.obj
			case freshMaps[x.typ]:
				if a.mapCall(fr, c, x) {
					return -1
				}
			}
		}
	}
	for i, r := range c.args {
		if r >= 0 && !(i == 0 && ctor != 0) {
			a.escapeReg(fr, r)
		}
	}
	return ctor
}

// mapCall does put/get with a constant key on a fresh map.
func (a *manalysis) mapCall(fr frame, c *call, x reg) bool {
	key := func(i int) (string, bool) {
		if i >= len(c.args) || c.args[i] < 0 {
			return "", false
		}
		return fr.r[c.args[i]].v.constString()
	}
	switch {
	case c.ref.Name == "put" && len(c.args) == 3:
		k, ok := key(1)
		if !ok {
			return false
		}
		a.escapeReg(fr, c.args[2])
		m, _ := fr.fresh(x.obj)
		old := m["k"+k]
		var t ents
		if c.args[2] >= 0 {
			t = a.stepsKey(fr.r[c.args[2]].t, c.in.PC, stepProp, 2, k, nil, false)
		}
		fr.setLocal(x.obj, "k"+k, t)
		fr.r[a.resR] = reg{t: old, obj: int32(c.in.PC) + 1}
		return true
	case c.ref.Name == "get" && len(c.args) == 2:
		k, ok := key(1)
		if !ok {
			return false
		}
		m, _ := fr.fresh(x.obj)
		fr.r[a.resR] = reg{t: a.stepsKey(m["k"+k], c.in.PC, stepProp, 0, k, nil, false), obj: int32(c.in.PC) + 1}
		return true
	case c.ref.Name == "<init>" && len(c.args) == 1, c.ref.Name == "containsKey", c.ref.Name == "size", c.ref.Name == "isEmpty":
		fr.r[a.resR] = reg{}
		return true
	}
	return false
}

// ctorFields records what a constructor stored into the fields of the
// fresh object it built; a constructor that lets "this" out (stores it
// somewhere) makes the object escape.
func (a *manalysis) ctorFields(fr frame, c *call, id int32, s *summary) {
	this := paramOrigin(0)
	leaks := s.ret.has(this) || s.thrown.has(this)
	for _, p := range s.paramOut {
		leaks = leaks || p.has(this)
	}
	for _, sr := range s.sinks {
		leaks = leaks || sr.x.o == this
	}
	for _, fo := range s.fieldOut {
		if fo.x.o == this {
			leaks = true
			continue
		}
		i := int(fo.x.o.index())
		if i >= len(c.vals) {
			continue
		}
		m, ok := fr.fresh(id)
		if !ok {
			return
		}
		k := "f" + strconv.Itoa(int(fo.field))
		t, _ := m[k].union(a.stepsKey(c.vals[i].t, c.in.PC, stepCall, i, "", nil, false), a.e.b.MaxOrigins)
		fr.setLocal(id, k, t)
	}
	if leaks {
		a.escape(fr, id)
	}
}

// substringVal is String.substring(begin[, end]) of a constant string with
// constant bounds (an action or class name cut out of a constant), nil
// otherwise.
func substringVal(c *call) *val {
	if c.static || len(c.vals) < 2 {
		return nil
	}
	s, ok := c.vals[0].v.constString()
	if !ok {
		return nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return nil // indexes count UTF-16 units
		}
	}
	bound := func(i int) (int, bool) {
		x := c.vals[i]
		if !x.rk || x.lo != x.hi || x.lo < 0 || x.lo > int64(len(s)) {
			return 0, false
		}
		return int(x.lo), true
	}
	b, ok := bound(1)
	if !ok {
		return nil
	}
	e := len(s)
	if len(c.vals) > 2 {
		if e, ok = bound(2); !ok || e < b {
			return nil
		}
	}
	return litVal(s[b:e])
}
