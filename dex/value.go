package dex

import (
	"fmt"
	"math"
	"strconv"
)

// ValueKind is the value_type of an encoded_value.
type ValueKind uint8

// encoded_value types.
const (
	ValueByte         ValueKind = 0x00
	ValueShort        ValueKind = 0x02
	ValueChar         ValueKind = 0x03
	ValueInt          ValueKind = 0x04
	ValueLong         ValueKind = 0x06
	ValueFloat        ValueKind = 0x10
	ValueDouble       ValueKind = 0x11
	ValueMethodType   ValueKind = 0x15
	ValueMethodHandle ValueKind = 0x16
	ValueString       ValueKind = 0x17
	ValueType         ValueKind = 0x18
	ValueField        ValueKind = 0x19
	ValueMethod       ValueKind = 0x1a
	ValueEnum         ValueKind = 0x1b
	ValueArray        ValueKind = 0x1c
	ValueAnnotation   ValueKind = 0x1d
	ValueNull         ValueKind = 0x1e
	ValueBoolean      ValueKind = 0x1f
)

var valueKindNames = map[ValueKind]string{
	ValueByte: "byte", ValueShort: "short", ValueChar: "char", ValueInt: "int", ValueLong: "long",
	ValueFloat: "float", ValueDouble: "double", ValueMethodType: "method_type", ValueMethodHandle: "method_handle",
	ValueString: "string", ValueType: "type", ValueField: "field", ValueMethod: "method", ValueEnum: "enum",
	ValueArray: "array", ValueAnnotation: "annotation", ValueNull: "null", ValueBoolean: "boolean",
}

func (k ValueKind) String() string {
	if s, ok := valueKindNames[k]; ok {
		return s
	}
	return "value_type(0x" + strconv.FormatUint(uint64(k), 16) + ")"
}

// maxValueSize returns the largest value_arg allowed for kind k, or -1 for
// an unknown kind.
func maxValueArg(k ValueKind) int {
	switch k {
	case ValueByte, ValueArray, ValueAnnotation, ValueNull:
		return 0
	case ValueBoolean:
		return 1
	case ValueShort, ValueChar:
		return 1
	case ValueInt, ValueFloat, ValueMethodType, ValueMethodHandle, ValueString, ValueType, ValueField, ValueMethod, ValueEnum:
		return 3
	case ValueLong, ValueDouble:
		return 7
	}
	return -1
}

// Value is a decoded encoded_value.
type Value struct {
	Kind ValueKind
	// Bits holds the integer value (sign-extended for byte, short, int and
	// long, zero-extended for char), the IEEE-754 bits for float (low 32
	// bits) and double, 0 or 1 for boolean, and the table index for the
	// reference kinds (string, type, field, method, enum, method_type,
	// method_handle) and for annotation (its type index).
	Bits uint64
	// Str is the resolved reference: the string for ValueString, the type
	// descriptor for ValueType and ValueAnnotation, the smali field/method
	// reference for ValueField, ValueEnum and ValueMethod, the prototype for
	// ValueMethodType and "kind@ref" for ValueMethodHandle.
	Str string
	// Elems holds the elements of a ValueArray.
	Elems []Value
}

// Int returns the value as a signed integer (for the integral kinds).
func (v Value) Int() int64 { return int64(v.Bits) }

// Float returns the value of a float or double.
func (v Value) Float() float64 {
	if v.Kind == ValueFloat {
		return float64(math.Float32frombits(uint32(v.Bits)))
	}
	return math.Float64frombits(v.Bits)
}

// String returns a printable, smali-like form of the value.
func (v Value) String() string {
	switch v.Kind {
	case ValueByte, ValueShort, ValueInt, ValueLong:
		return strconv.FormatInt(int64(v.Bits), 10)
	case ValueChar:
		return strconv.QuoteRune(rune(v.Bits))
	case ValueFloat:
		return strconv.FormatFloat(v.Float(), 'g', -1, 32) + "f"
	case ValueDouble:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case ValueString:
		return strconv.Quote(v.Str)
	case ValueNull:
		return "null"
	case ValueBoolean:
		if v.Bits != 0 {
			return "true"
		}
		return "false"
	case ValueEnum:
		return ".enum " + v.Str
	case ValueAnnotation:
		return ".subannotation " + v.Str
	case ValueArray:
		s := "{"
		for i, e := range v.Elems {
			if i > 0 {
				s += ", "
			}
			s += e.String()
		}
		return s + "}"
	}
	return v.Str
}

// valueReader decodes encoded_value data with a nesting-depth limit and a
// budget on the number of values, so hostile input cannot exhaust the stack
// or memory.
type valueReader struct {
	f      *File
	b      []byte
	p      int
	depth  int
	budget int
}

