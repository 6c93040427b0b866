package dex

import "fmt"

// Access flags (access_flags of classes, fields and methods).
const (
	AccPublic               = 0x1
	AccPrivate              = 0x2
	AccProtected            = 0x4
	AccStatic               = 0x8
	AccFinal                = 0x10
	AccSynchronized         = 0x20
	AccVolatile             = 0x40
	AccBridge               = 0x40
	AccTransient            = 0x80
	AccVarargs              = 0x80
	AccNative               = 0x100
	AccInterface            = 0x200
	AccAbstract             = 0x400
	AccStrict               = 0x800
	AccSynthetic            = 0x1000
	AccAnnotation           = 0x2000
	AccEnum                 = 0x4000
	AccConstructor          = 0x10000
	AccDeclaredSynchronized = 0x20000
)

// ClassDef is a raw, index-validated class_def_item.
type ClassDef struct {
	ClassIdx        uint32
	AccessFlags     uint32
	SuperclassIdx   uint32 // NoIndex when absent
	InterfacesOff   uint32
	SourceFileIdx   uint32 // NoIndex when absent
	AnnotationsOff  uint32
	ClassDataOff    uint32
	StaticValuesOff uint32
}

// Class is a fully decoded class definition.
type Class struct {
	Index          int // position in class_defs
	Descriptor     string
	AccessFlags    uint32
	Super          string // "" for none
	Interfaces     []string
	SourceFile     string // "" for none
	StaticFields   []Field
	InstanceFields []Field
	DirectMethods  []Method
	VirtualMethods []Method
	// StaticValues are the initial values of the first len(StaticValues)
	// static fields (the static_values encoded_array); later static fields
	// have their type's default value. StaticFields[i].Value points here.
	StaticValues []Value
}

// Field is an encoded_field of a class.
type Field struct {
	Ref         FieldRef
	Index       uint32 // field_ids index
	AccessFlags uint32
	Value       *Value // initial value of a static field, nil if none
}

// Method is an encoded_method of a class.
type Method struct {
	Ref         MethodRef
	Index       uint32 // method_ids index
	AccessFlags uint32
	CodeOff     uint32 // 0 for abstract and native methods
}

func classWhere(i int) string { return fmt.Sprintf("class_defs[%d]", i) }

// ClassDef returns the raw class_defs[i] after validating its indices and
// offsets against the file.
func (f *File) ClassDef(i int) (ClassDef, error) {
	if i < 0 || uint32(i) >= f.nClasses || uint64(i) >= uint64(f.nClasses) {
		return ClassDef{}, f.errf("", "class index %d out of range (%d classes)", i, f.nClasses)
	}
	d := f.data
	p := f.classesOff + 32*uint32(i)
	c := ClassDef{
		ClassIdx: le32(d, p), AccessFlags: le32(d, p+4), SuperclassIdx: le32(d, p+8),
		InterfacesOff: le32(d, p+12), SourceFileIdx: le32(d, p+16), AnnotationsOff: le32(d, p+20),
		ClassDataOff: le32(d, p+24), StaticValuesOff: le32(d, p+28),
	}
	if c.ClassIdx >= f.nTypes {
		return c, f.errf(classWhere(i), "class_idx %d out of range (%d types)", c.ClassIdx, f.nTypes)
	}
	if c.SuperclassIdx != NoIndex && c.SuperclassIdx >= f.nTypes {
		return c, f.errf(classWhere(i), "superclass_idx %d out of range (%d types)", c.SuperclassIdx, f.nTypes)
	}
	if c.SourceFileIdx != NoIndex && c.SourceFileIdx >= f.nStrings {
		return c, f.errf(classWhere(i), "source_file_idx %d out of range (%d strings)", c.SourceFileIdx, f.nStrings)
	}
	if c.InterfacesOff != 0 {
		if msg := f.typeListProblem(c.InterfacesOff); msg != "" {
			return c, f.errf(classWhere(i), "interfaces_off: %s", msg)
		}
	}
	size := uint32(len(d))
	if c.AnnotationsOff >= size {
		return c, f.errf(classWhere(i), "annotations_off 0x%x beyond file size 0x%x", c.AnnotationsOff, size)
	}
	if c.ClassDataOff >= size {
		return c, f.errf(classWhere(i), "class_data_off 0x%x beyond file size 0x%x", c.ClassDataOff, size)
	}
	if c.StaticValuesOff >= size {
		return c, f.errf(classWhere(i), "static_values_off 0x%x beyond file size 0x%x", c.StaticValuesOff, size)
	}
	return c, nil
}

