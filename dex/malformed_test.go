package dex

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func basicBytes(t *testing.T) []byte {
	data, err := os.ReadFile("testdata/basic.dex")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func patched(data []byte, off int, v uint32) []byte {
	c := append([]byte(nil), data...)
	binary.LittleEndian.PutUint32(c[off:], v)
	return c
}

func TestParseErrors(t *testing.T) {
	good := basicBytes(t)
	h := func(off int) uint32 { return binary.LittleEndian.Uint32(good[off:]) }
	dey := append([]byte(nil), good...)
	copy(dey, "dey\n036\x00")
	v34 := append([]byte(nil), good...)
	copy(v34, "dex\n034\x00")
	v99 := append([]byte(nil), good...)
	copy(v99, "dex\n099\x00")
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "file too short"},
		{"short", good[:0x6f], "file too short"},
		{"magic", append([]byte("PK\x03\x04"), good[4:]...), "bad magic"},
		{"dey", dey, "optimized DEX (odex"},
		{"version 034", v34, "unsupported DEX version 034"},
		{"version 099", v99, "unsupported DEX version 099"},
		{"truncated", good[:len(good)-10], "file_size"},
		{"endian", patched(good, 40, 0x78563412), "big-endian"},
		{"endian garbage", patched(good, 40, 1), "bad endian_tag"},
		{"header size", patched(good, 36, 0x10), "bad header_size"},
		{"string_ids size", patched(good, 56, 0x7fffffff), "string_ids: offset"},
		{"type_ids off", patched(good, 68, 0xfffffff0), "type_ids: offset"},
		{"class_defs overflow", patched(good, 96, 0x08000000), "class_defs: offset"},
		{"string data off", patched(good, int(h(60)), 0xffffff00), "string_ids[0]: string_data_off"},
		{"type descriptor", patched(good, int(h(68)), 0xffff), "type_ids[0]: descriptor_idx"},
		{"proto params", patched(good, int(h(76))+8, 0xfffffff0), "proto_ids[0]: parameters_off"},
		{"method proto", patched(good, int(h(92)), 0xffff0000), "method_ids[0]: proto_idx"},
		{"map", patched(good, 52, 0xfffffff0), "map_list"},
	}
	for _, c := range cases {
		f, err := Parse("classes2.dex", c.data)
		if err == nil || f != nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "dex: classes2.dex: ") {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
}

// TestBrokenClassIsolated breaks one class definition: that class reports
// an error, the others still decode and index.
func TestBrokenClassIsolated(t *testing.T) {
	good := basicBytes(t)
	cdOff := int(binary.LittleEndian.Uint32(good[100:]))
	cases := []struct {
		name  string
		field int // offset inside class_def_item
		v     uint32
		want  string
	}{
		{"class_data_off", 24, 0x7ffffff0, "class_defs[0]: class_data_off 0x7ffffff0 beyond file size 0x"},
		{"static_values_off", 28, 0x7ffffff0, "class_defs[0]: static_values_off 0x7ffffff0 beyond file size"},
		{"class_idx", 0, 0xfffff, "class_defs[0]: class_idx"},
		{"superclass_idx", 8, 0xfffff, "class_defs[0]: superclass_idx"},
		{"interfaces_off", 12, 0x7ffffff0, "class_defs[0]: interfaces_off"},
		{"source_file_idx", 16, 0xfffff, "class_defs[0]: source_file_idx"},
	}
	for _, c := range cases {
		data := patched(good, cdOff+c.field, c.v)
		f, err := Parse("classes2.dex", data)
		if err != nil {
			t.Fatalf("%s: Parse: %v", c.name, err)
		}
		classes, errs := f.Classes()
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) {
			t.Errorf("%s: errs %v, want %q", c.name, errs, c.want)
		}
		if len(classes) != 2 {
			t.Errorf("%s: %d good classes, want 2", c.name, len(classes))
		}
		idx := NewIndex()
		idx.Add(f)
		if len(idx.Problems()) != 1 || idx.NumClasses() != 2 {
			t.Errorf("%s: index problems %v classes %d", c.name, idx.Problems(), idx.NumClasses())
		}
	}
}

