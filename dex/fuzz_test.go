package dex

import (
	"archive/zip"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
)

func TestMain(m *testing.M) {
	// Let panics surface in tests instead of being turned into errors.
	panicRecovery = false
	os.Exit(m.Run())
}

// exercise walks everything reachable from f through the public API, the
// way a scanner would, and returns how many items it visited.
func exercise(f *File) int {
	n := 0
	for i := 0; i < f.NumStrings(); i++ {
		f.String(uint32(i))
	}
	for i := 0; i < f.NumTypes(); i++ {
		f.Type(uint32(i))
	}
	for i := 0; i < f.NumProtos(); i++ {
		f.Proto(uint32(i))
		f.ProtoInfo(uint32(i))
	}
	for i := 0; i < f.NumFields(); i++ {
		f.Field(uint32(i))
	}
	for i := 0; i < f.NumMethods(); i++ {
		f.Method(uint32(i))
	}
	for i := 0; i < f.NumMethodHandles(); i++ {
		f.MethodHandleString(uint32(i))
	}
	for i := 0; i < f.NumCallSites(); i++ {
		f.CallSite(uint32(i))
	}
	classes, _ := f.Classes()
	// class_defs may share class data and code items: bound the work so a
	// hostile input cannot make the harness itself quadratic.
	budget := 4*len(f.Data()) + 1<<16
	var regs []uint16
	var targets []uint32
	for _, c := range classes {
		n++
		for _, v := range c.StaticValues {
			_ = v.String()
		}
		for _, m := range append(c.DirectMethods, c.VirtualMethods...) {
			if m.CodeOff == 0 || n > budget {
				continue
			}
			code, err := f.Code(m.CodeOff)
			if err != nil {
				continue
			}
			n += int(code.InsnsSize)
			code.Tries()
			ins, _ := code.Insns()
			for i := range ins {
				in := &ins[i]
				n++
				regs = in.Uses(regs[:0])
				regs = in.Defs(regs)
				regs = in.Args(regs)
				targets, _ = code.Targets(in, targets[:0])
				if in.Op == OpFillArrayData {
					code.ArrayData(in)
				}
				_ = f.FormatInsn(in)
			}
		}
	}
	return n
}

func exerciseIndex(f *File) {
	idx := NewIndexOptions(IndexOptions{StringPool: true})
	idx.Add(f)
	idx.Add(f) // every class is now a duplicate
	for range idx.Strings {
	}
	n := 0
	for cs := range idx.Calls {
		if n++; n < 200 {
			idx.CallersOf(cs.Callee)
		}
		_ = cs.Location().String()
	}
	idx.CallersOfPrefix("L", func(CallSite) bool { return true })
	for c := range idx.Classes {
		idx.Superclasses(c.Descriptor)
		idx.Subclasses(c.Descriptor)
		idx.Implementors(c.Descriptor)
	}
	idx.Problems()
	idx.Stats()
}

// dexSeeds returns the committed test DEX files and, when the shared
// corpus is present, the DEX entries (up to maxSize bytes) of the APKs in
// corpus/malformed.
func dexSeeds(tb testing.TB, maxSize int) map[string][]byte {
	seeds := map[string][]byte{}
	m, _ := filepath.Glob("testdata/*.dex")
	for _, p := range m {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		seeds[p] = b
	}
	// Seeds from the shared malformed corpus when it is there; the fuzz
	// targets still run on the committed seeds without it.
	var apks []string
	if dir, err := testshared.Dir(); err == nil {
		for _, pat := range []string{"*.apk", "*/*.apk"} {
			m, err := filepath.Glob(filepath.Join(dir, "corpus", "malformed", pat))
			if err != nil {
				tb.Fatal(err)
			}
			apks = append(apks, m...)
		}
	}
	for _, apk := range apks {
		zr, err := zip.OpenReader(apk)
		if err != nil {
			continue // several of these are deliberately broken ZIPs
		}
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".dex") || zf.UncompressedSize64 > uint64(maxSize) {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(rc, int64(maxSize)+1))
			rc.Close()
			if err == nil {
				seeds[filepath.Base(apk)+"!"+zf.Name] = b
			}
		}
		zr.Close()
	}
	return seeds
}

