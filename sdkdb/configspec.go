package sdkdb

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// ConfigSpec is the data of the config analyzer (detect.Config): which
// SDK configuration keys (string resources, manifest <meta-data>, paths in
// SDK JSON config files) and which values (DSNs, connection strings,
// regional hosts) name a recipient, an account or project, a region or a
// secret, and which country a vendor's region code lies in. It lives in
// data/config/*.yaml (files below a directory named "config"; several
// files are concatenated in path order) and is validated with its
// true/false-positive samples like the SDK entries.
type ConfigSpec struct {
	// Files are the SDK configuration files read (JSON), by archive path.
	Files []ConfigFile `yaml:"files,omitempty" json:"files,omitempty"`
	// Keys are named configuration values.
	Keys []ConfigKey `yaml:"keys,omitempty" json:"keys,omitempty"`
	// Values are patterns recognised in any configuration value (string
	// resources, meta-data values, config-file strings), whatever its key.
	Values []ConfigValue `yaml:"values,omitempty" json:"values,omitempty"`
	// Hosts give the region a host name states (pinpoint.eu-west-1.amazonaws.com).
	Hosts []ConfigHost `yaml:"hosts,omitempty" json:"hosts,omitempty"`
	// Regions map a region scheme's codes to countries.
	Regions []RegionScheme `yaml:"regions,omitempty" json:"regions,omitempty"`
	// Countries are display names of the country codes regions use.
	Countries map[string]string `yaml:"countries,omitempty" json:"countries,omitempty"`
	// Path is the first file the spec came from (for messages).
	Path string `yaml:"-" json:"-"`

	once     sync.Once
	compiled *compiledConfig
}

// ConfigFile is a configuration file an SDK ships.
type ConfigFile struct {
	// Path is the archive path (res/raw/awsconfiguration.json).
	Path string `yaml:"path" json:"path"`
	// Format is "json" (the only one so far).
	Format string `yaml:"format" json:"format"`
}

// ConfigTarget says what a configuration value is and whom it names.
type ConfigTarget struct {
	// Service is the product the value configures ("Amazon Pinpoint").
	Service string `yaml:"service" json:"service"`
	// Vendor is the sdkdb vendor id of the recipient.
	Vendor string `yaml:"vendor" json:"vendor"`
	// SDK is the sdkdb SDK id, when one SDK is meant.
	SDK string `yaml:"sdk,omitempty" json:"sdk,omitempty"`
	// Kind is what the value is (see ConfigKinds).
	Kind string `yaml:"kind" json:"kind"`
	// Secret, when set, flags the value as a credential with this
	// severity (high, medium, low): it is reported redacted.
	Secret string `yaml:"secret,omitempty" json:"secret,omitempty"`
	// Host is the recipient host when the value does not state one.
	Host string `yaml:"host,omitempty" json:"host,omitempty"`
	// Regions is the region scheme of a region the value states.
	Regions string `yaml:"regions,omitempty" json:"regions,omitempty"`
	// Regex, when set, must match the value (else the key is a false
	// positive: another app's resource of the same name). Named groups
	// account, region, host and secret pick those parts out of the value.
	Regex string `yaml:"regex,omitempty" json:"regex,omitempty"`
	// Samples are values that must (match) and must not (no_match) be
	// recognised.
	Samples ConfigSamples `yaml:"samples,omitempty" json:"samples,omitempty"`
}

// ConfigSamples are validation samples of a key or value rule.
type ConfigSamples struct {
	Match   []string `yaml:"match,omitempty" json:"match,omitempty"`
	NoMatch []string `yaml:"no_match,omitempty" json:"no_match,omitempty"`
}

