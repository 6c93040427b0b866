package taint

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Flow is data of a source reaching a sink argument.
type Flow struct {
	// Kind is the source kind (Source.Kind or Callback.Kind).
	Kind string
	// Source is the source API as called (smali), or for a callback the
	// framework method the app implements.
	Source    string
	Callback  bool
	SourceTag any
	Sink      *Sink
	// SinkMethod is the sink as called (smali), e.g. through a subclass.
	SinkMethod string
	Arg        SinkArg
	// Key is the constant key argument of the sink call, if any.
	Key string
	// Path runs from the source to the sink, across methods.
	Path []Step
	// Value is the reconstructed value of the sink argument, with tainted
	// parts as «kind» and unknown parts as «…».
	Value string
	// Prefix is the constant text the value starts with (a URL's scheme
	// and host when they are constants).
	Prefix string
	// Heuristic is set when the path relies on a default rule, a
	// field-based hop or an imprecise virtual dispatch.
	Heuristic bool
}

// Problem is a method the engine skipped, or another local failure.
type Problem struct {
	Where string
	Err   string
}

// Stats counts the work done.
type Stats struct {
	Seeds, Methods, Steps, Flows int
	DepthCuts, RecursionCuts     int
	SkippedMethods               int
	TaintedFields                int
}

// Result is the outcome of Analyze.
type Result struct {
	Flows []Flow
	// Partial is set when a budget was exhausted or the context ended:
	// flows may be missing. Reason says which.
	Partial  bool
	Reason   string
	Problems []Problem
	Stats    Stats
}

const (
	stNew uint8 = iota
	stInProgress
	stDone
	stSkipped
)

type occurrence struct {
	src  *Source
	cb   *Callback
	api  string // called method (sources) or framework method (callbacks)
	m    *methodInfo
	pc   int32
	arg  int
	kind string
}

type flowKey struct {
	occ  int
	site int32
	pc   uint32
	arg  int
	sink *Sink
}

type rawFlow struct {
	occ  int
	sink *Sink
	arg  SinkArg
	key  string
	m    *methodInfo
	pc   uint32
	tr   *trace
	v    *val
	heur bool
}

type fieldEdge struct {
	to   uint32
	tr   *trace
	heur bool
}

type fieldSink struct {
	field uint32
	rf    rawFlow
}

type engine struct {
	ctx context.Context
	cfg Config
	b   Budget
	p   *program

	sinks   nameIndex[*Sink]
	sources nameIndex[*Source]
	props   nameIndex[*Propagator]
	invs    nameIndex[*Invoker]
	cbs     map[*methodInfo][]*Callback

	superCache map[string][]string

	depth    int
	partial  bool
	reason   string
	stats    Stats
	problems []Problem

	occs     []occurrence
	occByKey map[[3]int32]int

	fieldIDs   map[string]uint32
	fieldNames []string
	fieldTaint map[uint32]ents
	edges      map[uint32][]fieldEdge
	fsinks     []fieldSink
	pending    map[uint32][]*methodInfo
	readers    map[string][]*methodInfo
	readersOK  bool
	readerRefs func(field string) []*methodInfo
	stores     map[uint32]storeRef // pseudo-fields of keyed stores (stores.go)
	storeRead  map[storeRef][]*methodInfo
	storeCalls map[string][]dex.CallSite
	pend       map[pendKey]map[string]ents    // keyed contents of containers not yet delivered (containers.go)
	actions    map[string][]string            // implicit intent action → components (stores.go)
	lambdas    map[string]map[string][]string // FunctionN → top-level class → implementations (lambdas.go)

	calls map[callKey]*callInfo

	queue []*methodInfo
	flows []rawFlow
	seen  map[flowKey]bool
}

// nameIndex finds patterns by method name: exact names through a map,
// prefix ("get*") names by a scan. Order is the insertion order.
type nameIndex[T any] struct {
	exact map[string][]int
	globs []int
	items []T
	pats  []*Pattern
}

func (x *nameIndex[T]) add(p *Pattern, it T) {
	if x.exact == nil {
		x.exact = map[string][]int{}
	}
	i := len(x.items)
	x.items = append(x.items, it)
	x.pats = append(x.pats, p)
	if strings.Contains(p.Name, "*") {
		x.globs = append(x.globs, i)
	} else {
		x.exact[p.Name] = append(x.exact[p.Name], i)
	}
}

