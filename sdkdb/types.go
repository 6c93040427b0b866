package sdkdb

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Category is one entry of the fixed category vocabulary.
type Category string

// The category vocabulary. Every SDK carries at least one of these.
const (
	CatAnalytics      Category = "analytics"       // usage/product analytics, event tracking
	CatAdvertisement  Category = "advertisement"   // ad networks, ad mediation, ad verification
	CatCrashReporting Category = "crash-reporting" // crash and error reporting
	CatIdentification Category = "identification"  // identity, login, device/user identification
	CatLocation       Category = "location"        // location collection, geofencing, beacons, maps
	CatProfiling      Category = "profiling"       // audience building, DMPs, user profiling
	CatAttribution    Category = "attribution"     // install/campaign attribution, deep-link attribution
	CatPush           Category = "push"            // push notification delivery
	CatEngagement     Category = "engagement"      // in-app messaging, customer engagement, feedback
	CatPerformance    Category = "performance"     // APM, RUM, performance monitoring
	CatCDNMedia       Category = "cdn-media"       // media hosting, CDN, image/video delivery
	CatAuthentication Category = "authentication"  // authentication back-ends
	CatSocial         Category = "social"          // social network SDKs (share, social graph)
	CatPayments       Category = "payments"        // payment processing
	CatOther          Category = "other"           // anything else
)

// Categories lists the category vocabulary in documentation order.
var Categories = []Category{
	CatAnalytics, CatAdvertisement, CatCrashReporting, CatIdentification, CatLocation,
	CatProfiling, CatAttribution, CatPush, CatEngagement, CatPerformance, CatCDNMedia,
	CatAuthentication, CatSocial, CatPayments, CatOther,
}

// Valid reports whether c is in the vocabulary.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Role is the role of an argument passed to a telemetry sink method.
type Role string

// The argument role vocabulary.
const (
	RoleEventName      Role = "event-name"      // name of a tracked event / action
	RoleProperties     Role = "properties"      // map/bundle/JSON of event or user properties
	RoleAttributeValue Role = "attribute-value" // value of a single attribute / property / tag
	RoleScreenName     Role = "screen-name"     // screen / view / page name
	RoleUserID         Role = "user-id"         // user identifier, e-mail, login
	RoleURL            Role = "url"             // URL or resource identifier
	RolePayload        Role = "payload"         // raw payload: file, bytes, exception, message
	RoleOther          Role = "other"           // anything else worth tracking
)

// Roles lists the role vocabulary.
var Roles = []Role{
	RoleEventName, RoleProperties, RoleAttributeValue, RoleScreenName,
	RoleUserID, RoleURL, RolePayload, RoleOther,
}

// Valid reports whether r is in the vocabulary.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// SourceExodus marks entries generated from the Exodus Privacy tracker list
// (see package sdkdb/exodus). Entries without a source are curated.
const SourceExodus = "exodus"

