package bulk

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/apk"
)

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func collect(t *testing.T, paths ...string) map[string]Input {
	t.Helper()
	ins, err := Collect(context.Background(), paths, apk.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Input{}
	for i, in := range ins {
		if i > 0 && ins[i-1].Path >= in.Path {
			t.Errorf("not sorted: %s before %s", ins[i-1].Path, in.Path)
		}
		out[in.Path] = in
	}
	return out
}

func TestCollectGroupsSplits(t *testing.T) {
	needFixtures(t)
	got := collect(t, fixtures, fixtures) // twice: de-duplicated
	want := []string{"hostile-strings.apk", "medbook-clean.apk", "medbook-obfuscated.apk", "medbook-resigned.apk", "medbook-splits",
		"medbook-v2.apk", "medbook.apk", "medbook.apks", "medbook.xapk", "trackers-clean.apk", "trackers-obfuscated.apk", "trackers.apk"}
	if len(got) != len(want) {
		t.Errorf("got %d inputs, want %d: %v", len(got), len(want), got)
	}
	for _, w := range want {
		in, ok := got[filepath.Join(fixtures, w)]
		if !ok {
			t.Errorf("missing %s", w)
			continue
		}
		if in.Dir != (w == "medbook-splits") || in.Size <= 0 || in.ModTime.IsZero() || in.Err != nil {
			t.Errorf("%s: %+v", w, in)
		}
	}
	splits := got[filepath.Join(fixtures, "medbook-splits")]
	var sum int64
	for _, n := range []string{"base.apk", "split_config.arm64_v8a.apk", "split_config.xxhdpi.apk"} {
		fi, err := os.Stat(filepath.Join(fixtures, "medbook-splits", n))
		if err != nil {
			t.Fatal(err)
		}
		sum += fi.Size()
	}
	if splits.Size != sum {
		t.Errorf("split dir size %d, want %d", splits.Size, sum)
	}
}

func TestCollectNotSplits(t *testing.T) {
	needFixtures(t)
	dir := t.TempDir()
	// Two base APKs of one package (two versions): two inputs.
	copyFile(t, filepath.Join(fixtures, "medbook.apk"), filepath.Join(dir, "versions", "a.apk"))
	copyFile(t, filepath.Join(fixtures, "medbook-v2.apk"), filepath.Join(dir, "versions", "b.APK"))
	// Splits without their base, beside a broken file: not one app.
	copyFile(t, filepath.Join(fixtures, "medbook-splits", "split_config.xxhdpi.apk"), filepath.Join(dir, "nobase", "s1.apk"))
	os.WriteFile(filepath.Join(dir, "nobase", "broken.apk"), []byte("junk"), 0o644)
	// A split set with a bundle beside it: the set and the bundle.
	for _, n := range []string{"base.apk", "split_config.xxhdpi.apk"} {
		copyFile(t, filepath.Join(fixtures, "medbook-splits", n), filepath.Join(dir, "set", n))
	}
	copyFile(t, filepath.Join(fixtures, "medbook.xapk"), filepath.Join(dir, "set", "medbook.xapk"))
	os.WriteFile(filepath.Join(dir, "set", "notes.txt"), nil, 0o644)
	got := collect(t, dir, filepath.Join(dir, "missing.apk"))
	for _, p := range []string{"versions/a.apk", "versions/b.APK", "nobase/s1.apk", "nobase/broken.apk", "set/medbook.xapk"} {
		if in, ok := got[filepath.Join(dir, p)]; !ok || in.Dir {
			t.Errorf("%s: %+v %v", p, in, ok)
		}
	}
	if in := got[filepath.Join(dir, "set")]; !in.Dir {
		t.Errorf("set: %+v", in)
	}
	if in := got[filepath.Join(dir, "missing.apk")]; !errors.Is(in.Err, fs.ErrNotExist) {
		t.Errorf("missing: %+v", in)
	}
	if len(got) != 7 {
		t.Errorf("%d inputs: %v", len(got), got)
	}
}

func TestShard(t *testing.T) {
	// The hash is documented (README, --help): FNV-1a 64 of the path.
	// FNV-1a-64("mirror/com.example/1.apk") = 9502974269472690076.
	if got := ShardOf("mirror/com.example/1.apk", 1000003); got != 408171 {
		t.Errorf("ShardOf = %d; the documented hash changed", got)
	}
	var ins []Input
	for _, p := range []string{"a.apk", "b.apk", "c/d.apk", "e.xapk", "f/g/h.apks", "x", "y", "z"} {
		ins = append(ins, Input{Path: p})
	}
	for _, n := range []int{1, 2, 3, 5} {
		seen := map[string]int{}
		for i := range n {
			for _, in := range (Shard{Index: i, Count: n}).Select(ins) {
				seen[in.Path]++
			}
		}
		for _, in := range ins {
			if seen[in.Path] != 1 {
				t.Errorf("N=%d: %s in %d shards", n, in.Path, seen[in.Path])
			}
		}
	}
	for _, bad := range []string{"", "1", "2/2", "-1/2", "a/b", "0/0"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := ParseShard("1/4"); err != nil || s != (Shard{1, 4}) || s.String() != "1/4" {
		t.Errorf("ParseShard(1/4) = %v, %v", s, err)
	}
}

func TestReadList(t *testing.T) {
	got, err := ReadList(strings.NewReader("a.apk\r\n\n# comment\n dir with space/x.apk\n"))
	if err != nil || len(got) != 2 || got[0] != "a.apk" || got[1] != " dir with space/x.apk" {
		t.Fatalf("%q %v", got, err)
	}
}

func TestOpenJSONLTrimsPartialLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.jsonl")
	for _, c := range []struct{ before, after string }{
		{"", ""},
		{"{\"a\":1}\n", "{\"a\":1}\n"},
		{"{\"a\":1}\n{\"b\":", "{\"a\":1}\n"},
		{"{\"b\":", ""},
	} {
		os.WriteFile(p, []byte(c.before), 0o644)
		f, err := OpenJSONL(p)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("{\"c\":3}\n")
		f.Close()
		got, _ := os.ReadFile(p)
		if string(got) != c.after+"{\"c\":3}\n" {
			t.Errorf("%q: got %q", c.before, got)
		}
	}
}

func TestCollectSymlinkRootAndDevice(t *testing.T) {
	needFixtures(t)
	dir := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "medbook.apk"), filepath.Join(dir, "real", "a.apk"))
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	got := collect(t, filepath.Join(dir, "link"), "/dev/null")
	if in, ok := got[filepath.Join(dir, "link", "a.apk")]; !ok || in.Err != nil {
		t.Errorf("through a linked root: %v", got)
	}
	if in := got["/dev/null"]; in.Err == nil {
		t.Errorf("/dev/null: %+v", in)
	}
}
