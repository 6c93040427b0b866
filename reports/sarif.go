package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// SARIFEncoder writes SARIF 2.1.0 (OASIS) for code-scanning tools and CI:
// one rule per finding type (see Findings), levels from severities (high →
// error, medium → warning, low and info → note), logical locations (class
// and method) from evidence and flow paths, stable partialFingerprints,
// and a codeFlow per flow.
type SARIFEncoder struct{}

// ID implements Encoder.
func (SARIFEncoder) ID() string { return "sarif" }

const sarifFingerprintKey = "apkscanFinding/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool       `json:"tool"`
	Artifacts  []sarifArtifact `json:"artifacts"`
	Results    []sarifResult   `json:"results"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
	Length   int64                 `json:"length,omitempty"`
	Hashes   map[string]string     `json:"hashes,omitempty"`
}

type sarifArtifactLocation struct {
	URI   string `json:"uri"`
	Index *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
	// BaselineState is set only when comparing with a baseline
	// (EncodeSARIFBaseline): new, unchanged or absent.
	BaselineState string         `json:"baselineState,omitempty"`
	Properties    map[string]any `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

type sarifCodeFlow struct {
	Message     *sarifText        `json:"message,omitempty"`
	ThreadFlows []sarifThreadFlow `json:"threadFlows"`
}

type sarifThreadFlow struct {
	Locations []sarifThreadFlowLocation `json:"locations"`
}

type sarifThreadFlowLocation struct {
	Location       sarifLocation `json:"location"`
	ExecutionOrder int           `json:"executionOrder"`
}

// sarifRuleDef describes a rule.
type sarifRuleDef struct {
	id, name, short, full string
	level                 string
}

var flowRuleText = map[string]string{
	RuleURLToSDK:        "A web address (a visited page or deep link) reaches a third-party SDK.",
	RuleSearchToSDK:     "A search query reaches a third-party SDK.",
	RuleIdentifierToSDK: "A device, advertising or account identifier reaches a third-party SDK.",
	RuleInputToSDK:      "Text the user entered reaches a third-party SDK.",
	RuleLocationToSDK:   "The device location reaches a third-party SDK.",
	RuleInputToHost:     "User data reaches a third-party host through a generic network call.",
	RuleAndroidPrivacy:  "Android privacy source reaches a sink (FlowDroid-style profile).",
}

// sarifRules is the fixed rule list; ruleIndex points into it.
func sarifRules() []sarifRuleDef {
	rules := []sarifRuleDef{
		{RuleSDKEmbedded, "EmbeddedSdk", "A third-party SDK is embedded in the app.",
			"The app contains the code or configuration of a third-party SDK (tracker, telemetry, analytics, advertising, crash reporting…), but its own code does not call it directly. The evidence lists the classes, manifest entries, files, resources and hosts that gave it away.", "note"},
		{RuleSDKUsed, "SdkUsed", "The app's code calls a third-party SDK.",
			"Code outside every SDK calls into this third-party SDK: the app uses it actively. The logical locations are the call sites.", "note"},
		{RuleUndeclaredRecipient, "UndeclaredRecipient", "A recipient is not on the declared subprocessor list.",
			"The app can send data to this company (it embeds its SDK or contains its hosts), but the company's declared subprocessor list (GDPR Art. 28) does not name it. Severity high: it receives user data (a traced flow); medium: its SDK is embedded; low: only its host names are in the app.", "error"},
		{RuleRecipientOutsideEEA, "RecipientOutsideEea", "A declared recipient is outside the EU/EEA.",
			"The recipient is on the declared subprocessor list, but its country is outside the EU/EEA (EU 27, Iceland, Liechtenstein, Norway) or unknown: check the transfer safeguards.", "note"},
		{RuleRegionOutsideEEA, "RegionOutsideEea", "A declared EU/EEA recipient is configured with a region outside the EU/EEA.",
			"The recipient is declared with an EU/EEA country, but the app's SDK configuration or hosts name a service region outside the EU/EEA (for example an AWS us-east-1 endpoint): the data is processed there, whatever entity signed the contract.", "warning"},
		{RuleExposedSecret, "ExposedSecret", "The app ships a credential of a third-party service.",
			"An SDK credential (API key, DSN key, write key, account key, client secret) is in the app's resources, manifest or config files, where anyone who downloads the app can read it. It is shown redacted (first characters and length). Severity high: a key that grants account access (storage account key, client secret); low: a client key meant to be embedded, which still lets others send data in the app's name.", "warning"},
	}
	for _, id := range []string{RuleURLToSDK, RuleSearchToSDK, RuleIdentifierToSDK, RuleInputToSDK, RuleLocationToSDK, RuleInputToHost, RuleAndroidPrivacy} {
		rules = append(rules, sarifRuleDef{RuleFlowPrefix + id, "Flow" + camel(id), flowRuleText[id],
			flowRuleText[id] + " The code flow shows the path through the bytecode from where the data appears (source) to the method that takes it (sink).", "warning"})
	}
	return rules
}