func FuzzParse(f *testing.F) {
	for _, b := range dexSeeds(f, 64<<10) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inputs := [][]byte{data}
		if len(data) >= headerSize && int(binary.LittleEndian.Uint32(data[32:])) != len(data) {
			// Mutations that change the length would all stop at the
			// file_size check: also try the input with file_size fixed.
			fixed := append([]byte(nil), data...)
			binary.LittleEndian.PutUint32(fixed[32:], uint32(len(fixed)))
			inputs = append(inputs, fixed)
		}
		for _, in := range inputs {
			file, err := Parse("fuzz.dex", in)
			if err != nil {
				if file != nil {
					t.Fatal("non-nil File with error")
				}
				continue
			}
			exercise(file)
			exerciseIndex(file)
		}
		// raw decoding with both opcode sets over arbitrary bytes
		for _, set := range []OpcodeSet{OpcodesDEX, OpcodesDalvikOdex} {
			d := NewDecoder(data, set)
			var in Insn
			for d.Next(&in) {
				_ = in.Uses(nil)
			}
		}
	})
}

// TestMalformedCorpus runs every DEX entry of the malformed corpus (large
// ones included) through the parser, the accessors and the index.
func TestMalformedCorpus(t *testing.T) {
	seeds := dexSeeds(t, 64<<20)
	if len(seeds) == 0 {
		t.Skip("no seeds")
	}
	for name, b := range seeds {
		f, err := Parse(name, b)
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
		n := exercise(f)
		exerciseIndex(f)
		t.Logf("%s: %d classes, %d items", name, f.NumClasses(), n)
	}
}

func TestPanicRecovery(t *testing.T) {
	panicRecovery = true
	defer func() { panicRecovery = false }()
	// A File whose internal state contradicts its data: Class would index
	// out of range; the last-resort recover turns that into an error.
	f := &File{Name: "broken.dex", nClasses: 1, classesOff: 0x70}
	if _, err := f.Class(0); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("Class on inconsistent File: %v", err)
	}
}

// TestMutationSweep writes boundary values into every 32-bit-aligned word
// and every byte of the committed test DEX files (so every header field,
// table entry, offset, count, LEB128 and code unit gets hostile values),
// with file_size kept consistent, and runs each result through the parser,
// the accessors and the index. Coverage-guided fuzzing explores this
// structured format slowly; this sweep is exhaustive and deterministic.
func TestMutationSweep(t *testing.T) {
	words := []uint32{0, 1, 0x7f, 0x80, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff}
	bytesV := []byte{0x00, 0x01, 0x7f, 0x80, 0xff}
	runs := 0
	for _, name := range []string{"basic.dex", "values.dex", "api28.dex", "multi2.dex"} {
		orig, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, len(orig))
		try := func() {
			runs++
			f, err := Parse(name, buf)
			if err != nil {
				return
			}
			exercise(f)
			idx := NewIndex()
			idx.Add(f)
			for range idx.Strings {
			}
		}
		for off := 0; off+4 <= len(orig); off += 4 {
			if off == 32 { // keep file_size consistent
				continue
			}
			for _, v := range words {
				copy(buf, orig)
				binary.LittleEndian.PutUint32(buf[off:], v)
				try()
			}
		}
		// every truncation, with file_size matching
		for n := headerSize; n < len(orig); n++ {
			buf = buf[:n]
			copy(buf, orig)
			binary.LittleEndian.PutUint32(buf[32:], uint32(n))
			try()
		}
		buf = buf[:len(orig)]
		if testing.Short() {
			continue
		}
		for off := 8; off < len(orig); off++ {
			if off >= 32 && off < 36 {
				continue
			}
			for _, v := range bytesV {
				copy(buf, orig)
				buf[off] = v
				try()
			}
		}
	}
	t.Logf("%d mutated files checked", runs)
}
