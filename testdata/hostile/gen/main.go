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
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/adler32"
	"log"
	"math/big"
	"os"
	"path/filepath"
	"time"
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

// ---- ZIP --------------------------------------------------------------

type file struct {
	name   string
	data   []byte
	stored bool
}

// zipOf writes the files in order; zip.Writer neither cleans names nor
// refuses duplicates, which is what the decoy fixtures need.
func zipOf(files ...file) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: mod}
		if f.stored {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			log.Fatal(err)
		}
		w.Write(f.data)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// ---- binary XML (AndroidManifest.xml) ----------------------------------

const androidNS = "http://schemas.android.com/apk/res/android"

type attr struct {
	android bool
	name    string
	str     string // string value, or
	num     int32  // integer value when str == ""
}

type elem struct {
	name     string
	attrs    []attr
	children []elem
}

// Android attribute resource IDs (android.R.attr).
var attrIDs = map[string]uint32{
	"name":          0x01010003,
	"label":         0x01010001,
	"versionCode":   0x0101021b,
	"versionName":   0x0101021c,
	"minSdkVersion": 0x0101020c,
}

type pool struct {
	strs []string
	idx  map[string]int
}

func (p *pool) add(s string) int32 {
	if i, ok := p.idx[s]; ok {
		return int32(i)
	}
	p.idx[s] = len(p.strs)
	p.strs = append(p.strs, s)
	return int32(len(p.strs) - 1)
}

func le32(b *bytes.Buffer, v uint32) { binary.Write(b, binary.LittleEndian, v) }
func le16(b *bytes.Buffer, v uint16) { binary.Write(b, binary.LittleEndian, v) }

// chunk frames body with a ResChunk_header; hdrExtra are the header bytes
// after the 8-byte common header.
func chunk(typ uint16, hdrExtra, body []byte) []byte {
	var b bytes.Buffer
	le16(&b, typ)
	le16(&b, uint16(8+len(hdrExtra)))
	le32(&b, uint32(8+len(hdrExtra)+len(body)))
	b.Write(hdrExtra)
	b.Write(body)
	return b.Bytes()
}

// stringPool encodes a UTF-8 ResStringPool.
func stringPool(strs []string) []byte {
	var offs, data bytes.Buffer
	for _, s := range strs {
		le32(&offs, uint32(data.Len()))
		n := len(s) // ASCII only here: chars == bytes
		if n > 0x7f {
			data.Write([]byte{byte(0x80 | n>>8), byte(n), byte(0x80 | n>>8), byte(n)})
		} else {
			data.Write([]byte{byte(n), byte(n)})
		}
		data.WriteString(s)
		data.WriteByte(0)
	}
	for data.Len()%4 != 0 {
		data.WriteByte(0)
	}
	var hdr bytes.Buffer
	le32(&hdr, uint32(len(strs)))
	le32(&hdr, 0)     // styles
	le32(&hdr, 0x100) // UTF-8
	le32(&hdr, uint32(28+offs.Len()))
	le32(&hdr, 0)
	return chunk(0x0001, hdr.Bytes(), append(offs.Bytes(), data.Bytes()...))
}

