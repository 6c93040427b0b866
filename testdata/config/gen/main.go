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
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/apkscan/apkscan/internal/apkgen"
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

// ---- resources.arsc -------------------------------------------------------

// arsc writes a resource table of one package (0x7f) with one type,
// "string", holding the given name/value pairs in order.
func arsc(pkg string, kv [][2]string) []byte {
	var keys, vals []string
	for _, p := range kv {
		keys = append(keys, p[0])
		vals = append(vals, p[1])
	}
	global := apkgen.StringPool(vals)
	typeStrings := apkgen.StringPool([]string{"string"})
	keyStrings := apkgen.StringPool(keys)
	// ResTable_typeSpec: id, res0, res1, entryCount, then flags.
	var specHdr bytes.Buffer
	specHdr.WriteByte(1)
	specHdr.WriteByte(0)
	apkgen.LE16(&specHdr, 0)
	apkgen.LE32(&specHdr, uint32(len(kv)))
	var specBody bytes.Buffer
	for range kv {
		apkgen.LE32(&specBody, 0)
	}
	spec := apkgen.Chunk(0x0202, specHdr.Bytes(), specBody.Bytes())
	// ResTable_type: id, flags, reserved, entryCount, entriesStart, config.
	const cfgSize = 64
	hdrLen := 8 + 4 + 4 + 4 + cfgSize
	var offs, entries bytes.Buffer
	for i := range kv {
		apkgen.LE32(&offs, uint32(entries.Len()))
		apkgen.LE16(&entries, 8) // ResTable_entry size
		apkgen.LE16(&entries, 0) // flags
		apkgen.LE32(&entries, uint32(i))
		apkgen.LE16(&entries, 8) // Res_value size
		entries.WriteByte(0)
		entries.WriteByte(0x03) // TYPE_STRING
		apkgen.LE32(&entries, uint32(i))
	}
	var typHdr bytes.Buffer
	typHdr.WriteByte(1)
	typHdr.WriteByte(0)
	apkgen.LE16(&typHdr, 0)
	apkgen.LE32(&typHdr, uint32(len(kv)))
	apkgen.LE32(&typHdr, uint32(hdrLen+offs.Len()))
	cfg := make([]byte, cfgSize)
	binary.LittleEndian.PutUint32(cfg, cfgSize)
	typHdr.Write(cfg)
	typ := apkgen.Chunk(0x0201, typHdr.Bytes(), append(offs.Bytes(), entries.Bytes()...))
	// ResTable_package header: id, name[128], typeStrings, lastPublicType,
	// keyStrings, lastPublicKey, typeIdOffset.
	const pkgHdr = 288
	var ph bytes.Buffer
	apkgen.LE32(&ph, 0x7f)
	name := make([]byte, 256)
	for i, r := range pkg {
		if i < 127 {
			binary.LittleEndian.PutUint16(name[2*i:], uint16(r))
		}
	}
	ph.Write(name)
	apkgen.LE32(&ph, pkgHdr)
	apkgen.LE32(&ph, 1)
	apkgen.LE32(&ph, uint32(pkgHdr+len(typeStrings)))
	apkgen.LE32(&ph, uint32(len(kv)))
	apkgen.LE32(&ph, 0)
	body := append(append(append(append([]byte{}, typeStrings...), keyStrings...), spec...), typ...)
	pkgChunk := apkgen.Chunk(0x0200, ph.Bytes(), body)
	var th bytes.Buffer
	apkgen.LE32(&th, 1)
	return apkgen.Chunk(0x0002, th.Bytes(), append(global, pkgChunk...))
}

// ---- fixtures ------------------------------------------------------------

type metaData struct{ name, value string }

func manifest(pkg string, md []metaData) []byte {
	app := apkgen.Elem{Name: "application", Attrs: []apkgen.Attr{{Android: true, Name: "label", Str: pkg}}, Children: []apkgen.Elem{
		{Name: "activity", Attrs: []apkgen.Attr{{Android: true, Name: "name", Str: pkg + ".Main"}}},
	}}
	for _, m := range md {
		app.Children = append(app.Children, apkgen.Elem{Name: "meta-data", Attrs: []apkgen.Attr{
			{Android: true, Name: "name", Str: m.name}, {Android: true, Name: "value", Str: m.value}}})
	}
	return apkgen.AXML(apkgen.Elem{Name: "manifest", Attrs: []apkgen.Attr{
		{Name: "package", Str: pkg},
		{Android: true, Name: "versionCode", Num: 1},
		{Android: true, Name: "versionName", Str: "1.0"},
	}, Children: []apkgen.Elem{
		{Name: "uses-sdk", Attrs: []apkgen.Attr{{Android: true, Name: "minSdkVersion", Num: 21}}},
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
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest(pkg, md)},
		apkgen.File{Name: "resources.arsc", Data: arsc(pkg, res), Stored: true},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("config")},
		apkgen.File{Name: "res/raw/awsconfiguration.json", Data: []byte(awsConfiguration)},
		apkgen.File{Name: "assets/amplifyconfiguration.json", Data: []byte(amplifyConfiguration)},
	)
}

// decoys: the same key names with values no SDK writes, and a config apkgen.File
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
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest(pkg, md)},
		apkgen.File{Name: "resources.arsc", Data: arsc(pkg, res), Stored: true},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("decoys")},
		apkgen.File{Name: "res/raw/awsconfiguration.json", Data: []byte(`{"PinpointAnalytics": {"Default": {"AppId": [`)},
	)
}

// hostile: markup and terminal escapes in the values that reach the
// report (region, key names), a config apkgen.File nested far deeper than the
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
	return apkgen.Zip(
		apkgen.File{Name: "AndroidManifest.xml", Data: manifest(pkg, []metaData{{"io.sentry.dsn", "https://0123456789abcdef0123456789abcdef@o1.ingest.us.sentry.io/1\u001b]8;;http://evil\u0007"}})},
		apkgen.File{Name: "resources.arsc", Data: arsc(pkg, [][2]string{{"app_name", "Hostile"}}), Stored: true},
		apkgen.File{Name: "classes.dex", Data: apkgen.DEX("hostile")},
		apkgen.File{Name: "res/raw/awsconfiguration.json", Data: []byte(evil)},
		apkgen.File{Name: "assets/awsconfiguration.json", Data: deep.Bytes()},
		apkgen.File{Name: "assets/amplifyconfiguration.json", Data: big},
	)
}
