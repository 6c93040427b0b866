package reports

import (
	"fmt"
	"io"
	"strings"
)

// MarkdownEncoder writes a report for a case file or an issue (GitHub-
// flavoured Markdown). Every value from the APK goes through MarkdownEscape.
type MarkdownEncoder struct{}

// ID implements Encoder.
func (MarkdownEncoder) ID() string { return "markdown" }

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "~", `\~`, "[", `\[`, "]", `\]`,
	"|", `\|`, "#", `\#`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "!", `\!`, "$", `\$`,
)

// MarkdownEscape makes an untrusted string inert inline Markdown that is
// safe in a table cell: control characters and ANSI escapes are removed,
// newlines shown as \n (Sanitize), and Markdown and HTML syntax ( \ ` * _ ~
// [ ] | # < > & ! $ ) escaped. The result is capped at 300 characters.
func MarkdownEscape(v string) string {
	return mdEscaper.Replace(Sanitize(v, 300))
}

// Encode implements Encoder.
func (MarkdownEncoder) Encode(w io.Writer, r *Report) error {
	m := MarkdownEscape
	ew := &errWriter{w: w}
	a := r.App
	name := a.Label
	if name == "" {
		name = a.Package
	}
	ew.printf("# Privacy report: %s\n\n", m(name))
	ew.printf("%s, version %s (%d). Produced by apkscan %s with signature database %s.", m(a.Package), m(a.VersionName), a.VersionCode, m(r.Tool.Version), m(r.SDKDB.Version))
	if r.ScannedAt != "" {
		ew.printf(" Scanned at %s.", m(r.ScannedAt))
	}
	ew.printf("\n\n")
	ew.printf("## Summary\n\n")
	for _, s := range r.Summarize().Sentences() {
		ew.printf("- %s\n", m(s))
	}
	ew.printf("\n")
	writeReceiversMarkdown(ew, r)

	sdkNames := r.SDKNames()
	if sp := r.Subprocessors; sp != nil {
		ew.printf("## Who can receive data, compared with the declared subprocessor list\n\n")
		ew.printf("Declared list: %s\n\n", m(sp.List))
		if len(sp.Recipients) == 0 {
			ew.printf("No third-party recipient was found.\n\n")
		} else {
			ew.printf("| severity | recipient | on the list | country | data that reaches it | why it is a recipient |\n|---|---|---|---|---|---|\n")
			for _, rc := range sp.Recipients {
				ew.printf("| %s | %s | %s | %s | %s | %s |\n", rc.Severity, m(recipientName(rc)), m(declaredText(rc)), m(CountryText(rc.Country, rc.InEEA)),
					m(orDash(DataKindLabels(rc.DataKinds))), m(recipientWhy(rc, sdkNames)))
			}
			ew.printf("\n")
			for _, rc := range sp.Recipients {
				if len(rc.RegionsOutsideEEA) > 0 {
					ew.printf("- %s\n", MarkdownEscape(RegionSentence(rc)))
				}
			}
			ew.printf("\n")
		}
		var notSeen []string
		for _, d := range sp.Declared {
			if !d.Observed {
				notSeen = append(notSeen, d.Name)
			}
		}
		if len(notSeen) > 0 {
			ew.printf("Declared but not seen in the app (they may receive data server-side): ")
			for i, n := range notSeen {
				if i > 0 {
					ew.printf(", ")
				}
				ew.printf("%s", m(n))
			}
			ew.printf(".\n\n")
		}
	}

	ew.printf("## User data that leaves the app (%d)\n\n", len(r.Flows))
	if len(r.Flows) == 0 {
		ew.printf("No flow of user data into third-party code was traced.\n\n")
	}
	for i, f := range r.Flows {
		ew.printf("%d. %s (rule %s, confidence %s)\n", i+1, m(FlowSentence(f, sdkNames)), m(f.Rule), m(f.Confidence))
		if f.Value != "" {
			ew.printf("   - value: %s\n", m(f.Value))
		}
		for _, st := range f.Path {
			ew.printf("   - %s %s @%s%s\n", m(st.File), m(StepMethod(st)), PCText(st.PC), insnSuffix(m(st.Insn)))
		}
	}
	if len(r.Flows) > 0 {
		ew.printf("\n")
	}

	ew.printf("## Third-party SDKs in the app (%d)\n\n", len(r.SDKs))
	if len(r.SDKs) > 0 {
		ew.printf("| SDK | company | country | version | called by the app | confidence | categories |\n|---|---|---|---|---|---|---|\n")
		for _, s := range r.SDKs {
			ew.printf("| %s | %s | %s | %s | %s | %s | %s |\n", m(s.Name), m(s.Vendor.Name), m(orDash(s.Vendor.Country)), m(orDash(ptr(s.Version))),
				yesNo(s.Used), m(s.Confidence), m(strings.Join(s.Categories, ", ")))
		}
		ew.printf("\n")
	}

	idents := CountIdentifiers(r.Endpoints)
	ew.printf("## Internet hosts in the app (%d)\n\n", len(r.Endpoints)-idents)
	if len(r.Endpoints) > idents {
		ew.printf("| host | owner | SDK | use | address | found in |\n|---|---|---|---|---|---|\n")
		for _, e := range r.Endpoints {
			if e.IsIdentifier() {
				continue
			}
			owner := e.Owner
			if e.OwnerName != "" {
				owner = e.OwnerName
			}
			where := ""
			if len(e.Locations) > 0 {
				where = e.Locations[0]
				if e.Count > 1 {
					where += fmt.Sprintf(" (+%d)", e.Count-1)
				}
			}
			ew.printf("| %s | %s | %s | %s | %s | %s |\n", m(e.Host), m(owner), m(orDash(ptr(e.SDK))), m(orDash(e.Use)), m(orDash(e.URL)), m(where))
		}
		ew.printf("\n")
	}
	if idents > 0 {
		ew.printf("%d identifier(s) left out: %s.\n\n", idents, m(identifiersNote))
	}

	writeConfigMarkdown(ew, r)

	ew.printf("## App facts\n\n| | |\n|---|---|\n")
	facts := [][2]string{
		{"package", a.Package}, {"label", a.Label}, {"version", fmt.Sprintf("%s (%d)", a.VersionName, a.VersionCode)},
		{"min / target SDK", fmt.Sprintf("%d / %d", a.MinSDK, a.TargetSDK)}, {"file", a.Path}, {"kind", a.Kind},
		{"SHA-256", a.SHA256}, {"size", fmt.Sprintf("%d bytes", a.Size)},
	}
	for _, sg := range a.Signers {
		facts = append(facts, [2]string{"signer", sg.SHA256 + " " + strings.Join(sg.Schemes, ",") + " " + sg.Subject})
	}
	facts = append(facts, [2]string{"permissions", strings.Join(a.Permissions, ", ")})
	for _, f := range facts {
		ew.printf("| %s | %s |\n", f[0], m(f[1]))
	}
	ew.printf("\n")
	if len(a.Components) > 0 {
		ew.printf("| component | kind | exported |\n|---|---|---|\n")
		for _, c := range a.Components {
			ew.printf("| %s | %s | %s |\n", m(c.Name), m(c.Kind), yesNo(c.Exported))
		}
		ew.printf("\n")
	}

	ew.printf("## Evidence: how apkscan knows\n\n")
	for _, s := range r.SDKs {
		ew.printf("- **%s**: %s\n", m(s.Name), m(channelSummary(s.Channels)))
		for _, e := range s.Evidence {
			weak := ""
			if e.Weak {
				weak = " (weak: cannot reveal the SDK alone)"
			}
			ew.printf("  - %s: %s in %s%s\n", m(e.Channel), m(e.Value), m(e.Location), weak)
		}
	}
	ew.printf("\n")
	if len(r.Problems) > 0 {
		ew.printf("## Problems while reading the app (%d)\n\n", len(r.Problems))
		for _, p := range r.Problems {
			ew.printf("- %s: %s: %s\n", m(p.Severity), m(p.Where), m(p.Error))
		}
		ew.printf("\n")
	}
	return ew.err
}