func axml(root elem) []byte {
	p := &pool{idx: map[string]int{}}
	// Resource-mapped attribute names come first, in attrIDs order of use.
	var ids []uint32
	var walkAttrs func(e elem)
	walkAttrs = func(e elem) {
		for _, a := range e.attrs {
			if a.android {
				if _, ok := p.idx[a.name]; !ok {
					p.add(a.name)
					ids = append(ids, attrIDs[a.name])
				}
			}
		}
		for _, c := range e.children {
			walkAttrs(c)
		}
	}
	walkAttrs(root)
	prefix, uri := p.add("android"), p.add(androidNS)
	var body bytes.Buffer
	node := func(typ uint16, payload []byte) {
		var h bytes.Buffer
		le32(&h, 1)          // line
		le32(&h, 0xffffffff) // comment
		body.Write(chunk(typ, h.Bytes(), payload))
	}
	var ns bytes.Buffer
	le32(&ns, uint32(prefix))
	le32(&ns, uint32(uri))
	node(0x0100, ns.Bytes())
	var write func(e elem)
	write = func(e elem) {
		name := p.add(e.name)
		var b bytes.Buffer
		le32(&b, 0xffffffff)
		le32(&b, uint32(name))
		le16(&b, 20)
		le16(&b, 20)
		le16(&b, uint16(len(e.attrs)))
		le16(&b, 0)
		le16(&b, 0)
		le16(&b, 0)
		for _, a := range e.attrs {
			nsIdx := uint32(0xffffffff)
			if a.android {
				nsIdx = uint32(uri)
			}
			le32(&b, nsIdx)
			le32(&b, uint32(p.add(a.name)))
			if a.str != "" {
				v := p.add(a.str)
				le32(&b, uint32(v))
				le16(&b, 8)
				b.WriteByte(0)
				b.WriteByte(0x03) // TYPE_STRING
				le32(&b, uint32(v))
			} else {
				le32(&b, 0xffffffff)
				le16(&b, 8)
				b.WriteByte(0)
				b.WriteByte(0x10) // TYPE_INT_DEC
				le32(&b, uint32(a.num))
			}
		}
		node(0x0102, b.Bytes())
		for _, c := range e.children {
			write(c)
		}
		var end bytes.Buffer
		le32(&end, 0xffffffff)
		le32(&end, uint32(name))
		node(0x0103, end.Bytes())
	}
	write(root)
	node(0x0101, ns.Bytes())
	var rmap bytes.Buffer
	for _, id := range ids {
		le32(&rmap, id)
	}
	doc := append(stringPool(p.strs), chunk(0x0180, nil, rmap.Bytes())...)
	doc = append(doc, body.Bytes()...)
	return chunk(0x0003, nil, doc)
}

// manifest is a minimal valid manifest of package pkg with one activity.
func manifest(pkg string) []byte {
	return axml(elem{name: "manifest", attrs: []attr{
		{name: "package", str: pkg},
		{android: true, name: "versionCode", num: 1},
		{android: true, name: "versionName", str: "1.0"},
	}, children: []elem{
		{name: "uses-sdk", attrs: []attr{{android: true, name: "minSdkVersion", num: 21}}},
		{name: "application", attrs: []attr{{android: true, name: "label", str: pkg}}, children: []elem{
			{name: "activity", attrs: []attr{{android: true, name: "name", str: pkg + ".Main"}}},
		}},
	}})
}

// ---- DEX ----------------------------------------------------------------