func camel(s string) string {
	var b strings.Builder
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

func sarifLevel(sev string) string {
	switch sev {
	case SeverityHigh:
		return "error"
	case SeverityMedium:
		return "warning"
	}
	return "note"
}

// artifactURI turns a path into a URI reference: relative paths stay
// relative, absolute paths become file: URIs.
func artifactURI(p string) string {
	if p == "" {
		return "app.apk"
	}
	sl := filepath.ToSlash(p)
	if filepath.IsAbs(p) || strings.HasPrefix(sl, "/") {
		return (&url.URL{Scheme: "file", Path: sl}).String()
	}
	return (&url.URL{Path: sl}).String()
}

func st(v string) string { return Sanitize(v, 500) }

// Encode implements Encoder.
func (e SARIFEncoder) Encode(w io.Writer, r *Report) error {
	return e.EncodeAll(w, []*Report{r})
}

// EncodeAll implements MultiEncoder: one SARIF log, one run per app.
func (SARIFEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{}}
	for _, r := range rs {
		log.Runs = append(log.Runs, sarifRunOf(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}

// sarifRunOf is the run of one app.
func sarifRunOf(r *Report) sarifRun {
	defs := sarifRules()
	index := map[string]int{}
	rules := make([]sarifRule, 0, len(defs))
	for i, d := range defs {
		index[d.id] = i
		rules = append(rules, sarifRule{ID: d.id, Name: d.name, ShortDescription: sarifText{d.short}, FullDescription: sarifText{d.full},
			Help: sarifText{d.full}, DefaultConfiguration: sarifRuleConf{d.level}, Properties: map[string]any{"tags": []string{"privacy"}}})
	}
	zero := 0
	artLoc := sarifArtifactLocation{URI: artifactURI(r.App.Path), Index: &zero}
	art := sarifArtifact{Location: sarifArtifactLocation{URI: artLoc.URI}, Length: r.App.Size}
	if r.App.SHA256 != "" {
		art.Hashes = map[string]string{"sha-256": r.App.SHA256}
	}
	results := []sarifResult{}
	names := r.SDKNames()
	hostUses := HostUses(r.Endpoints)
	for _, f := range r.Findings() {
		ri, ok := index[f.Rule]
		if !ok {
			continue // a flow rule this version does not know: the JSON report has it
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: ri, Level: sarifLevel(f.Severity), Message: sarifText{st(f.Message)},
			PartialFingerprints: map[string]string{sarifFingerprintKey: f.Fingerprint},
			Properties:          map[string]any{"severity": f.Severity}}
		loc := sarifLocation{PhysicalLocation: &sarifPhysical{ArtifactLocation: artLoc}}
		switch {
		case f.Flow != nil:
			fl := f.Flow
			res.Properties["source_kind"] = st(fl.Source.Kind)
			res.Properties["sink"] = st(fl.Sink.Method)
			if fl.SDK != nil {
				res.Properties["sdk"] = st(*fl.SDK)
			}
			res.Properties["confidence"] = st(fl.Confidence)
			var tfl []sarifThreadFlowLocation
			for i, step := range fl.Path {
				msg := step.File + " @" + PCText(step.PC)
				if step.Insn != "" {
					msg += ": " + step.Insn
				}
				tfl = append(tfl, sarifThreadFlowLocation{ExecutionOrder: i + 1, Location: sarifLocation{
					PhysicalLocation: &sarifPhysical{ArtifactLocation: artLoc},
					LogicalLocations: []sarifLogical{methodLocation(step.Class, step.Method)},
					Message:          &sarifText{st(msg)}}})
			}
			if len(tfl) == 0 {
				for i, m := range []string{fl.Source.Method, fl.Sink.Method} {
					if m != "" {
						tfl = append(tfl, sarifThreadFlowLocation{ExecutionOrder: i + 1, Location: sarifLocation{
							PhysicalLocation: &sarifPhysical{ArtifactLocation: artLoc},
							LogicalLocations: []sarifLogical{smaliLocation(m)}}})
					}
				}
			}
			if len(tfl) > 0 {
				res.CodeFlows = []sarifCodeFlow{{Message: &sarifText{st(FlowSentence(*fl, names))}, ThreadFlows: []sarifThreadFlow{{Locations: tfl}}}}
				loc.LogicalLocations = tfl[len(tfl)-1].Location.LogicalLocations
			}
		case f.Recipient != nil:
			rc := f.Recipient
			res.Properties["vendor"] = st(rc.Key())
			res.Properties["country"] = st(rc.Country)
			res.Properties["in_eea"] = rc.InEEA
			res.Properties["data_kinds"] = sanitizeAll(rc.DataKinds)
			res.Properties["sdks"] = sanitizeAll(rc.SDKs)
			res.Properties["hosts"] = sanitizeAll(rc.Hosts)
			uses := map[string]string{}
			for _, h := range rc.Hosts {
				if u := hostUses[h]; u != "" {
					uses[st(h)] = u
				}
			}
			res.Properties["host_uses"] = uses
			loc.LogicalLocations = []sarifLogical{{Name: st(rc.Vendor.Name), FullyQualifiedName: st("recipient/" + rc.Key()), Kind: "object"}}
		default:
			loc.LogicalLocations = evidenceLocations(f.Evidence)
			if len(f.Evidence) > 0 {
				loc.Message = &sarifText{st(evidenceText(f.Evidence[0]))}
			}
		}
		res.Locations = []sarifLocation{loc}
		results = append(results, res)
	}
	return sarifRun{
		Tool:      sarifTool{Driver: sarifDriver{Name: "apkscan", Version: r.Tool.Version, InformationURI: "https://github.com/apkscan/apkscan", Rules: rules}},
		Artifacts: []sarifArtifact{art},
		Results:   results,
		Properties: map[string]any{
			"package": st(r.App.Package), "version_name": st(r.App.VersionName), "version_code": r.App.VersionCode,
			"sha256": r.App.SHA256, "sdkdb_version": r.SDKDB.Version,
			"identifiers": CountIdentifiers(r.Endpoints),
		},
	}
}

func sanitizeAll(in []string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = st(v)
	}
	return out
}

func evidenceText(e Evidence) string {
	return e.Channel + " " + e.Value + " in " + e.Location
}

// methodLocation is a logical location for a method of a class given in
// descriptor ("Lcom/x/Y;") or dotted form.
func methodLocation(class, method string) sarifLogical {
	c := strings.TrimSuffix(strings.TrimPrefix(class, "L"), ";")
	c = strings.ReplaceAll(c, "/", ".")
	name := method
	if i := strings.IndexByte(name, '('); i >= 0 {
		name = name[:i]
	}
	return sarifLogical{Name: st(name), FullyQualifiedName: st(c + "." + method), Kind: "function"}
}

// smaliLocation is a logical location for "Lcom/x/Y;->m(…)V".
func smaliLocation(m string) sarifLogical {
	cls, meth, ok := strings.Cut(m, "->")
	if !ok {
		return sarifLogical{FullyQualifiedName: st(m), Kind: "function"}
	}
	return methodLocation(cls, meth)
}

// evidenceLocations derives logical locations from evidence: the class for
// class evidence, the calling method for call evidence, the manifest
// element, file or resource otherwise. At most 8.
func evidenceLocations(evs []Evidence) []sarifLogical {
	var out []sarifLogical
	seen := map[string]bool{}
	add := func(l sarifLogical) {
		if !seen[l.Kind+l.FullyQualifiedName] && len(out) < 8 {
			seen[l.Kind+l.FullyQualifiedName] = true
			out = append(out, l)
		}
	}
	for _, e := range evs {
		switch e.Channel {
		case ChannelClass:
			add(sarifLogical{Name: st(lastDot(e.Value)), FullyQualifiedName: st(e.Value), Kind: "type"})
		case ChannelCall, ChannelHost, ChannelRenamed:
			// "classes.dex Lcom/x/Y;->m()V @001a": the method that holds it.
			_, rest, _ := strings.Cut(e.Location, " ")
			if i := strings.Index(rest, " @"); i >= 0 {
				rest = rest[:i]
			}
			if strings.Contains(rest, ";->") {
				add(smaliLocation(rest))
			} else if e.Channel == ChannelHost {
				add(sarifLogical{Name: st(e.Value), FullyQualifiedName: st(e.Location + "/" + e.Value), Kind: "resource"})
			}
		case ChannelManifest:
			add(sarifLogical{Name: st(e.Value), FullyQualifiedName: st("AndroidManifest.xml/" + e.Value), Kind: "element"})
		default:
			add(sarifLogical{Name: st(e.Value), FullyQualifiedName: st(e.Location + "/" + e.Value), Kind: "resource"})
		}
	}
	return out
}

func lastDot(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}
