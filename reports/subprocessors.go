package reports

import (
	"sort"
	"strings"
)

// Subprocessors is the cross-check of the recipients apkscan found against a
// company's declared subprocessor list (GDPR Art. 28).
type Subprocessors struct {
	// List is the path of the declared list as given.
	List       string                  `json:"list"`
	Recipients []SubprocessorRecipient `json:"recipients"`
	Declared   []DeclaredSubprocessor  `json:"declared"`
}

// Recipient severities, highest first. See SubprocessorRecipient.Severity.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
	SeverityInfo   = "info"
)

// SeverityRank orders severities: high 3, medium 2, low 1, info 0, other -1.
func SeverityRank(s string) int {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	case SeverityInfo:
		return 0
	}
	return -1
}

// SubprocessorRecipient is a party the app can send data to.
type SubprocessorRecipient struct {
	// Vendor is the sdkdb vendor. For a host no vendor claims, ID is "" and
	// Name is the host's registrable domain (Unidentified is true).
	Vendor       Vendor  `json:"vendor"`
	Declared     bool    `json:"declared"`
	MatchedEntry *string `json:"matched_entry"`
	// Country is the declared entry's country when the entry gives one
	// (the contracting entity), else the vendor's headquarters country;
	// "" when unknown.
	Country string `json:"country"`
	// InEEA: Country is in the EU (27) or IS, LI, NO.
	InEEA bool `json:"in_eea"`
	// HQCountry is the vendor's headquarters country from sdkdb.
	HQCountry string `json:"hq_country,omitempty"`
	// DataKinds are the source kinds of the flows that reach the recipient.
	DataKinds []string `json:"data_kinds"`
	// Severity: high (undeclared and receives user data), medium (undeclared,
	// its SDK is embedded), low (undeclared, only its host names are in the
	// app; or declared but outside the EEA or in an unknown country), info
	// (declared, in the EEA).
	Severity string `json:"severity"`
	// SDKs and Hosts say why the vendor is a recipient.
	SDKs  []string `json:"sdks"`
	Hosts []string `json:"hosts"`
	// Flows counts the flows that reach the recipient.
	Flows int `json:"flows"`
	// Regions are the service regions the app's configuration and hosts
	// name for this recipient ("Amazon Pinpoint, region us-east-1 (United
	// States)"), sorted.
	Regions []string `json:"regions,omitempty"`
	// RegionsOutsideEEA: the recipient is declared with an EU/EEA country,
	// but these configured regions are outside the EU/EEA (a finding of
	// its own, rule region-outside-eea).
	RegionsOutsideEEA []string `json:"regions_outside_eea,omitempty"`
	// Unidentified: no vendor is known for these hosts.
	Unidentified bool `json:"unidentified,omitempty"`
}

// Key identifies a recipient across reports: the vendor id, or
// "domain:"+name for an unidentified host.
func (r SubprocessorRecipient) Key() string {
	if r.Vendor.ID == "" {
		return "domain:" + r.Vendor.Name
	}
	return r.Vendor.ID
}

// DeclaredSubprocessor is one entry of the declared list.
type DeclaredSubprocessor struct {
	Name     string  `json:"name"`
	Observed bool    `json:"observed"`
	Vendor   *string `json:"vendor"`
	// Entity, Country, Purposes and Domains are as declared (Country
	// normalised to ISO 3166-1 alpha-2).
	Entity   string   `json:"entity,omitempty"`
	Country  string   `json:"country,omitempty"`
	InEEA    bool     `json:"in_eea"`
	Purposes []string `json:"purposes"`
	Domains  []string `json:"domains"`
	// Line is the entry's line in the list file.
	Line int `json:"line,omitempty"`
}

// Undeclared returns the recipients that are not on the declared list.
func (s *Subprocessors) Undeclared() []SubprocessorRecipient {
	if s == nil {
		return nil
	}
	var out []SubprocessorRecipient
	for _, r := range s.Recipients {
		if !r.Declared {
			out = append(out, r)
		}
	}
	return out
}

// Normalize sorts the cross-check (highest severity first, then by name)
// and replaces nil slices by empty ones. A nil receiver is a no-op.
func (s *Subprocessors) Normalize() {
	if s == nil {
		return
	}
	if s.Recipients == nil {
		s.Recipients = []SubprocessorRecipient{}
	}
	for i := range s.Recipients {
		r := &s.Recipients[i]
		sort.Strings(r.Regions)
		sort.Strings(r.RegionsOutsideEEA)
		for _, l := range []*[]string{&r.DataKinds, &r.SDKs, &r.Hosts} {
			if *l == nil {
				*l = []string{}
			}
			sort.Strings(*l)
		}
	}
	sort.SliceStable(s.Recipients, func(i, j int) bool {
		a, b := s.Recipients[i], s.Recipients[j]
		if ra, rb := SeverityRank(a.Severity), SeverityRank(b.Severity); ra != rb {
			return ra > rb
		}
		if la, lb := strings.ToLower(a.Vendor.Name), strings.ToLower(b.Vendor.Name); la != lb {
			return la < lb
		}
		return a.Key() < b.Key()
	})
	if s.Declared == nil {
		s.Declared = []DeclaredSubprocessor{}
	}
	for i := range s.Declared {
		d := &s.Declared[i]
		if d.Purposes == nil {
			d.Purposes = []string{}
		}
		if d.Domains == nil {
			d.Domains = []string{}
		}
	}
}
