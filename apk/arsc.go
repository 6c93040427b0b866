package apk

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Resources is what apkscan needs from resources.arsc: every string value
// (hosts and URLs hide there) and the string resources by name (SDKs leave
// named resources such as google_app_id behind even when code is renamed).
type Resources struct {
	// Strings is the global string pool: all string values of all configs.
	Strings []string
	// Named maps a string resource's name to its first (default) value.
	Named map[string]string
}

const (
	maxPoolStrings = 1 << 20
	maxPoolString  = 64 << 10
)

type chunk struct {
	typ  uint16
	hdr  int
	data []byte // whole chunk, header included
}

func readChunk(b []byte) (chunk, []byte, error) {
	if len(b) < 8 {
		return chunk{}, nil, errors.New("truncated chunk header")
	}
	typ := binary.LittleEndian.Uint16(b)
	hdr := int(binary.LittleEndian.Uint16(b[2:]))
	size := binary.LittleEndian.Uint32(b[4:])
	if hdr < 8 || uint64(size) > uint64(len(b)) || int(size) < hdr {
		return chunk{}, nil, fmt.Errorf("chunk 0x%04x: size %d/header %d out of range (%d bytes left)", typ, size, hdr, len(b))
	}
	return chunk{typ: typ, hdr: hdr, data: b[:size]}, b[size:], nil
}

// parseStringPool decodes a ResStringPool chunk, bounded. Each distinct
// string offset is decoded once and its string shared by every index that
// points at it (a pool of a million indexes aliasing one long string costs
// one string), and the decoded bytes are charged to the scan's budget:
// once it is spent the remaining strings are left empty and a
// *BudgetError is returned with what was decoded.
func parseStringPool(c chunk, bud *budget) ([]string, error) {
	d := c.data
	if c.hdr < 28 || len(d) < 28 {
		return nil, errors.New("string pool: short header")
	}
	count := binary.LittleEndian.Uint32(d[8:])
	flags := binary.LittleEndian.Uint32(d[16:])
	start := binary.LittleEndian.Uint32(d[20:])
	if count > maxPoolStrings || uint64(c.hdr)+uint64(count)*4 > uint64(len(d)) || uint64(start) > uint64(len(d)) {
		return nil, fmt.Errorf("string pool: %d strings at %d do not fit in %d bytes", count, start, len(d))
	}
	utf8Pool := flags&0x100 != 0
	out := make([]string, count)
	decoded := map[uint64]string{}
	var budgetErr error
	for i := uint32(0); i < count && budgetErr == nil; i++ {
		off := uint64(start) + uint64(binary.LittleEndian.Uint32(d[c.hdr+int(i)*4:]))
		if off >= uint64(len(d)) {
			continue
		}
		if s, ok := decoded[off]; ok {
			out[i] = s
			continue
		}
		s := decodePoolString(d[off:], utf8Pool)
		if !bud.takeStrings(int64(len(s))) {
			budgetErr = bud.stringsErr()
			break
		}
		decoded[off] = s
		out[i] = s
	}
	if budgetErr != nil {
		return out, fmt.Errorf("string pool: %w", budgetErr)
	}
	return out, nil
}

// decodePoolString decodes the string at the start of s ("" when it does
// not fit), clipped to maxPoolString units.
func decodePoolString(s []byte, utf8Pool bool) string {
	if utf8Pool {
		_, n1 := poolLen8(s)
		if n1 == 0 {
			return ""
		}
		bl, n2 := poolLen8(s[n1:])
		if n2 == 0 || n1+n2+bl > len(s) {
			return ""
		}
		b := s[n1+n2 : n1+n2+min(bl, maxPoolString)]
		if !utf8.Valid(b) {
			return sanitizeUTF8(b)
		}
		return string(b)
	}
	l, n := poolLen16(s)
	if n == 0 || n+l*2 > len(s) {
		return ""
	}
	return decodeUTF16(s[n : n+2*min(l, maxPoolString)])
}

// sanitizeUTF8 replaces each invalid byte with U+FFFD, allocating once.
func sanitizeUTF8(b []byte) string {
	size := 0
	for i := 0; i < len(b); {
		r, w := utf8.DecodeRune(b[i:])
		size += utf8.RuneLen(r)
		i += w
	}
	var sb strings.Builder
	sb.Grow(size)
	for i := 0; i < len(b); {
		r, w := utf8.DecodeRune(b[i:])
		sb.WriteRune(r)
		i += w
	}
	return sb.String()
}

// decodeUTF16 converts little-endian UTF-16 to a string with a single
// allocation of the exact size (unpaired surrogates become U+FFFD).
func decodeUTF16(b []byte) string {
	unit := func(i int) rune { return rune(binary.LittleEndian.Uint16(b[2*i:])) }
	n := len(b) / 2
	each := func(f func(r rune)) {
		for i := 0; i < n; i++ {
			r := unit(i)
			if utf16.IsSurrogate(r) {
				if i+1 < n {
					if d := utf16.DecodeRune(r, unit(i+1)); d != utf8.RuneError {
						f(d)
						i++
						continue
					}
				}
				r = utf8.RuneError
			}
			f(r)
		}
	}
	size := 0
	each(func(r rune) { size += utf8.RuneLen(r) })
	var sb strings.Builder
	sb.Grow(size)
	each(func(r rune) { sb.WriteRune(r) })
	return sb.String()
}

func poolLen8(b []byte) (int, int) {
	if len(b) < 1 {
		return 0, 0
	}
	if b[0]&0x80 == 0 {
		return int(b[0]), 1
	}
	if len(b) < 2 {
		return 0, 0
	}
	return int(b[0]&0x7f)<<8 | int(b[1]), 2
}

