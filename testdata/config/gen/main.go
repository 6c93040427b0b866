// Command gen writes the SDK-configuration fixtures of apkscan's config
// analyzer (detect.Config): small APKs whose string resources, manifest
// <meta-data> and res/raw, assets JSON files carry the configuration SDKs
// ship (google-services resources, Sentry DSN, AWS/Amplify config, Azure
// storage connection string, …), and a decoy APK with the same key names
// but values no SDK writes (false positives the analyzer must not report).
//
//	go run ./testdata/config/gen -out testdata/config
//
// Everything is built from scratch (binary XML manifest, resources.arsc,
// minimal DEX; the binary-XML writer follows testdata/hostile/gen). All
// keys and ids are made up. The output is deterministic.
package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/adler32"
	"log"
	"os"
	"path/filepath"
	"time"
)

func main() {
	out := flag.String("out", "testdata/config", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	fixtures := []struct {
		name string
		data []byte
	}{
		{"sdk-config.apk", sdkConfig()},
		{"sdk-config-decoys.apk", decoys()},
		{"sdk-config-hostile.apk", hostile()},
	}
	for _, f := range fixtures {
		p := filepath.Join(*out, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-24s %8d bytes\n", f.name, len(f.data))
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
	"value":         0x01010024,
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

// ---- resources.arsc -------------------------------------------------------

// arsc writes a resource table of one package (0x7f) with one type,
// "string", holding the given name/value pairs in order.
func arsc(pkg string, kv [][2]string) []byte {
	var keys, vals []string
	for _, p := range kv {
		keys = append(keys, p[0])
		vals = append(vals, p[1])
	}
	global := stringPool(vals)
	typeStrings := stringPool([]string{"string"})
	keyStrings := stringPool(keys)
	// ResTable_typeSpec: id, res0, res1, entryCount, then flags.
	var specHdr bytes.Buffer
	specHdr.WriteByte(1)
	specHdr.WriteByte(0)
	le16(&specHdr, 0)
	le32(&specHdr, uint32(len(kv)))
	var specBody bytes.Buffer
	for range kv {
		le32(&specBody, 0)
	}
	spec := chunk(0x0202, specHdr.Bytes(), specBody.Bytes())
	// ResTable_type: id, flags, reserved, entryCount, entriesStart, config.
	const cfgSize = 64
	hdrLen := 8 + 4 + 4 + 4 + cfgSize
	var offs, entries bytes.Buffer
	for i := range kv {
		le32(&offs, uint32(entries.Len()))
		le16(&entries, 8) // ResTable_entry size
		le16(&entries, 0) // flags
		le32(&entries, uint32(i))
		le16(&entries, 8) // Res_value size
		entries.WriteByte(0)
		entries.WriteByte(0x03) // TYPE_STRING
		le32(&entries, uint32(i))
	}
	var typHdr bytes.Buffer
	typHdr.WriteByte(1)
	typHdr.WriteByte(0)
	le16(&typHdr, 0)
	le32(&typHdr, uint32(len(kv)))
	le32(&typHdr, uint32(hdrLen+offs.Len()))
	cfg := make([]byte, cfgSize)
	binary.LittleEndian.PutUint32(cfg, cfgSize)
	typHdr.Write(cfg)
	typ := chunk(0x0201, typHdr.Bytes(), append(offs.Bytes(), entries.Bytes()...))
	// ResTable_package header: id, name[128], typeStrings, lastPublicType,
	// keyStrings, lastPublicKey, typeIdOffset.
	const pkgHdr = 288
	var ph bytes.Buffer
	le32(&ph, 0x7f)
	name := make([]byte, 256)
	for i, r := range pkg {
		if i < 127 {
			binary.LittleEndian.PutUint16(name[2*i:], uint16(r))
		}
	}
	ph.Write(name)
	le32(&ph, pkgHdr)
	le32(&ph, 1)
	le32(&ph, uint32(pkgHdr+len(typeStrings)))
	le32(&ph, uint32(len(kv)))
	le32(&ph, 0)
	body := append(append(append(append([]byte{}, typeStrings...), keyStrings...), spec...), typ...)
	pkgChunk := chunk(0x0200, ph.Bytes(), body)
	var th bytes.Buffer
	le32(&th, 1)
	return chunk(0x0002, th.Bytes(), append(global, pkgChunk...))
}

// ---- fixtures ------------------------------------------------------------

type metaData struct{ name, value string }

func manifest(pkg string, md []metaData) []byte {
	app := elem{name: "application", attrs: []attr{{android: true, name: "label", str: pkg}}, children: []elem{
		{name: "activity", attrs: []attr{{android: true, name: "name", str: pkg + ".Main"}}},
	}}
	for _, m := range md {
		app.children = append(app.children, elem{name: "meta-data", attrs: []attr{
			{android: true, name: "name", str: m.name}, {android: true, name: "value", str: m.value}}})
	}
	return axml(elem{name: "manifest", attrs: []attr{
		{name: "package", str: pkg},
		{android: true, name: "versionCode", num: 1},
		{android: true, name: "versionName", str: "1.0"},
	}, children: []elem{
		{name: "uses-sdk", attrs: []attr{{android: true, name: "minSdkVersion", num: 21}}},
		app,
	}})
}

const awsConfiguration = `{
  "UserAgent": "aws-amplify/cli",
  "Version": "1.0",
  "CredentialsProvider": {"CognitoIdentity": {"Default": {"PoolId": "eu-west-1:12345678-90ab-cdef-1234-567890abcdef", "Region": "eu-west-1"}}},
  "CognitoUserPool": {"Default": {"PoolId": "eu-west-1_AbCdEfGhI", "AppClientId": "1a2b3c4d5e6f7g8h9i0j1k2l3m",
    "AppClientSecret": "1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n", "Region": "eu-west-1"}},
  "PinpointAnalytics": {"Default": {"AppId": "0123456789abcdef0123456789abcdef", "Region": "us-east-1"}},
  "PinpointTargeting": {"Default": {"Region": "us-east-1"}},
  "S3TransferUtility": {"Default": {"Bucket": "medbook-uploads-eu", "Region": "eu-central-1"}},
  "AppSync": {"Default": {"ApiUrl": "https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql",
    "Region": "eu-west-1", "AuthMode": "API_KEY", "ApiKey": "da2-abcdefghijklmnopqrstuvwxyz"}}
}
`

const amplifyConfiguration = `{
  "UserAgent": "aws-amplify-cli/2.0",
  "Version": "1.0",
  "analytics": {"plugins": {"awsPinpointAnalyticsPlugin": {
    "pinpointAnalytics": {"appId": "fedcba9876543210fedcba9876543210", "region": "eu-central-1"},
    "pinpointTargeting": {"region": "eu-central-1"}}}},
  "storage": {"plugins": {"awsS3StoragePlugin": {"bucket": "medbook-media", "region": "us-west-2"}}}
}
`

func sdkConfig() []byte {
	const pkg = "com.apkscan.fixture.config"
	res := [][2]string{
		{"app_name", "Config fixture"},
		{"google_app_id", "1:517408942575:android:8a3f1c2d4e5b6a7c"},
		{"gcm_defaultSenderId", "517408942575"},
		{"project_id", "medbook-prod-4a1f2"},
		{"firebase_database_url", "https://medbook-eu-default-rtdb.europe-west1.firebasedatabase.app"},
		{"google_api_key", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"},
		{"google_storage_bucket", "medbook-prod-4a1f2.appspot.com"},
		{"default_web_client_id", "517408942575-utf40vc8hdlanv3ekgh12obookgkofn7.apps.googleusercontent.com"},
		{"analytics_write_key", "Q9xCwKz3mT7bV2nR8pL4sY6hJ1gF5dE0"},
		{"mixpanel_token", "0123456789abcdef0123456789abcdef"},
		{"amplitude_api_key", "fedcba9876543210fedcba9876543210"},
		{"amplitude_server_zone", "EU"},
		{"appsflyer_dev_key", "aBcDeFgHiJkLmNoPqRsTuV"},
		{"adjust_app_token", "2fm9gkqubvpc"},
		{"algolia_application_id", "LATENCY123"},
		{"storage_connection", "DefaultEndpointsProtocol=https;AccountName=medbookstore;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNA==;EndpointSuffix=core.windows.net"},
	}
	md := []metaData{
		{"io.sentry.dsn", "https://0123456789abcdef0123456789abcdef@o123456.ingest.de.sentry.io/4504"},
		{"com.mixpanel.android.MPConfig.EventsEndpoint", "https://api-eu.mixpanel.com/track/"},
	}
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest(pkg, md)},
		file{name: "resources.arsc", data: arsc(pkg, res), stored: true},
		file{name: "classes.dex", data: dex("config")},
		file{name: "res/raw/awsconfiguration.json", data: []byte(awsConfiguration)},
		file{name: "assets/amplifyconfiguration.json", data: []byte(amplifyConfiguration)},
	)
}

// decoys: the same key names with values no SDK writes, and a config file
// that is not JSON. Nothing here may be reported.
func decoys() []byte {
	const pkg = "com.apkscan.fixture.decoys"
	res := [][2]string{
		{"google_app_id", "not-an-app-id"},
		{"google_api_key", "YOUR_API_KEY_HERE"},
		{"project_id", "Project Name"},
		{"firebase_database_url", "https://evil.example/firebaseio.com"},
		{"mixpanel_token", "TODO"},
		{"adjust_app_token", "{adjust-token}"},
		{"docs_link", "https://docs.sentry.io/platforms/android/"},
		{"azure_help", "Set AccountKey= in your connection string"},
	}
	md := []metaData{{"io.sentry.dsn", "https://sentry.example/not-a-dsn"}}
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest(pkg, md)},
		file{name: "resources.arsc", data: arsc(pkg, res), stored: true},
		file{name: "classes.dex", data: dex("decoys")},
		file{name: "res/raw/awsconfiguration.json", data: []byte(`{"PinpointAnalytics": {"Default": {"AppId": [`)},
	)
}

// hostile: markup and terminal escapes in the values that reach the
// report (region, key names), a config file nested far deeper than the
// analyzer follows, and one larger than it reads.
func hostile() []byte {
	const pkg = "com.apkscan.fixture.hostile"
	evil := `{"PinpointAnalytics": {"Default": {"AppId": "0123456789abcdef0123456789abcdef", "Region": "<script>alert(1)</script>\u001b[31m"}},
  "AppSync": {"<img src=x onerror=alert(1)>": {"ApiUrl": "https://abcdefghij.appsync-api.eu-west-1.amazonaws.com/graphql"}}}`
	var deep bytes.Buffer
	for i := 0; i < 5000; i++ {
		deep.WriteString(`{"a":`)
	}
	deep.WriteString(`"x"`)
	for i := 0; i < 5000; i++ {
		deep.WriteString(`}`)
	}
	big := append([]byte(`{"pad": "`), bytes.Repeat([]byte("A"), 300<<10)...)
	big = append(big, []byte(`"}`)...)
	return zipOf(
		file{name: "AndroidManifest.xml", data: manifest(pkg, []metaData{{"io.sentry.dsn", "https://0123456789abcdef0123456789abcdef@o1.ingest.us.sentry.io/1\u001b]8;;http://evil\u0007"}})},
		file{name: "resources.arsc", data: arsc(pkg, [][2]string{{"app_name", "Hostile"}}), stored: true},
		file{name: "classes.dex", data: dex("hostile")},
		file{name: "res/raw/awsconfiguration.json", data: []byte(evil)},
		file{name: "assets/awsconfiguration.json", data: deep.Bytes()},
		file{name: "assets/amplifyconfiguration.json", data: big},
	)
}
