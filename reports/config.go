package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// RuleExposedSecret is the finding rule of a credential found in the app's
// SDK configuration (ConfigFinding.Secret).
const RuleExposedSecret = "exposed-secret"

// RuleRegionOutsideEEA is the finding rule of a recipient declared with an
// EU/EEA country whose configured endpoint region is outside the EU/EEA.
const RuleRegionOutsideEEA = "region-outside-eea"

// ConfigFinding is one SDK configuration value the app ships (a string
// resource, a manifest <meta-data>, a value in an SDK config file, a host
// that states a region): whom it names and where it is.
type ConfigFinding struct {
	// Service is the product configured ("Amazon Pinpoint"); Vendor the
	// sdkdb vendor id of the recipient, VendorName its name; SDK the
	// sdkdb SDK id when one SDK is meant.
	Service    string  `json:"service"`
	Vendor     string  `json:"vendor"`
	VendorName string  `json:"vendor_name"`
	SDK        *string `json:"sdk"`
	// Kind is what the value is: app-id, project-id, api-key, dsn,
	// write-key, token, region, endpoint, connection-string, …
	Kind string `json:"kind"`
	// Key is the resource name, meta-data name or JSON path; "" for a
	// value recognised by its pattern alone.
	Key string `json:"key"`
	// Value is the value as found, redacted when Secret (see Redact).
	Value string `json:"value"`
	// Host is the recipient host the value names or implies.
	Host string `json:"host,omitempty"`
	// Account is the account, project or app id the value names.
	Account string `json:"account,omitempty"`
	// Region is the region stated (a vendor's region code), and Country
	// the country it lies in (ISO 3166-1 alpha-2, EU for an EU-wide zone).
	Region      string `json:"region,omitempty"`
	Country     string `json:"country,omitempty"`
	CountryName string `json:"country_name,omitempty"`
	// Secret is set when the value is a credential: its severity (high,
	// medium, low). Value is then redacted.
	Secret string `json:"secret,omitempty"`
	// Source is resource, meta-data, file or host; Location where in the
	// app (resources.arsc, AndroidManifest.xml <meta-data>, res/raw/…
	// #path, classes.dex …).
	Source   string `json:"source"`
	Location string `json:"location"`
	// Confidence: high when a value pattern confirms the value, medium
	// for a key match alone, low for a host name.
	Confidence string `json:"confidence"`
}

// Redact shows a secret as its first characters and its length, never
// the whole value: "AIza…(39 chars)".
func Redact(v string) string {
	n := utf8.RuneCountInString(v)
	keep := 4
	if n < 16 {
		keep = n / 4
	}
	r := []rune(v)
	return fmt.Sprintf("%s…(%d chars)", string(r[:keep]), n)
}

// RegionText is "region us-east-1 (United States)".
func (c ConfigFinding) RegionText() string {
	if c.Region == "" {
		return ""
	}
	country := c.CountryName
	if country == "" {
		country = c.Country
	}
	if country == "" {
		country = "country unknown"
	}
	return "region " + c.Region + " (" + country + ")"
}

