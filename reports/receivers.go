package reports

import (
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/geo"
	"github.com/apkscan/apkscan/hostname"
)

// Receiver is a company that can receive data from the app, derived from
// the report alone (no declared list needed): the vendor of a reported
// SDK, the owner of a third-party endpoint, or the recipient of a flow.
type Receiver struct {
	// Name is the vendor's name; for a host no vendor claims, the host's
	// registrable domain (Unidentified).
	Name         string
	VendorID     string
	Unidentified bool
	// Country is the vendor's headquarters country as the report gives it
	// (the SDK's vendor, the endpoint owner's country, or the cross-check);
	// "" when unknown.
	Country string
	InEEA   bool
	// SDKs are the names of its SDKs in the app, Hosts its hosts, sorted.
	SDKs  []string
	Hosts []string
	// DataKinds are the source kinds of the flows that reach it, sorted.
	DataKinds []string
	Flows     int
}

// ReceiverGroup is the receivers in one country.
type ReceiverGroup struct {
	Country   string // "" for unknown
	InEEA     bool
	Receivers []Receiver
}

// Where is "US (outside the EU/EEA)", "LU (EU/EEA)" or "unknown".
func (g ReceiverGroup) Where() string { return CountryText(g.Country, g.InEEA) }

// groupRank orders groups: outside the EU/EEA first, then unknown
// country, then the EU/EEA.
func (g ReceiverGroup) rank() int {
	switch {
	case g.Country == "":
		return 1
	case g.InEEA:
		return 2
	}
	return 0
}

