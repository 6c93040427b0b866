package dex

import "strconv"

// Opcode identifies a Dalvik instruction. Values 0x00-0xff are the standard
// opcodes (DEX 035-041); the payload pseudo-instructions and the
// Dalvik-odex-only opcodes (see OpcodeSet) get values above 0xff.
type Opcode uint16

// Format is a Dalvik instruction format, such as 22c or 35c.
type Format uint8

// Instruction formats.
const (
	FmtUnused Format = iota
	Fmt10x
	Fmt12x
	Fmt11n
	Fmt11x
	Fmt10t
	Fmt20t
	Fmt20bc
	Fmt22x
	Fmt21t
	Fmt21s
	Fmt21h
	Fmt21c
	Fmt23x
	Fmt22b
	Fmt22t
	Fmt22s
	Fmt22c
	Fmt22cs
	Fmt30t
	Fmt32x
	Fmt31i
	Fmt31t
	Fmt31c
	Fmt35c
	Fmt35ms
	Fmt35mi
	Fmt3rc
	Fmt3rms
	Fmt3rmi
	Fmt45cc
	Fmt4rcc
	Fmt51l
	FmtPayload
)

var formatNames = [...]string{"unused", "10x", "12x", "11n", "11x", "10t", "20t", "20bc", "22x", "21t", "21s", "21h", "21c",
	"23x", "22b", "22t", "22s", "22c", "22cs", "30t", "32x", "31i", "31t", "31c", "35c", "35ms", "35mi", "3rc", "3rms", "3rmi",
	"45cc", "4rcc", "51l", "payload"}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// formatSize is the instruction size in 16-bit code units (0 = variable).
var formatSize = [...]uint8{FmtUnused: 1, Fmt10x: 1, Fmt12x: 1, Fmt11n: 1, Fmt11x: 1, Fmt10t: 1,
	Fmt20t: 2, Fmt20bc: 2, Fmt22x: 2, Fmt21t: 2, Fmt21s: 2, Fmt21h: 2, Fmt21c: 2, Fmt23x: 2, Fmt22b: 2,
	Fmt22t: 2, Fmt22s: 2, Fmt22c: 2, Fmt22cs: 2, Fmt30t: 3, Fmt32x: 3, Fmt31i: 3, Fmt31t: 3, Fmt31c: 3,
	Fmt35c: 3, Fmt35ms: 3, Fmt35mi: 3, Fmt3rc: 3, Fmt3rms: 3, Fmt3rmi: 3, Fmt45cc: 4, Fmt4rcc: 4, Fmt51l: 5,
	FmtPayload: 0}

// RefKind tells what an instruction's Index refers to.
type RefKind uint8

// Reference kinds.
const (
	RefNone         RefKind = iota
	RefString               // string_ids
	RefType                 // type_ids
	RefField                // field_ids
	RefMethod               // method_ids (invoke-polymorphic: Index2 is a proto)
	RefProto                // proto_ids (const-method-type)
	RefCallSite             // call_site_ids (invoke-custom)
	RefMethodHandle         // method_handles (const-method-handle)
	RefFieldOffset          // odex: instance field byte offset (22cs)
	RefVtable               // odex: vtable index (35ms, 3rms)
	RefInline               // odex: inline method index (35mi, 3rmi)
	RefVerifyError          // odex: throw-verification-error reference
)

