// Package hostname answers questions about DNS names with the Public
// Suffix List (golang.org/x/net/publicsuffix): the registrable domain of
// a host (the part an organisation registers: bbc.co.uk for www.bbc.co.uk,
// customer.herokuapp.com for a Heroku app) and whether a name ends in a
// real ICANN suffix at all (javax.xml.transform.dom.domresult does not).
package hostname

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Normalize lower-cases a host and drops a trailing dot.
func Normalize(host string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
}

// IsIP reports whether host is an IPv4 or IPv6 address.
func IsIP(host string) bool { return net.ParseIP(strings.Trim(host, "[]")) != nil }

// Registrable returns the registrable domain of host (eTLD+1, private
// suffixes such as herokuapp.com included), host itself for an IP address
// or a name that is a public suffix or has no known suffix with a label
// before it.
func Registrable(host string) string {
	host = Normalize(host)
	if host == "" || IsIP(host) {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// OrgLabel returns the label that names the organisation in a host:
// "medbook" for api.medbook.example, "bbc" for www.bbc.co.uk; "" for an IP
// address or a bare suffix.
func OrgLabel(host string) string {
	d := Registrable(host)
	if d == "" || IsIP(d) {
		return ""
	}
	label, _, _ := strings.Cut(d, ".")
	if label == d {
		return ""
	}
	return label
}

// HasICANNSuffix reports whether host ends in a suffix of the ICANN
// section of the Public Suffix List with at least one label before it (a
// name on the public Internet), rather than an identifier that only looks
// like a host (an XML feature URI such as javax.xml.transform.dom.domresult)
// or a private-use name (.example, .local). Note that some real top-level
// domains (.android, .app, .google) are also the last segment of Java
// package names: this check alone does not tell those apart.
func HasICANNSuffix(host string) bool {
	host = Normalize(host)
	if host == "" || IsIP(host) || !strings.Contains(host, ".") {
		return false
	}
	if suffix, icann := publicsuffix.PublicSuffix(host); icann {
		return suffix != host
	}
	// A private suffix (herokuapp.com) sits under an ICANN one; a name
	// whose top-level label is unknown gets the default rule, not ICANN.
	tld := host[strings.LastIndexByte(host, '.')+1:]
	_, icann := publicsuffix.PublicSuffix(tld)
	return icann
}