// SDK is one signature entry: one YAML file in the database.
//
// See the package documentation and sdkdb/README.md for the meaning of each
// field and for matching semantics.
type SDK struct {
	ID          string     `yaml:"id" json:"id"`
	Name        string     `yaml:"name,omitempty" json:"name,omitempty"`
	Vendor      string     `yaml:"vendor,omitempty" json:"vendor,omitempty"`
	Categories  []Category `yaml:"categories,omitempty" json:"categories,omitempty"`
	ExodusID    int        `yaml:"exodus_id,omitempty" json:"exodus_id,omitempty"`
	Source      string     `yaml:"source,omitempty" json:"source,omitempty"`
	Website     string     `yaml:"website,omitempty" json:"website,omitempty"`
	Description string     `yaml:"description,omitempty" json:"description,omitempty"`
	Notes       string     `yaml:"notes,omitempty" json:"notes,omitempty"`
	// Disabled removes the id from the effective database. It is meant for
	// overlays: a file containing only `id: x` and `disabled: true` hides x.
	Disabled bool `yaml:"disabled,omitempty" json:"disabled,omitempty"`

	Code      Code       `yaml:"code,omitempty" json:"code,omitempty"`
	Network   Network    `yaml:"network,omitempty" json:"network,omitempty"`
	Manifest  Manifest   `yaml:"manifest,omitempty" json:"manifest,omitempty"`
	Files     []FileRule `yaml:"files,omitempty" json:"files,omitempty"`
	Resources []string   `yaml:"resources,omitempty" json:"resources,omitempty"`
	// Family is the id of the product-family entry this SDK belongs to
	// (google-firebase for the Firebase SDKs). Signatures the whole family
	// shares (the google-services resources) belong to the family entry,
	// never to a member (Validate).
	Family string `yaml:"family,omitempty" json:"family,omitempty"`
	// Evidence says how much the entry's own signatures weigh: which are
	// weak and which are required (see EvidenceRules).
	Evidence EvidenceRules `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Sinks    []Sink        `yaml:"sinks,omitempty" json:"sinks,omitempty"`
	Samples  Samples       `yaml:"samples,omitempty" json:"samples,omitempty"`

	// Path is the file the entry was loaded from (relative to the loaded
	// fs.FS root); empty for entries built in memory.
	Path string `yaml:"-" json:"-"`
}

// Imported reports whether the entry was generated from Exodus.
func (s *SDK) Imported() bool { return s.Source == SourceExodus }

// HasCategory reports whether s carries category c.
func (s *SDK) HasCategory(c Category) bool {
	for _, k := range s.Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Code holds class-name signatures. All patterns apply to Java class names in
// dotted form ("com.flurry.android.FlurryAgent", inner classes with '$').
type Code struct {
	// Prefixes match literally at the start of the class name.
	// "com.segment.analytics." matches "com.segment.analytics.Analytics".
	Prefixes []string `yaml:"prefixes,omitempty" json:"prefixes,omitempty"`
	// Contains uses the Exodus Privacy semantics: the pattern may occur
	// anywhere in the class name (so relocated/shaded copies match too) and
	// every '.' in the pattern matches any single character. All other
	// characters are literal.
	Contains []string `yaml:"contains,omitempty" json:"contains,omitempty"`
	// Regexes are RE2 expressions searched (unanchored) in the class name.
	// Use ^ to anchor. Escape hatch; prefer prefixes.
	Regexes []string `yaml:"regexes,omitempty" json:"regexes,omitempty"`
	// Strings are exact string constants the SDK's own code holds and
	// that survive R8/ProGuard renaming (a disk cache or database name, the
	// reflective name of a kept class, an exception message): the renamed
	// analyzer attributes a renamed class whose code holds one to the SDK.
	// Never a constant that app code commonly holds too (a package prefix,
	// a log tag, a word), nor a host (network.hosts) or a manifest key.
	Strings []string `yaml:"strings,omitempty" json:"strings,omitempty"`
}

// Network holds host signatures.
type Network struct {
	// Hosts: "api.example.com" matches that exact host only;
	// ".example.com" (leading dot) matches example.com and every subdomain
	// on a label boundary; a "*" label inside a pattern
	// ("pinpoint.*.amazonaws.com") matches exactly one label. A leading "*."
	// is rejected as ambiguous.
	Hosts []string `yaml:"hosts,omitempty" json:"hosts,omitempty"`
	// Regexes are RE2 expressions searched (unanchored) in the lower-case
	// host by MatchHost and in the whole URL by MatchURL.
	Regexes []string `yaml:"regexes,omitempty" json:"regexes,omitempty"`
}

// Manifest holds AndroidManifest.xml signatures. Every entry is a name
// pattern: an exact name, "prefix*" or "*suffix".
type Manifest struct {
	// Components are fully qualified class names of activities, services,
	// receivers and providers.
	Components []string `yaml:"components,omitempty" json:"components,omitempty"`
	// MetaData are <meta-data android:name> keys.
	MetaData []string `yaml:"meta_data,omitempty" json:"meta_data,omitempty"`
	// Authorities are provider authorities, usually "*.suffix" because the
	// application id is prepended.
	Authorities []string `yaml:"authorities,omitempty" json:"authorities,omitempty"`
	// Permissions are SDK-specific permissions (declared or requested).
	Permissions []string `yaml:"permissions,omitempty" json:"permissions,omitempty"`
}

// FileRule is a path glob inside the APK, optionally with a version capture
// rule. In YAML it is either a plain string (the glob) or a mapping
// {glob, version}.
type FileRule struct {
	// Glob uses path.Match syntax ('*' does not cross '/').
	Glob    string       `yaml:"glob" json:"glob"`
	Version *VersionRule `yaml:"version,omitempty" json:"version,omitempty"`
}

// VersionRule says how to read an SDK version from a matched file. In YAML
// it is either the scalar "content" or a mapping {from, regex}.
type VersionRule struct {
	// From is "content" (read the file, bounded by MaxVersionContent) or
	// "path" (apply Regex to the path).
	From string `yaml:"from" json:"from"`
	// Regex (RE2) with one capture group selecting the version. Optional
	// for From=content: the default is the first non-empty line, trimmed.
	Regex string `yaml:"regex,omitempty" json:"regex,omitempty"`
}

// Sink is a telemetry API method through which an app hands data to the SDK.
type Sink struct {
	// Method is a smali method reference:
	// "Lcom/pkg/Class;->name(Lparam/Type;I)V". Matching ignores the return
	// type, so overloads must be listed one by one but return-type changes
	// between SDK versions do not break the entry.
	Method string `yaml:"method" json:"method"`
	// Static is true for static methods. Argument index 0 is the receiver
	// ("this") for instance methods and constructors, and the first declared
	// parameter for static methods.
	Static      bool      `yaml:"static,omitempty" json:"static,omitempty"`
	Args        []SinkArg `yaml:"args,omitempty" json:"args,omitempty"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
}

