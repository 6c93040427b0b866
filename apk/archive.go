package apk

import (
	"archive/zip"
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

// errPanic is wrapped by the errors that report a recovered panic of a
// decoder: a bug to fix, never an expected outcome (the fuzz targets fail
// on it).
var errPanic = errors.New("panic")

// ambiguityPrefix starts every problem about names that two parsers may
// resolve differently.
const ambiguityPrefix = "ambiguous archive: possible parser-differential evasion: "

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
	// Dir is true when the name ends in "/" (how libziparchive tells a
	// directory entry; the external attributes are not consulted).
	Dir bool
}

// Archive is a bounded, tolerant view of one ZIP (an APK or a bundle).
// Reads are serialised: it is safe for concurrent use but reads do not
// run in parallel.
//
// Entries are looked up by their EXACT name, as Android's libziparchive
// and PackageManager do: "./AndroidManifest.xml" is not
// "AndroidManifest.xml". Names that another parser could resolve to a
// different entry are listed by Ambiguities.
type Archive struct {
	Name    string // display name used in locations and errors
	entries []Entry
	files   []*zip.File // parallel to entries; nil when Recovered
	byName  map[string]int
	limits  Limits
	budget  *budget

	// Recovered is true when the central directory could not be read and
	// the entries were recovered by scanning local file headers (a
	// truncated or damaged archive).
	Recovered bool
	rz        *apkparser.ZipReader // the recovering reader, when Recovered

	ambiguities []string

	mu       sync.Mutex
	inflated int64
}

// OpenArchive reads the directory of a ZIP from r. name is used in errors.
// The archive gets a budget of its own; archives opened by Open share the
// scan's budget.
func OpenArchive(name string, r io.ReadSeeker, lim Limits) (a *Archive, err error) {
	return openArchive(name, r, lim, newBudget(lim))
}

// OpenArchiveBytes is OpenArchive over an in-memory ZIP (nested APKs).
func OpenArchiveBytes(name string, data []byte, lim Limits) (*Archive, error) {
	return OpenArchive(name, bytes.NewReader(data), lim)
}

// seekReaderAt gives random access over an io.ReadSeeker without ReadAt.
type seekReaderAt struct {
	mu sync.Mutex
	r  io.ReadSeeker
}

func (s *seekReaderAt) ReadAt(b []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.r.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	return io.ReadFull(s.r, b)
}

func openArchive(name string, r io.ReadSeeker, lim Limits, b *budget) (a *Archive, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, fmt.Errorf("zip reader %w: %v", errPanic, p)
		}
	}()
	lim = lim.withDefaults()
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	ra, ok := r.(io.ReaderAt)
	if !ok {
		ra = &seekReaderAt{r: r}
	}
	a = &Archive{Name: name, byName: map[string]int{}, limits: lim, budget: b}
	zr, zerr := readCentralDirectory(ra, size)
	if errors.Is(zerr, errPanic) {
		return nil, zerr
	}
	if zr != nil {
		a.indexCentralDirectory(zr)
	} else {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		rz, err := apkparser.OpenZipReader(r)
		if err != nil {
			if zerr != nil {
				err = zerr
			}
			return nil, fmt.Errorf("not a readable zip archive: %w", err)
		}
		a.indexRecovered(rz)
	}
	if len(a.entries) == 0 {
		a.Close()
		return nil, errors.New("not a zip archive (no entries found)")
	}
	a.findAmbiguities()
	return a, nil
}

func readCentralDirectory(ra io.ReaderAt, size int64) (zr *zip.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			zr, err = nil, fmt.Errorf("zip central directory %w: %v", errPanic, p)
		}
	}()
	zr, err = zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	if zr == nil || len(zr.File) == 0 {
		return nil, errors.New("empty central directory")
	}
	return zr, nil
}

// indexCentralDirectory records the entries by exact name. Entries with
// the same exact name are duplicates: libziparchive (Android's installer,
// aapt and dexdump all read APKs through it) refuses such an archive with
// kDuplicateEntry, so Android never installs it and no parser of the
// platform picks one of them. apkscan keeps the FIRST occurrence (what
// the pre-4.4 native installer read, and what archive/zip-style readers
// return) so that the report is not empty, and reports the duplicates as
// an ambiguity error: the report then says that it shows one of several
// candidates.
func (a *Archive) indexCentralDirectory(zr *zip.Reader) {
	dups := map[string]int{}
	for _, f := range zr.File {
		if _, dup := a.byName[f.Name]; dup {
			dups[f.Name]++
			continue
		}
		// Android treats every method but 0 (stored) as deflate, except
		// for AndroidManifest.xml and resources.arsc, read as stored
		// (the platform's asset manager maps them).
		if f.Method != zip.Store && f.Method != zip.Deflate {
			switch f.Name {
			case "AndroidManifest.xml", "resources.arsc":
				f.Method = zip.Store
				f.CompressedSize64 = f.UncompressedSize64
			default:
				f.Method = zip.Deflate
			}
		}
		e := Entry{
			Name:           f.Name,
			Dir:            strings.HasSuffix(f.Name, "/"),
			Size:           int64(min(f.UncompressedSize64, 1<<62)),
			CompressedSize: int64(min(f.CompressedSize64, 1<<62)),
			Method:         f.Method,
			Encrypted:      f.Flags&0x1 != 0,
		}
		a.byName[f.Name] = len(a.entries)
		a.entries = append(a.entries, e)
		a.files = append(a.files, f)
	}
	names := make([]string, 0, len(dups))
	for n := range dups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a.ambiguities = append(a.ambiguities, fmt.Sprintf("%s%d entries named %q (Android's libziparchive refuses an archive with duplicate names; apkscan reads the first)", ambiguityPrefix, dups[n]+1, sanitizeName(n)))
	}
}