// Special opcode values.
const (
	OpNop                  Opcode = 0x00
	OpConstString          Opcode = 0x1a
	OpConstStringJumbo     Opcode = 0x1b
	OpConstClass           Opcode = 0x1c
	OpCheckCast            Opcode = 0x1f
	OpNewInstance          Opcode = 0x22
	OpFillArrayData        Opcode = 0x26
	OpPackedSwitch         Opcode = 0x2b
	OpSparseSwitch         Opcode = 0x2c
	OpInvokeVirtual        Opcode = 0x6e
	OpInvokeSuper          Opcode = 0x6f
	OpInvokeDirect         Opcode = 0x70
	OpInvokeStatic         Opcode = 0x71
	OpInvokeInterface      Opcode = 0x72
	OpInvokeVirtualRange   Opcode = 0x74
	OpInvokeSuperRange     Opcode = 0x75
	OpInvokeDirectRange    Opcode = 0x76
	OpInvokeStaticRange    Opcode = 0x77
	OpInvokeInterfaceRange Opcode = 0x78
	OpInvokePolymorphic    Opcode = 0xfa
	OpInvokePolymorphicRng Opcode = 0xfb
	OpInvokeCustom         Opcode = 0xfc
	OpInvokeCustomRange    Opcode = 0xfd
	OpConstMethodHandle    Opcode = 0xfe
	OpConstMethodType      Opcode = 0xff

	// Payload pseudo-instructions (their ident is the high byte of a nop).
	OpPackedSwitchPayload  Opcode = 0x200
	OpSparseSwitchPayload  Opcode = 0x201
	OpFillArrayDataPayload Opcode = 0x202

	// OdexBase is added to the byte value of an opcode decoded with
	// OpcodesDalvikOdex in the 0xe3-0xff range, e.g. OdexBase+0xf8 is
	// invoke-virtual-quick.
	OdexBase Opcode = 0x100
)

// Register-operand roles, 3 bits per operand position (vA, vB, vC).
const (
	rUse  = 1
	rDef  = 2
	rWide = 4
)

// Opcode flags.
const (
	flArgs       = 1 << iota // registers are an argument list (35c/3rc/...)
	flInvoke                 // method invocation
	flBranch                 // goto / if-*: Target is a branch offset
	flSwitch                 // packed/sparse-switch: Target points at a payload
	flReturn                 // return*
	flThrow                  // throw
	flPayload                // payload pseudo-instruction
	flCondBranch             // if-*
	flOdex                   // only valid in Dalvik odex files
	flUnused                 // unassigned opcode
	flFillArray              // fill-array-data
)

type opInfo struct {
	name  string
	fmt   Format
	ref   RefKind
	flags uint16
	regs  uint16 // 3 bits per operand position
}

const nOps = 0x203

var opTable [nOps]opInfo

func regs(a, b, c int) uint16 { return uint16(a | b<<3 | c<<6) }

func setOp(op Opcode, name string, f Format, ref RefKind, flags uint16, r uint16) {
	opTable[op] = opInfo{name: name, fmt: f, ref: ref, flags: flags, regs: r}
}

