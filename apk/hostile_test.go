package apk

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/adler32"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// The hostile fixtures are written by ../testdata/hostile/gen (see
// ../testdata/hostile/README.md):
//
//	go run ./testdata/hostile/gen -out testdata/hostile

const hostileDir = "../testdata/hostile"

// memBound bounds what opening one hostile fixture may allocate in total
// and keep in use.
const (
	allocBound = 512 << 20
	heapBound  = 256 << 20
)

// openMeasured opens p and reports the bytes allocated (TotalAlloc delta)
// and the growth of the heap in use while the App is open (after a GC).
func openMeasured(t *testing.T, p string, lim Limits) (*App, uint64, int64, error) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	app, err := Open(p, lim)
	if app != nil {
		for _, cf := range app.CodeFiles() {
			app.ReadCode(cf)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return app, after.TotalAlloc - before.TotalAlloc, int64(after.HeapInuse) - int64(before.HeapInuse), err
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(hostileDir, name)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("fixture missing (run go run ./testdata/hostile/gen -out testdata/hostile): %v", err)
	}
	if fi.Size() >= 1<<20 {
		t.Errorf("%s is %d bytes: fixtures must stay well under 1 MiB", name, fi.Size())
	}
	return p
}

func hasProblem(app *App, sev, substr string) bool {
	for _, p := range app.Problems {
		if (sev == "" || p.Severity == sev) && strings.Contains(p.Error(), substr) {
			return true
		}
	}
	return false
}

// openHostile opens a fixture, checks the memory bounds and that no
// decoder panicked, and returns the App (closed at the end of the test).
func openHostile(t *testing.T, name string, lim Limits) *App {
	t.Helper()
	app, alloc, heap, err := openMeasured(t, fixture(t, name), lim)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { app.Close() })
	failOnPanic(t, nil, app.Problems)
	t.Logf("%s: allocated %d MiB, heap in use +%d MiB, usage %+v", name, alloc>>20, heap>>20, app.BudgetUsage())
	if alloc > allocBound || heap > heapBound {
		t.Errorf("%s: allocated %d MiB (bound %d), heap +%d MiB (bound %d)", name, alloc>>20, allocBound>>20, heap>>20, heapBound>>20)
	}
	return app
}

func TestHostileNestedAmplification(t *testing.T) {
	app := openHostile(t, "nested-amplification.apk", DefaultLimits())
	if !hasProblem(app, SevError, "budget: nested archives: more than 64") {
		t.Errorf("no nested-archives budget problem: %v", app.Problems)
	}
	nested := 0
	for _, s := range app.Splits {
		if s.Nested {
			nested++
		}
	}
	if nested != 64 {
		t.Errorf("%d nested APKs opened, want exactly the budget (64)", nested)
	}
	if u := app.BudgetUsage(); u.HeldBytes > 64<<20 {
		t.Errorf("held %d bytes of nested archives", u.HeldBytes)
	}

	// The inflated-bytes budget is one per scan, shared by every archive.
	lim := DefaultLimits()
	lim.MaxTotal = 16 << 20
	app = openHostile(t, "nested-amplification.apk", lim)
	if !hasProblem(app, SevError, "budget: inflated bytes: more than 16777216 bytes") {
		t.Errorf("no inflated-bytes budget problem: %v", app.Problems)
	}
	if u := app.BudgetUsage(); u.Inflated > lim.MaxTotal {
		t.Errorf("inflated %d bytes, budget %d", u.Inflated, lim.MaxTotal)
	}

	lim = DefaultLimits()
	lim.MaxHeldBytes = 8 << 20
	app = openHostile(t, "nested-amplification.apk", lim)
	if !hasProblem(app, SevError, "budget: archive bytes held in memory: more than 8388608 bytes") {
		t.Errorf("no held-bytes budget problem: %v", app.Problems)
	}
}

