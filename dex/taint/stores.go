package taint

import (
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Keyed stores: framework containers that outlive the method writing them
// and are read back elsewhere under the same constant key. Each (store,
// key) pair is a pseudo-field of the field-based view, so the machinery of
// fields (global taint, field→field edges, readers scheduled on demand,
// parameter summaries) carries data across callbacks and components:
//
//   - SharedPreferences: Editor.put*(key, v) writes the entry "key";
//     SharedPreferences.get*(key, …) reads it (any preferences file: the
//     file name is not tracked).
//   - Explicit intents: putExtra(key, v) on an Intent whose target class T
//     is known in the method (new Intent(ctx, T.class), setClass,
//     setClassName, setComponent(new ComponentName(ctx, T.class))) writes
//     the extra "key" of T; Intent.get*Extra(key) in T (or a class nested
//     in T: getIntent(), onStartCommand, onReceive, onNewIntent) reads it.
//
// A key that is not a constant string is not tracked (the container's own
// taint, through the models, still applies).

const (
	prefsClass  = "Landroid/content/SharedPreferences;"
	editorClass = "Landroid/content/SharedPreferences$Editor;"
	intentClass = "Landroid/content/Intent;"
	compClass   = "Landroid/content/ComponentName;"
)

// storeRef says which store a pseudo-field belongs to: prefsClass, or the
// target class of an intent extra.
type storeRef struct {
	store  string // prefsClass or intentClass
	target string // intents: the component class
}

// storeField returns the pseudo-field of a store entry. Its name cannot be
// a real field's: member names cannot contain '"'.
func (e *engine) storeField(s storeRef, key string) uint32 {
	var name string
	if s.store == intentClass {
		name = s.target + "->" + strconv.Quote("extra:"+key) + ":Ljava/lang/Object;"
	} else {
		name = s.store + "->" + strconv.Quote(key) + ":Ljava/lang/Object;"
	}
	if id, ok := e.fieldIDs[name]; ok {
		return id
	}
	id := uint32(len(e.fieldNames))
	e.fieldIDs[name] = id
	e.fieldNames = append(e.fieldNames, name)
	if e.stores == nil {
		e.stores = map[uint32]storeRef{}
	}
	e.stores[id] = s
	return id
}

func hasSuper(sup []string, class string) bool {
	for _, s := range sup {
		if s == class {
			return true
		}
	}
	return false
}

// setTarget records the class a component object (Intent, ComponentName)
// in register r names, in r and every register aliasing it.
func (a *manalysis) setTarget(fr frame, r int, cls string) {
	if r < 0 || r >= a.resR || cls == "" {
		return
	}
	id := fr.r[r].obj
	fr.r[r].cls = cls
	if id == 0 {
		return
	}
	for i := 0; i < a.resR; i++ {
		if fr.r[i].obj == id {
			fr.r[i].cls = cls
		}
	}
}

// className turns "com.example.Foo" into "Lcom/example/Foo;".
func className(s string) string {
	if s == "" || strings.ContainsAny(s, "/;[") {
		return ""
	}
	return "L" + strings.ReplaceAll(s, ".", "/") + ";"
}

// keyedStore applies the keyed stores to a library call (before its model).
func (a *manalysis) keyedStore(fr frame, c *call, res *reg) {
	if c.static || len(c.vals) < 2 {
		return
	}
	sup := c.info.sup
	name := c.ref.Name
	pc := c.in.PC
	constArg := func(i int) (string, bool) {
		if i >= len(c.vals) || c.argType(i, c.info.ptypes) != "Ljava/lang/String;" {
			return "", false
		}
		return c.vals[i].v.constString()
	}
	read := func(s storeRef, key string) {
		fid := a.e.storeField(s, key)
		x := ents{{o: fieldOrigin(fid), tr: step(a.m, pc, stepFieldGet, nil)}}
		res.t, _ = res.t.union(x, a.e.b.MaxOrigins)
	}
	write := func(s storeRef, key string, from int) {
		if from >= len(c.vals) || len(c.vals[from].t) == 0 {
			return
		}
		a.fieldWrite(a.e.storeField(s, key), a.stepsKey(c.vals[from].t, pc, stepFieldPut, from, key, nil, false))
	}
	switch {
	case hasSuper(sup, editorClass):
		if strings.HasPrefix(name, "put") {
			if key, ok := constArg(1); ok {
				write(storeRef{store: prefsClass}, key, 2)
			}
		}
	case hasSuper(sup, prefsClass):
		if strings.HasPrefix(name, "get") && name != "getAll" {
			if key, ok := constArg(1); ok {
				read(storeRef{store: prefsClass}, key)
			}
			if len(c.vals) > 2 { // the default value
				res.t, _ = res.t.union(a.stepsKey(c.vals[2].t, pc, stepProp, 2, "", nil, false), a.e.b.MaxOrigins)
			}
		}
	case c.ref.Class == compClass:
		if name == "<init>" && len(c.vals) > 2 {
			switch c.params {
			case "Landroid/content/Context;Ljava/lang/Class;":
				a.setTarget(fr, c.args[0], c.vals[2].cls)
			case "Ljava/lang/String;Ljava/lang/String;", "Landroid/content/Context;Ljava/lang/String;":
				if s, ok := constArg(2); ok {
					a.setTarget(fr, c.args[0], className(s))
				}
			}
		}
	case c.ref.Class == intentClass:
		recv := c.vals[0].cls
		switch {
		case name == "<init>":
			switch c.params {
			case "Landroid/content/Context;Ljava/lang/Class;":
				a.setTarget(fr, c.args[0], c.vals[2].cls)
			case "Ljava/lang/String;Landroid/net/Uri;Landroid/content/Context;Ljava/lang/Class;":
				if len(c.vals) > 4 {
					a.setTarget(fr, c.args[0], c.vals[4].cls)
				}
			case "Landroid/content/Intent;":
				a.setTarget(fr, c.args[0], c.vals[1].cls)
			}
		case name == "setClass" && len(c.vals) > 2:
			recv = c.vals[2].cls
			a.setTarget(fr, c.args[0], recv)
		case name == "setClassName" && len(c.vals) > 2:
			if s, ok := constArg(2); ok {
				recv = className(s)
				a.setTarget(fr, c.args[0], recv)
			}
		case name == "setComponent":
			recv = c.vals[1].cls
			a.setTarget(fr, c.args[0], recv)
		case strings.HasPrefix(name, "put") && strings.HasSuffix(name, "Extra") && recv != "":
			if key, ok := constArg(1); ok {
				write(storeRef{store: intentClass, target: recv}, key, 2)
			}
		case strings.HasPrefix(name, "get") && strings.HasSuffix(name, "Extra"):
			if key, ok := constArg(1); ok {
				// the intent a component receives: read in the component
				// or a class nested in it
				for cls := a.m.cls.desc; cls != ""; cls = outerClass(cls) {
					if a.e.p.isApp(cls) {
						read(storeRef{store: intentClass, target: cls}, key)
					}
				}
			}
		}
		if c.ret == intentClass {
			res.cls = recv // fluent setters return the intent
		}
	}
}

// outerClass returns the class enclosing a nested class by its name
// ("La/B$C;" → "La/B;"), "" for a top-level class.
func outerClass(cls string) string {
	i := strings.LastIndexByte(cls, '$')
	if i <= 1 || !strings.HasSuffix(cls, ";") {
		return ""
	}
	return cls[:i] + ";"
}

// storeReaders returns the app methods that may read a store entry: the
// callers of SharedPreferences.get*, or of Intent.get*Extra in the target
// class and the classes nested in it. Computed once per store.
func (e *engine) storeReaders(s storeRef) []*methodInfo {
	if e.storeRead == nil {
		e.storeRead = map[storeRef][]*methodInfo{}
	}
	if ms, ok := e.storeRead[s]; ok {
		return ms
	}
	if e.storeCalls == nil {
		e.storeCalls = map[string][]dex.CallSite{}
	}
	calls, ok := e.storeCalls[s.store]
	if !ok { // the getters' call sites, gathered once per store class
		e.p.idx.CallersOfPrefix(s.store, func(cs dex.CallSite) bool {
			n := cs.Callee.Name
			if cs.Callee.Class == s.store && strings.HasPrefix(n, "get") && (s.store != intentClass || strings.HasSuffix(n, "Extra")) {
				calls = append(calls, cs)
			}
			return true
		})
		e.storeCalls[s.store] = calls
	}
	var prefix string
	if s.target != "" {
		prefix = strings.TrimSuffix(s.target, ";")
	}
	seen := map[*methodInfo]bool{}
	var out []*methodInfo
	for _, cs := range calls {
		if prefix != "" && cs.Caller.Class != s.target && !strings.HasPrefix(cs.Caller.Class, prefix+"$") {
			continue
		}
		cp, _ := splitProto(cs.Caller.Proto)
		if m := e.p.method(cs.Caller.Class, cs.Caller.Name+"("+cp+")"); m != nil && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].smali < out[j].smali })
	e.storeRead[s] = out
	return out
}

