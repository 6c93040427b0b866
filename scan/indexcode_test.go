package scan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
)

// multiDexAPK is a 9-DEX corpus app (small enough for -race).
func multiDexAPK(t *testing.T) string {
	p := filepath.Join(sharedCorpus, "large", "settings_apk-debug.apk")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present: %v", p, err)
	}
	return p
}

// TestIndexCodePipelineSequential checks that indexCode, which inflates the
// next DEX on another goroutine while indexing the current one, builds the
// same index, code list and kept files as one-by-one indexing in load
// order, with and without keeping the DEX files.
func TestIndexCodePipelineSequential(t *testing.T) {
	p := multiDexAPK(t)
	for _, keep := range []bool{false, true} {
		app, err := apk.OpenKnown(p, apk.DefaultLimits(), "")
		if err != nil {
			t.Fatal(err)
		}
		in := &analysis.Input{App: app, Index: dex.NewIndex()}
		got := indexCode(context.Background(), in, keep)

		ref := dex.NewIndex()
		var want []reports.CodeFile
		var names []string
		for _, cf := range app.CodeFiles() {
			data, err := app.ReadCodeInto(nil, cf)
			if err != nil {
				t.Fatal(err)
			}
			before := ref.NumClasses()
			_ = ref.AddData(cf.Name(), data)
			want = append(want, reports.CodeFile{Name: cf.Name(), Size: int64(len(data)), Classes: ref.NumClasses() - before, Secondary: cf.Secondary})
			names = append(names, cf.Name())
		}
		app.Close()
		if len(want) < 2 {
			t.Fatalf("%s: %d DEX files, want a multi-DEX app", p, len(want))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("keep=%v: code files\n got %+v\nwant %+v", keep, got, want)
		}
		if g, w := [3]int{in.Index.NumClasses(), in.Index.NumCalls(), in.Index.NumStrings()}, [3]int{ref.NumClasses(), ref.NumCalls(), ref.NumStrings()}; g != w {
			t.Errorf("keep=%v: classes/calls/strings %v, sequential %v", keep, g, w)
		}
		var kept []string
		for _, f := range in.Code {
			kept = append(kept, f.Name)
		}
		if keep && !reflect.DeepEqual(kept, names) {
			t.Errorf("kept %v, want %v", kept, names)
		}
		if !keep && len(kept) != 0 {
			t.Errorf("keep=false kept %v", kept)
		}
	}
}

// TestIndexCodeCancelled checks that an ended context stops indexing and
// that the inflating goroutine is gone when indexCode returns (the caller
// closes the archives next).
func TestIndexCodeCancelled(t *testing.T) {
	p := multiDexAPK(t)
	app, err := apk.OpenKnown(p, apk.DefaultLimits(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	base := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := &analysis.Input{App: app, Index: dex.NewIndex()}
	if out := indexCode(ctx, in, true); len(out) != 0 {
		t.Errorf("cancelled: indexed %d files", len(out))
	}
	for i := 0; runtime.NumGoroutine() > base && i < 100; i++ {
		time.Sleep(time.Millisecond) // a goroutine that returned may not be reaped yet
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("%d goroutines after indexCode, %d before", n, base)
	}
}