// dex is a minimal valid DEX file (header and map only, no classes) that
// dexdump accepts. tag goes in the link section, after the map, so that the
// real and the decoy DEX differ in content and checksum.
func dex(tag string) []byte {
	link := []byte(tag)
	for len(link)%4 != 0 {
		link = append(link, 0)
	}
	const hdr = 0x70
	mapOff := hdr
	mapSize := 4 + 2*12
	linkOff := mapOff + mapSize
	size := linkOff + len(link)
	b := make([]byte, size)
	copy(b, "dex\n035\x00")
	put := func(off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	put(32, uint32(size))
	put(36, hdr)
	put(40, 0x12345678)
	put(44, uint32(len(link)))
	put(48, uint32(linkOff))
	put(52, uint32(mapOff))
	put(104, uint32(mapSize)) // data_size
	put(108, uint32(mapOff))  // data_off
	copy(b[linkOff:], link)
	m := b[mapOff:]
	binary.LittleEndian.PutUint32(m, 2)
	item := func(i int, typ uint16, count, off uint32) {
		e := m[4+12*i:]
		binary.LittleEndian.PutUint16(e, typ)
		binary.LittleEndian.PutUint32(e[4:], count)
		binary.LittleEndian.PutUint32(e[8:], off)
	}
	item(0, 0x0000, 1, 0)              // header_item
	item(1, 0x1000, 1, uint32(mapOff)) // map_list
	sig := sha1.Sum(b[32:])
	copy(b[12:32], sig[:])
	put(8, adler32.Checksum(b[12:]))
	return b
}

// ---- fixtures ------------------------------------------------------------

// nestedAmplification: an APK whose assets hold 9 APKs that each hold 9
// APKs (90 nested archives, more than the budget of 64), each padded so
// that the inflated total is many times the file.
func nestedAmplification() []byte {
	leaf := zipOf(
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.leaf")},
		file{name: "assets/pad.bin", data: make([]byte, 256<<10), stored: true},
	)
	var mid []file
	mid = append(mid, file{name: "AndroidManifest.xml", data: manifest("com.hostile.mid")})
	for i := 0; i < 9; i++ {
		mid = append(mid, file{name: fmt.Sprintf("assets/leaf%d.apk", i), data: leaf, stored: true})
	}
	midZip := zipOf(mid...)
	outer := []file{
		{name: "AndroidManifest.xml", data: manifest("com.hostile.nested")},
		{name: "classes.dex", data: dex("nested")},
	}
	for i := 0; i < 9; i++ {
		outer = append(outer, file{name: fmt.Sprintf("assets/mid%d.apk", i), data: midZip})
	}
	return zipOf(outer...)
}

// deepNesting: APK in APK in APK in APK (depth 4; the budget is 2).
func deepNesting() []byte {
	z := zipOf(file{name: "AndroidManifest.xml", data: manifest("com.hostile.depth4")})
	for d := 3; d >= 0; d-- {
		pkg := fmt.Sprintf("com.hostile.depth%d", d)
		if d == 0 {
			pkg = "com.hostile.deep"
		}
		z = zipOf(
			file{name: "AndroidManifest.xml", data: manifest(pkg)},
			file{name: fmt.Sprintf("assets/depth%d.apk", d+1), data: z},
		)
	}
	return z
}

// aliasedArsc: resources.arsc whose global UTF-16 string pool has 2^20
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
		le32(&offs, o)
	}
	var hdr bytes.Buffer
	le32(&hdr, count)
	le32(&hdr, 0)
	le32(&hdr, 0) // UTF-16
	le32(&hdr, uint32(28+offs.Len()))
	le32(&hdr, 0)
	sp := chunk(0x0001, hdr.Bytes(), append(offs.Bytes(), run...))
	var th bytes.Buffer
	le32(&th, 0) // package count
	arsc := chunk(0x0002, th.Bytes(), sp)
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.arsc")},
		file{name: "resources.arsc", data: arsc},
		file{name: "classes.dex", data: dex("arsc")},
	)
}

// decoyManifest: "./AndroidManifest.xml" (a decoy) before the real one.
func decoyManifest() []byte {
	return zipOf(
		file{name: "./AndroidManifest.xml", data: manifest("com.hostile.decoy")},
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.real")},
		file{name: "classes.dex", data: dex("real")},
	)
}

// decoyDex: "./classes.dex" (a decoy) before the real classes.dex.
func decoyDex() []byte {
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.decoydex")},
		file{name: "./classes.dex", data: dex("decoy")},
		file{name: "classes.dex", data: dex("real")},
	)
}

// dexNamedDir: a directory entry "classes.dex/" before the real file.
func dexNamedDir() []byte {
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.dexdir")},
		file{name: "classes.dex/"},
		file{name: "classes.dex", data: dex("real")},
	)
}

// duplicateEntries: two entries named exactly AndroidManifest.xml and two
// named classes.dex.
func duplicateEntries() []byte {
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.first")},
		file{name: "classes.dex", data: dex("first")},
		file{name: "AndroidManifest.xml", data: manifest("com.hostile.second")},
		file{name: "classes.dex", data: dex("second")},
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
	files := []file{
		{name: "AndroidManifest.xml", data: manifest("com.hostile.v1")},
		{name: "classes.dex", data: dex("v1")},
	}
	for i := 0; i < 200; i++ {
		files = append(files, file{name: fmt.Sprintf("META-INF/S%03d.RSA", i), data: sig})
	}
	return zipOf(files...)
}
