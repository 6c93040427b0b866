package apk

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// seedAPKs adds every malformed and peer APK of ../shared as seeds, plus
// the project's own fixtures; extract picks what to feed from each.
func seedAPKs(f *testing.F, extract func(a *Archive, raw []byte)) {
	var files []string
	for _, pat := range []string{
		"../../shared/corpus/malformed/*.apk", "../../shared/corpus/malformed/apktool/*.apk",
		"../testdata/apks/*.apk", "../testdata/broken/*.apk",
	} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, p := range files {
		raw, err := os.ReadFile(p)
		if err != nil || len(raw) > 4<<20 {
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

func FuzzOpenArchive(f *testing.F) {
	seedAPKs(f, func(_ *Archive, raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := DefaultLimits()
		lim.MaxEntry = 1 << 20
		lim.MaxTotal = 4 << 20
		a, err := OpenArchiveBytes("fuzz.apk", data, lim)
		if err != nil {
			return
		}
		defer a.Close()
		for _, e := range a.Entries() {
			a.ReadEntry(e.Name, 0)
		}
		readSigners(a, bytes.NewReader(data), int64(len(data)))
	})
}

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
		parseManifest(data, nil)
	})
}

func FuzzResources(f *testing.F) {
	seedAPKs(f, func(a *Archive, _ []byte) {
		if a == nil {
			return
		}
		if m, err := a.ReadEntry("resources.arsc", 2<<20); err == nil && len(m) < 256<<10 {
			f.Add(m)
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		parseResources(data)
	})
}

func FuzzSigningBlock(f *testing.F) {
	seedAPKs(f, func(_ *Archive, raw []byte) {
		if len(raw) < 64<<10 {
			f.Add(raw)
		}
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, _ := signingBlock(bytes.NewReader(data), int64(len(data)))
		for _, b := range blocks {
			schemeCertificates(b.value)
		}
		pkcs7Certificates(data)
	})
}
