package sdkdb

import (
	"strings"
	"testing"
)

func rulesDB(sdks ...*SDK) *DB {
	return New(Meta{}, sdks, []*Vendor{{ID: "v", Name: "V"}})
}

func validationErrors(db *DB) string {
	var msgs []string
	for _, e := range db.Validate() {
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "\n")
}

// A class matching a weak package prefix and a required class name counts
// as required, whatever the order the signatures are found in.
func TestMatchPrefersRequiredSignature(t *testing.T) {
	push := &SDK{ID: "push", Name: "P", Vendor: "v", Categories: []Category{CatPush},
		Code: Code{Prefixes: []string{"com.acme.push.", "com.acme.push.Messaging"}},
		Evidence: EvidenceRules{
			Weak:     []SignatureRef{{Class: "com.acme.push."}},
			Requires: []SignatureRef{{Class: "com.acme.push.Messaging"}},
		}}
	m := rulesDB(push).Matcher()
	ms := m.MatchClass("com.acme.push.Messaging$1")
	if len(ms) != 1 || ms[0].Pattern != "com.acme.push.Messaging" {
		t.Fatalf("MatchClass = %+v, want the required prefix", ms)
	}
	if ms := m.MatchClass("com.acme.push.Tasks"); len(ms) != 1 || ms[0].Pattern != "com.acme.push." {
		t.Fatalf("MatchClass = %+v, want the weak prefix", ms)
	}
	for _, tc := range []struct {
		seen []Sample
		want string
	}{
		{[]Sample{{Class: "com.acme.push.Tasks"}}, DecisionNone},
		{[]Sample{{Class: "com.acme.push.Messaging"}}, ConfidenceHigh},
	} {
		got, err := m.decide(push, DecisionSample{Seen: tc.seen, Want: tc.want})
		if err != nil || got != tc.want {
			t.Errorf("decide(%v) = %q, %v; want %q", tc.seen, got, err, tc.want)
		}
	}
}

func TestDecide(t *testing.T) {
	plain := &SDK{ID: "plain"}
	req := &SDK{ID: "req", Evidence: EvidenceRules{Requires: []SignatureRef{{Class: "com.x."}}}}
	imported := &SDK{ID: "imp", Source: SourceExodus, ExodusID: 1}
	for _, tc := range []struct {
		s    *SDK
		t    Tally
		keep bool
		conf string
	}{
		{plain, Tally{Strong: map[string]int{ChannelClass: 1}}, true, ConfidenceHigh},
		{plain, Tally{Strong: map[string]int{ChannelResource: 3}}, true, ConfidenceMedium},
		{plain, Tally{Strong: map[string]int{ChannelManifest: 2}}, true, ConfidenceMedium},
		{plain, Tally{Strong: map[string]int{ChannelManifest: 1, ChannelFile: 1}}, true, ConfidenceHigh},
		{plain, Tally{Strong: map[string]int{ChannelResource: 1}, Weak: map[string]int{ChannelClass: 9}}, true, ConfidenceMedium},
		{plain, Tally{Weak: map[string]int{ChannelClass: 9, ChannelManifest: 2}}, false, ""},
		{plain, Tally{Strong: map[string]int{ChannelHost: 1}}, false, ""},
		{plain, Tally{Strong: map[string]int{ChannelHost: 1}, UniqueHost: true}, true, ConfidenceLow},
		{plain, Tally{Weak: map[string]int{ChannelHost: 1}, UniqueHost: true}, false, ""},
		{imported, Tally{Strong: map[string]int{ChannelHost: 1}, UniqueHost: true}, false, ""},
		{plain, Tally{Strong: map[string]int{ChannelCall: 4}}, false, ""},
		{req, Tally{Strong: map[string]int{ChannelClass: 4}}, false, ""},
		{req, Tally{Strong: map[string]int{ChannelClass: 4}, Required: true}, true, ConfidenceHigh},
	} {
		keep, conf := tc.s.Decide(tc.t)
		if keep != tc.keep || conf != tc.conf {
			t.Errorf("%s.Decide(%+v) = %v, %q; want %v, %q", tc.s.ID, tc.t, keep, conf, tc.keep, tc.conf)
		}
	}
}