// SinkArg gives the role of one argument (see Sink.Static for indexing).
type SinkArg struct {
	Index int    `yaml:"index" json:"index"`
	Role  Role   `yaml:"role" json:"role"`
	Name  string `yaml:"name,omitempty" json:"name,omitempty"`
}

// Samples are test vectors validated by Validate and by the test-suite:
// every true positive must match this SDK and no false positive may.
type Samples struct {
	TruePositives  []Sample `yaml:"true_positives,omitempty" json:"true_positives,omitempty"`
	FalsePositives []Sample `yaml:"false_positives,omitempty" json:"false_positives,omitempty"`
	// Decisions are test vectors of the evidence rules: what the SDK's
	// decision (Decide) must be when exactly these things are seen.
	Decisions []DecisionSample `yaml:"decisions,omitempty" json:"decisions,omitempty"`
}

// Sample is one test vector; exactly one field must be set.
type Sample struct {
	Class      string `yaml:"class,omitempty" json:"class,omitempty"`
	Host       string `yaml:"host,omitempty" json:"host,omitempty"`
	URL        string `yaml:"url,omitempty" json:"url,omitempty"`
	Component  string `yaml:"component,omitempty" json:"component,omitempty"`
	MetaData   string `yaml:"meta_data,omitempty" json:"meta_data,omitempty"`
	Authority  string `yaml:"authority,omitempty" json:"authority,omitempty"`
	Permission string `yaml:"permission,omitempty" json:"permission,omitempty"`
	File       string `yaml:"file,omitempty" json:"file,omitempty"`
	Resource   string `yaml:"resource,omitempty" json:"resource,omitempty"`
	Method     string `yaml:"method,omitempty" json:"method,omitempty"`
	// String is a string constant of code (code.strings).
	CodeString string `yaml:"string,omitempty" json:"string,omitempty"`
}

// kind returns the single set field as (kind, value); kind is "" when zero
// or more than one field is set.
func (s Sample) kind() (string, string) {
	var k, v string
	n := 0
	set := func(kind, val string) {
		if val != "" {
			n++
			k, v = kind, val
		}
	}
	set("class", s.Class)
	set("host", s.Host)
	set("url", s.URL)
	set("component", s.Component)
	set("meta_data", s.MetaData)
	set("authority", s.Authority)
	set("permission", s.Permission)
	set("file", s.File)
	set("resource", s.Resource)
	set("method", s.Method)
	set("string", s.CodeString)
	if n != 1 {
		return "", ""
	}
	return k, v
}

// String renders the sample as "kind: value".
func (s Sample) String() string {
	k, v := s.kind()
	if k == "" {
		type plain Sample
		return fmt.Sprintf("%+v", plain(s))
	}
	return k + ": " + v
}

