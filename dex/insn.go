package dex

import "fmt"

// Insn is one decoded instruction. Register operands are in Regs in the
// order of the instruction format (vA, vB, vC), or, for the 35c-style
// formats, the argument registers {vC, vD, vE, vF, vG}. Range formats
// (3rc, 3rms, 3rmi, 4rcc) leave Regs empty and describe the registers
// vFirst .. vFirst+Count-1 with RangeFirst and RangeCount.
type Insn struct {
	PC         uint32 // address in 16-bit code units
	Size       uint32 // length in code units (payloads included)
	Op         Opcode
	NRegs      uint8
	Regs       [5]uint16
	RangeFirst uint16
	RangeCount uint16
	// Literal is the constant of const*, the literal of the /lit8 and
	// /lit16 arithmetic and of const-wide (const/high16 and
	// const-wide/high16 already shifted into place). For 20bc it is the
	// verification error kind.
	Literal int64
	// Index is the string, type, field, method, proto, call site or
	// method-handle index (see Op.Ref()).
	Index uint32
	// Index2 is the proto index of invoke-polymorphic (45cc, 4rcc).
	Index2 uint32
	// Target is the signed branch offset in code units relative to PC for
	// goto/if-*, and the offset of the payload for packed-switch,
	// sparse-switch and fill-array-data.
	Target int32
}

// TargetPC returns PC+Target, the branch destination (or payload address).
func (in *Insn) TargetPC() int64 { return int64(in.PC) + int64(in.Target) }

// Args appends the argument registers of an invoke or filled-new-array
// instruction to dst (expanding ranges) and returns it.
func (in *Insn) Args(dst []uint16) []uint16 {
	if in.Op.info().flags&flArgs == 0 {
		return dst
	}
	if in.Op.IsRange() {
		for i := uint32(0); i < uint32(in.RangeCount); i++ {
			r := uint32(in.RangeFirst) + i
			if r > 0xffff {
				break
			}
			dst = append(dst, uint16(r))
		}
		return dst
	}
	return append(dst, in.Regs[:in.NRegs]...)
}

func appendReg(dst []uint16, r uint16, wide bool) []uint16 {
	dst = append(dst, r)
	if wide && r != 0xffff {
		dst = append(dst, r+1)
	}
	return dst
}

// Uses appends to dst the registers whose value the instruction reads; the
// second register of a wide (64-bit) pair is included. For invokes all
// argument registers are uses (wide arguments already occupy two slots).
func (in *Insn) Uses(dst []uint16) []uint16 {
	info := in.Op.info()
	if info.flags&flArgs != 0 {
		return in.Args(dst)
	}
	for p := 0; p < int(in.NRegs) && p < 3; p++ {
		role := info.regs >> (3 * p) & 7
		if role&rUse != 0 {
			dst = appendReg(dst, in.Regs[p], role&rWide != 0)
		}
	}
	return dst
}

// Defs appends to dst the registers the instruction writes, including the
// second register of a wide pair. Invoke results are defined by the
// following move-result*, not by the invoke.
func (in *Insn) Defs(dst []uint16) []uint16 {
	info := in.Op.info()
	if info.flags&flArgs != 0 {
		return dst
	}
	for p := 0; p < int(in.NRegs) && p < 3; p++ {
		role := info.regs >> (3 * p) & 7
		if role&rDef != 0 {
			dst = appendReg(dst, in.Regs[p], role&rWide != 0)
		}
	}
	return dst
}

// OpcodeSet selects how opcode bytes are interpreted.
type OpcodeSet uint8

const (
	// OpcodesDEX is the standard instruction set of DEX 035-041 (0xfa-0xff
	// are invoke-polymorphic, invoke-custom and const-method-*).
	OpcodesDEX OpcodeSet = iota
	// OpcodesDalvikOdex interprets 0xe3-0xfe as the pre-ART Dalvik
	// optimized opcodes (iget-quick, invoke-virtual-quick, execute-inline,
	// throw-verification-error, *-volatile, ...), found in odex files.
	OpcodesDalvikOdex
)

