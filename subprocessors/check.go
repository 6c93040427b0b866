package subprocessors

import (
	"github.com/apkscan/apkscan/geo"
	"github.com/apkscan/apkscan/hostname"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Owners of endpoints that are not third parties.
var notThirdParty = map[string]bool{"first-party": true, "local": true, "": true}

// Check cross-checks the recipients in r against the declared list and
// returns the result (also stored in r.Subprocessors by Apply).
//
// Recipients are the vendor of every reported SDK, the owner vendor of
// every third-party endpoint, and — for hosts no vendor claims — the
// host's registrable domain (Unidentified). Flows add the data kinds that
// reach each recipient. A declared entry covers a recipient when it
// resolves to the same sdkdb vendor (sdkdb.DB.ResolveVendor on the entry's
// entity, then its name and domains) or when one of its domains covers a
// host of the recipient.
func Check(r *reports.Report, l *List, db *sdkdb.DB) *reports.Subprocessors {
	out := &reports.Subprocessors{List: l.Path}

	// Resolve the declared entries.
	type decl struct {
		e      Entry
		vendor *sdkdb.Vendor
	}
	decls := make([]decl, len(l.Entries))
	for i, e := range l.Entries {
		d := decl{e: e}
		if e.Entity != "" {
			d.vendor, _ = db.ResolveVendor(e.Entity, nil)
		}
		if d.vendor == nil {
			d.vendor, _ = db.ResolveVendor(e.Name, e.Domains)
		}
		decls[i] = d
	}

	// Collect recipients.
	recs := map[string]*reports.SubprocessorRecipient{}
	var order []string
	vendorRec := func(id, name, country string) *reports.SubprocessorRecipient {
		if rec := recs[id]; rec != nil {
			return rec
		}
		hq := country
		if v := db.Vendor(id); v != nil {
			if name == "" || name == id {
				name = v.Name
			}
			if hq == "" {
				hq = v.Country
			}
		}
		if name == "" {
			name = id
		}
		rec := &reports.SubprocessorRecipient{Vendor: reports.Vendor{ID: id, Name: name, Country: hq}, HQCountry: hq}
		recs[id] = rec
		order = append(order, id)
		return rec
	}
	domainRec := func(host string) *reports.SubprocessorRecipient {
		dom := RegistrableDomain(host)
		key := "domain:" + dom
		if rec := recs[key]; rec != nil {
			return rec
		}
		rec := &reports.SubprocessorRecipient{Vendor: reports.Vendor{Name: dom}, Unidentified: true}
		recs[key] = rec
		order = append(order, key)
		return rec
	}
	sdkVendor := map[string]string{}
	sdkName := map[string]string{}
	for _, s := range r.SDKs {
		// The maker of a self-hosted library (Glide, ACRA) receives
		// nothing; the hosts it is pointed at are recipients below.
		if s.Vendor.ID == "" || s.Vendor.SelfHosted || selfHosted(db, s.Vendor.ID) {
			continue
		}
		sdkVendor[s.ID] = s.Vendor.ID
		sdkName[s.ID] = s.Name
		rec := vendorRec(s.Vendor.ID, s.Vendor.Name, s.Vendor.Country)
		rec.SDKs = appendUnique(rec.SDKs, s.ID)
	}
	// A host no vendor claims but that an SDK configuration value names
	// (a Firebase database, a Sentry ingest host) belongs to that vendor.
	configVendor := map[string]string{}
	for _, c := range r.Config {
		if c.Host != "" && c.Vendor != "" && db.Vendor(c.Vendor) != nil {
			configVendor[strings.ToLower(c.Host)] = c.Vendor
		}
	}
	hostOwner := map[string]string{}
	for _, e := range r.Endpoints {
		h := strings.ToLower(e.Host)
		if h == "" || e.IsIdentifier() {
			continue // an identifier names something; nobody answers at it
		}
		hostOwner[h] = e.Owner
		switch {
		case notThirdParty[e.Owner]:
		case e.Owner == "unknown" && configVendor[h] != "":
			hostOwner[h] = configVendor[h]
			rec := vendorRec(configVendor[h], "", "")
			rec.Hosts = appendUnique(rec.Hosts, h)
		case e.Owner == "unknown":
			rec := domainRec(h)
			rec.Hosts = appendUnique(rec.Hosts, h)
		default:
			rec := vendorRec(e.Owner, e.OwnerName, "")
			rec.Hosts = appendUnique(rec.Hosts, h)
		}
	}
	for _, f := range r.Flows {
		var rec *reports.SubprocessorRecipient
		host := strings.ToLower(f.Recipient.Host)
		switch {
		case f.SDK != nil && sdkVendor[*f.SDK] != "":
			rec = recs[sdkVendor[*f.SDK]]
		case f.Recipient.Vendor != "" && f.Recipient.Vendor != "unknown" && !notThirdParty[f.Recipient.Vendor]:
			rec = vendorRec(f.Recipient.Vendor, "", "")
		case host != "":
			switch o := hostOwner[host]; {
			case o == "first-party" || o == "local":
			case o == "unknown" || o == "":
				rec = domainRec(host)
			default:
				rec = vendorRec(o, "", "")
			}
		}
		if rec == nil {
			continue
		}
		if host != "" {
			rec.Hosts = appendUnique(rec.Hosts, host)
		}
		rec.Flows++
		if f.Source.Kind != "" {
			rec.DataKinds = appendUnique(rec.DataKinds, f.Source.Kind)
		}
	}

	// SDK configuration names recipients, their hosts and regions.
	type regionSeen struct{ text, country string }
	regions := map[string][]regionSeen{}
	for _, c := range r.Config {
		if c.Vendor == "" || db.Vendor(c.Vendor) == nil {
			continue
		}
		rec := vendorRec(c.Vendor, c.VendorName, "")
		if h := strings.ToLower(c.Host); h != "" && !strings.ContainsAny(h, "{} ") {
			rec.Hosts = appendUnique(rec.Hosts, h)
		}
		if c.Region != "" {
			text := c.Service + ", " + c.RegionText()
			rec.Regions = appendUnique(rec.Regions, text)
			regions[c.Vendor] = append(regions[c.Vendor], regionSeen{text, c.Country})
		}
	}

	// Match recipients to declared entries.
	observed := make([]bool, len(decls))
	for _, key := range order {
		rec := recs[key]
		match := -1
		for i, d := range decls {
			if d.vendor != nil && !rec.Unidentified && d.vendor.ID == rec.Vendor.ID {
				match = i
				break
			}
		}
		if match < 0 {
		hosts:
			for i, d := range decls {
				for _, dom := range d.e.Domains {
					for _, h := range rec.Hosts {
						if h == dom || strings.HasSuffix(h, "."+dom) {
							match = i
							break hosts
						}
					}
				}
			}
		}
		rec.Country = rec.HQCountry
		if match >= 0 {
			observed[match] = true
			rec.Declared = true
			name := decls[match].e.Name
			rec.MatchedEntry = &name
			if c := decls[match].e.Country; c != "" {
				rec.Country = c
			}
		}
		rec.InEEA = geo.InEEA(rec.Country)
		if rec.Declared && rec.InEEA && !rec.Unidentified {
			// A declared EU/EEA entity whose configured region is
			// outside the EU/EEA: the data is processed there.
			for _, rs := range regions[rec.Vendor.ID] {
				if rs.country != "" && !geo.InEEA(rs.country) {
					rec.RegionsOutsideEEA = appendUnique(rec.RegionsOutsideEEA, rs.text)
				}
			}
		}
		rec.Severity = severity(rec)
		out.Recipients = append(out.Recipients, *rec)
	}
	for i, d := range decls {
		ds := reports.DeclaredSubprocessor{Name: d.e.Name, Observed: observed[i], Entity: d.e.Entity, Country: d.e.Country,
			InEEA: geo.InEEA(d.e.Country), Purposes: append([]string{}, d.e.Purposes...), Domains: append([]string{}, d.e.Domains...), Line: d.e.Line}
		if d.vendor != nil {
			id := d.vendor.ID
			ds.Vendor = &id
		}
		out.Declared = append(out.Declared, ds)
	}
	out.Normalize()
	return out
}

// Apply runs Check and stores the result in r.Subprocessors.
func Apply(r *reports.Report, l *List, db *sdkdb.DB) {
	if l != nil {
		r.Subprocessors = Check(r, l, db)
	}
}

// severity ranks a recipient; see reports.SubprocessorRecipient.Severity.
func severity(r *reports.SubprocessorRecipient) string {
	switch {
	case !r.Declared && len(r.DataKinds) > 0, !r.Declared && r.Flows > 0:
		return reports.SeverityHigh
	case !r.Declared && len(r.SDKs) > 0:
		return reports.SeverityMedium
	case !r.Declared:
		return reports.SeverityLow
	case !r.InEEA:
		return reports.SeverityLow
	}
	return reports.SeverityInfo
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	s = append(s, v)
	sort.Strings(s)
	return s
}

// RegistrableDomain returns the organisation's domain of a host (the
// Public Suffix List's eTLD+1): medbook-partner.example for
// telemetry.medbook-partner.example, bbc.co.uk for www.bbc.co.uk. IP
// addresses are returned unchanged.
func RegistrableDomain(host string) string { return hostname.Registrable(host) }

// selfHosted reports whether sdkdb marks vendor id as the maker of a
// self-hosted library (for reports saved before reports.Vendor had the
// flag).
func selfHosted(db *sdkdb.DB, id string) bool {
	v := db.Vendor(id)
	return v != nil && v.SelfHosted
}