// normalizeConfig sorts the config findings and drops exact duplicates.
func normalizeConfig(cs []ConfigFinding) []ConfigFinding {
	if cs == nil {
		return []ConfigFinding{}
	}
	key := func(c ConfigFinding) string {
		sdk := ""
		if c.SDK != nil {
			sdk = *c.SDK
		}
		return strings.Join([]string{c.Vendor, c.Service, c.Kind, c.Source, c.Location, c.Key, c.Value, c.Host, c.Region, sdk}, "\x00")
	}
	sort.SliceStable(cs, func(i, j int) bool { return key(cs[i]) < key(cs[j]) })
	out := cs[:0]
	for i, c := range cs {
		if i > 0 && key(c) == key(cs[i-1]) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// configSentence describes a config finding in one line.
func configSentence(c ConfigFinding) string {
	var b strings.Builder
	what := c.Kind
	if c.Secret != "" {
		what = "secret " + c.Kind
	}
	fmt.Fprintf(&b, "The app ships the %s %s configuration (%s)", c.Service, what, c.Value)
	if c.Key != "" {
		fmt.Fprintf(&b, " as %s", c.Key)
	}
	fmt.Fprintf(&b, " in %s", c.Location)
	if c.Host != "" {
		fmt.Fprintf(&b, "; recipient host %s", c.Host)
	}
	if r := c.RegionText(); r != "" {
		fmt.Fprintf(&b, ", %s", r)
	}
	b.WriteString(".")
	return b.String()
}

// secretFindings are the exposed-secret findings of a report.
func (r *Report) secretFindings() []Finding {
	var out []Finding
	for _, c := range r.Config {
		if c.Secret == "" {
			continue
		}
		sev := c.Secret
		if SeverityRank(sev) < 0 {
			sev = SeverityLow
		}
		if c.Confidence != High && sev == SeverityHigh {
			sev = SeverityMedium // weak evidence is never high
		}
		ev := Evidence{Channel: "config", Value: c.Key + " = " + c.Value, Signature: c.Service + " " + c.Kind, Location: c.Location}
		out = append(out, Finding{Rule: RuleExposedSecret, Severity: sev, Message: configSentence(c),
			Fingerprint: fingerprint(RuleExposedSecret, c.Vendor, c.Service, c.Kind, c.Key, c.Value), Evidence: []Evidence{ev}})
	}
	return out
}

// RegionSentence describes a declared EU/EEA recipient whose configured
// regions are outside the EU/EEA.
func RegionSentence(rc SubprocessorRecipient) string {
	declared := rc.Vendor.Name
	if rc.MatchedEntry != nil {
		declared = *rc.MatchedEntry
	}
	return fmt.Sprintf("%s is declared in %s, but the app's configuration sends to %s: outside the EU/EEA.",
		declared, rc.Country, strings.Join(rc.RegionsOutsideEEA, "; "))
}

// What is the kind of a config finding, with "secret" and its severity
// for a credential: "api-key (secret, low)".
func (c ConfigFinding) What() string {
	if c.Secret != "" {
		return c.Kind + " (secret, " + c.Secret + ")"
	}
	return c.Kind
}

// Recipient is "Service (Vendor)".
func (c ConfigFinding) Recipient() string {
	v := c.VendorName
	if v == "" {
		v = c.Vendor
	}
	if v == "" || v == c.Service {
		return c.Service
	}
	return c.Service + " (" + v + ")"
}

// Where is the location with the key: "resources.arsc google_app_id".
func (c ConfigFinding) Where() string {
	if c.Key == "" || strings.Contains(c.Location, "#") {
		return c.Location
	}
	return c.Location + " " + c.Key
}

// configSecrets counts the config findings that are secrets.
func configSecrets(cs []ConfigFinding) int {
	n := 0
	for _, c := range cs {
		if c.Secret != "" {
			n++
		}
	}
	return n
}

// writeConfigTable writes the SDK configuration table of the table format.
func writeConfigTable(w io.Writer, ew *errWriter, r *Report) error {
	if len(r.Config) == 0 || ew.err != nil {
		return ew.err
	}
	ew.printf("\nSDK configuration (%d, %d secrets, shown redacted)\n", len(r.Config), configSecrets(r.Config))
	rows := make([][]string, 0, len(r.Config))
	for _, c := range r.Config {
		rows = append(rows, []string{Sanitize(c.Recipient(), 40), s(c.What()), Sanitize(c.Value, 50), Sanitize(orDash(c.Host), 50),
			Sanitize(orDash(c.Account), 36), s(orDash(c.RegionText())), Sanitize(c.Where(), 60)})
	}
	return renderTable(w, []string{"Service", "Kind", "Value", "Host", "Account", "Region", "Where"}, rows)
}

// writeConfigMarkdown writes the SDK configuration section of the
// markdown format.
func writeConfigMarkdown(ew *errWriter, r *Report) {
	m := MarkdownEscape
	ew.printf("## SDK configuration in the app (%d, %d secrets)\n\n", len(r.Config), configSecrets(r.Config))
	if len(r.Config) == 0 {
		return
	}
	ew.printf("Secrets are shown redacted (first characters and length).\n\n")
	ew.printf("| service | kind | value | host | account | region | found in | confidence |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range r.Config {
		ew.printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", m(c.Recipient()), m(c.What()), m(c.Value), m(orDash(c.Host)),
			m(orDash(c.Account)), m(orDash(c.RegionText())), m(c.Where()), m(c.Confidence))
	}
	ew.printf("\n")
}

// regionWhy is the regions part of a recipient's "why" text.
func regionWhy(rc SubprocessorRecipient) string {
	var parts []string
	if len(rc.Regions) > 0 {
		parts = append(parts, "regions "+strings.Join(rc.Regions, ", "))
	}
	if len(rc.RegionsOutsideEEA) > 0 {
		parts = append(parts, "outside the EU/EEA although declared in "+rc.Country+": "+strings.Join(rc.RegionsOutsideEEA, ", "))
	}
	return strings.Join(parts, "; ")
}
