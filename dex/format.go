package dex

import (
	"strconv"
	"strings"
)

// InsnString returns the string operand of const-string and
// const-string/jumbo.
func (f *File) InsnString(in *Insn) (string, error) {
	if in.Op.Ref() != RefString {
		return "", f.errf("", "%s has no string operand", in.Op)
	}
	return f.String(in.Index)
}

// InsnMethod returns the method operand of an invoke (other than
// invoke-custom, see File.CallSite) instruction.
func (f *File) InsnMethod(in *Insn) (MethodRef, error) {
	if in.Op.Ref() != RefMethod {
		return MethodRef{}, f.errf("", "%s has no method operand", in.Op)
	}
	return f.Method(in.Index)
}

// InsnField returns the field operand of iget/iput/sget/sput.
func (f *File) InsnField(in *Insn) (FieldRef, error) {
	if in.Op.Ref() != RefField {
		return FieldRef{}, f.errf("", "%s has no field operand", in.Op)
	}
	return f.Field(in.Index)
}

// InsnType returns the type operand of new-instance, check-cast,
// const-class, instance-of, new-array and filled-new-array.
func (f *File) InsnType(in *Insn) (string, error) {
	if in.Op.Ref() != RefType {
		return "", f.errf("", "%s has no type operand", in.Op)
	}
	return f.Type(in.Index)
}

// FormatInsn renders in roughly as smali would, resolving references
// against f, e.g. `invoke-virtual {v0, v1}, Lx;->m(I)V`. Unresolvable
// references are shown as kind@index.
func (f *File) FormatInsn(in *Insn) string {
	var sb strings.Builder
	sb.WriteString(in.Op.String())
	if in.Op.IsPayload() {
		return sb.String()
	}
	sep := " "
	add := func(s string) {
		sb.WriteString(sep)
		sb.WriteString(s)
		sep = ", "
	}
	reg := func(r uint16) string { return "v" + strconv.Itoa(int(r)) }
	info := in.Op.info()
	if info.flags&flArgs != 0 {
		if in.Op.IsRange() {
			if in.RangeCount == 0 {
				add("{}")
			} else {
				add("{" + reg(in.RangeFirst) + " .. " + reg(uint16(uint32(in.RangeFirst)+uint32(in.RangeCount)-1)) + "}")
			}
		} else {
			var parts []string
			for _, r := range in.Regs[:in.NRegs] {
				parts = append(parts, reg(r))
			}
			add("{" + strings.Join(parts, ", ") + "}")
		}
	} else {
		for _, r := range in.Regs[:in.NRegs] {
			add(reg(r))
		}
	}
	switch info.fmt {
	case Fmt11n, Fmt21s, Fmt31i, Fmt21h, Fmt51l, Fmt22b, Fmt22s:
		add("0x" + strconv.FormatInt(in.Literal, 16))
	}
	if in.Op.IsBranch() || in.Op.IsSwitch() || in.Op == OpFillArrayData {
		add(":" + strconv.FormatInt(in.TargetPC(), 16))
	}
	ref := func(kind string, s string, err error) {
		if err != nil {
			add(kind + "@" + strconv.FormatUint(uint64(in.Index), 10))
			return
		}
		add(s)
	}
	switch info.ref {
	case RefString:
		s, err := f.String(in.Index)
		ref("string", strconv.Quote(s), err)
	case RefType:
		s, err := f.Type(in.Index)
		ref("type", s, err)
	case RefField:
		r, err := f.Field(in.Index)
		ref("field", r.String(), err)
	case RefMethod:
		r, err := f.Method(in.Index)
		ref("method", r.String(), err)
		if info.fmt == Fmt45cc || info.fmt == Fmt4rcc {
			p, err := f.Proto(in.Index2)
			if err != nil {
				add("proto@" + strconv.FormatUint(uint64(in.Index2), 10))
			} else {
				add(p)
			}
		}
	case RefProto:
		s, err := f.Proto(in.Index)
		ref("proto", s, err)
	case RefMethodHandle:
		s, err := f.MethodHandleString(in.Index)
		ref("method_handle", s, err)
	case RefCallSite:
		add("call_site@" + strconv.FormatUint(uint64(in.Index), 10))
	case RefFieldOffset:
		add("field@0x" + strconv.FormatUint(uint64(in.Index), 16))
	case RefVtable:
		add("vtable@0x" + strconv.FormatUint(uint64(in.Index), 16))
	case RefInline:
		add("inline@0x" + strconv.FormatUint(uint64(in.Index), 16))
	case RefVerifyError:
		add("error@" + strconv.FormatInt(in.Literal, 10) + ", ref@" + strconv.FormatUint(uint64(in.Index), 10))
	}
	return sb.String()
}
