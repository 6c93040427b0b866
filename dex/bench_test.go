package dex

import (
	"runtime"
	"testing"
	"time"

	"github.com/apkscan/apkscan/internal/testshared"
)

func largeDex(tb testing.TB) ([]dexEntry, int) {
	largeAPK := testshared.Corpus(tb, "large", "appium-uiautomator2-server-v10.6.6.apk")
	ents := readAPKDex(tb, largeAPK)
	total := 0
	for _, e := range ents {
		total += len(e.Data)
	}
	return ents, total
}

func buildIndex(tb testing.TB, ents []dexEntry) *Index {
	idx := NewIndex()
	for _, e := range ents {
		if err := idx.AddData(e.Name, e.Data); err != nil {
			tb.Fatal(err)
		}
	}
	return idx
}

// BenchmarkIndexLarge measures Parse+Index of all 16 DEX files of the
// large appium APK (inflation excluded).
func BenchmarkIndexLarge(b *testing.B) {
	ents, total := largeDex(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	var idx *Index
	for b.Loop() {
		idx = buildIndex(b, ents)
	}
	st := idx.Stats()
	b.ReportMetric(float64(st.Calls), "calls")
	b.ReportMetric(float64(st.Bytes)/1e6, "indexMB")
}

// BenchmarkDecodeLarge measures Parse plus decoding every class and every
// instruction through the public API (no index).
func BenchmarkDecodeLarge(b *testing.B) {
	ents, total := largeDex(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, e := range ents {
			f, err := Parse(e.Name, e.Data)
			if err != nil {
				b.Fatal(err)
			}
			for ci := 0; ci < f.NumClasses(); ci++ {
				c, err := f.Class(ci)
				if err != nil {
					b.Fatal(err)
				}
				for _, m := range append(c.DirectMethods, c.VirtualMethods...) {
					if m.CodeOff == 0 {
						continue
					}
					code, err := f.Code(m.CodeOff)
					if err != nil {
						b.Fatal(err)
					}
					d := code.Decoder()
					var in Insn
					for d.Next(&in) {
					}
				}
			}
		}
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestIndexLargeBudget checks the memory budget on the large APK: the index
// of 14 MB of DEX must hold less than twice the DEX size once the DEX data
// is dropped, and agree with dexdump's counts. (Time is logged, never
// asserted: BenchmarkIndexLarge measures it.)
func TestIndexLargeMemory(t *testing.T) {
	ents, total := largeDex(t)
	before := heapInUse()
	start := time.Now()
	idx := buildIndex(t, ents)
	elapsed := time.Since(start)
	after := heapInUse()
	extra := int64(after) - int64(before)
	st := idx.Stats()
	t.Logf("%d DEX files, %.1f MB of DEX indexed in %v (%.0f MB/s): %d classes, %d members, %d calls, %d unique strings, %d sites; heap +%.1f MB (Stats %.1f MB)",
		len(ents), float64(total)/1e6, elapsed, float64(total)/1e6/elapsed.Seconds(),
		st.Classes, st.Members, st.Calls, st.UniqueStrings, st.Sites, float64(extra)/1e6, float64(st.Bytes)/1e6)
	if st.Classes != 9575 || st.Calls != 245728 {
		t.Errorf("classes %d calls %d, dexdump says 9575 and 245728", st.Classes, st.Calls)
	}
	if extra > 2*int64(total) {
		t.Errorf("index holds %d bytes, more than 2x the %d bytes of DEX", extra, total)
	}
	// Count const-string sites through the totals: dexdump -d lists 74647
	// const-string{,/jumbo} instructions; static values add more.
	n := 0
	idx.UniqueStrings(func(s string, total int) bool { n += total; return true })
	if n < 74647 {
		t.Errorf("string occurrences %d < 74647 const-string instructions", n)
	}
	runtime.KeepAlive(idx)
	runtime.KeepAlive(ents)
}

// BenchmarkIndexLargeFromAPK includes opening the APK and inflating its DEX
// entries (for comparison with `dexdump`, which reads the APK itself).
func BenchmarkIndexLargeFromAPK(b *testing.B) {
	_, total := largeDex(b)
	largeAPK := testshared.Corpus(b, "large", "appium-uiautomator2-server-v10.6.6.apk")
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		buildIndex(b, readAPKDex(b, largeAPK))
	}
}
