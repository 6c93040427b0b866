package apk

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/errs"
)

const fixtureAPKs = "../testdata/apks"

// fixtureDir builds a directory in a temp dir: name in dir -> fixture path
// relative to testdata/apks.
func fixtureDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mixed")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		b, err := os.ReadFile(filepath.Join(fixtureAPKs, src))
		if err != nil {
			t.Skipf("fixture missing: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fixtureBundle writes a .apks zip whose entries are fixture APKs.
func fixtureBundle(t *testing.T, files [][2]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mixed.apks")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, nf := range files {
		b, err := os.ReadFile(filepath.Join(fixtureAPKs, nf[1]))
		if err != nil {
			t.Skipf("fixture missing: %v", err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: nf[0], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// notOneApp opens p, expects a *NotOneAppError inside an *InputError, and
// checks the message is one line naming p and containing every want.
func notOneApp(t *testing.T, p string, want ...string) *NotOneAppError {
	t.Helper()
	app, err := Open(p, DefaultLimits())
	if err == nil {
		app.Close()
		t.Fatalf("%s: opened as one app (%d splits), want a NotOneAppError", p, len(app.Splits))
	}
	var ie *InputError
	var ne *NotOneAppError
	if !errors.As(err, &ie) || !errors.As(err, &ne) || !errors.Is(err, errs.ErrInput) {
		t.Fatalf("%s: error %T %v is not an InputError wrapping a NotOneAppError", p, err, err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, p+": holds ") {
		t.Errorf("message is not one line starting with the path: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	return ne
}

func TestNotOneAppPackages(t *testing.T) {
	dir := fixtureDir(t, map[string]string{"a.apk": "medbook.apk", "b.apk": "hostile-strings.apk"})
	ne := notOneApp(t, dir, "holds 2 apps (com.example.hostile, com.example.medbook): scan them one by one, or use apkscan bulk "+dir)
	if !reflect.DeepEqual(ne.Packages, []string{"com.example.hostile", "com.example.medbook"}) || ne.Kind != "dir" {
		t.Errorf("packages %v, kind %q", ne.Packages, ne.Kind)
	}

	// --force: one App holding both, with a problem of severity error.
	lim := DefaultLimits()
	lim.MergeApps = true
	app, err := Open(dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if len(app.Splits) != 2 {
		t.Errorf("merged app has %d splits, want 2", len(app.Splits))
	}
	found := false
	for _, p := range app.Problems {
		var pe *NotOneAppError
		if errors.As(p.Err, &pe) {
			found = true
			want := "merged 2 different apps (com.example.hostile, com.example.medbook) as one app: the report mixes them"
			if p.Severity != SevError || p.Where != dir || p.Err.Error() != want {
				t.Errorf("merge problem %+v (%q), want severity error at %s: %q", p, p.Err, dir, want)
			}
		}
	}
	if !found {
		t.Errorf("no merge problem in %v", app.Problems)
	}
}

func TestNotOneAppBases(t *testing.T) {
	dir := fixtureDir(t, map[string]string{"old.apk": "medbook.apk", "new.apk": "medbook-v2.apk"})
	ne := notOneApp(t, dir, "holds 2 base APKs of com.example.medbook (new.apk, old.apk)", "apkscan bulk")
	if len(ne.Packages) != 1 || len(ne.Bases) != 2 {
		t.Errorf("%+v", ne)
	}
}

// TestNotOneAppSigners: medbook's splits beside a base signed with another
// key (medbook-resigned.apk) are not one app: Android refuses the set.
func TestNotOneAppSigners(t *testing.T) {
	dir := fixtureDir(t, map[string]string{
		"base.apk":                   "medbook-resigned.apk",
		"split_config.arm64_v8a.apk": "medbook-splits/split_config.arm64_v8a.apk",
		"split_config.xxhdpi.apk":    "medbook-splits/split_config.xxhdpi.apk",
	})
	ne := notOneApp(t, dir, "holds 2 splits signed by other certificates than base.apk (split_config.arm64_v8a.apk, split_config.xxhdpi.apk): scan them one by one")
	if strings.Contains(ne.Error(), "bulk") {
		t.Errorf("bulk would group this directory too; the hint must not send the user there: %q", ne.Error())
	}
	// The real base with the same splits is one app.
	dir = fixtureDir(t, map[string]string{
		"base.apk":                "medbook-splits/base.apk",
		"split_config.xxhdpi.apk": "medbook-splits/split_config.xxhdpi.apk",
	})
	app, err := Open(dir, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	app.Close()
}

func TestNotOneAppBundle(t *testing.T) {
	p := fixtureBundle(t, [][2]string{{"base.apk", "medbook.apk"}, {"split_other.apk", "hostile-strings.apk"}})
	ne := notOneApp(t, p, "holds 2 apps (com.example.hostile, com.example.medbook): extract its APKs and scan them one by one")
	if ne.Kind != "apks" || strings.Contains(ne.Error(), "bulk") {
		t.Errorf("kind %q, message %q", ne.Kind, ne.Error())
	}
	// A bundle of one app's base and splits still opens.
	p = fixtureBundle(t, [][2]string{{"base.apk", "medbook-splits/base.apk"}, {"split_config.xxhdpi.apk", "medbook-splits/split_config.xxhdpi.apk"}})
	app, err := Open(p, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	app.Close()
}

// TestOneAppFixtures: the real split set and bundles are one app, with no
// merge problem.
func TestOneAppFixtures(t *testing.T) {
	for _, name := range []string{"medbook-splits", "medbook.apks", "medbook.xapk", "medbook.apk"} {
		app, err := Open(filepath.Join(fixtureAPKs, name), DefaultLimits())
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, p := range app.Problems {
			var pe *NotOneAppError
			if errors.As(p.Err, &pe) {
				t.Errorf("%s: %v", name, p)
			}
		}
		if name != "medbook.apk" && len(app.Splits) != 3 {
			t.Errorf("%s: %d splits, want 3", name, len(app.Splits))
		}
		app.Close()
	}
}

// TestNotOneAppHostileNames: package and entry names come from the input;
// the message escapes them and stays one short line.
func TestNotOneAppHostileNames(t *testing.T) {
	long := strings.Repeat("x", 5000)
	e := &NotOneAppError{Kind: "apks", Path: "in.apks",
		Packages: []string{"com.a\n\x1b[31mred", "com.b\u202eevil", long, "", "p5", "p6", "p7"}}
	msg := e.Error()
	if strings.ContainsAny(msg, "\n\x1b\u202e") || len(msg) > 600 {
		t.Errorf("unsafe or long message (%d bytes): %q", len(msg), msg)
	}
	for _, w := range []string{`"com.a\n\x1b[31mred"`, `"com.b\u202eevil"`, "… (2 more)", "holds 7 apps"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	one := &NotOneAppError{Kind: "dir", Path: "d", Packages: []string{"p"}, Base: "base.apk", OtherSigners: []string{"s.apk"}}
	if got := one.Error(); got != "holds 1 split signed by other certificates than base.apk (s.apk): scan them one by one" {
		t.Errorf("one split: %q", got)
	}
	if got := safePath("dir/\x1bx"); got != `"dir/\x1bx"` {
		t.Errorf("safePath: %q", got)
	}
	if got := safePath("/tmp/my apps"); got != "/tmp/my apps" {
		t.Errorf("safePath: %q", got)
	}
}
