package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/apkgen"
)

// reachManifest is the manifest of the reachability fixture: Main and Sub
// declared, Off and Aliased disabled, an enabled alias of Aliased; Ghost,
// Base, Dyn and Orphan not declared.
func reachManifest() []byte {
	a := func(name, v string) apkgen.Attr { return apkgen.Attr{Android: true, Name: name, Str: v} }
	off := apkgen.Attr{Android: true, Name: "enabled", Num: 0}
	return apkgen.AXML(apkgen.Elem{Name: "manifest", Attrs: []apkgen.Attr{
		{Name: "package", Str: "r"},
		{Android: true, Name: "versionCode", Num: 1},
		a("versionName", "1.0"),
	}, Children: []apkgen.Elem{
		{Name: "uses-sdk", Attrs: []apkgen.Attr{{Android: true, Name: "minSdkVersion", Num: 21}}},
		{Name: "uses-permission", Attrs: []apkgen.Attr{a("name", "android.permission.READ_PHONE_STATE")}},
		{Name: "application", Attrs: []apkgen.Attr{a("label", "reach")}, Children: []apkgen.Elem{
			{Name: "activity", Attrs: []apkgen.Attr{a("name", "r.Main")}},
			{Name: "activity", Attrs: []apkgen.Attr{a("name", ".Sub")}},
			{Name: "activity", Attrs: []apkgen.Attr{a("name", "r.Off"), off}},
			{Name: "activity", Attrs: []apkgen.Attr{a("name", "r.Aliased"), off}},
			{Name: "activity-alias", Attrs: []apkgen.Attr{a("name", "r.Alias"), a("targetActivity", "r.Aliased")}},
		}},
	}})
}

// reachFlows scans the fixture (with the given DEX files of
// detect/flows/testdata/reach) with the android-privacy profile and
// returns its flows as "source method → sink method" (class and name).
func reachFlows(t *testing.T, dexes ...string) []string {
	t.Helper()
	files := []apkgen.File{{Name: "AndroidManifest.xml", Data: reachManifest()}}
	for i, d := range dexes {
		data, err := os.ReadFile(filepath.Join("../detect/flows/testdata/reach", d))
		if err != nil {
			t.Fatalf("%v (rebuild with detect/flows/testdata/reach/build.sh)", err)
		}
		name := "classes.dex"
		if i > 0 {
			name = "classes" + string(rune('1'+i)) + ".dex"
		}
		files = append(files, apkgen.File{Name: name, Data: data})
	}
	p := filepath.Join(t.TempDir(), "reach.apk")
	if err := os.WriteFile(p, apkgen.Zip(files...), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Scan(context.Background(), p, Options{Profile: "android-privacy", ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	short := func(m string) string {
		if i := strings.IndexByte(m, '('); i >= 0 {
			m = m[:i]
		}
		return strings.TrimPrefix(m, "Lr/")
	}
	var out []string
	for _, f := range r.Flows {
		out = append(out, short(f.Path[0].Method)+" → "+short(f.Path[len(f.Path)-1].Method))
	}
	slices.Sort(out)
	return out
}

// TestManifestReachability: flows in lifecycle callbacks of components
// Android never instantiates (undeclared, disabled, constructed only by
// such code) are dropped, and so is an intent to an undeclared activity;
// a declared subclass, an enabled alias, a receiver the app constructs
// and registers, and a static helper of an undeclared activity keep
// theirs. With code that calls setComponentEnabledSetting, a disabled
// component may be enabled at run time and keeps its flow.
func TestManifestReachability(t *testing.T) {
	base := []string{
		"Aliased;->onCreate → Aliased;->onCreate",
		"Base;->onCreate → Base;->onCreate",
		"Dyn;->onReceive → Dyn;->onReceive",
		"Main;->onCreate → Ghost;->leak",
		"Main;->onCreate → Main;->onCreate",
	}
	if got := reachFlows(t, "app.dex"); !slices.Equal(got, base) {
		t.Errorf("flows:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(base, "\n  "))
	}
	enabled := append(slices.Clone(base), "Off;->onCreate → Off;->onCreate")
	slices.Sort(enabled)
	if got := reachFlows(t, "app.dex", "enabler.dex"); !slices.Equal(got, enabled) {
		t.Errorf("with setComponentEnabledSetting, flows:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(enabled, "\n  "))
	}
}

// TestDroidBenchReachability: DroidBench's disabled activity and its
// activity missing from the manifest leak nothing; an intent to a declared
// activity still does.
func TestDroidBenchReachability(t *testing.T) {
	needShared(t)
	dir := filepath.Join(sharedCorpus, "droidbench", "apk")
	for _, c := range []struct {
		apk  string
		want bool
	}{
		{"AndroidSpecific/InactiveActivity.apk", false},
		{"InterComponentCommunication/ComponentNotInManifest1.apk", false},
		{"InterComponentCommunication/ActivityCommunication1.apk", true},
	} {
		r, err := Scan(context.Background(), filepath.Join(dir, c.apk), Options{Profile: "android-privacy", ToolVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(r.Flows) > 0; got != c.want {
			t.Errorf("%s: %d flows, want any: %v", c.apk, len(r.Flows), c.want)
		}
	}
}