func TestValidateRules(t *testing.T) {
	base := func() *SDK {
		return &SDK{ID: "acme", Name: "Acme", Vendor: "v", Categories: []Category{CatPush},
			Code:      Code{Prefixes: []string{"com.acme."}},
			Manifest:  Manifest{Permissions: []string{"com.acme.RECEIVE"}},
			Resources: []string{"acme_key"}}
	}
	fam := &SDK{ID: "fam", Name: "Family", Vendor: "v", Categories: []Category{CatOther}, Resources: []string{"shared_id"}}
	for _, tc := range []struct {
		name string
		edit func(s *SDK)
		want string
	}{
		{"unknown signature", func(s *SDK) { s.Evidence.Weak = []SignatureRef{{Class: "com.other."}} }, "evidence.weak class: com.other. names no class signature"},
		{"two fields", func(s *SDK) { s.Evidence.Weak = []SignatureRef{{Class: "com.acme.", Resource: "acme_key"}} }, "exactly one of"},
		{"weak and required", func(s *SDK) {
			s.Evidence.Weak = []SignatureRef{{Permission: "com.acme.RECEIVE"}}
			s.Evidence.Requires = []SignatureRef{{Permission: "com.acme.RECEIVE"}}
		}, "is both weak and required"},
		{"all weak", func(s *SDK) {
			s.Evidence.Weak = []SignatureRef{{Class: "com.acme."}, {Permission: "com.acme.RECEIVE"}, {Resource: "acme_key"}}
		}, "every signature is weak"},
		{"family missing", func(s *SDK) { s.Family = "nope" }, `family "nope": no such entry`},
		{"family resource", func(s *SDK) { s.Family = "fam"; s.Resources = append(s.Resources, "shared_id") }, `resource "shared_id" belongs to family fam`},
		{"decision wrong", func(s *SDK) {
			s.Evidence.Weak = []SignatureRef{{Permission: "com.acme.RECEIVE"}}
			s.Samples.Decisions = []DecisionSample{{Want: ConfidenceMedium, Seen: []Sample{{Permission: "com.acme.RECEIVE"}}}}
		}, "got none, want medium"},
		{"decision unmatched", func(s *SDK) {
			s.Samples.Decisions = []DecisionSample{{Want: DecisionNone, Seen: []Sample{{Class: "org.other.A"}}}}
		}, "does not match this entry"},
		{"decision want", func(s *SDK) {
			s.Samples.Decisions = []DecisionSample{{Want: "maybe", Seen: []Sample{{Class: "com.acme.A"}}}}
		}, `want "maybe"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			tc.edit(s)
			if got := validationErrors(rulesDB(s, fam)); !strings.Contains(got, tc.want) {
				t.Errorf("Validate: want an error containing %q, got:\n%s", tc.want, got)
			}
		})
	}
	// The valid form passes: weak permission, required class, family
	// resource kept as weak evidence, decisions that hold.
	s := base()
	s.Family = "fam"
	s.Resources = append(s.Resources, "shared_id")
	s.Evidence = EvidenceRules{
		Weak:     []SignatureRef{{Permission: "com.acme.RECEIVE"}, {Resource: "shared_id"}},
		Requires: []SignatureRef{{Class: "com.acme."}},
	}
	s.Samples.Decisions = []DecisionSample{
		{Want: ConfidenceHigh, Seen: []Sample{{Class: "com.acme.Push"}, {Permission: "com.acme.RECEIVE"}}},
		{Want: DecisionNone, Seen: []Sample{{Permission: "com.acme.RECEIVE"}, {Resource: "acme_key"}}},
	}
	if got := validationErrors(rulesDB(s, fam)); got != "" {
		t.Errorf("valid rules rejected:\n%s", got)
	}
}

// A curated entry superseding an Exodus tracker may not weaken the code
// signatures Exodus detects it by, nor leave them out of a requires rule.
func TestValidateRulesKeepExodusSignatures(t *testing.T) {
	imp := &SDK{ID: "acme", Name: "Acme", Vendor: "v", Categories: []Category{CatOther}, Source: SourceExodus, ExodusID: 7,
		Code: Code{Contains: []string{"com.acme.sdk."}}}
	cur := &SDK{ID: "acme", Name: "Acme", Vendor: "v", Categories: []Category{CatOther}, ExodusID: 7,
		Code:     Code{Contains: []string{"com.acme.sdk."}, Prefixes: []string{"com.acme.sdk.Core"}},
		Evidence: EvidenceRules{Weak: []SignatureRef{{Class: "com.acme.sdk."}}, Requires: []SignatureRef{{Class: "com.acme.sdk.Core"}}}}
	got := validationErrors(rulesDB(imp, cur))
	for _, want := range []string{`marks the code signature "com.acme.sdk." of imported "acme" (exodus_id 7) weak`, `requires rule does not list the code signature "com.acme.sdk."`} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
}
