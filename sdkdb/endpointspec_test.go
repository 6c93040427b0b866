package sdkdb

import (
	"strings"
	"testing"
)

func TestEndpointSpecBuiltin(t *testing.T) {
	db, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	e := db.Endpoints()
	if len(e.Identifiers) < 10 || len(e.NetworkAPIs) < 10 || len(e.MessageAPIs) < 3 {
		t.Fatalf("endpoint data not loaded: %d identifier rules, %d network APIs, %d message APIs", len(e.Identifiers), len(e.NetworkAPIs), len(e.MessageAPIs))
	}
	if errs := validateEndpoints(e); len(errs) > 0 {
		t.Fatal(errs)
	}
	if n := len(e.Samples.Identifiers) + len(e.Samples.Endpoints); n < 15 {
		t.Errorf("only %d samples", n)
	}
	for _, c := range []struct {
		url, host string
		want      bool
	}{
		{"http://apache.org/xml/features/xinclude", "apache.org", true},
		{"HTTP://WWW.W3.ORG/2000/svg", "www.w3.org", true},
		{"", "schemas.android.com", true}, // a bare host
		{"https://apache.org/licenses/", "apache.org", false},
		{"https://w3.org.evil.example/", "w3.org.evil.example", false},
		{"https://api.example.com/schema.org/", "api.example.com", false},
	} {
		if got := e.Identifier(c.url, c.host) != nil; got != c.want {
			t.Errorf("Identifier(%q, %q) = %v, want %v", c.url, c.host, got, c.want)
		}
	}
	for _, c := range []struct {
		class, name      string
		network, message bool
	}{
		{"Ljava/net/URL;", "<init>", true, false},
		{"Landroid/net/Uri;", "parse", true, false},
		{"Lokhttp3/Request$Builder;", "url", true, false},
		{"Landroid/net/Uri;", "encode", false, false},
		{"Ljava/lang/IllegalStateException;", "<init>", false, true},
		{"Landroid/util/Log;", "w", false, true},
		{"Ljava/lang/IllegalStateException;", "getMessage", false, false},
	} {
		if got := e.IsNetworkAPI(c.class, c.name); got != c.network {
			t.Errorf("IsNetworkAPI(%s, %s) = %v", c.class, c.name, got)
		}
		if got := e.IsMessageAPI(c.class, c.name); got != c.message {
			t.Errorf("IsMessageAPI(%s, %s) = %v", c.class, c.name, got)
		}
	}
	if !e.StandIn("api.medbook.example") || e.StandIn("example.com") {
		t.Error("StandIn")
	}
}

func TestEndpointSpecLoadAndValidate(t *testing.T) {
	db := mustLoad(t, testFS(map[string]string{
		"endpoints/ids.yaml": `identifiers:
  - {prefix: "ns.acme.example/", why: "Acme namespace"}
  - {host: "http://bad", why: ""}
  - {prefix: "x/", host: "y.example", why: "both"}
samples:
  identifiers: ["http://ns.acme.example/v1", "https://not-an-id.example/"]
  endpoints: ["https://collect.acme.example/", "http://ns.acme.example/v2"]
`,
		"data/endpoints/apis.yaml": `network_apis:
  - {class: "java.net.URL", methods: ["<init>"]}
message_apis:
  - {class: "*Exception;", methods: ["<init>(Ljava/lang/String;)V"]}
`,
	}))
	e := db.Endpoints()
	if len(e.Identifiers) != 3 || len(e.NetworkAPIs) != 1 || len(e.MessageAPIs) != 1 || e.Path != "data/endpoints/apis.yaml" && e.Path != "endpoints/ids.yaml" {
		t.Fatalf("files below endpoints/ not loaded as endpoint data: %+v", e)
	}
	if db.SDK("ids") != nil {
		t.Error("an endpoints file was loaded as an SDK")
	}
	var msgs []string
	for _, err := range db.Validate() {
		msgs = append(msgs, err.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		`host "http://bad"`, "identifiers[1]: no why", "identifiers[2]: want exactly one of prefix and host",
		`sample "https://not-an-id.example/" should be an identifier`,
		`sample "http://ns.acme.example/v2" should be an endpoint`,
		`class "java.net.URL"`, `method "<init>(Ljava/lang/String;)V"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("Validate does not report %q:\n%s", want, all)
		}
	}
	// An overlay's endpoint data adds to the base's.
	m := mustLoad(t, testFS(nil)).Merge(db)
	if len(m.Endpoints().Identifiers) != 3 {
		t.Errorf("merge lost endpoint data: %d rules", len(m.Endpoints().Identifiers))
	}
}
