package sdkdb

import (
	"fmt"
	"strings"
)

// EndpointSpec is the data that tells endpoints (places an app can reach)
// from strings that only look like them, and how a constant is used: URIs
// that are identifiers (XML namespaces and features, schema locations),
// the APIs that take a destination (a constant flowing into one is used
// for the network) and the APIs that take a message (a link inside an
// exception or log message is documentation). It lives in
// data/endpoints/*.yaml (files below a directory named "endpoints"; several
// files are concatenated in path order) and is validated with its own
// true- and false-positive samples (Validate).
type EndpointSpec struct {
	// Identifiers are URI patterns that name something rather than locate
	// it.
	Identifiers []IdentifierRule `yaml:"identifiers,omitempty" json:"identifiers,omitempty"`
	// StandInSuffixes are reserved top-level names (RFC 2606: example,
	// test) that documentation and test fixtures use in place of real
	// hosts: the "no public suffix" rule does not make them identifiers.
	StandInSuffixes []string `yaml:"stand_in_suffixes,omitempty" json:"stand_in_suffixes,omitempty"`
	// NetworkAPIs take a destination URL or host.
	NetworkAPIs []APIRule `yaml:"network_apis,omitempty" json:"network_apis,omitempty"`
	// MessageAPIs take a human-readable message (exception constructors,
	// loggers).
	MessageAPIs []APIRule `yaml:"message_apis,omitempty" json:"message_apis,omitempty"`
	// Samples are URLs the identifier rules must (Identifiers) and must not
	// (Endpoints) classify as identifiers.
	Samples EndpointSamples `yaml:"samples,omitempty" json:"samples,omitempty"`
	// Path is the first file the spec came from (for messages).
	Path string `yaml:"-" json:"-"`
}

// IdentifierRule is one identifier pattern: Prefix matches the URL without
// its scheme (and without a leading "www."), Host matches a host and its
// subdomains. Why says in words what such URIs are.
type IdentifierRule struct {
	Prefix string `yaml:"prefix,omitempty" json:"prefix,omitempty"`
	Host   string `yaml:"host,omitempty" json:"host,omitempty"`
	Why    string `yaml:"why" json:"why"`
}

// APIRule names methods: Class is a descriptor ("Ljava/net/URL;"), a
// package prefix ending in "/" ("Landroid/util/"), or "*" followed by a
// descriptor suffix ("*Exception;"); Methods are method names (all methods
// when empty).
type APIRule struct {
	Class   string   `yaml:"class" json:"class"`
	Methods []string `yaml:"methods,omitempty" json:"methods,omitempty"`
}

// EndpointSamples are the validation samples of an EndpointSpec.
type EndpointSamples struct {
	Identifiers []string `yaml:"identifiers,omitempty" json:"identifiers,omitempty"`
	Endpoints   []string `yaml:"endpoints,omitempty" json:"endpoints,omitempty"`
}

// Endpoints returns the endpoint data of the database (never nil).
func (db *DB) Endpoints() *EndpointSpec {
	if db.endpoints == nil {
		return &EndpointSpec{}
	}
	return db.endpoints
}

func (s *EndpointSpec) append(o *EndpointSpec) {
	if s.Path == "" {
		s.Path = o.Path
	}
	s.Identifiers = append(s.Identifiers, o.Identifiers...)
	s.StandInSuffixes = append(s.StandInSuffixes, o.StandInSuffixes...)
	s.NetworkAPIs = append(s.NetworkAPIs, o.NetworkAPIs...)
	s.MessageAPIs = append(s.MessageAPIs, o.MessageAPIs...)
	s.Samples.Identifiers = append(s.Samples.Identifiers, o.Samples.Identifiers...)
	s.Samples.Endpoints = append(s.Samples.Endpoints, o.Samples.Endpoints...)
}

func inEndpointsDir(p string) bool {
	for _, seg := range strings.Split(p, "/")[:strings.Count(p, "/")] {
		if seg == "endpoints" {
			return true
		}
	}
	return false
}

// schemeless returns a URL without its scheme and a leading "www.", lower
// case up to the first '/', '?' or '#' (the path keeps its case).
func schemeless(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	end := strings.IndexAny(u, "/?#")
	if end < 0 {
		end = len(u)
	}
	u = strings.ToLower(u[:end]) + u[end:]
	return strings.TrimPrefix(u, "www.")
}

