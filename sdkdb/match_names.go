package sdkdb

import (
	"strings"
)

// Matching manifest entries (components, meta-data, authorities, permissions) and resource names.

func (ns *nameSet) add(s *SDK, pats []string) {
	for _, p := range pats {
		switch {
		case p == "" || p == "*":
		case strings.HasSuffix(p, "*"):
			ns.prefix = append(ns.prefix, entry{s, p})
		case strings.HasPrefix(p, "*"):
			ns.suffix = append(ns.suffix, entry{s, p})
		default:
			if ns.exact == nil {
				ns.exact = map[string][]entry{}
			}
			ns.exact[p] = append(ns.exact[p], entry{s, p})
		}
	}
}

func (ns *nameSet) match(name string, kind Kind) []Match {
	var dst []Match
	for _, e := range ns.exact[name] {
		dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
	}
	for _, e := range ns.prefix {
		if strings.HasPrefix(name, e.pattern[:len(e.pattern)-1]) {
			dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
		}
	}
	for _, e := range ns.suffix {
		if strings.HasSuffix(name, e.pattern[1:]) {
			dst = addMatch(dst, 0, e.sdk, kind, e.pattern)
		}
	}
	sortMatches(dst)
	return dst
}

// MatchComponent matches a fully qualified component class name
// (activity, service, receiver, provider).
func (m *Matcher) MatchComponent(className string) []Match {
	return m.components.match(JavaClassName(className), KindComponent)
}

// MatchMetaData matches a <meta-data android:name> key.
func (m *Matcher) MatchMetaData(key string) []Match { return m.metaData.match(key, KindMetaData) }

// MatchAuthority matches a content-provider authority. An authorities
// attribute may list several authorities separated by ';'; each is matched.
func (m *Matcher) MatchAuthority(authority string) []Match {
	if !strings.Contains(authority, ";") {
		return m.authorities.match(authority, KindAuthority)
	}
	var dst []Match
	for _, a := range strings.Split(authority, ";") {
		for _, x := range m.authorities.match(strings.TrimSpace(a), KindAuthority) {
			dst = addMatch(dst, 0, x.SDK, x.Kind, x.Pattern)
		}
	}
	sortMatches(dst)
	return dst
}

// MatchPermission matches a permission name (uses-permission or permission).
func (m *Matcher) MatchPermission(name string) []Match {
	return m.permissions.match(name, KindPermission)
}

// MatchResource matches a resource entry name such as "google_app_id". A
// qualified name ("string/google_app_id", "@string/x", "pkg:string/x") is
// reduced to the entry name first.
func (m *Matcher) MatchResource(name string) []Match {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return m.resources.match(name, KindResource)
}
