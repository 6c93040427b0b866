package sdkdb

import (
	"fmt"
	"sort"
	"strings"
)

// Level is the severity of a lint finding.
type Level string

// Lint levels. The built-in database must not produce LevelError findings.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelInfo    Level = "info"
)

// Lint rule names.
const (
	RuleFrameworkNamespace = "framework-namespace" // signature covers a platform/library namespace
	RuleFewSegments        = "few-segments"        // class signature with fewer than 3 package segments
	RuleSwallows           = "swallows"            // a signature of one SDK matches another SDK's signature
	RuleGenericHost        = "generic-host"        // host pattern covers a shared/cloud/platform domain
	RuleSharedHost         = "shared-host"         // same host pattern in several SDKs
	RuleNoSignatures       = "no-signatures"       // SDK cannot be detected at all
	RuleSlowRegex          = "slow-regex"          // code regex without a required literal (evaluated for every class)
	RuleNoSamples          = "no-samples"          // curated SDK without true-positive samples
	RuleVendorCountry      = "vendor-country"      // SDK whose vendor is unknown, a stub, or has no country
)

// Finding is one lint result.
type Finding struct {
	Level   Level  `json:"level"`
	Rule    string `json:"rule"`
	SDK     string `json:"sdk"`
	Pattern string `json:"pattern,omitempty"`
	Message string `json:"message"`
}

func (f Finding) String() string {
	if f.Pattern != "" {
		return fmt.Sprintf("%s %s %s %q: %s", f.Level, f.Rule, f.SDK, f.Pattern, f.Message)
	}
	return fmt.Sprintf("%s %s %s: %s", f.Level, f.Rule, f.SDK, f.Message)
}

// FrameworkNamespaces are platform and widely shared library namespaces. A
// class signature covering one of them entirely is over-broad.
var FrameworkNamespaces = []string{
	"android.", "androidx.", "dalvik.", "java.", "javax.", "kotlin.", "kotlinx.",
	"org.jetbrains.", "org.json.", "org.apache.", "org.w3c.", "org.xml.",
	"com.android.", "com.google.", "com.google.android.", "com.google.android.gms.",
	"com.google.firebase.", "com.google.common.", "com.google.gson.", "com.google.protobuf.",
	"com.squareup.", "okhttp3.", "okio.", "retrofit2.", "io.reactivex.", "com.facebook.",
	"com.amazonaws.", "com.amazon.", "com.microsoft.", "com.huawei.hms.", "com.unity3d.",
}

// GenericHosts are cloud, CDN and platform domains shared by many unrelated
// services; a host pattern equal to one of them (or a suffix form of it)
// attributes unrelated traffic to the SDK.
var GenericHosts = []string{
	"google.com", "googleapis.com", "gstatic.com", "googleusercontent.com", "appspot.com",
	"amazonaws.com", "cloudfront.net", "amazon.com", "akamai.net", "akamaihd.net",
	"akamaized.net", "edgesuite.net", "edgekey.net", "fastly.net", "cloudflare.com",
	"cloudflare.net", "azure.com", "azureedge.net", "azurewebsites.net", "windows.net",
	"microsoft.com", "microsoftonline.com", "herokuapp.com", "herokudns.com",
	"github.com", "githubusercontent.com", "github.io", "apple.com", "icloud.com",
	"firebaseio.com", "web.app", "firebaseapp.com",
}

