package dex

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func loadTestdata(t testing.TB, name string) *File {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func findClass(t testing.TB, f *File, desc string) *Class {
	t.Helper()
	for i := 0; i < f.NumClasses(); i++ {
		c, err := f.Class(i)
		if err != nil {
			t.Fatalf("class %d: %v", i, err)
		}
		if c.Descriptor == desc {
			return c
		}
	}
	t.Fatalf("class %s not found", desc)
	return nil
}

func findMethod(t testing.TB, c *Class, name string) Method {
	t.Helper()
	for _, m := range append(slices.Clone(c.DirectMethods), c.VirtualMethods...) {
		if m.Ref.Name == name {
			return m
		}
	}
	t.Fatalf("method %s not found in %s", name, c.Descriptor)
	return Method{}
}

func methodInsns(t testing.TB, f *File, c *Class, name string) (*Code, []Insn) {
	t.Helper()
	m := findMethod(t, c, name)
	code, err := f.Code(m.CodeOff)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := code.Insns()
	if err != nil {
		t.Fatal(err)
	}
	return code, ins
}

func insnAt(t testing.TB, ins []Insn, pc uint32) *Insn {
	t.Helper()
	for i := range ins {
		if ins[i].PC == pc {
			return &ins[i]
		}
	}
	t.Fatalf("no instruction at 0x%x", pc)
	return nil
}

func firstOp(t testing.TB, ins []Insn, op Opcode) *Insn {
	t.Helper()
	for i := range ins {
		if ins[i].Op == op {
			return &ins[i]
		}
	}
	t.Fatalf("no %s instruction", op)
	return nil
}

func opByName(t testing.TB, name string) Opcode {
	t.Helper()
	for op := Opcode(0); op < nOps; op++ {
		if op.String() == name {
			return op
		}
	}
	t.Fatalf("unknown mnemonic %q", name)
	return 0
}

func TestParseHeaderAndTables(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	if f.Header.Version != 35 {
		t.Errorf("version %d", f.Header.Version)
	}
	if err := f.VerifyChecksum(); err != nil {
		t.Error(err)
	}
	if f.NumClasses() != 3 {
		t.Errorf("NumClasses = %d, want 3", f.NumClasses())
	}
	for i := 0; i < f.NumStrings(); i++ {
		if _, err := f.String(uint32(i)); err != nil {
			t.Error(err)
		}
	}
	for i := 0; i < f.NumMethods(); i++ {
		m, err := f.Method(uint32(i))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.Proto, "(") || !strings.HasPrefix(m.Class, "L") {
			t.Errorf("bad method ref %v", m)
		}
	}
	if _, err := f.String(uint32(f.NumStrings())); err == nil {
		t.Error("out-of-range string index accepted")
	}
	if _, err := f.Method(1 << 30); err == nil {
		t.Error("out-of-range method index accepted")
	}
	if _, err := f.Class(f.NumClasses()); err == nil {
		t.Error("out-of-range class index accepted")
	}
}

func TestRefStrings(t *testing.T) {
	m := MethodRef{Class: "Lcom/x/Y;", Name: "name", Proto: "(Ljava/lang/String;I)V"}
	if got := m.String(); got != "Lcom/x/Y;->name(Ljava/lang/String;I)V" {
		t.Errorf("MethodRef.String() = %q", got)
	}
	fr := FieldRef{Class: "Lcom/x/Y;", Name: "f", Type: "Ljava/lang/String;"}
	if got := fr.String(); got != "Lcom/x/Y;->f:Ljava/lang/String;" {
		t.Errorf("FieldRef.String() = %q", got)
	}
	l := Location{File: "classes2.dex", Class: "Lcom/x/Y;", Method: "Lcom/x/Y;->m(I)V", PC: 0x1a}
	if got := l.String(); got != "classes2.dex Lcom/x/Y;->m(I)V @001a" {
		t.Errorf("Location.String() = %q", got)
	}
	l = Location{File: "classes.dex", Class: "Lcom/x/Y;", Method: "Lcom/x/Y;->f:Ljava/lang/String;", PC: -1}
	if got := l.String(); got != "classes.dex Lcom/x/Y;->f:Ljava/lang/String;" {
		t.Errorf("Location.String() = %q", got)
	}
}