func (r *valueReader) uleb() (uint32, bool) {
	v, p, ok := uleb(r.b, r.p)
	r.p = p
	return v, ok
}

func (r *valueReader) header() (ValueKind, int, bool) {
	if r.p >= len(r.b) {
		return 0, 0, false
	}
	c := r.b[r.p]
	r.p++
	k, arg := ValueKind(c&0x1f), int(c>>5)
	if m := maxValueArg(k); m < 0 || arg > m {
		return k, arg, false
	}
	return k, arg, true
}

// unsigned reads arg+1 little-endian bytes, zero-extended.
func (r *valueReader) unsigned(arg int) (uint64, bool) {
	n := arg + 1
	if r.p+n > len(r.b) {
		return 0, false
	}
	var v uint64
	for i := n - 1; i >= 0; i-- {
		v = v<<8 | uint64(r.b[r.p+i])
	}
	r.p += n
	return v, true
}

func (r *valueReader) fail(format string, args ...any) error {
	return fmt.Errorf("encoded value at 0x%x: "+format, append([]any{r.p}, args...)...)
}

// value decodes one encoded_value into out.
func (r *valueReader) value(out *Value) error {
	r.budget--
	if r.budget < 0 {
		return r.fail("too many values")
	}
	start := r.p
	k, arg, ok := r.header()
	if !ok {
		r.p = start
		return r.fail("bad value header (type 0x%x, arg %d)", k, arg)
	}
	*out = Value{Kind: k}
	switch k {
	case ValueNull:
		return nil
	case ValueBoolean:
		out.Bits = uint64(arg)
		return nil
	case ValueArray:
		if r.depth >= maxEncodedValueDepth {
			return r.fail("arrays nested too deeply")
		}
		n, ok := r.uleb()
		if !ok {
			return r.fail("truncated array size")
		}
		// Every element takes at least one byte: check before allocating.
		if uint64(n) > uint64(len(r.b)-r.p) || int(n) > r.budget {
			return r.fail("array of %d elements exceeds the remaining %d bytes", n, len(r.b)-r.p)
		}
		if n > 0 {
			out.Elems = make([]Value, n)
		}
		r.depth++
		for i := range out.Elems {
			if err := r.value(&out.Elems[i]); err != nil {
				return err
			}
		}
		r.depth--
		return nil
	case ValueAnnotation:
		if r.depth >= maxEncodedValueDepth {
			return r.fail("annotations nested too deeply")
		}
		t, ok := r.uleb()
		if !ok {
			return r.fail("truncated annotation")
		}
		out.Bits = uint64(t)
		if r.f != nil {
			s, err := r.f.Type(t)
			if err != nil {
				return err
			}
			out.Str = s
		}
		return r.skipAnnotationBody()
	}
	v, ok := r.unsigned(arg)
	if !ok {
		return r.fail("truncated %s value", k)
	}
	n := uint(arg+1) * 8
	switch k {
	case ValueByte, ValueShort, ValueInt, ValueLong:
		out.Bits = uint64(int64(v<<(64-n)) >> (64 - n)) // sign-extend
	case ValueChar:
		out.Bits = v
	case ValueFloat:
		out.Bits = v << (32 - n) // zero-extended to the right
	case ValueDouble:
		out.Bits = v << (64 - n)
	default:
		out.Bits = v
		if r.f != nil {
			return r.resolve(out)
		}
	}
	return nil
}

func (r *valueReader) resolve(out *Value) error {
	f := r.f
	idx := out.Bits
	if idx > uint64(^uint32(0)) {
		return r.fail("index %d out of range", idx)
	}
	i := uint32(idx)
	var err error
	switch out.Kind {
	case ValueString:
		out.Str, err = f.String(i)
	case ValueType:
		out.Str, err = f.Type(i)
	case ValueField, ValueEnum:
		var fr FieldRef
		if fr, err = f.Field(i); err == nil {
			out.Str = fr.String()
		}
	case ValueMethod:
		var m MethodRef
		if m, err = f.Method(i); err == nil {
			out.Str = m.String()
		}
	case ValueMethodType:
		out.Str, err = f.Proto(i)
	case ValueMethodHandle:
		out.Str, err = f.MethodHandleString(i)
	}
	return err
}

