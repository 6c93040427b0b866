package taint

import (
	"strconv"
	"strings"
)

// val is a reconstructed string value: constant parts and holes. A hole
// stands for data of an origin (a source, a field, or a parameter while
// the value is a summary template) or for an unknown part (origin 0).
// Values are immutable.
type val struct {
	parts []vpart
}

type vpart struct {
	lit  string
	hole Origin
	isH  bool
}

const (
	maxValParts = 16
	maxValBytes = 2048
)

func litVal(s string) *val {
	if len(s) > maxValBytes {
		s = s[:maxValBytes]
	}
	return &val{parts: []vpart{{lit: s}}}
}

func holeVal(o Origin) *val { return &val{parts: []vpart{{hole: o, isH: true}}} }

var emptyVal = &val{}

// unknownVal is a value of which nothing is known.
var unknownVal = holeVal(0)

func concatVal(a, b *val) *val {
	if a == nil {
		a = unknownVal
	}
	if b == nil {
		b = unknownVal
	}
	out := make([]vpart, 0, len(a.parts)+len(b.parts))
	out = append(out, a.parts...)
	size := 0
	for _, p := range out {
		size += len(p.lit)
	}
	for _, p := range b.parts {
		if n := len(out); n > 0 && !p.isH && !out[n-1].isH {
			out[n-1].lit += p.lit
		} else if n > 0 && p.isH && out[n-1].isH && p.hole == 0 && out[n-1].hole == 0 {
			continue // two unknowns in a row are one
		} else {
			out = append(out, p)
		}
		size += len(p.lit)
	}
	if len(out) > maxValParts || size > maxValBytes {
		if len(out) > maxValParts {
			out = out[:maxValParts-1]
		}
		out = append(out, vpart{isH: true})
	}
	return &val{parts: out}
}

func valEqual(a, b *val) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || len(a.parts) != len(b.parts) {
		return false
	}
	for i := range a.parts {
		if a.parts[i] != b.parts[i] {
			return false
		}
	}
	return true
}

// constString returns the value when it is one constant.
func (v *val) constString() (string, bool) {
	if v == nil {
		return "", false
	}
	if len(v.parts) == 0 {
		return "", true
	}
	if len(v.parts) == 1 && !v.parts[0].isH {
		return v.parts[0].lit, true
	}
	return "", false
}

// prefix returns the constant text before the first hole.
func (v *val) prefix() string {
	if v == nil || len(v.parts) == 0 || v.parts[0].isH {
		return ""
	}
	return v.parts[0].lit
}

// subst replaces holes: f returns the replacement of a hole, or nil to
// keep it.
func (v *val) subst(f func(o Origin) *val) *val {
	if v == nil {
		return nil
	}
	var out *val
	changed := false
	for i, p := range v.parts {
		var r *val
		if p.isH && p.hole != 0 {
			r = f(p.hole)
		}
		if r == nil {
			if changed {
				out = concatVal(out, &val{parts: []vpart{p}})
			}
			continue
		}
		if !changed {
			changed = true
			out = &val{parts: append([]vpart{}, v.parts[:i]...)}
			if len(out.parts) == 0 {
				out = emptyVal
			}
		}
		out = concatVal(out, r)
	}
	if !changed {
		return v
	}
	return out
}

// render formats a value: "https://x/" + «search-query» + ".jpg".
func (v *val) render(holeName func(o Origin) string) string {
	if v == nil {
		return ""
	}
	var parts []string
	for _, p := range v.parts {
		if p.isH {
			n := "…"
			if p.hole != 0 {
				n = holeName(p.hole)
			}
			parts = append(parts, "«"+n+"»")
			continue
		}
		parts = append(parts, strconv.Quote(p.lit))
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " + ")
}