func poolLen16(b []byte) (int, int) {
	if len(b) < 2 {
		return 0, 0
	}
	v := binary.LittleEndian.Uint16(b)
	if v&0x8000 == 0 {
		return int(v), 2
	}
	if len(b) < 4 {
		return 0, 0
	}
	return int(v&0x7fff)<<16 | int(binary.LittleEndian.Uint16(b[2:])), 4
}

// parseResources reads the global string pool and the named string
// resources of resources.arsc. It returns what it could decode with an
// error describing the first problem.
func parseResources(b []byte, bud *budget) (res *Resources, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("resources.arsc: decoder %w: %v", errPanic, p)
		}
	}()
	res = &Resources{Named: map[string]string{}}
	top, _, err := readChunk(b)
	if err != nil {
		return res, fmt.Errorf("resources.arsc: %w", err)
	}
	if top.typ != 0x0002 {
		return res, fmt.Errorf("resources.arsc: not a resource table (chunk 0x%04x)", top.typ)
	}
	rest := top.data[top.hdr:]
	for len(rest) > 0 {
		var c chunk
		if c, rest, err = readChunk(rest); err != nil {
			return res, fmt.Errorf("resources.arsc: %w", err)
		}
		switch c.typ {
		case 0x0001:
			if res.Strings == nil {
				if res.Strings, err = parseStringPool(c, bud); err != nil {
					return res, fmt.Errorf("resources.arsc: global %w", err)
				}
			}
		case 0x0200:
			if err := parsePackage(c, res, bud); err != nil {
				return res, fmt.Errorf("resources.arsc: %w", err)
			}
		}
	}
	return res, nil
}

func parsePackage(c chunk, res *Resources, bud *budget) error {
	d := c.data
	// ResTable_package: header(8) id(4) name(256) typeStrings(4)@268
	// lastPublicType(4)@272 keyStrings(4)@276 ...
	if c.hdr < 280 || len(d) < 280 {
		return errors.New("package: short header")
	}
	typeOff := binary.LittleEndian.Uint32(d[268:])
	keyOff := binary.LittleEndian.Uint32(d[276:])
	var typeNames, keys []string
	if typeOff > 0 && uint64(typeOff) < uint64(len(d)) {
		if tc, _, err := readChunk(d[typeOff:]); err == nil && tc.typ == 0x0001 {
			var err error
			if typeNames, err = parseStringPool(tc, bud); errors.Is(err, ErrBudget) {
				return err
			}
		}
	}
	if keyOff > 0 && uint64(keyOff) < uint64(len(d)) {
		if kc, _, err := readChunk(d[keyOff:]); err == nil && kc.typ == 0x0001 {
			var err error
			if keys, err = parseStringPool(kc, bud); errors.Is(err, ErrBudget) {
				return err
			}
		}
	}
	rest := d[c.hdr:]
	for len(rest) > 0 {
		tc, r2, err := readChunk(rest)
		if err != nil {
			return fmt.Errorf("package: %w", err)
		}
		rest = r2
		if tc.typ != 0x0201 || len(tc.data) < 20 {
			continue
		}
		id := int(tc.data[8])
		if id < 1 || id > len(typeNames) || typeNames[id-1] != "string" {
			continue
		}
		readStringEntries(tc, keys, res)
	}
	return nil
}

func readStringEntries(tc chunk, keys []string, res *Resources) {
	d := tc.data
	flags := d[9]
	count := binary.LittleEndian.Uint32(d[12:])
	start := binary.LittleEndian.Uint32(d[16:])
	if uint64(start) > uint64(len(d)) {
		return
	}
	entry := func(off uint64) {
		p := uint64(start) + off
		if p+8 > uint64(len(d)) {
			return
		}
		e := d[p:]
		eflags := binary.LittleEndian.Uint16(e[2:])
		var key uint32
		var dataType uint8
		var data uint32
		if eflags&0x8 != 0 { // compact entry
			key = uint32(binary.LittleEndian.Uint16(e))
			dataType = uint8(eflags >> 8)
			data = binary.LittleEndian.Uint32(e[4:])
		} else {
			if eflags&0x1 != 0 || len(e) < 16 {
				return // complex (bag) entry
			}
			key = binary.LittleEndian.Uint32(e[4:])
			dataType = e[11]
			data = binary.LittleEndian.Uint32(e[12:])
		}
		if dataType != 0x03 || int(key) >= len(keys) || int(data) >= len(res.Strings) {
			return
		}
		if _, seen := res.Named[keys[key]]; !seen {
			res.Named[keys[key]] = res.Strings[data]
		}
	}
	offs := d[tc.hdr:]
	switch {
	case flags&0x01 != 0: // sparse: (u16 index, u16 offset/4)
		for i := uint32(0); i < count && int(i)*4+4 <= len(offs); i++ {
			entry(uint64(binary.LittleEndian.Uint16(offs[i*4+2:])) * 4)
		}
	case flags&0x02 != 0: // 16-bit offsets
		for i := uint32(0); i < count && int(i)*2+2 <= len(offs); i++ {
			if o := binary.LittleEndian.Uint16(offs[i*2:]); o != 0xffff {
				entry(uint64(o) * 4)
			}
		}
	default:
		for i := uint32(0); i < count && int(i)*4+4 <= len(offs); i++ {
			if o := binary.LittleEndian.Uint32(offs[i*4:]); o != 0xffffffff {
				entry(uint64(o))
			}
		}
	}
}
