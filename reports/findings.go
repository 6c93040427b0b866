package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Finding rule ids. Every finding has one of these rules; flows use
// "flow/"+Flow.Rule.
const (
	RuleSDKEmbedded         = "sdk-embedded"          // info: a third-party SDK is in the app, its code is not called by the app
	RuleSDKUsed             = "sdk-used"              // low: the app's own code calls the SDK
	RuleUndeclaredRecipient = "undeclared-recipient"  // high/medium/low: not on the declared subprocessor list
	RuleRecipientOutsideEEA = "recipient-outside-eea" // low: declared, but outside the EU/EEA (or country unknown)
	RuleFlowPrefix          = "flow/"                 // medium: user data reaches a third party (flow/<Flow.Rule>)
)

// Finding is one result for CI and case files, derived from a Report (see
// Findings): an SDK, a flow, or a cross-check recipient.
type Finding struct {
	Rule     string
	Severity string // high, medium, low, info
	Message  string
	// Fingerprint is stable across rebuilds and obfuscation: it hashes the
	// rule and the finding's identity (SDK id, vendor, flow fingerprint),
	// never offsets or class names.
	Fingerprint string
	// Evidence locates the finding in the app (capped).
	Evidence []Evidence
	// Flow is set for flow findings.
	Flow *Flow
	// Recipient is set for cross-check findings.
	Recipient *SubprocessorRecipient
}

// FlowSeverity is the severity of a flow finding: medium, low when the
// taint engine's confidence is low.
func FlowSeverity(f Flow) string {
	if f.Confidence == Low {
		return SeverityLow
	}
	return SeverityMedium
}

func fingerprint(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}

// FlowIdentity is the stable identity of a flow: its Fingerprint, or when
// that is empty the rule, SDK, sink method, source kind and normalised
// host.
func FlowIdentity(f Flow) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	sdk := ""
	if f.SDK != nil {
		sdk = *f.SDK
	}
	return fingerprint(f.Rule, sdk, f.Sink.Method, f.Source.Kind, strings.TrimSuffix(strings.ToLower(f.Recipient.Host), "."))
}

// Findings derives the findings of a report, highest severity first.
func (r *Report) Findings() []Finding {
	var out []Finding
	sdkName := map[string]string{}
	for _, s := range r.SDKs {
		sdkName[s.ID] = s.Name
		rule, sev, verb := RuleSDKEmbedded, SeverityInfo, "embeds"
		if s.Used {
			rule, sev, verb = RuleSDKUsed, SeverityLow, "calls"
		}
		msg := fmt.Sprintf("The app %s the third-party SDK %s (%s%s).", verb, s.Name, s.Vendor.Name, countrySuffix(s.Vendor.Country))
		ev := s.Evidence
		if len(ev) > 8 {
			ev = ev[:8]
		}
		out = append(out, Finding{Rule: rule, Severity: sev, Message: msg, Fingerprint: fingerprint(rule, s.ID), Evidence: ev})
	}
	for i := range r.Flows {
		f := &r.Flows[i]
		out = append(out, Finding{Rule: RuleFlowPrefix + f.Rule, Severity: FlowSeverity(*f), Message: FlowSentence(*f, sdkName),
			Fingerprint: fingerprint(RuleFlowPrefix+f.Rule, FlowIdentity(*f)), Flow: f})
	}
	out = append(out, r.secretFindings()...)
	if sp := r.Subprocessors; sp != nil {
		for i := range sp.Recipients {
			rc := &sp.Recipients[i]
			switch {
			case !rc.Declared:
				out = append(out, Finding{Rule: RuleUndeclaredRecipient, Severity: rc.Severity, Message: RecipientSentence(*rc, sdkName),
					Fingerprint: fingerprint(RuleUndeclaredRecipient, rc.Key()), Recipient: rc})
			case len(rc.RegionsOutsideEEA) > 0:
				out = append(out, Finding{Rule: RuleRegionOutsideEEA, Severity: SeverityLow, Message: RegionSentence(*rc),
					Fingerprint: fingerprint(RuleRegionOutsideEEA, rc.Key()), Recipient: rc})
			}
			switch {
			case !rc.Declared:
			case rc.Severity != SeverityInfo:
				out = append(out, Finding{Rule: RuleRecipientOutsideEEA, Severity: rc.Severity, Message: RecipientSentence(*rc, sdkName),
					Fingerprint: fingerprint(RuleRecipientOutsideEEA, rc.Key()), Recipient: rc})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := SeverityRank(out[i].Severity), SeverityRank(out[j].Severity); a != b {
			return a > b
		}
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Fingerprint < out[j].Fingerprint
	})
	return out
}

func countrySuffix(c string) string {
	if c == "" {
		return ""
	}
	return ", " + c
}

// FailOn is a --fail-on threshold.
type FailOn string

// FailOn values.
const (
	FailOnNone       FailOn = ""
	FailOnUndeclared FailOn = "undeclared" // any recipient not on the declared list
	FailOnHigh       FailOn = "high"
	FailOnMedium     FailOn = "medium"
	FailOnLow        FailOn = "low"
)

// ParseFailOn checks a --fail-on value.
func ParseFailOn(s string) (FailOn, error) {
	switch f := FailOn(strings.ToLower(strings.TrimSpace(s))); f {
	case FailOnNone, FailOnUndeclared, FailOnHigh, FailOnMedium, FailOnLow:
		return f, nil
	}
	return "", fmt.Errorf("--fail-on %q: want undeclared, high, medium or low", s)
}

// Exceeded reports whether the report has a finding at or above the
// threshold, and names the first one.
func (f FailOn) Exceeded(r *Report) (bool, string) {
	switch f {
	case FailOnNone:
		return false, ""
	case FailOnUndeclared:
		if u := r.Subprocessors.Undeclared(); len(u) > 0 {
			return true, fmt.Sprintf("%d recipient(s) not on the declared list, first %s", len(u), u[0].Vendor.Name)
		}
		return false, ""
	}
	min := SeverityRank(string(f))
	for _, fd := range r.Findings() {
		if SeverityRank(fd.Severity) >= min {
			return true, fd.Severity + ": " + fd.Message
		}
	}
	return false, ""
}