// indexRecovered lists what the local-header scan found. Its reader
// cleans names (path.Clean) and merges duplicates; Android cannot read
// such an archive at all (no central directory), which is reported.
func (a *Archive) indexRecovered(rz *apkparser.ZipReader) {
	a.Recovered = true
	a.rz = rz
	seen := map[*apkparser.ZipReaderFile]bool{}
	for _, f := range rz.FilesOrdered {
		if seen[f] {
			a.ambiguities = append(a.ambiguities, fmt.Sprintf("%sseveral local headers named %q in an archive without central directory", ambiguityPrefix, sanitizeName(f.Name)))
			continue
		}
		seen[f] = true
		e := Entry{Name: f.Name, Dir: f.IsDir}
		if h := f.ZipHeader(); h != nil {
			e.Size = int64(min(h.UncompressedSize64, 1<<62))
			e.CompressedSize = int64(min(h.CompressedSize64, 1<<62))
			e.Method = h.Method
			e.Encrypted = h.Flags&0x1 != 0
		}
		a.byName[f.Name] = len(a.entries)
		a.entries = append(a.entries, e)
	}
}

// canonicalName is how a lenient reader (path.Clean, backslashes as
// separators, leading slashes dropped) would resolve an entry name.
func canonicalName(n string) string {
	c := path.Clean(strings.ReplaceAll(n, `\`, "/"))
	c = strings.TrimLeft(c, "/")
	if c == "." {
		return ""
	}
	return c
}

// androidReads reports whether the platform reads the entry by this exact
// name when it installs or runs the app.
func androidReads(name string) bool {
	return name == "AndroidManifest.xml" || name == "resources.arsc" ||
		isPrimaryDex(name) || strings.HasPrefix(name, "META-INF/")
}

// findAmbiguities lists non-canonical names that resolve to a name Android
// reads or to another entry, and directory entries named like such a file.
func (a *Archive) findAmbiguities() {
	for _, e := range a.entries {
		n := strings.TrimSuffix(e.Name, "/")
		c := canonicalName(n)
		if e.Dir {
			if androidReads(n) || a.isFile(n) {
				a.ambiguities = append(a.ambiguities, fmt.Sprintf("%sdirectory entry %q is named like the file %q; apkscan, like Android, reads only a file entry of that exact name", ambiguityPrefix, sanitizeName(e.Name), sanitizeName(n)))
				continue
			}
		}
		if c == n || c == "" {
			continue
		}
		if androidReads(c) || a.isFile(c) {
			a.ambiguities = append(a.ambiguities, fmt.Sprintf("%sentry %q is a non-canonical name for %q; apkscan, like Android, reads only the entry named exactly %q", ambiguityPrefix, sanitizeName(e.Name), sanitizeName(c), sanitizeName(c)))
		}
	}
}

func (a *Archive) isFile(name string) bool {
	i, ok := a.byName[name]
	return ok && !a.entries[i].Dir
}

// Ambiguities lists the entry-name problems found when the archive was
// opened (duplicates, non-canonical aliases of names Android reads,
// directories named like such files); each starts with
// "ambiguous archive: possible parser-differential evasion: ".
func (a *Archive) Ambiguities() []string { return a.ambiguities }

// Close releases the reader.
func (a *Archive) Close() error {
	if a.rz != nil {
		return a.rz.Close()
	}
	return nil
}

// Entries lists the archive's entries in directory order, one per exact
// name (the first of duplicates; see Ambiguities).
func (a *Archive) Entries() []Entry { return a.entries }

// Entry returns the entry with exactly this name.
func (a *Archive) Entry(name string) (Entry, bool) {
	i, ok := a.byName[name]
	if !ok {
		return Entry{}, false
	}
	return a.entries[i], true
}

// Has reports whether the archive holds a file entry of exactly this name
// (a directory entry "x/" does not make Has("x") true).
func (a *Archive) Has(name string) bool { return a.isFile(name) }

// Glob returns the file names matching a path.Match pattern, sorted.
func (a *Archive) Glob(pattern string) []string {
	var out []string
	for _, e := range a.entries {
		if e.Dir {
			continue
		}
		if ok, _ := path.Match(pattern, e.Name); ok {
			out = append(out, e.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Inflated reports how many bytes have been inflated from this archive.
func (a *Archive) Inflated() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.inflated
}

// CheckBomb reports whether the directory announces an entry whose
// compression ratio or size exceeds the limits, without inflating it.
func (a *Archive) CheckBomb(e Entry) error {
	if e.Size > a.limits.MaxTotal {
		return fmt.Errorf("%s: declared size %d %w (scan budget %d): zip bomb?", e.Name, e.Size, ErrTooLarge, a.limits.MaxTotal)
	}
	if e.Size > a.limits.RatioFloor && e.CompressedSize > 0 && e.Size/e.CompressedSize > a.limits.MaxRatio {
		return fmt.Errorf("%s: compression ratio %d:1 %w (max %d:1): zip bomb?", e.Name, e.Size/e.CompressedSize, ErrTooLarge, a.limits.MaxRatio)
	}
	return nil
}

// ReadEntry inflates the named entry, reading at most max bytes (0 means
// Limits.MaxEntry). It fails with ErrTooLarge rather than truncating, and
// charges what it read to the scan's inflated-bytes budget (a
// *BudgetError once that is spent).
func (a *Archive) ReadEntry(name string, max int64) (data []byte, err error) {
	return a.ReadEntryInto(nil, name, max)
}

// initialCap bounds the buffer allocated up front from a declared size,
// which may lie: the buffer grows as real bytes arrive.
const initialCap = 4 << 20

// ReadEntryInto is ReadEntry reusing buf's storage when it is large enough,
// so that a caller inflating many entries one after the other (the DEX
// files of a multidex app) keeps one buffer instead of one per entry.
func (a *Archive) ReadEntryInto(buf []byte, name string, max int64) (data []byte, err error) {
	if max <= 0 || max > a.limits.MaxEntry {
		max = a.limits.MaxEntry
	}
	i, ok := a.byName[name]
	if !ok || a.entries[i].Dir {
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
	room := a.budget.inflateRoom()
	if room <= 0 || e.Size >= room {
		return nil, fmt.Errorf("%s: %w", name, a.budget.inflatedErr())
	}
	overBudget := false
	if max >= room {
		// One byte more than max is read to detect overflow: stay within.
		max, overBudget = room-1, true
	}
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("%s: zip reader %w: %v", name, errPanic, p)
		}
	}()
	want := int(min(max, max64(e.Size, 512), initialCap) + 1)
	if cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	tooBig := func() error {
		if overBudget {
			return fmt.Errorf("%s: %w", name, a.budget.inflatedErr())
		}
		return fmt.Errorf("%s: inflates past %d bytes: %w", name, max, ErrTooLarge)
	}
	if a.Recovered {
		return a.readRecovered(buf, name, max, tooBig)
	}
	rc, err := a.files[i].Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	data, rerr := readSized(io.LimitReader(rc, max+1), buf[:0], e.Size)
	n := int64(len(data))
	a.charge(n)
	if n > max {
		return nil, tooBig()
	}
	if rerr != nil {
		return nil, fmt.Errorf("%s: %w", name, rerr)
	}
	return data, nil
}

// readSized reads r to EOF, appending to b. The buffer doubles as bytes
// arrive, except that a growth which can hold the declared size (plus the
// byte that sees EOF) is made exactly that large: an entry larger than
// initialCap then costs one extra buffer rather than a chain of doublings,
// and the kept slice has no spare capacity. The declared size never
// allocates more than doubling would.
func readSized(r io.Reader, b []byte, declared int64) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			c := max(2*cap(b), 512)
			if declared >= int64(len(b)) && declared < int64(c) {
				c = int(declared) + 1
			}
			nb := make([]byte, len(b), c)
			copy(nb, b)
			b = nb
		}
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func (a *Archive) charge(n int64) {
	a.inflated += n
	a.budget.chargeInflated(n)
}

func (a *Archive) readRecovered(buf []byte, name string, max int64, tooBig func() error) ([]byte, error) {
	f := a.rz.File[name]
	if f == nil {
		return nil, fmt.Errorf("%s: no such entry", name)
	}
	if err := f.Open(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	var lastErr error = fmt.Errorf("%s: no readable data", name)
	for f.Next() {
		b := bytes.NewBuffer(buf[:0])
		n, rerr := io.Copy(b, io.LimitReader(f, max+1))
		a.charge(n)
		if n > max {
			return nil, tooBig()
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

// suspiciousName reports whether an entry name is unsafe to show or to use
// as a relative path: absolute paths, "..", control characters. apkscan
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
