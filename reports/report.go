// Package reports is apkscan's output contract: the Report document that
// every scan produces, and the encoders that render it (table, json, …).
//
// It depends on nothing else in apkscan but the leaf packages geo and
// hostname: scanners fill a Report, encoders read one. Every string in a
// Report comes from an untrusted APK; encoders for terminals and markup
// must neutralise it (see Sanitize).
//
// The JSON form is versioned with SchemaVersion (SchemaVer: MODEL-REVISION-
// ADDITION) and described by schema/report.schema.json. Changes are additive
// within a MODEL version.
package reports

import (
	"sort"
)

// SchemaVersion of the JSON document.
//
// 1-0-0: first version (app facts, sdks, endpoints, problems).
const SchemaVersion = "1-0-0"

// Report is the result of scanning one app.
type Report struct {
	SchemaVersion string     `json:"schema_version"`
	Tool          Tool       `json:"tool"`
	SDKDB         SDKDBInfo  `json:"sdkdb"`
	App           App        `json:"app"`
	SDKs          []SDK      `json:"sdks"`
	Endpoints     []Endpoint `json:"endpoints"`
	// Flows is user data reaching third parties (filled by the taint
	// engine; see flows.go). Identified by Flow.Fingerprint.
	Flows []Flow `json:"flows"`
	// Config is the SDK configuration the app ships: recipients, account
	// ids, regions and (redacted) secrets; see config.go.
	Config []ConfigFinding `json:"config"`
	// Subprocessors is the cross-check against a declared subprocessor
	// list (scan.Options.Declared); absent when no list was given.
	Subprocessors *Subprocessors `json:"subprocessors,omitempty"`
	Problems      []Problem      `json:"problems"`
	Stats         Stats          `json:"stats"`

	// ScannedAt is when the app was scanned (RFC 3339, UTC); set only on
	// request (apkscan --timestamp) so that reports stay deterministic.
	ScannedAt string `json:"scanned_at,omitempty"`
}

// Tool identifies the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// SDKDBInfo identifies the signature database used.
type SDKDBInfo struct {
	Version string `json:"version"`
	Digest  string `json:"digest"`
	SDKs    int    `json:"sdks"`
}

// App holds the facts that identify the scanned build.
type App struct {
	Path                string               `json:"path"`
	Kind                string               `json:"kind"`
	SHA256              string               `json:"sha256"`
	Size                int64                `json:"size"`
	Package             string               `json:"package"`
	Label               string               `json:"label"`
	VersionCode         int64                `json:"version_code"`
	VersionName         string               `json:"version_name"`
	MinSDK              int                  `json:"min_sdk"`
	TargetSDK           int                  `json:"target_sdk"`
	Permissions         []string             `json:"permissions"`
	DeclaredPermissions []DeclaredPermission `json:"declared_permissions"`
	Application         AppFlags             `json:"application"`
	Components          []Component          `json:"components"`
	MetaData            []MetaData           `json:"meta_data"`
	Queries             Queries              `json:"queries"`
	Signers             []Signer             `json:"signers"`
	Splits              []Split              `json:"splits"`
	CodeFiles           []CodeFile           `json:"code_files"`
	// Libraries are the <uses-library> names of the manifests, sorted.
	Libraries []string `json:"libraries,omitempty"`
}

// DeclaredPermission is a custom permission the app defines.
type DeclaredPermission struct {
	Name            string `json:"name"`
	ProtectionLevel string `json:"protection_level,omitempty"`
}

// AppFlags are privacy-relevant <application> attributes.
type AppFlags struct {
	Class                 string `json:"class,omitempty"`
	Debuggable            bool   `json:"debuggable"`
	AllowBackup           bool   `json:"allow_backup"`
	UsesCleartextTraffic  *bool  `json:"uses_cleartext_traffic"`
	NetworkSecurityConfig string `json:"network_security_config,omitempty"`
}

// Component is a manifest component.
type Component struct {
	Kind        string   `json:"kind"`
	Name        string   `json:"name"`
	Exported    bool     `json:"exported"`
	Permission  string   `json:"permission,omitempty"`
	Authorities []string `json:"authorities,omitempty"`
	Actions     []string `json:"actions,omitempty"`
	Categories  []string `json:"categories,omitempty"`
	Data        []string `json:"data,omitempty"`
	Split       string   `json:"split,omitempty"`
}

// MetaData is a manifest <meta-data>.
type MetaData struct {
	Name     string `json:"name"`
	Value    string `json:"value,omitempty"`
	Resource string `json:"resource,omitempty"`
	Owner    string `json:"owner"`
}

