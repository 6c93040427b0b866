package taint

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/dex"
)

// everything is a configuration under which every call is a source and a
// sink: every method that calls anything is analysed.
func everything() Config {
	cfg := testConfig()
	cfg.Sources = append(cfg.Sources, Source{Kind: "any", Pattern: MustPattern("L*->*(*)")})
	cfg.Sinks = append(cfg.Sinks, Sink{ID: "any", Pattern: MustPattern("L*->*(*)")})
	cfg.Callbacks = append(cfg.Callbacks, Callback{Kind: "any", Class: "Ljava/lang/Object;", Name: "toString", Params: "", Args: []int{0}})
	return cfg
}

func analyseAll(t *testing.T, name string, datas ...[]byte) {
	t.Helper()
	idx := dex.NewIndex()
	var files []*dex.File
	for i, d := range datas {
		f, err := dex.Parse(name+"#"+string(rune('0'+i)), d)
		if err != nil {
			continue
		}
		idx.Add(f)
		files = append(files, f)
	}
	if len(files) == 0 {
		return
	}
	for _, b := range []Budget{{}, {MaxSteps: 50, MaxDepth: 1, MaxOrigins: 2, MaxPath: 3, MaxFlows: 2, MaxRegisters: 4, MaxMethodUnits: 8}} {
		cfg := everything()
		cfg.Budget = b
		res := Analyze(context.Background(), files, idx, cfg)
		for _, f := range res.Flows {
			if len(f.Path) == 0 {
				t.Errorf("%s: flow without path", name)
			}
		}
	}
}

// TestRobustness runs the engine, with panics not recovered, over every
// DEX the repository holds (the DEX reader's tests and fuzz seeds, the
// fixtures' code, the broken fixtures), analysing every method.
func TestRobustness(t *testing.T) {
	recoverPanics = false
	defer func() { recoverPanics = true }()
	dexes, _ := filepath.Glob("../testdata/*.dex")
	dexes = append(dexes, "testdata/cases.dex")
	for _, p := range dexes {
		d, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		analyseAll(t, p, d)
	}
	seeds, _ := filepath.Glob("../testdata/fuzz/FuzzParse/*")
	for _, p := range seeds {
		raw, _ := os.ReadFile(p)
		lines := strings.SplitN(string(raw), "\n", 2)
		if len(lines) < 2 {
			continue
		}
		var s string
		if _, err := fmtSscanQuoted(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(lines[1]), "[]byte("), ")")), &s); err == nil {
			analyseAll(t, p, []byte(s))
		}
	}
	apks, _ := filepath.Glob("../../testdata/apks/*.apk")
	broken, _ := filepath.Glob("../../testdata/broken/*.apk")
	apks = append(apks, broken...)
	if os.Getenv("APKSCAN_TAINT_CORPUS") != "" { // slow: every method of every corpus app
		for _, d := range []string{"realworld", "large", "peers/*", "malformed"} {
			more, _ := filepath.Glob("../../../shared/corpus/" + d + "/*.apk")
			apks = append(apks, more...)
		}
	}
	for _, p := range apks {
		zr, err := zip.OpenReader(p)
		if err != nil {
			continue
		}
		var datas [][]byte
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".dex") || f.UncompressedSize64 > 64<<20 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			var b bytes.Buffer
			io.Copy(&b, io.LimitReader(rc, 64<<20))
			rc.Close()
			datas = append(datas, b.Bytes())
		}
		zr.Close()
		analyseAll(t, p, datas...)
	}
}
