package sdkdb

import (
	"strings"
	"testing"
)

// Sink specs are claims about an SDK's API: these methods hand data to the
// SDK. The method samples of each entry pin that claim from both sides:
// true positives are sink calls the spec must recognise, false positives
// are real methods of the same SDK (getters, toggles, lifecycle calls…)
// it must not claim.

// builtinSinkSDKs returns the built-in database, loaded from the YAML
// files (not from the snapshot Default reads, which may lag behind them),
// and its entries that declare sinks.
func builtinSinkSDKs(t *testing.T) (*DB, []*SDK) {
	t.Helper()
	db, err := Load(EmbeddedFS())
	if err != nil {
		t.Fatal(err)
	}
	var out []*SDK
	for _, s := range db.SDKs() {
		if len(s.Sinks) > 0 {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		t.Fatal("no built-in SDK declares sinks")
	}
	return db, out
}

// TestSinkSamplesBuiltin: every built-in SDK with sinks has at least one
// method true positive and two method false positives; method samples are
// well-formed smali references with a return type; a false positive names
// a method of the SDK itself (a class its code signatures match or a class
// that declares one of its sinks), is listed once and is not one of its
// sinks; the entry's samples validate.
func TestSinkSamplesBuiltin(t *testing.T) {
	db, sdks := builtinSinkSDKs(t)
	m := db.Matcher()
	claims := func(s *SDK, ref string) bool {
		for _, sm := range m.SinksFor(ref) {
			if sm.SDK == s {
				return true
			}
		}
		return false
	}
	ownClass := func(s *SDK, sinkClasses map[string]bool, class string) bool {
		if sinkClasses[class] {
			return true
		}
		for _, x := range m.MatchClass(class) {
			if x.SDK == s {
				return true
			}
		}
		return false
	}
	parse := func(s *SDK, what, ref string) (MethodRef, bool) {
		mr, err := ParseMethodRef(ref)
		if err != nil {
			t.Errorf("%s: %s: %v", s.ID, what, err)
			return mr, false
		}
		if mr.Return == "" {
			t.Errorf("%s: %s %s: return type missing (samples give the real descriptor)", s.ID, what, ref)
			return mr, false
		}
		return mr, true
	}
	var nTP, nFP int
	for _, s := range sdks {
		if s.Imported() {
			t.Errorf("%s: imported entry with sinks", s.ID)
		}
		sinkClasses := map[string]bool{}
		for _, sk := range s.Sinks {
			if mr, err := ParseMethodRef(sk.Method); err == nil {
				sinkClasses[mr.Class] = true
			}
		}
		tp, fp := 0, 0
		for _, smp := range s.Samples.TruePositives {
			if smp.Method == "" {
				continue
			}
			tp++
			if _, ok := parse(s, "true positive", smp.Method); ok && !claims(s, smp.Method) {
				t.Errorf("%s: true positive %s is not one of its sinks", s.ID, smp.Method)
			}
		}
		seen := map[string]bool{}
		for _, smp := range s.Samples.FalsePositives {
			if smp.Method == "" {
				continue
			}
			fp++
			mr, ok := parse(s, "false positive", smp.Method)
			if !ok {
				continue
			}
			if k := sinkKey(smp.Method); seen[k] {
				t.Errorf("%s: false positive %s listed twice", s.ID, smp.Method)
			} else {
				seen[k] = true
			}
			if !ownClass(s, sinkClasses, mr.Class) {
				t.Errorf("%s: false positive %s: class %s is not part of the SDK (no code signature matches it, no sink is declared on it)", s.ID, smp.Method, mr.Class)
			}
			if claims(s, smp.Method) {
				t.Errorf("%s: false positive %s is one of its sinks", s.ID, smp.Method)
			}
		}
		if tp < 1 {
			t.Errorf("%s: %d sinks but no method true positive", s.ID, len(s.Sinks))
		}
		if fp < 2 {
			t.Errorf("%s: %d method false positives, want at least 2", s.ID, fp)
		}
		for _, err := range db.CheckSamples(s) {
			t.Error(err)
		}
		nTP += tp
		nFP += fp
	}
	t.Logf("%d SDKs with sinks: %d method true positives, %d method false positives", len(sdks), nTP, nFP)
}

// TestSinkFalsePositiveEnforced: the method false positives are really
// enforced. Each built-in SDK with sinks gets, in a copy of the database,
// two false positives that are one of its sinks (once as written, once with
// another return type, which sink matching ignores); validation must
// report exactly those, entry by entry.
func TestSinkFalsePositiveEnforced(t *testing.T) {
	db, sdks := builtinSinkSDKs(t)
	injected := map[*SDK][]string{}
	replace := map[*SDK]*SDK{}
	for i, s := range sdks {
		// Rotate through the sink lists so that not only first entries
		// are exercised.
		sink := s.Sinks[i%len(s.Sinks)].Method
		mr, err := ParseMethodRef(sink)
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		other := "V"
		if mr.Return == "V" {
			other = "Ljava/lang/Object;"
		}
		refs := []string{sink, sinkKey(sink) + other}
		c := *s
		c.Samples.FalsePositives = append([]Sample(nil), s.Samples.FalsePositives...)
		for _, r := range refs {
			c.Samples.FalsePositives = append(c.Samples.FalsePositives, Sample{Method: r})
		}
		replace[s] = &c
		injected[&c] = refs
	}
	var raw []*SDK
	for _, s := range db.SDKs() {
		if c := replace[s]; c != nil {
			s = c
		}
		raw = append(raw, s)
	}
	raw = append(raw, db.Superseded()...)
	bad := New(db.Meta(), raw, db.Vendors())

	var fpErrs []string
	for _, err := range bad.Validate() {
		if strings.Contains(err.Error(), ": false positive ") {
			fpErrs = append(fpErrs, err.Error())
		}
	}
	want := 0
	for c, refs := range injected {
		for _, r := range refs {
			want++
			needle := c.ID + ": false positive method: " + r + " matches"
			found := false
			for _, e := range fpErrs {
				if strings.HasSuffix(e, needle) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: injected false positive %s (a sink) passed validation", c.ID, r)
			}
		}
	}
	if len(fpErrs) != want {
		t.Errorf("%d false-positive errors, want %d (one per injected sample):\n%s", len(fpErrs), want, strings.Join(fpErrs, "\n"))
	}
	// The unmodified copy is clean: the errors come from the injection.
	for _, err := range New(db.Meta(), append(append([]*SDK(nil), db.SDKs()...), db.Superseded()...), db.Vendors()).validateSamples() {
		t.Errorf("rebuilt database: %v", err)
	}
}