func TestHostileDeepNesting(t *testing.T) {
	app := openHostile(t, "deep-nesting.apk", DefaultLimits())
	if !hasProblem(app, "", "budget: nesting depth: more than 2") {
		t.Errorf("no nesting-depth problem: %v", app.Problems)
	}
	var names []string
	for _, s := range app.Splits {
		names = append(names, s.Manifest.Package)
	}
	if len(app.Splits) != 3 || app.Base().Manifest.Package != "com.hostile.deep" {
		t.Errorf("splits %v, want the input and two nested levels", names)
	}
}

func TestHostileAliasedArsc(t *testing.T) {
	app := openHostile(t, "aliased-arsc.apk", DefaultLimits())
	if !hasProblem(app, SevError, "budget: resource string bytes: more than") {
		t.Errorf("no string budget problem: %v", app.Problems)
	}
	res := app.Base().Resources
	if res == nil || len(res.Strings) != 1<<20 {
		t.Fatalf("resources not decoded partially: %v", res != nil)
	}
	// A million indexes aliasing offset 0 share one decoded string.
	if a, b := res.Strings[0], res.Strings[1<<19]; len(a) == 0 || a != b || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("aliased strings are not shared (len %d)", len(a))
	}
	if u := app.BudgetUsage(); u.StringBytes > DefaultLimits().MaxStringBytes {
		t.Errorf("string bytes %d over budget", u.StringBytes)
	}
	if app.Base().Manifest.Package != "com.hostile.arsc" {
		t.Errorf("manifest lost: %q", app.Base().Manifest.Package)
	}
}

// aapt returns `aapt dump badging`'s package name, or skips.
func aaptPackage(t *testing.T, p string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("aapt"); err != nil {
		t.Skip("aapt not installed (Debian package aapt): cannot compare with the platform's reader")
	}
	out, err := exec.Command("aapt", "dump", "badging", p).CombinedOutput()
	m := regexp.MustCompile(`(?m)^package: name='([^']*)'`).FindSubmatch(out)
	if m == nil {
		if err == nil {
			err = errors.New(string(out))
		}
		return "", err
	}
	return string(m[1]), nil
}

// dexdumpChecksums returns the checksums of the DEX files dexdump reads.
func dexdumpChecksums(t *testing.T, p string) ([]string, error) {
	t.Helper()
	if _, err := exec.LookPath("dexdump"); err != nil {
		t.Skip("dexdump not installed (Debian package dexdump): cannot compare with the platform's reader")
	}
	out, err := exec.Command("dexdump", "-f", p).CombinedOutput()
	var sums []string
	for _, m := range regexp.MustCompile(`(?m)^checksum\s*:\s*([0-9a-f]{8})`).FindAllSubmatch(out, -1) {
		sums = append(sums, string(m[1]))
	}
	if len(sums) == 0 && err == nil {
		err = errors.New(string(out))
	}
	return sums, err
}

// codeChecksums lists the header checksums of the DEX files apkscan
// would analyse, after checking they match the content.
func codeChecksums(t *testing.T, app *App) []string {
	t.Helper()
	var sums []string
	for _, cf := range app.CodeFiles() {
		if cf.Secondary {
			continue
		}
		b, err := app.ReadCode(cf)
		if err != nil || len(b) < 12 {
			t.Fatalf("%s: %v", cf.Name(), err)
		}
		sum := uint32(b[8]) | uint32(b[9])<<8 | uint32(b[10])<<16 | uint32(b[11])<<24
		if adler32.Checksum(b[12:]) != sum {
			t.Errorf("%s: header checksum does not match", cf.Name())
		}
		sums = append(sums, hex8(sum))
	}
	return sums
}

func hex8(v uint32) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b)
}

func TestHostileDecoyManifest(t *testing.T) {
	app := openHostile(t, "decoy-manifest.apk", DefaultLimits())
	if got := app.Base().Manifest.Package; got != "com.hostile.real" {
		t.Errorf("apkscan reads package %q, want the real manifest's com.hostile.real", got)
	}
	if !hasProblem(app, SevError, `ambiguous archive: possible parser-differential evasion: entry "./AndroidManifest.xml"`) {
		t.Errorf("decoy not reported: %v", app.Problems)
	}
	want, err := aaptPackage(t, fixture(t, "decoy-manifest.apk"))
	if err != nil {
		t.Fatalf("aapt: %v", err)
	}
	if got := app.Base().Manifest.Package; got != want {
		t.Errorf("apkscan reads package %q, aapt %q", got, want)
	}
}

