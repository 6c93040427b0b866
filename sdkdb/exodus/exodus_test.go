package exodus

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
	"github.com/apkscan/apkscan/sdkdb"
)

var (
	update     = flag.Bool("update", false, "rewrite ../data/exodus from the Exodus JSON")
	exodusJSON = flag.String("exodus-json", os.Getenv("APKSCAN_EXODUS_JSON"), "Exodus tracker list (JSON); default ../shared/corpus/sigdb/exodus_trackers.json")
)

const dataDir = "../data/exodus"

func loadTrackers(t *testing.T) []Tracker {
	t.Helper()
	path := *exodusJSON
	if path == "" {
		path = testshared.Corpus(t, "sigdb", "exodus_trackers.json")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("Exodus JSON not available (%v); set -exodus-json or APKSCAN_EXODUS_JSON", err)
	}
	defer f.Close()
	tr, err := ParseTrackers(f)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// curated returns what the hand-written data in ../data tells the
// importer (read from the YAML, not the embedded snapshot, so a change to
// a curated vendor's exodus_trackers shows at once).
func curated(t *testing.T) Curated {
	t.Helper()
	db, err := sdkdb.LoadDir("../data")
	if err != nil {
		t.Fatal(err)
	}
	return CuratedFrom(db)
}

// TestEmbeddedData fails when sdkdb/data/exodus drifts from what the
// importer produces from the Exodus JSON. With -update it rewrites the
// folder instead.
func TestEmbeddedData(t *testing.T) {
	trackers := loadTrackers(t)
	sdks, vendors, err := Convert(trackers, curated(t))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := WriteDir(dataDir, sdks, vendors); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Render(sdks, vendors)
	if err != nil {
		t.Fatal(err)
	}
	var drift []string
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dataDir, filepath.FromSlash(name)))
		if err != nil {
			drift = append(drift, "missing "+name)
			continue
		}
		if !bytes.Equal(got, content) {
			drift = append(drift, "differs "+name)
		}
	}
	for _, sub := range []string{"", "vendors"} {
		entries, _ := os.ReadDir(filepath.Join(dataDir, sub))
		for _, e := range entries {
			rel := e.Name()
			if sub != "" {
				rel = sub + "/" + rel
			}
			if e.IsDir() || !strings.HasSuffix(rel, ".yaml") {
				continue
			}
			if _, ok := want[rel]; !ok {
				drift = append(drift, "stale "+rel)
			}
		}
	}
	sort.Strings(drift)
	if len(drift) > 0 {
		if len(drift) > 20 {
			drift = append(drift[:20], "…")
		}
		t.Fatalf("sdkdb/data/exodus is out of date (run: go test ./sdkdb/exodus -run TestEmbeddedData -update):\n%s", strings.Join(drift, "\n"))
	}
}

// TestCoverage checks that every Exodus tracker is present in the default
// database, imported or superseded by a curated entry, and that every code
// signature still detects synthetic classes, including relocated copies –
// apkscan finds at least what Exodus finds.
func TestCoverage(t *testing.T) {
	trackers := loadTrackers(t)
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	m := db.Matcher()
	for _, tr := range trackers {
		s := db.SDKByExodusID(tr.ID)
		if s == nil {
			t.Errorf("tracker %d (%s) missing from the default database", tr.ID, tr.Name)
			continue
		}
		if len(tr.CodeSignature) <= 3 {
			continue
		}
		for _, alt := range splitAlternatives(tr.CodeSignature) {
			if alt == "" {
				continue
			}
			base := alt
			if strings.HasPrefix(base, ".") {
				base = "a" + base
			}
			for _, name := range []string{base + "X", "com.shaded." + base + "Y", strings.ReplaceAll(base, ".", "$") + "Z"} {
				found := false
				for _, x := range m.MatchClass(name) {
					if x.SDK == s {
						found = true
					}
				}
				if !found {
					t.Errorf("tracker %d (%s): class %q (signature %q) not matched by %s", tr.ID, tr.Name, name, alt, s.ID)
				}
			}
		}
	}
}