// candidates returns the indexes of the patterns whose name and params
// match, in insertion order.
func (x *nameIndex[T]) candidates(name, params string) []int {
	var out []int
	for _, i := range x.exact[name] {
		if x.pats[i].matchesMember(name, params) {
			out = append(out, i)
		}
	}
	for _, i := range x.globs {
		if x.pats[i].matchesMember(name, params) {
			out = append(out, i)
		}
	}
	if len(x.globs) > 0 && len(out) > 1 {
		slices.Sort(out)
	}
	return out
}

func (x *nameIndex[T]) hasName(name string) bool {
	if _, ok := x.exact[name]; ok {
		return true
	}
	for _, i := range x.globs {
		if globMatch(x.pats[i].Name, name) {
			return true
		}
	}
	return false
}

// Analyze runs the taint analysis over the app's DEX files (in load
// order) and their index. It starts from the methods that call a source
// or implement a source callback, computes method summaries on demand,
// and follows data up to callers, into fields and their readers. It never
// panics on malformed code: a method it cannot decode is skipped and
// listed in Result.Problems.
func Analyze(ctx context.Context, files []*dex.File, idx *dex.Index, cfg Config) (res *Result) {
	e := &engine{ctx: ctx, cfg: cfg, b: cfg.Budget.withDefaults(), superCache: map[string][]string{},
		occByKey: map[[3]int32]int{}, fieldIDs: map[string]uint32{}, fieldTaint: map[uint32]ents{},
		edges: map[uint32][]fieldEdge{}, pending: map[uint32][]*methodInfo{}, seen: map[flowKey]bool{},
		cbs: map[*methodInfo][]*Callback{}, calls: map[callKey]*callInfo{}}
	defer func() {
		if !recoverPanics {
			return
		}
		if r := recover(); r != nil {
			res = &Result{Partial: true, Reason: fmt.Sprintf("internal error: %v", r), Problems: e.problems, Stats: e.stats}
		}
	}()
	e.p = newProgram(files, idx, cfg.Opaque, cfg.Supertypes)
	e.p.maxMembers = e.b.MaxClassMembers
	e.p.onProblem = func(where string, err error) { e.problem(where, err.Error()) }
	for i := range cfg.Sinks {
		e.sinks.add(&cfg.Sinks[i].Pattern, &cfg.Sinks[i])
	}
	for i := range cfg.Sources {
		e.sources.add(&cfg.Sources[i].Pattern, &cfg.Sources[i])
	}
	for i := range cfg.Propagators {
		e.props.add(&cfg.Propagators[i].Pattern, &cfg.Propagators[i])
	}
	for i := range cfg.Invokers {
		e.invs.add(&cfg.Invokers[i].Pattern, &cfg.Invokers[i])
	}
	e.seed()
	e.run()
	e.resolveFieldSinks()
	return e.result()
}

func (e *engine) problem(where, msg string) {
	if len(e.problems) < 50 {
		e.problems = append(e.problems, Problem{Where: where, Err: msg})
	} else if len(e.problems) == 50 {
		e.problems = append(e.problems, Problem{Where: "taint", Err: "too many problems; further ones are not listed"})
	}
}

func (e *engine) stop(reason string) {
	if !e.partial {
		e.partial, e.reason = true, reason
	}
}

// tick counts one transferred instruction and checks the budgets.
func (e *engine) tick() bool {
	if e.partial {
		return false
	}
	e.stats.Steps++
	if e.p.exhausted {
		e.stop(fmt.Sprintf("budget of %d decoded class members exhausted", e.b.MaxClassMembers))
		return false
	}
	if e.stats.Steps > e.b.MaxSteps {
		e.stop(fmt.Sprintf("budget of %d instructions exhausted", e.b.MaxSteps))
		return false
	}
	if e.stats.Steps&4095 == 0 && e.ctx.Err() != nil {
		e.stop("time budget exhausted (" + e.ctx.Err().Error() + ")")
		return false
	}
	return true
}

func (e *engine) supertypes(class string) []string {
	if s, ok := e.superCache[class]; ok {
		return s
	}
	s := e.p.supertypes(class)
	e.superCache[class] = s
	return s
}