// dropStoreHops removes the flows whose sink only hands the data to a
// keyed store the engine follows further: a flow to Editor.putString (a
// sink of some profiles) or to startActivity(intent) whose data another
// flow from the same source carries through that store write to a sink in
// the reading component is reported once, at its end. A flow ends at a
// store-hop sink only when nothing reads the entry on.
func dropStoreHops(flows []Flow) []Flow {
	type site struct {
		method string
		pc     int
	}
	type hop struct {
		src  site // the source statement
		at   site // the store write
		sink site
	}
	var hops []hop
	for _, f := range flows {
		if len(f.Path) < 2 {
			continue
		}
		src, sink := f.Path[0], f.Path[len(f.Path)-1]
		for _, s := range f.Path[:len(f.Path)-1] {
			if s.Kind == "field-write" && strings.HasPrefix(s.Insn, "invoke") {
				hops = append(hops, hop{site{src.Method, src.PC}, site{s.Method, s.PC}, site{sink.Method, sink.PC}})
			}
		}
	}
	if len(hops) == 0 {
		return flows
	}
	out := flows[:0:0]
	for _, f := range flows {
		drop := false
		if len(f.Path) >= 2 {
			src, sink := f.Path[0], f.Path[len(f.Path)-1]
			for _, h := range hops {
				if h.src != (site{src.Method, src.PC}) || h.at.method != sink.Method || h.sink == (site{sink.Method, sink.PC}) {
					continue
				}
				for _, s := range f.Path {
					if s.Method == h.at.method && s.PC == h.at.pc {
						drop = true
						break
					}
				}
				if drop {
					break
				}
			}
		}
		if !drop {
			out = append(out, f)
		}
	}
	return out
}
