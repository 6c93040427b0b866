package taint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Arrays with constant indices (see doc.go).
//
// A fresh array (new-array in this method, not escaped) keeps one entry
// per constant index in the frame's locals ("i"+index), with strong
// updates; a read with a constant index sees that entry only, any other
// read every entry. A write with a non-constant index, more than
// maxArrayIndices entries, or any escape (call, store, return, join with
// a path where it escaped) publishes the entries to the whole array.
//
// An array read from a field F (field-based, like F itself) has element
// pseudo-fields F[i] for constant indices below maxArrayIndices and F[*]
// for "some element": a constant-index write goes to F[i] and F[*], any
// other write to F; reading the array reference yields F and F[*] (every
// element), a constant-index read F and F[i] only.

// maxArrayIndices bounds the constant indices tracked per array.
const maxArrayIndices = 32

// arrayIndex returns the index when the register holds a small
// non-negative constant.
func arrayIndex(x reg) (int, bool) {
	if x.rk && x.lo == x.hi && x.lo >= 0 && x.lo < 1<<20 {
		return int(x.lo), true
	}
	return 0, false
}

func elemKey(i int) string { return "i" + strconv.Itoa(i) }

// newArray handles new-array: the array is fresh.
func (a *manalysis) newArray(fr frame, in *dex.Insn) {
	id := int32(in.PC) + 1
	a.escape(fr, id) // a previous iteration's array is out of reach
	x := reg{obj: id}
	if n, ok := arrayIndex(a.get(fr, in.Regs[1])); ok {
		x.alen = int32(n) + 1
	}
	a.set(fr, in.Regs[0], x, false)
	fr.markFresh(id)
}

// arrayCannotThrow reports whether an array instruction provably throws
// nothing: new-array with a constant size (>= 0), and aget, or aput of a
// primitive (aput-object may throw ArrayStoreException), at a constant
// index below the known length of an array allocated here. Like every
// instruction the engine treats as not throwing, it ignores the virtual
// machine's asynchronous errors (OutOfMemoryError…).
func (a *manalysis) arrayCannotThrow(fr frame, in *dex.Insn) bool {
	op := in.Op
	switch {
	case op == dex.OpNewArray:
		_, ok := arrayIndex(a.get(fr, in.Regs[1]))
		return ok
	case op >= dex.OpAget && op <= dex.OpAgetShort, op >= dex.OpAput && op <= dex.OpAputShort && op != dex.OpAputObject:
		arr := a.get(fr, in.Regs[1])
		i, ok := arrayIndex(a.get(fr, in.Regs[2]))
		return ok && arr.alen > 0 && i < int(arr.alen-1)
	}
	return false
}

// aput handles aput* (vA value, vB array, vC index).
func (a *manalysis) aput(fr frame, in *dex.Insn) {
	a.escapeReg(fr, int(in.Regs[0]))
	x := a.get(fr, in.Regs[0])
	arr := a.get(fr, in.Regs[1])
	i, isConst := arrayIndex(a.get(fr, in.Regs[2]))
	if lm, ok := fr.fresh(arr.obj); ok {
		if _, known := lm[elemKey(i)]; isConst && (known || len(lm) < maxArrayIndices) {
			fr.setLocal(arr.obj, elemKey(i), a.steps(x.t, in.PC, stepArray, 0)) // strong update
			return
		}
		a.escape(fr, arr.obj) // whole-array from now on
		arr = a.get(fr, in.Regs[1])
	}
	if len(x.t) == 0 {
		return
	}
	t := a.steps(x.t, in.PC, stepArray, 0)
	if f, ok := a.fobj[arr.obj]; ok && arr.obj > 0 && isConst && i < maxArrayIndices {
		a.fieldWrite(a.e.elemField(f, strconv.Itoa(i)), t)
		a.fieldWrite(a.e.elemField(f, "*"), t)
		return
	}
	a.taintObject(fr, int(in.Regs[1]), t)
}

// aget handles aget* (vA result, vB array, vC index).
func (a *manalysis) aget(fr frame, in *dex.Insn, op dex.Opcode) {
	arr := a.get(fr, in.Regs[1])
	i, isConst := arrayIndex(a.get(fr, in.Regs[2]))
	t := arr.t
	if lm, ok := fr.fresh(arr.obj); ok {
		if isConst {
			t, _ = t.union(lm[elemKey(i)], a.e.b.MaxOrigins)
		} else {
			keys := make([]string, 0, len(lm))
			for k := range lm {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				t, _ = t.union(lm[k], a.e.b.MaxOrigins)
			}
		}
	} else if f, ok := a.fobj[arr.obj]; ok && arr.obj > 0 && isConst && i < maxArrayIndices {
		anyElem := fieldOrigin(a.e.elemField(f, "*"))
		var keep ents
		for _, x := range t {
			if x.o != anyElem {
				keep = append(keep, x)
			}
		}
		keep = a.steps(keep, in.PC, stepArray, 0)
		el := ents{{o: fieldOrigin(a.e.elemField(f, strconv.Itoa(i))), tr: step(a.m, in.PC, stepFieldGet, nil)}}
		x := reg{}
		x.t, _ = keep.union(el, a.e.b.MaxOrigins)
		a.agetResult(fr, in, op, x, arr)
		return
	}
	a.agetResult(fr, in, op, reg{t: a.steps(t, in.PC, stepArray, 0)}, arr)
}

