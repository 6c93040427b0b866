package detect

import (
	"net"
	"regexp"
	"strings"
)

// urlRe finds absolute http(s)/ws(s) URLs inside a longer string.
var urlRe = regexp.MustCompile(`(?i)\b(?:https?|wss?)://[^\s"'<>\\^` + "`" + `{|}()\[\],;]+`)

// nonEndpointHosts are hosts that appear in URLs which are identifiers, not
// destinations: XML namespaces and schema locations.
var nonEndpointHosts = map[string]bool{
	"schemas.android.com":   true,
	"www.w3.org":            true,
	"ns.adobe.com":          true,
	"xmlpull.org":           true,
	"schemas.xmlsoap.org":   true,
	"xml.org":               true,
	"xml.apache.org":        true,
	"purl.org":              true,
	"schemas.microsoft.com": true,
}

// foundURL is one URL or bare host in a string.
type foundURL struct {
	URL  string // "" for a bare host
	Host string
}

// extractURLs returns the URLs in s (at most max).
func extractURLs(s string, max int) []foundURL {
	if !strings.Contains(s, "://") {
		return nil
	}
	var out []foundURL
	for _, u := range urlRe.FindAllString(s, max) {
		u = strings.TrimRight(u, ".:/?#&=")
		h := HostOf(u)
		if h == "" || nonEndpointHosts[h] {
			continue
		}
		out = append(out, foundURL{URL: u, Host: h})
	}
	return out
}

// HostOf extracts and normalises the host of an absolute URL, returning ""
// when it is not a plausible network host (templates, placeholders).
func HostOf(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return ""
	}
	rest := u[i+3:]
	if j := strings.IndexAny(rest, "/?#"); j >= 0 {
		rest = rest[:j]
	}
	if j := strings.LastIndex(rest, "@"); j >= 0 {
		rest = rest[j+1:]
	}
	if strings.HasPrefix(rest, "[") { // IPv6 literal
		if j := strings.Index(rest, "]"); j > 0 {
			return strings.ToLower(rest[1:j])
		}
		return ""
	}
	if j := strings.LastIndex(rest, ":"); j >= 0 {
		rest = rest[:j]
	}
	return normHost(rest)
}

// normHost lowercases a host and rejects anything that is not a DNS name or
// an IP address.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	if h == "" || len(h) > 253 {
		return ""
	}
	if net.ParseIP(h) != nil {
		return h
	}
	if h == "localhost" {
		return h
	}
	if !strings.Contains(h, ".") {
		return ""
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return ""
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return ""
			}
		}
	}
	// The last label of a DNS name is never numeric (that is an IP typo or
	// a version number such as 1.2.3).
	last := h[strings.LastIndex(h, ".")+1:]
	if strings.Trim(last, "0123456789") == "" {
		return ""
	}
	return h
}

// bareHost returns s normalised when the whole string is a DNS name with a
// common public suffix ("api.segment.io"), else "". Java package and class
// names ("com.google.Foo") do not end in such suffixes, which keeps this
// channel precise; callers still only keep bare hosts that an sdkdb
// network signature or a vendor domain claims.
func bareHost(s string) string {
	if len(s) < 4 || len(s) > 253 || strings.ContainsAny(s, " /:@") {
		return ""
	}
	h := normHost(s)
	if h == "" || net.ParseIP(h) != nil {
		return ""
	}
	return h
}
