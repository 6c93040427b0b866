package reports

import (
	"fmt"
	"strings"
)

// Summary counts what a reader needs first.
type Summary struct {
	SDKs int // third-party SDKs embedded
	// SDKsUsed are SDKs the app's own code calls.
	SDKsUsed int
	// SDKsReceivingData are SDKs at least one flow reaches.
	SDKsReceivingData int
	Flows             int
	ThirdPartyHosts   int
	// CrossChecked is true when a declared list was given; the counts
	// below are meaningful only then.
	CrossChecked bool
	Recipients   int
	Undeclared   int
	// UndeclaredWithData are undeclared recipients that receive user data.
	UndeclaredWithData int
	OutsideEEA         int
	DeclaredNotSeen    int
}

// Summarize computes the summary of a report.
func (r *Report) Summarize() Summary {
	var s Summary
	s.SDKs = len(r.SDKs)
	for _, x := range r.SDKs {
		if x.Used {
			s.SDKsUsed++
		}
	}
	recv := map[string]bool{}
	for _, f := range r.Flows {
		if f.SDK != nil {
			recv[*f.SDK] = true
		}
	}
	s.SDKsReceivingData = len(recv)
	s.Flows = len(r.Flows)
	hosts := map[string]bool{}
	for _, e := range r.Endpoints {
		if e.Owner != "first-party" && e.Owner != "local" && !e.IsIdentifier() {
			hosts[e.Host] = true
		}
	}
	s.ThirdPartyHosts = len(hosts)
	if sp := r.Subprocessors; sp != nil {
		s.CrossChecked = true
		s.Recipients = len(sp.Recipients)
		for _, rc := range sp.Recipients {
			if !rc.Declared {
				s.Undeclared++
				if len(rc.DataKinds) > 0 || rc.Flows > 0 {
					s.UndeclaredWithData++
				}
			}
			if !rc.InEEA {
				s.OutsideEEA++
			}
		}
		for _, d := range sp.Declared {
			if !d.Observed {
				s.DeclaredNotSeen++
			}
		}
	}
	return s
}

func pl(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Sentences is the summary in plain language, one sentence per item:
// "This app embeds 8 third-party SDKs; 5 receive user data; 4 recipients
// are not on the declared list."
func (s Summary) Sentences() []string {
	first := fmt.Sprintf("This app embeds %s", pl(s.SDKs, "third-party SDK", "third-party SDKs"))
	if s.SDKs > 0 {
		first += fmt.Sprintf("; its own code calls %d of them", s.SDKsUsed)
	}
	if s.Flows > 0 {
		first += fmt.Sprintf("; %d receive user data", s.SDKsReceivingData)
	}
	if s.CrossChecked {
		first += fmt.Sprintf("; %s not on the declared subprocessor list", pl(s.Undeclared, "recipient is", "recipients are"))
	}
	out := []string{first + "."}
	if s.Flows > 0 {
		out = append(out, fmt.Sprintf("apkscan traced %s of user data (such as search queries, visited addresses or typed text) into third-party code.", pl(s.Flows, "flow", "flows")))
	} else {
		out = append(out, "No flow of user data into third-party code was traced.")
	}
	if s.CrossChecked {
		var parts []string
		if s.UndeclaredWithData > 0 {
			parts = append(parts, fmt.Sprintf("%s that %s user data", pl(s.UndeclaredWithData, "undeclared recipient", "undeclared recipients"), verb(s.UndeclaredWithData, "receives", "receive")))
		}
		parts = append(parts, fmt.Sprintf("%s outside the EU/EEA or in an unknown country", pl(s.OutsideEEA, "recipient", "recipients")))
		if s.DeclaredNotSeen > 0 {
			parts = append(parts, fmt.Sprintf("%s not seen in the app", pl(s.DeclaredNotSeen, "declared subprocessor", "declared subprocessors")))
		}
		out = append(out, "Cross-check with the declared list: "+strings.Join(parts, "; ")+".")
	}
	out = append(out, fmt.Sprintf("The app contains the addresses of %s.", pl(s.ThirdPartyHosts, "third-party host", "third-party hosts")))
	return out
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
