package reports

import (
	"regexp"
	"strings"
	"unicode"
)

// ansiSeq matches CSI (ESC [ … final) and OSC (ESC ] … BEL or ST) escape
// sequences and two-character escapes.
var ansiSeq = regexp.MustCompile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(\x07|\x1b\\\\)?|\x1b[@-_]|\u009b[0-?]*[ -/]*[@-~]")

// Sanitize makes an untrusted string safe for a terminal: it removes ANSI
// escape sequences, replaces other control characters (including newlines,
// C1 controls and bidi overrides) with U+FFFD-free visible escapes, and
// caps the length.
func Sanitize(s string, max int) string {
	s = ansiSeq.ReplaceAllString(s, "")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteString("?")
		case r == 0x202a || r == 0x202b || r == 0x202c || r == 0x202d || r == 0x202e ||
			r == 0x2066 || r == 0x2067 || r == 0x2068 || r == 0x2069 || r == 0x200e || r == 0x200f:
			b.WriteString("?") // bidi controls can reorder what a reader sees
		case !unicode.IsPrint(r) && r != ' ':
			b.WriteString("?")
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}
