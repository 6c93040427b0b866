package reports

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestExodusUAID checks the algorithm against the application ids that
// exodus-core's own tests expect for two APKs (exodus-core
// test_exodus_analyze.py test_app_uid: instapaper, blooddonation; the
// certificate SHA-1s are those of META-INF/CERT.RSA of the same APKs, in
// ../shared/corpus/realworld).
func TestExodusUAID(t *testing.T) {
	for _, c := range []struct {
		pkg, sha1, want string
	}{
		{"com.olivierpayen.leaninstapaper", "4e0e179296d88849558a8212c0d3fa3d9d79b27c", "64B99DBA34AFBC3709F75871837465892DF31771"},
		{"fr.mobdev.blooddonation", "1218e4233db7350fe9d2238aa9f535fad63603ed", "775AFB467E4EF556A42B28181A70B79BA67B4497"},
	} {
		a := App{Package: c.pkg, Signers: []Signer{{SHA256: strings.Repeat("0", 64), SHA1: c.sha1, Schemes: []string{"v1", "v2"}}}}
		if got, ok := ExodusUAID(a); !ok || got != c.want {
			t.Errorf("%s: uaid %q %v, want %q", c.pkg, got, ok, c.want)
		}
	}
	// Only v1 certificates count (androguard get_signature_names): a
	// v2/v3-only APK has the SHA-1 of its package name alone.
	a := App{Package: "com.x", Signers: []Signer{{SHA1: "4e0e179296d88849558a8212c0d3fa3d9d79b27c", Schemes: []string{"v2", "v3"}}}}
	sum := sha1.Sum([]byte("com.x"))
	if got, _ := ExodusUAID(a); got != strings.ToUpper(hex.EncodeToString(sum[:])) {
		t.Errorf("v2-only: %q", got)
	}
	// A report saved before signers carried their SHA-1: unknown, not wrong.
	a.Signers[0].Schemes = []string{"v1"}
	a.Signers[0].SHA1 = ""
	if got, ok := ExodusUAID(a); ok {
		t.Errorf("uaid %q without the certificate's SHA-1", got)
	}
}

func exodusSample() *Report {
	id1, id2, id3 := 49, 27, 105
	r := rawSample()
	r.App.Package = "com.example.app"
	r.App.Label = "Café <b>\x1b[31m ☕ 𝄞"
	r.App.VersionName = "1.0\n\"beta\""
	r.App.VersionCode = 42
	r.App.Path = "apps/a&b.apk"
	r.App.Permissions = []string{"android.permission.INTERNET", "android.permission.CAMERA"}
	r.App.Libraries = []string{"org.apache.http.legacy", "maps", ".Local"}
	r.App.Signers = []Signer{{SHA256: strings.Repeat("b", 64), SHA1: "4e0e179296d88849558a8212c0d3fa3d9d79b27c", Schemes: []string{"v1", "v2"}}}
	r.SDKs = []SDK{
		{ID: "google-firebase-analytics", Name: "Google Firebase Analytics", ExodusID: &id1, Confidence: High},
		{ID: "firebase-analytics-ktx", Name: "Firebase Analytics KTX", ExodusID: &id1, Confidence: Medium},
		{ID: "google-crashlytics", Name: "Firebase Crashlytics", ExodusName: "Google CrashLytics", ExodusID: &id2, Confidence: Medium},
		{ID: "host-only", Name: "Host Only", ExodusID: &id3, Confidence: Low},
		{ID: "no-exodus", Name: "Not in Exodus", Confidence: High},
	}
	r.Normalize()
	return r
}

const exodusWant = `{
  "application": {
    "handle": "com.example.app",
    "version_name": "1.0\n\"beta\"",
    "version_code": "42",
    "uaid": "A9D1C2D52C93E8DA1A3DC3C90EE2E2C62B00E4D9",
    "name": "Caf\u00e9 \u003cb\u003e\u001b[31m \u2615 \ud834\udd1e",
    "permissions": [
      "android.permission.CAMERA",
      "android.permission.INTERNET"
    ],
    "libraries": [
      "com.example.app.Local",
      "com.example.app.maps",
      "org.apache.http.legacy"
    ]
  },
  "apk": {
    "path": "apps/a\u0026b.apk",
    "checksum": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  },
  "trackers": [
    {
      "name": "Google CrashLytics",
      "id": 27
    },
    {
      "name": "Firebase Analytics KTX",
      "id": 49
    }
  ]
}
`

func TestExodusDocument(t *testing.T) {
	r := exodusSample()
	uaid, _ := ExodusUAID(r.App)
	want := strings.Replace(exodusWant, "A9D1C2D52C93E8DA1A3DC3C90EE2E2C62B00E4D9", uaid, 1)
	got := encode(t, ExodusEncoder{}, r)
	if got != want {
		t.Errorf("exodus document:\n%s\nwant:\n%s", got, want)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if name := doc["application"].(map[string]any)["name"]; name != r.App.Label {
		t.Errorf("name decodes to %q, want %q", name, r.App.Label)
	}
	for i := 0; i < len(got); i++ {
		if got[i] >= 0x7f || (got[i] < 0x20 && got[i] != '\n') {
			t.Fatalf("byte %#x at %d: the document must be printable ASCII", got[i], i)
		}
	}
}

// TestExodusMatchesPython compares the JSON writer with Python's
// json.dumps(…, indent=2), which exodus_analyze.py -j uses, when python3
// is installed (apkscan also escapes <, > and &).
func TestExodusMatchesPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	r := exodusSample()
	r.App.Label = "x\x00\x7f\u0080\u2028\u202e\ufeff" + hTable + hScript + "\xff"
	// Python re-dumps apkscan's document: equal bytes mean the same
	// layout, key order and escapes as exodus_analyze.py would print.
	cmd := exec.Command(py, "-c", `import json,sys; print(json.dumps(json.load(sys.stdin), indent=2))`)
	cmd.Stdin = strings.NewReader(encode(t, ExodusEncoder{}, r))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(string(out))
	if got := encode(t, ExodusEncoder{}, r); got != want {
		t.Errorf("differs from Python's json.dumps:\n%s\npython:\n%s", got, want)
	}
	var many bytes.Buffer
	if err := (ExodusEncoder{}).EncodeAll(&many, []*Report{r, exodusSample()}); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(py, "-c", `import json,sys; print(json.dumps(json.load(sys.stdin), indent=2))`)
	cmd.Stdin = bytes.NewReader(many.Bytes())
	out, err = cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(string(out))
	if many.String() != want {
		t.Errorf("array differs from Python's json.dumps:\n%s\npython:\n%s", many.String(), want)
	}
}