// ConfigKey is a named configuration value.
type ConfigKey struct {
	ConfigTarget `yaml:",inline"`
	// Resources are string resource names (google_app_id).
	Resources []string `yaml:"resources,omitempty" json:"resources,omitempty"`
	// MetaData are manifest <meta-data> names (io.sentry.dsn).
	MetaData []string `yaml:"meta_data,omitempty" json:"meta_data,omitempty"`
	// JSON are paths in config files: dot-separated keys, compared
	// case-insensitively; "*" is one key, "**" any number of keys.
	JSON []string `yaml:"json,omitempty" json:"json,omitempty"`
	// RegionKey names a sibling key of a JSON value that gives its region
	// ("Region"), compared case-insensitively.
	RegionKey string `yaml:"region_key,omitempty" json:"region_key,omitempty"`
}

// ConfigValue is a value pattern recognised whatever its key; Regex is
// required.
type ConfigValue struct {
	ConfigTarget `yaml:",inline"`
	// Contains is a cheap literal every match contains (a prefilter),
	// compared case-insensitively.
	Contains string `yaml:"contains" json:"contains"`
}

// ConfigHost gives the region stated in a host name.
type ConfigHost struct {
	Service string `yaml:"service" json:"service"`
	Vendor  string `yaml:"vendor" json:"vendor"`
	// Regex matches the whole (lower-case) host; the group region is the
	// region code. Without the group, Region is the region.
	Regex   string `yaml:"regex" json:"regex"`
	Region  string `yaml:"region,omitempty" json:"region,omitempty"`
	Regions string `yaml:"regions" json:"regions"`
	Samples struct {
		Match   map[string]string `yaml:"match,omitempty" json:"match,omitempty"` // host → region
		NoMatch []string          `yaml:"no_match,omitempty" json:"no_match,omitempty"`
	} `yaml:"samples" json:"samples"`
}

// RegionScheme is one vendor's region codes.
type RegionScheme struct {
	ID string `yaml:"id" json:"id"`
	// Codes maps a region code to an ISO 3166-1 alpha-2 country (or EU).
	Codes map[string]string `yaml:"codes" json:"codes"`
}

// ConfigKinds is the vocabulary of ConfigTarget.Kind.
var ConfigKinds = []string{"app-id", "project-id", "sender-id", "api-key", "client-id", "database-url", "bucket", "dsn",
	"write-key", "token", "dev-key", "app-token", "application-id", "user-pool", "identity-pool", "endpoint", "region",
	"connection-string", "client-secret"}

// Secret severities of ConfigTarget.Secret.
var configSecretLevels = []string{"high", "medium", "low"}

// Config returns the config data of the database (never nil).
func (db *DB) Config() *ConfigSpec {
	if db.config == nil {
		return &ConfigSpec{}
	}
	return db.config
}

func (s *ConfigSpec) append(o *ConfigSpec) {
	if s.Path == "" {
		s.Path = o.Path
	}
	s.Files = append(s.Files, o.Files...)
	s.Keys = append(s.Keys, o.Keys...)
	s.Values = append(s.Values, o.Values...)
	s.Hosts = append(s.Hosts, o.Hosts...)
	s.Regions = append(s.Regions, o.Regions...)
	for k, v := range o.Countries {
		if s.Countries == nil {
			s.Countries = map[string]string{}
		}
		s.Countries[k] = v
	}
}

func inConfigDir(p string) bool {
	for _, seg := range strings.Split(p, "/")[:strings.Count(p, "/")] {
		if seg == "config" {
			return true
		}
	}
	return false
}

// ---- compiled form -------------------------------------------------------

type compiledConfig struct {
	keyRe   []*regexp.Regexp // per Keys[i], nil without Regex
	valueRe []*regexp.Regexp
	hostRe  []*regexp.Regexp
	regions map[string]map[string]string
	byRes   map[string][]int
	byMeta  map[string][]int
	errs    []error
}