// ClassDescriptor returns the descriptor of class_defs[i].
func (f *File) ClassDescriptor(i int) (string, error) {
	c, err := f.ClassDef(i)
	if err != nil {
		return "", err
	}
	return f.Type(c.ClassIdx)
}

// typeList returns the type descriptors of the type_list at off (0 = none).
func (f *File) typeList(off uint32) ([]string, error) {
	if off == 0 {
		return nil, nil
	}
	n := le32(f.data, off) // validated by the caller
	if n == 0 {
		return nil, nil
	}
	out := make([]string, n)
	for j := range out {
		s, err := f.Type(uint32(le16(f.data, off+4+2*uint32(j))))
		if err != nil {
			return nil, err
		}
		out[j] = s
	}
	return out, nil
}

// Class decodes class_defs[i] completely: names, members and static values.
func (f *File) Class(i int) (c *Class, err error) {
	defer func() {
		if !panicRecovery {
			return
		}
		if r := recover(); r != nil {
			c, err = nil, f.errf(classWhere(i), "internal error: %v", r)
		}
	}()
	def, err := f.ClassDef(i)
	if err != nil {
		return nil, err
	}
	where := classWhere(i)
	c = &Class{Index: i, AccessFlags: def.AccessFlags}
	if c.Descriptor, err = f.Type(def.ClassIdx); err != nil {
		return nil, err
	}
	if def.SuperclassIdx != NoIndex {
		if c.Super, err = f.Type(def.SuperclassIdx); err != nil {
			return nil, err
		}
	}
	if c.Interfaces, err = f.typeList(def.InterfacesOff); err != nil {
		return nil, err
	}
	if def.SourceFileIdx != NoIndex {
		if c.SourceFile, err = f.String(def.SourceFileIdx); err != nil {
			return nil, err
		}
	}
	if def.ClassDataOff != 0 {
		var cd classData
		if cd, err = f.classDataHeader(i, def.ClassDataOff); err != nil {
			return nil, err
		}
		if cd.nSF > 0 {
			c.StaticFields = make([]Field, 0, cd.nSF)
		}
		if cd.nIF > 0 {
			c.InstanceFields = make([]Field, 0, cd.nIF)
		}
		if cd.nDM > 0 {
			c.DirectMethods = make([]Method, 0, cd.nDM)
		}
		if cd.nVM > 0 {
			c.VirtualMethods = make([]Method, 0, cd.nVM)
		}
		var rerr error
		err = f.walkClassData(i, cd,
			func(static bool, idx, flags uint32) {
				if rerr != nil {
					return
				}
				r, e := f.Field(idx)
				if e != nil {
					rerr = e
					return
				}
				fl := Field{Ref: r, Index: idx, AccessFlags: flags}
				if static {
					c.StaticFields = append(c.StaticFields, fl)
				} else {
					c.InstanceFields = append(c.InstanceFields, fl)
				}
			},
			func(direct bool, idx, flags, code uint32) {
				if rerr != nil {
					return
				}
				r, e := f.Method(idx)
				if e != nil {
					rerr = e
					return
				}
				m := Method{Ref: r, Index: idx, AccessFlags: flags, CodeOff: code}
				if direct {
					c.DirectMethods = append(c.DirectMethods, m)
				} else {
					c.VirtualMethods = append(c.VirtualMethods, m)
				}
			})
		if err == nil {
			err = rerr
		}
		if err != nil {
			return nil, err
		}
	}
	if def.StaticValuesOff != 0 {
		vals, err := f.decodeEncodedArray(where+": static_values", def.StaticValuesOff)
		if err != nil {
			return nil, err
		}
		if len(vals) > len(c.StaticFields) {
			return nil, f.errf(where, "%d static values for %d static fields", len(vals), len(c.StaticFields))
		}
		c.StaticValues = vals
		for j := range vals {
			c.StaticFields[j].Value = &c.StaticValues[j]
		}
	}
	return c, nil
}

