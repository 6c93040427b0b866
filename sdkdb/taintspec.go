package sdkdb

import (
	"fmt"
	"strings"
)

// TaintSpec is the data the taint analysis runs on besides the SDK sinks:
// where user data comes from (sources and callbacks), the Android and
// network APIs it must not reach, which types only hold data in memory,
// and which namespaces are library code rather than the app's. It lives
// in data/taint/*.yaml (files below a directory named "taint"; several
// files are concatenated in path order) and is validated like the SDK
// entries (Validate; method patterns are checked by the taint analyzer's
// tests, which own their syntax).
type TaintSpec struct {
	// LibraryNamespaces are descriptor prefixes of common libraries and of
	// SDK vendors' shared code ("Lokhttp3/"): a call from them into an SDK
	// is one library calling another, not the app using the SDK, and the
	// taint engine does not analyse them.
	LibraryNamespaces []string `yaml:"library_namespaces,omitempty" json:"library_namespaces,omitempty"`
	// OpaqueNamespaces are more prefixes the taint engine does not analyse
	// (UI toolkits, serialisers: their internals only cost time), without
	// changing what counts as the app's call.
	OpaqueNamespaces []string `yaml:"opaque_namespaces,omitempty" json:"opaque_namespaces,omitempty"`
	// Sources are methods whose result (or out-argument) is user data.
	Sources []TaintSource `yaml:"sources,omitempty" json:"sources,omitempty"`
	// Callbacks are framework callbacks whose parameters are user data.
	Callbacks []TaintCallback `yaml:"callbacks,omitempty" json:"callbacks,omitempty"`
	// NetworkSinks take a destination URL; its reconstructed value gives
	// the recipient host.
	NetworkSinks []NetworkSink `yaml:"network_sinks,omitempty" json:"network_sinks,omitempty"`
	// AndroidSinks are the FlowDroid-style sinks of the android-privacy
	// profile.
	AndroidSinks []AndroidSink `yaml:"android_sinks,omitempty" json:"android_sinks,omitempty"`
	// InMemory are stream and writer types that keep data in memory:
	// writing to them is not a sink.
	InMemory []string `yaml:"in_memory,omitempty" json:"in_memory,omitempty"`
	// GenericSinkCategories are the tracking categories that make an SDK
	// a generic-boundary sink: a call from the app's own code into a class
	// attributed to such an SDK, with user data in a declared argument, is
	// a flow to it even without a curated sink.
	GenericSinkCategories []Category `yaml:"generic_sink_categories,omitempty" json:"generic_sink_categories,omitempty"`
	// GenericSinkExclusions are the SDK methods that cannot transmit what
	// they are given (getters, toString, equals, singleton accessors…):
	// never generic-boundary sinks.
	GenericSinkExclusions []GenericSinkExclusion `yaml:"generic_sink_exclusions,omitempty" json:"generic_sink_exclusions,omitempty"`
	// GenericSinkKept are sample methods (smali references) that must stay
	// generic-boundary sinks: no exclusion may match them.
	GenericSinkKept []string `yaml:"generic_sink_kept,omitempty" json:"generic_sink_kept,omitempty"`
	// Path is the first file the spec came from (for messages).
	Path string `yaml:"-" json:"-"`
}

// TaintSource is one source method.
type TaintSource struct {
	Kind string `yaml:"kind" json:"kind"`
	// Method is a taint method pattern: "Lpkg/C;|Lpkg/D;->name(params)"
	// with '*' wildcards in the name and params.
	Method string `yaml:"method" json:"method"`
	// Profiles the source belongs to (both when empty).
	Profiles []string `yaml:"profiles,omitempty" json:"profiles,omitempty"`
	// When, if set, restricts the source to calls whose argument has a
	// constant value.
	When *ConstArg `yaml:"when,omitempty" json:"when,omitempty"`
	// ArgOut: the data is written into this argument (0: the result).
	ArgOut int `yaml:"arg_out,omitempty" json:"arg_out,omitempty"`
}

// ConstArg is a condition on a constant argument of a source call: equal
// to Value, or a static field of a class starting with Field, or a string
// starting with Prefix.
type ConstArg struct {
	Index  int    `yaml:"index" json:"index"`
	Value  string `yaml:"value,omitempty" json:"value,omitempty"`
	Field  string `yaml:"field,omitempty" json:"field,omitempty"`
	Prefix string `yaml:"prefix,omitempty" json:"prefix,omitempty"`
}

// TaintCallback is a framework callback whose parameters carry user data.
type TaintCallback struct {
	Kind     string   `yaml:"kind" json:"kind"`
	Class    string   `yaml:"class" json:"class"`
	Name     string   `yaml:"name" json:"name"`
	Params   string   `yaml:"params" json:"params"`
	Args     []int    `yaml:"args" json:"args"`
	Profiles []string `yaml:"profiles,omitempty" json:"profiles,omitempty"`
}

