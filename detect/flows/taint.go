// Package flows is the taint analyzer: what the app's own code hands to
// each SDK and to third-party hosts, with the path as evidence. It adapts
// sdkdb (SDK sinks with argument roles, the taint data in data/taint) to
// the engine in dex/taint and turns the engine's flows into report flows.
package flows

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/reports"
)

// Taint runs the taint engine over the kept DEX files (analysis.Input.Code)
// once per profile.
var Taint = &analysis.Analyzer{
	Name:     "taint",
	Doc:      "data flows from sources (URLs, search terms, identifiers…) to SDK and network sinks, with paths",
	Requires: []*analysis.Analyzer{detect.Classes, detect.SDKs, detect.Owners, detect.Renamed},
	Run:      runTaint,
}

// Result is the taint analyzer's result.
type Result struct {
	Flows []reports.Flow
}

// taintTimeout bounds one profile's engine run.
const taintTimeout = 30 * time.Second

// pass is one run of the analyzer.
type pass struct {
	*analysis.Pass
	attr   *detect.Attribution
	sdks   *detect.SDKSet
	owners *detect.OwnerMap
	// renamed: R8-renamed classes attributed to SDKs (detect.Renamed)
	renamed *detect.RenamedAttribution
	// appNS: the app's own packages for generic flows into renamed
	// classes (ownCaller; nil until computed)
	appNS []string
}

