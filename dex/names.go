package dex

import "strings"

var primNames = map[byte]string{
	'V': "void", 'Z': "boolean", 'B': "byte", 'S': "short", 'C': "char",
	'I': "int", 'J': "long", 'F': "float", 'D': "double",
}

var primDescs = map[string]string{
	"void": "V", "boolean": "Z", "byte": "B", "short": "S", "char": "C",
	"int": "I", "long": "J", "float": "F", "double": "D",
}

// JavaName converts a type descriptor to its Java source name:
// "Lcom/x/Y$Z;" -> "com.x.Y$Z", "[I" -> "int[]", "J" -> "long". Strings
// that are not descriptors are returned unchanged.
func JavaName(desc string) string {
	dims := 0
	for dims < len(desc) && desc[dims] == '[' {
		dims++
	}
	base := desc[dims:]
	var name string
	switch {
	case len(base) >= 2 && base[0] == 'L' && base[len(base)-1] == ';':
		name = strings.ReplaceAll(base[1:len(base)-1], "/", ".")
	case len(base) == 1 && primNames[base[0]] != "":
		name = primNames[base[0]]
	default:
		return desc
	}
	return name + strings.Repeat("[]", dims)
}

// Descriptor converts a Java name to a type descriptor:
// "com.x.Y$Z" -> "Lcom/x/Y$Z;", "int[]" -> "[I". It is the inverse of
// JavaName.
func Descriptor(javaName string) string {
	dims := 0
	for strings.HasSuffix(javaName, "[]") {
		javaName = javaName[:len(javaName)-2]
		dims++
	}
	d, ok := primDescs[javaName]
	if !ok {
		d = "L" + strings.ReplaceAll(javaName, ".", "/") + ";"
	}
	return strings.Repeat("[", dims) + d
}

// SplitTypes splits a run of type descriptors — a method's parameter list
// ("ILjava/lang/String;[J") — into its descriptors ("I",
// "Ljava/lang/String;", "[J"). A malformed tail is dropped.
func SplitTypes(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == '[' {
			j++
		}
		if j >= len(s) {
			break
		}
		if s[j] == 'L' {
			k := strings.IndexByte(s[j:], ';')
			if k < 0 {
				break
			}
			j += k
		}
		out = append(out, s[i:j+1])
		i = j + 1
	}
	return out
}
