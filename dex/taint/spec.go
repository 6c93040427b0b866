package taint

import (
	"fmt"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Arg indexes follow sdkdb's convention: for instance methods and
// constructors 0 is the receiver and declared parameters start at 1; for
// static methods 0 is the first declared parameter.
const (
	// Ret stands for the return value in a propagation rule.
	Ret = -1
	// AllArgs stands for every argument (receiver included) as the From of
	// a propagation rule.
	AllArgs = -2
	// NoKey marks the absence of a key argument.
	NoKey = -1
)

// Pattern matches method references. Class and Name may end in '*' (prefix
// match); Params is the parameter part of the prototype without
// parentheses ("Ljava/lang/String;I") or "*" for any. The return type is
// never compared (it changes between library versions). Several classes
// may be given separated by '|'.
type Pattern struct {
	Classes []string
	Name    string
	Params  string
}

// ParsePattern parses "Lcls;|Lcls2;->name(params)" (a return type after
// the parenthesis is allowed and ignored).
func ParsePattern(s string) (Pattern, error) {
	i := strings.Index(s, "->")
	if i <= 0 {
		return Pattern{}, fmt.Errorf("taint: pattern %q: missing ->", s)
	}
	cls, rest := s[:i], s[i+2:]
	j := strings.IndexByte(rest, '(')
	k := strings.IndexByte(rest, ')')
	if j <= 0 || k < j {
		return Pattern{}, fmt.Errorf("taint: pattern %q: missing (params)", s)
	}
	p := Pattern{Name: rest[:j], Params: rest[j+1 : k]}
	for _, c := range strings.Split(cls, "|") {
		if c == "" || (!strings.HasSuffix(c, ";") && !strings.HasSuffix(c, "*")) || c[0] != 'L' {
			return Pattern{}, fmt.Errorf("taint: pattern %q: bad class %q", s, c)
		}
		p.Classes = append(p.Classes, c)
	}
	return p, nil
}

// MustPattern is ParsePattern that panics on error (for tables).
func MustPattern(s string) Pattern {
	p, err := ParsePattern(s)
	if err != nil {
		panic(err)
	}
	return p
}

func (p Pattern) String() string {
	return strings.Join(p.Classes, "|") + "->" + p.Name + "(" + p.Params + ")"
}

// globMatch matches s against a pattern with at most one '*' (any run of
// characters).
func globMatch(pat, s string) bool {
	i := strings.IndexByte(pat, '*')
	if i < 0 {
		return pat == s
	}
	pre, suf := pat[:i], pat[i+1:]
	return len(s) >= len(pre)+len(suf) && strings.HasPrefix(s, pre) && strings.HasSuffix(s, suf)
}

// matchesMember reports whether name and params match (not the class).
func (p *Pattern) matchesMember(name, params string) bool {
	if !globMatch(p.Name, name) {
		return false
	}
	return globMatch(p.Params, params)
}

func (p *Pattern) matchesClass(c string) bool {
	for _, pc := range p.Classes {
		if globMatch(pc, c) {
			return true
		}
	}
	return false
}

// Source is an API whose return value carries data of a kind.
type Source struct {
	Kind    string
	Pattern Pattern
	// ConstArg, when set, restricts the source to calls where argument
	// Index is the string constant Value (Settings$Secure.getString with
	// "android_id").
	ConstArg *ConstArg
	// ArgOut, when positive, is the argument the data is written into
	// instead of the return value (InputStream.read(byte[])).
	ArgOut int
	// Tag is carried to the Flow untouched.
	Tag any
}

// ConstArg is a condition on one argument of a source call: the argument
// is the string constant Value, or a value starting with the constant
// Prefix, or a value read from a field whose smali reference starts with
// Field (ContactsContract$Contacts.CONTENT_URI). Empty parts are ignored;
// at least one must hold.
type ConstArg struct {
	Index  int
	Value  string
	Prefix string
	Field  string
}

// Callback is a framework callback whose parameters carry data: an app
// method overriding or implementing Class.Name(Params) gets Args tainted.
type Callback struct {
	Kind string
	// Class is the framework type (class or interface) the app class must
	// extend or implement, directly or through app classes.
	Class  string
	Name   string
	Params string // parameter part of the prototype, exact
	Args   []int  // tainted argument indexes (1 = first declared parameter)
	Tag    any
}

// Method returns the smali reference of the framework method.
func (c *Callback) Method() string { return c.Class + "->" + c.Name + "(" + c.Params + ")" }

// SinkArg is one argument of a sink that must not receive tainted data.
type SinkArg struct {
	Index int
	Role  string
	Name  string
	// Key is the index of an argument holding the name under which the
	// value is stored (withAttribute(name, value)), or NoKey.
	Key int
}

// Sink is a method that hands data to a third party.
type Sink struct {
	ID      string
	Pattern Pattern
	// Args lists the watched arguments; empty means every argument.
	Args []SinkArg
	// Network marks sinks whose argument is a destination URL: the
	// engine reconstructs its value so the host can be resolved.
	Network bool
	// Not lists classes that match the pattern through a supertype but
	// are not sinks (ByteArrayOutputStream for OutputStream.write).
	Not []string
	// Boundary marks a sink chosen by Config.SinkFor rather than by a
	// pattern (a call into an SDK's code): with no Args it watches the
	// declared parameters only, never the receiver; a constant String
	// parameter just before a watched one names it (setTag(name, value));
	// and data passing through the call keeps its heuristic mark, as
	// through any library call without a model.
	Boundary bool
	Tag      any
}

// Propagator moves taint across a library method the engine does not
// analyse (a propagation model).
type Propagator struct {
	Pattern Pattern
	// Moves lists From→To pairs of argument indexes (Ret for the return
	// value, AllArgs as From for every argument).
	Moves [][2]int
	// Key is the argument holding the key the value is stored under
	// (Bundle.putString(key, value)), or NoKey.
	Key int
	// Alias: the return value is the receiver object (fluent builders).
	Alias bool
	// Str tells how the string value is rebuilt (see StrOp).
	Str StrOp
	// NoOp suppresses every propagation, default rules included.
	NoOp bool
	// Wrap (constructors): the new object wraps argument 1, so that data
	// written through one reaches the other (Formatter(Appendable),
	// OutputStreamWriter(OutputStream)…).
	Wrap bool
}

// StrOp is how a propagator transforms reconstructed string values.
type StrOp uint8

// String value operations.
const (
	StrNone        StrOp = iota // value unknown after the call
	StrEmpty                    // receiver := "" (StringBuilder.<init>())
	StrInit                     // receiver := arg 1 (StringBuilder.<init>(String))
	StrAppend                   // receiver := receiver + arg 1; return = receiver
	StrConcat                   // return = receiver + arg 1 (String.concat)
	StrCopyRecv                 // return = receiver (toString)
	StrCopyArg0                 // return = arg 0 (String.valueOf, Uri.parse, static)
	StrConcatArgs               // return = arg 0 + arg 1 (Intrinsics.stringPlus)
	StrAppendPath               // receiver := receiver + "/" + arg 1 (Uri.Builder.appendPath)
	StrAppendQuery              // receiver := receiver + "?"|"&" + arg1 + "=" + arg2
	StrSubstring                // return = receiver[arg 1:arg 2] when all are constants
)

// Invoker models a framework method that calls back into app code:
// Thread.start → run(), Executor.execute(r) → r.run(), AsyncTask.execute →
// doInBackground. Target names the method invoked on the object in
// argument Object; Map maps the target's argument indexes to the call's.
type Invoker struct {
	Pattern Pattern
	Object  int
	Name    string
	Params  string
	Map     map[int]int
}

// Budget bounds an analysis. Zero fields get defaults (see DefaultBudget).
type Budget struct {
	// MaxSteps bounds the instructions transferred in total.
	MaxSteps int
	// MaxMethods bounds the methods analysed (summaries computed).
	MaxMethods int
	// MaxDepth bounds the nesting of on-demand callee summaries.
	MaxDepth int
	// MaxTargets bounds the overriders considered at a virtual call.
	MaxTargets int
	// MaxMethodUnits skips methods with more code units than this.
	MaxMethodUnits int
	// MaxRegisters skips methods with more registers than this.
	MaxRegisters int
	// MaxOrigins bounds the distinct origins kept per register.
	MaxOrigins int
	// MaxPath bounds the steps of a reported path.
	MaxPath int
	// MaxFlows bounds the flows reported.
	MaxFlows int
	// MaxClassMembers bounds the methods and fields of the classes the
	// engine decodes (summed over every class it loads). The largest
	// corpus app (Appium's UiAutomator2 server, 16 DEX files) defines
	// 110,412 methods and fields in all its classes; the default is 18×
	// that.
	MaxClassMembers int
}

// DefaultBudget returns the default bounds: a few seconds at most on the
// largest apps.
func DefaultBudget() Budget {
	return Budget{MaxSteps: 3_000_000, MaxMethods: 40_000, MaxDepth: 12, MaxTargets: 8,
		MaxMethodUnits: 1 << 16, MaxRegisters: 1024, MaxOrigins: 48, MaxPath: 96, MaxFlows: 5000, MaxClassMembers: 2_000_000}
}

func (b Budget) withDefaults() Budget {
	d := DefaultBudget()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&b.MaxSteps, d.MaxSteps)
	set(&b.MaxMethods, d.MaxMethods)
	set(&b.MaxDepth, d.MaxDepth)
	set(&b.MaxTargets, d.MaxTargets)
	set(&b.MaxMethodUnits, d.MaxMethodUnits)
	set(&b.MaxRegisters, d.MaxRegisters)
	set(&b.MaxOrigins, d.MaxOrigins)
	set(&b.MaxPath, d.MaxPath)
	set(&b.MaxFlows, d.MaxFlows)
	set(&b.MaxClassMembers, d.MaxClassMembers)
	return b
}

