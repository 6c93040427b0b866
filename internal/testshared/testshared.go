// Package testshared finds the shared test material (../shared beside the
// checkout: real APKs, DroidBench, the Exodus tracker list) for tests and
// benchmarks, in one place. Tests skip with a message saying what is
// missing when it is absent, so a plain clone still passes.
package testshared

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Env overrides where the shared folder is.
const Env = "APKSCAN_SHARED"

// Dir returns the shared folder: $APKSCAN_SHARED, or ../shared beside the
// module root (the directory holding go.mod, found from the working
// directory upwards).
func Dir() (string, error) {
	if d := os.Getenv(Env); d != "" {
		return checkDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return checkDir(filepath.Join(filepath.Dir(d), "shared"))
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
		d = parent
	}
}

func checkDir(d string) (string, error) {
	fi, err := os.Stat(d)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", d)
	}
	return d, nil
}

// Path returns a path below the shared folder, or skips the test with a
// message when it (or the folder) is absent.
func Path(tb testing.TB, rel ...string) string {
	tb.Helper()
	d, err := Dir()
	if err != nil {
		tb.Skipf("shared test material not found (%v): this test needs ../shared beside the checkout or $%s", err, Env)
	}
	p := filepath.Join(append([]string{d}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared test material missing: %v", err)
	}
	return p
}

// Corpus is Path(tb, "corpus", sub...).
func Corpus(tb testing.TB, sub ...string) string {
	tb.Helper()
	return Path(tb, append([]string{"corpus"}, sub...)...)
}

// Glob returns the sorted matches of patterns below the shared folder. A
// malformed pattern fails the test; no match at all skips it (the shared
// folder is there but lacks this material), so an empty corpus never
// passes silently as "nothing to check".
func Glob(tb testing.TB, patterns ...string) []string {
	tb.Helper()
	d := Path(tb)
	var out []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(d, p))
		if err != nil {
			tb.Fatalf("glob %q: %v", p, err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		tb.Skipf("no shared files match %v under %s", patterns, d)
	}
	sort.Strings(out)
	return out
}