// Receivers answers "who receives what": every third party the report
// shows, grouped by country (outside the EU/EEA first, then unknown, then
// EU/EEA; codes in order), receivers of user data first within a group.
// The result is deterministic for a normalised report.
func (r *Report) Receivers() []ReceiverGroup {
	recs := map[string]*Receiver{}
	var order []string
	country := map[string]string{} // vendor id → country
	for _, s := range r.SDKs {
		if s.Vendor.ID != "" && s.Vendor.Country != "" {
			country[s.Vendor.ID] = s.Vendor.Country
		}
	}
	for _, e := range r.Endpoints {
		if e.OwnerCountry != "" && country[e.Owner] == "" {
			country[e.Owner] = e.OwnerCountry
		}
	}
	if sp := r.Subprocessors; sp != nil {
		for _, rc := range sp.Recipients {
			c := rc.HQCountry
			if c == "" {
				c = rc.Vendor.Country
			}
			if rc.Vendor.ID != "" && c != "" && country[rc.Vendor.ID] == "" {
				country[rc.Vendor.ID] = c
			}
		}
	}
	vendor := func(id, name string) *Receiver {
		if rc := recs[id]; rc != nil {
			if (rc.Name == id || rc.Name == "") && name != "" {
				rc.Name = name
			}
			return rc
		}
		if name == "" {
			name = id
		}
		rc := &Receiver{Name: name, VendorID: id, Country: country[id]}
		recs[id] = rc
		order = append(order, id)
		return rc
	}
	domain := func(host string) *Receiver {
		dom := hostname.Registrable(host)
		if dom == "" {
			dom = host
		}
		key := "domain:" + dom
		if rc := recs[key]; rc != nil {
			return rc
		}
		rc := &Receiver{Name: dom, Unidentified: true}
		recs[key] = rc
		order = append(order, key)
		return rc
	}
	sdkVendor := map[string]string{}
	sdkName := r.SDKNames()
	for _, s := range r.SDKs {
		if s.Vendor.ID == "" || s.Vendor.SelfHosted {
			continue
		}
		sdkVendor[s.ID] = s.Vendor.ID
		rc := vendor(s.Vendor.ID, s.Vendor.Name)
		rc.SDKs = addSorted(rc.SDKs, s.Name)
	}
	hostOwner := map[string]string{}
	for _, e := range r.Endpoints {
		h := strings.ToLower(e.Host)
		if h == "" || e.IsIdentifier() {
			continue
		}
		hostOwner[h] = e.Owner
		switch e.Owner {
		case "first-party", "local", "":
		case "unknown":
			rc := domain(h)
			rc.Hosts = addSorted(rc.Hosts, h)
		default:
			rc := vendor(e.Owner, e.OwnerName)
			rc.Hosts = addSorted(rc.Hosts, h)
		}
	}
	for _, f := range r.Flows {
		var rc *Receiver
		host := strings.ToLower(f.Recipient.Host)
		switch {
		case f.SDK != nil && sdkVendor[*f.SDK] != "":
			rc = recs[sdkVendor[*f.SDK]]
		case f.Recipient.Vendor != "" && f.Recipient.Vendor != "unknown" && f.Recipient.Vendor != "first-party" && f.Recipient.Vendor != "local":
			rc = vendor(f.Recipient.Vendor, "")
		case host != "":
			switch o := hostOwner[host]; o {
			case "first-party", "local":
			case "unknown", "":
				rc = domain(host)
			default:
				rc = vendor(o, "")
			}
		}
		if rc == nil {
			continue
		}
		if f.SDK != nil {
			if n := sdkName[*f.SDK]; n != "" {
				rc.SDKs = addSorted(rc.SDKs, n)
			}
		}
		if host != "" {
			rc.Hosts = addSorted(rc.Hosts, host)
		}
		rc.Flows++
		if f.Source.Kind != "" {
			rc.DataKinds = addSorted(rc.DataKinds, f.Source.Kind)
		}
	}

	groups := map[string]*ReceiverGroup{}
	var out []ReceiverGroup
	for _, key := range order {
		rc := recs[key]
		rc.Country = strings.ToUpper(rc.Country)
		rc.InEEA = geo.InEEA(rc.Country)
		g := groups[rc.Country]
		if g == nil {
			g = &ReceiverGroup{Country: rc.Country, InEEA: rc.InEEA}
			groups[rc.Country] = g
		}
		g.Receivers = append(g.Receivers, *rc)
	}
	for _, g := range groups {
		sort.Slice(g.Receivers, func(i, j int) bool {
			a, b := g.Receivers[i], g.Receivers[j]
			if (a.Flows > 0) != (b.Flows > 0) {
				return a.Flows > 0
			}
			if a.Unidentified != b.Unidentified {
				return !a.Unidentified
			}
			return a.Name < b.Name
		})
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].rank() != out[j].rank() {
			return out[i].rank() < out[j].rank()
		}
		return out[i].Country < out[j].Country
	})
	return out
}

// DataText is the plain-language list of the data kinds a receiver gets,
// or "none traced" (its code or address is in the app, but no flow of
// user data into it was found).
func (rc Receiver) DataText() string {
	if len(rc.DataKinds) == 0 {
		return "none traced"
	}
	return DataKindLabels(rc.DataKinds)
}

// HowText says why it is a receiver: "SDK Segment; hosts api.segment.io".
func (rc Receiver) HowText() string {
	var parts []string
	if len(rc.SDKs) > 0 {
		parts = append(parts, "SDK "+strings.Join(rc.SDKs, ", "))
	}
	if len(rc.Hosts) > 0 {
		hs, more := rc.Hosts, ""
		if len(hs) > 5 {
			more = " (+" + strconv.Itoa(len(hs)-5) + ")"
			hs = hs[:5]
		}
		parts = append(parts, "hosts "+strings.Join(hs, ", ")+more)
	}
	if rc.Flows > 0 {
		parts = append(parts, pl(rc.Flows, "flow", "flows"))
	}
	return strings.Join(parts, "; ")
}

// DisplayName marks unidentified owners.
func (rc Receiver) DisplayName() string {
	if rc.Unidentified {
		return rc.Name + " (owner not identified)"
	}
	return rc.Name
}

func addSorted(s []string, v string) []string {
	i := sort.SearchStrings(s, v)
	if i < len(s) && s[i] == v {
		return s
	}
	s = append(s, "")
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}