// seed schedules the methods that call a source and the callback methods.
func (e *engine) seed() {
	var seeds []*methodInfo
	seen := map[*methodInfo]bool{}
	add := func(m *methodInfo) {
		if m != nil && !m.cls.opaque && !seen[m] && !e.dead(m) {
			seen[m] = true
			seeds = append(seeds, m)
		}
	}
	if len(e.sources.items) > 0 {
		for c := range e.p.idx.Calls {
			if !e.sources.hasName(c.Callee.Name) {
				continue
			}
			if e.p.opaque != nil && e.p.opaque(c.Caller.Class) {
				continue
			}
			params, _ := splitProto(c.Callee.Proto)
			cands := e.sources.candidates(c.Callee.Name, params)
			if len(cands) == 0 {
				continue
			}
			sup := e.supertypes(c.Callee.Class)
			ok := false
			for _, i := range cands {
				for _, s := range sup {
					if e.sources.pats[i].matchesClass(s) {
						ok = true
					}
				}
			}
			if !ok {
				continue
			}
			cp, _ := splitProto(c.Caller.Proto)
			add(e.p.method(c.Caller.Class, c.Caller.Name+"("+cp+")"))
			if err := e.ctx.Err(); err != nil {
				// Seeding was cut short: the result must say it is partial.
				e.stop("time budget exhausted while seeding (" + err.Error() + ")")
				break
			}
		}
	}
	for i := range e.cfg.Callbacks {
		cb := &e.cfg.Callbacks[i]
		key := cb.Name + "(" + cb.Params + ")"
		for _, c := range e.p.subtypes(cb.Class, 20000) {
			ci := e.p.class(c)
			if ci == nil || ci.opaque {
				continue
			}
			if m := ci.methods[key]; m != nil && m.codeOff != 0 {
				e.cbs[m] = append(e.cbs[m], cb)
				add(m)
			}
		}
	}
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].smali < seeds[j].smali })
	e.stats.Seeds = len(seeds)
	for _, m := range seeds {
		e.schedule(m)
	}
}

func (e *engine) schedule(m *methodInfo) {
	if m == nil || m.rooted || m.cls.opaque {
		return
	}
	m.rooted = true
	e.queue = append(e.queue, m)
}

func (e *engine) run() {
	for len(e.queue) > 0 && !e.partial {
		m := e.queue[0]
		e.queue = e.queue[1:]
		if m.state != stNew {
			continue
		}
		e.depth = 0
		e.summaryOf(m)
	}
}

// summaryOf returns m's summary, analysing m now if needed. nil means
// unknown (skipped, or too deep): the caller falls back to default rules.
func (e *engine) summaryOf(m *methodInfo) *summary {
	switch m.state {
	case stDone:
		return m.sum
	case stInProgress:
		e.stats.RecursionCuts++
		return m.sum
	case stSkipped:
		return nil
	}
	if e.partial {
		return nil
	}
	if e.depth >= e.b.MaxDepth {
		e.stats.DepthCuts++
		return nil
	}
	if e.stats.Methods >= e.b.MaxMethods {
		e.stop(fmt.Sprintf("budget of %d methods exhausted", e.b.MaxMethods))
		return nil
	}
	e.stats.Methods++
	e.depth++
	e.analyze(m)
	e.depth--
	e.afterAnalysis(m)
	if m.state == stSkipped {
		return nil
	}
	return m.sum
}

// afterAnalysis schedules the callers of m when data of a source (or of
// a tainted field) leaves m through its return value or an argument.
func (e *engine) afterAnalysis(m *methodInfo) {
	s := m.sum
	if s == nil {
		return
	}
	up := false
	check := func(es ents) {
		for _, x := range es {
			switch x.o.kind() {
			case kindSource:
				up = true
			case kindField:
				f := x.o.index()
				if len(e.fieldTaint[f]) > 0 {
					up = true
				} else if ps := e.pending[f]; len(ps) == 0 || ps[len(ps)-1] != m {
					e.pending[f] = append(ps, m)
				}
			}
		}
	}
	check(s.ret)
	check(s.thrown)
	for _, p := range s.paramOut {
		check(p)
	}
	if up {
		e.scheduleCallers(m)
	}
}

