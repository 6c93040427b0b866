// Command gen writes the hostile-input fixtures of apkscan's apk package:
// one small APK per attack class on the unpacker (see ../README.md).
//
//	go run ./testdata/hostile/gen -out testdata/hostile
//
// Everything is built here from scratch (binary XML manifests, minimal
// DEX files, a self-signed certificate, hand-made ZIP directories): no
// third-party APK is copied and no Android tool is needed. The output is
// deterministic, so that re-running the generator leaves git clean.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/apkscan/apkscan/internal/apkgen"
)

func main() {
	out := flag.String("out", "testdata/hostile", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	fixtures := []struct {
		name string
		data []byte
	}{
		{"nested-amplification.apk", nestedAmplification()},
		{"deep-nesting.apk", deepNesting()},
		{"aliased-arsc.apk", aliasedArsc()},
		{"decoy-manifest.apk", decoyManifest()},
		{"decoy-dex.apk", decoyDex()},
		{"dex-named-dir.apk", dexNamedDir()},
		{"duplicate-entries.apk", duplicateEntries()},
		{"many-v1-signatures.apk", manyV1Signatures()},
	}
	for _, f := range fixtures {
		p := filepath.Join(*out, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-28s %8d bytes\n", f.name, len(f.data))
	}
}

// manifest is a minimal valid manifest of package pkg with one activity.
func manifest(pkg string) []byte {
	return apkgen.AXML(apkgen.Elem{Name: "manifest", Attrs: []apkgen.Attr{
		{Name: "package", Str: pkg},
		{Android: true, Name: "versionCode", Num: 1},
		{Android: true, Name: "versionName", Str: "1.0"},
	}, Children: []apkgen.Elem{
		{Name: "uses-sdk", Attrs: []apkgen.Attr{{Android: true, Name: "minSdkVersion", Num: 21}}},
		{Name: "application", Attrs: []apkgen.Attr{{Android: true, Name: "label", Str: pkg}}, Children: []apkgen.Elem{
			{Name: "activity", Attrs: []apkgen.Attr{{Android: true, Name: "name", Str: pkg + ".Main"}}},
		}},
	}})
}

// ---- DEX ----------------------------------------------------------------

// ---- fixtures ------------------------------------------------------------

// nestedAmplification: an APK whose assets hold 9 APKs that each hold 9
// APKs (90 nested archives, more than the budget of 64), each padded so
// that the inflated total is many times the file.
func nestedAmplification() []byte {
	leaf := apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.leaf")},
		apkgen.File{Name: "assets/pad.bin", Data: make([]byte, 256<<10), Stored: true},
	)
	var mid []apkgen.File
	mid = append(mid, apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.mid")})
	for i := 0; i < 9; i++ {
		mid = append(mid, apkgen.File{Name: fmt.Sprintf("assets/leaf%d.apk", i), Data: leaf, Stored: true})
	}
	midZip := apkgen.Zip(mid...)
	outer := []apkgen.File{
		{Name: "AndroidManifest.xml", Data: manifest("com.hostile.nested")},
		{Name: "classes.dex", Data: apkgen.DEX("nested")},
	}
	for i := 0; i < 9; i++ {
		outer = append(outer, apkgen.File{Name: fmt.Sprintf("assets/mid%d.apk", i), Data: midZip})
	}
	return apkgen.Zip(outer...)
}

// deepNesting: APK in APK in APK in APK (depth 4; the budget is 2).
func deepNesting() []byte {
	z := apkgen.Zip(apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.depth4")})
	for d := 3; d >= 0; d-- {
		pkg := fmt.Sprintf("com.hostile.depth%d", d)
		if d == 0 {
			pkg = "com.hostile.deep"
		}
		z = apkgen.Zip(
			apkgen.File{Name: "AndroidManifest.xml", Data: manifest(pkg)},
			apkgen.File{Name: fmt.Sprintf("assets/depth%d.apk", d+1), Data: z},
		)
	}
	return z
}

// aliasedArsc: resources.arsc whose global UTF-16 string apkgen.Pool has 2^20
// indexes. All but 4096 point at offset 0; the 4096 others at distinct
// offsets of the same run of 0x41 bytes. Read as UTF-16, every offset of
// the run starts a 16705-unit string ('䅁'), so a decoder that copies per
// index needs 2^20 × 50 KB; one that decodes each distinct offset once
// needs 4096 × 50 KB = 200 MB, still more than the 64 MiB string budget.
func aliasedArsc() []byte {
	const count = 1 << 20
	const distinct = 4096
	run := make([]byte, distinct*2+2*16705+6) // a multiple of 4
	for i := range run {
		run[i] = 0x41
	}
	var offs bytes.Buffer
	for i := 0; i < count; i++ {
		o := uint32(0)
		if i >= count-distinct {
			o = uint32(i-(count-distinct)) * 2
		}
		apkgen.LE32(&offs, o)
	}
	var hdr bytes.Buffer
	apkgen.LE32(&hdr, count)
	apkgen.LE32(&hdr, 0)
	apkgen.LE32(&hdr, 0) // UTF-16
	apkgen.LE32(&hdr, uint32(28+offs.Len()))
	apkgen.LE32(&hdr, 0)
	sp := apkgen.Chunk(0x0001, hdr.Bytes(), append(offs.Bytes(), run...))
	var th bytes.Buffer
	apkgen.LE32(&th, 0) // package count
	arsc := apkgen.Chunk(0x0002, th.Bytes(), sp)
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.arsc")},
		apkgen.File{Name: "resources.arsc", Data: arsc},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("arsc")},
	)
}

// decoyManifest: "./AndroidManifest.xml" (a decoy) before the real one.
func decoyManifest() []byte {
	return apkgen.Zip(
		apkgen.File{Name: "./AndroidManifest.xml", Data: manifest("com.hostile.decoy")},
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.real")},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("real")},
	)
}

// decoyDex: "./classes.dex" (a decoy) before the real classes.dex.
func decoyDex() []byte {
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.decoydex")},
		apkgen.File{Name: "./classes.dex", Data: apkgen.DEX("decoy")},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("real")},
	)
}

