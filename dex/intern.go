package dex

import (
	"hash/maphash"
	"unsafe"
)

// strTab interns strings into chunked byte arenas with an open-addressing
// hash table: about 20 bytes of overhead per unique string, and no
// per-string heap object.
type strTab struct {
	seed   maphash.Seed
	chunks [][]byte
	ents   []strEnt
	hashes []uint32 // low bits of each string's hash, by id
	slots  []uint32 // 0 = empty, else id+1
	arena  int      // bytes held by chunks
	cur    uint32   // chunk being filled
	hasCur bool
}

type strEnt struct {
	chunk, off, n uint32
}

const (
	minChunk = 64 << 10
	maxChunk = 1 << 20
)

func newStrTab() strTab {
	return strTab{seed: maphash.MakeSeed(), slots: make([]uint32, 1024)}
}

func (t *strTab) len() int { return len(t.ents) }

func (t *strTab) get(id uint32) string {
	e := t.ents[id]
	if e.n == 0 {
		return ""
	}
	return unsafe.String(&t.chunks[e.chunk][e.off], int(e.n))
}

func (t *strTab) bytesEqual(id uint32, s string) bool { return t.get(id) == s }

// lookup returns the id of s if it is interned.
func (t *strTab) lookup(s string) (uint32, bool) {
	h := maphash.String(t.seed, s)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if t.hashes[v-1] == uint32(h) && t.bytesEqual(v-1, s) {
			return v - 1, true
		}
	}
}

// intern returns the id of s, copying s into the arena when it is new. s
// may alias a mutable buffer: it is not retained.
func (t *strTab) intern(s string) uint32 {
	h := maphash.String(t.seed, s)
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for ; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			break
		}
		if t.hashes[v-1] == uint32(h) && t.bytesEqual(v-1, s) {
			return v - 1
		}
	}
	id := uint32(len(t.ents))
	t.ents = append(t.ents, t.store(s))
	t.hashes = append(t.hashes, uint32(h))
	t.slots[i] = id + 1
	if uint64(len(t.ents))*4 > uint64(len(t.slots))*3 {
		t.grow()
	}
	return id
}

func (t *strTab) internBytes(b []byte) uint32 {
	if len(b) == 0 {
		return t.intern("")
	}
	return t.intern(unsafe.String(&b[0], len(b)))
}

func (t *strTab) store(s string) strEnt {
	n := len(s)
	if n == 0 {
		return strEnt{}
	}
	if n >= minChunk {
		// Large strings get a chunk of their own.
		c := make([]byte, n)
		copy(c, s)
		t.chunks = append(t.chunks, c)
		t.arena += n
		return strEnt{chunk: uint32(len(t.chunks) - 1), n: uint32(n)}
	}
	if !t.hasCur || cap(t.chunks[t.cur])-len(t.chunks[t.cur]) < n {
		size := minChunk
		if t.hasCur {
			size = min(2*cap(t.chunks[t.cur]), maxChunk)
		}
		t.chunks = append(t.chunks, make([]byte, 0, size))
		t.arena += size
		t.cur, t.hasCur = uint32(len(t.chunks)-1), true
	}
	c := t.chunks[t.cur]
	off := len(c)
	t.chunks[t.cur] = append(c, s...)
	return strEnt{chunk: t.cur, off: uint32(off), n: uint32(n)}
}

func (t *strTab) grow() {
	slots := make([]uint32, 2*len(t.slots))
	mask := uint64(len(slots) - 1)
	for id := range t.ents {
		h := maphash.String(t.seed, t.get(uint32(id)))
		i := h & mask
		for slots[i] != 0 {
			i = (i + 1) & mask
		}
		slots[i] = uint32(id) + 1
	}
	t.slots = slots
}

func (t *strTab) bytes() int {
	return t.arena + cap(t.ents)*12 + cap(t.hashes)*4 + cap(t.slots)*4 + cap(t.chunks)*24
}

// member is a method or field reference made of interned string ids:
// class descriptor, name and descriptor (a "(...)R" prototype for methods,
// a type descriptor for fields).
type member struct {
	class, name, desc uint32
}

type memberTab struct {
	ents  []member
	slots []uint32 // 0 = empty, else id+1
}

func newMemberTab() memberTab { return memberTab{slots: make([]uint32, 1024)} }

func (m member) hash() uint64 {
	h := uint64(m.class)*0x9E3779B97F4A7C15 ^ uint64(m.name)*0xC2B2AE3D27D4EB4F ^ uint64(m.desc)*0x165667B19E3779F9
	return h ^ h>>29
}

func (t *memberTab) lookup(m member) (uint32, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := m.hash() & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			return 0, false
		}
		if t.ents[v-1] == m {
			return v - 1, true
		}
	}
}

func (t *memberTab) intern(m member) uint32 {
	mask := uint64(len(t.slots) - 1)
	i := m.hash() & mask
	for ; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			break
		}
		if t.ents[v-1] == m {
			return v - 1
		}
	}
	id := uint32(len(t.ents))
	t.ents = append(t.ents, m)
	t.slots[i] = id + 1
	if uint64(len(t.ents))*4 > uint64(len(t.slots))*3 {
		slots := make([]uint32, 2*len(t.slots))
		mask := uint64(len(slots) - 1)
		for id, e := range t.ents {
			j := e.hash() & mask
			for slots[j] != 0 {
				j = (j + 1) & mask
			}
			slots[j] = uint32(id) + 1
		}
		t.slots = slots
	}
	return id
}

func (t *memberTab) bytes() int { return cap(t.ents)*12 + cap(t.slots)*4 }
