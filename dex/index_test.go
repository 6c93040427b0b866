package dex

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

func multiIndex(t *testing.T, opts IndexOptions) *Index {
	idx := NewIndexOptions(opts)
	for _, n := range []string{"multi1.dex", "multi2.dex"} {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.AddData(n, data); err != nil {
			t.Fatal(err)
		}
	}
	if p := idx.Problems(); len(p) > 0 {
		t.Fatalf("problems: %v", p)
	}
	return idx
}

func TestIndexClasses(t *testing.T) {
	idx := multiIndex(t, IndexOptions{})
	if idx.NumClasses() != 4 {
		t.Errorf("NumClasses = %d, want 4", idx.NumClasses())
	}
	dup, ok := idx.Class("La/Dup;")
	if !ok || dup.File != "multi1.dex" || dup.Duplicates != 1 {
		t.Errorf("La/Dup; = %+v", dup)
	}
	g, ok := idx.Class("La/Grand;")
	if !ok || g.File != "multi2.dex" || g.Super != "La/Child;" {
		t.Errorf("La/Grand; = %+v", g)
	}
	if got := idx.Superclasses("La/Grand;"); !slices.Equal(got, []string{"La/Child;", "La/Base;", "Ljava/lang/Object;"}) {
		t.Errorf("Superclasses = %v", got)
	}
	if got := idx.Subclasses("La/Base;"); !slices.Equal(got, []string{"La/Child;"}) {
		t.Errorf("Subclasses = %v", got)
	}
	if got := idx.Implementors("Ljava/lang/Runnable;"); !slices.Equal(got, []string{"La/Child;"}) {
		t.Errorf("Implementors = %v", got)
	}
	if got := idx.Interfaces("La/Child;"); !slices.Equal(got, []string{"Ljava/lang/Runnable;"}) {
		t.Errorf("Interfaces = %v", got)
	}
	if idx.Super("La/Child;") != "La/Base;" || idx.Super("Lnope;") != "" {
		t.Error("Super")
	}
	n := 0
	for c := range idx.Classes {
		n++
		if c.Descriptor == "" {
			t.Error("empty descriptor")
		}
	}
	if n != 4 {
		t.Errorf("Classes yielded %d", n)
	}
	if !slices.Equal(idx.Files(), []string{"multi1.dex", "multi2.dex"}) {
		t.Errorf("Files %v", idx.Files())
	}
}

func TestIndexCalls(t *testing.T) {
	idx := multiIndex(t, IndexOptions{})
	foo := MethodRef{Class: "La/Base;", Name: "foo", Proto: "()V"}
	var callers []string
	for _, cs := range idx.CallersOf(foo) {
		callers = append(callers, cs.Location().String())
		if cs.Callee != foo || cs.Op != OpInvokeVirtual {
			t.Errorf("call site %+v", cs)
		}
	}
	sort.Strings(callers)
	want := []string{"multi1.dex La/Child;->run()V @0000", "multi2.dex La/Grand;->go()V @0000"}
	if !slices.Equal(callers, want) {
		t.Errorf("CallersOf(foo) = %v, want %v", callers, want)
	}
	var pin []string
	idx.CallersOfPrefix("Lcom/amazonaws/mobileconnectors/pinpoint/", func(cs CallSite) bool {
		pin = append(pin, cs.Caller.String()+" -> "+cs.Callee.String())
		return true
	})
	if !slices.Equal(pin, []string{"La/Grand;->go()V -> Lcom/amazonaws/mobileconnectors/pinpoint/Pinpoint;->track()V"}) {
		t.Errorf("CallersOfPrefix = %v", pin)
	}
	n := 0
	idx.CallersOfPrefix("Lcom/amazonaws/", func(CallSite) bool { n++; return true })
	if n != 2 {
		t.Errorf("CallersOfPrefix(Lcom/amazonaws/) = %d", n)
	}
	if len(idx.CallersOf(MethodRef{Class: "La/Dup;", Name: "m", Proto: "()V"})) != 0 {
		t.Error("unexpected callers")
	}
	// every invoke of the non-shadowed classes: Base.<init>, Child.<init>, Child.run, Grand.<init>, Grand.go*3
	total := 0
	for cs := range idx.Calls {
		total++
		if cs.File == "" || cs.Caller.Class == "La/Dup;" {
			t.Errorf("bad call site %+v", cs)
		}
	}
	if total != 7 || idx.NumCalls() != 7 {
		t.Errorf("%d call sites, want 7", total)
	}
}

