package dex

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// Location is where something was found. PC is the address in 16-bit code
// units inside Method, or -1 when not applicable (static field values,
// string pool entries).
type Location struct {
	File   string // e.g. "classes2.dex"
	Class  string // class descriptor, "" for string pool entries
	Method string // smali method reference, or smali field reference for static values
	PC     int
}

// String returns e.g. "classes2.dex Lcom/x/Y;->m(I)V @001a": the PC in
// hex with at least 4 digits, as `dexdump -d` prints code addresses.
func (l Location) String() string {
	s := l.File
	if l.Method != "" {
		s += " " + l.Method
	} else if l.Class != "" {
		s += " " + l.Class
	}
	if l.PC >= 0 {
		s += " @" + PCHex(l.PC)
	}
	return s
}

// PCHex formats a code address (16-bit code units) as `dexdump -d` does:
// lower-case hex, at least 4 digits ("0032").
func PCHex(pc int) string {
	h := strconv.FormatUint(uint64(pc), 16)
	if len(h) < 4 {
		h = "0000"[len(h):] + h
	}
	return h
}

// Problem is a non-fatal error met while indexing: a DEX file that failed
// to parse, a class or a method that could not be decoded.
type Problem struct {
	Where string
	Err   error
}

func (p Problem) String() string { return p.Where + ": " + p.Err.Error() }

// CallSite is one invoke instruction: Caller (in File, at PC) invokes
// Callee. For invoke-custom, Callee is the bootstrap method of the call
// site; for invoke-polymorphic it is the signature-polymorphic method
// (e.g. MethodHandle.invoke).
type CallSite struct {
	Caller MethodRef
	Callee MethodRef
	File   string
	PC     uint32
	Op     Opcode
}

// Location returns the location of the invoke instruction.
func (c CallSite) Location() Location {
	return Location{File: c.File, Class: c.Caller.Class, Method: c.Caller.String(), PC: int(c.PC)}
}

// ClassInfo describes a class known to an Index.
type ClassInfo struct {
	Descriptor  string
	Super       string // "" for none
	Interfaces  []string
	File        string // file holding the definition that won
	AccessFlags uint32
	// Duplicates counts the later definitions of the same descriptor that
	// were ignored (Android's class loaders use the first one).
	Duplicates int
}

// IndexOptions tunes an Index.
type IndexOptions struct {
	// StringPool also records every string_ids entry of every file, with a
	// Location that has only File set.
	StringPool bool
	// MaxSitesPerString caps the locations remembered per unique string
	// (the total count is always kept). Default 16.
	MaxSitesPerString int
	// MaxProblemsPerFile caps the problems kept per file. Default 100.
	MaxProblemsPerFile int
}

// Index is a compact multi-dex index: class definitions and hierarchy,
// every call site and every string constant, built by streaming DEX files
// through Add in Android load order. Strings are interned; after Add
// returns, the Index does not reference the File or its data.
//
// Add must not be called concurrently with anything else; the query
// methods are safe for concurrent use with each other.
type Index struct {
	opts     IndexOptions
	files    []string
	problems []Problem

	strs    strTab
	members memberTab

	classes     []classRec
	classByDesc map[uint32]uint32
	ifaces      []uint32 // interface string ids, slices referenced by classRec

	calls callList

	strRecs []strRec
	recOf   []int32 // string id -> strRecs index+1 (0: none)
	sites   []siteRec

	mu    sync.Mutex
	lazy  *lazyIndex
	nProb int // problems of the file being added

	// work counts code units decoded and members walked for the file being
	// added; class_defs may share class data and code items, so without a
	// budget a small hostile file could make Add do quadratic work.
	work, workLimit int

	// scratch, per file
	sMap, pMap, mMap, fMap, csMap []uint32
	buf                           []byte
	sfields                       []uint32
}

type classRec struct {
	desc, super  uint32
	ifOff, ifN   uint32
	access, dups uint32
	file         uint16
}

type callRec struct {
	caller, callee, pc uint32
	file               uint16
	op                 uint16
}

// callList stores call records in fixed-size blocks: no copying and little
// slack as it grows.
type callList struct {
	blocks [][]callRec
	n      int
}