// opaqueClass tells the engine which app classes are library code it
// must not analyse: classes of detected SDKs and library namespaces.
func (p *pass) opaqueClass(desc string) bool {
	if _, ok := p.attr.SDKOf(desc); ok {
		return true
	}
	if _, ok := p.renamed.SDKOf(desc); ok {
		return true
	}
	t := p.DB.Taint()
	return hasAnyPrefix(desc, t.LibraryNamespaces) || hasAnyPrefix(desc, t.OpaqueNamespaces)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func runTaint(ap *analysis.Pass) (any, error) {
	out := &Result{}
	if ap.Config.NoTaint {
		return out, nil
	}
	p := &pass{Pass: ap,
		attr:    analysis.Result[*detect.Attribution](ap, detect.Classes),
		sdks:    analysis.Result[*detect.SDKSet](ap, detect.SDKs),
		owners:  analysis.Result[*detect.OwnerMap](ap, detect.Owners),
		renamed: analysis.Result[*detect.RenamedAttribution](ap, detect.Renamed)}
	profiles, err := ParseProfiles(p.Config.Profile)
	if err != nil {
		return nil, err
	}
	if len(p.Code) == 0 {
		return out, nil
	}
	partial := ""
	if len(p.Dropped) > 0 {
		partial = fmt.Sprintf("DEX files not kept in memory (over the budget for kept code): %s", strings.Join(p.Dropped, ", "))
	}
	var flows []reports.Flow
	for _, prof := range profiles {
		cfg, err := p.taintConfig(prof)
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(p.Ctx, taintTimeout)
		res := taint.Analyze(ctx, p.Code, p.Index, cfg)
		cancel()
		for _, pr := range res.Problems {
			p.Problem(pr.Where, apk.SevWarning, errors.New(pr.Err))
		}
		why := partial
		if res.Partial {
			why = res.Reason
		}
		if why != "" {
			p.Problem("taint", apk.SevWarning, fmt.Errorf("taint analysis partial: %s (profile %s); flows may be missing", why, prof))
		}
		in := p.launchable(res.Flows)
		switch prof {
		case ProfilePrivacySDK:
			flows = append(flows, p.sdkFlows(in, why != "")...)
		case ProfileAndroidPrivacy:
			flows = append(flows, p.androidFlows(in, why != "")...)
		}
	}
	out.Flows = flows
	return out, p.Ctx.Err()
}

// Rule for a source kind reaching an SDK.
func ruleForKind(kind string) string {
	switch kind {
	case KindURL:
		return reports.RuleURLToSDK
	case KindSearch:
		return reports.RuleSearchToSDK
	case KindDeviceID, KindAdID, KindAccount:
		return reports.RuleIdentifierToSDK
	case KindLocation:
		return reports.RuleLocationToSDK
	}
	return reports.RuleInputToSDK
}

// FlowFingerprint hashes what identifies a flow across rebuilds and
// obfuscation: rule, SDK id, sink method (as declared in sdkdb), source
// kind and host. Never offsets or class names of the app.
func FlowFingerprint(rule, sdk, sinkMethod, kind, host string) string {
	h := sha256.Sum256([]byte(rule + "|" + sdk + "|" + sinkMethod + "|" + kind + "|" + strings.TrimSuffix(strings.ToLower(host), ".")))
	return hex.EncodeToString(h[:])
}

type site struct {
	method string
	pc     int
}

type flowCand struct {
	f        reports.Flow
	src      site
	sink     site
	sdk      string
	steps    map[site]bool // every step of the path
	through  map[site]bool // intermediate sink calls of the same SDK
	heur     bool
	throughP string // param from an intermediate sink step
	generic  bool   // the sink is a generic SDK-boundary sink
	// throughCurated: intermediate sink calls of the same SDK that are
	// curated sinks (a generic flow through one of them is that flow)
	throughCurated map[site]bool
}

func pathSteps(fl taint.Flow) []reports.PathStep {
	out := make([]reports.PathStep, 0, len(fl.Path))
	for _, s := range fl.Path {
		out = append(out, reports.PathStep{Class: s.Class, Method: s.Method, PC: s.PC, File: s.File, Insn: s.Insn, Kind: s.Kind})
	}
	return out
}

func firstLast(fl taint.Flow) (site, site) {
	a, b := fl.Path[0], fl.Path[len(fl.Path)-1]
	return site{a.Method, a.PC}, site{b.Method, b.PC}
}

func flowConfidence(heur bool) string {
	if heur {
		return reports.Medium
	}
	return reports.High
}

// hostOfPrefix returns the host of a URL whose scheme and host are
// constant (the host must be followed by '/', '?', '#' or ':' so that a
// tainted part cannot extend it).
func hostOfPrefix(prefix string) string {
	i := strings.Index(prefix, "://")
	if i < 0 {
		return ""
	}
	rest := prefix[i+3:]
	if !strings.ContainsAny(rest, "/?#:") {
		return ""
	}
	return detect.HostOf(prefix)
}

// sdkFlows converts the privacy-sdk profile's flows. A flow that only
// reaches an SDK method on its way to another sink of the same SDK
// (withAttribute then recordEvent, setLabel then send) is reported once,
// at the last sink; flows with the same fingerprint are one finding (the
// most direct path is kept).
func (p *pass) sdkFlows(in []taint.Flow, partial bool) []reports.Flow {
	var cands []*flowCand
	for _, fl := range in {
		if len(fl.Path) == 0 {
			continue
		}
		st, ok := fl.Sink.Tag.(*sinkTag)
		if !ok {
			continue
		}
		c := &flowCand{heur: fl.Heuristic, steps: map[site]bool{}, through: map[site]bool{}, throughCurated: map[site]bool{}, generic: st.generic}
		c.src, c.sink = firstLast(fl)
		f := reports.Flow{
			Sink:       reports.FlowSink{Method: st.method, Arg: fl.Arg.Index, Role: fl.Arg.Role},
			Source:     reports.FlowSource{Kind: fl.Kind, Method: fl.Source, Callback: fl.Callback},
			Path:       pathSteps(fl),
			Value:      fl.Value,
			Confidence: flowConfidence(fl.Heuristic),
			Profile:    ProfilePrivacySDK,
			Partial:    partial,
		}
		if st.network {
			host := hostOfPrefix(fl.Prefix)
			if host == "" {
				continue // destination unknown
			}
			owner, name, sdk := p.owners.Of(host)
			if owner == "first-party" || owner == "local" {
				continue
			}
			if name == "" {
				name = owner
			}
			f.Rule = reports.RuleInputToHost
			f.Recipient = reports.Recipient{Vendor: name, Host: host}
			if sdk != "" {
				s := sdk
				f.SDK = &s
				c.sdk = sdk
			}
			if st.renamed != nil {
				// A network sink on renamed code (detect.Renamed): say
				// how the method was recognised, and stay medium.
				f.Attribution = st.renamed.Note
				if !st.renamed.Strong {
					f.Confidence = reports.Medium
				}
			}
		} else {
			f.Rule = ruleForKind(fl.Kind)
			id := st.sdk.ID
			f.SDK = &id
			c.sdk = id
			if v := p.DB.Vendor(st.sdk.Vendor); v != nil {
				f.Recipient.Vendor = v.Name
			} else {
				f.Recipient.Vendor = st.sdk.Vendor
			}
			if st.renamed != nil {
				// Attributed from renamed code: say how, and stay medium
				// unless the class has several independent signals.
				f.Attribution = st.renamed.Note
				if !st.renamed.Strong {
					f.Confidence = reports.Medium
				}
			}
			if st.generic {
				// Not declared in sdkdb: what the argument is for is
				// unknown, and so is whether the SDK sends it.
				f.Sink.Role = RoleUnknown
				f.Confidence = reports.Medium
			}
			if gr := st.genericRenamed; gr != nil {
				// Into a renamed class: only the app's own calls count
				// (ownCaller), and the report says why the class is the
				// SDK's.
				if last := fl.Path[len(fl.Path)-1]; !p.ownCaller(last.Class) {
					continue
				}
				f.Attribution = gr.note
			}
		}
		// The param: the first constant key on the path, else the name of
		// the argument of an intermediate SDK setter, else the sink's own.
		for _, s := range fl.Path {
			c.steps[site{s.Method, s.PC}] = true
			if f.Sink.Param == "" && s.Key != "" {
				f.Sink.Param = s.Key
			}
			if s.Sink != nil && s.Kind != "sink" {
				if t, ok := s.Sink.Tag.(*sinkTag); ok && !t.network && t.sdk != nil && t.sdk.ID == c.sdk {
					c.through[site{s.Method, s.PC}] = true
					if !t.generic {
						c.throughCurated[site{s.Method, s.PC}] = true
					}
					if c.throughP == "" {
						c.throughP = valueArgName(s.Sink, s.Arg)
					}
				}
			}
		}
		if f.Sink.Param == "" {
			f.Sink.Param = c.throughP
		}
		if f.Sink.Param == "" && fl.Key != "" {
			f.Sink.Param = fl.Key
		}
		if f.Sink.Param == "" && !st.network {
			f.Sink.Param = valueArgName(fl.Sink, fl.Arg.Index)
		}
		host := f.Recipient.Host
		fpMethod := f.Sink.Method
		if st.renamed != nil && len(st.renamed.Candidates) > 1 {
			fpMethod = renamedFingerprintMethod(st.renamed) // never the renamed name
		}
		if st.genericRenamed != nil {
			fpMethod = st.genericRenamed.fpMethod // the SDK's method by shape
		}
		f.Fingerprint = FlowFingerprint(f.Rule, c.sdk, fpMethod, fl.Kind, host)
		c.f = f
		cands = append(cands, c)
	}
	// Drop flows subsumed by a later sink of the same SDK.
	alive := make([]bool, len(cands))
	for i := range alive {
		alive[i] = true
	}
	// A generic flow that passes a curated sink of the same SDK on its way
	// is dropped instead: the curated sink wins.
	for i, a := range cands {
		for j, b := range cands {
			if i == j || !alive[j] || a.src != b.src || a.sdk != b.sdk || !b.through[a.sink] {
				continue
			}
			if b.generic && !a.generic && b.throughCurated[a.sink] {
				alive[j] = false
				continue
			}
			alive[i] = false
			break
		}
	}
	// Drop flows whose source is itself a step of another flow with the
	// same fingerprint (getLatitude on a location from getLastKnownLocation).
	for i, a := range cands {
		if !alive[i] {
			continue
		}
		for j, b := range cands {
			if i != j && alive[j] && a.f.Fingerprint == b.f.Fingerprint && a.src != b.src && b.steps[a.src] {
				alive[i] = false
				break
			}
		}
	}
	best := map[string]*flowCand{}
	for i, c := range cands {
		if !alive[i] {
			continue
		}
		if b := best[c.f.Fingerprint]; b == nil || betterCand(c, b) {
			best[c.f.Fingerprint] = c
		}
	}
	out := make([]reports.Flow, 0, len(best))
	for _, c := range best {
		out = append(out, c.f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Fingerprint < out[j].Fingerprint })
	return out
}

// valueArgName is the declared name of a sink argument when it is a
// single value (not an event name or a property bag).
func valueArgName(s *taint.Sink, arg int) string {
	for _, a := range s.Args {
		if a.Index == arg {
			switch a.Role {
			case "attribute-value", "user-id", "screen-name":
				return a.Name
			}
		}
	}
	return ""
}

func betterCand(a, b *flowCand) bool {
	if a.heur != b.heur {
		return !a.heur
	}
	if len(a.f.Path) != len(b.f.Path) {
		return len(a.f.Path) < len(b.f.Path)
	}
	return candKey(a) < candKey(b)
}

func candKey(c *flowCand) string {
	return c.src.method + "\x00" + strconv.Itoa(c.src.pc) + "\x00" + c.sink.method + "\x00" + strconv.Itoa(c.sink.pc) + "\x00" + c.f.Sink.Param
}

// androidFlows converts the android-privacy profile's flows: one flow per
// distinct (source statement, sink statement) pair, the counting rule of
// the DroidBench score.
func (p *pass) androidFlows(in []taint.Flow, partial bool) []reports.Flow {
	best := map[[2]site]*flowCand{}
	for _, fl := range in {
		if len(fl.Path) == 0 {
			continue
		}
		st, ok := fl.Sink.Tag.(*sinkTag)
		if !ok {
			continue
		}
		c := &flowCand{heur: fl.Heuristic}
		c.src, c.sink = firstLast(fl)
		method := fl.SinkMethod
		if method == "" {
			method = fl.Sink.Pattern.String()
		}
		f := reports.Flow{
			Rule:       reports.RuleAndroidPrivacy,
			Recipient:  reports.Recipient{Vendor: ""},
			Sink:       reports.FlowSink{Method: method, Arg: fl.Arg.Index, Role: st.cat},
			Source:     reports.FlowSource{Kind: fl.Kind, Method: fl.Source, Callback: fl.Callback},
			Path:       pathSteps(fl),
			Value:      fl.Value,
			Confidence: flowConfidence(fl.Heuristic),
			Profile:    ProfileAndroidPrivacy,
			Partial:    partial,
		}
		if st.cat == "network" {
			if h := hostOfPrefix(fl.Prefix); h != "" {
				f.Recipient.Host = h
			}
		}
		f.Fingerprint = FlowFingerprint(f.Rule, "", method, fl.Kind, f.Recipient.Host)
		c.f = f
		k := [2]site{c.src, c.sink}
		if b := best[k]; b == nil || betterCand(c, b) {
			best[k] = c
		}
	}
	out := make([]reports.Flow, 0, len(best))
	for _, c := range best {
		out = append(out, c.f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Fingerprint != out[j].Fingerprint {
			return out[i].Fingerprint < out[j].Fingerprint
		}
		a, b := out[i].Path, out[j].Path
		ka := a[0].Method + "\x00" + strconv.Itoa(a[0].PC) + "\x00" + a[len(a)-1].Method + "\x00" + strconv.Itoa(a[len(a)-1].PC)
		kb := b[0].Method + "\x00" + strconv.Itoa(b[0].PC) + "\x00" + b[len(b)-1].Method + "\x00" + strconv.Itoa(b[len(b)-1].PC)
		return ka < kb
	})
	return out
}