func (s *ConfigSpec) compile() *compiledConfig {
	s.once.Do(func() {
		c := &compiledConfig{regions: map[string]map[string]string{}, byRes: map[string][]int{}, byMeta: map[string][]int{}}
		re := func(where, p string) *regexp.Regexp {
			if p == "" {
				return nil
			}
			r, err := regexp.Compile(p)
			if err != nil {
				c.errs = append(c.errs, fmt.Errorf("%s: config: %s: %v", s.Path, where, err))
			}
			return r
		}
		for i, k := range s.Keys {
			c.keyRe = append(c.keyRe, re("key "+k.Service+" "+k.Kind, k.Regex))
			for _, n := range k.Resources {
				c.byRes[n] = append(c.byRes[n], i)
			}
			for _, n := range k.MetaData {
				c.byMeta[n] = append(c.byMeta[n], i)
			}
		}
		for _, v := range s.Values {
			c.valueRe = append(c.valueRe, re("value "+v.Service+" "+v.Kind, v.Regex))
		}
		for _, h := range s.Hosts {
			c.hostRe = append(c.hostRe, re("host "+h.Service, h.Regex))
		}
		for _, r := range s.Regions {
			m := c.regions[r.ID]
			if m == nil {
				m = map[string]string{}
				c.regions[r.ID] = m
			}
			for code, cc := range r.Codes {
				m[strings.ToLower(code)] = cc
			}
		}
		s.compiled = c
	})
	return s.compiled
}

// ConfigHit is a recognised configuration value.
type ConfigHit struct {
	Target  *ConfigTarget
	Account string
	Region  string
	Host    string
	// Secret is the part of the value that is a credential ("" when the
	// target is not a secret; the whole value when no secret group).
	Secret string
	// Strong: a value pattern confirmed the value (not only its key).
	Strong bool
	// HostStated: Host comes from the value, not the target's default.
	HostStated bool
}

// hit applies a target's regex to v; ok is false when it does not match.
func hit(t *ConfigTarget, re *regexp.Regexp, v string) (ConfigHit, bool) {
	h := ConfigHit{Target: t}
	if re != nil {
		m := re.FindStringSubmatch(v)
		if m == nil {
			return h, false
		}
		h.Strong = true
		for i, n := range re.SubexpNames() {
			switch n {
			case "account":
				h.Account = m[i]
			case "region":
				h.Region = strings.ToLower(m[i])
			case "host":
				h.Host = strings.ToLower(m[i])
				h.HostStated = h.Host != ""
			case "secret":
				h.Secret = m[i]
			}
		}
	}
	if t.Secret != "" && h.Secret == "" {
		h.Secret = v
	}
	if h.Host == "" {
		h.Host = t.Host
	}
	return h, true
}

// maxConfigValue bounds the length of a value the patterns look at.
const maxConfigValue = 4096

// MatchResource recognises a named string resource.
func (s *ConfigSpec) MatchResource(name, value string) []ConfigHit {
	return s.matchKeys(s.compile().byRes[name], value)
}

// MatchMetaData recognises a manifest <meta-data> value.
func (s *ConfigSpec) MatchMetaData(name, value string) []ConfigHit {
	return s.matchKeys(s.compile().byMeta[name], value)
}

func (s *ConfigSpec) matchKeys(idx []int, value string) []ConfigHit {
	if len(value) > maxConfigValue || value == "" {
		return nil
	}
	c := s.compile()
	var out []ConfigHit
	for _, i := range idx {
		if h, ok := hit(&s.Keys[i].ConfigTarget, c.keyRe[i], value); ok {
			out = append(out, h)
		}
	}
	return out
}

// JSONKeys returns the indexes of the key rules whose JSON path matches
// path (keys of the nested objects, outermost first).
func (s *ConfigSpec) MatchJSON(path []string, value string) []ConfigHit {
	if len(value) > maxConfigValue || value == "" {
		return nil
	}
	c := s.compile()
	var out []ConfigHit
	for i := range s.Keys {
		k := &s.Keys[i]
		for _, p := range k.JSON {
			if globPath(strings.Split(p, "."), path) {
				if h, ok := hit(&k.ConfigTarget, c.keyRe[i], value); ok {
					out = append(out, h)
				}
				break
			}
		}
	}
	return out
}

// JSONRegionKey returns the region sibling key of the key rule of a hit.
func (s *ConfigSpec) JSONRegionKey(t *ConfigTarget) string {
	for i := range s.Keys {
		if &s.Keys[i].ConfigTarget == t {
			return s.Keys[i].RegionKey
		}
	}
	return ""
}

