package flows

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/sdkdb"
)

// Taint profiles: which sources and sinks the taint detector uses.
//
//   - privacy-sdk (default): user data (URLs, search terms, typed text,
//     identifiers, location, accounts, clipboard, contacts, intent data)
//     reaching the telemetry methods declared in sdkdb (with their argument
//     roles) or a network sink whose destination URL resolves, by constant
//     propagation, to a third-party host (rule input-to-third-party-host).
//   - android-privacy: FlowDroid-style sources (device identifiers,
//     location, accounts, contacts, typed text) reaching Android sinks
//     (SMS, logs, network, files, intents sent to other components,
//     SharedPreferences); rule android-privacy. Used for DroidBench.
//
// Intent.getData/getDataString/get*Extra are "intent-data" (not "url"
// even for VIEW deep links: the data is whatever the sender put there).
const (
	ProfilePrivacySDK     = "privacy-sdk"
	ProfileAndroidPrivacy = "android-privacy"
)

// Profiles lists the taint profiles.
func Profiles() []string { return []string{ProfilePrivacySDK, ProfileAndroidPrivacy} }

// ParseProfiles validates a --profile value ("" = privacy-sdk).
func ParseProfiles(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return []string{ProfilePrivacySDK}, nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		switch p {
		case ProfilePrivacySDK, ProfileAndroidPrivacy:
			if !containsStr(out, p) {
				out = append(out, p)
			}
		default:
			return nil, fmt.Errorf("unknown taint profile %q (known: %s)", p, strings.Join(Profiles(), ", "))
		}
	}
	return out, nil
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Source kinds (the fixed vocabulary of reports.FlowSource.Kind).
const (
	KindURL        = "url"
	KindSearch     = "search-query"
	KindInput      = "user-input"
	KindDeviceID   = "device-id"
	KindAdID       = "advertising-id"
	KindLocation   = "location"
	KindAccount    = "account"
	KindContact    = "contact"
	KindClipboard  = "clipboard"
	KindIntentData = "intent-data"
	KindFile       = "file"
)

// sinkTag is carried by engine sinks back to the detector.
type sinkTag struct {
	profile string
	sdk     *sdkdb.SDK  // sdkdb sink
	decl    *sdkdb.Sink // as declared in sdkdb
	method  string      // smali method for reports (declared or canonical)
	network bool
	cat     string // android-privacy category
	// generic: a generic SDK-boundary sink (genericSinks), not declared
	// in sdkdb; method is the method called.
	generic bool
	// genericRenamed: a generic sink on an R8-renamed class that
	// detect.Renamed attributed (why, and what its fingerprint hashes)
	genericRenamed *genericRenamed
	// renamed: a curated sink mapped onto an R8-renamed method
	// (detect.Renamed); method is the curated method when unambiguous.
	renamed *detect.RenamedSink
}

type srcTag struct{ profile string }

