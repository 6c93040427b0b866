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
	return errs
}
