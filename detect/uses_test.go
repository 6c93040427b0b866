package detect

import (
	"testing"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Opcodes of the hand-assembled methods below.
const (
	opInvokeVirtual dex.Opcode = 0x6e
	opInvokeDirect  dex.Opcode = 0x70
	opInvokeStatic  dex.Opcode = 0x71
	opNewInstance   dex.Opcode = 0x22
	opReturnVoid    dex.Opcode = 0x0e
	opConst4        dex.Opcode = 0x12
)

// Methods the hand-assembled code calls, by method index.
var testMethods = [][2]string{
	{"Ljava/net/URL;", "<init>"},
	{"Ljava/lang/StringBuilder;", "<init>"},
	{"Ljava/lang/StringBuilder;", "append"},
	{"Ljava/lang/StringBuilder;", "toString"},
	{"Landroid/net/Uri;", "parse"},
	{"Ljava/lang/IllegalStateException;", "<init>"},
	{"Lcom/example/App;", "show"},
	{"Landroid/util/Log;", "w"},
}

func testCallee(in *dex.Insn) (string, string) {
	if in.Op.Ref() != dex.RefMethod || int(in.Index) >= len(testMethods) {
		return "", ""
	}
	m := testMethods[in.Index]
	return m[0], m[1]
}

// asm lays out instructions at consecutive PCs (sizes do not matter to
// constUse beyond ordering).
func asm(ins ...dex.Insn) []dex.Insn {
	pc := uint32(0)
	for i := range ins {
		ins[i].PC = pc
		if ins[i].Size == 0 {
			ins[i].Size = 3
		}
		pc += ins[i].Size
	}
	return ins
}

func conststr(r uint16) dex.Insn {
	return dex.Insn{Op: dex.OpConstString, NRegs: 1, Regs: [5]uint16{r}, Size: 2}
}
func invoke(op dex.Opcode, m uint32, regs ...uint16) dex.Insn {
	in := dex.Insn{Op: op, Index: m, NRegs: uint8(len(regs))}
	copy(in.Regs[:], regs)
	return in
}
func moveResult(r uint16) dex.Insn {
	return dex.Insn{Op: opMoveResultObject, NRegs: 1, Regs: [5]uint16{r}, Size: 1}
}

func testSpec(t *testing.T) *sdkdb.EndpointSpec {
	t.Helper()
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	return db.Endpoints()
}

func TestConstUse(t *testing.T) {
	spec := testSpec(t)
	for _, c := range []struct {
		name string
		code []dex.Insn
		want siteUse
	}{
		{"new URL(const)", asm(conststr(0), dex.Insn{Op: opNewInstance, NRegs: 1, Regs: [5]uint16{1}}, invoke(opInvokeDirect, 0, 1, 0)), useNetwork},
		{"through StringBuilder", asm(
			conststr(0),
			dex.Insn{Op: opNewInstance, NRegs: 1, Regs: [5]uint16{1}},
			invoke(opInvokeDirect, 1, 1),
			invoke(opInvokeVirtual, 2, 1, 0),
			moveResult(1),
			invoke(opInvokeVirtual, 3, 1),
			moveResult(2),
			invoke(opInvokeStatic, 4, 2)), useNetwork},
		{"moved then parsed", asm(conststr(3), dex.Insn{Op: opMoveObject, NRegs: 2, Regs: [5]uint16{5, 3}, Size: 1}, invoke(opInvokeStatic, 4, 5)), useNetwork},
		{"exception message", asm(
			conststr(0),
			dex.Insn{Op: opNewInstance, NRegs: 1, Regs: [5]uint16{1}},
			invoke(opInvokeDirect, 1, 1),
			invoke(opInvokeVirtual, 2, 1, 0),
			invoke(opInvokeVirtual, 3, 1),
			moveResult(2),
			dex.Insn{Op: opNewInstance, NRegs: 1, Regs: [5]uint16{3}},
			invoke(opInvokeDirect, 5, 3, 2)), useMessage},
		{"joined by invoke-custom, logged", asm(conststr(0), invoke(dex.OpInvokeCustom, 0, 0), moveResult(4), conststr(1), invoke(opInvokeStatic, 7, 1, 4)), useMessage},
		{"logged as it is", asm(conststr(0), conststr(1), invoke(opInvokeStatic, 7, 1, 0)), useOther},
		{"joined, then opened", asm(conststr(0), invoke(dex.OpInvokeCustom, 0, 0), moveResult(4), invoke(opInvokeStatic, 7, 1, 4), invoke(opInvokeStatic, 4, 4)), useNetwork},
		{"other call", asm(conststr(0), invoke(opInvokeStatic, 6, 0)), useOther},
		{"overwritten before use", asm(conststr(0), dex.Insn{Op: opConst4, NRegs: 1, Regs: [5]uint16{0}, Size: 1}, invoke(opInvokeStatic, 4, 0)), useOther},
		{"other register", asm(conststr(0), conststr(1), invoke(opInvokeStatic, 4, 1)), useOther},
		{"after return", asm(conststr(0), dex.Insn{Op: opReturnVoid, Size: 1}, invoke(opInvokeStatic, 4, 0)), useOther},
		{"forward goto", asm(conststr(0), dex.Insn{Op: opGoto, Target: 4, Size: 1}, invoke(opInvokeStatic, 6, 0), invoke(opInvokeStatic, 4, 0)), useNetwork},
		{"backward goto stops", asm(conststr(0), dex.Insn{Op: opGoto, Target: -2, Size: 1}, invoke(opInvokeStatic, 4, 0)), useOther},
	} {
		if got := constUse(c.code, 0, testCallee, spec); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// A pc that is no const-string.
	if got := constUse(asm(invoke(opInvokeStatic, 4, 0)), 0, testCallee, spec); got != useOther {
		t.Errorf("not a const-string: %v", got)
	}
}

func TestIsProse(t *testing.T) {
	for s, want := range map[string]bool{
		"See http://www.slf4j.org/codes.html#multiple_bindings for an explanation.": true,
		"http://apache.org/xml/features/":                                           false,
		"https://api.example.com/v1/%s?key=%s":                                      false,
		"Visit https://x.example now":                                               false,
	} {
		if got := isProse(s); got != want {
			t.Errorf("isProse(%q) = %v", s, got)
		}
	}
}

func TestIdentifierWhy(t *testing.T) {
	spec := testSpec(t)
	for _, c := range []struct {
		e    endpoint
		want bool
	}{
		{endpoint{url: "http://apache.org/xml/features/validation", host: "apache.org"}, true},
		{endpoint{url: "http://javax.xml.transform.dom.DOMResult/feature", host: "javax.xml.transform.dom.domresult"}, true},
		{endpoint{url: "http://myapp.internal/x", host: "myapp.internal"}, true},
		{endpoint{url: "http://myapp.internal/x", host: "myapp.internal", network: true}, false}, // code connects to it
		{endpoint{url: "https://api.medbook.example/v1", host: "api.medbook.example"}, false},    // a stand-in name
		{endpoint{url: "http://10.0.2.2:8080/", host: "10.0.2.2"}, false},
		{endpoint{url: "https://firebase.google.com/docs", host: "firebase.google.com", codeSites: 2, messageSites: 2}, true},
		{endpoint{url: "https://firebase.google.com/docs", host: "firebase.google.com", codeSites: 2, messageSites: 1}, false},
		{endpoint{url: "https://firebase.google.com/docs", host: "firebase.google.com", codeSites: 1, messageSites: 1, config: true}, false},
		{endpoint{url: "https://firebase.google.com/docs", host: "firebase.google.com", codeSites: 1, messageSites: 1, network: true}, false},
		{endpoint{url: "https://api.mixpanel.com/track", host: "api.mixpanel.com", codeSites: 1}, false},
	} {
		if got := identifierWhy(spec, &c.e) != ""; got != c.want {
			t.Errorf("%+v: identifier %v, want %v", c.e, got, c.want)
		}
	}
	if u := (&endpoint{network: true, config: true}).use(); u != reports.UseNetwork {
		t.Errorf("use %s", u)
	}
	if u := (&endpoint{config: true}).use(); u != reports.UseConfig {
		t.Errorf("use %s", u)
	}
	if u := (&endpoint{}).use(); u != reports.UseString {
		t.Errorf("use %s", u)
	}
}

// TestHostEvidenceOwner: a host string inside another SDK's classes, or in
// a library class no SDK owns, is no evidence for the SDK whose network
// signature names the host.
func TestHostEvidenceOwner(t *testing.T) {
	db := sdkdb.New(sdkdb.Meta{Version: "2026.01.01"}, []*sdkdb.SDK{
		{ID: "ga", Name: "GA", Vendor: "g", Network: sdkdb.Network{Hosts: []string{"www.ga.example"}}, Code: sdkdb.Code{Prefixes: []string{"com.ga."}}},
		{ID: "fa", Name: "FA", Vendor: "g", Code: sdkdb.Code{Prefixes: []string{"com.fa."}}},
	}, []*sdkdb.Vendor{{ID: "g", Name: "G"}})
	h := &hostScan{p: &analysis.Pass{Input: &analysis.Input{DB: db, Matcher: db.Matcher()}}, out: &HostsResult{Evidence: NewEvidence(8), endpoints: map[string]*endpoint{}},
		max: 8, owners: map[string]map[string]bool{}}
	u := foundURL{URL: "https://www.ga.example/collect", Host: "www.ga.example"}
	at := func(class string) site {
		return site{loc: "classes.dex " + class + "->m()V @0x0", code: true, owners: h.classOwners(class), lib: IsLibrary(db, class)}
	}
	h.seenURL(u, at("Lcom/fa/Internal;"))
	if r := h.out.Evidence.Get("ga"); r != nil {
		t.Errorf("host in FA's class is evidence for GA: %+v", r.Counts)
	}
	// androidx.test's usage tracker names Google Analytics' host: library
	// code no SDK owns.
	def, _ := sdkdb.Default()
	if !IsLibrary(def, "Landroidx/test/internal/runner/tracker/AnalyticsBasedUsageTracker;") {
		t.Fatal("androidx is not a library namespace")
	}
	h.seenURL(u, site{loc: "classes.dex Landroidx/test/X;->m()V @0x0", code: true, lib: true})
	if r := h.out.Evidence.Get("ga"); r != nil {
		t.Errorf("host in a library class is evidence for GA: %+v", r.Counts)
	}
	h.seenURL(u, site{loc: "resources.arsc", config: true})
	h.seenURL(u, at("Lcom/ga/Tracker;"))
	if r := h.out.Evidence.Get("ga"); r == nil || r.Counts[reports.ChannelHost] != 2 || !r.UniqueHost {
		t.Errorf("host in a resource and in GA's own class: evidence %+v", r)
	}
	if e := h.out.endpoints[u.URL]; e == nil || e.count != 4 || !e.config || e.codeSites != 3 {
		t.Errorf("the endpoint keeps every site: %+v", e)
	}
}