// Queries is the <queries> element.
type Queries struct {
	Packages  []string `json:"packages"`
	Intents   []string `json:"intents"`
	Providers []string `json:"providers"`
}

// Signer is a signing certificate.
type Signer struct {
	SHA256    string   `json:"sha256"`
	SHA1      string   `json:"sha1,omitempty"` // Exodus' fingerprint (ExodusUAID); absent in older reports
	Schemes   []string `json:"schemes"`
	Subject   string   `json:"subject,omitempty"`
	Issuer    string   `json:"issuer,omitempty"`
	NotBefore string   `json:"not_before,omitempty"`
	NotAfter  string   `json:"not_after,omitempty"`
	Split     string   `json:"split,omitempty"`
}

// Split is one APK of the app.
type Split struct {
	Name           string `json:"name"`
	SHA256         string `json:"sha256"`
	Size           int64  `json:"size"`
	Split          string `json:"split,omitempty"`
	ConfigForSplit string `json:"config_for_split,omitempty"`
	Nested         bool   `json:"nested,omitempty"`
}

// CodeFile is one DEX file that was indexed.
type CodeFile struct {
	Name      string `json:"name"`
	Size      int64  `json:"size"`
	Classes   int    `json:"classes"`
	Secondary bool   `json:"secondary,omitempty"`
}

// Vendor is the company behind an SDK or a host.
type Vendor struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	// SelfHosted marks the maker of an open-source library that sends
	// data only where the app's developer points it (Glide, ACRA): the
	// maker receives nothing, so it is not a recipient (Receivers,
	// the subprocessor cross-check); the hosts the library reaches are.
	SelfHosted bool `json:"self_hosted,omitempty"`
}

// Evidence channels.
const (
	ChannelClass    = "class"    // a defined class matches a code signature
	ChannelManifest = "manifest" // component, meta-data, provider authority, permission
	ChannelHost     = "host"     // a host in code, resources, assets or native code
	ChannelFile     = "file"     // an SDK file: version file, config file
	ChannelResource = "resource" // a named resource such as google_app_id
	ChannelCall     = "call"     // the app's own code calls the SDK
	ChannelRenamed  = "renamed"  // an R8-renamed class attributed to the SDK (detect.Renamed)
)

// Evidence says how apkscan knows something.
type Evidence struct {
	Channel string `json:"channel"`
	// Value is what was seen: a class name, a host, a meta-data key, a file.
	Value string `json:"value"`
	// Signature is the sdkdb signature that matched Value.
	Signature string `json:"signature,omitempty"`
	// Location is where: "classes2.dex", "AndroidManifest.xml",
	// "classes.dex Lcom/x/Y;->m()V @001a", "lib/arm64-v8a/libx.so".
	Location string `json:"location"`
	// Weak: the SDK's evidence rules say this signature cannot reveal the
	// SDK on its own (it is shared with other SDKs or build tools); it
	// neither revealed the SDK nor raised its confidence.
	Weak bool `json:"weak,omitempty"`
}

// Confidence levels.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// SDK is an embedded third-party SDK.
type SDK struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Vendor     Vendor   `json:"vendor"`
	Categories []string `json:"categories"`
	ExodusID   *int     `json:"exodus_id"`
	// ExodusName is the tracker's name in the Exodus list when it differs
	// from Name (a curated entry renamed it).
	ExodusName string  `json:"exodus_name,omitempty"`
	Version    *string `json:"version"`
	// Used is true when code outside every SDK calls into this SDK.
	Used       bool   `json:"used"`
	Confidence string `json:"confidence"`
	// Channels counts evidence per channel (before capping Evidence).
	Channels map[string]int `json:"channels"`
	Evidence []Evidence     `json:"evidence"`
}

// Endpoint is a URL or host found in the app.
type Endpoint struct {
	URL  string `json:"url"`
	Host string `json:"host"`
	// Kind is KindEndpoint (a place the app can reach) or KindIdentifier
	// (a URI that names something: an XML namespace or feature, a
	// documentation link in a message, a host without a public suffix).
	// Identifiers never become recipients.
	Kind string `json:"kind,omitempty"`
	// Why says what makes an identifier one.
	Why string `json:"why,omitempty"`
	// Use is how the app uses the string: UseNetwork (code passes it to a
	// network API), UseConfig (a resource or configuration file),
	// UseString (otherwise).
	Use string `json:"use,omitempty"`
	// Owner is a vendor id, "first-party" or "unknown".
	Owner     string   `json:"owner"`
	OwnerName string   `json:"owner_name,omitempty"`
	SDK       *string  `json:"sdk"`
	Locations []string `json:"locations"`
	// Count is the number of places it was seen (Locations is capped).
	Count int `json:"count"`

	// OwnerCountry is the owner vendor's headquarters country (sdkdb),
	// when known.
	OwnerCountry string `json:"owner_country,omitempty"`
}