func TestClassAndStaticValues(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	c := findClass(t, f, "Lt/All;")
	if c.Super != "Ljava/lang/Object;" || !slices.Equal(c.Interfaces, []string{"Ljava/lang/Runnable;"}) || c.SourceFile != "All.java" {
		t.Errorf("class header: super %q ifaces %v source %q", c.Super, c.Interfaces, c.SourceFile)
	}
	if c.AccessFlags&AccPublic == 0 {
		t.Errorf("access flags 0x%x", c.AccessFlags)
	}
	vals := map[string]*Value{}
	for _, fl := range c.StaticFields {
		vals[fl.Ref.Name] = fl.Value
		if fl.Ref.Class != "Lt/All;" {
			t.Errorf("field class %q", fl.Ref.Class)
		}
	}
	check := func(name string, kind ValueKind, pred func(v *Value) bool) {
		t.Helper()
		v := vals[name]
		if v == nil {
			t.Errorf("%s: no value", name)
			return
		}
		if v.Kind != kind || !pred(v) {
			t.Errorf("%s = %v (%s, bits 0x%x, str %q)", name, v, v.Kind, v.Bits, v.Str)
		}
	}
	check("S_STR", ValueString, func(v *Value) bool { return v.Str == "static-string" })
	check("S_BYTE", ValueByte, func(v *Value) bool { return v.Int() == 7 })
	check("S_SHORT", ValueShort, func(v *Value) bool { return v.Int() == -2 })
	check("S_CHAR", ValueChar, func(v *Value) bool { return v.Int() == 'x' })
	check("S_INT", ValueInt, func(v *Value) bool { return v.Int() == 0x12345678 })
	check("S_LONG", ValueLong, func(v *Value) bool { return v.Int() == -0x123456789 })
	check("S_FLOAT", ValueFloat, func(v *Value) bool { return v.Float() == 1.5 })
	check("S_DOUBLE", ValueDouble, func(v *Value) bool { return v.Float() == -2.25 })
	check("S_BOOL", ValueBoolean, func(v *Value) bool { return v.Bits == 1 && v.String() == "true" })
	check("S_NULL", ValueNull, func(v *Value) bool { return v.String() == "null" })
	check("S_TYPE", ValueType, func(v *Value) bool { return v.Str == "Lt/All;" })
	// MUTF-8: embedded NUL (C0 80), supplementary character as a CESU-8
	// surrogate pair, 2- and 3-byte characters, lone surrogate.
	check("S_NUL", ValueString, func(v *Value) bool { return v.Str == "a\x00b" })
	check("S_EMOJI", ValueString, func(v *Value) bool { return v.Str == "smile \U0001F600 é 中" })
	check("S_LONE", ValueString, func(v *Value) bool { return v.Str == "lone \uFFFD x" })
	if v := vals["S_NOVALUE"]; v == nil || v.Kind != ValueInt || v.Int() != 0 {
		t.Errorf("S_NOVALUE = %v (smali writes an explicit default)", v)
	}
	if len(c.InstanceFields) != 7 {
		t.Errorf("%d instance fields", len(c.InstanceFields))
	}
	nat := findMethod(t, c, "nat")
	if nat.CodeOff != 0 || nat.AccessFlags&AccNative == 0 {
		t.Errorf("native method: %+v", nat)
	}
	if m := findMethod(t, c, "<init>"); m.AccessFlags&AccConstructor == 0 {
		t.Errorf("<init> flags 0x%x", m.AccessFlags)
	}
}

