package reports

import (
	"strconv"
	"strings"
)

// PCText formats a bytecode offset (16-bit code units) as `dexdump -d`
// prints code addresses: lower-case hex, at least 4 digits ("0032"). A
// negative PC (a callback parameter, data present on entry) is "entry".
func PCText(pc int) string {
	if pc < 0 {
		return "entry"
	}
	h := strconv.FormatUint(uint64(pc), 16)
	if len(h) < 4 {
		h = "0000"[len(h):] + h
	}
	return h
}

// StepMethod names the method of a path step with its class once:
// "Lcom/x/Y;->m(I)V". Step methods are smali references that already
// start with the class; a bare name is prefixed with the step's class.
func StepMethod(st PathStep) string {
	switch {
	case st.Method == "":
		return st.Class
	case st.Class == "" || strings.Contains(st.Method, "->"):
		return st.Method
	}
	return st.Class + "->" + st.Method
}