func (a *manalysis) agetResult(fr frame, in *dex.Insn, op dex.Opcode, x reg, arr reg) {
	if op == dex.OpAgetObject {
		x.obj = int32(in.PC) + 1
		if arr.obj != 0 {
			a.parent[x.obj] = arr.obj // an inner array of a multidimensional one
		}
	}
	a.set(fr, in.Regs[0], x, op == dex.OpAgetWide)
}

// arrayField adds F[*] to what a read of an array-typed field F yields:
// the array reference carries every element.
func (a *manalysis) arrayField(f dex.FieldRef, fid uint32, t ents, pc uint32) ents {
	if !strings.HasPrefix(f.Type, "[") {
		return t
	}
	t, _ = t.union(ents{{o: fieldOrigin(a.e.elemField(fid, "*")), tr: step(a.m, pc, stepFieldGet, nil)}}, a.e.b.MaxOrigins)
	return t
}

// elemField returns the pseudo-field of element idx ("3", or "*" for
// any) of the array in field base. Its name is the field's followed by
// "[idx]", which no real field's name ends with.
func (e *engine) elemField(base uint32, idx string) uint32 {
	id, _ := e.internField(e.fieldNames[base] + "[" + idx + "]")
	return id
}

// elemBase maps an element pseudo-field to its array field (other ids
// are returned unchanged): the readers of F[i] are the readers of F.
func (e *engine) elemBase(fid uint32) uint32 {
	if int(fid) >= len(e.fieldNames) {
		return fid
	}
	n := e.fieldNames[fid]
	if !strings.HasSuffix(n, "]") {
		return fid
	}
	if b, ok := e.fieldIDs[n[:strings.LastIndexByte(n, '[')]]; ok {
		return b
	}
	return fid
}

// foldInt computes int arithmetic on constants (the operands' ranges are
// single values), so that an index computed from constants (a helper
// returning (1+1)*5%10+4) is a constant. ok is false for other
// instructions, non-constant operands and division by zero.
func (a *manalysis) foldInt(fr frame, in *dex.Insn) (reg, bool) {
	op := in.Op
	var x, y int64
	var code dex.Opcode
	cst := func(r uint16) (int64, bool) {
		v := a.get(fr, r)
		return v.lo, v.rk && v.lo == v.hi
	}
	var ok1, ok2 bool
	switch {
	case op >= dex.OpAddInt && op <= dex.OpUshrInt: // binop vAA, vBB, vCC
		code = op - dex.OpAddInt
		x, ok1 = cst(in.Regs[1])
		y, ok2 = cst(in.Regs[2])
	case op >= dex.OpAddInt2addr && op <= dex.OpUshrInt2addr: // binop/2addr vA, vB
		code = op - dex.OpAddInt2addr
		x, ok1 = cst(in.Regs[0])
		y, ok2 = cst(in.Regs[1])
	case op >= dex.OpAddIntLit16 && op <= dex.OpXorIntLit16: // binop/lit16
		code = litCodes[op-dex.OpAddIntLit16]
		x, ok1 = cst(in.Regs[1])
		y, ok2 = in.Literal, true
	case op >= dex.OpAddIntLit8 && op <= dex.OpUshrIntLit8: // binop/lit8
		code = litCodes[op-dex.OpAddIntLit8]
		x, ok1 = cst(in.Regs[1])
		y, ok2 = in.Literal, true
	default:
		return reg{}, false
	}
	if !ok1 || !ok2 {
		return reg{}, false
	}
	if code == rsubCode {
		x, y, code = y, x, 1 // rsub: literal - register
	}
	a32, b32 := int32(x), int32(y)
	var r int32
	switch code {
	case 0:
		r = a32 + b32
	case 1:
		r = a32 - b32
	case 2:
		r = a32 * b32
	case 3, 4:
		if b32 == 0 {
			return reg{}, false
		}
		if a32 == -1<<31 && b32 == -1 {
			r = a32 // Java: MIN_VALUE / -1 overflows to MIN_VALUE, % gives 0
			if code == 4 {
				r = 0
			}
		} else if code == 3 {
			r = a32 / b32
		} else {
			r = a32 % b32
		}
	case 5:
		r = a32 & b32
	case 6:
		r = a32 | b32
	case 7:
		r = a32 ^ b32
	case 8:
		r = a32 << (uint32(b32) & 31)
	case 9:
		r = a32 >> (uint32(b32) & 31)
	case 10:
		r = int32(uint32(a32) >> (uint32(b32) & 31))
	default:
		return reg{}, false
	}
	return intReg(int64(r), int64(r)), true
}

// rsubCode marks rsub-int in litCodes; the other codes are those of the
// binop order add sub mul div rem and or xor shl shr ushr.
const rsubCode = 100

// litCodes maps the /lit16 and /lit8 opcode order (add rsub mul div rem
// and or xor shl shr ushr) to binop codes.
var litCodes = [...]dex.Opcode{0, rsubCode, 2, 3, 4, 5, 6, 7, 8, 9, 10}