// writeReceiversMarkdown writes "who receives what": every third party,
// grouped by country and EU/EEA status, with the data each receives.
func writeReceiversMarkdown(ew *errWriter, r *Report) {
	m := MarkdownEscape
	ew.printf("## Who receives what\n\n")
	groups := r.Receivers()
	if len(groups) == 0 {
		ew.printf("No third-party company was found that can receive data from this app.\n\n")
		return
	}
	ew.printf("Companies that can receive data from this app (SDK makers, owners of third-party addresses, recipients of traced flows), by headquarters country.\n\n")
	ew.printf("| country | company | data it receives | how it receives it |\n|---|---|---|---|\n")
	for _, g := range groups {
		for i, rc := range g.Receivers {
			where := ""
			if i == 0 {
				where = "**" + m(g.Where()) + "**"
			}
			data := m(rc.DataText())
			if len(rc.DataKinds) > 0 {
				data = "**" + data + "**"
			}
			ew.printf("| %s | %s | %s | %s |\n", where, m(rc.DisplayName()), data, m(rc.HowText()))
		}
	}
	ew.printf("\n")
}

func insnSuffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func ptr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func recipientName(rc SubprocessorRecipient) string {
	if rc.Unidentified {
		return rc.Vendor.Name + " (unidentified company)"
	}
	return rc.Vendor.Name
}

func declaredText(rc SubprocessorRecipient) string {
	if !rc.Declared {
		return "NO"
	}
	if rc.MatchedEntry != nil {
		return "yes, as " + *rc.MatchedEntry
	}
	return "yes"
}

func recipientWhy(rc SubprocessorRecipient, sdkNames map[string]string) string {
	var parts []string
	if len(rc.SDKs) > 0 {
		parts = append(parts, "SDK "+sdkList(rc.SDKs, sdkNames))
	}
	if len(rc.Hosts) > 0 {
		hs := rc.Hosts
		more := ""
		if len(hs) > 5 {
			more = fmt.Sprintf(" (+%d)", len(hs)-5)
			hs = hs[:5]
		}
		parts = append(parts, "hosts "+strings.Join(hs, ", ")+more)
	}
	if rc.Flows > 0 {
		parts = append(parts, pl(rc.Flows, "flow", "flows"))
	}
	if rw := regionWhy(rc); rw != "" {
		parts = append(parts, rw)
	}
	return strings.Join(parts, "; ")
}
