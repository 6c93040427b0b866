package dex

import (
	"encoding/binary"
	"fmt"
)

// Error is the error type returned for malformed input. File is the DEX
// name given to Parse, Where locates the problem (a table entry, a class
// definition, a method, a code offset) and Msg describes it.
type Error struct {
	File  string
	Where string
	Msg   string
}

func (e *Error) Error() string {
	s := "dex: "
	if e.File != "" {
		s += e.File + ": "
	}
	if e.Where != "" {
		s += e.Where + ": "
	}
	return s + e.Msg
}

func (f *File) errf(where, format string, args ...any) error {
	return &Error{File: f.Name, Where: where, Msg: fmt.Sprintf(format, args...)}
}

// panicRecovery enables the last-resort recover in Parse, Class, Insns and
// Index.Add. Tests and fuzzing turn it off so that any panic surfaces.
var panicRecovery = true

func le16(b []byte, off uint32) uint16 { return binary.LittleEndian.Uint16(b[off:]) }
func le32(b []byte, off uint32) uint32 { return binary.LittleEndian.Uint32(b[off:]) }

// fits reports whether the byte range [off, off+n*size) lies within limit.
// All arithmetic is done in 64 bits so hostile values cannot wrap.
func fits(off, n, size uint32, limit int) bool {
	return uint64(off)+uint64(n)*uint64(size) <= uint64(limit)
}

// uleb decodes an unsigned LEB128 value of at most five bytes starting at
// b[p]. It returns the value, the position after it and false when the
// encoding runs past the end of b.
func uleb(b []byte, p int) (uint32, int, bool) {
	var v uint32
	for i := 0; i < 5; i++ {
		if p >= len(b) {
			return 0, p, false
		}
		c := b[p]
		p++
		v |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, p, true
		}
	}
	// The fifth byte had its continuation bit set: invalid in DEX, where
	// LEB128 only encodes 32-bit quantities.
	return 0, p, false
}

// sleb decodes a signed LEB128 value of at most five bytes.
func sleb(b []byte, p int) (int32, int, bool) {
	var v uint32
	var shift uint
	for i := 0; i < 5; i++ {
		if p >= len(b) {
			return 0, p, false
		}
		c := b[p]
		p++
		v |= uint32(c&0x7f) << shift
		shift += 7
		if c < 0x80 {
			if shift < 32 && c&0x40 != 0 {
				v |= ^uint32(0) << shift
			}
			return int32(v), p, true
		}
	}
	return 0, p, false
}
