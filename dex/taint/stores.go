package taint

import (
	"slices"
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
//     in T: getIntent(), onStartCommand, onReceive, onNewIntent) reads it,
//     and so does getExtras().get*(key).
//   - Intents whose target is not known when the extra is put, and Bundles
//     (containers.go): their keyed contents are kept per object in the
//     method and delivered where the object is handed to the framework —
//     startActivity/startService/bindService/sendBroadcast (the extras of
//     the target known by then; for an implicit intent with a constant
//     action, new Intent(action) or setAction, of the components whose
//     manifest intent filters declare it, Config.ImplicitTargets; an
//     action that is not constant is not followed), Activity.setResult
//     (the Intent parameter of onActivityResult), Message.setData
//     (Message.getData in the app's handlers), Intent.putExtras(Bundle)
//     and putExtra(key, Bundle) (nested: getBundleExtra(key).get*(k) reads
//     "key.k"). A target named by X.class.getName() or obj.getClass() (of
//     an object of known type) counts as known.
//   - Saved instance state: Bundle.put*(key, v) on the Bundle parameter of
//     onSaveInstanceState in class C writes the entry "key" of C; get*(key)
//     on the Bundle parameter of C's onCreate, onRestoreInstanceState,
//     onPostCreate, onViewStateRestored, onActivityCreated, onCreateView,
//     onViewCreated or onCreateDialog reads it.
//   - DataStore (androidx.datastore.preferences): MutablePreferences.set(key,
//     v) writes the entry the Preferences.Key names — its constant name
//     when PreferencesKeys.stringKey("k") (Kotlin's stringPreferencesKey)
//     is called in the method, else the one field the key was read from
//     (keys kept in a Kotlin object's fields) — and Preferences.get(key)
//     reads it, as SharedPreferences (what the app does with the Flow of
//     preferences beyond the lambda reading them is not followed).
//   - Message fields: Message.obtain and Handler.obtainMessage store their
//     what/arg1/arg2/obj arguments in the Message fields, which are
//     field-based like an iput (a handler's iget of msg.arg1 reads them).
//
// A key that is not a constant string is not tracked for writes; a read
// with a key that is not constant (a loop over keySet()) reads the entry
// "*", which every write of an intent, result, saved-state or message
// store also feeds. The container's own taint, through the models, still
// applies.

const (
	prefsClass    = "Landroid/content/SharedPreferences;"
	editorClass   = "Landroid/content/SharedPreferences$Editor;"
	intentClass   = "Landroid/content/Intent;"
	compClass     = "Landroid/content/ComponentName;"
	bundleClass   = "Landroid/os/Bundle;"
	baseBundle    = "Landroid/os/BaseBundle;"
	messageClass  = "Landroid/os/Message;"
	persistBundle = "Landroid/os/PersistableBundle;"
	handlerClass  = "Landroid/os/Handler;"
	activityCls   = "Landroid/app/Activity;"

	dsPrefs   = "Landroidx/datastore/preferences/core/Preferences;"
	dsMutable = "Landroidx/datastore/preferences/core/MutablePreferences;"
	dsKeys    = "Landroidx/datastore/preferences/core/PreferencesKeys;"

	resultStore = "result"  // Activity.setResult → onActivityResult
	savedStore  = "saved"   // onSaveInstanceState → onCreate/onRestoreInstanceState
	msgStore    = "message" // Message.setData → Message.getData
	anyKey      = "*"
)

// storeRef says which store a pseudo-field belongs to: prefsClass,
// intentClass (the extras of a target component), resultStore,
// savedStore (of a class), msgStore or dsPrefs (DataStore).
type storeRef struct {
	store  string
	target string // intents: the component class; saved state: the class
}

// storeField returns the pseudo-field of a store entry. Its name cannot be
// a real field's: member names cannot contain '"'.
func (e *engine) storeField(s storeRef, key string) uint32 {
	var name string
	switch s.store {
	case intentClass:
		name = s.target + "->" + strconv.Quote("extra:"+key) + ":Ljava/lang/Object;"
	case resultStore:
		name = activityCls + "->" + strconv.Quote("result:"+key) + ":Ljava/lang/Object;"
	case savedStore:
		name = s.target + "->" + strconv.Quote("saved:"+key) + ":Ljava/lang/Object;"
	case msgStore:
		name = messageClass + "->" + strconv.Quote("data:"+key) + ":Ljava/lang/Object;"
	default:
		name = s.store + "->" + strconv.Quote(key) + ":Ljava/lang/Object;"
	}
	id, isNew := e.internField(name)
	if !isNew {
		return id
	}
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
	if r < 0 || r >= a.resR || cls == "" || isView(cls) {
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

// storeRead adds the entry key of store s to res (the entry "*" when the
// key is not a constant).
func (a *manalysis) storeRead(s storeRef, key string, pc uint32, res *reg) {
	fid := a.e.storeField(s, key)
	x := ents{{o: fieldOrigin(fid), tr: &trace{m: a.m, pc: int32(pc), kind: stepFieldGet, key: key}}}
	res.t, _ = res.t.union(x, a.e.b.MaxOrigins)
}

// storeWrite writes t to the entry key of store s (and to its entry "*").
func (a *manalysis) storeWrite(s storeRef, key string, t ents, pc uint32, arg int) {
	if len(t) == 0 || key == "" {
		return
	}
	a.fieldWrite(a.e.storeField(s, key), a.stepsKey(t, pc, stepFieldPut, arg, key, nil, false))
	if s.store != prefsClass && s.store != dsPrefs && key != anyKey {
		a.fieldWrite(a.e.storeField(s, anyKey), a.stepsKey(t, pc, stepFieldPut, arg, key, nil, false))
	}
}

// keyedStore applies the keyed stores to a library call (before its model).
func (a *manalysis) keyedStore(fr frame, c *call, res *reg) {
	if c.static {
		a.messageObtain(c)
		if c.ref.Class == dsKeys && strings.HasSuffix(c.ref.Name, "Key") && c.params == "Ljava/lang/String;" && len(c.vals) == 1 {
			// stringKey("k") (Kotlin's stringPreferencesKey): the key names its entry
			if k, ok := c.vals[0].v.constString(); ok {
				res.v = litVal(k)
			}
		}
		return
	}
	if len(c.vals) < 1 {
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
	switch {
	case hasSuper(sup, editorClass):
		if strings.HasPrefix(name, "put") {
			if key, ok := constArg(1); ok && len(c.vals) > 2 {
				a.storeWrite(storeRef{store: prefsClass}, key, c.vals[2].t, pc, 2)
			}
		}
	case hasSuper(sup, prefsClass):
		if strings.HasPrefix(name, "get") && name != "getAll" {
			if key, ok := constArg(1); ok {
				a.storeRead(storeRef{store: prefsClass}, key, pc, res)
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
		a.intentCall(fr, c, res, constArg)
	case c.ref.Class == bundleClass || c.ref.Class == baseBundle || c.ref.Class == persistBundle || hasSuper(sup, baseBundle):
		a.bundleCall(c, res, constArg)
	case c.ref.Class == messageClass:
		switch name {
		case "setData":
			if len(c.vals) > 1 {
				a.deliver(c.vals[1].obj, storeRef{store: msgStore}, "", pc, 1)
			}
		case "getData", "peekData":
			res.cls = viewOf(storeRef{store: msgStore}, "")
		}
	case c.ref.Class == dsMutable || c.ref.Class == dsPrefs:
		switch {
		case name == "set" && len(c.vals) == 3:
			if key, ok := a.dataStoreKey(c.vals[1]); ok {
				a.storeWrite(storeRef{store: dsPrefs}, key, c.vals[2].t, pc, 2)
			}
		case name == "get" && len(c.vals) == 2:
			if key, ok := a.dataStoreKey(c.vals[1]); ok {
				a.storeRead(storeRef{store: dsPrefs}, key, pc, res)
			}
		}
	case c.ref.Class == "Ljava/lang/Class;" && name == "getName" && c.params == "":
		// a class constant's name (ComponentName(pkg, X.class.getName()))
		if d := c.vals[0].cls; strings.HasPrefix(d, "L") && strings.HasSuffix(d, ";") {
			res.v = litVal(strings.ReplaceAll(d[1:len(d)-1], "/", "."))
		}
	case name == "getClass" && c.params == "" && c.vals[0].typ != "":
		res.cls = c.vals[0].typ // the exact type's class object
	case hasSuper(sup, handlerClass) && name == "obtainMessage":
		a.messageFields(c, 1)
	default:
		a.delivery(fr, c, sup)
	}
}

// dataStoreKey names the entry a DataStore Preferences.Key stands for:
// its constant name (stringKey("k") in the method), else the one field it
// was read from (a key kept in a static field, as Kotlin objects do).
func (a *manalysis) dataStoreKey(x reg) (string, bool) {
	if k, ok := x.v.constString(); ok {
		return k, true
	}
	field := ""
	for _, t := range x.t {
		if t.o.kind() != kindField || int(t.o.index()) >= len(a.e.fieldNames) {
			return "", false
		}
		n := a.e.fieldNames[t.o.index()]
		if field != "" && field != n {
			return "", false
		}
		field = n
	}
	if field == "" || strings.Contains(field, "\"") {
		return "", false
	}
	return "field " + field, true
}

// intentCall: component targets, extras put and read.
func (a *manalysis) intentCall(fr frame, c *call, res *reg, constArg func(int) (string, bool)) {
	name := c.ref.Name
	pc := c.in.PC
	recv := c.vals[0].cls
	if isView(recv) || isAction(recv) {
		recv = ""
	}
	switch {
	case name == "setAction" || name == "<init>" && (c.params == "Ljava/lang/String;" || c.params == "Ljava/lang/String;Landroid/net/Uri;"):
		// an implicit intent: its action, when constant, picks the components
		if act, ok := constArg(1); ok && recv == "" && c.args[0] >= 0 {
			a.setTarget(fr, c.args[0], actionOf(act))
		}
	case name == "<init>" && len(c.vals) > 1:
		switch c.params {
		case "Landroid/content/Context;Ljava/lang/Class;":
			if len(c.vals) > 2 {
				a.setTarget(fr, c.args[0], c.vals[2].cls)
			}
		case "Ljava/lang/String;Landroid/net/Uri;Landroid/content/Context;Ljava/lang/Class;":
			if len(c.vals) > 4 {
				a.setTarget(fr, c.args[0], c.vals[4].cls)
			}
		case "Landroid/content/Intent;":
			a.setTarget(fr, c.args[0], c.vals[1].cls)
			a.mergePend(c.vals[1].obj, c.vals[0].obj, "", pc, 1)
		}
	case name == "setClass" && len(c.vals) > 2:
		recv = c.vals[2].cls
		a.setTarget(fr, c.args[0], recv)
	case name == "setClassName" && len(c.vals) > 2:
		if s, ok := constArg(2); ok {
			recv = className(s)
			a.setTarget(fr, c.args[0], recv)
		}
	case name == "setComponent" && len(c.vals) > 1:
		recv = c.vals[1].cls
		a.setTarget(fr, c.args[0], recv)
	case name == "putExtras" && len(c.vals) > 1:
		// putExtras(Bundle) and putExtras(Intent): the other container's keys
		if recv != "" && !isView(recv) {
			a.deliver(c.vals[1].obj, storeRef{store: intentClass, target: recv}, "", pc, 1)
		} else {
			a.mergePend(c.vals[1].obj, c.vals[0].obj, "", pc, 1)
		}
	case strings.HasPrefix(name, "put") && strings.HasSuffix(name, "Extra") && len(c.vals) > 2:
		key, ok := constArg(1)
		if !ok {
			break
		}
		nested := c.argType(2, c.info.ptypes) == bundleClass
		t := c.vals[2].t
		if nested {
			t = a.uncovered(c.vals[2])
		}
		if recv != "" {
			s := storeRef{store: intentClass, target: recv}
			a.storeWrite(s, key, t, pc, 2)
			if nested {
				a.deliver(c.vals[2].obj, s, key+".", pc, 2)
			}
		} else {
			a.pendPut(c.vals[0].obj, key, a.stepsKey(t, pc, stepProp, 2, key, nil, false))
			if nested {
				a.mergePend(c.vals[2].obj, c.vals[0].obj, key+".", pc, 2)
			}
		}
	case strings.HasPrefix(name, "get") && (strings.HasSuffix(name, "Extra") || name == "getExtras"):
		key, ok := constArg(1)
		if name == "getExtras" {
			key, ok = "", true
		} else if !ok {
			key = anyKey
		}
		var stores []storeRef
		if a.isParamOf(c.vals[0].obj, "onActivityResult", "IILandroid/content/Intent;", 3) {
			stores = []storeRef{{store: resultStore}}
		} else {
			// the intent a component receives: read in the component or a
			// class nested in it
			for cls := a.m.cls.desc; cls != ""; cls = outerClass(cls) {
				if a.e.p.isApp(cls) {
					stores = append(stores, storeRef{store: intentClass, target: cls})
				}
			}
		}
		if len(stores) == 0 {
			break
		}
		switch {
		case name == "getExtras":
			res.cls = viewOf(stores[0], "")
			if len(stores) > 1 {
				res.cls = viewOf(storeRef{store: intentClass, target: "."}, "")
			}
		case name == "getBundleExtra" && ok && key != anyKey:
			res.cls = viewOf(stores[0], key+".")
			if len(stores) > 1 {
				res.cls = viewOf(storeRef{store: intentClass, target: "."}, key+".")
			}
			fallthrough
		default:
			for _, s := range stores {
				a.storeRead(s, key, pc, res)
			}
		}
	}
	if c.ret == intentClass && c.args[0] >= 0 {
		res.cls = fr.r[c.args[0]].cls // fluent setters return the intent
		if isView(res.cls) {
			res.cls = ""
		}
	}
}

// restoreCallbacks are the methods that get back the Bundle saved by
// onSaveInstanceState, with the index of that parameter.
var restoreCallbacks = []struct {
	name, params string
	arg          int
}{
	{"onCreate", "Landroid/os/Bundle;", 1},
	{"onCreate", "Landroid/os/Bundle;Landroid/os/PersistableBundle;", 1},
	{"onRestoreInstanceState", "Landroid/os/Bundle;", 1},
	{"onRestoreInstanceState", "Landroid/os/Bundle;Landroid/os/PersistableBundle;", 1},
	{"onPostCreate", "Landroid/os/Bundle;", 1},
	{"onViewStateRestored", "Landroid/os/Bundle;", 1},
	{"onActivityCreated", "Landroid/os/Bundle;", 1},
	{"onCreateView", "Landroid/view/LayoutInflater;Landroid/view/ViewGroup;Landroid/os/Bundle;", 3},
	{"onViewCreated", "Landroid/view/View;Landroid/os/Bundle;", 2},
	{"onCreateDialog", "Landroid/os/Bundle;", 1},
}

// bundleCall: puts into and gets from a Bundle, keyed.
func (a *manalysis) bundleCall(c *call, res *reg, constArg func(int) (string, bool)) {
	name := c.ref.Name
	pc := c.in.PC
	recv := c.vals[0]
	// the store the receiver is a view of, if any
	var view *storeRef
	prefix := ""
	if s, p, ok := parseView(recv.cls); ok {
		view, prefix = &s, p
	} else if a.isParamOf(recv.obj, "onSaveInstanceState", "Landroid/os/Bundle;", 1) ||
		a.isParamOf(recv.obj, "onSaveInstanceState", "Landroid/os/Bundle;Landroid/os/PersistableBundle;", 1) {
		view = &storeRef{store: savedStore, target: a.m.cls.desc}
	} else {
		for _, rc := range restoreCallbacks {
			if a.isParamOf(recv.obj, rc.name, rc.params, rc.arg) {
				view = &storeRef{store: savedStore, target: a.m.cls.desc}
				break
			}
		}
	}
	switch {
	case name == "putAll" && len(c.vals) > 1:
		if view != nil && view.target != "." {
			a.deliver(c.vals[1].obj, *view, prefix, pc, 1)
		} else {
			a.mergePend(c.vals[1].obj, recv.obj, "", pc, 1)
		}
	case strings.HasPrefix(name, "put") && len(c.vals) > 2:
		key, ok := constArg(1)
		if !ok {
			break
		}
		nested := c.argType(2, c.info.ptypes) == bundleClass || c.argType(2, c.info.ptypes) == persistBundle
		t := c.vals[2].t
		if nested {
			t = a.uncovered(c.vals[2])
		}
		if view != nil && view.target != "." {
			a.storeWrite(*view, prefix+key, t, pc, 2)
			if nested {
				a.deliver(c.vals[2].obj, *view, prefix+key+".", pc, 2)
			}
		} else {
			a.pendPut(recv.obj, key, a.stepsKey(t, pc, stepProp, 2, key, nil, false))
			if nested {
				a.mergePend(c.vals[2].obj, recv.obj, key+".", pc, 2)
			}
		}
	case strings.HasPrefix(name, "get") && len(c.vals) > 1 && view != nil:
		key, ok := constArg(1)
		if !ok {
			key = anyKey
		} else {
			key = prefix + key
		}
		if name == "getBundle" && ok {
			res.cls = viewOf(*view, key+".")
		}
		if view.target == "." { // the extras of the component
			for cls := a.m.cls.desc; cls != ""; cls = outerClass(cls) {
				if a.e.p.isApp(cls) {
					a.storeRead(storeRef{store: intentClass, target: cls}, key, pc, res)
				}
			}
			return
		}
		a.storeRead(*view, key, pc, res)
	}
}

// isParamOf reports whether obj is parameter arg of the method being
// analysed and that method is name(params) (an instance method).
func (a *manalysis) isParamOf(obj int32, name, params string, arg int) bool {
	m := a.m
	if obj != int32(-(arg+1)) || m.static || m.ref.Name != name {
		return false
	}
	p, _ := splitProto(m.ref.Proto)
	return p == params
}

// delivery: an Intent handed to the framework (started, bound,
// broadcast, returned as a result) takes its pending extras to the
// components that read them.
func (a *manalysis) delivery(fr frame, c *call, sup []string) {
	name := c.ref.Name
	var s storeRef
	kind := "" // of the components an implicit intent goes to
	switch {
	case name == "setResult" && c.params == "ILandroid/content/Intent;" && hasSuper(sup, activityCls):
		s = storeRef{store: resultStore}
	case strings.HasPrefix(name, "start") && (strings.HasPrefix(name, "startActivit") || name == "startService" || name == "startForegroundService"),
		strings.HasPrefix(name, "bindService"), strings.HasPrefix(name, "send") && strings.Contains(name, "Broadcast"):
		if !hasSuper(sup, "Landroid/content/Context;") && !hasSuper(sup, "Landroid/app/Fragment;") &&
			!hasSuper(sup, "Landroidx/fragment/app/Fragment;") && !hasSuper(sup, "Landroid/support/v4/app/Fragment;") &&
			!strings.HasSuffix(c.ref.Class, "/LocalBroadcastManager;") {
			return
		}
		s = storeRef{store: intentClass}
		switch {
		case strings.HasPrefix(name, "startActivit"):
			kind = "activity"
		case strings.HasPrefix(name, "send"):
			kind = "receiver"
		default:
			kind = "service"
		}
	default:
		return
	}
	for i := 1; i < len(c.vals); i++ {
		if c.argType(i, c.info.ptypes) != intentClass {
			continue
		}
		if s.store != intentClass {
			a.deliver(c.vals[i].obj, s, "", c.in.PC, i)
			return
		}
		switch t := c.vals[i].cls; {
		case isAction(t):
			// an implicit intent with a constant action: the components
			// declaring it (Config.ImplicitTargets); with an unknown action
			// it is not followed (its sink keeps the flow)
			if a.e.cfg.ImplicitTargets == nil {
				return
			}
			for _, tc := range a.e.implicitTargets(kind, t[1:]) {
				a.deliver(c.vals[i].obj, storeRef{store: intentClass, target: tc}, "", c.in.PC, i)
			}
		case t != "" && !isView(t):
			a.deliver(c.vals[i].obj, storeRef{store: intentClass, target: t}, "", c.in.PC, i)
		}
		return
	}
}

// implicitTargets returns the app classes declaring an action, sorted,
// at most Budget.MaxTargets (memoised).
func (e *engine) implicitTargets(kind, action string) []string {
	key := kind + "\x00" + action
	if ts, ok := e.actions[key]; ok {
		return ts
	}
	var out []string
	for _, t := range e.cfg.ImplicitTargets(kind, action) {
		if e.p.isApp(t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	if len(out) > e.b.MaxTargets {
		out = out[:e.b.MaxTargets]
	}
	if e.actions == nil {
		e.actions = map[string][]string{}
	}
	e.actions[key] = out
	return out
}

// actionOf is the cls marker of an intent with a constant action and no
// target class (a class descriptor never starts with \x01).
func actionOf(action string) string { return "\x01" + action }

func isAction(cls string) bool { return strings.HasPrefix(cls, "\x01") }

// outerClass returns the class enclosing a nested class by its name
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
// callers of SharedPreferences.get*; of Intent.get*Extra/getExtras in the
// target class and the classes nested in it (every class for implicit
// intents, onActivityResult for results); of Bundle.get* in the restore
// callbacks of the class (saved state); of Message.getData (messages).
// Computed once per store.
func (e *engine) storeReaders(s storeRef) []*methodInfo {
	if e.storeRead == nil {
		e.storeRead = map[storeRef][]*methodInfo{}
	}
	if ms, ok := e.storeRead[s]; ok {
		return ms
	}
	var calls []dex.CallSite
	var keep func(cs dex.CallSite) bool
	switch s.store {
	case prefsClass:
		calls = e.getterCalls(prefsClass, func(c dex.MethodRef) bool { return c.Class == prefsClass })
	case intentClass, resultStore:
		calls = e.getterCalls(intentClass, func(c dex.MethodRef) bool {
			return c.Class == intentClass && (strings.HasSuffix(c.Name, "Extra") || c.Name == "getExtras")
		})
		if s.store == resultStore {
			keep = func(cs dex.CallSite) bool { return cs.Caller.Name == "onActivityResult" }
		} else if s.target != "" {
			prefix := strings.TrimSuffix(s.target, ";")
			keep = func(cs dex.CallSite) bool {
				return cs.Caller.Class == s.target || strings.HasPrefix(cs.Caller.Class, prefix+"$")
			}
		}
	case savedStore:
		calls = e.getterCalls("Landroid/os/", func(c dex.MethodRef) bool {
			return c.Class == bundleClass || c.Class == baseBundle || c.Class == persistBundle
		})
		keep = func(cs dex.CallSite) bool {
			if cs.Caller.Class != s.target {
				return false
			}
			for _, rc := range restoreCallbacks {
				if cs.Caller.Name == rc.name {
					return true
				}
			}
			return false
		}
	case dsPrefs:
		calls = e.getterCalls("Landroidx/datastore/preferences/core/", func(c dex.MethodRef) bool {
			return (c.Class == dsPrefs || c.Class == dsMutable) && c.Name == "get"
		})
	case msgStore:
		calls = e.getterCalls(messageClass, func(c dex.MethodRef) bool {
			return c.Class == messageClass && (c.Name == "getData" || c.Name == "peekData")
		})
	}
	seen := map[*methodInfo]bool{}
	var out []*methodInfo
	for _, cs := range calls {
		if keep != nil && !keep(cs) {
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

// getterCalls returns the call sites of the get* methods of the classes
// under prefix that match, gathered once per prefix.
func (e *engine) getterCalls(prefix string, match func(dex.MethodRef) bool) []dex.CallSite {
	if e.storeCalls == nil {
		e.storeCalls = map[string][]dex.CallSite{}
	}
	all, ok := e.storeCalls[prefix]
	if !ok {
		e.p.idx.CallersOfPrefix(prefix, func(cs dex.CallSite) bool {
			if strings.HasPrefix(cs.Callee.Name, "get") || cs.Callee.Name == "peekData" {
				all = append(all, cs)
			}
			return true
		})
		e.storeCalls[prefix] = all
	}
	var out []dex.CallSite
	for _, cs := range all {
		if match(cs.Callee) {
			out = append(out, cs)
		}
	}
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
