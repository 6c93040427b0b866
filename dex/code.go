package dex

import (
	"encoding/binary"
	"fmt"
)

// Code is a decoded code_item header plus a view of its instructions.
type Code struct {
	Off           uint32 // offset of the code_item
	RegistersSize uint16
	InsSize       uint16
	OutsSize      uint16
	TriesSize     uint16
	DebugInfoOff  uint32
	InsnsSize     uint32 // in 16-bit code units
	// InsnsRaw is the insns array as little-endian bytes (2*InsnsSize); it
	// aliases the DEX data.
	InsnsRaw []byte

	f        *File
	triesOff uint32
}

// Try is one try_item with its resolved handler.
type Try struct {
	Start       uint32 // first covered code unit
	Count       uint32 // number of covered code units
	Catches     []Catch
	HasCatchAll bool
	CatchAll    uint32 // address of the catch-all handler when HasCatchAll
}

// End returns the first address after the covered range.
func (t Try) End() uint32 { return t.Start + t.Count }

// Covers reports whether pc is inside the try range.
func (t Try) Covers(pc uint32) bool { return pc >= t.Start && pc-t.Start < t.Count }

// Catch is one typed handler of a try.
type Catch struct {
	TypeIdx uint32
	Type    string // exception type descriptor
	Addr    uint32 // handler address
}

// Code returns the code item at off (a Method.CodeOff).
func (f *File) Code(off uint32) (*Code, error) {
	c := new(Code)
	if err := f.readCode(off, c); err != nil {
		return nil, err
	}
	return c, nil
}

// codeWhere is a lazily formatted error location.
type codeWhere uint32

func (w codeWhere) String() string { return fmt.Sprintf("code_item@0x%x", uint32(w)) }

func (f *File) readCode(off uint32, c *Code) error {
	d := f.data
	where := codeWhere(off)
	if off == 0 || !fits(off, 1, 16, len(d)) {
		return f.errf(where.String(), "code_item offset beyond file size 0x%x", len(d))
	}
	*c = Code{
		Off: off, f: f,
		RegistersSize: le16(d, off), InsSize: le16(d, off+2), OutsSize: le16(d, off+4), TriesSize: le16(d, off+6),
		DebugInfoOff: le32(d, off+8), InsnsSize: le32(d, off+12),
	}
	if !fits(off+16, c.InsnsSize, 2, len(d)) {
		return f.errf(where.String(), "insns_size %d code units beyond file size 0x%x", c.InsnsSize, len(d))
	}
	end := off + 16 + 2*c.InsnsSize
	c.InsnsRaw = d[off+16 : end]
	if c.TriesSize > 0 {
		t := end
		if c.InsnsSize&1 != 0 {
			t += 2
		}
		// tries plus at least one byte of encoded_catch_handler_list.
		if !fits(t, uint32(c.TriesSize), 8, len(d)-1) {
			return f.errf(where.String(), "%d try items beyond file size 0x%x", c.TriesSize, len(d))
		}
		c.triesOff = t
	}
	return nil
}

// File returns the DEX file the code belongs to.
func (c *Code) File() *File { return c.f }

// Decoder returns a non-allocating instruction iterator over the code.
func (c *Code) Decoder() Decoder { return NewDecoder(c.InsnsRaw, OpcodesDEX) }

// Insns decodes all instructions (payload pseudo-instructions included).
func (c *Code) Insns() (out []Insn, err error) {
	defer func() {
		if !panicRecovery {
			return
		}
		if r := recover(); r != nil {
			out, err = nil, c.f.errf(fmt.Sprintf("code_item@0x%x", c.Off), "internal error decoding: %v", r)
		}
	}()
	d := c.Decoder()
	out = make([]Insn, 0, c.InsnsSize/2+1)
	var in Insn
	for d.Next(&in) {
		out = append(out, in)
	}
	if d.err != nil {
		return out, c.f.errf(fmt.Sprintf("code_item@0x%x", c.Off), "%v", d.err)
	}
	return out, nil
}

