package dex

import (
	"strings"
)

// Index queries about call sites.

// NumCalls returns the number of call sites indexed.
func (x *Index) NumCalls() int { return x.calls.len() }

func (x *Index) callSite(i uint32) CallSite {
	c := x.calls.at(int(i))
	return CallSite{Caller: x.memberRef(c.caller), Callee: x.memberRef(c.callee), File: x.files[c.file], PC: c.pc, Op: Opcode(c.op)}
}

// Calls calls yield for every call site, in indexing order. It can be used
// as a range-over-func iterator and does not allocate per call site.
func (x *Index) Calls(yield func(CallSite) bool) {
	for i := 0; i < x.calls.len(); i++ {
		if !yield(x.callSite(uint32(i))) {
			return
		}
	}
}

// CallersOf returns the call sites whose callee is m.
func (x *Index) CallersOf(m MethodRef) []CallSite {
	var mb member
	var ok bool
	if mb.class, ok = x.strs.lookup(m.Class); !ok {
		return nil
	}
	if mb.name, ok = x.strs.lookup(m.Name); !ok {
		return nil
	}
	if mb.desc, ok = x.strs.lookup(m.Proto); !ok {
		return nil
	}
	id, ok := x.members.lookup(mb)
	if !ok {
		return nil
	}
	l := x.getLazy()
	var out []CallSite
	for _, ci := range l.calleeCalls[l.calleeStart[id]:l.calleeStart[id+1]] {
		out = append(out, x.callSite(ci))
	}
	return out
}

// CallersOfPrefix calls yield for every call site whose callee's class
// descriptor starts with classPrefix (e.g.
// "Lcom/amazonaws/mobileconnectors/pinpoint/"), grouped by callee.
func (x *Index) CallersOfPrefix(classPrefix string, yield func(CallSite) bool) {
	l := x.getLazy()
	match := map[uint32]bool{}
	for id := range x.members.ents {
		s, e := l.calleeStart[id], l.calleeStart[id+1]
		if s == e {
			continue
		}
		cls := x.members.ents[id].class
		ok, seen := match[cls]
		if !seen {
			ok = strings.HasPrefix(x.strs.get(cls), classPrefix)
			match[cls] = ok
		}
		if !ok {
			continue
		}
		for _, ci := range l.calleeCalls[s:e] {
			if !yield(x.callSite(ci)) {
				return
			}
		}
	}
}