// NetworkSink is a method taking a destination URL (argument 1).
type NetworkSink struct {
	Pattern string `yaml:"pattern" json:"pattern"`
	// Method is the smali descriptor reported for the sink.
	Method string `yaml:"method" json:"method"`
}

// AndroidSink is a sink of the android-privacy profile.
type AndroidSink struct {
	Pattern  string `yaml:"pattern" json:"pattern"`
	Category string `yaml:"category" json:"category"`
	// Args are the watched arguments (all when empty).
	Args []int `yaml:"args,omitempty" json:"args,omitempty"`
}

// GenericSinkExclusion is a method shape of SDK classes that is never a
// generic-boundary sink.
type GenericSinkExclusion struct {
	// Method is "name(params)": the name and the parameter part of the
	// prototype (no parentheses inside) may each hold one '*' matching
	// any run of characters; "get*()" is a getter without parameters.
	Method string `yaml:"method" json:"method"`
	// Why the call cannot transmit data.
	Why string `yaml:"why" json:"why"`
	// Samples are smali method references the exclusion must match.
	Samples []string `yaml:"samples,omitempty" json:"samples,omitempty"`
}

// Matches reports whether a method with this name and parameter part of
// the prototype ("Ljava/lang/String;I", no parentheses) is excluded.
func (x *GenericSinkExclusion) Matches(name, params string) bool {
	n, p, ok := splitNameParams(x.Method)
	return ok && globOne(n, name) && globOne(p, params)
}

// GenericSinkExcluded reports whether a method (smali reference or
// "name(params)…") matches one of the spec's exclusions, and which.
func (s *TaintSpec) GenericSinkExcluded(method string) (*GenericSinkExclusion, bool) {
	if i := strings.Index(method, "->"); i >= 0 {
		method = method[i+2:]
	}
	name, params, ok := splitNameParams(method)
	if !ok {
		return nil, false
	}
	for i := range s.GenericSinkExclusions {
		if x := &s.GenericSinkExclusions[i]; x.Matches(name, params) {
			return x, true
		}
	}
	return nil, false
}

// IsGenericSinkSDK reports whether an SDK carries one of the categories
// of generic-boundary sinks.
func (s *TaintSpec) IsGenericSinkSDK(sdk *SDK) bool {
	for _, c := range s.GenericSinkCategories {
		if sdk.HasCategory(c) {
			return true
		}
	}
	return false
}

// splitNameParams splits "name(params)rest" into name and params.
func splitNameParams(m string) (string, string, bool) {
	i := strings.IndexByte(m, '(')
	j := strings.IndexByte(m, ')')
	if i <= 0 || j < i {
		return "", "", false
	}
	return m[:i], m[i+1 : j], true
}

// globOne matches s against a pattern with at most one '*'.
func globOne(pat, s string) bool {
	i := strings.IndexByte(pat, '*')
	if i < 0 {
		return pat == s
	}
	pre, suf := pat[:i], pat[i+1:]
	return len(s) >= len(pre)+len(suf) && strings.HasPrefix(s, pre) && strings.HasSuffix(s, suf)
}

// Taint profiles a source or callback may name.
var TaintProfiles = []string{"privacy-sdk", "android-privacy"}

// SourceKinds is the source-kind vocabulary (reports.FlowSource.Kind).
var SourceKinds = []string{"url", "search-query", "user-input", "device-id", "advertising-id", "location", "account", "contact", "clipboard", "intent-data", "file"}

// AndroidSinkCategories is the vocabulary of AndroidSink.Category.
var AndroidSinkCategories = []string{"sms", "log", "network", "file", "intent", "preferences", "process"}

// Taint returns the taint data of the database (never nil).
func (db *DB) Taint() *TaintSpec {
	if db.taint == nil {
		return &TaintSpec{}
	}
	return db.taint
}

// append adds another file's spec to s.
func (s *TaintSpec) append(o *TaintSpec) {
	if s.Path == "" {
		s.Path = o.Path
	}
	s.LibraryNamespaces = append(s.LibraryNamespaces, o.LibraryNamespaces...)
	s.OpaqueNamespaces = append(s.OpaqueNamespaces, o.OpaqueNamespaces...)
	s.Sources = append(s.Sources, o.Sources...)
	s.Callbacks = append(s.Callbacks, o.Callbacks...)
	s.NetworkSinks = append(s.NetworkSinks, o.NetworkSinks...)
	s.AndroidSinks = append(s.AndroidSinks, o.AndroidSinks...)
	s.InMemory = append(s.InMemory, o.InMemory...)
	s.GenericSinkCategories = append(s.GenericSinkCategories, o.GenericSinkCategories...)
	s.GenericSinkExclusions = append(s.GenericSinkExclusions, o.GenericSinkExclusions...)
	s.GenericSinkKept = append(s.GenericSinkKept, o.GenericSinkKept...)
}

