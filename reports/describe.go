package reports

import (
	"fmt"
	"strings"
)

// Plain-language text shared by the table, HTML, Markdown and SARIF
// encoders. The strings it returns contain untrusted values: every
// encoder still escapes or sanitizes them.

var dataKindLabels = map[string]string{
	"url":            "web address (URL)",
	"search-query":   "search query",
	"user-input":     "text the user typed",
	"device-id":      "device identifier",
	"advertising-id": "advertising ID",
	"location":       "location",
	"account":        "account data",
	"contact":        "contacts",
	"clipboard":      "clipboard content",
	"intent-data":    "data from a link or intent",
	"file":           "file content",
}

// DataKindLabel is a plain-language name for a flow source kind.
func DataKindLabel(kind string) string {
	if l, ok := dataKindLabels[kind]; ok {
		return l
	}
	return kind
}

// DataKindLabels joins the labels of kinds.
func DataKindLabels(kinds []string) string {
	out := make([]string, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, DataKindLabel(k))
	}
	return strings.Join(out, ", ")
}

// SmaliShort turns "Lcom/x/Outer$Inner;->name(I)V" into "Outer$Inner" and
// "name"; a class descriptor alone gives method "".
func SmaliShort(m string) (class, method string) {
	cls, meth, _ := strings.Cut(m, "->")
	cls = strings.TrimSuffix(strings.TrimPrefix(cls, "L"), ";")
	if i := strings.LastIndexAny(cls, "/."); i >= 0 {
		cls = cls[i+1:]
	}
	if i := strings.IndexByte(meth, '('); i >= 0 {
		meth = meth[:i]
	}
	if i := strings.IndexByte(meth, ':'); i >= 0 { // field reference
		meth = meth[:i]
	}
	return cls, meth
}

func shortMethod(m string) string {
	c, n := SmaliShort(m)
	if n == "" {
		return c
	}
	if c == "" {
		return n
	}
	return c + "." + n
}

// FlowRecipientName names who receives a flow: the SDK's name, else the
// host, else the vendor.
func FlowRecipientName(f Flow, sdkNames map[string]string) string {
	if f.SDK != nil {
		if n := sdkNames[*f.SDK]; n != "" {
			return n
		}
		return *f.SDK
	}
	if f.Recipient.Host != "" {
		return f.Recipient.Host
	}
	return f.Recipient.Vendor
}

// FlowSentence is one line for a flow: "search query from
// SearchListener.onQueryTextSubmit → Google Analytics for Firebase
// logEvent, param 'search_term'".
func FlowSentence(f Flow, sdkNames map[string]string) string {
	var b strings.Builder
	b.WriteString(DataKindLabel(f.Source.Kind))
	if f.Source.Method != "" {
		b.WriteString(" from ")
		b.WriteString(shortMethod(f.Source.Method))
	}
	b.WriteString(" → ")
	if f.Rule == RuleInputToHost && f.Recipient.Host != "" {
		// A generic network sink (image loader, HTTP client): the host is
		// the recipient, the method only the means.
		b.WriteString(f.Recipient.Host)
		if name := FlowRecipientName(f, sdkNames); name != f.Recipient.Host {
			b.WriteString(" (" + name + ")")
		}
		if f.Sink.Method != "" {
			b.WriteString(" via " + shortMethod(f.Sink.Method))
		}
	} else {
		b.WriteString(FlowRecipientName(f, sdkNames))
		if _, m := SmaliShort(f.Sink.Method); m != "" {
			b.WriteString(" ")
			b.WriteString(m)
		}
	}
	if f.Sink.Param != "" {
		fmt.Fprintf(&b, ", param '%s'", f.Sink.Param)
	}
	return b.String()
}

// SDKNames maps SDK ids to names.
func (r *Report) SDKNames() map[string]string {
	m := map[string]string{}
	for _, s := range r.SDKs {
		m[s.ID] = s.Name
	}
	return m
}

// CountryText is "US (outside the EU/EEA)", "LU (EU/EEA)" or "unknown".
func CountryText(country string, inEEA bool) string {
	switch {
	case country == "":
		return "unknown"
	case inEEA:
		return country + " (EU/EEA)"
	}
	return country + " (outside the EU/EEA)"
}

// countryPhrase is "US, outside the EU/EEA", "LU, in the EU/EEA" or
// "country unknown".
func countryPhrase(country string, inEEA bool) string {
	switch {
	case country == "":
		return "country unknown"
	case inEEA:
		return country + ", in the EU/EEA"
	}
	return country + ", outside the EU/EEA"
}

// RecipientSentence explains a cross-check result in one sentence, naming
// SDKs by their names when sdkNames has them.
func RecipientSentence(rc SubprocessorRecipient, sdkNames map[string]string) string {
	name := rc.Vendor.Name
	if rc.Unidentified {
		name = "An unidentified company at " + name
	}
	where := countryPhrase(rc.Country, rc.InEEA)
	if !rc.Declared {
		switch {
		case len(rc.DataKinds) > 0 || rc.Flows > 0:
			what := DataKindLabels(rc.DataKinds)
			if what == "" {
				what = "user data"
			}
			return fmt.Sprintf("%s (%s) is not on the declared subprocessor list but receives user data: %s.", name, where, what)
		case len(rc.SDKs) > 0:
			return fmt.Sprintf("%s (%s) is not on the declared subprocessor list; the app embeds its SDK %s.", name, where, sdkList(rc.SDKs, sdkNames))
		}
		return fmt.Sprintf("%s (%s) is not on the declared subprocessor list; the app contains its address %s.", name, where, strings.Join(rc.Hosts, ", "))
	}
	entry := ""
	if rc.MatchedEntry != nil {
		entry = fmt.Sprintf(" as %q", *rc.MatchedEntry)
	}
	switch {
	case rc.Country == "":
		return fmt.Sprintf("%s is declared%s, but its country is unknown.", name, entry)
	case !rc.InEEA:
		return fmt.Sprintf("%s is declared%s, but is in %s, outside the EU/EEA.", name, entry, rc.Country)
	}
	if len(rc.RegionsOutsideEEA) > 0 {
		return fmt.Sprintf("%s is declared%s, in %s (EU/EEA), but the app's configuration names regions outside the EU/EEA: %s.",
			name, entry, rc.Country, strings.Join(rc.RegionsOutsideEEA, "; "))
	}
	return fmt.Sprintf("%s is declared%s, in %s (EU/EEA).", name, entry, rc.Country)
}

// sdkList names SDKs: "Mixpanel, Segment (Twilio Segment)".
func sdkList(ids []string, sdkNames map[string]string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n := sdkNames[id]; n != "" {
			out = append(out, n)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, ", ")
}