func init() {
	for i := range opTable {
		opTable[i] = opInfo{fmt: FmtUnused, flags: flUnused}
	}
	const (
		U, D, W = rUse, rDef, rWide
	)
	setOp(0x00, "nop", Fmt10x, RefNone, 0, 0)
	moves := []struct {
		base Opcode
		n    string
		w    int
	}{{0x01, "move", 0}, {0x04, "move-wide", W}, {0x07, "move-object", 0}}
	for _, m := range moves {
		setOp(m.base, m.n, Fmt12x, RefNone, 0, regs(D|m.w, U|m.w, 0))
		setOp(m.base+1, m.n+"/from16", Fmt22x, RefNone, 0, regs(D|m.w, U|m.w, 0))
		setOp(m.base+2, m.n+"/16", Fmt32x, RefNone, 0, regs(D|m.w, U|m.w, 0))
	}
	setOp(0x0a, "move-result", Fmt11x, RefNone, 0, regs(D, 0, 0))
	setOp(0x0b, "move-result-wide", Fmt11x, RefNone, 0, regs(D|W, 0, 0))
	setOp(0x0c, "move-result-object", Fmt11x, RefNone, 0, regs(D, 0, 0))
	setOp(0x0d, "move-exception", Fmt11x, RefNone, 0, regs(D, 0, 0))
	setOp(0x0e, "return-void", Fmt10x, RefNone, flReturn, 0)
	setOp(0x0f, "return", Fmt11x, RefNone, flReturn, regs(U, 0, 0))
	setOp(0x10, "return-wide", Fmt11x, RefNone, flReturn, regs(U|W, 0, 0))
	setOp(0x11, "return-object", Fmt11x, RefNone, flReturn, regs(U, 0, 0))
	setOp(0x12, "const/4", Fmt11n, RefNone, 0, regs(D, 0, 0))
	setOp(0x13, "const/16", Fmt21s, RefNone, 0, regs(D, 0, 0))
	setOp(0x14, "const", Fmt31i, RefNone, 0, regs(D, 0, 0))
	setOp(0x15, "const/high16", Fmt21h, RefNone, 0, regs(D, 0, 0))
	setOp(0x16, "const-wide/16", Fmt21s, RefNone, 0, regs(D|W, 0, 0))
	setOp(0x17, "const-wide/32", Fmt31i, RefNone, 0, regs(D|W, 0, 0))
	setOp(0x18, "const-wide", Fmt51l, RefNone, 0, regs(D|W, 0, 0))
	setOp(0x19, "const-wide/high16", Fmt21h, RefNone, 0, regs(D|W, 0, 0))
	setOp(0x1a, "const-string", Fmt21c, RefString, 0, regs(D, 0, 0))
	setOp(0x1b, "const-string/jumbo", Fmt31c, RefString, 0, regs(D, 0, 0))
	setOp(0x1c, "const-class", Fmt21c, RefType, 0, regs(D, 0, 0))
	setOp(0x1d, "monitor-enter", Fmt11x, RefNone, 0, regs(U, 0, 0))
	setOp(0x1e, "monitor-exit", Fmt11x, RefNone, 0, regs(U, 0, 0))
	setOp(0x1f, "check-cast", Fmt21c, RefType, 0, regs(U, 0, 0))
	setOp(0x20, "instance-of", Fmt22c, RefType, 0, regs(D, U, 0))
	setOp(0x21, "array-length", Fmt12x, RefNone, 0, regs(D, U, 0))
	setOp(0x22, "new-instance", Fmt21c, RefType, 0, regs(D, 0, 0))
	setOp(0x23, "new-array", Fmt22c, RefType, 0, regs(D, U, 0))
	setOp(0x24, "filled-new-array", Fmt35c, RefType, flArgs, 0)
	setOp(0x25, "filled-new-array/range", Fmt3rc, RefType, flArgs, 0)
	setOp(0x26, "fill-array-data", Fmt31t, RefNone, flFillArray, regs(U, 0, 0))
	setOp(0x27, "throw", Fmt11x, RefNone, flThrow, regs(U, 0, 0))
	setOp(0x28, "goto", Fmt10t, RefNone, flBranch, 0)
	setOp(0x29, "goto/16", Fmt20t, RefNone, flBranch, 0)
	setOp(0x2a, "goto/32", Fmt30t, RefNone, flBranch, 0)
	setOp(0x2b, "packed-switch", Fmt31t, RefNone, flSwitch, regs(U, 0, 0))
	setOp(0x2c, "sparse-switch", Fmt31t, RefNone, flSwitch, regs(U, 0, 0))
	setOp(0x2d, "cmpl-float", Fmt23x, RefNone, 0, regs(D, U, U))
	setOp(0x2e, "cmpg-float", Fmt23x, RefNone, 0, regs(D, U, U))
	setOp(0x2f, "cmpl-double", Fmt23x, RefNone, 0, regs(D, U|W, U|W))
	setOp(0x30, "cmpg-double", Fmt23x, RefNone, 0, regs(D, U|W, U|W))
	setOp(0x31, "cmp-long", Fmt23x, RefNone, 0, regs(D, U|W, U|W))
	for i, n := range []string{"eq", "ne", "lt", "ge", "gt", "le"} {
		setOp(0x32+Opcode(i), "if-"+n, Fmt22t, RefNone, flBranch|flCondBranch, regs(U, U, 0))
		setOp(0x38+Opcode(i), "if-"+n+"z", Fmt21t, RefNone, flBranch|flCondBranch, regs(U, 0, 0))
	}
	kinds := []string{"", "-wide", "-object", "-boolean", "-byte", "-char", "-short"}
	for i, k := range kinds {
		w := 0
		if k == "-wide" {
			w = W
		}
		setOp(0x44+Opcode(i), "aget"+k, Fmt23x, RefNone, 0, regs(D|w, U, U))
		setOp(0x4b+Opcode(i), "aput"+k, Fmt23x, RefNone, 0, regs(U|w, U, U))
		setOp(0x52+Opcode(i), "iget"+k, Fmt22c, RefField, 0, regs(D|w, U, 0))
		setOp(0x59+Opcode(i), "iput"+k, Fmt22c, RefField, 0, regs(U|w, U, 0))
		setOp(0x60+Opcode(i), "sget"+k, Fmt21c, RefField, 0, regs(D|w, 0, 0))
		setOp(0x67+Opcode(i), "sput"+k, Fmt21c, RefField, 0, regs(U|w, 0, 0))
	}
	for i, k := range []string{"virtual", "super", "direct", "static", "interface"} {
		setOp(0x6e+Opcode(i), "invoke-"+k, Fmt35c, RefMethod, flArgs|flInvoke, 0)
		setOp(0x74+Opcode(i), "invoke-"+k+"/range", Fmt3rc, RefMethod, flArgs|flInvoke, 0)
	}
	unops := []struct {
		n    string
		a, b int
	}{
		{"neg-int", 0, 0}, {"not-int", 0, 0}, {"neg-long", W, W}, {"not-long", W, W}, {"neg-float", 0, 0},
		{"neg-double", W, W}, {"int-to-long", W, 0}, {"int-to-float", 0, 0}, {"int-to-double", W, 0},
		{"long-to-int", 0, W}, {"long-to-float", 0, W}, {"long-to-double", W, W}, {"float-to-int", 0, 0},
		{"float-to-long", W, 0}, {"float-to-double", W, 0}, {"double-to-int", 0, W}, {"double-to-long", W, W},
		{"double-to-float", 0, W}, {"int-to-byte", 0, 0}, {"int-to-char", 0, 0}, {"int-to-short", 0, 0},
	}
	for i, u := range unops {
		setOp(0x7b+Opcode(i), u.n, Fmt12x, RefNone, 0, regs(D|u.a, U|u.b, 0))
	}
	intOps := []string{"add", "sub", "mul", "div", "rem", "and", "or", "xor", "shl", "shr", "ushr"}
	fpOps := []string{"add", "sub", "mul", "div", "rem"}
	type binop struct {
		n       string
		w, wsrc int // wsrc: wideness of the second source (shift amount is int)
	}
	var binops []binop
	for _, o := range intOps {
		binops = append(binops, binop{o + "-int", 0, 0})
	}
	for _, o := range intOps {
		ws := W
		if o == "shl" || o == "shr" || o == "ushr" {
			ws = 0
		}
		binops = append(binops, binop{o + "-long", W, ws})
	}
	for _, o := range fpOps {
		binops = append(binops, binop{o + "-float", 0, 0})
	}
	for _, o := range fpOps {
		binops = append(binops, binop{o + "-double", W, W})
	}
	for i, b := range binops { // 0x90-0xaf and 0xb0-0xcf
		setOp(0x90+Opcode(i), b.n, Fmt23x, RefNone, 0, regs(D|b.w, U|b.w, U|b.wsrc))
		setOp(0xb0+Opcode(i), b.n+"/2addr", Fmt12x, RefNone, 0, regs(D|U|b.w, U|b.wsrc, 0))
	}
	lit16 := []string{"add-int/lit16", "rsub-int", "mul-int/lit16", "div-int/lit16", "rem-int/lit16", "and-int/lit16", "or-int/lit16", "xor-int/lit16"}
	for i, n := range lit16 {
		setOp(0xd0+Opcode(i), n, Fmt22s, RefNone, 0, regs(D, U, 0))
	}
	lit8 := []string{"add-int/lit8", "rsub-int/lit8", "mul-int/lit8", "div-int/lit8", "rem-int/lit8", "and-int/lit8", "or-int/lit8", "xor-int/lit8", "shl-int/lit8", "shr-int/lit8", "ushr-int/lit8"}
	for i, n := range lit8 {
		setOp(0xd8+Opcode(i), n, Fmt22b, RefNone, 0, regs(D, U, 0))
	}
	setOp(0xfa, "invoke-polymorphic", Fmt45cc, RefMethod, flArgs|flInvoke, 0)
	setOp(0xfb, "invoke-polymorphic/range", Fmt4rcc, RefMethod, flArgs|flInvoke, 0)
	setOp(0xfc, "invoke-custom", Fmt35c, RefCallSite, flArgs|flInvoke, 0)
	setOp(0xfd, "invoke-custom/range", Fmt3rc, RefCallSite, flArgs|flInvoke, 0)
	setOp(0xfe, "const-method-handle", Fmt21c, RefMethodHandle, 0, regs(D, 0, 0))
	setOp(0xff, "const-method-type", Fmt21c, RefProto, 0, regs(D, 0, 0))

	// Payload pseudo-instructions.
	setOp(OpPackedSwitchPayload, "packed-switch-payload", FmtPayload, RefNone, flPayload, 0)
	setOp(OpSparseSwitchPayload, "sparse-switch-payload", FmtPayload, RefNone, flPayload, 0)
	setOp(OpFillArrayDataPayload, "array-payload", FmtPayload, RefNone, flPayload, 0)

	// Dalvik odex (pre-ART optimized DEX) opcodes 0xe3-0xfe, only decoded
	// with OpcodesDalvikOdex.
	o := func(b Opcode, name string, f Format, ref RefKind, flags uint16, r uint16) {
		setOp(OdexBase+b, name, f, ref, flags|flOdex, r)
	}
	o(0xe3, "iget-volatile", Fmt22c, RefField, 0, regs(D, U, 0))
	o(0xe4, "iput-volatile", Fmt22c, RefField, 0, regs(U, U, 0))
	o(0xe5, "sget-volatile", Fmt21c, RefField, 0, regs(D, 0, 0))
	o(0xe6, "sput-volatile", Fmt21c, RefField, 0, regs(U, 0, 0))
	o(0xe7, "iget-object-volatile", Fmt22c, RefField, 0, regs(D, U, 0))
	o(0xe8, "iget-wide-volatile", Fmt22c, RefField, 0, regs(D|W, U, 0))
	o(0xe9, "iput-wide-volatile", Fmt22c, RefField, 0, regs(U|W, U, 0))
	o(0xea, "sget-wide-volatile", Fmt21c, RefField, 0, regs(D|W, 0, 0))
	o(0xeb, "sput-wide-volatile", Fmt21c, RefField, 0, regs(U|W, 0, 0))
	o(0xec, "breakpoint", Fmt10x, RefNone, 0, 0)
	o(0xed, "throw-verification-error", Fmt20bc, RefVerifyError, flThrow, 0)
	o(0xee, "execute-inline", Fmt35mi, RefInline, flArgs|flInvoke, 0)
	o(0xef, "execute-inline/range", Fmt3rmi, RefInline, flArgs|flInvoke, 0)
	o(0xf0, "invoke-object-init/range", Fmt3rc, RefMethod, flArgs|flInvoke, 0)
	o(0xf1, "return-void-barrier", Fmt10x, RefNone, flReturn, 0)
	o(0xf2, "iget-quick", Fmt22cs, RefFieldOffset, 0, regs(D, U, 0))
	o(0xf3, "iget-wide-quick", Fmt22cs, RefFieldOffset, 0, regs(D|W, U, 0))
	o(0xf4, "iget-object-quick", Fmt22cs, RefFieldOffset, 0, regs(D, U, 0))
	o(0xf5, "iput-quick", Fmt22cs, RefFieldOffset, 0, regs(U, U, 0))
	o(0xf6, "iput-wide-quick", Fmt22cs, RefFieldOffset, 0, regs(U|W, U, 0))
	o(0xf7, "iput-object-quick", Fmt22cs, RefFieldOffset, 0, regs(U, U, 0))
	o(0xf8, "invoke-virtual-quick", Fmt35ms, RefVtable, flArgs|flInvoke, 0)
	o(0xf9, "invoke-virtual-quick/range", Fmt3rms, RefVtable, flArgs|flInvoke, 0)
	o(0xfa, "invoke-super-quick", Fmt35ms, RefVtable, flArgs|flInvoke, 0)
	o(0xfb, "invoke-super-quick/range", Fmt3rms, RefVtable, flArgs|flInvoke, 0)
	o(0xfc, "iput-object-volatile", Fmt22c, RefField, 0, regs(U, U, 0))
	o(0xfd, "sget-object-volatile", Fmt21c, RefField, 0, regs(D, 0, 0))
	o(0xfe, "sput-object-volatile", Fmt21c, RefField, 0, regs(U, 0, 0))
}