// globPath matches dot-path pattern segments against a path: "*" is one
// key, "**" any number (also none); keys compare case-insensitively.
func globPath(pat, path []string) bool {
	if len(pat) == 0 {
		return len(path) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(path); i++ {
			if globPath(pat[1:], path[i:]) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 || pat[0] != "*" && !strings.EqualFold(pat[0], path[0]) {
		return false
	}
	return globPath(pat[1:], path[1:])
}

// MatchValue recognises a value by its pattern, whatever its key.
func (s *ConfigSpec) MatchValue(value string) []ConfigHit {
	if len(value) > maxConfigValue || value == "" {
		return nil
	}
	c := s.compile()
	var out []ConfigHit
	lower := ""
	for i := range s.Values {
		v := &s.Values[i]
		if v.Contains != "" {
			if lower == "" {
				lower = strings.ToLower(value)
			}
			if !strings.Contains(lower, strings.ToLower(v.Contains)) {
				continue
			}
		}
		if c.valueRe[i] == nil {
			continue
		}
		if h, ok := hit(&v.ConfigTarget, c.valueRe[i], value); ok {
			out = append(out, h)
		}
	}
	return out
}

// HostRegion is the region a host name states.
type HostRegion struct {
	Service, Vendor, Region, Regions string
}

// MatchHost returns the region a host states, if a host rule knows it.
func (s *ConfigSpec) MatchHost(host string) (HostRegion, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" || len(host) > 253 {
		return HostRegion{}, false
	}
	c := s.compile()
	for i, h := range s.Hosts {
		re := c.hostRe[i]
		if re == nil {
			continue
		}
		m := re.FindStringSubmatch(host)
		if m == nil {
			continue
		}
		r := h.Region
		if gi := re.SubexpIndex("region"); gi > 0 && m[gi] != "" {
			r = m[gi]
		}
		return HostRegion{Service: h.Service, Vendor: h.Vendor, Region: r, Regions: h.Regions}, true
	}
	return HostRegion{}, false
}

// RegionCountry returns the country of a region code in a scheme ("" when
// unknown).
func (s *ConfigSpec) RegionCountry(scheme, region string) string {
	return s.compile().regions[scheme][strings.ToLower(region)]
}

// CountryName returns the display name of a country code (the code itself
// when unknown).
func (s *ConfigSpec) CountryName(code string) string {
	if n := s.Countries[code]; n != "" {
		return n
	}
	return code
}

// RedactSecrets returns value with every secret a key rule (of a string
// resource with kind "resource", or a <meta-data> with kind "meta-data")
// or a value rule recognises in it replaced by redact(secret), so that no
// output shows a credential in full.
func (s *ConfigSpec) RedactSecrets(kind, name, value string, redact func(string) string) string {
	var hs []ConfigHit
	switch kind {
	case "resource":
		hs = s.MatchResource(name, value)
	case "meta-data":
		hs = s.MatchMetaData(name, value)
	}
	hs = append(hs, s.MatchValue(value)...)
	for _, h := range hs {
		if h.Target.Secret != "" && h.Secret != "" {
			value = strings.ReplaceAll(value, h.Secret, redact(h.Secret))
		}
	}
	return value
}

// validateConfig checks the config data and its samples.
func validateConfig(db *DB) []error {
	s := db.config
	if s == nil {
		return nil
	}
	c := s.compile()
	errs := append([]error(nil), c.errs...)
	add := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: config: %s", s.Path, fmt.Sprintf(format, a...)))
	}
	target := func(what string, t *ConfigTarget) {
		if t.Service == "" {
			add("%s: no service", what)
		}
		if db.vendorByID[t.Vendor] == nil {
			add("%s: unknown vendor %q", what, t.Vendor)
		}
		if t.SDK != "" && db.byID[t.SDK] == nil {
			add("%s: unknown sdk %q", what, t.SDK)
		}
		if !in(ConfigKinds, t.Kind) {
			add("%s: unknown kind %q", what, t.Kind)
		}
		if t.Secret != "" && !in(configSecretLevels, t.Secret) {
			add("%s: secret %q: want high, medium or low", what, t.Secret)
		}
		if t.Regions != "" && c.regions[t.Regions] == nil {
			add("%s: unknown region scheme %q", what, t.Regions)
		}
	}
	for i := range s.Keys {
		k := &s.Keys[i]
		what := "key " + k.Service + " " + k.Kind
		target(what, &k.ConfigTarget)
		if len(k.Resources)+len(k.MetaData)+len(k.JSON) == 0 {
			add("%s: no resources, meta_data or json", what)
		}
		if k.Regex == "" && len(k.Samples.Match)+len(k.Samples.NoMatch) > 0 {
			add("%s: samples without regex", what)
		}
		if k.Regex != "" && (len(k.Samples.Match) == 0 || len(k.Samples.NoMatch) == 0) {
			add("%s: a regex needs match and no_match samples", what)
		}
		re := c.keyRe[i]
		if re == nil {
			continue
		}
		for _, m := range k.Samples.Match {
			if _, ok := hit(&k.ConfigTarget, re, m); !ok {
				add("%s: sample %q does not match", what, m)
			}
		}
		for _, m := range k.Samples.NoMatch {
			if _, ok := hit(&k.ConfigTarget, re, m); ok {
				add("%s: no_match sample %q matches", what, m)
			}
		}
	}
	for i := range s.Values {
		v := &s.Values[i]
		what := "value " + v.Service + " " + v.Kind
		target(what, &v.ConfigTarget)
		if v.Regex == "" || v.Contains == "" {
			add("%s: needs regex and contains", what)
			continue
		}
		if len(v.Samples.Match) == 0 || len(v.Samples.NoMatch) == 0 {
			add("%s: needs match and no_match samples", what)
		}
		for _, m := range v.Samples.Match {
			if !containsHit(s.MatchValue(m), &v.ConfigTarget) {
				add("%s: sample %q does not match", what, m)
			}
		}
		for _, m := range v.Samples.NoMatch {
			if containsHit(s.MatchValue(m), &v.ConfigTarget) {
				add("%s: no_match sample %q matches", what, m)
			}
		}
	}
	for i, h := range s.Hosts {
		what := "host " + h.Service
		if db.vendorByID[h.Vendor] == nil {
			add("%s: unknown vendor %q", what, h.Vendor)
		}
		if c.regions[h.Regions] == nil {
			add("%s: unknown region scheme %q", what, h.Regions)
		}
		if len(h.Samples.Match) == 0 || len(h.Samples.NoMatch) == 0 {
			add("%s: needs match and no_match samples", what)
		}
		for host, want := range h.Samples.Match {
			got, ok := s.MatchHost(host)
			if !ok || got.Service != h.Service || got.Region != want {
				add("%s: sample %q: got %q region %q, want region %q", what, host, got.Service, got.Region, want)
			}
			if ok && s.RegionCountry(got.Regions, got.Region) == "" {
				add("%s: sample %q: region %q has no country in scheme %s", what, host, got.Region, got.Regions)
			}
		}
		for _, host := range h.Samples.NoMatch {
			if re := c.hostRe[i]; re != nil && re.MatchString(host) {
				add("%s: no_match sample %q matches", what, host)
			}
		}
	}
	for _, f := range s.Files {
		if f.Format != "json" || f.Path == "" || strings.HasPrefix(f.Path, "/") {
			add("file %q: want a relative path and format json", f.Path)
		}
	}
	for _, r := range s.Regions {
		for code, cc := range r.Codes {
			if len(cc) != 2 || strings.ToUpper(cc) != cc {
				add("regions %s: %s: country %q is not an upper-case two-letter code", r.ID, code, cc)
			}
			if s.Countries[cc] == "" {
				add("regions %s: %s: country %q has no name in countries", r.ID, code, cc)
			}
		}
	}
	return errs
}

func containsHit(hs []ConfigHit, t *ConfigTarget) bool {
	for _, h := range hs {
		if h.Target == t {
			return true
		}
	}
	return false
}
