package taint

import (
	"slices"
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// program gives method lookup over the app's DEX files (first definition
// of a class wins, as in Android's class loaders) and class hierarchy
// queries over the index.
type program struct {
	pkgs    map[string][]string // package → classes, built on first use
	files   []*dex.File
	idx     *dex.Index
	loc     map[string]classLoc
	classes map[string]*classInfo
	opaque  func(string) bool
	supers  map[string][]string
	nextID  int32
	// problems met while decoding classes (bounded by the engine).
	onProblem func(where string, err error)
	// members counts the methods and fields of the classes decoded so far;
	// past maxMembers no further class is decoded and exhausted is set
	// (DEX files may point thousands of class_defs at one huge class_data
	// item: decoding is bounded by this work budget, not by the file).
	members, maxMembers int
	exhausted           bool
}

type classLoc struct {
	file int32
	def  int32
}

type classInfo struct {
	desc   string
	super  string
	ifaces []string
	file   *dex.File
	access uint32
	opaque bool
	// methods by name+"("+params+")" (return type ignored).
	methods map[string]*methodInfo
	// fields: access flags by name+":"+type
	fields map[string]uint32
	sorted []*methodInfo
}

// sortedMethods returns the methods in definition order.
func (c *classInfo) sortedMethods() []*methodInfo {
	if c.sorted == nil {
		c.sorted = make([]*methodInfo, 0, len(c.methods))
		for _, m := range c.methods {
			c.sorted = append(c.sorted, m)
		}
		slices.SortFunc(c.sorted, func(a, b *methodInfo) int { return int(a.id - b.id) })
	}
	return c.sorted
}

type methodInfo struct {
	cls     *classInfo
	ref     dex.MethodRef
	smali   string
	key     string // name(params)
	access  uint32
	codeOff uint32
	static  bool
	params  []string // declared parameter types
	id      int32

	state uint8 // 0 new, 1 in progress, 2 done, 3 skipped
	sum   *summary
	// scheduled as a root already
	rooted      bool
	callersDone bool
	// code, decoded when analysed
	code *dex.Code
}

func newProgram(files []*dex.File, idx *dex.Index, opaque func(string) bool, supers map[string][]string) *program {
	p := &program{files: files, idx: idx, loc: map[string]classLoc{}, classes: map[string]*classInfo{}, opaque: opaque, supers: supers}
	if p.supers == nil {
		p.supers = FrameworkSupertypes
	}
	for fi, f := range files {
		if f == nil {
			continue
		}
		n := f.NumClasses()
		for i := 0; i < n; i++ {
			d, err := f.ClassDescriptor(i)
			if err != nil {
				continue
			}
			if _, dup := p.loc[d]; !dup {
				p.loc[d] = classLoc{file: int32(fi), def: int32(i)}
			}
		}
	}
	return p
}

// isApp reports whether desc is defined in the app.
func (p *program) isApp(desc string) bool { _, ok := p.loc[desc]; return ok }

// class returns the decoded class, or nil when it is not defined in the
// app or cannot be decoded.
func (p *program) class(desc string) *classInfo {
	if c, ok := p.classes[desc]; ok {
		return c
	}
	l, ok := p.loc[desc]
	if !ok {
		p.classes[desc] = nil
		return nil
	}
	if p.maxMembers > 0 && p.members >= p.maxMembers {
		p.exhausted = true
		return nil // not cached: the budget, not the class, is the problem
	}
	f := p.files[l.file]
	c, err := f.Class(int(l.def))
	if err != nil {
		if p.onProblem != nil {
			p.onProblem(f.Name+" "+desc, err)
		}
		p.classes[desc] = nil
		return nil
	}
	p.members += len(c.DirectMethods) + len(c.VirtualMethods) + len(c.StaticFields) + len(c.InstanceFields)
	ci := &classInfo{desc: desc, super: c.Super, ifaces: c.Interfaces, file: f, access: c.AccessFlags,
		methods: make(map[string]*methodInfo, len(c.DirectMethods)+len(c.VirtualMethods))}
	if p.opaque != nil {
		ci.opaque = p.opaque(desc)
	}
	ci.fields = make(map[string]uint32, len(c.StaticFields)+len(c.InstanceFields))
	for _, fl := range c.StaticFields {
		ci.fields[fl.Ref.Name+":"+fl.Ref.Type] = fl.AccessFlags
	}
	for _, fl := range c.InstanceFields {
		ci.fields[fl.Ref.Name+":"+fl.Ref.Type] = fl.AccessFlags
	}
	add := func(ms []dex.Method) {
		for _, m := range ms {
			params, _ := splitProto(m.Ref.Proto)
			key := m.Ref.Name + "(" + params + ")"
			if _, dup := ci.methods[key]; dup {
				continue
			}
			mi := &methodInfo{cls: ci, ref: m.Ref, smali: m.Ref.String(), key: key, access: m.AccessFlags,
				codeOff: m.CodeOff, static: m.AccessFlags&dex.AccStatic != 0, params: dex.SplitTypes(params), id: p.nextID}
			p.nextID++
			ci.methods[key] = mi
		}
	}
	add(c.DirectMethods)
	add(c.VirtualMethods)
	p.classes[desc] = ci
	return ci
}

// method returns the method with exactly this class and name(params).
func (p *program) method(class, key string) *methodInfo {
	c := p.class(class)
	if c == nil {
		return nil
	}
	return c.methods[key]
}

// lookup walks up from class through the app's superclasses and returns
// the first definition of key, or nil.
func (p *program) lookup(class, key string) *methodInfo {
	for i := 0; i < 64 && class != ""; i++ {
		c := p.class(class)
		if c == nil {
			return nil
		}
		if m := c.methods[key]; m != nil {
			return m
		}
		class = c.super
	}
	return nil
}

// supertypes returns class, its app superclasses and interfaces
// (transitively), and the known supertypes of the first framework class
// reached, without duplicates. Used to match models written for a
// supertype.
func (p *program) supertypes(class string) []string {
	out := []string{class}
	seen := map[string]bool{class: true}
	var visit func(c string, depth int)
	visit = func(c string, depth int) {
		if depth > 32 {
			return
		}
		ci := p.class(c)
		if ci == nil {
			for _, s := range p.supers[c] {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
			return
		}
		next := append([]string{}, ci.ifaces...)
		if ci.super != "" {
			next = append([]string{ci.super}, next...)
		}
		for _, s := range next {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
				visit(s, depth+1)
			}
		}
	}
	visit(class, 0)
	if !seen["Ljava/lang/Object;"] {
		out = append(out, "Ljava/lang/Object;")
	}
	return out
}

// subtypes returns the app classes that extend or implement desc,
// transitively, in a deterministic order, at most limit of them.
func (p *program) subtypes(desc string, limit int) []string {
	var out []string
	seen := map[string]bool{desc: true}
	queue := []string{desc}
	for len(queue) > 0 && len(out) < limit {
		c := queue[0]
		queue = queue[1:]
		next := append(p.idx.Subclasses(c), p.idx.Implementors(c)...)
		slices.Sort(next)
		for _, s := range next {
			if seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, s)
			queue = append(queue, s)
			if len(out) >= limit {
				break
			}
		}
	}
	return out
}