// taintConfig builds the engine configuration of one profile from the
// database: its taint data (sources, callbacks, network and Android
// sinks, in-memory types; data/taint/*.yaml) and the SDK sinks.
func (p *pass) taintConfig(profile string) (taint.Config, error) {
	spec := p.DB.Taint()
	cfg := taint.Config{Propagators: taint.DefaultPropagators(), Invokers: taint.DefaultInvokers()}
	b := p.Config.TaintBudget // zero fields: the engine's defaults
	cfg.Budget = taint.Budget{MaxSteps: int(b.Instructions), MaxMethods: b.Methods, MaxClassMembers: b.ClassMembers}
	tag := &srcTag{profile: profile}
	forProfile := func(ps []string) bool { return len(ps) == 0 || containsStr(ps, profile) }
	var errs []error
	pattern := func(what, s string) taint.Pattern {
		pat, err := taint.ParsePattern(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s %q: %w", spec.Path, what, s, err))
		}
		return pat
	}
	for _, r := range spec.Sources {
		if !forProfile(r.Profiles) {
			continue
		}
		src := taint.Source{Kind: r.Kind, Pattern: pattern("source", r.Method), ArgOut: r.ArgOut, Tag: tag}
		if w := r.When; w != nil {
			src.ConstArg = &taint.ConstArg{Index: w.Index, Value: w.Value, Field: w.Field, Prefix: w.Prefix}
		}
		cfg.Sources = append(cfg.Sources, src)
	}
	for _, r := range spec.Callbacks {
		if forProfile(r.Profiles) {
			cfg.Callbacks = append(cfg.Callbacks, taint.Callback{Kind: r.Kind, Class: r.Class, Name: r.Name, Params: r.Params, Args: r.Args, Tag: tag})
		}
	}
	switch profile {
	case ProfilePrivacySDK:
		for _, s := range p.DB.SDKs() {
			for i := range s.Sinks {
				if sk, ok := engineSink(s, &s.Sinks[i]); ok {
					cfg.Sinks = append(cfg.Sinks, sk)
				}
			}
		}
		cfg.Sinks = append(cfg.Sinks, renamedSinks(p.renamed)...)
		if g := newGenericSinks(p.DB, p.attr.SDKOf, p.renamed); g != nil {
			cfg.SinkFor = g.sinkFor
		}
		for _, n := range spec.NetworkSinks {
			cfg.Sinks = append(cfg.Sinks, taint.Sink{ID: "net:" + n.Method, Pattern: pattern("network sink", n.Pattern), Network: true,
				Args: []taint.SinkArg{{Index: 1, Role: "url", Name: "url", Key: taint.NoKey}},
				Tag:  &sinkTag{profile: profile, method: n.Method, network: true}})
		}
	case ProfileAndroidPrivacy:
		for _, s := range spec.AndroidSinks {
			sk := taint.Sink{ID: "android:" + s.Pattern, Pattern: pattern("android sink", s.Pattern), Tag: &sinkTag{profile: profile, cat: s.Category}, Not: spec.InMemory}
			for _, a := range s.Args {
				sk.Args = append(sk.Args, taint.SinkArg{Index: a, Key: taint.NoKey})
			}
			cfg.Sinks = append(cfg.Sinks, sk)
		}
	}
	cfg.Opaque = p.opaqueClass
	cfg.ImplicitTargets = p.implicitTargets()
	if len(errs) > 0 {
		return cfg, errors.Join(errs...)
	}
	return cfg, nil
}

// engineSink converts an sdkdb sink: the pattern is its class and
// name(params); the argument roles come along, and an attribute value's
// key is the "name"/"key" argument before it.
func engineSink(s *sdkdb.SDK, sk *sdkdb.Sink) (taint.Sink, bool) {
	i := strings.Index(sk.Method, "->")
	j := strings.IndexByte(sk.Method, ')')
	if i <= 0 || j < i {
		return taint.Sink{}, false
	}
	pat, err := taint.ParsePattern(sk.Method[:j+1])
	if err != nil {
		return taint.Sink{}, false
	}
	out := taint.Sink{ID: "sdk:" + s.ID + ":" + sk.Method, Pattern: pat, Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: s, decl: sk, method: sk.Method}}
	for _, a := range sk.Args {
		sa := taint.SinkArg{Index: a.Index, Role: string(a.Role), Name: a.Name, Key: taint.NoKey}
		for _, b := range sk.Args {
			if b.Index == a.Index-1 && b.Role == sdkdb.RoleOther && (b.Name == "name" || b.Name == "key" || b.Name == "attribute") &&
				a.Role != sdkdb.RoleOther {
				sa.Key = b.Index
			}
		}
		out.Args = append(out.Args, sa)
	}
	if len(out.Args) == 0 {
		return taint.Sink{}, false // nothing to watch
	}
	return out, true
}

// implicitTargets resolves the action of an implicit intent sent to a
// kind of component (activity, service, receiver) to the enabled
// components of that kind whose intent filters declare it, in the
// manifests of every split; an activity-alias stands for its target
// activity. nil without a manifest declaring any action: the engine then
// does not follow implicit intents.
func (p *pass) implicitTargets() func(kind, action string) []string {
	byAction := map[string][]string{} // kind NUL action → classes
	if p.App != nil {
		for _, s := range p.App.Splits {
			if s == nil || s.Manifest == nil {
				continue
			}
			for _, c := range s.Manifest.Components {
				if c.Disabled {
					continue
				}
				name := c.Name
				if c.Target != "" {
					name = c.Target
				}
				for _, a := range c.Actions {
					k := c.Kind + "\x00" + a
					byAction[k] = append(byAction[k], dex.Descriptor(name))
				}
			}
		}
	}
	if len(byAction) == 0 {
		return nil
	}
	return func(kind, action string) []string { return byAction[kind+"\x00"+action] }
}
