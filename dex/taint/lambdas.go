package taint

import (
	"strings"

	"github.com/apkscan/apkscan/dex"
)

// Kotlin lambdas are called through the library interfaces
// kotlin/jvm/functions/Function0…22 and FunctionN, whose implementations
// are app classes (Kt$f$1 extending kotlin/jvm/internal/Lambda, D8's
// Kt$$ExternalSyntheticLambda0, the older -$$Lambda$Kt$…). A call
// FunctionN.invoke on a receiver of unknown type (typically a lambda
// stored in a field) resolves to the implementations declared in the
// caller's own source file — the classes nested in its top-level class —
// at most Budget.MaxTargets, as an imprecise (Heuristic) dispatch.

func isKotlinFunction(class string) bool {
	rest, ok := strings.CutPrefix(class, "Lkotlin/jvm/functions/Function")
	if !ok || !strings.HasSuffix(rest, ";") {
		return false
	}
	n := strings.TrimSuffix(rest, ";")
	if n == "N" {
		return true
	}
	if n == "" || len(n) > 2 {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// topLevel returns the top-level class a class is declared in, by its
// name: "La/B$c$1;" and "La/B$$ExternalSyntheticLambda0;" → "La/B;",
// "La/-$$Lambda$B$xyz;" → "La/B;".
func topLevel(cls string) string {
	if !strings.HasPrefix(cls, "L") || !strings.HasSuffix(cls, ";") {
		return cls
	}
	body := cls[1 : len(cls)-1]
	pkg, name := "", body
	if i := strings.LastIndexByte(body, '/'); i >= 0 {
		pkg, name = body[:i+1], body[i+1:]
	}
	if rest, ok := strings.CutPrefix(name, "-$$Lambda$"); ok {
		name = rest
	}
	if i := strings.IndexByte(name, '$'); i > 0 {
		name = name[:i]
	}
	return "L" + pkg + name + ";"
}

// lambdaTargets resolves FunctionN.invoke (see above); nil when the call
// is not one.
func (a *manalysis) lambdaTargets(c *call, ref dex.MethodRef) ([]*methodInfo, bool) {
	if ref.Name != "invoke" || !isKotlinFunction(ref.Class) || c.static {
		return nil, true
	}
	p := a.e.p
	key := ref.Name + "(" + c.params + ")"
	if len(c.vals) > 0 && c.vals[0].typ != "" && p.isApp(c.vals[0].typ) {
		if m := p.lookup(c.vals[0].typ, key); m != nil && !m.cls.opaque && m.codeOff != 0 {
			return []*methodInfo{m}, true
		}
		return nil, true
	}
	e := a.e
	if e.lambdas == nil {
		e.lambdas = map[string]map[string][]string{}
	}
	groups, ok := e.lambdas[ref.Class]
	if !ok {
		groups = map[string][]string{}
		for _, s := range p.subtypes(ref.Class, 50000) { // sorted per level: deterministic
			t := topLevel(s)
			groups[t] = append(groups[t], s)
		}
		e.lambdas[ref.Class] = groups
	}
	var out []*methodInfo
	for _, s := range groups[topLevel(a.m.cls.desc)] {
		if len(out) >= e.b.MaxTargets {
			break
		}
		ci := p.class(s)
		if ci == nil || ci.opaque || ci.access&dex.AccInterface != 0 {
			continue
		}
		if m := p.lookup(s, key); m != nil && m.codeOff != 0 && !m.cls.opaque {
			out = append(out, m)
		}
	}
	return out, false
}
