package dex

import (
	"fmt"
	"hash/adler32"
	"strings"
	"sync"
)

// NoIndex is the DEX "no index" sentinel (0xffffffff), used for example
// for the superclass of java.lang.Object or an absent source file.
const NoIndex = ^uint32(0)

const (
	headerSize   = 0x70
	headerSize41 = 0x78
	endianTag    = 0x12345678
	reverseTag   = 0x78563412

	// map_list item types used by the reader.
	typeCallSiteIDItem    = 0x0007
	typeMethodHandleItem  = 0x0008
	minSupportedVersion   = 35
	maxSupportedVersion   = 41
	maxEncodedValueDepth  = 32
	maxEncodedValueBudget = 1 << 20
)

// Header is the decoded DEX header_item.
type Header struct {
	Version       int // e.g. 35 for "dex\n035\0"
	Checksum      uint32
	Signature     [20]byte
	FileSize      uint32
	HeaderSize    uint32
	LinkSize      uint32
	LinkOff       uint32
	MapOff        uint32
	StringIDsSize uint32
	StringIDsOff  uint32
	TypeIDsSize   uint32
	TypeIDsOff    uint32
	ProtoIDsSize  uint32
	ProtoIDsOff   uint32
	FieldIDsSize  uint32
	FieldIDsOff   uint32
	MethodIDsSize uint32
	MethodIDsOff  uint32
	ClassDefsSize uint32
	ClassDefsOff  uint32
	DataSize      uint32
	DataOff       uint32
	// Version 041 container fields (zero otherwise).
	ContainerSize uint32
	HeaderOffset  uint32
}

// File is one parsed DEX file. It keeps a reference to the byte slice given
// to Parse (which must not be modified afterwards); strings returned by its
// accessors may alias that slice. A File is safe for concurrent use.
type File struct {
	Name   string
	Header Header

	data []byte // data[:FileSize]

	nStrings, stringsOff uint32
	nTypes, typesOff     uint32
	nProtos, protosOff   uint32
	nFields, fieldsOff   uint32
	nMethods, methodsOff uint32
	nClasses, classesOff uint32
	nCallSites, csOff    uint32
	nMHandles, mhOff     uint32

	protoOnce sync.Once
	protoStrs []string
}

