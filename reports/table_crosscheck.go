package reports

import (
	"io"
	"strings"
)

// writeFlowLines writes one line per flow: "search query from
// SearchListener.onQueryTextSubmit → Google Analytics for Firebase
// logEvent, param 'search_term'".
func writeFlowLines(ew *errWriter, r *Report) {
	if len(r.Flows) == 0 {
		return
	}
	names := r.SDKNames()
	ew.printf("\nFlows of user data (%d)\n", len(r.Flows))
	for i, f := range r.Flows {
		ew.printf("  %d. %s  [%s, %s]\n", i+1, Sanitize(FlowSentence(f, names), 300), s(f.Rule), s(f.Confidence))
	}
}

// writeCrossCheck writes the subprocessor cross-check, when there is one.
func writeCrossCheck(w io.Writer, ew *errWriter, r *Report) error {
	sp := r.Subprocessors
	if sp == nil || ew.err != nil {
		return ew.err
	}
	sum := r.Summarize()
	names := r.SDKNames()
	ew.printf("\nCross-check with declared subprocessors (%s): %d recipients, %d undeclared, %d outside the EU/EEA or unknown\n",
		s(sp.List), sum.Recipients, sum.Undeclared, sum.OutsideEEA)
	if len(sp.Recipients) > 0 {
		rows := make([][]string, 0, len(sp.Recipients))
		for _, rc := range sp.Recipients {
			decl := "NO"
			if rc.Declared {
				decl = "yes"
				if rc.MatchedEntry != nil {
					decl = "yes (" + *rc.MatchedEntry + ")"
				}
			}
			country, eea := orDash(rc.Country), "no"
			if rc.InEEA {
				eea = "yes"
			} else if rc.Country == "" {
				eea = "?"
			}
			rows = append(rows, []string{rc.Severity, s(recipientName(rc)), s(decl), s(country), eea,
				s(orDash(strings.Join(rc.DataKinds, ", "))), Sanitize(recipientWhy(rc, names), 60)})
		}
		if err := renderTable(w, []string{"Severity", "Recipient", "Declared", "Country", "EU/EEA", "Data", "Via"}, rows); err != nil {
			return err
		}
	}
	for _, rc := range sp.Recipients {
		if rw := regionWhy(rc); rw != "" {
			ew.printf("  %s: %s\n", s(recipientName(rc)), Sanitize(rw, 400))
		}
	}
	var notSeen []string
	for _, d := range sp.Declared {
		if !d.Observed {
			notSeen = append(notSeen, s(d.Name))
		}
	}
	if len(notSeen) > 0 {
		ew.printf("Declared but not seen in the app: %s\n", strings.Join(notSeen, ", "))
	}
	return ew.err
}