// dexNamedDir: a directory entry "classes.dex/" before the real file.
func dexNamedDir() []byte {
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.dexdir")},
		apkgen.File{Name: "classes.dex/"},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("real")},
	)
}

// duplicateEntries: two entries named exactly AndroidManifest.xml and two
// named classes.dex.
func duplicateEntries() []byte {
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.first")},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("first")},
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest("com.hostile.second")},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("second")},
	)
}

// ---- v1 signatures ---------------------------------------------------------

func der(tag byte, content ...[]byte) []byte {
	var c []byte
	for _, x := range content {
		c = append(c, x...)
	}
	n := len(c)
	var l []byte
	switch {
	case n < 0x80:
		l = []byte{byte(n)}
	case n < 0x100:
		l = []byte{0x81, byte(n)}
	case n < 0x10000:
		l = []byte{0x82, byte(n >> 8), byte(n)}
	default:
		l = []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return append(append([]byte{tag}, l...), c...)
}

// pkcs7 wraps certificates in a degenerate PKCS#7 SignedData (no signer
// infos): enough for a reader that collects certificates.
func pkcs7(certs [][]byte) []byte {
	oidSigned := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}
	oidData := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}
	sd := der(0x30,
		[]byte{0x02, 0x01, 0x01},
		[]byte{0x31, 0x00},
		der(0x30, oidData),
		der(0xa0, certs...),
		[]byte{0x31, 0x00},
	)
	return der(0x30, oidSigned, der(0xa0, sd))
}

func certificate(i int) []byte {
	seed := make([]byte, ed25519.SeedSize)
	binary.BigEndian.PutUint32(seed, uint32(i+1))
	key := ed25519.NewKeyFromSeed(seed)
	t := &x509.Certificate{
		SerialNumber: big.NewInt(int64(i + 1)),
		Subject:      pkix.Name{CommonName: fmt.Sprintf("hostile %d", i)},
		NotBefore:    time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2054, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	d, err := x509.CreateCertificate(zeroReader{}, t, t, key.Public(), key)
	if err != nil {
		log.Fatal(err)
	}
	return d
}

type zeroReader struct{}

func (zeroReader) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 0
	}
	return len(b), nil
}

// manyV1Signatures: 200 META-INF/*.RSA files of 8 certificates each
// (budgets: 64 files, 1024 certificates).
func manyV1Signatures() []byte {
	var certs [][]byte
	for i := 0; i < 8; i++ {
		certs = append(certs, certificate(i))
	}
	sig := pkcs7(certs)
	files := []apkgen.File{
		{Name: "AndroidManifest.xml", Data: manifest("com.hostile.v1")},
		{Name: "classes.dex", Data: apkgen.DEX("v1")},
	}
	for i := 0; i < 200; i++ {
		files = append(files, apkgen.File{Name: fmt.Sprintf("META-INF/S%03d.RSA", i), Data: sig})
	}
	return apkgen.Zip(files...)
}
