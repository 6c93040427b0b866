package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/dex"
)

// TestSharedClassDataBounded: thousands of class_defs pointing at one
// class_data item with thousands of methods (each class "has" them all).
// The taint engine walks class hierarchies and decoded every such class
// in full (3 GB RSS from a 65 KB file); now its class-member budget stops
// it, the report says the flows are partial, and memory stays bounded.
func TestSharedClassDataBounded(t *testing.T) {
	if _, err := exec.LookPath("smali"); err != nil {
		t.Skip("smali not on PATH (Debian package libsmali-java): cannot assemble the attack DEX")
	}
	const classes, methods = 2000, 3000
	dir := t.TempDir()
	src := filepath.Join(dir, "src", "h")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString(".class public Lh/C0000;\n.super Ljava/lang/Object;\n.implements Landroid/text/TextWatcher;\n")
	for m := 0; m < methods; m++ {
		fmt.Fprintf(&sb, ".method public m%d()V\n    .registers 1\n    return-void\n.end method\n", m)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("C0000.smali", sb.String())
	for c := 1; c < classes; c++ {
		write(fmt.Sprintf("C%04d.smali", c), fmt.Sprintf(".class public Lh/C%04d;\n.super Ljava/lang/Object;\n.implements Landroid/text/TextWatcher;\n", c))
	}
	out := filepath.Join(dir, "classes.dex")
	if b, err := exec.Command("smali", "assemble", "-j", "1", "--api", "21", "-o", out, filepath.Join(dir, "src")).CombinedOutput(); err != nil {
		t.Fatalf("smali: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := dex.Parse("classes.dex", data)
	if err != nil {
		t.Fatal(err)
	}
	var cdOff uint32
	for i := 0; i < f.NumClasses(); i++ {
		if def, _ := f.ClassDef(i); def.ClassDataOff != 0 {
			cdOff = def.ClassDataOff
		}
	}
	if cdOff == 0 {
		t.Fatal("no class_data in the assembled DEX")
	}
	for i := 0; i < f.NumClasses(); i++ {
		binary.LittleEndian.PutUint32(data[int(f.Header.ClassDefsOff)+32*i+24:], cdOff)
	}
	// An APK: medbook's manifest and the attack DEX.
	apkPath := filepath.Join(dir, "shared-class-data.apk")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zr, err := zip.OpenReader("../testdata/apks/medbook.apk")
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "AndroidManifest.xml" {
			rc, _ := zf.Open()
			w, _ := zw.Create(zf.Name)
			io.Copy(w, rc)
			rc.Close()
		}
	}
	zr.Close()
	w, _ := zw.Create("classes.dex")
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(apkPath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("attack APK: %d bytes, DEX %d bytes, %d classes sharing %d methods", buf.Len(), len(data), classes, methods)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := Scan(context.Background(), apkPath, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	partial := false
	for _, p := range r.Problems {
		if strings.Contains(p.Error, "decoded class members") || strings.Contains(p.Error, "work budget") {
			partial = true
		}
	}
	if !partial {
		t.Errorf("no budget problem in %+v", r.Problems)
	}
	for _, p := range r.Problems {
		t.Logf("problem: %s: %s", p.Where, p.Error)
	}
	t.Logf("allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<30 {
		t.Errorf("scan allocated %d MiB for a %d-byte APK", alloc>>20, buf.Len())
	}
}