// Endpoint kinds and uses.
const (
	KindEndpoint   = "endpoint"
	KindIdentifier = "identifier"

	UseNetwork = "network"
	UseConfig  = "config"
	UseString  = "string"
)

// IsIdentifier reports whether the endpoint is an identifier, not a place
// the app can reach.
func (e *Endpoint) IsIdentifier() bool { return e.Kind == KindIdentifier }

// Problem is something that could not be read or looked wrong.
type Problem struct {
	Where    string `json:"where"`
	Error    string `json:"error"`
	Severity string `json:"severity"`
}

// Stats are sizes of what was analysed.
type Stats struct {
	DexFiles  int `json:"dex_files"`
	Classes   int `json:"classes"`
	CallSites int `json:"call_sites"`
	Strings   int `json:"strings"`
}

// HasErrors reports whether a problem of severity "error" was recorded:
// the report is partial.
func (r *Report) HasErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == "error" {
			return true
		}
	}
	return false
}

// Normalize sorts every list and replaces nil slices by empty ones so that
// the JSON form is deterministic and arrays are never null.
func (r *Report) Normalize() {
	nz := func(s *[]string) {
		if *s == nil {
			*s = []string{}
		}
		sort.Strings(*s)
	}
	a := &r.App
	nz(&a.Permissions)
	if a.Libraries != nil {
		sort.Strings(a.Libraries)
	}
	nz(&a.Queries.Packages)
	nz(&a.Queries.Intents)
	nz(&a.Queries.Providers)
	if a.DeclaredPermissions == nil {
		a.DeclaredPermissions = []DeclaredPermission{}
	}
	if a.Components == nil {
		a.Components = []Component{}
	}
	if a.MetaData == nil {
		a.MetaData = []MetaData{}
	}
	if a.Signers == nil {
		a.Signers = []Signer{}
	}
	if a.Splits == nil {
		a.Splits = []Split{}
	}
	if a.CodeFiles == nil {
		a.CodeFiles = []CodeFile{}
	}
	if r.SDKs == nil {
		r.SDKs = []SDK{}
	}
	for i := range r.SDKs {
		s := &r.SDKs[i]
		nz(&s.Categories)
		if s.Evidence == nil {
			s.Evidence = []Evidence{}
		}
		if s.Channels == nil {
			s.Channels = map[string]int{}
		}
		sort.Slice(s.Evidence, func(i, j int) bool { return lessEvidence(s.Evidence[i], s.Evidence[j]) })
	}
	sort.Slice(r.SDKs, func(i, j int) bool { return r.SDKs[i].ID < r.SDKs[j].ID })
	if r.Endpoints == nil {
		r.Endpoints = []Endpoint{}
	}
	for i := range r.Endpoints {
		nz(&r.Endpoints[i].Locations)
	}
	sort.Slice(r.Endpoints, func(i, j int) bool {
		if r.Endpoints[i].Host != r.Endpoints[j].Host {
			return r.Endpoints[i].Host < r.Endpoints[j].Host
		}
		return r.Endpoints[i].URL < r.Endpoints[j].URL
	})
	if r.Flows == nil {
		r.Flows = []Flow{}
	}
	r.Config = normalizeConfig(r.Config)
	normalizeFlows(r.Flows)
	r.Subprocessors.Normalize()
	if r.Problems == nil {
		r.Problems = []Problem{}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool {
		if r.Problems[i].Where != r.Problems[j].Where {
			return r.Problems[i].Where < r.Problems[j].Where
		}
		return r.Problems[i].Error < r.Problems[j].Error
	})
}

func lessEvidence(a, b Evidence) bool {
	if a.Channel != b.Channel {
		return channelRank(a.Channel) < channelRank(b.Channel)
	}
	if a.Value != b.Value {
		return a.Value < b.Value
	}
	return a.Location < b.Location
}

func channelRank(c string) int {
	switch c {
	case ChannelClass:
		return 0
	case ChannelManifest:
		return 1
	case ChannelFile:
		return 2
	case ChannelResource:
		return 3
	case ChannelHost:
		return 4
	case ChannelCall:
		return 5
	case ChannelRenamed:
		return 6
	}
	return 7
}