// scheduleCallers schedules every app method that calls m, through m's
// class, its app supertypes or its app subtypes (calls name the static
// receiver type).
func (e *engine) scheduleCallers(m *methodInfo) {
	if m.callersDone {
		return
	}
	m.callersDone = true
	classes := []string{m.cls.desc}
	if !m.static && m.ref.Name != "<init>" {
		for _, s := range e.supertypes(m.cls.desc)[1:] {
			if e.p.isApp(s) {
				classes = append(classes, s)
			}
		}
		for _, s := range e.p.subtypes(m.cls.desc, 64) {
			if c := e.p.class(s); c != nil && c.methods[m.key] == nil {
				classes = append(classes, s)
			}
		}
	}
	for _, c := range classes {
		for _, cs := range e.p.idx.CallersOf(dex.MethodRef{Class: c, Name: m.ref.Name, Proto: m.ref.Proto}) {
			cp, _ := splitProto(cs.Caller.Proto)
			e.schedule(e.p.method(cs.Caller.Class, cs.Caller.Name+"("+cp+")"))
		}
	}
}

func (e *engine) fieldID(f dex.FieldRef) uint32 {
	// a field referenced through a subclass is the declaring class's field
	key := f.Name + ":" + f.Type
	for c, n := e.p.class(f.Class), 0; c != nil && n < 32; c, n = e.p.class(c.super), n+1 {
		if _, ok := c.fields[key]; ok {
			f.Class = c.desc
			break
		}
	}
	id, _ := e.internField(f.String())
	return id
}

// internField returns the id of the field (or pseudo-field) named name,
// allocating it on first use (isNew).
func (e *engine) internField(name string) (id uint32, isNew bool) {
	if id, ok := e.fieldIDs[name]; ok {
		return id, false
	}
	id = uint32(len(e.fieldNames))
	e.fieldIDs[name] = id
	e.fieldNames = append(e.fieldNames, name)
	return id, true
}

// addFieldTaint records that source data (x) is stored in field f and
// propagates it along field→field edges; newly tainted fields get their
// readers scheduled.
func (e *engine) addFieldTaint(f uint32, x ent) {
	type item struct {
		f uint32
		x ent
	}
	work := []item{{f, x}}
	for n := 0; len(work) > 0 && n < 100000; n++ {
		it := work[0]
		work = work[1:]
		cur := e.fieldTaint[it.f]
		if cur.has(it.x.o) {
			continue
		}
		first := len(cur) == 0
		if len(cur) >= e.b.MaxOrigins {
			continue
		}
		e.fieldTaint[it.f], _ = cur.union(ents{it.x}, e.b.MaxOrigins)
		if first {
			e.stats.TaintedFields++
			e.scheduleReaders(it.f)
			for _, m := range e.pending[it.f] {
				e.scheduleCallers(m)
			}
		}
		for _, ed := range e.edges[it.f] {
			work = append(work, item{ed.to, ent{o: it.x.o, tr: &trace{parent: it.x.tr, sub: ed.tr}, heur: it.x.heur || ed.heur}})
		}
	}
}

func (e *engine) addEdge(from, to uint32, tr *trace, heur bool) {
	for _, ed := range e.edges[from] {
		if ed.to == to {
			return
		}
	}
	e.edges[from] = append(e.edges[from], fieldEdge{to: to, tr: tr, heur: heur})
	for _, x := range e.fieldTaint[from] {
		e.addFieldTaint(to, ent{o: x.o, tr: &trace{parent: x.tr, sub: tr}, heur: x.heur || heur})
	}
}

// scheduleReaders schedules the app methods that read field f.
func (e *engine) scheduleReaders(f uint32) {
	for _, m := range e.readersOf(f) {
		e.schedule(m)
	}
}

