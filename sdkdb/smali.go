package sdkdb

import (
	"fmt"
	"strings"
)

// MethodRef is a parsed smali method reference
// "Lcom/pkg/Class;->name(Lparam/Type;I)V".
type MethodRef struct {
	Class  string   // "Lcom/pkg/Class;"
	Name   string   // "name", "<init>"
	Params []string // type descriptors, e.g. "Ljava/lang/String;", "I", "[B"
	Return string   // "V", "Ljava/lang/String;"; "" when omitted
}

// ParseMethodRef parses a smali method reference. The return type may be
// omitted ("Lx/Y;->m(I)").
func ParseMethodRef(ref string) (MethodRef, error) {
	var m MethodRef
	arrow := strings.Index(ref, ";->")
	if arrow < 0 || !strings.HasPrefix(ref, "L") {
		return m, fmt.Errorf("method %q: want Lpkg/Class;->name(params)ret", ref)
	}
	m.Class = ref[:arrow+1]
	if err := checkClassDescriptor(m.Class); err != nil {
		return m, fmt.Errorf("method %q: %v", ref, err)
	}
	rest := ref[arrow+3:]
	lp := strings.IndexByte(rest, '(')
	if lp <= 0 {
		return m, fmt.Errorf("method %q: missing method name or '('", ref)
	}
	m.Name = rest[:lp]
	if m.Name != "<init>" && m.Name != "<clinit>" {
		for _, r := range m.Name {
			if r == '(' || r == ')' || r == ';' || r == '/' || r == '<' || r == '>' || r == ' ' || r == '.' || r == '[' {
				return m, fmt.Errorf("method %q: invalid method name %q", ref, m.Name)
			}
		}
	}
	rp := strings.IndexByte(rest, ')')
	if rp < lp {
		return m, fmt.Errorf("method %q: missing ')'", ref)
	}
	params := rest[lp+1 : rp]
	for len(params) > 0 {
		t, n, err := scanType(params, false)
		if err != nil {
			return m, fmt.Errorf("method %q: parameter: %v", ref, err)
		}
		m.Params = append(m.Params, t)
		params = params[n:]
	}
	ret := rest[rp+1:]
	if ret != "" {
		t, n, err := scanType(ret, true)
		if err != nil || n != len(ret) {
			if err == nil {
				err = fmt.Errorf("trailing %q", ret[n:])
			}
			return m, fmt.Errorf("method %q: return type: %v", ref, err)
		}
		m.Return = t
	}
	return m, nil
}

// Key returns "Lcls;->name(params)" – the sink lookup key (no return type).
func (m MethodRef) Key() string {
	return m.Class + "->" + m.Name + "(" + strings.Join(m.Params, "") + ")"
}

// String renders the full reference.
func (m MethodRef) String() string { return m.Key() + m.Return }

func checkClassDescriptor(d string) error {
	if len(d) < 3 || d[0] != 'L' || d[len(d)-1] != ';' {
		return fmt.Errorf("bad class descriptor %q", d)
	}
	body := d[1 : len(d)-1]
	if strings.ContainsAny(body, ";.()[ <>") || strings.HasPrefix(body, "/") || strings.HasSuffix(body, "/") || strings.Contains(body, "//") {
		return fmt.Errorf("bad class descriptor %q", d)
	}
	return nil
}

// scanType reads one type descriptor at the start of s and returns it and
// its length.
func scanType(s string, allowVoid bool) (string, int, error) {
	i := 0
	for i < len(s) && s[i] == '[' {
		i++
	}
	if i >= len(s) {
		return "", 0, fmt.Errorf("truncated type %q", s)
	}
	switch s[i] {
	case 'Z', 'B', 'S', 'C', 'I', 'J', 'F', 'D':
		return s[:i+1], i + 1, nil
	case 'V':
		if allowVoid && i == 0 {
			return "V", 1, nil
		}
		return "", 0, fmt.Errorf("void not allowed here in %q", s)
	case 'L':
		semi := strings.IndexByte(s[i:], ';')
		if semi < 0 {
			return "", 0, fmt.Errorf("unterminated class type in %q", s)
		}
		d := s[i : i+semi+1]
		if err := checkClassDescriptor(d); err != nil {
			return "", 0, err
		}
		return s[:i+semi+1], i + semi + 1, nil
	}
	return "", 0, fmt.Errorf("bad type character %q in %q", s[i], s)
}

// sinkKey returns the lookup key of a method reference: everything up to and
// including ')', i.e. without the return type.
func sinkKey(ref string) string {
	if i := strings.LastIndexByte(ref, ')'); i >= 0 {
		return ref[:i+1]
	}
	return ref
}

// JavaClassName converts a type descriptor "Lcom/foo/Bar$Baz;" or a slash
// name "com/foo/Bar" to the dotted Java form "com.foo.Bar$Baz". Dotted names
// are returned unchanged.
func JavaClassName(s string) string {
	if len(s) > 2 && s[0] == 'L' && s[len(s)-1] == ';' {
		s = s[1 : len(s)-1]
	}
	if strings.IndexByte(s, '/') >= 0 {
		return strings.ReplaceAll(s, "/", ".")
	}
	return s
}
