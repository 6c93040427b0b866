package dex

import (
	"archive/zip"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
)

type dexEntry struct {
	Name string
	Data []byte
}

// dexOrder sorts APK DEX entries in Android load order: classes.dex,
// classes2.dex, classes3.dex, ...
func dexOrder(name string) int {
	if name == "classes.dex" {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "classes"), ".dex"))
	if err != nil {
		return 1 << 30
	}
	return n
}

func isClassesDex(name string) bool {
	return strings.HasPrefix(name, "classes") && strings.HasSuffix(name, ".dex") && !strings.Contains(name, "/")
}

// readAPKDex returns the classes*.dex entries of an APK in load order.
func readAPKDex(tb testing.TB, path string) []dexEntry {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer zr.Close()
	var out []dexEntry
	for _, zf := range zr.File {
		if !isClassesDex(zf.Name) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			tb.Fatalf("%s: %s: %v", path, zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("%s: %s: %v", path, zf.Name, err)
		}
		out = append(out, dexEntry{zf.Name, b})
	}
	sort.Slice(out, func(i, j int) bool { return dexOrder(out[i].Name) < dexOrder(out[j].Name) })
	return out
}

func corpusAPKs(tb testing.TB, dirs ...string) []string {
	tb.Helper()
	var pats []string
	for _, d := range dirs {
		pats = append(pats, filepath.Join("corpus", d, "*.apk"))
	}
	return testshared.Glob(tb, pats...)
}
