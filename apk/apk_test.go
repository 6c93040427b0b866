package apk

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// shared returns ../shared/corpus/<sub> or skips the test.
func shared(t testing.TB, sub string) string {
	t.Helper()
	p := filepath.Join("..", "..", "shared", "corpus", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("../shared/corpus/%s not present (%v): corpus tests need the shared folder beside the checkout", sub, err)
	}
	return p
}

func glob(t testing.TB, dir, pat string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, pat))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(m)
	return m
}

func TestRealWorldManifests(t *testing.T) {
	dir := shared(t, "realworld")
	for _, p := range glob(t, dir, "*.apk") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			app, err := Open(p, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			m := app.Base().Manifest
			if m.Package == "" || m.MinSDK == 0 || len(m.Components) == 0 {
				t.Errorf("manifest incomplete: %+v", m)
			}
			if len(app.CodeFiles()) == 0 {
				t.Error("no DEX files listed")
			}
			if app.SHA256 == "" || app.Base().Resources == nil {
				t.Error("no sha256 or resources")
			}
			for _, pr := range app.Problems {
				if pr.Severity == SevError {
					t.Errorf("unexpected error problem: %v", pr)
				}
			}
		})
	}
}

// TestSignersMatchApksigner compares the certificate digests with
// apksigner's, the reference verifier (skipped when it is not installed).
func TestSignersMatchApksigner(t *testing.T) {
	if _, err := exec.LookPath("apksigner"); err != nil {
		t.Skip("apksigner not installed (Debian package apksigner)")
	}
	var files []string
	files = append(files, glob(t, shared(t, "realworld"), "*.apk")...)
	files = append(files, glob(t, shared(t, "malformed"), "*signer*.apk")...)
	re := regexp.MustCompile(`certificate SHA-256 digest: ([0-9a-f]{64})`)
	re1 := regexp.MustCompile(`certificate SHA-1 digest: ([0-9a-f]{40})`)
	for _, p := range files {
		out, _ := exec.Command("apksigner", "verify", "--print-certs", p).CombinedOutput()
		want := map[string]bool{}
		for _, m := range re.FindAllStringSubmatch(string(out), -1) {
			want[m[1]] = true
		}
		if len(want) == 0 {
			continue // apksigner rejects it (unsigned or invalid): nothing to compare
		}
		app, err := Open(p, DefaultLimits())
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		got := map[string]bool{}
		for _, s := range app.Base().Signers {
			got[s.SHA256] = true
			got[s.SHA1] = true
		}
		app.Close()
		for _, m := range re1.FindAllStringSubmatch(string(out), -1) {
			want[m[1]] = true // the SHA-1 fingerprint too (Exodus' uaid)
		}
		for h := range want {
			if !got[h] {
				t.Errorf("%s: apksigner reports signer %s, apkscan found %v", filepath.Base(p), h, got)
			}
		}
	}
}

// TestMalformed: every hostile or broken file ends in a clean one-line
// error or a partial result; none panics.
func TestMalformed(t *testing.T) {
	dir := shared(t, "malformed")
	files := append(glob(t, dir, "*.apk"), glob(t, dir, "apktool/*.apk")...)
	opened, failed := 0, 0
	for _, p := range files {
		app, err := Open(p, DefaultLimits())
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), filepath.Base(p)) {
				t.Errorf("%s: error is not a one-line InputError naming the file: %q", p, err)
			}
			failed++
			continue
		}
		opened++
		for _, cf := range app.CodeFiles() {
			app.ReadCode(cf)
		}
		app.Close()
	}
	if opened == 0 || failed == 0 {
		t.Errorf("expected both failures and partial successes, got %d opened, %d failed", opened, failed)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("classes.dex")
	w.Write([]byte("dex\n035\x00"))
	zw.Close()
	cases := map[string]struct {
		path string
		want string
	}{
		"missing":  {filepath.Join(dir, "nope.apk"), "no such file"},
		"empty":    {write("empty.apk", nil), "empty file"},
		"text":     {write("text.apk", []byte("hello, I am not a zip file at all")), "not a"},
		"dex only": {write("dexonly.apk", zbuf.Bytes()), "no AndroidManifest.xml"},
		"dir":      {dir, "no readable APK"},
	}
	for name, c := range cases {
		_, err := Open(c.path, DefaultLimits())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want error containing %q", name, err, c.want)
		}
	}
}

func TestReadEntryLimits(t *testing.T) {
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("assets/big.bin")
	w.Write(make([]byte, 1<<20))
	zw.Close()
	lim := DefaultLimits()
	lim.MaxEntry = 64 << 10
	a, err := OpenArchiveBytes("t.zip", zbuf.Bytes(), lim)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ReadEntry("assets/big.bin", 0); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("want ErrTooLarge, got %v", err)
	}
	lim = DefaultLimits()
	lim.RatioFloor = 1 << 10
	lim.MaxRatio = 10
	a, _ = OpenArchiveBytes("t.zip", zbuf.Bytes(), lim)
	if _, err := a.ReadEntry("assets/big.bin", 0); err == nil || !strings.Contains(err.Error(), "zip bomb") {
		t.Fatalf("want zip bomb error, got %v", err)
	}
}

func TestClassName(t *testing.T) {
	for _, c := range [][3]string{
		{"com.x", ".Main", "com.x.Main"},
		{"com.x", "Main", "com.x.Main"},
		{"com.x", "org.y.Z", "org.y.Z"},
		{"com.x", "", ""},
	} {
		if got := className(c[0], c[1]); got != c[2] {
			t.Errorf("className(%q,%q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestOpenKnownSkipsHashing: a caller's digest is used as is (bulk hashes
// the file for its store lookup and must not pay for it twice).
func TestOpenKnownSkipsHashing(t *testing.T) {
	p := "../testdata/apks/medbook.apk"
	a, err := Open(p, DefaultLimits())
	if err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	real := a.SHA256
	a.Close()
	b, err := OpenKnown(p, DefaultLimits(), "given")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.SHA256 != "given" || real == "given" || b.Base().Manifest.Package != "com.example.medbook" {
		t.Errorf("OpenKnown: sha %q (real %q), package %q", b.SHA256, real, b.Base().Manifest.Package)
	}
}