const callBlock = 1 << 13

func (l *callList) add(c callRec) {
	if l.n%callBlock == 0 {
		l.blocks = append(l.blocks, make([]callRec, 0, callBlock))
	}
	b := &l.blocks[len(l.blocks)-1]
	*b = append(*b, c)
	l.n++
}

func (l *callList) len() int          { return l.n }
func (l *callList) at(i int) *callRec { return &l.blocks[i/callBlock][i%callBlock] }
func (l *callList) bytes() int {
	return len(l.blocks)*callBlock*int(unsafe.Sizeof(callRec{})) + cap(l.blocks)*24
}

type strRec struct {
	str, total uint32
	head, tail int32
	n          uint32
}

const (
	siteCode  = 0
	siteField = 1
	sitePool  = 2
)

type siteRec struct {
	member uint32
	pc     int32
	next   int32
	file   uint16
	kind   uint8
}

type lazyIndex struct {
	calleeStart []uint32 // by member id, len members+1
	calleeCalls []uint32 // call indices grouped by callee
	subclasses  map[uint32][]uint32
	implemented map[uint32][]uint32
}

const noStr = ^uint32(0)

// NewIndex returns an empty Index with default options.
func NewIndex() *Index { return NewIndexOptions(IndexOptions{}) }

// NewIndexOptions returns an empty Index with the given options.
func NewIndexOptions(o IndexOptions) *Index {
	if o.MaxSitesPerString <= 0 {
		o.MaxSitesPerString = 16
	}
	if o.MaxProblemsPerFile <= 0 {
		o.MaxProblemsPerFile = 100
	}
	return &Index{opts: o, strs: newStrTab(), members: newMemberTab(), classByDesc: map[uint32]uint32{}}
}

// Files returns the names of the files added, in order.
func (x *Index) Files() []string { return slices.Clone(x.files) }

// Problems returns the problems met so far.
func (x *Index) Problems() []Problem { return slices.Clone(x.problems) }

func (x *Index) problem(where string, err error) {
	x.nProb++
	if x.nProb == x.opts.MaxProblemsPerFile+1 {
		x.problems = append(x.problems, Problem{Where: where, Err: fmt.Errorf("too many problems in this file; further ones are not reported")})
	}
	if x.nProb > x.opts.MaxProblemsPerFile {
		return
	}
	x.problems = append(x.problems, Problem{Where: where, Err: err})
}

// AddData parses data as a DEX file named name and adds it. A parse error
// is recorded as a Problem (and returned); it does not stop indexing.
func (x *Index) AddData(name string, data []byte) error {
	f, err := Parse(name, data)
	if err != nil {
		x.nProb = 0
		x.files = append(x.files, name)
		x.problem(name, err)
		return err
	}
	x.Add(f)
	return nil
}