// Identifier returns the rule that makes a URL (or, when url is "", a bare
// host) an identifier, or nil.
func (s *EndpointSpec) Identifier(url, host string) *IdentifierRule {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	rest := ""
	if url != "" {
		rest = strings.ToLower(schemeless(url))
	}
	for i := range s.Identifiers {
		r := &s.Identifiers[i]
		switch {
		case r.Prefix != "" && rest != "" && strings.HasPrefix(rest, strings.ToLower(r.Prefix)):
			return r
		case r.Host != "" && host != "" && (host == r.Host || strings.HasSuffix(host, "."+r.Host)):
			return r
		}
	}
	return nil
}

// StandIn reports whether host ends in a stand-in suffix (api.medbook.example).
func (s *EndpointSpec) StandIn(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, suf := range s.StandInSuffixes {
		if host == suf || strings.HasSuffix(host, "."+suf) {
			return true
		}
	}
	return false
}

// IsNetworkAPI reports whether the method (class descriptor and name)
// takes a destination.
func (s *EndpointSpec) IsNetworkAPI(class, name string) bool {
	return matchAPI(s.NetworkAPIs, class, name)
}

// IsMessageAPI reports whether the method takes a human-readable message.
func (s *EndpointSpec) IsMessageAPI(class, name string) bool {
	return matchAPI(s.MessageAPIs, class, name)
}

func matchAPI(rules []APIRule, class, name string) bool {
	for i := range rules {
		r := &rules[i]
		ok := false
		switch {
		case strings.HasPrefix(r.Class, "*"):
			ok = strings.HasSuffix(class, r.Class[1:])
		case strings.HasSuffix(r.Class, "/"):
			ok = strings.HasPrefix(class, r.Class)
		default:
			ok = class == r.Class
		}
		if !ok {
			continue
		}
		if len(r.Methods) == 0 || in(r.Methods, name) {
			return true
		}
	}
	return false
}

// validateEndpoints checks the shape of the endpoint data and runs its
// samples.
func validateEndpoints(s *EndpointSpec) []error {
	if s == nil {
		return nil
	}
	var errs []error
	add := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: endpoints: %s", s.Path, fmt.Sprintf(format, a...)))
	}
	for i, r := range s.Identifiers {
		switch {
		case (r.Prefix == "") == (r.Host == ""):
			add("identifiers[%d]: want exactly one of prefix and host", i)
		case strings.Contains(r.Prefix, "://"):
			add("identifiers[%d]: prefix %q: leave out the scheme", i, r.Prefix)
		case r.Host != "" && (r.Host != strings.ToLower(r.Host) || strings.ContainsAny(r.Host, "/:*") || !strings.Contains(r.Host, ".")):
			add("identifiers[%d]: host %q: want a lower-case DNS name", i, r.Host)
		}
		if strings.TrimSpace(r.Why) == "" {
			add("identifiers[%d]: no why", i)
		}
	}
	for _, suf := range s.StandInSuffixes {
		if suf == "" || strings.ContainsAny(suf, ". /") || suf != strings.ToLower(suf) {
			add("stand_in_suffixes: %q: want one lower-case label", suf)
		}
	}
	api := func(what string, rules []APIRule) {
		for i, r := range rules {
			c := strings.TrimPrefix(r.Class, "*")
			if !strings.HasSuffix(c, ";") && !strings.HasSuffix(c, "/") || !strings.HasPrefix(r.Class, "L") && !strings.HasPrefix(r.Class, "*") {
				add("%s[%d]: class %q: want a descriptor, a package prefix ending in '/' or '*Suffix;'", what, i, r.Class)
			}
			for _, m := range r.Methods {
				if m == "" || strings.ContainsAny(m, "(;/") {
					add("%s[%d]: method %q: want a bare method name", what, i, m)
				}
			}
		}
	}
	api("network_apis", s.NetworkAPIs)
	api("message_apis", s.MessageAPIs)
	if len(s.Identifiers) > 0 && len(s.Samples.Identifiers) == 0 {
		add("no samples.identifiers: every rule set needs true-positive samples")
	}
	for _, u := range s.Samples.Identifiers {
		if s.Identifier(u, sampleHost(u)) == nil {
			add("sample %q should be an identifier, no rule matches", u)
		}
	}
	for _, u := range s.Samples.Endpoints {
		if r := s.Identifier(u, sampleHost(u)); r != nil {
			add("sample %q should be an endpoint, matched by %s%s", u, r.Prefix, r.Host)
		}
	}
	return errs
}

// sampleHost is the host of a sample URL (a bare host stays as it is).
func sampleHost(u string) string {
	h := schemeless(u)
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	return h
}