// readersOf finds the app methods that read a field (iget*/sget*). The
// search is scoped by the field's access: a private field is read in its
// class (and nested classes), a package-private one in its package; only
// protected and public fields need the whole app (indexed once).
func (e *engine) readersOf(fid uint32) []*methodInfo {
	fid = e.elemBase(fid) // an array element is read where the array is (arrays.go)
	if s, ok := e.stores[fid]; ok {
		return e.storeReaders(s)
	}
	name := e.fieldNames[fid]
	i := strings.Index(name, "->")
	j := strings.LastIndexByte(name, ':')
	if i <= 0 || j < i {
		return nil
	}
	class, key := name[:i], name[i+2:]
	p := e.p
	ci := p.class(class)
	for n := 0; ci != nil && n < 32; n++ { // the declaring class
		if _, ok := ci.fields[key]; ok {
			break
		}
		ci = p.class(ci.super)
	}
	acc := uint32(dex.AccPublic) // framework fields: any app code may read them
	if ci != nil {
		acc = ci.fields[key]
	}
	var scope []string
	switch {
	case ci != nil && acc&dex.AccPrivate != 0:
		scope = p.packageClasses(ci.desc, true)
	case ci != nil && acc&(dex.AccPublic|dex.AccProtected) == 0:
		scope = p.packageClasses(ci.desc, false)
	default:
		if !e.readersOK {
			e.buildReaders()
		}
		if e.readerRefs == nil {
			return nil
		}
		return e.readerRefs(name)
	}
	var out []*methodInfo
	for _, d := range scope {
		c := p.class(d)
		if c == nil || c.opaque {
			continue
		}
		for _, m := range c.sortedMethods() {
			if m.codeOff != 0 && e.reads(m, name) {
				out = append(out, m)
			}
		}
	}
	return out
}

// reads reports whether m's code reads the field (smali name).
func (e *engine) reads(m *methodInfo, field string) bool {
	f := m.cls.file
	code, err := f.Code(m.codeOff)
	if err != nil {
		return false
	}
	d := code.Decoder()
	var in dex.Insn
	for d.Next(&in) {
		op := in.Op
		if !(op >= 0x52 && op <= 0x58) && !(op >= 0x60 && op <= 0x66) {
			continue
		}
		r, err := f.Field(in.Index)
		if err == nil && len(r.Class)+len(r.Name)+len(r.Type)+3 == len(field) && r.String() == field {
			return true
		}
	}
	return false
}

// buildReaders indexes, once, which app methods read which fields. It
// decodes the app's code once (without building the engine's class
// records); it runs only when a source reaches a public or protected field.
func (e *engine) buildReaders() {
	e.readersOK = true
	type ref struct{ class, key string }
	refs := map[string][]ref{}
	for fi, f := range e.p.files {
		if f == nil {
			continue
		}
		names := map[uint32]string{}
		for ci := 0; ci < f.NumClasses(); ci++ {
			desc, err := f.ClassDescriptor(ci)
			if err != nil {
				continue
			}
			if l, ok := e.p.loc[desc]; !ok || int(l.file) != fi || int(l.def) != ci {
				continue
			}
			if e.p.opaque != nil && e.p.opaque(desc) {
				continue
			}
			c, err := f.Class(ci)
			if err != nil {
				continue
			}
			for _, ms := range [2][]dex.Method{c.DirectMethods, c.VirtualMethods} {
				for _, m := range ms {
					if m.CodeOff == 0 {
						continue
					}
					code, err := f.Code(m.CodeOff)
					if err != nil {
						continue
					}
					d := code.Decoder()
					var in dex.Insn
					var key string
					for d.Next(&in) {
						op := in.Op
						if !(op >= 0x52 && op <= 0x58) && !(op >= 0x60 && op <= 0x66) {
							continue
						}
						name, ok := names[in.Index]
						if !ok {
							r, err := f.Field(in.Index)
							if err != nil {
								continue
							}
							name = r.String()
							names[in.Index] = name
						}
						if key == "" {
							params, _ := splitProto(m.Ref.Proto)
							key = m.Ref.Name + "(" + params + ")"
						}
						if rs := refs[name]; len(rs) == 0 || rs[len(rs)-1] != (ref{desc, key}) {
							refs[name] = append(rs, ref{desc, key})
						}
					}
				}
			}
			if err := e.ctx.Err(); err != nil {
				e.stop("time budget exhausted while indexing field reads (" + err.Error() + ")")
				return
			}
		}
	}
	e.readers = map[string][]*methodInfo{}
	e.readerRefs = func(name string) []*methodInfo {
		if ms, ok := e.readers[name]; ok {
			return ms
		}
		var ms []*methodInfo
		for _, r := range refs[name] {
			if m := e.p.method(r.class, r.key); m != nil {
				ms = append(ms, m)
			}
		}
		e.readers[name] = ms
		return ms
	}
}

