package scan

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apkscan/apkscan/sdkdb"
)

// BenchmarkScanLarge scans the 16-DEX Appium server APK (14 MB of DEX).
// scripts/bench.sh puts the same scan beside its baselines.
func BenchmarkScanLarge(b *testing.B) {
	p := filepath.Join(sharedCorpus, "large", "appium-uiautomator2-server-v10.6.6.apk")
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%s not present: %v", p, err)
	}
	db, err := sdkdb.Default()
	if err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(p)
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Scan(context.Background(), p, Options{DB: db}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanRealworld scans every APK of ../shared/corpus/realworld.
func BenchmarkScanRealworld(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(sharedCorpus, "realworld", "*.apk"))
	if len(files) == 0 {
		b.Skip("../shared/corpus/realworld not present")
	}
	db, err := sdkdb.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range files {
			if _, err := Scan(context.Background(), p, Options{DB: db}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