// Decoder walks the instructions of a code item linearly. Use it as
//
//	d := code.Decoder()
//	var in dex.Insn
//	for d.Next(&in) { ... }
//	if err := d.Err(); err != nil { ... }
//
// It does not allocate. Decoding is bounded by the insns array; an
// instruction that does not fit, or an unused opcode, stops the walk with
// an error.
type Decoder struct {
	b   []byte // insns, little-endian 16-bit units
	n   uint32 // number of code units
	pc  uint32
	set OpcodeSet
	err error
}

// NewDecoder returns a decoder over raw insns bytes (len must be even;
// a trailing odd byte is ignored).
func NewDecoder(insns []byte, set OpcodeSet) Decoder {
	return Decoder{b: insns, n: uint32(len(insns) / 2), set: set}
}

// Err returns the error that stopped decoding, if any.
func (d *Decoder) Err() error { return d.err }

// PC returns the address of the next instruction.
func (d *Decoder) PC() uint32 { return d.pc }

func (d *Decoder) fail(pc uint32, format string, args ...any) bool {
	d.err = fmt.Errorf("insn at 0x%04x: "+format, append([]any{pc}, args...)...)
	return false
}

// Next decodes the next instruction into in and reports whether it did.
func (d *Decoder) Next(in *Insn) bool {
	if d.err != nil || d.pc >= d.n {
		return false
	}
	pc := d.pc
	b := d.b[2*pc : 2*d.n]
	rem := d.n - pc
	w0 := uint16(b[0]) | uint16(b[1])<<8
	op := Opcode(w0 & 0xff)
	if d.set == OpcodesDalvikOdex && op >= 0xe3 && op <= 0xfe {
		op += OdexBase
	}
	info := &opTable[op]
	*in = Insn{PC: pc, Op: op}
	var size uint32
	if op == OpNop && w0>>8 != 0 && w0>>8 <= 3 {
		return d.payload(in, b, rem, w0)
	}
	if info.flags&flUnused != 0 {
		return d.fail(pc, "unused opcode 0x%02x", w0&0xff)
	}
	size = uint32(formatSize[info.fmt])
	if size > rem {
		return d.fail(pc, "%s needs %d code units, only %d left", info.name, size, rem)
	}
	w := func(i int) uint16 { return uint16(b[2*i]) | uint16(b[2*i+1])<<8 }
	aa := w0 >> 8
	a4, b4 := (w0>>8)&0xf, w0>>12
	switch info.fmt {
	case Fmt10x:
	case Fmt12x:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, a4, b4
	case Fmt11n:
		in.NRegs, in.Regs[0] = 1, a4
		in.Literal = int64(int8(uint8(w0>>8)) >> 4)
	case Fmt11x:
		in.NRegs, in.Regs[0] = 1, aa
	case Fmt10t:
		in.Target = int32(int8(uint8(aa)))
	case Fmt20t:
		in.Target = int32(int16(w(1)))
	case Fmt20bc:
		in.Literal, in.Index = int64(aa), uint32(w(1))
	case Fmt22x:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, aa, w(1)
	case Fmt21t:
		in.NRegs, in.Regs[0] = 1, aa
		in.Target = int32(int16(w(1)))
	case Fmt21s:
		in.NRegs, in.Regs[0] = 1, aa
		in.Literal = int64(int16(w(1)))
	case Fmt21h:
		in.NRegs, in.Regs[0] = 1, aa
		if op == 0x15 { // const/high16
			in.Literal = int64(int32(uint32(w(1)) << 16))
		} else { // const-wide/high16
			in.Literal = int64(uint64(w(1)) << 48)
		}
	case Fmt21c:
		in.NRegs, in.Regs[0] = 1, aa
		in.Index = uint32(w(1))
	case Fmt23x:
		w1 := w(1)
		in.NRegs, in.Regs[0], in.Regs[1], in.Regs[2] = 3, aa, w1&0xff, w1>>8
	case Fmt22b:
		w1 := w(1)
		in.NRegs, in.Regs[0], in.Regs[1] = 2, aa, w1&0xff
		in.Literal = int64(int8(uint8(w1 >> 8)))
	case Fmt22t:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, a4, b4
		in.Target = int32(int16(w(1)))
	case Fmt22s:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, a4, b4
		in.Literal = int64(int16(w(1)))
	case Fmt22c, Fmt22cs:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, a4, b4
		in.Index = uint32(w(1))
	case Fmt30t:
		in.Target = int32(uint32(w(1)) | uint32(w(2))<<16)
	case Fmt32x:
		in.NRegs, in.Regs[0], in.Regs[1] = 2, w(1), w(2)
	case Fmt31i:
		in.NRegs, in.Regs[0] = 1, aa
		in.Literal = int64(int32(uint32(w(1)) | uint32(w(2))<<16))
	case Fmt31t:
		in.NRegs, in.Regs[0] = 1, aa
		in.Target = int32(uint32(w(1)) | uint32(w(2))<<16)
	case Fmt31c:
		in.NRegs, in.Regs[0] = 1, aa
		in.Index = uint32(w(1)) | uint32(w(2))<<16
	case Fmt35c, Fmt35ms, Fmt35mi, Fmt45cc:
		cnt := b4
		if cnt > 5 {
			return d.fail(pc, "%s with %d argument registers", info.name, cnt)
		}
		in.Index = uint32(w(1))
		w2 := w(2)
		in.Regs = [5]uint16{w2 & 0xf, w2 >> 4 & 0xf, w2 >> 8 & 0xf, w2 >> 12, a4}
		for i := cnt; i < 5; i++ {
			in.Regs[i] = 0
		}
		in.NRegs = uint8(cnt)
		if info.fmt == Fmt45cc {
			in.Index2 = uint32(w(3))
		}
	case Fmt3rc, Fmt3rms, Fmt3rmi, Fmt4rcc:
		in.RangeCount, in.Index, in.RangeFirst = aa, uint32(w(1)), w(2)
		if info.fmt == Fmt4rcc {
			in.Index2 = uint32(w(3))
		}
	case Fmt51l:
		in.NRegs, in.Regs[0] = 1, aa
		in.Literal = int64(uint64(w(1)) | uint64(w(2))<<16 | uint64(w(3))<<32 | uint64(w(4))<<48)
	default:
		return d.fail(pc, "opcode 0x%02x has no decodable format", w0&0xff)
	}
	in.Size = size
	d.pc = pc + size
	return true
}