// Lint reports over-broad or suspicious signatures of the effective
// entries, sorted by (level, rule, sdk, pattern). Rules whose fix would be a
// change of an imported Exodus entry (framework-namespace, generic-host) are
// reported at warning level for imported entries and error level for
// curated ones: imported entries are fixed by superseding them with a
// curated entry.
func (db *DB) Lint() []Finding {
	var out []Finding
	add := func(l Level, rule string, s *SDK, pat, msg string) {
		out = append(out, Finding{Level: l, Rule: rule, SDK: s.ID, Pattern: pat, Message: msg})
	}
	strict := func(s *SDK) Level {
		if s.Imported() {
			return LevelWarning
		}
		return LevelError
	}
	m := db.Matcher()
	hostUsers := map[string][]string{}
	for _, s := range db.sdks {
		codeSigs := make([]struct {
			pat      string
			contains bool
		}, 0, len(s.Code.Prefixes)+len(s.Code.Contains))
		for _, p := range s.Code.Prefixes {
			codeSigs = append(codeSigs, struct {
				pat      string
				contains bool
			}{p, false})
		}
		for _, p := range s.Code.Contains {
			codeSigs = append(codeSigs, struct {
				pat      string
				contains bool
			}{p, true})
		}
		for _, cs := range codeSigs {
			p := cs.pat
			for _, ns := range FrameworkNamespaces {
				var covers bool
				if cs.contains {
					covers = wildContains(ns, p)
				} else {
					covers = strings.HasPrefix(ns, p)
				}
				if covers {
					add(strict(s), RuleFrameworkNamespace, s, p, fmt.Sprintf("matches every class of the %s namespace", ns))
					break
				}
			}
			segs := 0
			for _, seg := range strings.Split(strings.Trim(p, "."), ".") {
				if seg != "" {
					segs++
				}
			}
			closed := strings.HasSuffix(p, ".")
			switch {
			case segs <= 1:
				add(LevelWarning, RuleFewSegments, s, p, "single package segment")
			case segs == 2 && !closed:
				add(LevelWarning, RuleFewSegments, s, p, "two segments and an open last segment (also matches longer package names)")
			case segs == 2:
				add(LevelInfo, RuleFewSegments, s, p, "two package segments (vendor root namespace)")
			}
			// Does another SDK's signature match everything this one matches?
			canon := p
			if strings.HasPrefix(canon, ".") {
				canon = "x" + canon
			}
			for _, x := range m.MatchClass(canon) {
				if x.SDK != s {
					add(LevelWarning, RuleSwallows, x.SDK, x.Pattern, fmt.Sprintf("also matches %s's signature %q", s.ID, p))
				}
			}
		}
		for _, r := range s.Code.Regexes {
			if len(requiredLiteral(r)) < 3 {
				add(LevelWarning, RuleSlowRegex, s, r, "no required literal of 3+ characters: evaluated for every class")
			}
		}
		for _, h := range s.Network.Hosts {
			hl := strings.ToLower(h)
			hostUsers[hl] = append(hostUsers[hl], s.ID)
			body := strings.TrimPrefix(hl, ".")
			for _, g := range GenericHosts {
				if body == g {
					add(strict(s), RuleGenericHost, s, h, fmt.Sprintf("%s is shared by unrelated services", g))
					break
				}
			}
		}
		if len(s.Code.Prefixes)+len(s.Code.Contains)+len(s.Code.Regexes)+len(s.Network.Hosts)+len(s.Network.Regexes)+
			len(s.Manifest.Components)+len(s.Manifest.MetaData)+len(s.Manifest.Authorities)+len(s.Manifest.Permissions)+
			len(s.Files)+len(s.Resources) == 0 {
			add(LevelWarning, RuleNoSignatures, s, "", "no signature at all: the SDK can never be detected")
		}
		if !s.Imported() && len(s.Samples.TruePositives) == 0 {
			add(LevelWarning, RuleNoSamples, s, "", "curated entry without true-positive samples")
		}
		// Every SDK must name who receives its data and where: a vendor
		// with a country (or an open-source, self-hosted library).
		switch v := db.vendorByID[s.Vendor]; {
		case v == nil:
			add(LevelError, RuleVendorCountry, s, s.Vendor, "unknown vendor")
		case v.Source == SourceExodus:
			add(LevelError, RuleVendorCountry, s, s.Vendor, "vendor is a generated Exodus stub, not a researched vendor")
		case v.Country == "" && !v.SelfHosted && v.CountryUnknown != "":
			add(LevelWarning, RuleVendorCountry, s, s.Vendor, "vendor country unknown: "+v.CountryUnknown)
		case v.Country == "" && !v.SelfHosted:
			add(LevelError, RuleVendorCountry, s, s.Vendor, "vendor has no country (set country; self_hosted for an open-source library that sends data only where the app developer configures; or country_unknown with what was searched)")
		}
	}
	for h, ids := range hostUsers {
		ids = uniqueSorted(ids)
		if len(ids) > 1 {
			for _, id := range ids {
				out = append(out, Finding{Level: LevelInfo, Rule: RuleSharedHost, SDK: id, Pattern: h, Message: "also used by " + strings.Join(others(ids, id), ", ")})
			}
		}
	}
	out = dedupFindings(out)
	rank := map[Level]int{LevelError: 0, LevelWarning: 1, LevelInfo: 2}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level != b.Level {
			return rank[a.Level] < rank[b.Level]
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.SDK != b.SDK {
			return a.SDK < b.SDK
		}
		if a.Pattern != b.Pattern {
			return a.Pattern < b.Pattern
		}
		return a.Message < b.Message
	})
	return out
}

func uniqueSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func others(ids []string, id string) []string {
	var out []string
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

func dedupFindings(in []Finding) []Finding {
	seen := map[Finding]bool{}
	out := in[:0]
	for _, f := range in {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