// occurrence returns the id of a source occurrence.
func (e *engine) occurrence(o occurrence) int {
	k := [3]int32{o.m.id, o.pc, int32(o.arg)}
	if o.cb != nil {
		k[1] = -1
	}
	if id, ok := e.occByKey[k]; ok {
		return id
	}
	id := len(e.occs)
	e.occs = append(e.occs, o)
	e.occByKey[k] = id
	return id
}

func (e *engine) emit(f rawFlow) {
	k := flowKey{occ: f.occ, site: f.m.id, pc: f.pc, arg: f.arg.Index, sink: f.sink}
	if e.seen[k] {
		return
	}
	if len(e.flows) >= e.b.MaxFlows {
		e.stop(fmt.Sprintf("budget of %d flows reached", e.b.MaxFlows))
		return
	}
	e.seen[k] = true
	e.flows = append(e.flows, f)
}

func (e *engine) resolveFieldSinks() {
	for _, fs := range e.fsinks {
		for _, x := range e.fieldTaint[fs.field] {
			rf := fs.rf
			rf.occ = int(x.o.index())
			rf.tr = &trace{parent: x.tr, sub: fs.rf.tr}
			rf.heur = true
			fo := fieldOrigin(fs.field)
			so := x.o
			rf.v = rf.v.subst(func(o Origin) *val {
				if o == fo {
					return holeVal(so)
				}
				return nil
			})
			e.emit(rf)
		}
	}
}

func (e *engine) holeName(o Origin) string {
	switch o.kind() {
	case kindSource:
		if int(o.index()) < len(e.occs) {
			return e.occs[o.index()].kind
		}
	case kindField:
		if t := e.fieldTaint[o.index()]; len(t) > 0 {
			return e.holeName(t[len(t)-1].o) // the field holds source data
		}
		if int(o.index()) < len(e.fieldNames) {
			n := e.fieldNames[o.index()]
			if i := strings.Index(n, "->"); i >= 0 {
				n = n[i+2:]
			}
			if i := strings.IndexByte(n, ':'); i >= 0 {
				n = n[:i]
			}
			return "field " + n
		}
	}
	return "…"
}

func (e *engine) result() *Result {
	r := &Result{Partial: e.partial, Reason: e.reason, Problems: e.problems}
	for _, f := range e.flows {
		oc := e.occs[f.occ]
		fl := Flow{Kind: oc.kind, Source: oc.api, Callback: oc.cb != nil, Sink: f.sink, Arg: f.arg, Key: f.key,
			Path: expand(f.tr, e.b.MaxPath), Heuristic: f.heur}
		if oc.src != nil {
			fl.SourceTag = oc.src.Tag
		} else if oc.cb != nil {
			fl.SourceTag = oc.cb.Tag
		}
		fl.SinkMethod = calledMethod(f.m, f.pc)
		if f.v != nil {
			fl.Value = f.v.render(e.holeName)
			fl.Prefix = f.v.prefix()
		}
		r.Flows = append(r.Flows, fl)
	}
	r.Flows = dropStoreHops(r.Flows) // stores.go
	e.stats.Flows = len(r.Flows)
	r.Stats = e.stats
	return r
}

// calledMethod returns the method invoked at pc of m.
func calledMethod(m *methodInfo, pc uint32) string {
	if m.code == nil || int(pc)*2 >= len(m.code.InsnsRaw) {
		return ""
	}
	d := dex.NewDecoder(m.code.InsnsRaw[2*int(pc):], dex.OpcodesDEX)
	var in dex.Insn
	if !d.Next(&in) || in.Op.Ref() != dex.RefMethod {
		return ""
	}
	r, err := m.cls.file.InsnMethod(&in)
	if err != nil {
		return ""
	}
	return r.String()
}

// dead reports whether m is a private method no code calls (it cannot run:
// not an entry point, not callable from layouts or other classes).
func (e *engine) dead(m *methodInfo) bool {
	if m.access&dex.AccPrivate == 0 || m.ref.Name == "<init>" || m.ref.Name == "<clinit>" {
		return false
	}
	return len(e.p.idx.CallersOf(m.ref)) == 0
}

// recoverPanics turns a panic into a partial result; tests disable it so
// that any panic is found and fixed instead of hidden.
var recoverPanics = true