func TestIndexStrings(t *testing.T) {
	idx := multiIndex(t, IndexOptions{})
	got := map[string][]string{}
	for s, loc := range idx.Strings {
		got[s] = append(got[s], loc.String())
	}
	want := map[string][]string{
		"base-secret": {"multi1.dex La/Base;->foo()V @0000"},
		"shared":      {"multi1.dex La/Child;->run()V @0003", "multi2.dex La/Grand;->KEY:Ljava/lang/String;", "multi2.dex La/Grand;->go()V @0009"},
		"dup-first":   {"multi1.dex La/Dup;->TAG:Ljava/lang/String;"},
	}
	for k, v := range want {
		g := slices.Clone(got[k])
		sort.Strings(g)
		if !slices.Equal(g, v) {
			t.Errorf("%q sites %v, want %v", k, g, v)
		}
	}
	for _, s := range []string{"dup-second", "never-loaded"} {
		if _, ok := got[s]; ok {
			t.Errorf("string %q from a shadowed class was indexed", s)
		}
	}
	locs, total := idx.StringSites("shared")
	if len(locs) != 3 || total != 3 {
		t.Errorf("StringSites(shared) = %v, %d", locs, total)
	}
	if locs, total := idx.StringSites("absent"); locs != nil || total != 0 {
		t.Error("StringSites(absent)")
	}
	if idx.NumStrings() != 3 {
		t.Errorf("NumStrings = %d", idx.NumStrings())
	}

	// String pool option and site cap.
	idx = multiIndex(t, IndexOptions{StringPool: true, MaxSitesPerString: 2})
	locs, total = idx.StringSites("shared")
	if len(locs) != 2 || total != 5 { // 2 pool entries + 3 uses, 2 kept
		t.Errorf("capped StringSites(shared) = %v, %d", locs, total)
	}
	if locs[0].PC != -1 || locs[0].Method != "" || locs[0].String() != "multi1.dex" {
		t.Errorf("pool location %+v", locs[0])
	}
	if _, total := idx.StringSites("dup-second"); total != 1 {
		t.Errorf("pool should include strings of shadowed classes, total %d", total)
	}
	n := 0
	idx.UniqueStrings(func(s string, total int) bool { n++; return true })
	if n != idx.NumStrings() {
		t.Error("UniqueStrings count")
	}
	if st := idx.Stats(); st.Files != 2 || st.Classes != 4 || st.Bytes <= 0 {
		t.Errorf("Stats %+v", st)
	}
}

func TestIndexAllTestdata(t *testing.T) {
	idx := NewIndex()
	for _, n := range []string{"basic.dex", "values.dex", "api28.dex", "odex.dex"} {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		idx.AddData(n, data)
	}
	// odex.dex's method contains Dalvik odex opcodes: a Problem, not a failure.
	probs := idx.Problems()
	if len(probs) != 1 || !strings.Contains(probs[0].String(), "unused opcode") || !strings.Contains(probs[0].Where, "odex.dex Lt/O;->q") {
		t.Errorf("problems %v", probs)
	}
	// invoke-custom call sites resolve to the bootstrap method
	bsm := MethodRef{Class: "Lt/Api28;", Name: "bsm", Proto: "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;"}
	cs := idx.CallersOf(bsm)
	if len(cs) != 2 || cs[0].Op != OpInvokeCustom || cs[1].Op != OpInvokeCustomRange {
		t.Errorf("invoke-custom call sites %+v", cs)
	}
	for _, s := range []string{"static-string", "a\x00b", "smile \U0001F600 é 中", "hello", "jumbo", "after-annotation"} {
		if _, total := idx.StringSites(s); total == 0 {
			t.Errorf("string %q not indexed", s)
		}
	}
	if _, total := idx.StringSites("hello"); total != 2 {
		t.Errorf("hello total %d", total)
	}
}

func TestIndexParseFailureIsProblem(t *testing.T) {
	idx := NewIndex()
	if err := idx.AddData("bad.dex", []byte("not a dex")); err == nil {
		t.Error("no error")
	}
	data, _ := os.ReadFile("testdata/multi1.dex")
	idx.AddData("classes2.dex", data)
	if idx.NumClasses() != 3 || len(idx.Problems()) != 1 || idx.Problems()[0].Where != "bad.dex" {
		t.Errorf("classes %d problems %v", idx.NumClasses(), idx.Problems())
	}
}

// TestConcurrentQueries runs File accessors and Index queries (whose
// reverse maps are built lazily) from several goroutines.
func TestConcurrentQueries(t *testing.T) {
	f := loadTestdata(t, "basic.dex")
	idx := multiIndex(t, IndexOptions{})
	foo := MethodRef{Class: "La/Base;", Name: "foo", Proto: "()V"}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for i := 0; i < 20; i++ {
				if len(idx.CallersOf(foo)) != 2 || len(idx.Subclasses("La/Base;")) != 1 {
					t.Error("query result")
				}
				for m := 0; m < f.NumMethods(); m++ {
					if _, err := f.Method(uint32(m)); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
