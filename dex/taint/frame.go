package taint

import "slices"

// ent is one origin of a tainted value with the path that brought it here.
type ent struct {
	o    Origin
	tr   *trace
	heur bool
}

// ents is a set of origins sorted by origin. Values are immutable: every
// change makes a new slice.
type ents []ent

func (a ents) has(o Origin) bool {
	for _, x := range a {
		if x.o == o {
			return true
		}
		if x.o > o {
			return false
		}
	}
	return false
}

// union merges b into a keeping a's paths for origins in both. At most
// max origins are kept: when full, new origins are dropped (sources are
// preferred among the new ones). changed reports whether a grew.
func (a ents) union(b ents, max int) (ents, bool) {
	if len(b) == 0 || len(a) >= max {
		return a, false
	}
	var add ents
	i := 0
	for _, x := range b {
		for i < len(a) && a[i].o < x.o {
			i++
		}
		if i < len(a) && a[i].o == x.o {
			continue
		}
		add = append(add, x)
	}
	if len(add) == 0 {
		return a, false
	}
	if room := max - len(a); len(add) > room {
		add = add[len(add)-room:] // the highest origins: sources first
	}
	if len(a) == 0 {
		return add, true
	}
	out := make(ents, 0, len(a)+len(add))
	i, j := 0, 0
	for i < len(a) || j < len(add) {
		if j >= len(add) || (i < len(a) && a[i].o < add[j].o) {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, add[j])
			j++
		}
	}
	return out, true
}

// best returns the origin to show for a value: a source if any.
func (a ents) best() Origin {
	if len(a) == 0 {
		return 0
	}
	return a[len(a)-1].o
}

// reg is the abstract value of a register.
type reg struct {
	t   ents
	v   *val   // reconstructed string value, nil when unknown
	obj int32  // alias class: registers with the same non-zero obj hold the same object
	typ string // exact runtime type when known (new-instance)
	cls string // the class a const-class names, or an Intent's or ComponentName's target (stores.go)
	// lo..hi is the range of an int value when rk (constants, Random.nextInt
	// bounds): it decides branches that can never be taken.
	lo, hi int64
	rk     bool
	// alen is an array's length + 1 when known (new-array with a constant
	// size: arrays.go), 0 when unknown; the array is then also non-null
	alen int32
}

func intReg(lo, hi int64) reg { return reg{lo: lo, hi: hi, rk: true} }

func (r *reg) value() *val {
	if r.v != nil {
		return r.v
	}
	if len(r.t) > 0 {
		return holeVal(r.t.best())
	}
	return unknownVal
}

// frame is the abstract state at one program point: the registers and
// the fields of the objects allocated in the method that did not escape
// yet (fresh objects), which get strong updates.
type frame = *fstate

type fstate struct {
	r  []reg
	lo *locals // nil: no fresh object
}

// locals maps a fresh object (its alias id) to its known contents: field
// ids ("f"+id) and constant map keys ("k"+key) → data. An absent entry is
// untainted (a field's default or constructor value). Copy on write.
type locals struct {
	objs map[int32]map[string]ents
}

func newFrame(n int) frame { return &fstate{r: make([]reg, n)} }

func (f frame) clone() frame {
	c := &fstate{r: make([]reg, len(f.r)), lo: f.lo}
	copy(c.r, f.r)
	return c
}

func (f frame) fresh(id int32) (map[string]ents, bool) {
	if f.lo == nil || id <= 0 {
		return nil, false
	}
	m, ok := f.lo.objs[id]
	return m, ok
}

// setLocal records key of fresh object id (strong update); it copies the
// shared maps first.
func (f frame) setLocal(id int32, key string, t ents) {
	objs := make(map[int32]map[string]ents, len(f.lo.objs))
	for k, v := range f.lo.objs {
		objs[k] = v
	}
	old := objs[id]
	m := make(map[string]ents, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	if len(t) == 0 {
		delete(m, key)
	} else {
		m[key] = t
	}
	objs[id] = m
	f.lo = &locals{objs: objs}
}

// markFresh makes id a fresh object with no known contents.
func (f frame) markFresh(id int32) {
	objs := map[int32]map[string]ents{}
	if f.lo != nil {
		for k, v := range f.lo.objs {
			objs[k] = v
		}
	}
	objs[id] = map[string]ents{}
	f.lo = &locals{objs: objs}
}

// dropFresh forgets a fresh object (it escaped).
func (f frame) dropFresh(id int32) {
	if _, ok := f.fresh(id); !ok {
		return
	}
	objs := make(map[int32]map[string]ents, len(f.lo.objs))
	for k, v := range f.lo.objs {
		if k != id {
			objs[k] = v
		}
	}
	f.lo = &locals{objs: objs}
	if len(objs) == 0 {
		f.lo = nil
	}
}

// join merges src into dst; it reports whether dst changed. escape is
// called for a fresh object known on one side only (it escaped on the
// other): its contents must be published.
func join(dst, src frame, max int, escape func(f frame, id int32)) bool {
	changed := false
	if dst.lo != src.lo && dst.lo != nil {
		for _, id := range sortedIDs(dst.lo) {
			if _, ok := src.fresh(id); !ok {
				escape(dst, id)
				changed = true
			}
		}
	}
	if dst.lo != src.lo && src.lo != nil {
		for _, id := range sortedIDs(src.lo) {
			sm := src.lo.objs[id]
			dm, ok := dst.fresh(id)
			if !ok {
				escape(src, id) // src is a scratch frame: publishing is enough
				continue
			}
			keys := make([]string, 0, len(sm))
			for k := range sm {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				t := sm[k]
				if u, ch := dm[k].union(t, max); ch {
					dst.setLocal(id, k, u)
					dm, _ = dst.fresh(id)
					changed = true
				}
			}
		}
	}
	for i := range dst.r {
		d, s := &dst.r[i], &src.r[i]
		if t, ch := d.t.union(s.t, max); ch {
			d.t, changed = t, true
		}
		if d.v != nil && !valEqual(d.v, s.v) {
			d.v, changed = nil, true
		}
		if d.obj != 0 && d.obj != s.obj {
			d.obj, changed = 0, true
		}
		if d.typ != "" && d.typ != s.typ {
			d.typ, changed = "", true
		}
		if d.cls != "" && d.cls != s.cls {
			d.cls, changed = "", true
		}
		if d.alen != 0 && d.alen != s.alen {
			d.alen, changed = 0, true
		}
		// ranges widen at once (to unknown) when they grow: joins terminate
		if d.rk && (!s.rk || s.lo < d.lo || s.hi > d.hi) {
			d.rk, changed = false, true
		}
	}
	return changed
}

// sortedIDs returns the fresh objects in a deterministic order.
func sortedIDs(l *locals) []int32 {
	ids := make([]int32, 0, len(l.objs))
	for id := range l.objs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