// Vendor is the company behind one or more SDKs (one YAML file under a
// "vendors" directory).
type Vendor struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// LegalEntities are registered company names ("Google LLC").
	LegalEntities []string `yaml:"legal_entities,omitempty" json:"legal_entities,omitempty"`
	// Aliases are other names the vendor is known by (brands, former names,
	// parent companies used in subprocessor lists).
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	// Country is the ISO 3166-1 alpha-2 code of the headquarters / main
	// controlling entity; "" when unknown.
	Country string `yaml:"country,omitempty" json:"country,omitempty"`
	// EUEntity is the establishment in the EU acting for EU users, if any.
	EUEntity      string   `yaml:"eu_entity,omitempty" json:"eu_entity,omitempty"`
	Website       string   `yaml:"website,omitempty" json:"website,omitempty"`
	PrivacyPolicy string   `yaml:"privacy_policy,omitempty" json:"privacy_policy,omitempty"`
	Domains       []string `yaml:"domains,omitempty" json:"domains,omitempty"`
	// CountryUnknown, when Country is empty, says why: the seat of the
	// company was researched and not found (lint warns instead of
	// failing; reports show the country as unknown).
	CountryUnknown string `yaml:"country_unknown,omitempty" json:"country_unknown,omitempty"`
	// SelfHosted marks an open-source library that sends data only to
	// servers the app's developer runs or configures: no company receives
	// it by default, so the vendor has no country of its own.
	SelfHosted bool `yaml:"self_hosted,omitempty" json:"self_hosted,omitempty"`
	// Parent is the vendor id of the parent company when the vendor is a
	// subsidiary that still contracts in its own name (Adjust → AppLovin).
	Parent string `yaml:"parent,omitempty" json:"parent,omitempty"`
	// ExodusTrackers are the Exodus tracker ids whose SDKs this vendor
	// owns; the Exodus importer attributes those trackers to it.
	ExodusTrackers []int `yaml:"exodus_trackers,omitempty" json:"exodus_trackers,omitempty"`
	// Sources give, per fact (legal_entities, country, eu_entity, parent,
	// privacy_policy), the public page that states it, or "unverified".
	Sources  map[string]string `yaml:"sources,omitempty" json:"sources,omitempty"`
	Source   string            `yaml:"source,omitempty" json:"source,omitempty"`
	Notes    string            `yaml:"notes,omitempty" json:"notes,omitempty"`
	Disabled bool              `yaml:"disabled,omitempty" json:"disabled,omitempty"`

	Path string `yaml:"-" json:"-"`
}

// Meta is the content of db.yaml at the root of a database folder.
type Meta struct {
	// Version is a date-based version string such as "2026.11.21".
	Version     string `yaml:"version" json:"version"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// UnmarshalYAML accepts a plain glob string or a {glob, version} mapping.
func (f *FileRule) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*f = FileRule{Glob: n.Value}
		return nil
	}
	if err := checkKeys(n, "glob", "version"); err != nil {
		return err
	}
	type plain FileRule
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*f = FileRule(p)
	return nil
}

// MarshalYAML writes a plain string when there is no version rule.
func (f FileRule) MarshalYAML() (any, error) {
	if f.Version == nil {
		return f.Glob, nil
	}
	type plain FileRule
	return plain(f), nil
}

// UnmarshalYAML accepts the scalar "content"/"path" or a {from, regex} mapping.
func (v *VersionRule) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*v = VersionRule{From: n.Value}
		return nil
	}
	if err := checkKeys(n, "from", "regex"); err != nil {
		return err
	}
	type plain VersionRule
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*v = VersionRule(p)
	return nil
}

// MarshalYAML writes the scalar form when there is no regex.
func (v VersionRule) MarshalYAML() (any, error) {
	if v.Regex == "" {
		return v.From, nil
	}
	type plain VersionRule
	return plain(v), nil
}

// checkKeys rejects unknown keys in a mapping node (custom unmarshalers do
// not inherit the decoder's KnownFields setting).
func checkKeys(n *yaml.Node, allowed ...string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		ok := false
		for _, a := range allowed {
			if a == k {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("line %d: field %s not found (allowed: %s)", n.Content[i].Line, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}
