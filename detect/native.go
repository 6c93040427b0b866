package detect

import "bytes"

// urlsInBinary finds the printable-ASCII runs around every "://" in a
// binary (native library, opaque asset) and calls fn with each run. It is
// linear in len(data) and allocates only for the runs it reports.
func urlsInBinary(data []byte, fn func(run string)) {
	sep := []byte("://")
	off := 0
	lastEnd := -1
	for {
		i := bytes.Index(data[off:], sep)
		if i < 0 {
			return
		}
		i += off
		start := i
		for start > 0 && printable(data[start-1]) && i-start < 2048 {
			start--
		}
		end := i + len(sep)
		for end < len(data) && printable(data[end]) && end-i < 4096 {
			end++
		}
		if start >= lastEnd {
			fn(string(data[start:end]))
		}
		lastEnd = end
		off = end
		if off >= len(data) {
			return
		}
	}
}

func printable(b byte) bool { return b >= 0x20 && b < 0x7f }