func TestStaticValuesAllKinds(t *testing.T) {
	f := loadTestdata(t, "values.dex")
	c := findClass(t, f, "Lt/Values;")
	got := map[string]string{}
	for _, fl := range c.StaticFields {
		if fl.Value != nil {
			got[fl.Ref.Name] = fl.Value.Kind.String() + " " + fl.Value.String()
		}
	}
	want := map[string]string{
		"S_INT":    "int 1",
		"S_ENUM":   "enum .enum Lt/Color;->RED:Lt/Color;",
		"S_FIELD":  "field Lt/All;->fint:I",
		"S_METHOD": "method Lt/All;->run()V",
		"S_ARRAY":  "array {1, 2, 3}",
		"S_ANNO":   "annotation .subannotation Lt/Anno;",
		"S_NESTED": `array {{"deep"}, null, {}}`,
		"S_AFTER":  `string "after-annotation"`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// standardOpsSeen decodes every method of the given files.
func opsSeen(t *testing.T, names ...string) map[Opcode]bool {
	seen := map[Opcode]bool{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(filepath.Base(n), data)
		if err != nil {
			t.Fatal(err)
		}
		cs, errs := f.Classes()
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		for _, c := range cs {
			for _, m := range append(c.DirectMethods, c.VirtualMethods...) {
				if m.CodeOff == 0 {
					continue
				}
				code, err := f.Code(m.CodeOff)
				if err != nil {
					t.Fatal(err)
				}
				ins, err := code.Insns()
				if err != nil {
					t.Fatalf("%s: %v", m.Ref, err)
				}
				for i := range ins {
					seen[ins[i].Op] = true
					// every reference must resolve and print
					if s := f.FormatInsn(&ins[i]); strings.Contains(s, "@") && !strings.Contains(s, "call_site@") && !strings.Contains(s, "invoke-static@") {
						t.Errorf("%s: unresolved operand in %q", m.Ref, s)
					}
				}
			}
		}
	}
	return seen
}

func TestAllStandardOpcodesDecoded(t *testing.T) {
	checkAllOpcodes(t, "testdata/basic.dex", "testdata/api28.dex")
}

// TestFreshSmaliBuild assembles the smali sources of the committed test
// files again and checks the result the same way.
func TestFreshSmaliBuild(t *testing.T) {
	if _, err := exec.LookPath("smali"); err != nil {
		t.Skip("smali not on PATH (Debian package libsmali-java); skipping tests that assemble DEX files")
	}
	dir := t.TempDir()
	for _, b := range []struct{ src, api string }{{"basic", "21"}, {"api28", "28"}} {
		out := filepath.Join(dir, b.src+".dex")
		if msg, err := exec.Command("smali", "assemble", "-j", "1", "--api", b.api, "-o", out, "testdata/smali/"+b.src).CombinedOutput(); err != nil {
			t.Fatalf("smali: %v\n%s", err, msg)
		}
		fresh, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile("testdata/" + b.src + ".dex")
		if err != nil {
			t.Fatal(err)
		}
		// Bytes may differ with another smali version; what the files
		// define must not (else the committed file is stale: run
		// testdata/build.sh).
		if got, want := classListing(t, out, fresh), classListing(t, "testdata/"+b.src+".dex", committed); got != want {
			t.Errorf("%s.dex defines other classes or methods than its smali sources:\n fresh:     %.300s\n committed: %.300s", b.src, got, want)
		}
	}
	checkAllOpcodes(t, filepath.Join(dir, "basic.dex"), filepath.Join(dir, "api28.dex"))
}

func checkAllOpcodes(t *testing.T, files ...string) {
	seen := opsSeen(t, files...)
	var missing []string
	for op := Opcode(0); op <= 0xff; op++ {
		if op.Valid() && !seen[op] {
			missing = append(missing, op.String())
		}
	}
	if len(missing) > 0 {
		t.Errorf("opcodes never decoded from the test DEX files: %v", missing)
	}
	for _, p := range []Opcode{OpPackedSwitchPayload, OpSparseSwitchPayload, OpFillArrayDataPayload} {
		if !seen[p] {
			t.Errorf("payload %s not seen", p)
		}
	}
	n := 0
	for op := Opcode(0); op <= 0xff; op++ {
		if op.Valid() {
			n++
		}
	}
	if n != 224 {
		t.Errorf("%d valid standard opcodes, want 224", n)
	}
}

func TestOpcodeNames(t *testing.T) {
	for op, want := range map[Opcode]string{
		0x74: "invoke-virtual/range", 0x1b: "const-string/jumbo", 0x00: "nop", 0xd1: "rsub-int", 0xd9: "rsub-int/lit8",
		0xb0: "add-int/2addr", 0xfa: "invoke-polymorphic", 0xfd: "invoke-custom/range", 0xff: "const-method-type",
		0x3e: "unused-0x3e", OdexBase + 0xf8: "invoke-virtual-quick", OpFillArrayDataPayload: "array-payload",
	} {
		if got := op.String(); got != want {
			t.Errorf("Opcode(0x%x).String() = %q, want %q", uint16(op), got, want)
		}
	}
	if Opcode(0x6e).Format() != Fmt35c || Opcode(0xfb).Format() != Fmt4rcc || Opcode(0x18).Format().String() != "51l" {
		t.Error("format table")
	}
}

func TestInsnOperands(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	c := findClass(t, f, "Lt/All;")

	_, ins := methodInsns(t, f, c, "consts")
	lits := map[string]int64{
		"const/4": -8, "const/16": 0x7fff, "const": 0x12345678, "const/high16": 0x7f000000,
		"const-wide/16": -1, "const-wide/32": 0x12345678, "const-wide": 0x123456789abcdef0,
		"const-wide/high16": 0x4000000000000000,
	}
	for name, want := range lits {
		if in := firstOp(t, ins, opByName(t, name)); in.Literal != want {
			t.Errorf("%s literal = %#x, want %#x", name, in.Literal, want)
		}
	}
	for _, name := range []string{"const-string", "const-string/jumbo"} {
		in := firstOp(t, ins, opByName(t, name))
		s, err := f.InsnString(in)
		if err != nil || (s != "hello" && s != "jumbo") {
			t.Errorf("%s operand %q %v", name, s, err)
		}
	}
	if s, _ := f.InsnType(firstOp(t, ins, OpConstClass)); s != "Lt/All;" {
		t.Errorf("const-class type %q", s)
	}

	_, ins = methodInsns(t, f, c, "arith")
	for name, want := range map[string]int64{"add-int/lit16": -0x1234, "rsub-int": -0x1234, "add-int/lit8": -0x7f, "ushr-int/lit8": -0x7f} {
		if in := firstOp(t, ins, opByName(t, name)); in.Literal != want {
			t.Errorf("%s literal %d", name, in.Literal)
		}
	}
	// def/use with wide pairs
	du := []struct {
		op         string
		defs, uses []uint16
	}{
		{"cmp-long", []uint16{0}, []uint16{2, 3, 4, 5}},
		{"cmpl-float", []uint16{0}, []uint16{1, 2}},
		{"aget-wide", []uint16{2, 3}, []uint16{6, 7}},
		{"aput-wide", nil, []uint16{2, 3, 6, 7}},
		{"shl-long", []uint16{8, 9}, []uint16{10, 11, 12}},
		{"add-long", []uint16{8, 9}, []uint16{10, 11, 12, 13}},
		{"add-long/2addr", []uint16{8, 9}, []uint16{8, 9, 10, 11}},
		{"shl-long/2addr", []uint16{8, 9}, []uint16{8, 9, 10}},
		{"int-to-long", []uint16{8, 9}, []uint16{10}},
		{"long-to-int", []uint16{8}, []uint16{10, 11}},
		{"double-to-long", []uint16{8, 9}, []uint16{10, 11}},
		{"add-int/lit8", []uint16{8}, []uint16{9}},
	}
	for _, d := range du {
		in := firstOp(t, ins, opByName(t, d.op))
		if got := in.Defs(nil); !slices.Equal(got, d.defs) {
			t.Errorf("%s defs %v, want %v", d.op, got, d.defs)
		}
		if got := in.Uses(nil); !slices.Equal(got, d.uses) {
			t.Errorf("%s uses %v, want %v", d.op, got, d.uses)
		}
	}

	_, ins = methodInsns(t, f, c, "moves")
	in := firstOp(t, ins, opByName(t, "move-wide/16"))
	if !slices.Equal(in.Defs(nil), []uint16{258, 259}) || !slices.Equal(in.Uses(nil), []uint16{260, 261}) {
		t.Errorf("move-wide/16 defs %v uses %v", in.Defs(nil), in.Uses(nil))
	}
	in = firstOp(t, ins, opByName(t, "move-object/from16"))
	if !slices.Equal(in.Defs(nil), []uint16{0}) || !slices.Equal(in.Uses(nil), []uint16{299}) {
		t.Errorf("move-object/from16 defs %v uses %v", in.Defs(nil), in.Uses(nil))
	}
	if in := firstOp(t, ins, opByName(t, "move-result-wide")); !slices.Equal(in.Defs(nil), []uint16{0, 1}) {
		t.Errorf("move-result-wide defs %v", in.Defs(nil))
	}

	_, ins = methodInsns(t, f, c, "fields")
	in = firstOp(t, ins, opByName(t, "iget-wide"))
	if fr, err := f.InsnField(in); err != nil || fr.String() != "Lt/All;->fwide:J" || !slices.Equal(in.Defs(nil), []uint16{0, 1}) || !slices.Equal(in.Uses(nil), []uint16{3}) {
		t.Errorf("iget-wide field %v %v defs %v uses %v", fr, err, in.Defs(nil), in.Uses(nil))
	}
	in = firstOp(t, ins, opByName(t, "sput-object"))
	if fr, _ := f.InsnField(in); fr.String() != "Lt/All;->sfobject:Ljava/lang/Object;" || !slices.Equal(in.Uses(nil), []uint16{0}) {
		t.Errorf("sput-object %v uses %v", fr, in.Uses(nil))
	}

	_, ins = methodInsns(t, f, c, "invokes")
	wantCallees := []string{
		"invoke-virtual Lt/All;->run()V", "invoke-super Ljava/lang/Object;->hashCode()I", "invoke-direct Lt/All;->priv()V",
		"invoke-static Lt/All;->five(IIIII)V", "invoke-interface Ljava/lang/Runnable;->run()V",
		"invoke-virtual/range Lt/All;->run()V", "invoke-super/range Ljava/lang/Object;->hashCode()I",
		"invoke-direct/range Lt/All;->priv()V", "invoke-static/range Lt/All;->five(IIIII)V",
		"invoke-interface/range Ljava/lang/Runnable;->run()V",
	}
	var gotCallees []string
	for i := range ins {
		if ins[i].Op.IsInvoke() {
			m, err := f.InsnMethod(&ins[i])
			if err != nil {
				t.Fatal(err)
			}
			gotCallees = append(gotCallees, ins[i].Op.String()+" "+m.String())
		}
	}
	if !slices.Equal(gotCallees, wantCallees) {
		t.Errorf("callees\n got %v\nwant %v", gotCallees, wantCallees)
	}
	in = firstOp(t, ins, OpInvokeStaticRange)
	if in.RangeFirst != 0 || in.RangeCount != 5 || !slices.Equal(in.Args(nil), []uint16{0, 1, 2, 3, 4}) {
		t.Errorf("invoke-static/range %+v", in)
	}
	in = firstOp(t, ins, OpInvokeStatic)
	if in.NRegs != 5 || !slices.Equal(in.Uses(nil), []uint16{0, 1, 2, 3, 4}) {
		t.Errorf("invoke-static 5 args %+v", in)
	}

	_, ins = methodInsns(t, f, c, "objs")
	if in := firstOp(t, ins, opByName(t, "filled-new-array")); !slices.Equal(in.Args(nil), []uint16{1, 1, 1}) {
		t.Errorf("filled-new-array args %v", in.Args(nil))
	}
	if in := firstOp(t, ins, opByName(t, "new-array")); !slices.Equal(in.Defs(nil), []uint16{2}) || !slices.Equal(in.Uses(nil), []uint16{1}) {
		t.Error("new-array def/use")
	}
	if s, _ := f.InsnType(firstOp(t, ins, OpNewInstance)); s != "Ljava/lang/Object;" {
		t.Errorf("new-instance type %q", s)
	}
	if s, _ := f.InsnType(firstOp(t, ins, OpCheckCast)); s != "Ljava/lang/String;" {
		t.Errorf("check-cast type %q", s)
	}
}

func TestSwitchAndArrayPayloads(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	c := findClass(t, f, "Lt/All;")
	code, ins := methodInsns(t, f, c, "branches")
	ps := firstOp(t, ins, OpPackedSwitch)
	st, err := code.Switch(ps)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Keys, []int32{1, 2}) || !slices.Equal(st.Targets, []uint32{0x24, 0x26}) {
		t.Errorf("packed-switch %+v", st)
	}
	ss := firstOp(t, ins, OpSparseSwitch)
	st, err = code.Switch(ss)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Keys, []int32{5, 0x1000}) || !slices.Equal(st.Targets, []uint32{0x24, 0x26}) {
		t.Errorf("sparse-switch %+v", st)
	}
	tg, err := code.Targets(ss, nil)
	if err != nil || !slices.Equal(tg, []uint32{0x24, 0x26}) {
		t.Errorf("Targets(sparse-switch) = %v, %v", tg, err)
	}
	g32 := firstOp(t, ins, opByName(t, "goto/32"))
	if g32.TargetPC() != 0 || !g32.Op.EndsFlow() {
		t.Errorf("goto/32 target %d", g32.TargetPC())
	}
	ifeq := insnAt(t, ins, 0)
	if ifeq.Op.String() != "if-eq" || ifeq.TargetPC() != 0x1f || ifeq.Op.EndsFlow() || !ifeq.Op.IsConditional() {
		t.Errorf("if-eq %+v", ifeq)
	}
	// The payloads are skipped as single pseudo-instructions of the right size.
	p := firstOp(t, ins, OpPackedSwitchPayload)
	if p.PC != 0x28 || p.Size != 8 {
		t.Errorf("packed payload at 0x%x size %d", p.PC, p.Size)
	}
	p = firstOp(t, ins, OpSparseSwitchPayload)
	if p.PC != 0x30 || p.Size != 10 {
		t.Errorf("sparse payload at 0x%x size %d", p.PC, p.Size)
	}

	code, ins = methodInsns(t, f, c, "objs")
	ad, err := code.ArrayData(firstOp(t, ins, OpFillArrayData))
	if err != nil {
		t.Fatal(err)
	}
	if ad.Width != 4 || ad.Count != 3 || binary.LittleEndian.Uint32(ad.Data[8:]) != 3 {
		t.Errorf("array data %+v", ad)
	}
	if _, err := code.Switch(firstOp(t, ins, OpFillArrayData)); err == nil {
		t.Error("Switch accepted fill-array-data")
	}
}