func inTaintDir(p string) bool {
	for _, seg := range strings.Split(p, "/")[:strings.Count(p, "/")] {
		if seg == "taint" {
			return true
		}
	}
	return false
}

func in(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// validateTaint checks the vocabulary and shape of the taint data.
func validateTaint(s *TaintSpec) []error {
	if s == nil {
		return nil
	}
	var errs []error
	add := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: taint: %s", s.Path, fmt.Sprintf(format, a...)))
	}
	desc := func(what, ns string) {
		if !strings.HasPrefix(ns, "L") || !strings.HasSuffix(ns, "/") && !strings.HasSuffix(ns, ";") {
			add("%s %q: want a descriptor prefix such as \"Lokhttp3/\"", what, ns)
		}
	}
	for _, ns := range s.LibraryNamespaces {
		desc("library namespace", ns)
	}
	for _, ns := range s.OpaqueNamespaces {
		desc("opaque namespace", ns)
	}
	for _, ns := range s.InMemory {
		desc("in-memory type", ns)
	}
	profiles := func(what string, ps []string) {
		for _, p := range ps {
			if !in(TaintProfiles, p) {
				add("%s: unknown profile %q", what, p)
			}
		}
	}
	method := func(what, m string) {
		if !strings.HasPrefix(m, "L") || !strings.Contains(m, ";->") || !strings.Contains(m, "(") {
			add("%s %q: want a method pattern \"Lpkg/Class;->name(params)\"", what, m)
		}
	}
	for _, src := range s.Sources {
		if !in(SourceKinds, src.Kind) {
			add("source %s: unknown kind %q", src.Method, src.Kind)
		}
		method("source", src.Method)
		profiles("source "+src.Method, src.Profiles)
		if src.When != nil && src.When.Value == "" && src.When.Field == "" && src.When.Prefix == "" {
			add("source %s: when needs value, field or prefix", src.Method)
		}
	}
	for _, cb := range s.Callbacks {
		if !in(SourceKinds, cb.Kind) {
			add("callback %s.%s: unknown kind %q", cb.Class, cb.Name, cb.Kind)
		}
		if !strings.HasPrefix(cb.Class, "L") || !strings.HasSuffix(cb.Class, ";") || cb.Name == "" || len(cb.Args) == 0 {
			add("callback %s.%s: want class descriptor, name and args", cb.Class, cb.Name)
		}
		profiles("callback "+cb.Class+"."+cb.Name, cb.Profiles)
	}
	for _, n := range s.NetworkSinks {
		method("network sink", n.Pattern)
		method("network sink method", n.Method)
	}
	for _, a := range s.AndroidSinks {
		method("android sink", a.Pattern)
		if !in(AndroidSinkCategories, a.Category) {
			add("android sink %s: unknown category %q", a.Pattern, a.Category)
		}
	}
	for _, c := range s.GenericSinkCategories {
		if !c.Valid() {
			add("generic sink category %q: not in the category vocabulary", c)
		}
	}
	for i := range s.GenericSinkExclusions {
		x := &s.GenericSinkExclusions[i]
		n, p, ok := splitNameParams(x.Method)
		if !ok || strings.Count(n, "*") > 1 || strings.Count(p, "*") > 1 || strings.Contains(x.Method, "->") {
			add("generic sink exclusion %q: want \"name(params)\" with at most one '*' in each", x.Method)
			continue
		}
		if strings.TrimSpace(x.Why) == "" {
			add("generic sink exclusion %q: say why the call cannot transmit data", x.Method)
		}
		if len(x.Samples) == 0 {
			add("generic sink exclusion %q: give at least one sample method", x.Method)
		}
		for _, sm := range x.Samples {
			sn, sp, ok := splitNameParams(sm[strings.Index(sm, "->")+2:])
			if !strings.Contains(sm, ";->") || !ok || !x.Matches(sn, sp) {
				add("generic sink exclusion %q: sample %q does not match", x.Method, sm)
			}
		}
	}
	for _, sm := range s.GenericSinkKept {
		if !strings.Contains(sm, ";->") || !strings.Contains(sm, "(") {
			add("generic sink sample %q: want a smali method reference", sm)
			continue
		}
		if x, ok := s.GenericSinkExcluded(sm); ok {
			add("generic sink sample %q must stay a sink but exclusion %q matches it", sm, x.Method)
		}
	}
	return errs
}
