package sdkdb

import (
	"sort"
	"strings"
)

// Looking up the sink specs of SDK methods.

// SinksFor returns the telemetry sinks declared for a smali method
// reference ("Lcom/x/Y;->m(Ljava/lang/String;)V"); the return type is
// ignored. The returned slice is shared: do not modify it.
func (m *Matcher) SinksFor(methodRef string) []SinkMatch {
	return m.sinks[sinkKey(methodRef)]
}

// SinkClasses returns every class descriptor that declares at least one
// sink (useful to pre-filter invoke instructions).
func (m *Matcher) SinkClasses() []string {
	seen := map[string]bool{}
	var out []string
	for k := range m.sinks {
		if i := strings.Index(k, "->"); i > 0 && !seen[k[:i]] {
			seen[k[:i]] = true
			out = append(out, k[:i])
		}
	}
	sort.Strings(out)
	return out
}