func TestTries(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	c := findClass(t, f, "Lt/All;")
	code, _ := methodInsns(t, f, c, "tries")
	tries, err := code.Tries()
	if err != nil {
		t.Fatal(err)
	}
	if len(tries) != 1 {
		t.Fatalf("%d tries", len(tries))
	}
	tr := tries[0]
	if tr.Start != 0 || tr.End() != 3 || !tr.Covers(0) || tr.Covers(3) ||
		len(tr.Catches) != 1 || tr.Catches[0].Type != "Ljava/lang/RuntimeException;" || tr.Catches[0].Addr != 4 ||
		!tr.HasCatchAll || tr.CatchAll != 6 {
		t.Errorf("try %+v", tr)
	}
	if code.RegistersSize != 2 || code.InsSize != 0 || code.InsnsSize != 8 {
		t.Errorf("code header %+v", code)
	}
}

func TestAPI28Instructions(t *testing.T) {
	f := loadTestdata(t, "api28.dex")
	if f.Header.Version != 39 {
		t.Errorf("version %d", f.Header.Version)
	}
	c := findClass(t, f, "Lt/Api28;")
	_, ins := methodInsns(t, f, c, "poly")
	in := firstOp(t, ins, OpInvokePolymorphic)
	m, _ := f.InsnMethod(in)
	p, _ := f.Proto(in.Index2)
	if m.String() != "Ljava/lang/invoke/MethodHandle;->invoke([Ljava/lang/Object;)Ljava/lang/Object;" || p != "(II)V" || in.NRegs != 3 {
		t.Errorf("invoke-polymorphic %v %q %+v", m, p, in)
	}
	in = firstOp(t, ins, OpInvokePolymorphicRng)
	if p, _ := f.Proto(in.Index2); p != "()V" || in.RangeCount != 1 {
		t.Errorf("invoke-polymorphic/range proto %q", p)
	}
	in = firstOp(t, ins, OpConstMethodHandle)
	if s, err := f.MethodHandleString(in.Index); err != nil || s != "invoke-static@Lt/Api28;->poly(Ljava/lang/invoke/MethodHandle;)V" {
		t.Errorf("const-method-handle %q %v", s, err)
	}
	in = firstOp(t, ins, OpConstMethodType)
	if s, _ := f.Proto(in.Index); s != "(II)I" {
		t.Errorf("const-method-type %q", s)
	}
	for _, op := range []Opcode{OpInvokeCustom, OpInvokeCustomRange} {
		in = firstOp(t, ins, op)
		cs, err := f.CallSite(in.Index)
		if err != nil {
			t.Fatal(err)
		}
		bm, _ := f.Method(cs.Bootstrap.Index)
		if bm.Name != "bsm" || cs.Bootstrap.KindString() != "invoke-static" || !strings.HasPrefix(cs.Name, "run") {
			t.Errorf("%s call site %+v", op, cs)
		}
		if op == OpInvokeCustomRange && (len(cs.Args) != 1 || cs.Args[0].Str != "extra" || cs.Proto != "(II)V") {
			t.Errorf("call site args %+v", cs)
		}
	}
}

