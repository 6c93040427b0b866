package reports

// useRank orders endpoint uses from the strongest evidence of reach.
func useRank(u string) int {
	switch u {
	case UseNetwork:
		return 3
	case UseConfig:
		return 2
	case UseString:
		return 1
	}
	return 0
}

// StrongerUse returns the stronger of two uses (network over config over
// string); "" (a report from before uses were recorded) is the weakest.
func StrongerUse(a, b string) string {
	if useRank(b) > useRank(a) {
		return b
	}
	return a
}

// HostUses returns, per host of an endpoint that is not an identifier,
// the strongest use of its URLs.
func HostUses(eps []Endpoint) map[string]string {
	out := map[string]string{}
	for _, e := range eps {
		if e.IsIdentifier() {
			continue
		}
		out[e.Host] = StrongerUse(out[e.Host], e.Use)
	}
	return out
}

// CountIdentifiers is the number of endpoints that are identifiers.
func CountIdentifiers(eps []Endpoint) int {
	n := 0
	for _, e := range eps {
		if e.IsIdentifier() {
			n++
		}
	}
	return n
}

// identifiersNote is the line human formats print instead of the
// identifiers they leave out of their host views.
const identifiersNote = "not places the app can reach (XML namespaces and features, documentation links, names without a public suffix); listed in the JSON report with kind \"identifier\""
