package apk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/avast/apkparser"
)

// ErrTooLarge is returned (wrapped) when an entry or an archive exceeds Limits.
var ErrTooLarge = errors.New("exceeds size limit")

// Entry describes one file inside an archive.
type Entry struct {
	Name string `json:"name"`
	// Size and CompressedSize come from the central directory and may lie;
	// they are 0 when the directory could not be read.
	Size           int64 `json:"size"`
	CompressedSize int64 `json:"compressed_size"`
	Method         uint16
	// Encrypted is true when the general-purpose "encrypted" bit is set.
	// Android ignores the bit; so do we, after reporting it.
	Encrypted bool
	Dir       bool
}

// Archive is a bounded, tolerant view of one ZIP (an APK or a bundle).
// It is not safe for concurrent use: reads share one file position.
type Archive struct {
	Name    string // display name used in locations and errors
	zr      *apkparser.ZipReader
	entries []Entry
	byName  map[string]int
	limits  Limits

	// Recovered is true when the central directory could not be read and
	// the entries were recovered by scanning local file headers (a
	// truncated or damaged archive).
	Recovered bool

	mu       sync.Mutex
	inflated int64
}

// OpenArchive reads the directory of a ZIP from r. name is used in errors.
func OpenArchive(name string, r io.ReadSeeker, lim Limits) (a *Archive, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("zip reader panic: %v", p)
		}
	}()
	zr, err := apkparser.OpenZipReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable zip archive: %w", err)
	}
	a = &Archive{Name: name, zr: zr, byName: map[string]int{}, limits: lim}
	for _, f := range zr.FilesOrdered {
		if _, dup := a.byName[f.Name]; dup {
			continue
		}
		e := Entry{Name: f.Name, Dir: f.IsDir}
		if h := f.ZipHeader(); h != nil {
			e.Size = int64(h.UncompressedSize64)
			e.CompressedSize = int64(h.CompressedSize64)
			e.Method = h.Method
			e.Encrypted = h.Flags&0x1 != 0
		} else {
			a.Recovered = true
		}
		a.byName[f.Name] = len(a.entries)
		a.entries = append(a.entries, e)
	}
	if len(a.entries) == 0 {
		zr.Close()
		return nil, errors.New("not a zip archive (no entries found)")
	}
	return a, nil
}

// OpenArchiveBytes is OpenArchive over an in-memory ZIP (nested APKs).
func OpenArchiveBytes(name string, data []byte, lim Limits) (*Archive, error) {
	return OpenArchive(name, bytes.NewReader(data), lim)
}

// Close releases the reader.
func (a *Archive) Close() error { return a.zr.Close() }

// Entries lists the archive's entries in directory order, de-duplicated by
// cleaned name (the first occurrence wins, as on Android).
func (a *Archive) Entries() []Entry { return a.entries }

// Entry returns the named entry.
func (a *Archive) Entry(name string) (Entry, bool) {
	i, ok := a.byName[name]
	if !ok {
		return Entry{}, false
	}
	return a.entries[i], true
}

// Has reports whether the archive holds name.
func (a *Archive) Has(name string) bool { _, ok := a.byName[name]; return ok }

// Glob returns the names matching a path.Match pattern, sorted.
func (a *Archive) Glob(pattern string) []string {
	var out []string
	for _, e := range a.entries {
		if ok, _ := path.Match(pattern, e.Name); ok {
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Inflated reports how many bytes have been inflated so far.
func (a *Archive) Inflated() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.inflated
}

// CheckBomb reports whether the directory announces an entry whose
// compression ratio or size exceeds the limits, without inflating it.
func (a *Archive) CheckBomb(e Entry) error {
	if e.Size > a.limits.MaxTotal {
		return fmt.Errorf("%s: declared size %d %w (archive budget %d): zip bomb?", e.Name, e.Size, ErrTooLarge, a.limits.MaxTotal)
	}
	if e.Size > a.limits.RatioFloor && e.CompressedSize > 0 && e.Size/e.CompressedSize > a.limits.MaxRatio {
		return fmt.Errorf("%s: compression ratio %d:1 %w (max %d:1): zip bomb?", e.Name, e.Size/e.CompressedSize, ErrTooLarge, a.limits.MaxRatio)
	}
	return nil
}

// ReadEntry inflates the named entry, reading at most max bytes (0 means
// Limits.MaxEntry). It fails with ErrTooLarge rather than truncating, and
// charges what it read to the archive's budget.
func (a *Archive) ReadEntry(name string, max int64) (data []byte, err error) {
	return a.ReadEntryInto(nil, name, max)
}

// ReadEntryInto is ReadEntry reusing buf's storage when it is large enough,
// so that a caller inflating many entries one after the other (the DEX
// files of a multidex app) keeps one buffer instead of one per entry.
func (a *Archive) ReadEntryInto(buf []byte, name string, max int64) (data []byte, err error) {
	if max <= 0 || max > a.limits.MaxEntry {
		max = a.limits.MaxEntry
	}
	i, ok := a.byName[name]
	if !ok {
		return nil, fmt.Errorf("%s: no such entry", name)
	}
	e := a.entries[i]
	if err := a.CheckBomb(e); err != nil {
		return nil, err
	}
	if e.Size > max {
		return nil, fmt.Errorf("%s: declared size %d %w (%d)", name, e.Size, ErrTooLarge, max)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	budget := a.limits.MaxTotal - a.inflated
	if budget <= 0 {
		return nil, fmt.Errorf("%s: archive inflated-bytes budget %d %w", name, a.limits.MaxTotal, ErrTooLarge)
	}
	if max > budget {
		max = budget
	}
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("%s: zip reader panic: %v", name, p)
		}
	}()
	f := a.zr.File[name]
	if err := f.Open(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	var lastErr error = fmt.Errorf("%s: no readable data", name)
	want := int(min(max, max64(e.Size, 512)) + 1)
	if cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	for f.Next() {
		b := bytes.NewBuffer(buf[:0])
		n, rerr := io.Copy(b, io.LimitReader(f, max+1))
		a.inflated += n
		if n > max {
			return nil, fmt.Errorf("%s: inflates past %d bytes: %w", name, max, ErrTooLarge)
		}
		if rerr == nil {
			return b.Bytes(), nil
		}
		lastErr = fmt.Errorf("%s: %w", name, rerr)
	}
	return nil, lastErr
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// cleanName reports whether an entry name is safe to show and to use as a
// relative path: no absolute paths, no "..", no control characters. apkscan
// never writes entries to disk, but reports list suspicious names.
func suspiciousName(name string) string {
	switch {
	case strings.HasPrefix(name, "/"):
		return "absolute path"
	case name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../"):
		return "path traversal"
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return "control character in name"
	}
	return ""
}