func testDecoyDex(t *testing.T, name, decoy string) {
	app := openHostile(t, name, DefaultLimits())
	if !hasProblem(app, SevError, "ambiguous archive: possible parser-differential evasion: ") || !hasProblem(app, SevError, decoy) {
		t.Errorf("decoy %q not reported: %v", decoy, app.Problems)
	}
	var entries []string
	for _, cf := range app.CodeFiles() {
		entries = append(entries, cf.Name())
	}
	if len(entries) != 1 || entries[0] != "classes.dex" {
		t.Errorf("code files %v, want [classes.dex]", entries)
	}
	got := codeChecksums(t, app)
	want, err := dexdumpChecksums(t, fixture(t, name))
	if err != nil {
		t.Fatalf("dexdump: %v", err)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("apkscan analyses DEX %v, dexdump reads %v", got, want)
	}
}

func TestHostileDecoyDex(t *testing.T) { testDecoyDex(t, "decoy-dex.apk", `"./classes.dex"`) }
func TestHostileDexNamedDir(t *testing.T) {
	testDecoyDex(t, "dex-named-dir.apk", `directory entry "classes.dex/"`)
}

// TestHostileDuplicateEntries: libziparchive refuses an archive with
// duplicate names (so do aapt and dexdump, which read through it);
// apkscan reads the first of each and reports an ambiguity error.
func TestHostileDuplicateEntries(t *testing.T) {
	app := openHostile(t, "duplicate-entries.apk", DefaultLimits())
	for _, n := range []string{"AndroidManifest.xml", "classes.dex"} {
		if !hasProblem(app, SevError, `ambiguous archive: possible parser-differential evasion: 2 entries named "`+n+`"`) {
			t.Errorf("duplicate %s not reported: %v", n, app.Problems)
		}
	}
	if got := app.Base().Manifest.Package; got != "com.hostile.first" {
		t.Errorf("package %q, want the first entry's", got)
	}
	if len(app.CodeFiles()) != 1 {
		t.Errorf("code files %v, want one", app.CodeFiles())
	}
	if pkg, err := aaptPackage(t, fixture(t, "duplicate-entries.apk")); err == nil {
		t.Errorf("aapt accepted an archive with duplicate entries (package %q): the documented libziparchive behaviour changed", pkg)
	}
	if sums, err := dexdumpChecksums(t, fixture(t, "duplicate-entries.apk")); err == nil && len(sums) > 0 {
		t.Errorf("dexdump read %v from an archive with duplicate entries", sums)
	}
}

func TestHostileManyV1Signatures(t *testing.T) {
	app := openHostile(t, "many-v1-signatures.apk", DefaultLimits())
	if !hasProblem(app, "", "budget: v1 signature files: more than 64") {
		t.Errorf("no v1 file budget problem: %v", app.Problems)
	}
	if len(app.Base().Signers) != 8 {
		t.Errorf("%d signers, want the 8 distinct certificates", len(app.Base().Signers))
	}
	if u := app.BudgetUsage(); u.V1SigFiles != 64 || u.V1Certs != 64*8 {
		t.Errorf("usage %+v", u)
	}
	lim := DefaultLimits()
	lim.MaxV1SigFiles = 1000
	app = openHostile(t, "many-v1-signatures.apk", lim)
	if !hasProblem(app, "", "budget: v1 certificates: more than 1024") {
		t.Errorf("no v1 certificate budget problem: %v", app.Problems)
	}
}

// TestBudgetIsPerScan: the nested archives of a bundle's splits and of the
// APK share one count.
func TestBudgetIsPerScan(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxNestedArchives = 5
	app := openHostile(t, "nested-amplification.apk", lim)
	if u := app.BudgetUsage(); u.NestedArchives != 5 {
		t.Errorf("usage %+v, want 5 nested archives", u)
	}
	if !hasProblem(app, SevError, "budget: nested archives: more than 5") {
		t.Errorf("problems %v", app.Problems)
	}
}