// Classes decodes every class. Classes that fail to decode are left out of
// the returned slice and reported in errs; the others are still returned.
func (f *File) Classes() (classes []*Class, errs []error) {
	classes = make([]*Class, 0, f.nClasses)
	for i := 0; i < int(f.nClasses); i++ {
		c, err := f.Class(i)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		classes = append(classes, c)
	}
	return classes, errs
}

type classData struct {
	nSF, nIF, nDM, nVM uint32
	p                  int // position of the first encoded_field
}

func (f *File) classDataHeader(ci int, off uint32) (classData, error) {
	var cd classData
	p := int(off)
	var ok bool
	var v [4]uint32
	for k := range v {
		if v[k], p, ok = uleb(f.data, p); !ok {
			return cd, f.errf(classWhere(ci), "truncated class_data_item at 0x%x", off)
		}
	}
	cd.nSF, cd.nIF, cd.nDM, cd.nVM, cd.p = v[0], v[1], v[2], v[3], p
	// An encoded_field takes at least 2 bytes and an encoded_method 3: check
	// the counts against the remaining bytes before anyone allocates.
	need := (uint64(cd.nSF)+uint64(cd.nIF))*2 + (uint64(cd.nDM)+uint64(cd.nVM))*3
	if need > uint64(len(f.data)-p) {
		return cd, f.errf(classWhere(ci), "class_data_item at 0x%x: %d+%d fields and %d+%d methods exceed the remaining %d bytes",
			off, cd.nSF, cd.nIF, cd.nDM, cd.nVM, len(f.data)-p)
	}
	return cd, nil
}

// walkClassData iterates the members of a class_data_item, validating every
// index, without allocating.
func (f *File) walkClassData(ci int, cd classData,
	field func(static bool, idx, flags uint32),
	method func(direct bool, idx, flags, codeOff uint32)) error {
	d := f.data
	p := cd.p
	var ok bool
	for list, n := range [2]uint32{cd.nSF, cd.nIF} {
		var idx uint64
		for j := uint32(0); j < n; j++ {
			var diff, flags uint32
			if diff, p, ok = uleb(d, p); !ok {
				return f.errf(classWhere(ci), "truncated encoded_field")
			}
			if flags, p, ok = uleb(d, p); !ok {
				return f.errf(classWhere(ci), "truncated encoded_field")
			}
			idx += uint64(diff)
			if idx >= uint64(f.nFields) {
				return f.errf(classWhere(ci), "field_idx %d out of range (%d fields)", idx, f.nFields)
			}
			if field != nil {
				field(list == 0, uint32(idx), flags)
			}
		}
	}
	for list, n := range [2]uint32{cd.nDM, cd.nVM} {
		var idx uint64
		for j := uint32(0); j < n; j++ {
			var diff, flags, code uint32
			if diff, p, ok = uleb(d, p); !ok {
				return f.errf(classWhere(ci), "truncated encoded_method")
			}
			if flags, p, ok = uleb(d, p); !ok {
				return f.errf(classWhere(ci), "truncated encoded_method")
			}
			if code, p, ok = uleb(d, p); !ok {
				return f.errf(classWhere(ci), "truncated encoded_method")
			}
			idx += uint64(diff)
			if idx >= uint64(f.nMethods) {
				return f.errf(classWhere(ci), "method_idx %d out of range (%d methods)", idx, f.nMethods)
			}
			if code != 0 && code >= uint32(len(d)) {
				return f.errf(classWhere(ci), "method_idx %d: code_off 0x%x beyond file size 0x%x", idx, code, len(d))
			}
			if method != nil {
				method(list == 0, uint32(idx), flags, code)
			}
		}
	}
	return nil
}
