package apk

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// The fuzz targets go through the entry points that scans use (Open on a
// file, then CodeFiles/ReadCode) and FAIL when a decoder panicked (every
// recovered panic wraps errPanic) or when an input of at most 1 MiB makes
// the scan allocate more than fuzzAllocBound. Run each one with e.g.
//
//	go test ./apk -run '^$' -fuzz '^FuzzOpen$' -fuzztime 20s

const fuzzAllocBound = 512 << 20

// seedFiles lists the seeds: the generated hostile fixtures, the project's
// own fixtures, and the malformed and peer APKs of ../shared when present.
func seedFiles() []string {
	var files []string
	for _, pat := range []string{
		"../testdata/hostile/*.apk",
		"../testdata/apks/*.apk", "../testdata/broken/*.apk",
		"../../shared/corpus/malformed/*.apk", "../../shared/corpus/malformed/apktool/*.apk",
	} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	return files
}

// seedAPKs feeds extract with each seed that fits in 1 MiB; a is nil when
// the seed is not a readable zip.
func seedAPKs(f *testing.F, extract func(a *Archive, raw []byte)) {
	for _, p := range seedFiles() {
		raw, err := os.ReadFile(p)
		if err != nil || len(raw) > 1<<20 {
			continue
		}
		a, err := OpenArchiveBytes(filepath.Base(p), raw, DefaultLimits())
		if err != nil {
			extract(nil, raw)
			continue
		}
		extract(a, raw)
		a.Close()
	}
}

// allocated runs fn and returns the bytes it allocated (TotalAlloc delta;
// the fuzz engine runs one input at a time per process).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// failOnPanic fails when err or one of the problems reports a recovered
// panic.
func failOnPanic(t *testing.T, err error, probs []Problem) {
	t.Helper()
	if errors.Is(err, errPanic) {
		t.Fatalf("recovered panic: %v", err)
	}
	for _, p := range probs {
		if errors.Is(p.Err, errPanic) {
			t.Fatalf("recovered panic in a problem: %v", p)
		}
	}
}

// scanBytes writes data to a file named name in dir and runs what a scan
// runs: Open, CodeFiles, ReadCode of every DEX.
func scanBytes(t *testing.T, dir, name string, data []byte) {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var app *App
	var err error
	n := allocated(func() {
		app, err = Open(p, DefaultLimits())
		if err != nil {
			return
		}
		var buf []byte
		for _, cf := range app.CodeFiles() {
			var rerr error
			if buf, rerr = app.ReadCodeInto(buf, cf); errors.Is(rerr, errPanic) {
				t.Fatalf("ReadCode %s: %v", cf.Name(), rerr)
			}
		}
	})
	if app != nil {
		failOnPanic(t, nil, app.Problems)
		app.Close()
	} else {
		failOnPanic(t, err, nil)
	}
	if len(data) <= 1<<20 && n > fuzzAllocBound {
		t.Fatalf("%d-byte input allocated %d MiB (bound %d MiB)", len(data), n>>20, fuzzAllocBound>>20)
	}
}

// FuzzOpen: any bytes as an .apk file.
func FuzzOpen(f *testing.F) {
	seedAPKs(f, func(_ *Archive, raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, data []byte) {
		scanBytes(t, t.TempDir(), "fuzz.apk", data)
	})
}

// FuzzOpenBundle: the input as a bundle (.apks) whose splits are the seeds.
func FuzzOpenBundle(f *testing.F) {
	seedAPKs(f, func(a *Archive, raw []byte) {
		if a != nil && len(raw) < 256<<10 {
			f.Add(bundleOf(raw))
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		scanBytes(t, t.TempDir(), "fuzz.apks", data)
	})
}

// bundleOf wraps an APK as base.apk of a .apks bundle.
func bundleOf(apkBytes []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("base.apk")
	w.Write(apkBytes)
	zw.Close()
	return buf.Bytes()
}

// FuzzManifest: binary XML as AndroidManifest.xml of an otherwise valid APK.
func FuzzManifest(f *testing.F) {
	seedAPKs(f, func(a *Archive, _ []byte) {
		if a == nil {
			return
		}
		if m, err := a.ReadEntry("AndroidManifest.xml", 1<<20); err == nil {
			f.Add(m)
		}
	})
	f.Add([]byte(`<manifest package="x"><application/></manifest>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		n := allocated(func() { _, _, err = parseManifest(data, nil, nil) })
		failOnPanic(t, err, nil)
		if n > fuzzAllocBound {
			t.Fatalf("%d-byte manifest allocated %d MiB", len(data), n>>20)
		}
	})
}

// FuzzResources: resources.arsc bytes, decoded both by apkscan's reader and
// by the XML layer's (as the manifest's reference resolver).
func FuzzResources(f *testing.F) {
	seedAPKs(f, func(a *Archive, _ []byte) {
		if a == nil {
			return
		}
		if m, err := a.ReadEntry("resources.arsc", 2<<20); err == nil && len(m) < 64<<10 {
			f.Add(m)
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		var err1, err2 error
		n := allocated(func() {
			_, err1 = parseResources(data, newBudget(DefaultLimits()))
			_, _, err2 = parseManifest([]byte(`<manifest package="x"/>`), data, nil)
		})
		failOnPanic(t, err1, nil)
		failOnPanic(t, err2, nil)
		if n > fuzzAllocBound {
			t.Fatalf("%d-byte resources.arsc allocated %d MiB", len(data), n>>20)
		}
	})
}

// FuzzSigningBlock: the v2/v3 block and PKCS#7 readers, which do not
// recover panics (a panic fails the target directly).
func FuzzSigningBlock(f *testing.F) {
	seedAPKs(f, func(_ *Archive, raw []byte) {
		if len(raw) < 256<<10 {
			f.Add(raw)
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		n := allocated(func() {
			blocks, _ := signingBlock(bytes.NewReader(data), int64(len(data)))
			for _, b := range blocks {
				schemeCertificates(b.value)
			}
			pkcs7Certificates(data)
		})
		if n > fuzzAllocBound {
			t.Fatalf("%d-byte input allocated %d MiB", len(data), n>>20)
		}
	})
}