// Tries decodes the try items and their catch handlers.
func (c *Code) Tries() ([]Try, error) {
	if c.TriesSize == 0 {
		return nil, nil
	}
	f, d := c.f, c.f.data
	where := fmt.Sprintf("code_item@0x%x", c.Off)
	hl := c.triesOff + 8*uint32(c.TriesSize) // encoded_catch_handler_list
	nh, _, ok := uleb(d, int(hl))
	if !ok {
		return nil, f.errf(where, "truncated catch handler list")
	}
	_ = nh
	tries := make([]Try, c.TriesSize)
	for i := range tries {
		p := c.triesOff + 8*uint32(i)
		t := &tries[i]
		t.Start, t.Count = le32(d, p), uint32(le16(d, p+4))
		if uint64(t.Start)+uint64(t.Count) > uint64(c.InsnsSize) {
			return nil, f.errf(where, "try %d: range 0x%x+0x%x beyond insns_size 0x%x", i, t.Start, t.Count, c.InsnsSize)
		}
		hoff := uint64(hl) + uint64(le16(d, p+6))
		if hoff >= uint64(len(d)) {
			return nil, f.errf(where, "try %d: handler offset beyond file", i)
		}
		q := int(hoff)
		var size int32
		if size, q, ok = sleb(d, q); !ok {
			return nil, f.errf(where, "try %d: truncated handler", i)
		}
		n := int64(size)
		if n < 0 {
			n = -n
		}
		if n*2 > int64(len(d)-q) {
			return nil, f.errf(where, "try %d: %d handlers exceed the remaining bytes", i, n)
		}
		if n > 0 {
			t.Catches = make([]Catch, n)
		}
		for j := range t.Catches {
			var ti, addr uint32
			if ti, q, ok = uleb(d, q); !ok {
				return nil, f.errf(where, "try %d: truncated handler", i)
			}
			if addr, q, ok = uleb(d, q); !ok {
				return nil, f.errf(where, "try %d: truncated handler", i)
			}
			typ, err := f.Type(ti)
			if err != nil {
				return nil, f.errf(where, "try %d: catch type: %v", i, err)
			}
			if addr >= c.InsnsSize {
				return nil, f.errf(where, "try %d: handler address 0x%x beyond insns_size 0x%x", i, addr, c.InsnsSize)
			}
			t.Catches[j] = Catch{TypeIdx: ti, Type: typ, Addr: addr}
		}
		if size <= 0 {
			var addr uint32
			if addr, _, ok = uleb(d, q); !ok {
				return nil, f.errf(where, "try %d: truncated catch-all", i)
			}
			if addr >= c.InsnsSize {
				return nil, f.errf(where, "try %d: catch-all address 0x%x beyond insns_size 0x%x", i, addr, c.InsnsSize)
			}
			t.HasCatchAll, t.CatchAll = true, addr
		}
	}
	return tries, nil
}

// SwitchTable is a resolved packed-switch or sparse-switch payload.
type SwitchTable struct {
	Keys    []int32  // case keys
	Targets []uint32 // absolute target addresses, parallel to Keys
}

// payloadAt checks that the payload referenced by in lies inside the code
// and starts with ident, and returns its byte offset in InsnsRaw.
func (c *Code) payloadAt(in *Insn, ident uint16, minUnits uint32) (int, error) {
	p := in.TargetPC()
	if p < 0 || p >= int64(c.InsnsSize) || uint64(p)+uint64(minUnits) > uint64(c.InsnsSize) {
		return 0, fmt.Errorf("insn at 0x%04x: payload address 0x%x outside code (%d units)", in.PC, p, c.InsnsSize)
	}
	b := int(p) * 2
	if got := binary.LittleEndian.Uint16(c.InsnsRaw[b:]); got != ident {
		return 0, fmt.Errorf("insn at 0x%04x: %s payload at 0x%x has ident 0x%04x, want 0x%04x", in.PC, in.Op, p, got, ident)
	}
	return b, nil
}