// Config is everything the engine needs besides the code: sources, sinks
// and propagation models as plain data.
type Config struct {
	Sources     []Source
	Callbacks   []Callback
	Sinks       []Sink
	Propagators []Propagator
	Invokers    []Invoker
	// Opaque reports whether a class defined in the app is library code
	// the engine must not analyse (SDKs, androidx, kotlin…): calls into it
	// use the models and default rules. nil: nothing is opaque.
	Opaque func(classDesc string) bool
	// SinkFor, when set, is asked about every called method that no
	// pattern of Sinks matches; a non-nil result is a sink for that call
	// (it should return the same *Sink for the same method, so that flows
	// are deduplicated). Called once per method reference and DEX file.
	SinkFor func(callee dex.MethodRef) *Sink
	// ImplicitTargets, when set, returns the app components (class
	// descriptors) of a kind ("activity" for startActivity, "service" for
	// startService and bindService, "receiver" for the broadcasts) whose
	// intent filters declare an action (from the manifest): the extras of
	// an implicit intent with that constant action sent that way go to
	// them. nil, or an action that is not constant: implicit intents are
	// not followed (the flow ends at the call sending them).
	ImplicitTargets func(kind, action string) []string
	// Supertypes gives known supertypes of framework classes (not defined
	// in the app), nearest first. nil: FrameworkSupertypes.
	Supertypes map[string][]string
	Budget     Budget
}