func TestBrokenClassData(t *testing.T) {
	good := basicBytes(t)
	f, err := Parse("x.dex", good)
	if err != nil {
		t.Fatal(err)
	}
	def, err := f.ClassDef(0)
	if err != nil {
		t.Fatal(err)
	}
	// Huge member counts must be rejected before allocation.
	data := append([]byte(nil), good...)
	p := int(def.ClassDataOff)
	copy(data[p:], []byte{0xff, 0xff, 0xff, 0xff, 0x0f}) // static_fields_size = 0xffffffff
	f, _ = Parse("x.dex", data)
	if _, err := f.Class(0); err == nil || !strings.Contains(err.Error(), "exceed the remaining") {
		t.Errorf("huge static_fields_size: %v", err)
	}
	// A code_item whose insns run past the end of the file.
	c, _ := Parse("x.dex", good)
	cls, _ := c.Class(0)
	var codeOff uint32
	for _, m := range cls.DirectMethods {
		if m.CodeOff != 0 {
			codeOff = m.CodeOff
			break
		}
	}
	data = patched(good, int(codeOff)+12, 0x7fffffff)
	f, _ = Parse("x.dex", data)
	if _, err := f.Code(codeOff); err == nil || !strings.Contains(err.Error(), "insns_size") {
		t.Errorf("huge insns_size: %v", err)
	}
	idx := NewIndex()
	idx.Add(f)
	if len(idx.Problems()) == 0 {
		t.Error("index did not report the broken code item")
	}
	if _, err := f.Code(0); err == nil {
		t.Error("Code(0) accepted")
	}
	// tries_size beyond the file
	data = append([]byte(nil), good...)
	binary.LittleEndian.PutUint16(data[codeOff+6:], 0xffff)
	f, _ = Parse("x.dex", data)
	if _, err := f.Code(codeOff); err == nil || !strings.Contains(err.Error(), "try items") {
		t.Errorf("huge tries_size: %v", err)
	}
}