// skipAnnotationBody skips the elements of an encoded_annotation after its
// type_idx, validating them.
func (r *valueReader) skipAnnotationBody() error {
	n, ok := r.uleb()
	if !ok {
		return r.fail("truncated annotation size")
	}
	if uint64(n)*2 > uint64(len(r.b)-r.p) {
		return r.fail("annotation of %d elements exceeds the remaining %d bytes", n, len(r.b)-r.p)
	}
	r.depth++
	for i := uint32(0); i < n; i++ {
		if _, ok := r.uleb(); !ok {
			return r.fail("truncated annotation element name")
		}
		if err := r.skip(); err != nil {
			return err
		}
	}
	r.depth--
	return nil
}

// skip skips one encoded_value without allocating.
func (r *valueReader) skip() error {
	r.budget--
	if r.budget < 0 {
		return r.fail("too many values")
	}
	k, arg, ok := r.header()
	if !ok {
		return r.fail("bad value header (type 0x%x, arg %d)", k, arg)
	}
	switch k {
	case ValueNull, ValueBoolean:
		return nil
	case ValueArray:
		if r.depth >= maxEncodedValueDepth {
			return r.fail("arrays nested too deeply")
		}
		n, ok := r.uleb()
		if !ok {
			return r.fail("truncated array size")
		}
		if uint64(n) > uint64(len(r.b)-r.p) {
			return r.fail("array of %d elements exceeds the remaining %d bytes", n, len(r.b)-r.p)
		}
		r.depth++
		for i := uint32(0); i < n; i++ {
			if err := r.skip(); err != nil {
				return err
			}
		}
		r.depth--
		return nil
	case ValueAnnotation:
		if r.depth >= maxEncodedValueDepth {
			return r.fail("annotations nested too deeply")
		}
		if _, ok := r.uleb(); !ok {
			return r.fail("truncated annotation")
		}
		return r.skipAnnotationBody()
	}
	if r.p+arg+1 > len(r.b) {
		return r.fail("truncated %s value", k)
	}
	r.p += arg + 1
	return nil
}

// decodeEncodedArray decodes the encoded_array_item at off.
func (f *File) decodeEncodedArray(where string, off uint32) ([]Value, error) {
	if off >= uint32(len(f.data)) {
		return nil, f.errf(where, "encoded array offset 0x%x beyond file size 0x%x", off, len(f.data))
	}
	r := valueReader{f: f, b: f.data, p: int(off), budget: maxEncodedValueBudget}
	n, ok := r.uleb()
	if !ok {
		return nil, f.errf(where, "truncated encoded array at 0x%x", off)
	}
	if uint64(n) > uint64(len(r.b)-r.p) {
		return nil, f.errf(where, "encoded array at 0x%x: %d elements exceed the remaining %d bytes", off, n, len(r.b)-r.p)
	}
	if n == 0 {
		return nil, nil
	}
	vals := make([]Value, n)
	for i := range vals {
		if err := r.value(&vals[i]); err != nil {
			return nil, f.errf(where, "element %d: %v", i, err)
		}
	}
	return vals, nil
}

// walkEncodedArray calls fn for the first limit top-level elements of the
// encoded_array at off with their kind and raw bits (the index for
// references), skipping nested arrays and annotations without allocating.
// It returns the number of bytes examined.
func (f *File) walkEncodedArray(off uint32, limit int, fn func(i int, k ValueKind, bits uint64)) (int, error) {
	if off >= uint32(len(f.data)) {
		return 0, fmt.Errorf("encoded array offset 0x%x beyond file size 0x%x", off, len(f.data))
	}
	r := valueReader{b: f.data, p: int(off), budget: maxEncodedValueBudget}
	n, ok := r.uleb()
	if !ok {
		return r.p - int(off), fmt.Errorf("truncated encoded array at 0x%x", off)
	}
	if uint64(n) > uint64(len(r.b)-r.p) {
		return r.p - int(off), fmt.Errorf("encoded array at 0x%x: %d elements exceed the remaining %d bytes", off, n, len(r.b)-r.p)
	}
	for i := 0; i < int(n) && i < limit; i++ {
		start := r.p
		k, arg, ok := r.header()
		if !ok {
			return r.p - int(off), fmt.Errorf("encoded array at 0x%x: element %d: bad value header", off, i)
		}
		switch k {
		case ValueString, ValueType, ValueField, ValueMethod, ValueEnum, ValueMethodType, ValueMethodHandle:
			v, ok := r.unsigned(arg)
			if !ok {
				return r.p - int(off), fmt.Errorf("encoded array at 0x%x: element %d: truncated", off, i)
			}
			fn(i, k, v)
		default:
			r.p = start
			if err := r.skip(); err != nil {
				return r.p - int(off), fmt.Errorf("encoded array at 0x%x: element %d: %v", off, i, err)
			}
			fn(i, k, 0)
		}
	}
	return r.p - int(off), nil
}
