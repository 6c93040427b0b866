package sdkdb

import (
	"net/url"
	"strings"
)

// Matching hosts and URLs against network signatures.

func (m *Matcher) addHost(s *SDK, h string) {
	if h == "" {
		return
	}
	p := strings.ToLower(h)
	suffix := strings.HasPrefix(p, ".")
	body := strings.TrimPrefix(p, ".")
	if strings.Contains(body, "*") {
		m.hostWild = append(m.hostWild, wildHost{entry: entry{s, h}, labels: strings.Split(body, "."), suffix: suffix})
		return
	}
	if suffix {
		m.hostSuffix[body] = append(m.hostSuffix[body], entry{s, h})
	} else {
		m.hostExact[body] = append(m.hostExact[body], entry{s, h})
	}
}

// NormalizeHost lower-cases a host and strips a scheme, credentials, port,
// path and trailing dot, so "https://API.Segment.io:443/v1" → "api.segment.io".
func NormalizeHost(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			h = h[1:i]
		}
	} else if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.Count(h, ":") == 1 {
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	for i := 0; i < len(h); i++ {
		if c := h[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(h)
		}
	}
	return h
}

// MatchHost returns the SDKs whose network signatures match a host name
// (normalised with NormalizeHost): exact hosts, suffixes on a label
// boundary, one-label wildcards, then host regexes.
func (m *Matcher) MatchHost(host string) []Match {
	h := NormalizeHost(host)
	if h == "" {
		return nil
	}
	var dst []Match
	for _, e := range m.hostExact[h] {
		dst = addMatch(dst, 0, e.sdk, KindHost, e.pattern)
	}
	for s := h; ; {
		for _, e := range m.hostSuffix[s] {
			dst = addMatch(dst, 0, e.sdk, KindHost, e.pattern)
		}
		i := strings.IndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[i+1:]
	}
	if len(m.hostWild) > 0 {
		labels := strings.Split(h, ".")
		for _, w := range m.hostWild {
			if wildHostMatch(w.labels, w.suffix, labels) {
				dst = addMatch(dst, 0, w.sdk, KindHost, w.pattern)
			}
		}
	}
	for _, r := range m.hostRegex {
		if r.re.MatchString(h) {
			dst = addMatch(dst, 0, r.sdk, KindHostRegex, r.pattern)
		}
	}
	sortMatches(dst)
	return dst
}

func wildHostMatch(pat []string, suffix bool, host []string) bool {
	if len(host) < len(pat) || (!suffix && len(host) != len(pat)) {
		return false
	}
	off := len(host) - len(pat)
	for i, p := range pat {
		if p != "*" && p != host[off+i] {
			return false
		}
	}
	return true
}

// MatchURL matches the URL's host like MatchHost and additionally searches
// the network regexes in the whole URL (Exodus network signatures may
// contain ports or paths).
func (m *Matcher) MatchURL(rawURL string) []Match {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = u.Host
	}
	dst := m.MatchHost(host)
	for _, r := range m.hostRegex {
		if r.re.MatchString(rawURL) {
			dst = addMatch(dst, 0, r.sdk, KindHostRegex, r.pattern)
		}
	}
	sortMatches(dst)
	return dst
}