func TestOdexOpcodes(t *testing.T) {
	f := loadTestdata(t, "odex.dex")
	c := findClass(t, f, "Lt/O;")
	m := findMethod(t, c, "q")
	code, err := f.Code(m.CodeOff)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := code.Insns(); err == nil || !strings.Contains(err.Error(), "unused opcode 0xe3") {
		t.Errorf("standard decoding of odex opcodes: err = %v", err)
	}
	d := NewDecoder(code.InsnsRaw, OpcodesDalvikOdex)
	var got []string
	var in Insn
	for d.Next(&in) {
		got = append(got, in.Op.String())
		if in.Op == OdexBase+0xed {
			if in.Op.Format() != Fmt20bc || in.Literal == 0 {
				t.Errorf("throw-verification-error %+v", in)
			}
		}
	}
	if d.Err() != nil {
		t.Fatal(d.Err())
	}
	want := []string{"iget-volatile", "sget-object-volatile", "throw-verification-error", "return-void"}
	if !slices.Equal(got, want) {
		t.Errorf("odex decode %v, want %v", got, want)
	}
}

func u16s(units ...uint16) []byte {
	b := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[2*i:], u)
	}
	return b
}

// TestOdexFormats covers the odex-only formats smali refuses to assemble
// (22cs, 35ms, 35mi, 3rms, 3rmi) with hand-encoded code units.
func TestOdexFormats(t *testing.T) {
	code := u16s(
		0x21f2, 0x0008, // iget-quick v1, v2, field@0x8          (22cs)
		0x20f8, 0x000b, 0x0010, // invoke-virtual-quick {v0, v1}, vtable@0xb (35ms)
		0x10ee, 0x0003, 0x0005, // execute-inline {v5}, inline@3         (35mi)
		0x03f9, 0x000c, 0x0004, // invoke-virtual-quick/range {v4..v6}   (3rms)
		0x02ef, 0x0004, 0x0007, // execute-inline/range {v7..v8}         (3rmi)
		0x00f1, // return-void-barrier
	)
	d := NewDecoder(code, OpcodesDalvikOdex)
	var ins []Insn
	var in Insn
	for d.Next(&in) {
		ins = append(ins, in)
	}
	if d.Err() != nil || len(ins) != 6 {
		t.Fatalf("decoded %d: %v", len(ins), d.Err())
	}
	if ins[0].Op.Format() != Fmt22cs || ins[0].Index != 8 || !slices.Equal(ins[0].Defs(nil), []uint16{1}) || !slices.Equal(ins[0].Uses(nil), []uint16{2}) {
		t.Errorf("iget-quick %+v", ins[0])
	}
	if ins[1].Op.Format() != Fmt35ms || ins[1].Index != 0xb || !slices.Equal(ins[1].Args(nil), []uint16{0, 1}) {
		t.Errorf("invoke-virtual-quick %+v", ins[1])
	}
	if ins[2].Op.Format() != Fmt35mi || ins[2].Index != 3 || !slices.Equal(ins[2].Args(nil), []uint16{5}) {
		t.Errorf("execute-inline %+v", ins[2])
	}
	if ins[3].Op.Format() != Fmt3rms || !slices.Equal(ins[3].Args(nil), []uint16{4, 5, 6}) {
		t.Errorf("invoke-virtual-quick/range %+v", ins[3])
	}
	if ins[4].Op.Format() != Fmt3rmi || !slices.Equal(ins[4].Args(nil), []uint16{7, 8}) {
		t.Errorf("execute-inline/range %+v", ins[4])
	}
	if !ins[5].Op.IsReturn() {
		t.Errorf("return-void-barrier %+v", ins[5])
	}
}