func TestSmaliGenerated(t *testing.T) {
	if _, err := exec.LookPath("smali"); err != nil {
		t.Skip("smali not on PATH (Debian package libsmali-java); skipping tests that assemble DEX files")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src", "g")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	// More than 65536 strings force const-string/jumbo for the late ones.
	const nStrings = 70000
	const perMethod = 5000
	var sb strings.Builder
	sb.WriteString(".class public Lg/Big;\n.super Ljava/lang/Object;\n")
	for m := 0; m*perMethod < nStrings; m++ {
		fmt.Fprintf(&sb, ".method public static m%d()V\n    .registers 1\n", m)
		for i := m * perMethod; i < (m+1)*perMethod && i < nStrings; i++ {
			fmt.Fprintf(&sb, "    const-string v0, \"s%06d\"\n", i)
		}
		sb.WriteString("    return-void\n.end method\n")
	}
	if err := os.WriteFile(filepath.Join(src, "Big.smali"), []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "big.dex")
	cmd := exec.Command("smali", "assemble", "-j", "1", "--api", "21", "-o", out, filepath.Join(dir, "src"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("smali: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("big.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	cls, err := f.Class(0)
	if err != nil {
		t.Fatal(err)
	}
	jumbo, plain := 0, 0
	seen := map[string]bool{}
	for _, m := range cls.DirectMethods {
		code, err := f.Code(m.CodeOff)
		if err != nil {
			t.Fatal(err)
		}
		d := code.Decoder()
		var in Insn
		for d.Next(&in) {
			switch in.Op {
			case OpConstStringJumbo:
				jumbo++
				if in.Index <= 0xffff {
					t.Errorf("jumbo with small index %d", in.Index)
				}
			case OpConstString:
				plain++
			default:
				continue
			}
			s, err := f.InsnString(&in)
			if err != nil {
				t.Fatal(err)
			}
			seen[s] = true
		}
		if d.Err() != nil {
			t.Fatal(d.Err())
		}
	}
	if jumbo == 0 || plain == 0 || len(seen) != nStrings {
		t.Errorf("jumbo %d plain %d distinct %d", jumbo, plain, len(seen))
	}
	idx := NewIndex()
	idx.Add(f)
	if idx.NumStrings() != nStrings || len(idx.Problems()) != 0 {
		t.Errorf("index: %d strings, problems %v", idx.NumStrings(), idx.Problems())
	}
	if locs, total := idx.StringSites("s069999"); total != 1 || len(locs) != 1 || locs[0].Method != "Lg/Big;->m13()V" {
		t.Errorf("StringSites = %v %d", locs, total)
	}
}

// TestSharedCodeAmplification points every class definition at the same
// class_data, whose methods all share one large code item: the Index must
// stop at its work budget instead of decoding it classes*methods times.
func TestSharedCodeAmplification(t *testing.T) {
	if _, err := exec.LookPath("smali"); err != nil {
		t.Skip("smali not on PATH (Debian package libsmali-java); skipping tests that assemble DEX files")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src", "g")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString(".class public Lg/A000;\n.super Ljava/lang/Object;\n")
	for m := 0; m < 50; m++ {
		fmt.Fprintf(&sb, ".method public static m%d()V\n    .registers 1\n", m)
		if m == 0 {
			for i := 0; i < 10000; i++ {
				sb.WriteString("    invoke-static {}, Lg/A000;->m1()V\n")
			}
		}
		sb.WriteString("    return-void\n.end method\n")
	}
	os.WriteFile(filepath.Join(src, "A000.smali"), []byte(sb.String()), 0o644)
	for c := 1; c < 400; c++ {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("A%03d.smali", c)),
			[]byte(fmt.Sprintf(".class public Lg/A%03d;\n.super Ljava/lang/Object;\n", c)), 0o644)
	}
	out := filepath.Join(dir, "amp.dex")
	if b, err := exec.Command("smali", "assemble", "-j", "1", "--api", "21", "-o", out, filepath.Join(dir, "src")).CombinedOutput(); err != nil {
		t.Fatalf("smali: %v\n%s", err, b)
	}
	data, _ := os.ReadFile(out)
	f, err := Parse("amp.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	// Find A000's class_data and its big code item; make every class use
	// that class_data.
	var cdOff, codeOff uint32
	for i := 0; i < f.NumClasses(); i++ {
		def, _ := f.ClassDef(i)
		if def.ClassDataOff != 0 {
			cdOff = def.ClassDataOff
			c, _ := f.Class(i)
			for _, m := range c.DirectMethods {
				if code, _ := f.Code(m.CodeOff); code.InsnsSize > 1000 {
					codeOff = m.CodeOff
				}
			}
		}
	}
	if cdOff == 0 || codeOff == 0 {
		t.Fatal("layout not as expected")
	}
	for i := 0; i < f.NumClasses(); i++ {
		binary.LittleEndian.PutUint32(data[int(f.Header.ClassDefsOff)+32*i+24:], cdOff)
	}
	// (The big code item alone, shared through the class data by 400
	// classes, amplifies 400x.)
	f, err = Parse("amp.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	idx := NewIndex()
	idx.Add(f)
	el := time.Since(start)
	probs := idx.Problems()
	if len(probs) == 0 || !strings.Contains(probs[len(probs)-1].Err.Error(), "work budget") {
		t.Errorf("no work-budget problem: %v", probs)
	}
	if idx.NumCalls() > 4*len(data)+1<<16 {
		t.Errorf("%d calls indexed from a %d-byte file", idx.NumCalls(), len(data))
	}
	t.Logf("%d-byte file: %d calls indexed in %v, problems %v", len(data), idx.NumCalls(), el, probs)
}