func (op Opcode) info() *opInfo {
	if int(op) < nOps {
		return &opTable[op]
	}
	return &opTable[0x3e] // an unused slot
}

// String returns the smali mnemonic, e.g. "invoke-virtual/range".
func (op Opcode) String() string {
	if in := op.info(); in.name != "" {
		return in.name
	}
	return "unused-0x" + strconv.FormatUint(uint64(op), 16)
}

// Format returns the instruction format of op.
func (op Opcode) Format() Format { return op.info().fmt }

// Ref returns what the Index of an instruction with this opcode refers to.
func (op Opcode) Ref() RefKind { return op.info().ref }

// Valid reports whether op is an assigned opcode.
func (op Opcode) Valid() bool { return op.info().flags&flUnused == 0 }

// IsInvoke reports whether op invokes a method (including invoke-custom,
// invoke-polymorphic and the odex quick/inline invokes).
func (op Opcode) IsInvoke() bool { return op.info().flags&flInvoke != 0 }

// IsBranch reports whether op is a goto or if-*; Insn.Target is then the
// branch offset.
func (op Opcode) IsBranch() bool { return op.info().flags&flBranch != 0 }

// IsConditional reports whether op is an if-* (it may also fall through).
func (op Opcode) IsConditional() bool { return op.info().flags&flCondBranch != 0 }

// IsSwitch reports whether op is packed-switch or sparse-switch.
func (op Opcode) IsSwitch() bool { return op.info().flags&flSwitch != 0 }

// IsReturn reports whether op is a return instruction.
func (op Opcode) IsReturn() bool { return op.info().flags&flReturn != 0 }

// IsPayload reports whether op is a payload pseudo-instruction.
func (op Opcode) IsPayload() bool { return op.info().flags&flPayload != 0 }

// IsRange reports whether op uses a register range (3rc, 3rms, 3rmi, 4rcc).
func (op Opcode) IsRange() bool {
	switch op.info().fmt {
	case Fmt3rc, Fmt3rms, Fmt3rmi, Fmt4rcc:
		return true
	}
	return false
}

// EndsFlow reports whether execution never falls through to the next
// instruction (return, throw, goto, payload).
func (op Opcode) EndsFlow() bool {
	fl := op.info().flags
	return fl&(flReturn|flThrow|flPayload) != 0 || (fl&flBranch != 0 && fl&flCondBranch == 0)
}
