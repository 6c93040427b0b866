package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// HTMLEncoder writes one self-contained HTML page (inline CSS, no script,
// no external resource, printable) for readers who are not programmers.
// Every value from the APK is sanitized (control characters, ANSI escapes,
// bidi overrides) and then HTML-escaped by html/template; URLs are shown
// as text, never as links, so a javascript: URL cannot become live. A
// Content-Security-Policy forbids scripts as a second line of defence.
type HTMLEncoder struct{}

// ID implements Encoder.
func (HTMLEncoder) ID() string { return "html" }

//go:embed templates/report.html.tmpl
var htmlTemplateText string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"t": func(v string) string { return Sanitize(v, 300) },
	"long": func(v string) string {
		return Sanitize(v, 2000)
	},
	"join":       func(v []string) string { return Sanitize(strings.Join(v, ", "), 2000) },
	"sev":        func(s string) string { return sevWords[s] },
	"pc":         PCText,
	"stepmethod": StepMethod,
	"sevclass": func(s string) string {
		if _, ok := sevWords[s]; ok {
			return "sev-" + s
		}
		return "sev-info"
	},
}).Parse(htmlTemplateText))

var sevWords = map[string]string{
	SeverityHigh:   "High",
	SeverityMedium: "Medium",
	SeverityLow:    "Low",
	SeverityInfo:   "Info",
}

type htmlView struct {
	Title      string
	R          *Report
	Summary    []string
	Facts      [][2]string
	Recipients []htmlRecipient
	Receivers  []ReceiverGroup
	Diagram    *Diagram
	NotSeen    []DeclaredSubprocessor
	Flows      []htmlFlow
	SDKs       []htmlSDK
	Hosts      []htmlHost
	// Identifiers counts the endpoints left out of Hosts.
	Identifiers   int
	IdentifierWhy string
}

type htmlRecipient struct {
	Severity, Name, Declared, Country, Data, Why, Sentence string
}

type htmlFlow struct {
	Sentence, Rule, Confidence, Value, Recipient string
	Steps                                        []PathStep
}

type htmlSDK struct {
	S        SDK
	Version  string
	Used     string
	Channels string
}

type htmlHost struct {
	Host, Owner, SDK, Use, Where string
	URLs                         []string
}

// Encode implements Encoder.
func (HTMLEncoder) Encode(w io.Writer, r *Report) error {
	a := r.App
	name := a.Label
	if name == "" {
		name = a.Package
	}
	v := htmlView{Title: name, R: r, Summary: r.Summarize().Sentences(), Receivers: r.Receivers(), Diagram: r.Diagram()}
	v.Facts = [][2]string{
		{"App name", a.Label}, {"Package", a.Package}, {"Version", fmt.Sprintf("%s (version code %d)", a.VersionName, a.VersionCode)},
		{"Android versions", fmt.Sprintf("from API %d, built for API %d", a.MinSDK, a.TargetSDK)},
		{"File", a.Path}, {"File type", a.Kind}, {"SHA-256 of the file", a.SHA256}, {"Size", fmt.Sprintf("%d bytes", a.Size)},
	}
	for _, sg := range a.Signers {
		v.Facts = append(v.Facts, [2]string{"Signing certificate (SHA-256)", sg.SHA256 + " — " + sg.Subject + " (" + strings.Join(sg.Schemes, ", ") + ")"})
	}
	if len(a.Signers) == 0 {
		v.Facts = append(v.Facts, [2]string{"Signing certificate", "none (unsigned)"})
	}
	v.Facts = append(v.Facts,
		[2]string{"Permissions requested", strings.Join(a.Permissions, ", ")},
		[2]string{"Backups allowed (allowBackup)", yesNo(a.Application.AllowBackup)},
		[2]string{"Debuggable", yesNo(a.Application.Debuggable)},
		[2]string{"Analysed", fmt.Sprintf("%d code files, %d classes, %d call sites", r.Stats.DexFiles, r.Stats.Classes, r.Stats.CallSites)},
	)
	names := r.SDKNames()
	if sp := r.Subprocessors; sp != nil {
		for _, rc := range sp.Recipients {
			v.Recipients = append(v.Recipients, htmlRecipient{Severity: rc.Severity, Name: recipientName(rc), Declared: declaredText(rc),
				Country: CountryText(rc.Country, rc.InEEA), Data: orDash(DataKindLabels(rc.DataKinds)), Why: recipientWhy(rc, names), Sentence: RecipientSentence(rc, names)})
		}
		for _, d := range sp.Declared {
			if !d.Observed {
				v.NotSeen = append(v.NotSeen, d)
			}
		}
	}
	for _, f := range r.Flows {
		v.Flows = append(v.Flows, htmlFlow{Sentence: FlowSentence(f, names), Rule: f.Rule, Confidence: f.Confidence, Value: f.Value,
			Recipient: FlowRecipientName(f, names), Steps: f.Path})
	}
	for _, s := range r.SDKs {
		hs := htmlSDK{S: s, Version: orDash(ptr(s.Version)), Used: "no, only embedded", Channels: channelSummary(s.Channels)}
		if s.Used {
			hs.Used = "yes"
		}
		v.SDKs = append(v.SDKs, hs)
	}
	v.IdentifierWhy = identifiersNote
	byHost := map[string]int{}
	for _, e := range r.Endpoints {
		if e.IsIdentifier() {
			v.Identifiers++
			continue
		}
		i, ok := byHost[e.Host]
		if !ok {
			owner := e.Owner
			if e.OwnerName != "" {
				owner = e.OwnerName
			}
			i = len(v.Hosts)
			byHost[e.Host] = i
			v.Hosts = append(v.Hosts, htmlHost{Host: e.Host, Owner: owner, SDK: orDash(ptr(e.SDK))})
			if len(e.Locations) > 0 {
				v.Hosts[i].Where = e.Locations[0]
			}
		}
		v.Hosts[i].Use = StrongerUse(v.Hosts[i].Use, e.Use)
		if e.URL != "" && len(v.Hosts[i].URLs) < 5 {
			v.Hosts[i].URLs = append(v.Hosts[i].URLs, e.URL)
		}
	}
	return htmlTemplate.Execute(w, v)
}

// CaseFileCSS is the style sheet of the HTML report, for other case-file
// pages (apkscan diff) that should look the same.
func CaseFileCSS() template.CSS { return template.CSS(caseFileCSS) }

var caseFileCSS = func() string {
	s := htmlTemplateText
	i := strings.Index(s, "<style>")
	j := strings.Index(s, "</style>")
	if i < 0 || j < i {
		return ""
	}
	return strings.TrimSpace(s[i+len("<style>") : j])
}()