// Parse parses the DEX file held in data. name is used in error messages
// and locations (typically the APK entry name, e.g. "classes2.dex"). Parse
// validates the header and every table of the file against len(data); class
// definitions and code items are validated lazily, when accessed, so that
// one broken class does not make the whole file unusable. Parse never
// panics; it retains data without copying it.
func Parse(name string, data []byte) (f *File, err error) {
	defer func() {
		if !panicRecovery {
			return
		}
		if r := recover(); r != nil {
			f = nil
			err = &Error{File: name, Msg: fmt.Sprintf("internal error while parsing: %v", r)}
		}
	}()
	f = &File{Name: name}
	if err := f.parseHeader(data); err != nil {
		return nil, err
	}
	if err := f.parseTables(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *File) parseHeader(data []byte) error {
	if len(data) < headerSize {
		return f.errf("header", "file too short (%d bytes, need at least %d)", len(data), headerSize)
	}
	magic := data[:8]
	switch {
	case string(magic[:4]) == "dex\n":
	case string(magic[:4]) == "dey\n":
		return f.errf("header", "optimized DEX (odex, magic %q) is not supported", string(magic[:7]))
	case string(magic[:4]) == "cdex":
		return f.errf("header", "compact DEX (cdex) is not supported")
	default:
		return f.errf("header", "bad magic %q (not a DEX file)", string(magic))
	}
	if magic[7] != 0 || magic[4] < '0' || magic[4] > '9' || magic[5] < '0' || magic[5] > '9' || magic[6] < '0' || magic[6] > '9' {
		return f.errf("header", "bad version in magic %q", string(magic))
	}
	h := &f.Header
	h.Version = int(magic[4]-'0')*100 + int(magic[5]-'0')*10 + int(magic[6]-'0')
	if h.Version < minSupportedVersion || h.Version > maxSupportedVersion {
		return f.errf("header", "unsupported DEX version %03d (supported %03d-%03d)", h.Version, minSupportedVersion, maxSupportedVersion)
	}
	h.Checksum = le32(data, 8)
	copy(h.Signature[:], data[12:32])
	h.FileSize = le32(data, 32)
	h.HeaderSize = le32(data, 36)
	tag := le32(data, 40)
	h.LinkSize = le32(data, 44)
	h.LinkOff = le32(data, 48)
	h.MapOff = le32(data, 52)
	h.StringIDsSize, h.StringIDsOff = le32(data, 56), le32(data, 60)
	h.TypeIDsSize, h.TypeIDsOff = le32(data, 64), le32(data, 68)
	h.ProtoIDsSize, h.ProtoIDsOff = le32(data, 72), le32(data, 76)
	h.FieldIDsSize, h.FieldIDsOff = le32(data, 80), le32(data, 84)
	h.MethodIDsSize, h.MethodIDsOff = le32(data, 88), le32(data, 92)
	h.ClassDefsSize, h.ClassDefsOff = le32(data, 96), le32(data, 100)
	h.DataSize, h.DataOff = le32(data, 104), le32(data, 108)

	switch tag {
	case endianTag:
	case reverseTag:
		return f.errf("header", "big-endian DEX files are not supported")
	default:
		return f.errf("header", "bad endian_tag 0x%x", tag)
	}
	if uint64(h.FileSize) > uint64(len(data)) {
		return f.errf("header", "file_size 0x%x beyond data size 0x%x (truncated file?)", h.FileSize, len(data))
	}
	if h.HeaderSize < headerSize || h.HeaderSize > h.FileSize {
		return f.errf("header", "bad header_size 0x%x", h.HeaderSize)
	}
	if h.Version >= 41 && h.HeaderSize >= headerSize41 {
		h.ContainerSize = le32(data, 0x70)
		h.HeaderOffset = le32(data, 0x74)
		if h.HeaderOffset != 0 || h.ContainerSize != h.FileSize {
			return f.errf("header", "DEX 041 container with several DEX files is not supported (container_size 0x%x, file_size 0x%x, header_offset 0x%x)", h.ContainerSize, h.FileSize, h.HeaderOffset)
		}
	}
	f.data = data[:h.FileSize]
	return nil
}

func (f *File) section(name string, off, n, size uint32) error {
	if n == 0 {
		return nil
	}
	if !fits(off, n, size, len(f.data)) {
		return f.errf("header", "%s: offset 0x%x + %d entries * %d bytes beyond file size 0x%x", name, off, n, size, len(f.data))
	}
	if off < headerSize {
		return f.errf("header", "%s: offset 0x%x inside the header", name, off)
	}
	return nil
}

func (f *File) parseTables() error {
	h := &f.Header
	secs := []struct {
		name      string
		off, n, s uint32
	}{
		{"string_ids", h.StringIDsOff, h.StringIDsSize, 4},
		{"type_ids", h.TypeIDsOff, h.TypeIDsSize, 4},
		{"proto_ids", h.ProtoIDsOff, h.ProtoIDsSize, 12},
		{"field_ids", h.FieldIDsOff, h.FieldIDsSize, 8},
		{"method_ids", h.MethodIDsOff, h.MethodIDsSize, 8},
		{"class_defs", h.ClassDefsOff, h.ClassDefsSize, 32},
	}
	for _, s := range secs {
		if err := f.section(s.name, s.off, s.n, s.s); err != nil {
			return err
		}
	}
	if h.LinkSize != 0 && !fits(h.LinkOff, h.LinkSize, 1, len(f.data)) {
		return f.errf("header", "link section 0x%x+0x%x beyond file size 0x%x", h.LinkOff, h.LinkSize, len(f.data))
	}
	if h.DataSize != 0 && !fits(h.DataOff, h.DataSize, 1, len(f.data)) {
		return f.errf("header", "data section 0x%x+0x%x beyond file size 0x%x", h.DataOff, h.DataSize, len(f.data))
	}
	f.nStrings, f.stringsOff = h.StringIDsSize, h.StringIDsOff
	f.nTypes, f.typesOff = h.TypeIDsSize, h.TypeIDsOff
	f.nProtos, f.protosOff = h.ProtoIDsSize, h.ProtoIDsOff
	f.nFields, f.fieldsOff = h.FieldIDsSize, h.FieldIDsOff
	f.nMethods, f.methodsOff = h.MethodIDsSize, h.MethodIDsOff
	f.nClasses, f.classesOff = h.ClassDefsSize, h.ClassDefsOff

	d := f.data
	// string_ids: every string_data_off must lie inside the file.
	for i := uint32(0); i < f.nStrings; i++ {
		if off := le32(d, f.stringsOff+4*i); off >= uint32(len(d)) {
			return f.errf(fmt.Sprintf("string_ids[%d]", i), "string_data_off 0x%x beyond file size 0x%x", off, len(d))
		}
	}
	for i := uint32(0); i < f.nTypes; i++ {
		if s := le32(d, f.typesOff+4*i); s >= f.nStrings {
			return f.errf(fmt.Sprintf("type_ids[%d]", i), "descriptor_idx %d out of range (%d strings)", s, f.nStrings)
		}
	}
	for i := uint32(0); i < f.nProtos; i++ {
		p := f.protosOff + 12*i
		if s := le32(d, p); s >= f.nStrings {
			return f.errf(fmt.Sprintf("proto_ids[%d]", i), "shorty_idx %d out of range (%d strings)", s, f.nStrings)
		}
		if t := le32(d, p+4); t >= f.nTypes {
			return f.errf(fmt.Sprintf("proto_ids[%d]", i), "return_type_idx %d out of range (%d types)", t, f.nTypes)
		}
		if off := le32(d, p+8); off != 0 {
			if msg := f.typeListProblem(off); msg != "" {
				return f.errf(fmt.Sprintf("proto_ids[%d]", i), "parameters_off: %s", msg)
			}
		}
	}
	for i := uint32(0); i < f.nFields; i++ {
		p := f.fieldsOff + 8*i
		if c := uint32(le16(d, p)); c >= f.nTypes {
			return f.errf(fmt.Sprintf("field_ids[%d]", i), "class_idx %d out of range (%d types)", c, f.nTypes)
		}
		if t := uint32(le16(d, p+2)); t >= f.nTypes {
			return f.errf(fmt.Sprintf("field_ids[%d]", i), "type_idx %d out of range (%d types)", t, f.nTypes)
		}
		if n := le32(d, p+4); n >= f.nStrings {
			return f.errf(fmt.Sprintf("field_ids[%d]", i), "name_idx %d out of range (%d strings)", n, f.nStrings)
		}
	}
	for i := uint32(0); i < f.nMethods; i++ {
		p := f.methodsOff + 8*i
		if c := uint32(le16(d, p)); c >= f.nTypes {
			return f.errf(fmt.Sprintf("method_ids[%d]", i), "class_idx %d out of range (%d types)", c, f.nTypes)
		}
		if t := uint32(le16(d, p+2)); t >= f.nProtos {
			return f.errf(fmt.Sprintf("method_ids[%d]", i), "proto_idx %d out of range (%d protos)", t, f.nProtos)
		}
		if n := le32(d, p+4); n >= f.nStrings {
			return f.errf(fmt.Sprintf("method_ids[%d]", i), "name_idx %d out of range (%d strings)", n, f.nStrings)
		}
	}
	return f.parseMap()
}

// typeListProblem validates a type_list at off (its size and every entry)
// and describes the first problem, or returns "" when it is valid.
func (f *File) typeListProblem(off uint32) string {
	d := f.data
	if !fits(off, 1, 4, len(d)) {
		return fmt.Sprintf("type_list offset 0x%x beyond file size 0x%x", off, len(d))
	}
	n := le32(d, off)
	if !fits(off+4, n, 2, len(d)) {
		return fmt.Sprintf("type_list at 0x%x: %d entries beyond file size 0x%x", off, n, len(d))
	}
	for j := uint32(0); j < n; j++ {
		if t := uint32(le16(d, off+4+2*j)); t >= f.nTypes {
			return fmt.Sprintf("type_list at 0x%x: entry %d: type_idx %d out of range (%d types)", off, j, t, f.nTypes)
		}
	}
	return ""
}

// parseMap reads the map_list to find the call_site_ids and method_handles
// sections (DEX 038+), which the header does not describe.
func (f *File) parseMap() error {
	off := f.Header.MapOff
	if off == 0 {
		return nil
	}
	d := f.data
	if !fits(off, 1, 4, len(d)) {
		return f.errf("map_list", "map_off 0x%x beyond file size 0x%x", off, len(d))
	}
	n := le32(d, off)
	if !fits(off+4, n, 12, len(d)) {
		return f.errf("map_list", "%d items at 0x%x beyond file size 0x%x", n, off, len(d))
	}
	for i := uint32(0); i < n; i++ {
		p := off + 4 + 12*i
		typ, size, ioff := le16(d, p), le32(d, p+4), le32(d, p+8)
		switch typ {
		case typeCallSiteIDItem:
			if err := f.section("call_site_ids", ioff, size, 4); err != nil {
				return err
			}
			f.nCallSites, f.csOff = size, ioff
		case typeMethodHandleItem:
			if err := f.section("method_handles", ioff, size, 8); err != nil {
				return err
			}
			f.nMHandles, f.mhOff = size, ioff
			for j := uint32(0); j < size; j++ {
				q := ioff + 8*j
				kind, idx := le16(d, q), uint32(le16(d, q+4))
				lim, what := f.nMethods, "method"
				if kind <= 3 {
					lim, what = f.nFields, "field"
				}
				if kind > 8 {
					return f.errf(fmt.Sprintf("method_handles[%d]", j), "bad method_handle_type %d", kind)
				}
				if idx >= lim {
					return f.errf(fmt.Sprintf("method_handles[%d]", j), "%s index %d out of range (%d)", what, idx, lim)
				}
			}
		}
	}
	return nil
}

// Data returns the DEX bytes (truncated to the header's file_size).
func (f *File) Data() []byte { return f.data }

// VerifyChecksum checks the header's Adler-32 checksum.
func (f *File) VerifyChecksum() error {
	if got := adler32.Checksum(f.data[12:]); got != f.Header.Checksum {
		return f.errf("header", "checksum mismatch: header 0x%08x, computed 0x%08x", f.Header.Checksum, got)
	}
	return nil
}

// NumStrings returns the size of the string_ids table.
func (f *File) NumStrings() int { return int(f.nStrings) }

// NumTypes returns the size of the type_ids table.
func (f *File) NumTypes() int { return int(f.nTypes) }

// NumProtos returns the size of the proto_ids table.
func (f *File) NumProtos() int { return int(f.nProtos) }

// NumFields returns the size of the field_ids table.
func (f *File) NumFields() int { return int(f.nFields) }

// NumMethods returns the size of the method_ids table.
func (f *File) NumMethods() int { return int(f.nMethods) }

// NumClasses returns the number of class definitions (class_defs_size).
func (f *File) NumClasses() int { return int(f.nClasses) }

// NumCallSites returns the size of the call_site_ids table (DEX 038+).
func (f *File) NumCallSites() int { return int(f.nCallSites) }

// NumMethodHandles returns the size of the method_handles table (DEX 038+).
func (f *File) NumMethodHandles() int { return int(f.nMHandles) }

// String returns string_ids[i], decoded from MUTF-8 to UTF-8. ASCII strings
// are returned without copying (they alias the DEX data).
func (f *File) String(i uint32) (string, error) {
	if i >= f.nStrings {
		return "", f.errf("", "string index %d out of range (%d strings)", i, f.nStrings)
	}
	off := le32(f.data, f.stringsOff+4*i)
	_, p, ok := uleb(f.data, int(off))
	if !ok {
		return "", f.errf(fmt.Sprintf("string_ids[%d]", i), "truncated string_data_item at 0x%x", off)
	}
	s, ok := decodeMUTF8(f.data, p)
	if !ok {
		return "", f.errf(fmt.Sprintf("string_ids[%d]", i), "unterminated string data at 0x%x", off)
	}
	return s, nil
}

// stringBytes returns the raw MUTF-8 bytes of string i (without the NUL)
// and whether they are pure ASCII (and so identical to their UTF-8 form).
func (f *File) stringBytes(i uint32) ([]byte, bool, error) {
	if i >= f.nStrings {
		return nil, false, f.errf("", "string index %d out of range (%d strings)", i, f.nStrings)
	}
	off := le32(f.data, f.stringsOff+4*i)
	_, p, ok := uleb(f.data, int(off))
	if !ok {
		return nil, false, f.errf(fmt.Sprintf("string_ids[%d]", i), "truncated string_data_item at 0x%x", off)
	}
	n, ascii, ok := mutf8Scan(f.data, p)
	if !ok {
		return nil, false, f.errf(fmt.Sprintf("string_ids[%d]", i), "unterminated string data at 0x%x", off)
	}
	return f.data[p : p+n], ascii, nil
}

// typeDescIdx returns the descriptor string index of type i (already
// validated by Parse).
func (f *File) typeDescIdx(i uint32) (uint32, error) {
	if i >= f.nTypes {
		return 0, f.errf("", "type index %d out of range (%d types)", i, f.nTypes)
	}
	return le32(f.data, f.typesOff+4*i), nil
}

// Type returns the descriptor of type_ids[i], e.g. "Lcom/x/Y;" or "[I".
func (f *File) Type(i uint32) (string, error) {
	s, err := f.typeDescIdx(i)
	if err != nil {
		return "", err
	}
	return f.String(s)
}

// Proto is a decoded proto_id_item.
type Proto struct {
	Shorty string
	Return string
	Params []string
}

// String returns the smali form, e.g. "(Ljava/lang/String;I)V".
func (p Proto) String() string {
	return "(" + strings.Join(p.Params, "") + ")" + p.Return
}

// ProtoInfo returns proto_ids[i] with its parts.
func (f *File) ProtoInfo(i uint32) (Proto, error) {
	if i >= f.nProtos {
		return Proto{}, f.errf("", "proto index %d out of range (%d protos)", i, f.nProtos)
	}
	p := f.protosOff + 12*i
	var pr Proto
	var err error
	if pr.Shorty, err = f.String(le32(f.data, p)); err != nil {
		return Proto{}, err
	}
	if pr.Return, err = f.Type(le32(f.data, p+4)); err != nil {
		return Proto{}, err
	}
	if off := le32(f.data, p+8); off != 0 {
		n := le32(f.data, off) // validated by Parse
		pr.Params = make([]string, n)
		for j := uint32(0); j < n; j++ {
			if pr.Params[j], err = f.Type(uint32(le16(f.data, off+4+2*j))); err != nil {
				return Proto{}, err
			}
		}
	}
	return pr, nil
}

// appendProto appends the smali form of proto i to dst.
func (f *File) appendProto(dst []byte, i uint32) ([]byte, error) {
	if i >= f.nProtos {
		return dst, f.errf("", "proto index %d out of range (%d protos)", i, f.nProtos)
	}
	p := f.protosOff + 12*i
	dst = append(dst, '(')
	if off := le32(f.data, p+8); off != 0 {
		n := le32(f.data, off)
		for j := uint32(0); j < n; j++ {
			s, err := f.Type(uint32(le16(f.data, off+4+2*j)))
			if err != nil {
				return dst, err
			}
			dst = append(dst, s...)
		}
	}
	dst = append(dst, ')')
	s, err := f.Type(le32(f.data, p+4))
	if err != nil {
		return dst, err
	}
	return append(dst, s...), nil
}

// buildProtos decodes every proto once; the strings are cached on the File.
func (f *File) buildProtos() {
	f.protoStrs = make([]string, f.nProtos)
	var buf []byte
	for i := uint32(0); i < f.nProtos; i++ {
		var err error
		buf, err = f.appendProto(buf[:0], i)
		if err == nil {
			f.protoStrs[i] = string(buf)
		} else {
			f.protoStrs[i] = "\x00" // marks a broken proto; see Proto
		}
	}
}

// Proto returns the smali form of proto_ids[i], e.g. "(Ljava/lang/String;I)V".
// Proto strings are built once per File and cached.
func (f *File) Proto(i uint32) (string, error) {
	if i >= f.nProtos {
		return "", f.errf("", "proto index %d out of range (%d protos)", i, f.nProtos)
	}
	f.protoOnce.Do(f.buildProtos)
	s := f.protoStrs[i]
	if s == "\x00" {
		_, err := f.appendProto(nil, i)
		return "", err
	}
	return s, nil
}

// MethodRef identifies a method by defining class descriptor, name and
// smali prototype.
type MethodRef struct {
	Class string // "Lcom/x/Y;"
	Name  string // "name"
	Proto string // "(Ljava/lang/String;I)V"
}

// String returns the smali form "Lcom/x/Y;->name(Ljava/lang/String;I)V".
func (m MethodRef) String() string { return m.Class + "->" + m.Name + m.Proto }

// FieldRef identifies a field by defining class, name and type descriptor.
type FieldRef struct {
	Class string
	Name  string
	Type  string
}

// String returns the smali form "Lcom/x/Y;->f:Ljava/lang/String;".
func (r FieldRef) String() string { return r.Class + "->" + r.Name + ":" + r.Type }

// Method returns method_ids[i].
func (f *File) Method(i uint32) (MethodRef, error) {
	if i >= f.nMethods {
		return MethodRef{}, f.errf("", "method index %d out of range (%d methods)", i, f.nMethods)
	}
	p := f.methodsOff + 8*i
	var m MethodRef
	var err error
	if m.Class, err = f.Type(uint32(le16(f.data, p))); err != nil {
		return MethodRef{}, err
	}
	if m.Proto, err = f.Proto(uint32(le16(f.data, p+2))); err != nil {
		return MethodRef{}, err
	}
	if m.Name, err = f.String(le32(f.data, p+4)); err != nil {
		return MethodRef{}, err
	}
	return m, nil
}

// Field returns field_ids[i].
func (f *File) Field(i uint32) (FieldRef, error) {
	if i >= f.nFields {
		return FieldRef{}, f.errf("", "field index %d out of range (%d fields)", i, f.nFields)
	}
	p := f.fieldsOff + 8*i
	var r FieldRef
	var err error
	if r.Class, err = f.Type(uint32(le16(f.data, p))); err != nil {
		return FieldRef{}, err
	}
	if r.Type, err = f.Type(uint32(le16(f.data, p+2))); err != nil {
		return FieldRef{}, err
	}
	if r.Name, err = f.String(le32(f.data, p+4)); err != nil {
		return FieldRef{}, err
	}
	return r, nil
}

// MethodHandle is a decoded method_handle_item.
type MethodHandle struct {
	Kind  uint16 // 0 static-put ... 8 invoke-interface
	Index uint32 // field index for kinds 0-3, method index otherwise
}

var methodHandleKinds = [...]string{"static-put", "static-get", "instance-put", "instance-get",
	"invoke-static", "invoke-instance", "invoke-constructor", "invoke-direct", "invoke-interface"}

// IsField reports whether the handle refers to a field (an accessor).
func (h MethodHandle) IsField() bool { return h.Kind <= 3 }

// KindString returns the smali name of the handle kind, e.g. "invoke-static".
func (h MethodHandle) KindString() string {
	if int(h.Kind) < len(methodHandleKinds) {
		return methodHandleKinds[h.Kind]
	}
	return "invalid"
}

// MethodHandle returns method_handles[i] (validated by Parse).
func (f *File) MethodHandle(i uint32) (MethodHandle, error) {
	if i >= f.nMHandles {
		return MethodHandle{}, f.errf("", "method handle index %d out of range (%d)", i, f.nMHandles)
	}
	p := f.mhOff + 8*i
	return MethodHandle{Kind: le16(f.data, p), Index: uint32(le16(f.data, p+4))}, nil
}

// MethodHandleString returns the smali form of method handle i, e.g.
// "invoke-static@Lx;->m()V".
func (f *File) MethodHandleString(i uint32) (string, error) {
	h, err := f.MethodHandle(i)
	if err != nil {
		return "", err
	}
	var ref string
	if h.IsField() {
		r, err := f.Field(h.Index)
		if err != nil {
			return "", err
		}
		ref = r.String()
	} else {
		r, err := f.Method(h.Index)
		if err != nil {
			return "", err
		}
		ref = r.String()
	}
	return h.KindString() + "@" + ref, nil
}

// CallSiteItem is a decoded call_site_item (the target of invoke-custom).
type CallSiteItem struct {
	Bootstrap MethodHandle // bootstrap linker method handle
	Name      string       // method name
	Proto     string       // method type
	Args      []Value      // extra bootstrap arguments
}

// callSiteBootstrap returns the method index of the bootstrap method of
// call site i without decoding the whole call site item.
func (f *File) callSiteBootstrap(i uint32) (MethodHandle, error) {
	if i >= f.nCallSites {
		return MethodHandle{}, f.errf("", "call site index %d out of range (%d)", i, f.nCallSites)
	}
	off := le32(f.data, f.csOff+4*i)
	r := valueReader{f: f, b: f.data, p: int(off), budget: 16}
	n, ok := r.uleb()
	if !ok || n < 3 {
		return MethodHandle{}, f.errf(fmt.Sprintf("call_site_ids[%d]", i), "bad call_site_item at 0x%x", off)
	}
	typ, arg, ok := r.header()
	if !ok || typ != ValueMethodHandle {
		return MethodHandle{}, f.errf(fmt.Sprintf("call_site_ids[%d]", i), "call_site_item at 0x%x does not start with a method handle", off)
	}
	idx, ok := r.unsigned(arg)
	if !ok || idx >= uint64(f.nMHandles) {
		return MethodHandle{}, f.errf(fmt.Sprintf("call_site_ids[%d]", i), "bad bootstrap method handle")
	}
	return f.MethodHandle(uint32(idx))
}

// CallSite returns call_site_ids[i] decoded.
func (f *File) CallSite(i uint32) (CallSiteItem, error) {
	if i >= f.nCallSites {
		return CallSiteItem{}, f.errf("", "call site index %d out of range (%d)", i, f.nCallSites)
	}
	off := le32(f.data, f.csOff+4*i)
	where := fmt.Sprintf("call_site_ids[%d]", i)
	vals, err := f.decodeEncodedArray(where, off)
	if err != nil {
		return CallSiteItem{}, err
	}
	if len(vals) < 3 || vals[0].Kind != ValueMethodHandle || vals[1].Kind != ValueString || vals[2].Kind != ValueMethodType {
		return CallSiteItem{}, f.errf(where, "malformed call_site_item at 0x%x", off)
	}
	mh, err := f.MethodHandle(uint32(vals[0].Bits))
	if err != nil {
		return CallSiteItem{}, err
	}
	return CallSiteItem{Bootstrap: mh, Name: vals[1].Str, Proto: vals[2].Str, Args: vals[3:]}, nil
}