// splitProto splits "(params)ret" into its parts.
func splitProto(proto string) (params, ret string) {
	if !strings.HasPrefix(proto, "(") {
		return "", ""
	}
	i := strings.IndexByte(proto, ')')
	if i < 0 {
		return proto[1:], ""
	}
	return proto[1:i], proto[i+1:]
}

func isWide(t string) bool { return t == "J" || t == "D" }

func isRef(t string) bool { return t != "" && (t[0] == 'L' || t[0] == '[') }

// packageClasses returns the app classes of desc's package (sorted), or
// with nested only desc and its nested classes (desc$…).
func (p *program) packageClasses(desc string, nested bool) []string {
	if nested {
		out := []string{desc}
		base := strings.TrimSuffix(desc, ";") + "$"
		for _, d := range p.packageClasses(desc, false) {
			if strings.HasPrefix(d, base) {
				out = append(out, d)
			}
		}
		return out
	}
	if p.pkgs == nil {
		p.pkgs = map[string][]string{}
		for d := range p.loc {
			p.pkgs[pkgOf(d)] = append(p.pkgs[pkgOf(d)], d)
		}
		for _, v := range p.pkgs {
			slices.Sort(v)
		}
	}
	return p.pkgs[pkgOf(desc)]
}

func pkgOf(desc string) string {
	if i := strings.LastIndexByte(desc, '/'); i >= 0 {
		return desc[:i]
	}
	return ""
}

// opaqueClass reports whether desc is an app class the engine must not
// analyse.
func (p *program) opaqueClass(desc string) bool {
	c := p.class(desc)
	return c != nil && c.opaque
}