// payload decodes a payload pseudo-instruction (ident in the high byte of
// a nop) and skips it.
func (d *Decoder) payload(in *Insn, b []byte, rem uint32, w0 uint16) bool {
	pc := d.pc
	w := func(i int) uint32 { return uint32(b[2*i]) | uint32(b[2*i+1])<<8 }
	var size uint64
	switch w0 >> 8 {
	case 1:
		in.Op = OpPackedSwitchPayload
		if rem < 4 {
			return d.fail(pc, "truncated packed-switch payload")
		}
		size = 4 + 2*uint64(w(1))
	case 2:
		in.Op = OpSparseSwitchPayload
		if rem < 2 {
			return d.fail(pc, "truncated sparse-switch payload")
		}
		size = 2 + 4*uint64(w(1))
	case 3:
		in.Op = OpFillArrayDataPayload
		if rem < 4 {
			return d.fail(pc, "truncated fill-array-data payload")
		}
		width, count := uint64(w(1)), uint64(w(2))|uint64(w(3))<<16
		size = 4 + (width*count+1)/2
	}
	if size > uint64(rem) {
		return d.fail(pc, "%s of %d code units exceeds the remaining %d", in.Op, size, rem)
	}
	in.Size = uint32(size)
	d.pc = pc + uint32(size)
	return true
}
