package dex

import (
	"unicode/utf8"
	"unsafe"
)

// decodeMUTF8 decodes the NUL-terminated Modified UTF-8 string that starts
// at b[p]. ASCII strings (the overwhelming majority) are returned without
// copying: the result aliases b. Other strings are converted to UTF-8; a
// surrogate pair encoded as two 3-byte sequences (CESU-8) becomes one
// rune, "\xC0\x80" becomes U+0000 and invalid sequences or lone
// surrogates become U+FFFD. It returns false when no terminating NUL is
// found before the end of b.
func decodeMUTF8(b []byte, p int) (string, bool) {
	i := p
	for i < len(b) {
		c := b[i]
		if c == 0 {
			if i == p {
				return "", true
			}
			return unsafe.String(&b[p], i-p), true
		}
		if c >= 0x80 {
			return decodeMUTF8Slow(b, p, i)
		}
		i++
	}
	return "", false
}

// mutf8Len returns the number of bytes before the terminating NUL starting
// at b[p], and whether every byte is ASCII.
func mutf8Scan(b []byte, p int) (n int, ascii, ok bool) {
	ascii = true
	for i := p; i < len(b); i++ {
		c := b[i]
		if c == 0 {
			return i - p, ascii, true
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	return 0, false, false
}

func decodeMUTF8Slow(b []byte, p, i int) (string, bool) {
	n, _, ok := mutf8Scan(b, i)
	if !ok {
		return "", false
	}
	end := i + n
	out := make([]byte, 0, end-p+8)
	out = append(out, b[p:i]...)
	out = appendMUTF8(out, b[i:end])
	return unsafe.String(unsafe.SliceData(out), len(out)), true
}

// appendMUTF8 converts the Modified UTF-8 bytes in src (no terminator) to
// UTF-8 and appends them to dst.
func appendMUTF8(dst, src []byte) []byte {
	var pending rune = -1 // pending high surrogate
	flush := func() {
		if pending >= 0 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
			pending = -1
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		var r rune
		switch {
		case c < 0x80:
			r = rune(c)
			i++
		case c&0xe0 == 0xc0 && i+1 < len(src) && src[i+1]&0xc0 == 0x80:
			r = rune(c&0x1f)<<6 | rune(src[i+1]&0x3f)
			i += 2
		case c&0xf0 == 0xe0 && i+2 < len(src) && src[i+1]&0xc0 == 0x80 && src[i+2]&0xc0 == 0x80:
			r = rune(c&0x0f)<<12 | rune(src[i+1]&0x3f)<<6 | rune(src[i+2]&0x3f)
			i += 3
		default:
			flush()
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
			continue
		}
		switch {
		case r >= 0xd800 && r <= 0xdbff:
			flush()
			pending = r
			continue
		case r >= 0xdc00 && r <= 0xdfff:
			if pending >= 0 {
				r = 0x10000 + (pending-0xd800)<<10 + (r - 0xdc00)
				pending = -1
			} else {
				r = utf8.RuneError
			}
		default:
			flush()
		}
		dst = utf8.AppendRune(dst, r)
	}
	flush()
	return dst
}
