package reports

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestIdentifiersLeftOutOfHostViews: identifiers stay in JSON but the
// human formats' host views leave them out (with a count), and every
// format shows how each host is used.
func TestIdentifiersLeftOutOfHostViews(t *testing.T) {
	r := flowSample()
	for i := range r.Endpoints {
		r.Endpoints[i].Kind, r.Endpoints[i].Use = KindEndpoint, UseNetwork
	}
	r.Endpoints = append(r.Endpoints,
		Endpoint{URL: "http://apache.org/xml/features/" + hScript, Host: "identifier-host.example", Owner: "unknown", Kind: KindIdentifier, Why: "Apache Xerces parser feature URI", Use: UseString, Count: 1},
		Endpoint{URL: "https://cdn.example/x", Host: "cdn.example", Owner: "unknown", Kind: KindEndpoint, Use: UseConfig, Count: 1},
	)
	r.Normalize()
	for name, enc := range map[string]Encoder{"table": TableEncoder{}, "markdown": MarkdownEncoder{}, "html": HTMLEncoder{}} {
		out := encode(t, enc, r)
		if strings.Contains(out, "identifier-host.example") {
			t.Errorf("%s shows an identifier among the hosts", name)
		}
		if !strings.Contains(out, "1 identifier(s) left out") && !strings.Contains(out, "Identifiers (1)") {
			t.Errorf("%s does not say an identifier was left out", name)
		}
		for _, use := range []string{UseNetwork, UseConfig} {
			if !strings.Contains(out, use) {
				t.Errorf("%s does not show use %q", name, use)
			}
		}
	}
	js := encode(t, JSONEncoder{}, r)
	if !strings.Contains(js, `"kind": "identifier"`) || !strings.Contains(js, "identifier-host.example") {
		t.Error("JSON lost the identifier")
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID     string         `json:"ruleId"`
				Properties map[string]any `json:"properties"`
			} `json:"results"`
			Properties map[string]any `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(encode(t, SARIFEncoder{}, r)), &sarif); err != nil {
		t.Fatal(err)
	}
	if n, _ := sarif.Runs[0].Properties["identifiers"].(float64); n != 1 {
		t.Errorf("SARIF run properties: identifiers = %v", sarif.Runs[0].Properties["identifiers"])
	}
	found := false
	for _, res := range sarif.Runs[0].Results {
		if uses, ok := res.Properties["host_uses"].(map[string]any); ok && len(uses) > 0 {
			found = true
		}
	}
	if !found {
		t.Error("no SARIF recipient result carries host_uses")
	}
	if got := HostUses(r.Endpoints)["identifier-host.example"]; got != "" {
		t.Errorf("HostUses counts an identifier: %q", got)
	}
	if StrongerUse(UseString, UseNetwork) != UseNetwork || StrongerUse(UseConfig, "") != UseConfig {
		t.Error("StrongerUse")
	}
}
