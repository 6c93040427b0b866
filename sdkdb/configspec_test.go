package sdkdb

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The built-in config data validates (samples included) and answers the
// questions the analyzer asks.
func TestConfigBuiltin(t *testing.T) {
	db, err := Load(EmbeddedFS())
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, e := range db.Validate() {
		if strings.Contains(e.Error(), "config") {
			bad = append(bad, e.Error())
		}
	}
	if len(bad) > 0 {
		t.Fatalf("config data does not validate:\n%s", strings.Join(bad, "\n"))
	}
	c := db.Config()
	if len(c.Keys) == 0 || len(c.Hosts) == 0 || len(c.Files) == 0 {
		t.Fatal("no config data loaded")
	}
	hr, ok := c.MatchHost("pinpoint.us-east-1.amazonaws.com")
	if !ok || hr.Service != "Amazon Pinpoint" || c.RegionCountry(hr.Regions, hr.Region) != "US" {
		t.Errorf("pinpoint host: %+v %v", hr, ok)
	}
	if got := c.RegionCountry("gcp", "europe-west1"); got != "BE" {
		t.Errorf("europe-west1 = %q", got)
	}
	hs := c.MatchResource("google_api_key", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q")
	if len(hs) != 1 || hs[0].Secret == "" || hs[0].Target.Secret != "low" {
		t.Errorf("google_api_key: %+v", hs)
	}
	if hs := c.MatchResource("google_api_key", "placeholder"); len(hs) != 0 {
		t.Errorf("placeholder google_api_key recognised: %+v", hs)
	}
	hs = c.MatchJSON(strings.Split("auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId", "."), "eu-west-1:12345678-90ab-cdef-1234-567890abcdef")
	if len(hs) != 1 || hs[0].Region != "eu-west-1" {
		t.Errorf("cognito pool: %+v", hs)
	}
	if !globPath([]string{"**", "a", "*"}, []string{"a", "b"}) || globPath([]string{"a"}, []string{"a", "b"}) {
		t.Error("globPath")
	}
}

// A sample that the rule does not match is a validation error.
func TestConfigBadSample(t *testing.T) {
	fsys := fstest.MapFS{
		"db.yaml":           {Data: []byte("version: 2026.01.01\n")},
		"vendors/acme.yaml": {Data: []byte("id: acme\nname: Acme\ncountry: US\n")},
		"config/acme.yaml": {Data: []byte(`keys:
  - service: Acme
    vendor: acme
    kind: token
    resources: [acme_token]
    regex: '^[0-9]{4}$'
    samples: {match: ["12345"], no_match: ["1234"]}
regions:
  - id: acme
    codes: {x: ZZ}
`)},
	}
	db, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range db.Validate() {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`sample "12345" does not match`, `no_match sample "1234" matches`, `country "ZZ" has no name`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
}