// Switch resolves the payload of a packed-switch or sparse-switch.
func (c *Code) Switch(in *Insn) (SwitchTable, error) {
	raw := c.InsnsRaw
	u16 := func(b int) uint32 { return uint32(binary.LittleEndian.Uint16(raw[b:])) }
	u32 := func(b int) uint32 { return binary.LittleEndian.Uint32(raw[b:]) }
	target := func(rel uint32) (uint32, error) {
		t := int64(in.PC) + int64(int32(rel))
		if t < 0 || t >= int64(c.InsnsSize) {
			return 0, fmt.Errorf("insn at 0x%04x: switch target 0x%x outside code", in.PC, t)
		}
		return uint32(t), nil
	}
	var st SwitchTable
	switch in.Op {
	case OpPackedSwitch:
		b, err := c.payloadAt(in, 0x0100, 4)
		if err != nil {
			return st, err
		}
		n := u16(b + 2)
		if uint64(b)+8+4*uint64(n) > uint64(len(raw)) {
			return st, fmt.Errorf("insn at 0x%04x: packed-switch payload of %d entries exceeds code", in.PC, n)
		}
		first := int32(u32(b + 4))
		st.Keys, st.Targets = make([]int32, n), make([]uint32, n)
		for i := uint32(0); i < n; i++ {
			st.Keys[i] = first + int32(i)
			if st.Targets[i], err = target(u32(b + 8 + 4*int(i))); err != nil {
				return SwitchTable{}, err
			}
		}
	case OpSparseSwitch:
		b, err := c.payloadAt(in, 0x0200, 2)
		if err != nil {
			return st, err
		}
		n := u16(b + 2)
		if uint64(b)+4+8*uint64(n) > uint64(len(raw)) {
			return st, fmt.Errorf("insn at 0x%04x: sparse-switch payload of %d entries exceeds code", in.PC, n)
		}
		st.Keys, st.Targets = make([]int32, n), make([]uint32, n)
		for i := 0; i < int(n); i++ {
			st.Keys[i] = int32(u32(b + 4 + 4*i))
			if st.Targets[i], err = target(u32(b + 4 + 4*int(n) + 4*i)); err != nil {
				return SwitchTable{}, err
			}
		}
	default:
		return st, fmt.Errorf("insn at 0x%04x: %s is not a switch", in.PC, in.Op)
	}
	return st, nil
}

// ArrayData is a resolved fill-array-data payload.
type ArrayData struct {
	Width uint16 // bytes per element
	Count uint32
	Data  []byte // Width*Count bytes, little-endian elements (aliases the DEX)
}

// ArrayData resolves the payload of a fill-array-data instruction.
func (c *Code) ArrayData(in *Insn) (ArrayData, error) {
	if in.Op != OpFillArrayData {
		return ArrayData{}, fmt.Errorf("insn at 0x%04x: %s is not fill-array-data", in.PC, in.Op)
	}
	b, err := c.payloadAt(in, 0x0300, 4)
	if err != nil {
		return ArrayData{}, err
	}
	raw := c.InsnsRaw
	w := binary.LittleEndian.Uint16(raw[b+2:])
	n := binary.LittleEndian.Uint32(raw[b+4:])
	size := uint64(w) * uint64(n)
	if uint64(b)+8+size > uint64(len(raw)) {
		return ArrayData{}, fmt.Errorf("insn at 0x%04x: array payload of %d*%d bytes exceeds code", in.PC, n, w)
	}
	return ArrayData{Width: w, Count: n, Data: raw[b+8 : b+8+int(size)]}, nil
}

// Targets appends every address control can transfer to from in, other
// than falling through: branch targets and resolved switch targets.
func (c *Code) Targets(in *Insn, dst []uint32) ([]uint32, error) {
	switch {
	case in.Op.IsBranch():
		t := in.TargetPC()
		if t < 0 || t >= int64(c.InsnsSize) {
			return dst, fmt.Errorf("insn at 0x%04x: branch target 0x%x outside code", in.PC, t)
		}
		return append(dst, uint32(t)), nil
	case in.Op.IsSwitch():
		st, err := c.Switch(in)
		if err != nil {
			return dst, err
		}
		return append(dst, st.Targets...), nil
	}
	return dst, nil
}