func TestHostFromRegex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`flurry\.com`, "flurry.com"},
		{`.*\.estimote\.com`, "estimote.com"},
		{`\.facebook\.com`, "facebook.com"},
		{`.prebid.org`, "prebid.org"},
		{`cdn\.adswizz.com\.edgesuite\.net`, "cdn.adswizz.com.edgesuite.net"},
		{`usw\-lax\.adsrvr\.org`, "usw-lax.adsrvr.org"},
		{`fidzup`, ""},
		{`\.exacttarget\.`, ""},
		{`adservice\.google\..*`, ""},
		{`54\.243\.73\.253:8080/SilverPush/`, ""},
		{`mst[0-9]*\.is\.autonavi\.com`, ""},
		{`data.\altbeacon\.org`, ""},
	} {
		got, ok := hostFromRegex(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("hostFromRegex(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestParsing(t *testing.T) {
	if got := ownerName("Google [Recode, 01](https://example.com)"); got != "Google" {
		t.Errorf("ownerName = %q", got)
	}
	if got := ownerName("Oath Inc. (subsidiary of Verizon Communications)"); got != "" {
		t.Errorf("ownerName = %q, want empty", got)
	}
	if got := countryFrom("France (Paris) [Crunchbase, 01](https://www.crunchbase.com/organization/x)"); got != "FR" {
		t.Errorf("countryFrom = %q", got)
	}
	if got := countryFrom("Microsoft: United States (Seattle) / Bit Stadium: Germany (Stuttgart)"); got != "" {
		t.Errorf("countryFrom = %q, want empty", got)
	}
	if got := slug("AD(X)"); got != "ad-x" {
		t.Errorf("slug = %q", got)
	}
	if got := stripParenthetical("Braze (formerly Appboy)"); got != "Braze" {
		t.Errorf("stripParenthetical = %q", got)
	}
	c := convertCode("com.flurry.|.sizmek.|com.github.backtrace-labs.|a(b|c)d")
	if strings.Join(c.Contains, ",") != ".sizmek.,com.flurry.,com.github.backtrace-labs." || strings.Join(c.Regexes, ",") != "a(b|c)d" {
		t.Errorf("convertCode = %+v", c)
	}
}

func TestImportSmall(t *testing.T) {
	in := `{"trackers": {"25": {"id": 25, "name": "Flurry", "code_signature": "com.flurry.", "network_signature": "flurry\\.com|fidzup",
	  "website": "http://www.flurry.com", "categories": ["Analytics", "Advertisement"],
	  "description": "## Primary Location\r\nUnited States\r\n\r\n## About\r\nFlurry is an *analytics* platform [Flurry, 01](http://x). It does things."},
	  "900": {"id": 900, "name": "Acme Ads (formerly Foo)", "code_signature": "com.acme.", "network_signature": "",
	  "website": "https://acme.example", "categories": [], "description": "## Primary Location\r\nFrance (Paris)\r\n\r\n## Ownership\r\nAcme SAS\r\n"}}}`
	cur := Curated{Owners: map[int]string{25: "yahoo"}, VendorIDs: map[string]bool{"yahoo": true}}
	sdks, vendors, err := Import(strings.NewReader(in), cur)
	if err != nil {
		t.Fatal(err)
	}
	if len(sdks) != 2 || sdks[0].ExodusID != 25 || sdks[1].ID != "acme-ads" {
		t.Fatalf("sdks = %+v", sdks)
	}
	f := sdks[0]
	if f.Vendor != "yahoo" || f.Description != "Flurry is an analytics platform. It does things." ||
		strings.Join(f.Network.Hosts, ",") != ".flurry.com" || strings.Join(f.Network.Regexes, ",") != "fidzup" ||
		len(f.Categories) != 2 || f.Categories[0] != sdkdb.CatAnalytics {
		t.Errorf("flurry = %+v", f)
	}
	if len(vendors) != 1 || vendors[0].ID != "acme-sas" || vendors[0].Country != "FR" || sdks[1].Categories[0] != sdkdb.CatOther {
		t.Errorf("vendors = %+v, sdk = %+v", vendors, sdks[1])
	}
	// A curated vendor with the generated id replaces the stub.
	cur.VendorIDs["acme-sas"] = true
	if _, vs, err := Import(strings.NewReader(in), cur); err != nil || len(vs) != 0 {
		t.Errorf("with curated acme-sas: vendors = %+v, err = %v", vs, err)
	}
	files, err := Render(sdks, vendors)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Render(sdks, vendors)
	for k, v := range files {
		if !bytes.Equal(v, again[k]) {
			t.Errorf("%s: output not deterministic", k)
		}
		if strings.HasSuffix(k, ".yaml") && !bytes.Contains(v, []byte(Attribution)) {
			t.Errorf("%s: missing attribution", k)
		}
	}
	// WriteDir round trip, removal of stale generated files only.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "stale.yaml"), []byte(GeneratedMarker+"\nid: stale\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "handmade.yaml"), []byte("id: handmade\n"), 0o644)
	if err := WriteDir(dir, sdks, vendors); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "stale.yaml")); !os.IsNotExist(err) {
		t.Error("stale generated file not removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "handmade.yaml")); err != nil {
		t.Error("hand-made file removed")
	}
	os.Remove(filepath.Join(dir, "handmade.yaml"))
	db, err := sdkdb.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if db.SDK("flurry") == nil || db.Vendor("acme-sas") == nil {
		t.Errorf("round trip lost entries")
	}
}

// TestSemanticsAgainstRegexp replays the exodus-core method – the whole
// code_signature compiled as a regex and searched in slash-form class names
// – on a deterministic corpus of class names derived from the signatures
// (mutated, relocated, joined with other separators), and checks that the
// default database reports at least the same trackers on the dotted names.
// Go's RE2 and Python's re agree on these signatures (literals and '.').
func TestSemanticsAgainstRegexp(t *testing.T) {
	trackers := loadTrackers(t)
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	type sig struct {
		id int
		re *regexp.Regexp
	}
	var sigs []sig
	var alts []string
	for _, tr := range trackers {
		if len(tr.CodeSignature) <= 3 {
			continue
		}
		re, err := regexp.Compile(tr.CodeSignature)
		if err != nil {
			t.Fatalf("tracker %d: %v", tr.ID, err)
		}
		sigs = append(sigs, sig{tr.ID, re})
		alts = append(alts, splitAlternatives(tr.CodeSignature)...)
	}
	// Deterministic pseudo-random corpus.
	seed := uint32(2463534242)
	rnd := func(n int) int {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return int(seed % uint32(n))
	}
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."
	suffixes := []string{"", ".Foo", "Bar", ".a.B", "_x.Y"}
	names := map[string]bool{}
	for _, a := range alts {
		base := strings.Trim(a, ".")
		if base == "" {
			continue
		}
		for k := 0; k < 6; k++ {
			n := base
			switch r := rnd(10); {
			case r < 3 && len(n) > 2:
				i := rnd(len(n))
				n = n[:i] + string(alpha[rnd(len(alpha))]) + n[i+1:]
			case r < 5:
				n = "com.shade." + n
			case r < 6:
				n = strings.Replace(n, ".", string("._x"[rnd(3)]), 1)
			}
			n += suffixes[rnd(len(suffixes))]
			for strings.Contains(n, "..") {
				n = strings.ReplaceAll(n, "..", ".")
			}
			n = strings.Trim(n, ".")
			if n != "" {
				names[n] = true
			}
		}
	}
	m := db.Matcher()
	hits := 0
	for n := range names {
		slash := strings.ReplaceAll(n, ".", "/")
		got := map[int]bool{}
		for _, x := range m.MatchClass(n) {
			got[x.SDK.ExodusID] = true
		}
		for _, s := range sigs {
			if s.re.MatchString(slash) {
				hits++
				if !got[s.id] {
					t.Errorf("class %s: Exodus tracker %d matches %s but apkscan does not", n, s.id, slash)
				}
			}
		}
	}
	if hits < 1000 {
		t.Fatalf("corpus too weak: %d hits over %d names", hits, len(names))
	}
	t.Logf("%d names, %d Exodus matches, all found", len(names), hits)
}
