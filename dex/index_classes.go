package dex

import "slices"

// Index queries about classes: attribution lookups and the class hierarchy.

func (x *Index) classInfo(c *classRec) ClassInfo {
	ci := ClassInfo{
		Descriptor: x.strs.get(c.desc), Super: x.str(c.super), File: x.files[c.file],
		AccessFlags: c.access, Duplicates: int(c.dups),
	}
	if c.ifN > 0 {
		ci.Interfaces = make([]string, c.ifN)
		for i := range ci.Interfaces {
			ci.Interfaces[i] = x.strs.get(x.ifaces[c.ifOff+uint32(i)])
		}
	}
	return ci
}

// NumClasses returns the number of distinct classes defined.
func (x *Index) NumClasses() int { return len(x.classes) }

// Class returns the class with the given descriptor.
func (x *Index) Class(desc string) (ClassInfo, bool) {
	c := x.classRec(desc)
	if c == nil {
		return ClassInfo{}, false
	}
	return x.classInfo(c), true
}

func (x *Index) classRec(desc string) *classRec {
	id, ok := x.strs.lookup(desc)
	if !ok {
		return nil
	}
	k, ok := x.classByDesc[id]
	if !ok {
		return nil
	}
	return &x.classes[k]
}

// Classes calls yield for every defined class, in definition order. It can
// be used as a range-over-func iterator.
func (x *Index) Classes(yield func(ClassInfo) bool) {
	for i := range x.classes {
		if !yield(x.classInfo(&x.classes[i])) {
			return
		}
	}
}

// Super returns the superclass of desc ("" when unknown or none).
func (x *Index) Super(desc string) string {
	if c := x.classRec(desc); c != nil {
		return x.str(c.super)
	}
	return ""
}

// Interfaces returns the interfaces directly implemented by desc.
func (x *Index) Interfaces(desc string) []string {
	if c := x.classRec(desc); c != nil {
		return x.classInfo(c).Interfaces
	}
	return nil
}

// Superclasses returns the chain of known superclasses of desc, nearest
// first, stopping at the first class not defined in the index (which is
// included, e.g. "Ljava/lang/Object;"). Cycles are cut.
func (x *Index) Superclasses(desc string) []string {
	var out []string
	c := x.classRec(desc)
	seen := map[uint32]bool{}
	for c != nil && c.super != noStr && !seen[c.super] {
		seen[c.super] = true
		out = append(out, x.strs.get(c.super))
		k, ok := x.classByDesc[c.super]
		if !ok {
			break
		}
		c = &x.classes[k]
	}
	return out
}

func (x *Index) getLazy() *lazyIndex {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.lazy != nil {
		return x.lazy
	}
	l := &lazyIndex{subclasses: map[uint32][]uint32{}, implemented: map[uint32][]uint32{}}
	n := len(x.members.ents)
	l.calleeStart = make([]uint32, n+1)
	nCalls := x.calls.len()
	for i := 0; i < nCalls; i++ {
		l.calleeStart[x.calls.at(i).callee+1]++
	}
	for i := 1; i <= n; i++ {
		l.calleeStart[i] += l.calleeStart[i-1]
	}
	l.calleeCalls = make([]uint32, nCalls)
	next := slices.Clone(l.calleeStart[:n])
	for i := 0; i < nCalls; i++ {
		c := x.calls.at(i).callee
		l.calleeCalls[next[c]] = uint32(i)
		next[c]++
	}
	for i := range x.classes {
		c := &x.classes[i]
		if c.super != noStr {
			l.subclasses[c.super] = append(l.subclasses[c.super], uint32(i))
		}
		for j := uint32(0); j < c.ifN; j++ {
			it := x.ifaces[c.ifOff+j]
			l.implemented[it] = append(l.implemented[it], uint32(i))
		}
	}
	x.lazy = l
	return l
}

func (x *Index) descs(ks []uint32) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = x.strs.get(x.classes[k].desc)
	}
	return out
}

// Subclasses returns the classes whose direct superclass is desc.
func (x *Index) Subclasses(desc string) []string {
	id, ok := x.strs.lookup(desc)
	if !ok {
		return nil
	}
	return x.descs(x.getLazy().subclasses[id])
}

// Implementors returns the classes and interfaces that directly list desc
// among their interfaces.
func (x *Index) Implementors(desc string) []string {
	id, ok := x.strs.lookup(desc)
	if !ok {
		return nil
	}
	return x.descs(x.getLazy().implemented[id])
}