// TestManifestCharged: the decoded manifest tree is charged to the scan's
// string budget (the manifests of many nested APKs add up).
func TestManifestCharged(t *testing.T) {
	app := openHostile(t, "nested-amplification.apk", DefaultLimits())
	if u := app.BudgetUsage(); u.StringBytes == 0 {
		t.Errorf("manifests not charged: %+v", u)
	}
	lim := DefaultLimits()
	lim.MaxStringBytes = 2000
	app = openHostile(t, "nested-amplification.apk", lim)
	if !hasProblem(app, SevError, "budget: resource string bytes: more than 2000 bytes") {
		t.Errorf("problems %v", app.Problems)
	}
}

// TestSpecialFiles: a FIFO (alone or in a split directory) is refused
// without blocking.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.apk")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	split := filepath.Join(dir, "splits")
	os.Mkdir(split, 0o755)
	raw, err := os.ReadFile(fixture(t, "decoy-manifest.apk"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(split, "base.apk"), raw, 0o644)
	if err := syscall.Mkfifo(filepath.Join(split, "split_config.x86.apk"), 0o600); err != nil {
		t.Fatal(err)
	}
	type result struct {
		app *App
		err error
	}
	open := func(p string, peek bool) result {
		ch := make(chan result, 1)
		go func() {
			if peek {
				_, err := PeekManifest(p, DefaultLimits())
				ch <- result{nil, err}
				return
			}
			app, err := Open(p, DefaultLimits())
			ch <- result{app, err}
		}()
		select {
		case r := <-ch:
			return r
		case <-time.After(10 * time.Second):
			t.Fatalf("opening %s blocked", p)
			return result{}
		}
	}
	r := open(fifo, false)
	var ie *InputError
	if !errors.As(r.err, &ie) || r.err.Error() != fifo+": is a named pipe, not a regular file" {
		t.Errorf("FIFO input: got %v", r.err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := OpenRegular(fifo)
		if f != nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.As(err, &ie) || err.Error() != fifo+": is a named pipe, not a regular file" {
			t.Errorf("OpenRegular on a FIFO: got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OpenRegular on a FIFO blocked")
	}
	if r := open(fifo, true); r.err == nil || !strings.Contains(r.err.Error(), "is a named pipe, not a regular file") {
		t.Errorf("PeekManifest on a FIFO: got %v", r.err)
	}
	r = open(split, false)
	if r.err != nil {
		t.Fatalf("split directory: %v", r.err)
	}
	defer r.app.Close()
	if !hasProblem(r.app, SevError, "split_config.x86.apk: is a named pipe, not a regular file") {
		t.Errorf("FIFO member not reported: %v", r.app.Problems)
	}
	if r.app.Base().Manifest.Package != "com.hostile.real" {
		t.Errorf("base split not read")
	}
}

// TestBudgetHeadroom measures what real apps use of each budget (the
// maxima quoted in Limits' comments) and checks the defaults leave a wide
// margin.
func TestBudgetHeadroom(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the shared corpus")
	}
	var files []string
	for _, sub := range []string{"realworld", "large", "peers", "droidbench/apk"} {
		dir := filepath.Join("..", "..", "shared", "corpus", sub)
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("../shared/corpus/%s not present: %v", sub, err)
		}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".apk") {
				files = append(files, p)
			}
			return nil
		})
	}
	var max Usage
	var maxEntry, maxManifest, maxArsc int64
	for _, p := range files {
		app, err := Open(p, DefaultLimits())
		if err != nil {
			continue
		}
		for _, cf := range app.CodeFiles() {
			app.ReadCode(cf)
		}
		u := app.BudgetUsage()
		max.Inflated = max64(max.Inflated, u.Inflated)
		max.NestedArchives = maxInt(max.NestedArchives, u.NestedArchives)
		max.NestedDepth = maxInt(max.NestedDepth, u.NestedDepth)
		max.HeldBytes = max64(max.HeldBytes, u.HeldBytes)
		max.StringBytes = max64(max.StringBytes, u.StringBytes)
		max.V1SigFiles = maxInt(max.V1SigFiles, u.V1SigFiles)
		max.V1Certs = maxInt(max.V1Certs, u.V1Certs)
		for _, s := range app.Splits {
			for _, e := range s.Archive.Entries() {
				maxEntry = max64(maxEntry, e.Size)
				switch e.Name {
				case "AndroidManifest.xml":
					maxManifest = max64(maxManifest, e.Size)
				case "resources.arsc":
					maxArsc = max64(maxArsc, e.Size)
				}
			}
		}
		for _, pr := range app.Problems {
			if errors.Is(pr.Err, ErrBudget) {
				t.Errorf("%s: a real app reached a budget: %v", p, pr)
			}
			if strings.Contains(pr.Err.Error(), ambiguityPrefix) {
				t.Errorf("%s: a real app is reported ambiguous: %v", p, pr)
			}
		}
		app.Close()
	}
	t.Logf("%d APKs: max usage %+v; largest entry %d, manifest %d, resources.arsc %d bytes", len(files), max, maxEntry, maxManifest, maxArsc)
	d := DefaultLimits()
	if max.Inflated*8 > d.MaxTotal || max.StringBytes*8 > d.MaxStringBytes || max.HeldBytes*8 > d.MaxHeldBytes ||
		max.V1SigFiles*8 > d.MaxV1SigFiles || max.V1Certs*8 > d.MaxV1Certs || max.NestedArchives*8 > d.MaxNestedArchives ||
		maxEntry*8 > d.MaxEntry {
		t.Errorf("a default leaves less than an 8x margin over real apps: %+v", max)
	}
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// TestAmbiguousNames: every kind of non-canonical alias of a name Android
// reads (or of another entry) is an ambiguity error, never chosen; plain
// directory entries and canonical names are not reported.
func TestAmbiguousNames(t *testing.T) {
	cases := []struct {
		names []string // written in this order; the last is the real one
		want  string   // "" = no ambiguity
	}{
		{[]string{"./AndroidManifest.xml"}, `entry "./AndroidManifest.xml" is a non-canonical name for "AndroidManifest.xml"`},
		{[]string{"/AndroidManifest.xml"}, `entry "/AndroidManifest.xml"`},
		{[]string{"res/../AndroidManifest.xml"}, `entry "res/../AndroidManifest.xml"`},
		{[]string{`.\AndroidManifest.xml`}, `entry ".\\AndroidManifest.xml"`},
		{[]string{"META-INF//CERT.RSA"}, `entry "META-INF//CERT.RSA" is a non-canonical name for "META-INF/CERT.RSA"`},
		{[]string{"./classes2.dex"}, `"./classes2.dex"`},
		{[]string{"assets//x.bin", "assets/x.bin"}, `entry "assets//x.bin" is a non-canonical name for "assets/x.bin"`},
		{[]string{"resources.arsc/"}, `directory entry "resources.arsc/"`},
		{[]string{"res/", "assets/", "assets/x.bin", "res/raw/a.txt"}, ""},
		{[]string{"assets/./y.bin"}, ""}, // an alias of nothing Android reads
	}
	for _, c := range cases {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range c.names {
			w, _ := zw.Create(n)
			w.Write([]byte("decoy"))
		}
		w, _ := zw.Create("AndroidManifest.xml")
		w.Write([]byte("real"))
		zw.Close()
		a, err := OpenArchiveBytes("t.apk", buf.Bytes(), DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(a.Ambiguities(), "\n")
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q: ambiguities %q, want %q", c.names, got, c.want)
		}
		if data, err := a.ReadEntry("AndroidManifest.xml", 0); err != nil || string(data) != "real" {
			t.Errorf("%q: AndroidManifest.xml reads %q, %v", c.names, data, err)
		}
	}
}
