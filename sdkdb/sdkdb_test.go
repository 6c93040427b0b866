package sdkdb

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const vendorsYAML = `id: acme
name: Acme
legal_entities: ["Acme Corp."]
country: US
domains: [acme.example]
`

// testFS returns a small valid database plus extra files.
func testFS(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"db.yaml":           {Data: []byte("version: \"2026.01.02\"\n")},
		"vendors/acme.yaml": {Data: []byte(vendorsYAML)},
		"curated/acme-analytics.yaml": {Data: []byte(`id: acme-analytics
name: Acme Analytics
vendor: acme
categories: [analytics]
code:
  prefixes: [com.acme.analytics.]
  regexes: ['^com\.acme\.(tracker|telemetry)\.']
network:
  hosts: [collect.acme.example, .acme-cdn.example, "api.*.acme.example"]
  regexes: ['^beacon[0-9]+\.acme\.example$']
manifest:
  components: [com.acme.analytics.Receiver, "com.acme.push.*"]
  meta_data: [ACME_KEY]
  authorities: ["*.acmeprovider"]
  permissions: [com.acme.permission.RECEIVE]
files:
  - assets/acme.json
  - glob: META-INF/com.acme_analytics.version
    version: content
  - glob: "lib/*/libacme-*.so"
    version: {from: path, regex: 'libacme-([0-9.]+)\.so$'}
resources: [acme_app_id]
sinks:
  - method: "Lcom/acme/analytics/Acme;->track(Ljava/lang/String;Ljava/util/Map;)V"
    args: [{index: 1, role: event-name}, {index: 2, role: properties}]
  - method: "Lcom/acme/analytics/Acme;->identify(Ljava/lang/String;)V"
    static: true
    args: [{index: 0, role: user-id}]
samples:
  true_positives:
    - class: com.acme.analytics.Acme
    - class: com.acme.tracker.X
    - host: collect.acme.example
    - host: img.acme-cdn.example
    - host: api.eu.acme.example
    - host: beacon7.acme.example
    - meta_data: ACME_KEY
    - authority: com.example.acmeprovider
    - component: com.acme.push.Service
    - file: META-INF/com.acme_analytics.version
    - resource: string/acme_app_id
    - method: "Lcom/acme/analytics/Acme;->identify(Ljava/lang/String;)Z"
  false_positives:
    - class: com.acme.analyticsx.Foo
    - host: acme.example
    - host: api.acme.example
`)},
		"exodus/old-acme.yaml": {Data: []byte(`id: old-acme
name: Old Acme
vendor: acme
categories: [other]
exodus_id: 7
source: exodus
code:
  contains: [com.oldacme.]
network:
  hosts: [.oldacme.example]
samples:
  true_positives:
    - class: com.oldacme.Sample
`)},
		"README.md": {Data: []byte("ignored")},
	}
	for k, v := range extra {
		if v == "" {
			delete(fsys, k)
			continue
		}
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func mustLoad(t *testing.T, fsys fstest.MapFS) *DB {
	t.Helper()
	db, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestLoadValid(t *testing.T) {
	db := mustLoad(t, testFS(nil))
	if errs := db.Validate(); len(errs) > 0 {
		t.Fatalf("unexpected validation errors: %v", errs)
	}
	if db.Version() != "2026.01.02" || len(db.SDKs()) != 2 || db.SDK("acme-analytics") == nil || db.Vendor("acme") == nil {
		t.Fatalf("unexpected content: version=%q sdks=%d", db.Version(), len(db.SDKs()))
	}
	if db.SDKByExodusID(7).ID != "old-acme" {
		t.Error("SDKByExodusID")
	}
	if s := db.SDK("acme-analytics"); s.Path != "curated/acme-analytics.yaml" || len(s.Files) != 3 || s.Files[0].Version != nil || s.Files[1].Version.From != "content" {
		t.Errorf("file rules decoded wrongly: %+v", s.Files)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra map[string]string
		want  string
	}{
		{"yaml syntax", map[string]string{"curated/bad.yaml": "id: [unclosed\n"}, "curated/bad.yaml"},
		{"unknown field", map[string]string{"curated/x.yaml": "id: x\nnmae: typo\n"}, "field nmae not found"},
		{"unknown field in file rule", map[string]string{"curated/x.yaml": "id: x\nfiles:\n  - {glob: a, versoin: content}\n"}, "versoin"},
		{"two documents", map[string]string{"curated/x.yaml": "id: x\n---\nid: y\n"}, "more than one YAML document"},
		{"empty", map[string]string{"curated/x.yaml": "# nothing\n"}, "empty document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(testFS(tc.extra))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateErrors(t *testing.T) {
	const base = "name: X\nvendor: acme\ncategories: [analytics]\n"
	for _, tc := range []struct {
		name  string
		extra map[string]string
		want  string
	}{
		{"bad regex", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  regexes: ['com\\.x(']\n"}, "code regex"},
		{"bad network regex", map[string]string{"curated/x.yaml": "id: x\n" + base + "network:\n  regexes: ['a[']\n"}, "network regex"},
		{"duplicate id", map[string]string{"curated/dup.yaml": "id: acme-analytics\n" + base}, "duplicate SDK id \"acme-analytics\""},
		{"unknown vendor", map[string]string{"curated/x.yaml": "id: x\nname: X\nvendor: nobody\ncategories: [analytics]\n"}, "unknown vendor \"nobody\""},
		{"bad sink syntax", map[string]string{"curated/x.yaml": "id: x\n" + base + "sinks:\n  - method: \"com.x.Y.track(String)\"\n"}, "sink: method"},
		{"bad sink param", map[string]string{"curated/x.yaml": "id: x\n" + base + "sinks:\n  - method: \"Lx/Y;->m(Q)V\"\n"}, "bad type character"},
		{"sink missing return", map[string]string{"curated/x.yaml": "id: x\n" + base + "sinks:\n  - method: \"Lx/Y;->m(I)\"\n"}, "return type missing"},
		{"sink arg out of range", map[string]string{"curated/x.yaml": "id: x\n" + base + "sinks:\n  - method: \"Lx/Y;->m(I)V\"\n    static: true\n    args: [{index: 1, role: other}]\n"}, "out of range"},
		{"sink bad role", map[string]string{"curated/x.yaml": "id: x\n" + base + "sinks:\n  - method: \"Lx/Y;->m(I)V\"\n    args: [{index: 1, role: secret}]\n"}, "unknown role"},
		{"bad category", map[string]string{"curated/x.yaml": "id: x\nname: X\nvendor: acme\ncategories: [spyware]\n"}, "unknown category"},
		{"no category", map[string]string{"curated/x.yaml": "id: x\nname: X\nvendor: acme\n"}, "no categories"},
		{"bad id", map[string]string{"curated/Bad_ID.yaml": "id: Bad_ID\n" + base}, "not lowercase kebab-case"},
		{"file name mismatch", map[string]string{"curated/y.yaml": "id: x\n" + base}, "does not match id"},
		{"bad host", map[string]string{"curated/x.yaml": "id: x\n" + base + "network:\n  hosts: ['*.x.example']\n"}, "ambiguous"},
		{"single label host", map[string]string{"curated/x.yaml": "id: x\n" + base + "network:\n  hosts: [.com]\n"}, "two labels"},
		{"bad prefix", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  prefixes: [com/x/]\n"}, "code prefix"},
		{"bad name pattern", map[string]string{"curated/x.yaml": "id: x\n" + base + "manifest:\n  meta_data: ['a*b*']\n"}, "only allowed once"},
		{"bad glob", map[string]string{"curated/x.yaml": "id: x\n" + base + "files: ['a[']\n"}, "syntax error in pattern"},
		{"version regex without group", map[string]string{"curated/x.yaml": "id: x\n" + base + "files:\n  - {glob: a, version: {from: content, regex: 'v'}}\n"}, "capture group"},
		{"sample with two fields", map[string]string{"curated/x.yaml": "id: x\n" + base + "samples:\n  true_positives:\n    - {class: a.b.C, host: a.b}\n"}, "exactly one of"},
		{"true positive not matching", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  prefixes: [com.x.]\nsamples:\n  true_positives:\n    - class: com.y.Z\n"}, "true positive class: com.y.Z does not match"},
		{"false positive matching", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  prefixes: [com.x.]\nsamples:\n  false_positives:\n    - class: com.x.Z\n"}, "false positive class: com.x.Z matches"},
		{"supersede loses signature", map[string]string{"curated/new-acme.yaml": "id: new-acme\n" + base + "exodus_id: 7\ncode:\n  prefixes: [com.oldacme.]\nnetwork:\n  hosts: [.oldacme.example]\n"}, "does not keep its code contains signature \"com.oldacme.\""},
		{"supersede loses host", map[string]string{"curated/new-acme.yaml": "id: new-acme\n" + base + "exodus_id: 7\ncode:\n  contains: [com.oldacme.]\nnetwork:\n  hosts: [api.oldacme.example]\n"}, "host signature \".oldacme.example\""},
		{"same id different exodus id", map[string]string{"curated/old-acme.yaml": "id: old-acme\n" + base + "exodus_id: 8\n"}, "has exodus_id 8"},
		{"two curated same exodus id", map[string]string{"curated/a.yaml": "id: a\n" + base + "exodus_id: 9\n", "curated/b.yaml": "id: b\n" + base + "exodus_id: 9\n"}, "exodus_id 9 claimed by two"},
		{"imported without exodus id", map[string]string{"exodus/z.yaml": "id: z\n" + base + "source: exodus\n"}, "without exodus_id"},
		{"bad vendor country", map[string]string{"vendors/acme.yaml": "id: acme\nname: Acme\ncountry: USA\n"}, "ISO 3166-1"},
		{"vendor alias collision", map[string]string{"vendors/other.yaml": "id: other\nname: Other\naliases: [\"ACME, Inc.\"]\n"}, "share the normalised name \"acme\""},
		{"bad db version", map[string]string{"db.yaml": "version: v1\n"}, "date based"},
		{"short code string", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  strings: [x_cache]\nsamples:\n  true_positives:\n    - string: x_cache\n"}, "shorter than 12 bytes"},
		{"URL code string", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  strings: ['https://x.example/collect']\nsamples:\n  true_positives:\n    - string: 'https://x.example/collect'\n"}, "network.hosts"},
		{"code string without sample", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  strings: [x_measurement.db]\n"}, "no true-positive sample"},
		{"code string of two entries", map[string]string{
			"curated/x.yaml": "id: x\n" + base + "code:\n  strings: [shared_store.db]\nsamples:\n  true_positives:\n    - string: shared_store.db\n",
			"curated/y.yaml": "id: y\n" + base + "code:\n  strings: [shared_store.db]\nsamples:\n  true_positives:\n    - string: shared_store.db\n"}, "is also held by x, y"},
		{"code string decision", map[string]string{"curated/x.yaml": "id: x\n" + base + "code:\n  strings: [x_measurement.db]\nsamples:\n  true_positives:\n    - string: x_measurement.db\n  decisions:\n    - {want: high, seen: [string: x_measurement.db]}\n"}, "got medium, want high"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := mustLoad(t, testFS(tc.extra))
			errs := db.Validate()
			var all []string
			for _, e := range errs {
				all = append(all, e.Error())
			}
			joined := strings.Join(all, "\n")
			if !strings.Contains(joined, tc.want) {
				t.Fatalf("Validate() = %q, want an error containing %q", joined, tc.want)
			}
		})
	}
}

func TestSupersede(t *testing.T) {
	db := mustLoad(t, testFS(map[string]string{"curated/new-acme.yaml": `id: new-acme
name: New Acme
vendor: acme
categories: [analytics]
exodus_id: 7
notes: supersedes old-acme
code:
  prefixes: [com.newacme.]
  contains: [com.oldacme.]
network:
  hosts: [.acme-old.example, .oldacme.example]
`}))
	if errs := db.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if db.SDK("old-acme") != nil || db.SDKByExodusID(7).ID != "new-acme" {
		t.Fatal("curated entry does not supersede the imported one")
	}
	if len(db.Superseded()) != 1 || db.SupersededBy(db.Superseded()[0]).ID != "new-acme" {
		t.Fatal("Superseded/SupersededBy")
	}
	// Same-id supersession.
	db2 := mustLoad(t, testFS(map[string]string{"curated/old-acme.yaml": `id: old-acme
name: Old Acme (curated)
vendor: acme
categories: [analytics]
exodus_id: 7
code:
  contains: [com.oldacme.]
network:
  hosts: [.oldacme.example]
`}))
	if errs := db2.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if s := db2.SDK("old-acme"); s == nil || s.Imported() {
		t.Fatal("same-id curated entry does not supersede")
	}
}

func TestMerge(t *testing.T) {
	base := mustLoad(t, testFS(nil))
	overlay := mustLoad(t, fstest.MapFS{
		"db.yaml": {Data: []byte("version: \"2026.02.03\"\n")},
		// Replace a curated entry.
		"acme-analytics.yaml": {Data: []byte("id: acme-analytics\nname: Acme Analytics v2\nvendor: acme\ncategories: [analytics]\ncode:\n  prefixes: [com.acme.v2.]\n")},
		// Disable an imported entry.
		"old-acme.yaml": {Data: []byte("id: old-acme\ndisabled: true\n")},
		// Add a new entry and a vendor.
		"beta.yaml":             {Data: []byte("id: beta\nname: Beta\nvendor: beta-inc\ncategories: [push]\nnetwork:\n  hosts: [push.beta.example]\n")},
		"vendors/beta-inc.yaml": {Data: []byte("id: beta-inc\nname: Beta Inc\n")},
	})
	digest := base.Digest()
	merged := base.Merge(overlay)
	if errs := merged.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if merged.Version() != "2026.02.03" {
		t.Errorf("version = %q", merged.Version())
	}
	if s := merged.SDK("acme-analytics"); s == nil || s.Name != "Acme Analytics v2" {
		t.Errorf("overlay did not replace acme-analytics")
	}
	if merged.SDK("old-acme") != nil {
		t.Error("disabled entry still present")
	}
	if merged.SDK("beta") == nil || merged.Vendor("beta-inc") == nil {
		t.Error("overlay additions missing")
	}
	if len(merged.Matcher().MatchClass("com.acme.analytics.Acme")) != 0 || len(merged.Matcher().MatchClass("com.acme.v2.X")) != 1 {
		t.Error("merged matcher uses stale signatures")
	}
	if base.Digest() != digest || base.SDK("old-acme") == nil || base.SDK("acme-analytics").Name != "Acme Analytics" {
		t.Error("Merge modified the base database")
	}
	if merged.Digest() == digest {
		t.Error("digest did not change")
	}
	// An overlay can disable a curated entry, which also hides a same-id
	// imported entry.
	m2 := base.Merge(New(Meta{}, []*SDK{{ID: "acme-analytics", Disabled: true}}, nil))
	if m2.SDK("acme-analytics") != nil || len(m2.SDKs()) != 1 {
		t.Error("disabled curated entry still present")
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	for name, f := range testFS(nil) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, f.Data, 0o644)
	}
	db, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.SDKs()) != 2 || len(db.Validate()) != 0 {
		t.Fatal("LoadDir")
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("LoadDir of a missing folder succeeded")
	}
}

func TestMatcher(t *testing.T) {
	db := mustLoad(t, testFS(nil))
	m := db.Matcher()
	one := func(ms []Match) string {
		if len(ms) != 1 {
			return "<" + strings.Repeat("?", len(ms)) + ">"
		}
		return ms[0].SDK.ID + " " + string(ms[0].Kind) + " " + ms[0].Pattern
	}
	for _, tc := range []struct{ got, want string }{
		{one(m.MatchClass("com.acme.analytics.Acme$Inner")), "acme-analytics prefix com.acme.analytics."},
		{one(m.MatchClass("Lcom/acme/analytics/Acme;")), "acme-analytics prefix com.acme.analytics."},
		{one(m.MatchClass("com.acme.telemetry.T")), `acme-analytics class-regex ^com\.acme\.(tracker|telemetry)\.`},
		{one(m.MatchClass("x.y.com.oldacme.Z")), "old-acme contains com.oldacme."},
		{one(m.MatchClass("com_oldacme$Z")), "old-acme contains com.oldacme."},
		{one(m.MatchClass("com.acme.Other")), "<>"},
		{one(m.MatchHost("COLLECT.acme.example.")), "acme-analytics host collect.acme.example"},
		{one(m.MatchHost("https://a.b.acme-cdn.example:8443/x")), "acme-analytics host .acme-cdn.example"},
		{one(m.MatchHost("acme-cdn.example")), "acme-analytics host .acme-cdn.example"},
		{one(m.MatchHost("xacme-cdn.example")), "<>"},
		{one(m.MatchHost("api.us.acme.example")), "acme-analytics host api.*.acme.example"},
		{one(m.MatchHost("api.a.b.acme.example")), "<>"},
		{one(m.MatchHost("beacon12.acme.example")), `acme-analytics host-regex ^beacon[0-9]+\.acme\.example$`},
		{one(m.MatchURL("https://beacon3.acme.example/p?q=1")), `acme-analytics host-regex ^beacon[0-9]+\.acme\.example$`},
		{one(m.MatchComponent("com.acme.analytics.Receiver")), "acme-analytics component com.acme.analytics.Receiver"},
		{one(m.MatchComponent("com.acme.push.X")), "acme-analytics component com.acme.push.*"},
		{one(m.MatchMetaData("ACME_KEY")), "acme-analytics meta-data ACME_KEY"},
		{one(m.MatchAuthority("a.b;com.example.acmeprovider")), "acme-analytics authority *.acmeprovider"},
		{one(m.MatchPermission("com.acme.permission.RECEIVE")), "acme-analytics permission com.acme.permission.RECEIVE"},
		{one(m.MatchResource("@string/acme_app_id")), "acme-analytics resource acme_app_id"},
		{one(m.MatchResource("acme_app_idx")), "<>"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if ms := m.MatchClass("nothing.here"); ms != nil {
		t.Errorf("no-match result should be nil, got %v", ms)
	}

	hits := m.MatchFile("META-INF/com.acme_analytics.version")
	if len(hits) != 1 || !hits[0].WantsContent() || hits[0].Version("META-INF/com.acme_analytics.version", []byte("\n 4.2.1 \n")) != "4.2.1" {
		t.Fatalf("content version: %+v", hits)
	}
	hits = m.MatchFile("lib/arm64-v8a/libacme-1.9.0.so")
	if len(hits) != 1 || hits[0].WantsContent() || hits[0].Version("lib/arm64-v8a/libacme-1.9.0.so", nil) != "1.9.0" {
		t.Fatalf("path version: %+v", hits)
	}
	if hits := m.MatchFile("assets/acme.json"); len(hits) != 1 || hits[0].HasVersion() {
		t.Fatalf("plain file: %+v", hits)
	}
	if v := m.FileVersions("META-INF/com.acme_analytics.version", []byte("\x00\x01binary")); len(v) != 0 {
		t.Errorf("binary content produced a version: %+v", v)
	}
	if v := m.FileVersions("META-INF/com.acme_analytics.version", []byte("7.0\n")); len(v) != 1 || v[0].Version != "7.0" || v[0].SDK.ID != "acme-analytics" {
		t.Errorf("FileVersions: %+v", v)
	}

	// Sinks ignore the return type.
	for _, ref := range []string{
		"Lcom/acme/analytics/Acme;->track(Ljava/lang/String;Ljava/util/Map;)V",
		"Lcom/acme/analytics/Acme;->track(Ljava/lang/String;Ljava/util/Map;)Z",
		"Lcom/acme/analytics/Acme;->track(Ljava/lang/String;Ljava/util/Map;)",
	} {
		s := m.SinksFor(ref)
		if len(s) != 1 || s[0].SDK.ID != "acme-analytics" || s[0].Sink.Args[0].Role != RoleEventName {
			t.Errorf("SinksFor(%s) = %+v", ref, s)
		}
	}
	if len(m.SinksFor("Lcom/acme/analytics/Acme;->track(Ljava/lang/String;)V")) != 0 {
		t.Error("overload confusion")
	}
	if got := m.SinkClasses(); len(got) != 1 || got[0] != "Lcom/acme/analytics/Acme;" {
		t.Errorf("SinkClasses = %v", got)
	}
}

func TestMatchClassSeveralSDKs(t *testing.T) {
	db := New(Meta{}, []*SDK{
		{ID: "b", Code: Code{Prefixes: []string{"com.x."}}},
		{ID: "a", Code: Code{Contains: []string{"x.y."}}},
		{ID: "c", Code: Code{Regexes: []string{"Z$"}}},
	}, nil)
	ms := db.Matcher().MatchClass("com.x.y.Z")
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.SDK.ID+":"+string(m.Kind))
	}
	if strings.Join(ids, ",") != "a:contains,b:prefix,c:class-regex" {
		t.Errorf("got %v", ids)
	}
}

func TestParseMethodRef(t *testing.T) {
	m, err := ParseMethodRef("Lcom/a/B$C;-><init>(I[JLjava/lang/String;[[Lx/Y;)V")
	if err != nil {
		t.Fatal(err)
	}
	if m.Class != "Lcom/a/B$C;" || m.Name != "<init>" || strings.Join(m.Params, " ") != "I [J Ljava/lang/String; [[Lx/Y;" || m.Return != "V" {
		t.Errorf("parsed %+v", m)
	}
	if m.Key() != "Lcom/a/B$C;-><init>(I[JLjava/lang/String;[[Lx/Y;)" {
		t.Errorf("key %s", m.Key())
	}
	for _, bad := range []string{"", "com.a.B->m()V", "La/B;->(I)V", "La/B;->m(V)V", "La/B;->m(I", "La/B;->m(Lx)V", "La/B;->m()VV", "La.b/C;->m()V"} {
		if _, err := ParseMethodRef(bad); err == nil {
			t.Errorf("ParseMethodRef(%q) succeeded", bad)
		}
	}
	if JavaClassName("Lcom/a/B$C;") != "com.a.B$C" || JavaClassName("com/a/B") != "com.a.B" || JavaClassName("com.a.B") != "com.a.B" {
		t.Error("JavaClassName")
	}
}

func TestNormalizeCompanyName(t *testing.T) {
	for in, want := range map[string]string{
		"Amazon Web Services EMEA SARL":     "amazon web services",
		"Amazon Web Services EMEA S.à r.l.": "amazon web services",
		"Google Ireland Limited":            "google",
		"Google LLC":                        "google",
		"Meta Platforms Ireland Ltd.":       "meta platforms",
		"Microsoft Ireland Operations Ltd":  "microsoft",
		"Atos SE":                           "atos",
		"Adjust GmbH":                       "adjust",
		"Braze, Inc. (United States)":       "braze",
		"AppsFlyer Ltd.":                    "appsflyer",
		"Twilio Inc. / Segment":             "twilio segment",
		"Mixpanel, Inc":                     "mixpanel",
		"Limited":                           "limited",
		"Oy Ab":                             "oy ab",
		"N.V.":                              "nv",
	} {
		if got := NormalizeCompanyName(in); got != want {
			t.Errorf("NormalizeCompanyName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveVendor(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		domains []string
		want    string
	}{
		{"Amazon Web Services EMEA SARL", nil, "amazon"},
		{"Amazon Web Services, Inc.", nil, "amazon"},
		{"AWS", nil, "amazon"},
		{"Google Ireland Limited", nil, "google"},
		{"Google LLC", nil, "google"},
		{"Google Cloud EMEA Limited", nil, "google"},
		{"Meta Platforms Ireland Ltd.", nil, "meta"},
		{"Facebook Ireland Limited", nil, "meta"},
		{"Functional Software, Inc. (Sentry)", nil, "sentry"},
		{"Segment.io, Inc.", nil, "twilio"},
		{"Microsoft Ireland Operations Limited", nil, "microsoft"},
		{"Cloudinary Ltd.", nil, "cloudinary"},
		{"Yahoo EMEA Limited", nil, "yahoo"},
		{"Huawei Technologies Co., Ltd.", nil, "huawei"},
		{"Atos SE", nil, ""},
		{"Some Unknown Processor GmbH", []string{"https://www.amazonaws.com/"}, "amazon"},
		{"", []string{"eu1.clevertap-prod.com"}, "clevertap"},
		{"", []string{"unknown.example", "sessions.bugsnag.com"}, "smartbear"},
		{"", []string{"example.org"}, ""},
		{"Atos SE", []string{"atos.net"}, ""},
	} {
		v, ok := db.ResolveVendor(tc.name, tc.domains)
		got := ""
		if ok {
			got = v.ID
		}
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ResolveVendor(%q, %v) = %q, %v; want %q", tc.name, tc.domains, got, ok, tc.want)
		}
	}
}

func TestDefault(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if db2, _ := Default(); db2 != db {
		t.Error("Default is not cached")
	}
	if !versionRe.MatchString(db.Version()) {
		t.Errorf("version %q", db.Version())
	}
	sdks := db.SDKs()
	if len(sdks) < 400 || !sort.SliceIsSorted(sdks, func(i, j int) bool { return sdks[i].ID < sdks[j].ID }) {
		t.Fatalf("SDKs: %d, sorted=%v", len(sdks), sort.SliceIsSorted(sdks, func(i, j int) bool { return sdks[i].ID < sdks[j].ID }))
	}
	// Digest is stable across loads and independent of the cached instance.
	again, err := Load(EmbeddedFS())
	if err != nil {
		t.Fatal(err)
	}
	if d := db.Digest(); len(d) != 64 || d != again.Digest() {
		t.Errorf("digest not stable: %s vs %s", d, again.Digest())
	}
	// Curated entries required by the project.
	for _, id := range []string{
		"cloudinary", "aws-pinpoint", "aws-amplify-analytics", "segment", "mixpanel", "amplitude",
		"sentry", "bugsnag", "adjust", "branch", "onesignal", "braze", "clevertap", "datadog-rum",
		"new-relic", "instabug", "microsoft-appcenter-analytics", "microsoft-appcenter-crashes",
		"yandex-appmetrica", "huawei-hms-analytics", "cloudflare-web-analytics", "google-analytics",
		"google-firebase-analytics",
	} {
		s := db.SDK(id)
		if s == nil || s.Imported() {
			t.Errorf("curated entry %s missing", id)
			continue
		}
		if len(s.Samples.TruePositives) == 0 {
			t.Errorf("%s: no samples", id)
		}
	}
	// Every SDK references an existing vendor, every vendor of a curated
	// SDK has a country, unless it is self-hosted (an open-source library
	// that sends data only where the app developer says: lint's
	// vendor-country rule).
	for _, s := range sdks {
		v := db.Vendor(s.Vendor)
		if v == nil {
			t.Errorf("%s: vendor %s missing", s.ID, s.Vendor)
		} else if !s.Imported() && v.Country == "" && !v.SelfHosted {
			t.Errorf("%s: curated vendor %s without country", s.ID, v.ID)
		}
	}
}

// TestSamplesBuiltin re-runs sample validation over the whole embedded
// database and makes sure it actually exercises a meaningful number of
// samples.
func TestSamplesBuiltin(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range append(append([]*SDK(nil), db.SDKs()...), db.Superseded()...) {
		n += len(s.Samples.TruePositives) + len(s.Samples.FalsePositives)
	}
	if errs := db.validateSamples(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if n < 1000 {
		t.Errorf("only %d samples", n)
	}
	t.Logf("%d samples validated", n)
}

// TestLintBuiltin: no error-level finding in the built-in database; the
// warnings (over-broad Exodus signatures…) are pinned in
// testdata/lint_builtin.golden (regenerate with -update after review).
func TestLintBuiltin(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range db.Lint() {
		switch f.Level {
		case LevelError:
			t.Errorf("lint error in built-in database: %s", f)
		case LevelWarning:
			lines = append(lines, f.String())
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	golden := filepath.Join("testdata", "lint_builtin.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("lint warnings changed; review and run go test ./sdkdb -run TestLintBuiltin -update\n--- got\n%s", got)
	}
}

func TestLintRules(t *testing.T) {
	db := New(Meta{}, []*SDK{
		{ID: "broad", Vendor: "v", Code: Code{Prefixes: []string{"com.google.firebase."}}, Network: Network{Hosts: []string{".amazonaws.com"}}},
		{ID: "crash", Vendor: "v", Code: Code{Prefixes: []string{"com.google.firebase.crashlytics."}}, Network: Network{Hosts: []string{"x.example.com"}}},
		{ID: "short", Vendor: "v", Source: SourceExodus, ExodusID: 1, Code: Code{Contains: []string{"com.tune", ".sizmek."}, Regexes: []string{"^[a-z]+$"}}, Network: Network{Hosts: []string{".google.com", "x.example.com"}}},
		{ID: "empty", Vendor: "v"},
	}, nil)
	var got []string
	for _, f := range db.Lint() {
		got = append(got, string(f.Level)+" "+f.Rule+" "+f.SDK+" "+f.Pattern)
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		"error framework-namespace broad com.google.firebase.",
		"error generic-host broad .amazonaws.com",
		"warning generic-host short .google.com",
		"warning swallows broad com.google.firebase.",
		"warning few-segments short com.tune",
		"warning few-segments short .sizmek.",
		"warning slow-regex short ^[a-z]+$",
		"warning no-signatures empty ",
		"warning no-samples broad ",
		"info shared-host crash x.example.com",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing finding %q in:\n%s", want, joined)
		}
	}
}

// TestMatchString: code strings match exactly (no prefix, case or
// substring matching), and alone reveal an SDK at medium, never high.
func TestMatchString(t *testing.T) {
	db := mustLoad(t, testFS(map[string]string{"curated/x.yaml": "id: x\nname: X\nvendor: acme\ncategories: [other]\ncode:\n  prefixes: [com.x.]\n  strings: [x_measurement.db]\nsamples:\n  true_positives:\n    - string: x_measurement.db\n  false_positives:\n    - string: x_measurement.db-journal\n  decisions:\n    - {want: medium, seen: [string: x_measurement.db]}\n    - {want: high, seen: [string: x_measurement.db, class: com.x.Y]}\n"}))
	if errs := db.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	m := db.Matcher()
	if ms := m.MatchString("x_measurement.db"); len(ms) != 1 || ms[0].SDK.ID != "x" || ms[0].Kind != KindString || KindChannel(ms[0].Kind) != ChannelRenamed {
		t.Errorf("MatchString = %+v", ms)
	}
	for _, s := range []string{"X_measurement.db", "x_measurement.d", "a x_measurement.db", ""} {
		if ms := m.MatchString(s); len(ms) != 0 {
			t.Errorf("MatchString(%q) = %+v", s, ms)
		}
	}
}
