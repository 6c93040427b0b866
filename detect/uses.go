package detect

import (
	"sort"
	"strings"

	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/hostname"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// How a string constant is used at one code site, from a cheap local
// def-use over the bytecode of the method that loads it.
type siteUse uint8

const (
	useUnknown siteUse = iota // no code to look at (not kept, not decodable)
	useOther                  // loaded, reaches neither kind of API
	useMessage                // reaches an exception constructor or a logger inside a longer text
	useNetwork                // reaches an API that takes a destination
)

// Opcodes the def-use follows (values of the DEX instruction set).
const (
	opMove             dex.Opcode = 0x01
	opMoveFrom16       dex.Opcode = 0x02
	opMove16           dex.Opcode = 0x03
	opMoveObject       dex.Opcode = 0x07
	opMoveObjectFrom16 dex.Opcode = 0x08
	opMoveObject16     dex.Opcode = 0x09
	opMoveResultObject dex.Opcode = 0x0c
	opGoto             dex.Opcode = 0x28
	opGoto16           dex.Opcode = 0x29
	opGoto32           dex.Opcode = 0x2a
)

// Bounds of the def-use (APK code is hostile: a method may be huge, and
// thousands of sites may sit in it):
const (
	// maxDefUseSteps bounds the instructions followed from one constant.
	maxDefUseSteps = 256
	// maxCachedInsns bounds the decoded instructions kept between sites
	// (the cache is emptied beyond it).
	maxCachedInsns = 1 << 18
	// maxDecodedUnits bounds the code units decoded in one scan; past it
	// sites are left unknown.
	maxDecodedUnits = 1 << 25
	// maxClasses bounds the classes decoded in one scan.
	maxClasses = 1 << 15
)

// codeFinder finds the bytecode of the method at a string site in the DEX
// files kept for analysis, within a work budget.
type codeFinder struct {
	files   map[string]*dex.File
	defs    map[string]map[string]int    // file → class descriptor → class_defs index
	classes map[string]map[string]uint32 // file+" "+class → method → code offset
	methods map[string][]dex.Insn        // file+" "+method → decoded instructions (nil: none)
	cached  int                          // instructions held in methods
	units   int                          // code units decoded so far
}

func newCodeFinder(code []*dex.File) *codeFinder {
	c := &codeFinder{files: map[string]*dex.File{}, defs: map[string]map[string]int{}, classes: map[string]map[string]uint32{}, methods: map[string][]dex.Insn{}}
	for _, f := range code {
		if f != nil {
			c.files[f.Name] = f
		}
	}
	return c
}

// codeOff returns the code offset of a method (0: none or unknown).
func (c *codeFinder) codeOff(f *dex.File, loc dex.Location) uint32 {
	ck := loc.File + " " + loc.Class
	ms, ok := c.classes[ck]
	if !ok {
		if len(c.classes) >= maxClasses {
			return 0
		}
		defs := c.defs[loc.File]
		if defs == nil {
			defs = map[string]int{}
			for i := 0; i < f.NumClasses(); i++ {
				if d, err := f.ClassDescriptor(i); err == nil {
					if _, dup := defs[d]; !dup {
						defs[d] = i
					}
				}
			}
			c.defs[loc.File] = defs
		}
		if i, ok := defs[loc.Class]; ok {
			if cls, err := f.Class(i); err == nil {
				ms = map[string]uint32{}
				for _, list := range [][]dex.Method{cls.DirectMethods, cls.VirtualMethods} {
					for _, m := range list {
						if m.CodeOff != 0 {
							ms[m.Ref.String()] = m.CodeOff
						}
					}
				}
			}
		}
		c.classes[ck] = ms
	}
	return ms[loc.Method]
}

// insns returns the instructions of the method at loc, or nil.
func (c *codeFinder) insns(loc dex.Location) (*dex.File, []dex.Insn) {
	f := c.files[loc.File]
	if f == nil || loc.Class == "" || loc.Method == "" || loc.PC < 0 {
		return nil, nil
	}
	key := loc.File + " " + loc.Method
	if ins, ok := c.methods[key]; ok {
		return f, ins
	}
	off := c.codeOff(f, loc)
	if off == 0 {
		return nil, nil
	}
	code, err := f.Code(off)
	if err != nil || c.units+int(code.InsnsSize) > maxDecodedUnits {
		return nil, nil
	}
	c.units += int(code.InsnsSize)
	out, _ := code.Insns() // a decoding error keeps what was decoded
	if c.cached+len(out) > maxCachedInsns {
		clear(c.methods)
		c.cached = 0
	}
	c.methods[key] = out
	c.cached += len(out)
	return f, out
}

// use says how the constant loaded at loc is used.
func (c *codeFinder) use(loc dex.Location, spec *sdkdb.EndpointSpec) siteUse {
	f, ins := c.insns(loc)
	if ins == nil {
		return useUnknown
	}
	callee := func(in *dex.Insn) (string, string) {
		if in.Op.Ref() != dex.RefMethod {
			return "", ""
		}
		m, err := f.Method(in.Index)
		if err != nil {
			return "", ""
		}
		return m.Class, m.Name
	}
	return constUse(ins, uint32(loc.PC), callee, spec)
}

// constUse follows the register a const-string at pc defines, forward
// along fall-through and unconditional forward jumps, through moves,
// StringBuilder/StringBuffer appends, String methods and invoke-custom
// string concatenation, until it reaches a network API (useNetwork), is
// overwritten, or the method returns or throws. It is useMessage when,
// before that, it reached a message API after being joined into a longer
// text ("See " + url + " for details"): a URL logged as it is (Log.d(TAG,
// url)) may well be a destination.
func constUse(ins []dex.Insn, pc uint32, callee func(*dex.Insn) (class, name string), spec *sdkdb.EndpointSpec) siteUse {
	at := func(pc int64) int { // index of the instruction at pc, or -1
		i := sort.Search(len(ins), func(i int) bool { return int64(ins[i].PC) >= pc })
		if i < len(ins) && int64(ins[i].PC) == pc {
			return i
		}
		return -1
	}
	start := at(int64(pc))
	if start < 0 || ins[start].Op != dex.OpConstString && ins[start].Op != dex.OpConstStringJumbo || ins[start].NRegs == 0 {
		return useOther
	}
	tainted := map[uint16]bool{ins[start].Regs[0]: true}
	result := useOther
	pendingResult, joined := false, false
	var args, defs []uint16
	for i, steps := start+1, 0; i < len(ins) && steps < maxDefUseSteps && len(tainted) > 0; i, steps = i+1, steps+1 {
		in := &ins[i]
		if pendingResult {
			pendingResult = false
			if in.Op == opMoveResultObject && in.NRegs > 0 {
				tainted[in.Regs[0]] = true
				continue
			}
		}
		switch {
		case in.Op.IsInvoke():
			args = in.Args(args[:0])
			hit := -1
			for k, r := range args {
				if tainted[r] {
					hit = k
					break
				}
			}
			if hit < 0 {
				continue
			}
			if in.Op == dex.OpInvokeCustom || in.Op == dex.OpInvokeCustomRange {
				pendingResult, joined = true, true // StringConcatFactory and friends
				continue
			}
			class, name := callee(in)
			switch {
			case class == "":
			case spec.IsNetworkAPI(class, name):
				return useNetwork
			case spec.IsMessageAPI(class, name):
				if joined {
					result = useMessage
				}
			case class == "Ljava/lang/StringBuilder;" || class == "Ljava/lang/StringBuffer;":
				if len(args) > 0 {
					tainted[args[0]] = true // the builder now holds the text
				}
				pendingResult, joined = true, true
			case class == "Ljava/lang/String;" || class == "Lkotlin/text/StringsKt;" || strings.HasPrefix(class, "Lkotlin/text/StringsKt__"):
				pendingResult, joined = true, true
			}
		case in.Op == opMoveObject || in.Op == opMoveObjectFrom16 || in.Op == opMoveObject16 ||
			in.Op == opMove || in.Op == opMoveFrom16 || in.Op == opMove16:
			if in.NRegs >= 2 {
				if tainted[in.Regs[1]] {
					tainted[in.Regs[0]] = true
				} else {
					delete(tainted, in.Regs[0])
				}
			}
		case in.Op.IsReturn() || in.Op.EndsFlow() && !in.Op.IsBranch():
			return result // return, throw, payload
		case in.Op == opGoto || in.Op == opGoto16 || in.Op == opGoto32:
			t := in.TargetPC()
			if t <= int64(in.PC) {
				return result // a loop: stop
			}
			j := at(t)
			if j < 0 {
				return result
			}
			i = j - 1
		default:
			defs = in.Defs(defs[:0])
			for _, r := range defs {
				delete(tainted, r)
			}
		}
	}
	return result
}

// isProse reports whether s is a sentence around a link rather than a
// URL (or a URL template): it has at least three words of letters besides
// the URLs in it.
func isProse(s string) bool {
	words := 0
	for _, w := range strings.Fields(s) {
		if strings.Contains(w, "://") {
			continue
		}
		letters := 0
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if letters >= 2 {
			words++
		}
	}
	return words >= 3
}

// endpointUse is the report's use of an endpoint from what its sites say.
func (e *endpoint) use() string {
	switch {
	case e.network:
		return reports.UseNetwork
	case e.config:
		return reports.UseConfig
	}
	return reports.UseString
}

// identifierWhy says why an endpoint is an identifier rather than a place
// the app can reach, or "" when it is not one:
//   - it matches an identifier rule of the database (XML namespaces and
//     features, schema vocabularies);
//   - its host has no ICANN public suffix (javax.xml.transform.dom.domresult),
//     unless code passes it to a network API, it is an IP address or
//     localhost, or it ends in a stand-in suffix (.example);
//   - every code site that loads it is a sentence around the link, or
//     joins it into a text passed to an exception constructor or a logger,
//     and no resource or asset holds it: a documentation link in a
//     message.
func identifierWhy(spec *sdkdb.EndpointSpec, e *endpoint) string {
	if r := spec.Identifier(e.url, e.host); r != nil {
		return r.Why
	}
	if e.network {
		return ""
	}
	if !hostname.IsIP(e.host) && e.host != "localhost" && !hostname.HasICANNSuffix(e.host) && !spec.StandIn(e.host) {
		return "host without a public suffix"
	}
	if e.url != "" && !e.config && e.codeSites > 0 && e.messageSites == e.codeSites {
		return "documentation link in a message string"
	}
	return ""
}