func TestDecoderBounds(t *testing.T) {
	cases := map[string][]byte{
		"truncated 35c":      u16s(0x106e, 0x0000),
		"truncated 51l":      u16s(0x0018, 1, 2),
		"35c with 6 args":    u16s(0x606e, 0, 0),
		"unused opcode":      u16s(0x003e),
		"huge packed switch": u16s(0x0100, 0xffff, 0, 0),
		"huge array payload": u16s(0x0300, 0x0004, 0xffff, 0xffff),
		"truncated sparse":   u16s(0x0200),
	}
	for name, code := range cases {
		d := NewDecoder(code, OpcodesDEX)
		var in Insn
		for d.Next(&in) {
		}
		if d.Err() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// an odd trailing byte is ignored, empty code decodes to nothing
	d := NewDecoder([]byte{0x0e, 0x00, 0x01}, OpcodesDEX)
	var in Insn
	n := 0
	for d.Next(&in) {
		n++
	}
	if n != 1 || d.Err() != nil {
		t.Errorf("odd-length code: %d insns, %v", n, d.Err())
	}
}

func TestMUTF8(t *testing.T) {
	cases := []struct {
		in   []byte
		want string
	}{
		{[]byte("abc\x00"), "abc"},
		{[]byte("\x00"), ""},
		{[]byte{0xc0, 0x80, 'x', 0}, "\x00x"},
		{[]byte{0xc3, 0xa9, 0}, "é"},
		{[]byte{0xe4, 0xb8, 0xad, 0}, "中"},
		{[]byte{0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0}, "\U0001F600"},   // CESU-8 surrogate pair
		{[]byte{0xed, 0xa0, 0xbd, 'a', 0}, "\uFFFDa"},                   // lone high surrogate
		{[]byte{0xed, 0xb8, 0x80, 0}, "\uFFFD"},                         // lone low surrogate
		{[]byte{0xed, 0xa0, 0xbd, 0xed, 0xa0, 0xbd, 0}, "\uFFFD\uFFFD"}, // two highs
		{[]byte{0xff, 'a', 0}, "\uFFFDa"},                               // invalid byte
		{[]byte{0xc3, 0}, "\uFFFD"},                                     // truncated sequence
	}
	for _, c := range cases {
		got, ok := decodeMUTF8(c.in, 0)
		if !ok || got != c.want {
			t.Errorf("decodeMUTF8(% x) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if _, ok := decodeMUTF8([]byte("abc"), 0); ok {
		t.Error("unterminated string accepted")
	}
	if _, ok := decodeMUTF8([]byte{0xc3, 0xa9}, 0); ok {
		t.Error("unterminated non-ASCII string accepted")
	}
}

func TestLEB128(t *testing.T) {
	for _, c := range []struct {
		b    []byte
		u    uint32
		s    int32
		okU  bool
		size int
	}{
		{[]byte{0x00}, 0, 0, true, 1},
		{[]byte{0x7f}, 127, -1, true, 1},
		{[]byte{0x80, 0x7f}, 16256, -128, true, 2},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, 0xffffffff, -1, true, 5},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, 0, false, 5},
		{[]byte{0x80}, 0, 0, false, 1},
	} {
		u, p, ok := uleb(c.b, 0)
		if ok != c.okU || (ok && (u != c.u || p != c.size)) {
			t.Errorf("uleb(% x) = %d, %d, %v", c.b, u, p, ok)
		}
		s, _, ok := sleb(c.b, 0)
		if ok != c.okU || (ok && s != c.s) {
			t.Errorf("sleb(% x) = %d, %v", c.b, s, ok)
		}
	}
}

func TestJavaName(t *testing.T) {
	for desc, java := range map[string]string{
		"Lcom/x/Y$Z;": "com.x.Y$Z", "I": "int", "[I": "int[]", "[[Ljava/lang/String;": "java.lang.String[][]",
		"V": "void", "LFoo;": "Foo", "J": "long",
	} {
		if got := JavaName(desc); got != java {
			t.Errorf("JavaName(%q) = %q, want %q", desc, got, java)
		}
		if got := Descriptor(java); got != desc {
			t.Errorf("Descriptor(%q) = %q, want %q", java, got, desc)
		}
	}
	if JavaName("not a descriptor") != "not a descriptor" || JavaName("") != "" || JavaName("[") != "[" {
		t.Error("JavaName of non-descriptors")
	}
}

func TestValueFloatBits(t *testing.T) {
	// 1.5f is 0x3fc00000: smali stores it right-zero-extended in 2 bytes.
	r := valueReader{b: []byte{0x10 | 1<<5, 0xc0, 0x3f}, budget: 10}
	var v Value
	if err := r.value(&v); err != nil || v.Kind != ValueFloat || v.Float() != 1.5 {
		t.Errorf("float value %v %v", v, err)
	}
	r = valueReader{b: []byte{0x11 | 1<<5, 0xf0, 0x3f}, budget: 10}
	if err := r.value(&v); err != nil || v.Float() != 1.0 {
		t.Errorf("double value %v %v", v, err)
	}
	r = valueReader{b: []byte{0x06 | 0<<5, 0xff}, budget: 10}
	if err := r.value(&v); err != nil || v.Int() != -1 {
		t.Errorf("long value %v %v", v, err)
	}
	// deep nesting is bounded
	deep := make([]byte, 0, 200)
	for i := 0; i < 100; i++ {
		deep = append(deep, 0x1c, 0x01)
	}
	deep = append(deep, 0x1e)
	r = valueReader{b: deep, budget: 1000}
	if err := r.value(&v); err == nil {
		t.Error("deeply nested arrays accepted")
	}
	r = valueReader{b: deep, budget: 1000}
	if err := r.skip(); err == nil {
		t.Error("deeply nested arrays skipped")
	}
}

// classListing is every class a DEX file defines with its methods, one
// line per class, in file order.
func classListing(t *testing.T, name string, data []byte) string {
	t.Helper()
	f, err := Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; i < f.NumClasses(); i++ {
		c, err := f.Class(i)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(c.Descriptor)
		for _, ms := range [][]Method{c.DirectMethods, c.VirtualMethods} {
			for _, m := range ms {
				b.WriteString(" " + m.Ref.Name + m.Ref.Proto)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