func grow32(s []uint32, n uint32) []uint32 {
	if uint32(cap(s)) < n {
		return make([]uint32, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// Add indexes one DEX file. Files must be added in Android load order
// (classes.dex, classes2.dex, ...): the first definition of a class wins.
// Problems are recorded, never returned.
func (x *Index) Add(f *File) {
	x.nProb = 0
	x.lazy = nil
	if len(x.files) >= 0xffff {
		x.problem(f.Name, fmt.Errorf("too many files in one index"))
		return
	}
	fi := uint16(len(x.files))
	x.files = append(x.files, f.Name)
	defer func() {
		if !panicRecovery {
			return
		}
		if r := recover(); r != nil {
			x.problem(f.Name, fmt.Errorf("internal error while indexing: %v", r))
		}
	}()
	x.sMap = grow32(x.sMap, f.nStrings)
	x.pMap = grow32(x.pMap, f.nProtos)
	x.mMap = grow32(x.mMap, f.nMethods)
	x.fMap = grow32(x.fMap, f.nFields)
	x.csMap = grow32(x.csMap, f.nCallSites)

	// Legitimate files decode each code unit and member once; allow some
	// sharing (deduplicated code items) but not unbounded amplification.
	x.work, x.workLimit = 0, 4*len(f.data)+1<<16

	if x.opts.StringPool {
		for i := uint32(0); i < f.nStrings; i++ {
			id, err := x.fileStr(f, i)
			if err != nil {
				x.problem(f.Name, err)
				continue
			}
			x.addSite(id, siteRec{member: noStr, pc: -1, file: fi, kind: sitePool})
		}
	}
	defer x.releaseScratch()
	for ci := 0; ci < int(f.nClasses); ci++ {
		if x.work > x.workLimit {
			x.problem(f.Name, fmt.Errorf("work budget of %d exceeded at class_defs[%d] (class data or code items shared many times?); rest of file not indexed", x.workLimit, ci))
			return
		}
		x.addClass(f, fi, ci)
	}
}

// releaseScratch drops the per-file lookup tables (4 bytes per string,
// proto, method and field of the file) so that the index keeps only its own
// compact data between files.
func (x *Index) releaseScratch() {
	x.sMap, x.pMap, x.mMap, x.fMap, x.csMap = nil, nil, nil, nil, nil
	if cap(x.buf) > 64<<10 {
		x.buf = nil
	}
}

func (x *Index) addClass(f *File, fi uint16, ci int) {
	def, err := f.ClassDef(ci)
	if err != nil {
		x.problem(f.Name+" "+classWhere(ci), err)
		return
	}
	desc, err := x.typeStr(f, def.ClassIdx)
	if err != nil {
		x.problem(f.Name+" "+classWhere(ci), err)
		return
	}
	if k, ok := x.classByDesc[desc]; ok {
		x.classes[k].dups++
		return
	}
	where := func() string { return f.Name + " " + x.strs.get(desc) }
	rec := classRec{desc: desc, super: noStr, access: def.AccessFlags, file: fi}
	if def.SuperclassIdx != NoIndex {
		if rec.super, err = x.typeStr(f, def.SuperclassIdx); err != nil {
			x.problem(where(), err)
			return
		}
	}
	if def.InterfacesOff != 0 {
		n := le32(f.data, def.InterfacesOff)
		rec.ifOff = uint32(len(x.ifaces))
		for j := uint32(0); j < n; j++ {
			id, err := x.typeStr(f, uint32(le16(f.data, def.InterfacesOff+4+2*j)))
			if err != nil {
				x.problem(where(), err)
				x.ifaces = x.ifaces[:rec.ifOff]
				return
			}
			x.ifaces = append(x.ifaces, id)
		}
		rec.ifN = n
	}
	x.classByDesc[desc] = uint32(len(x.classes))
	x.classes = append(x.classes, rec)

	x.sfields = x.sfields[:0]
	if def.ClassDataOff != 0 {
		cd, err := f.classDataHeader(ci, def.ClassDataOff)
		if err != nil {
			x.problem(where(), err)
			return
		}
		x.work += int(cd.nSF) + int(cd.nIF) + int(cd.nDM) + int(cd.nVM)
		err = f.walkClassData(ci, cd,
			func(static bool, idx, _ uint32) {
				if static {
					x.sfields = append(x.sfields, idx)
				}
			},
			func(_ bool, idx, _ uint32, code uint32) {
				if code != 0 && x.work <= x.workLimit {
					x.scanCode(f, fi, idx, code)
				}
			})
		if err != nil {
			x.problem(where(), err)
		}
	}
	if def.StaticValuesOff != 0 && x.work <= x.workLimit {
		used, err := f.walkEncodedArray(def.StaticValuesOff, len(x.sfields), func(i int, k ValueKind, bits uint64) {
			if k != ValueString || i >= len(x.sfields) {
				return
			}
			if bits >= uint64(f.nStrings) {
				x.problem(where(), fmt.Errorf("static value %d: string index %d out of range", i, bits))
				return
			}
			sid, err := x.fileStr(f, uint32(bits))
			if err != nil {
				x.problem(where(), err)
				return
			}
			fid, err := x.fieldMember(f, x.sfields[i])
			if err != nil {
				x.problem(where(), err)
				return
			}
			x.addSite(sid, siteRec{member: fid, pc: -1, file: fi, kind: siteField})
		})
		x.work += used
		if err != nil {
			x.problem(where()+" static_values", err)
		}
	}
}

func (x *Index) scanCode(f *File, fi uint16, midx, off uint32) {
	caller, err := x.methodMember(f, midx)
	if err != nil {
		x.problem(f.Name, err)
		return
	}
	var c Code
	if err := f.readCode(off, &c); err != nil {
		x.problem(f.Name+" "+x.memberString(caller), err)
		return
	}
	x.work += int(c.InsnsSize) + 1
	d := c.Decoder()
	var in Insn
	for d.Next(&in) {
		info := &opTable[in.Op]
		if info.flags&flInvoke != 0 {
			var callee uint32
			var err error
			switch info.ref {
			case RefMethod:
				callee, err = x.methodMember(f, in.Index)
			case RefCallSite:
				callee, err = x.callSiteMember(f, in.Index)
			default:
				continue
			}
			if err != nil {
				x.problem(f.Name+" "+x.memberString(caller)+" @"+PCHex(int(in.PC)), err)
				continue
			}
			x.calls.add(callRec{caller: caller, callee: callee, pc: in.PC, file: fi, op: uint16(in.Op)})
		} else if info.ref == RefString {
			if in.Index >= f.nStrings {
				x.problem(f.Name+" "+x.memberString(caller)+" @"+PCHex(int(in.PC)),
					fmt.Errorf("string index %d out of range (%d strings)", in.Index, f.nStrings))
				continue
			}
			sid, err := x.fileStr(f, in.Index)
			if err != nil {
				x.problem(f.Name+" "+x.memberString(caller), err)
				continue
			}
			x.addSite(sid, siteRec{member: caller, pc: int32(in.PC), file: fi, kind: siteCode})
		}
	}
	if err := d.Err(); err != nil {
		x.problem(f.Name+" "+x.memberString(caller), err)
	}
}

// fileStr interns string i of f.
func (x *Index) fileStr(f *File, i uint32) (uint32, error) {
	if v := x.sMap[i]; v != 0 {
		return v - 1, nil
	}
	b, ascii, err := f.stringBytes(i)
	if err != nil {
		return 0, err
	}
	var id uint32
	if ascii {
		id = x.strs.internBytes(b)
	} else {
		x.buf = appendMUTF8(x.buf[:0], b)
		id = x.strs.internBytes(x.buf)
	}
	x.sMap[i] = id + 1
	return id, nil
}

func (x *Index) typeStr(f *File, t uint32) (uint32, error) {
	s, err := f.typeDescIdx(t)
	if err != nil {
		return 0, err
	}
	return x.fileStr(f, s)
}

func (x *Index) protoStr(f *File, p uint32) (uint32, error) {
	if v := x.pMap[p]; v != 0 {
		return v - 1, nil
	}
	var err error
	x.buf, err = f.appendProto(x.buf[:0], p)
	if err != nil {
		return 0, err
	}
	id := x.strs.internBytes(x.buf)
	x.pMap[p] = id + 1
	return id, nil
}

func (x *Index) methodMember(f *File, m uint32) (uint32, error) {
	if m >= f.nMethods {
		return 0, f.errf("", "method index %d out of range (%d methods)", m, f.nMethods)
	}
	if v := x.mMap[m]; v != 0 {
		return v - 1, nil
	}
	p := f.methodsOff + 8*m
	var mb member
	var err error
	if mb.class, err = x.typeStr(f, uint32(le16(f.data, p))); err != nil {
		return 0, err
	}
	if mb.desc, err = x.protoStr(f, uint32(le16(f.data, p+2))); err != nil {
		return 0, err
	}
	if mb.name, err = x.fileStr(f, le32(f.data, p+4)); err != nil {
		return 0, err
	}
	id := x.members.intern(mb)
	x.mMap[m] = id + 1
	return id, nil
}

func (x *Index) fieldMember(f *File, fi uint32) (uint32, error) {
	if fi >= f.nFields {
		return 0, f.errf("", "field index %d out of range (%d fields)", fi, f.nFields)
	}
	if v := x.fMap[fi]; v != 0 {
		return v - 1, nil
	}
	p := f.fieldsOff + 8*fi
	var mb member
	var err error
	if mb.class, err = x.typeStr(f, uint32(le16(f.data, p))); err != nil {
		return 0, err
	}
	if mb.desc, err = x.typeStr(f, uint32(le16(f.data, p+2))); err != nil {
		return 0, err
	}
	if mb.name, err = x.fileStr(f, le32(f.data, p+4)); err != nil {
		return 0, err
	}
	id := x.members.intern(mb)
	x.fMap[fi] = id + 1
	return id, nil
}

// callSiteMember resolves invoke-custom's call site to its bootstrap
// method.
func (x *Index) callSiteMember(f *File, cs uint32) (uint32, error) {
	if cs >= f.nCallSites {
		return 0, f.errf("", "call site index %d out of range (%d call sites)", cs, f.nCallSites)
	}
	if v := x.csMap[cs]; v != 0 {
		return v - 1, nil
	}
	mh, err := f.callSiteBootstrap(cs)
	if err != nil {
		return 0, err
	}
	var id uint32
	if mh.IsField() {
		id, err = x.fieldMember(f, mh.Index)
	} else {
		id, err = x.methodMember(f, mh.Index)
	}
	if err != nil {
		return 0, err
	}
	x.csMap[cs] = id + 1
	return id, nil
}

func (x *Index) addSite(sid uint32, s siteRec) {
	if int(sid) >= len(x.recOf) {
		n := max(2*len(x.recOf), int(sid)+1, 1024)
		x.recOf = append(x.recOf, make([]int32, n-len(x.recOf))...)
	}
	r := x.recOf[sid]
	if r == 0 {
		x.strRecs = append(x.strRecs, strRec{str: sid, head: -1, tail: -1})
		r = int32(len(x.strRecs))
		x.recOf[sid] = r
	}
	rec := &x.strRecs[r-1]
	rec.total++
	if rec.n >= uint32(x.opts.MaxSitesPerString) {
		return
	}
	rec.n++
	s.next = -1
	k := int32(len(x.sites))
	x.sites = append(x.sites, s)
	if rec.tail >= 0 {
		x.sites[rec.tail].next = k
	} else {
		rec.head = k
	}
	rec.tail = k
}

func (x *Index) memberRef(id uint32) MethodRef {
	m := x.members.ents[id]
	return MethodRef{Class: x.strs.get(m.class), Name: x.strs.get(m.name), Proto: x.strs.get(m.desc)}
}

// memberString returns the smali form of a method or field member.
func (x *Index) memberString(id uint32) string {
	m := x.members.ents[id]
	desc := x.strs.get(m.desc)
	if strings.HasPrefix(desc, "(") {
		return x.strs.get(m.class) + "->" + x.strs.get(m.name) + desc
	}
	return x.strs.get(m.class) + "->" + x.strs.get(m.name) + ":" + desc
}

func (x *Index) str(id uint32) string {
	if id == noStr {
		return ""
	}
	return x.strs.get(id)
}

// IndexStats summarizes an Index.
type IndexStats struct {
	Files, Classes, Members, Calls, UniqueStrings, Sites, InternedStrings int
	// Bytes approximates the memory held by the index (excluding the
	// scratch space used while adding, and Go map overhead estimates).
	Bytes int
}

// Stats returns counts and an approximation of the memory used.
func (x *Index) Stats() IndexStats {
	s := IndexStats{
		Files: len(x.files), Classes: len(x.classes), Members: len(x.members.ents), Calls: x.calls.len(),
		UniqueStrings: len(x.strRecs), Sites: len(x.sites), InternedStrings: x.strs.len(),
	}
	s.Bytes = x.strs.bytes() + x.members.bytes() +
		cap(x.classes)*int(unsafe.Sizeof(classRec{})) + len(x.classByDesc)*16 + cap(x.ifaces)*4 +
		x.calls.bytes() + cap(x.strRecs)*int(unsafe.Sizeof(strRec{})) +
		cap(x.recOf)*4 + cap(x.sites)*int(unsafe.Sizeof(siteRec{}))
	return s
}
