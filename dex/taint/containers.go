package taint

import (
	"slices"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Containers not yet delivered (stores.go): an Intent whose target is not
// known when an extra is put, or a Bundle, keeps its keyed contents per
// object (alias class) of the method being analysed. The contents go to a
// store where the object is handed over (deliver) — the extras of the
// component an intent is started with, the result of setResult, the data
// of a Message, the extras of an explicit intent a Bundle is put into —
// or into another pending container (putExtras, putExtra(key, Bundle),
// putAll). What a method does not deliver itself (the container is
// returned or stored) is not followed key by key; the container's own
// taint still is.

// pendKey names a container object in a method.
type pendKey struct {
	m   *methodInfo
	obj int32
}

// maxPendKeys bounds the keys kept per container object, maxKeyLen the
// length of a (nested) key.
const (
	maxPendKeys = 64
	maxKeyLen   = 256
)

// pendPut records the data t put under key into the container obj.
func (a *manalysis) pendPut(obj int32, key string, t ents) {
	if obj == 0 || key == "" || len(key) > maxKeyLen || len(t) == 0 {
		return
	}
	e := a.e
	if e.pend == nil {
		e.pend = map[pendKey]map[string]ents{}
	}
	k := pendKey{a.m, obj}
	m := e.pend[k]
	if m == nil {
		m = map[string]ents{}
		e.pend[k] = m
	}
	if _, ok := m[key]; !ok && len(m) >= maxPendKeys {
		return
	}
	m[key], _ = m[key].union(t, e.b.MaxOrigins)
}

// pendOf returns the pending contents of obj, keys sorted.
func (a *manalysis) pendOf(obj int32) (map[string]ents, []string) {
	if obj == 0 || a.e.pend == nil {
		return nil, nil
	}
	m := a.e.pend[pendKey{a.m, obj}]
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return m, keys
}

// mergePend copies the pending contents of container from into container
// to, under prefix (nested containers: "name.key").
func (a *manalysis) mergePend(from, to int32, prefix string, pc uint32, arg int) {
	if from == to {
		return
	}
	m, keys := a.pendOf(from)
	for _, k := range keys {
		a.pendPut(to, prefix+k, a.stepsKey(m[k], pc, stepProp, arg, prefix+k, nil, false))
	}
}

// deliver writes the pending contents of container obj to store s, under
// prefix.
func (a *manalysis) deliver(obj int32, s storeRef, prefix string, pc uint32, arg int) {
	m, keys := a.pendOf(obj)
	for _, k := range keys {
		a.storeWrite(s, prefix+k, m[k], pc, arg)
	}
}

// A view is a Bundle known to be the contents of a store (getExtras() of
// the intent a component or onActivityResult receives, getData() of a
// message, getBundle of such a view): get*(key) on it reads the store. It
// is recorded in the register's cls, which holds class descriptors
// otherwise (a view starts with a NUL byte). The target "." stands for the
// class being analysed and the classes enclosing it, plus the implicit
// intents.

func viewOf(s storeRef, prefix string) string {
	return "\x00" + s.store + "\x00" + s.target + "\x00" + prefix
}

func isView(cls string) bool { return strings.HasPrefix(cls, "\x00") }

func parseView(cls string) (storeRef, string, bool) {
	if !isView(cls) {
		return storeRef{}, "", false
	}
	parts := strings.SplitN(cls[1:], "\x00", 3)
	if len(parts) != 3 {
		return storeRef{}, "", false
	}
	return storeRef{store: parts[0], target: parts[1]}, parts[2], true
}

// Message fields: Message.obtain(Handler, what, …) and
// Handler.obtainMessage(what, …) store their arguments in the public
// fields what, arg1, arg2 and obj of the new message (field-based, as an
// iput would).
func (a *manalysis) messageObtain(c *call) {
	if c.ref.Class != messageClass || c.ref.Name != "obtain" || len(c.vals) < 2 || c.argType(0, c.info.ptypes) != handlerClass {
		return
	}
	a.messageFields(c, 1)
}

// messageFields maps the arguments from index first on (what, then
// arg1, arg2 when ints, obj when an Object) to the Message fields.
func (a *manalysis) messageFields(c *call, first int) {
	if first >= len(c.vals) || c.argType(first, c.info.ptypes) != "I" {
		return
	}
	names := []string{"what"}
	types := []string{"I"}
	rest := c.info.ptypes
	if !c.static {
		rest = append([]string{c.ref.Class}, rest...)
	}
	rest = rest[first+1:]
	switch {
	case len(rest) >= 2 && rest[0] == "I" && rest[1] == "I":
		names, types = append(names, "arg1", "arg2"), append(types, "I", "I")
		if len(rest) == 3 && rest[2] == "Ljava/lang/Object;" {
			names, types = append(names, "obj"), append(types, "Ljava/lang/Object;")
		}
	case len(rest) == 1 && rest[0] == "Ljava/lang/Object;":
		names, types = append(names, "obj"), append(types, "Ljava/lang/Object;")
	}
	for j, n := range names {
		i := first + j
		if i >= len(c.vals) || len(c.vals[i].t) == 0 {
			continue
		}
		fid := a.e.fieldID(dex.FieldRef{Class: messageClass, Name: n, Type: types[j]})
		a.fieldWrite(fid, a.stepsKey(c.vals[i].t, c.in.PC, stepFieldPut, i, n, nil, false))
	}
}

// uncovered returns the taint of container x that its pending keyed
// contents do not account for: a Bundle nested under a key is read back
// key by key, and only data put into it otherwise (a Bundle received as a
// parameter, putAll of an unknown one) stays with the nested Bundle as a
// whole.
func (a *manalysis) uncovered(x reg) ents {
	m, _ := a.pendOf(x.obj)
	if len(m) == 0 {
		return x.t
	}
	var out ents
	for _, t := range x.t {
		covered := false
		for _, pt := range m {
			if pt.has(t.o) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, t)
		}
	}
	return out
}
