package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/store"
)

// Synthetic-but-realistic reports for tests and the benchmark: apps drawn
// from a pool of real SDK ids, vendors and countries, with a long-tailed
// number of SDKs, hosts, flows (with paths) and permissions, some
// packages with several builds, some cross-checked against a list.

type genSDK struct {
	id, name, vendorID, vendor, country, cats, prefix, host string
	weight                                                  int
}

var genSDKs = []genSDK{
	{"google-firebase-analytics", "Firebase Analytics", "google", "Google", "US", "analytics", "com/google/firebase/analytics", "app-measurement.com", 60},
	{"google-crashlytics", "Firebase Crashlytics", "google", "Google", "US", "crash-reporting", "com/google/firebase/crashlytics", "crashlytics.googleapis.com", 40},
	{"google-admob", "Google AdMob", "google", "Google", "US", "advertisement", "com/google/android/gms/ads", "googleads.g.doubleclick.net", 35},
	{"google-firebase-messaging", "Firebase Cloud Messaging", "google", "Google", "US", "push", "com/google/firebase/messaging", "fcm.googleapis.com", 45},
	{"facebook-sdk", "Facebook SDK", "meta", "Meta", "US", "analytics,advertisement", "com/facebook", "graph.facebook.com", 25},
	{"facebook-audience-network", "Audience Network", "meta", "Meta", "US", "advertisement", "com/facebook/ads", "an.facebook.com", 10},
	{"appsflyer", "AppsFlyer", "appsflyer", "AppsFlyer", "IL", "attribution,analytics", "com/appsflyer", "appsflyer.com", 15},
	{"adjust", "Adjust", "adjust", "Adjust", "DE", "attribution", "com/adjust/sdk", "app.adjust.com", 10},
	{"amplitude", "Amplitude", "amplitude", "Amplitude", "US", "analytics", "com/amplitude", "api2.amplitude.com", 6},
	{"mixpanel", "Mixpanel", "mixpanel", "Mixpanel", "US", "analytics", "com/mixpanel/android", "api.mixpanel.com", 5},
	{"sentry", "Sentry", "sentry", "Sentry", "US", "crash-reporting", "io/sentry", "sentry.io", 8},
	{"onesignal", "OneSignal", "onesignal", "OneSignal", "US", "push", "com/onesignal", "onesignal.com", 8},
	{"braze", "Braze", "braze", "Braze", "US", "engagement", "com/braze", "sdk.iad-01.braze.com", 3},
	{"unity-ads", "Unity Ads", "unity", "Unity", "US", "advertisement", "com/unity3d/ads", "unityads.unity3d.com", 7},
	{"applovin", "AppLovin", "applovin", "AppLovin", "US", "advertisement", "com/applovin", "applovin.com", 8},
	{"ironsource", "ironSource", "ironsource", "ironSource", "IL", "advertisement", "com/ironsource", "ironsrc.mobi", 5},
	{"yandex-metrica", "AppMetrica", "yandex", "Yandex", "RU", "analytics", "com/yandex/metrica", "appmetrica.yandex.net", 4},
	{"huawei-hms-analytics", "HMS Analytics", "huawei", "Huawei", "CN", "analytics", "com/huawei/hms/analytics", "metrics.data.hicloud.com", 3},
	{"tencent-bugly", "Bugly", "tencent", "Tencent", "CN", "crash-reporting", "com/tencent/bugly", "android.bugly.qq.com", 3},
	{"baidu-mobstat", "Baidu Mobile Stat", "baidu", "Baidu", "CN", "analytics", "com/baidu/mobstat", "hmma.baidu.com", 2},
	{"new-relic", "New Relic", "new-relic", "New Relic", "US", "profiling", "com/newrelic/agent", "mobile-collector.newrelic.com", 2},
	{"instabug", "Instabug", "instabug", "Instabug", "EG", "crash-reporting", "com/instabug", "api.instabug.com", 2},
	{"segment", "Segment", "twilio", "Twilio", "US", "analytics", "com/segment/analytics", "api.segment.io", 2},
	{"okhttp", "OkHttp", "square", "Square", "US", "other", "okhttp3", "", 50},
	{"glide", "Glide", "bumptech", "Bumptech", "", "other", "com/bumptech/glide", "", 30},
}

var genPermissions = []string{
	"android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE", "android.permission.WAKE_LOCK",
	"android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION", "android.permission.CAMERA",
	"android.permission.READ_CONTACTS", "android.permission.RECORD_AUDIO", "android.permission.POST_NOTIFICATIONS",
	"com.google.android.gms.permission.AD_ID", "android.permission.READ_EXTERNAL_STORAGE", "android.permission.VIBRATE",
	"android.permission.RECEIVE_BOOT_COMPLETED", "android.permission.FOREGROUND_SERVICE", "android.permission.BLUETOOTH_CONNECT",
	"android.permission.READ_PHONE_STATE", "com.android.vending.BILLING",
}

var genKinds = []string{"search-query", "url", "user-input", "device-id", "advertising-id", "location", "account", "contact"}

var genWords = []string{"med", "book", "health", "fit", "bank", "news", "shop", "chat", "photo", "map", "taxi", "food", "quiz", "music",
	"video", "weather", "travel", "learn", "game", "note", "pay", "care", "home", "city", "star", "daily", "smart", "go", "pro", "plus"}

func shaOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func sp(s string) *string { return &s }

// genReport returns the report of build v of synthetic app i.
func genReport(i, v int) *reports.Report {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	w := func() string { return genWords[rng.IntN(len(genWords))] }
	pkg := fmt.Sprintf("com.%s%s.%s%d", w(), w(), w(), i)
	label := fmt.Sprintf("%s %s %d", w(), w(), i)
	code := int64(100 + v*10)
	// The content differs between builds of a package.
	rng = rand.New(rand.NewPCG(uint64(i), uint64(7+v)))
	r := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "apkscan", Version: "1.0.0"},
		SDKDB:         reports.SDKDBInfo{Version: "2026.1", Digest: "sha256:synthetic", SDKs: 500},
		App: reports.App{
			Path: fmt.Sprintf("/apks/%s-%d.apk", pkg, code), Kind: "apk", SHA256: shaOf(fmt.Sprintf("%d/%d", i, v)),
			Size: int64(2_000_000 + rng.IntN(60_000_000)), Package: pkg, Label: label, VersionCode: code,
			VersionName: fmt.Sprintf("%d.%d", 1+v, rng.IntN(10)), MinSDK: 21 + rng.IntN(5), TargetSDK: 33 + rng.IntN(3),
			Signers: []reports.Signer{{SHA256: shaOf(fmt.Sprintf("signer %d", i)), Schemes: []string{"v2", "v3"}, Subject: "CN=" + label}},
			Components: []reports.Component{
				{Kind: "activity", Name: pkg + ".MainActivity", Exported: true, Actions: []string{"android.intent.action.MAIN"}},
				{Kind: "service", Name: pkg + ".SyncService"},
			},
		},
		Stats: reports.Stats{DexFiles: 1 + rng.IntN(4), Classes: 2000 + rng.IntN(30000), CallSites: 50000 + rng.IntN(400000), Strings: 20000 + rng.IntN(200000)},
	}
	// Permissions: INTERNET and a random handful.
	perms := map[string]bool{genPermissions[0]: true}
	for range 2 + rng.IntN(10) {
		perms[genPermissions[rng.IntN(len(genPermissions))]] = true
	}
	for p := range perms {
		r.App.Permissions = append(r.App.Permissions, p)
	}
	// SDKs: weighted draws, a long tail of apps with none.
	nSDK := 0
	if rng.IntN(10) > 0 {
		nSDK = 1 + int(rng.ExpFloat64()*3)
	}
	total := 0
	for _, s := range genSDKs {
		total += s.weight
	}
	have := map[string]bool{}
	for range nSDK {
		x := rng.IntN(total)
		var s genSDK
		for _, c := range genSDKs {
			if x < c.weight {
				s = c
				break
			}
			x -= c.weight
		}
		if have[s.id] {
			continue
		}
		have[s.id] = true
		sdk := reports.SDK{ID: s.id, Name: s.name, Vendor: reports.Vendor{ID: s.vendorID, Name: s.vendor, Country: s.country},
			Categories: splitComma(s.cats), Used: rng.IntN(4) > 0, Confidence: "high", Channels: map[string]int{"package": 1, "string": 1}}
		if rng.IntN(2) == 0 {
			sdk.Version = sp(fmt.Sprintf("%d.%d.%d", 1+rng.IntN(20), rng.IntN(10), rng.IntN(10)))
		}
		for k := range 2 + rng.IntN(4) {
			sdk.Evidence = append(sdk.Evidence, reports.Evidence{Channel: "package", Value: "L" + s.prefix + fmt.Sprintf("/C%d;", k), Location: "classes.dex"})
		}
		r.SDKs = append(r.SDKs, sdk)
		if s.host != "" {
			r.Endpoints = append(r.Endpoints, reports.Endpoint{URL: "https://" + s.host + "/v1/events", Host: s.host, Owner: s.vendorID, OwnerName: s.vendor,
				SDK: sp(s.id), Locations: []string{"classes.dex"}, Count: 1 + rng.IntN(5)})
			if sdk.Used && rng.IntN(3) == 0 && s.cats != "other" && s.cats != "push" {
				kind := genKinds[rng.IntN(len(genKinds))]
				r.Flows = append(r.Flows, genFlow(rng, pkg, s, kind))
			}
		}
	}
	own := fmt.Sprintf("api.%s.example", w())
	r.Endpoints = append(r.Endpoints, reports.Endpoint{URL: "https://" + own + "/", Host: own, Owner: "first-party", Locations: []string{"classes.dex"}, Count: 3})
	// A third of the apps were cross-checked against a subprocessor list.
	if rng.IntN(3) == 0 {
		sub := &reports.Subprocessors{List: "privacy-policy.yaml"}
		seen := map[string]bool{}
		for _, s := range r.SDKs {
			if seen[s.Vendor.ID] || s.Vendor.Country == "" {
				continue
			}
			seen[s.Vendor.ID] = true
			declared := rng.IntN(3) > 0
			rc := reports.SubprocessorRecipient{Vendor: s.Vendor, Declared: declared, Country: s.Vendor.Country, InEEA: s.Vendor.Country == "DE",
				DataKinds: []string{"device-id"}, Severity: "low", SDKs: []string{s.ID}, Hosts: []string{}}
			if !declared {
				rc.Severity = "high"
			} else {
				rc.MatchedEntry = sp(s.Vendor.Name)
			}
			sub.Recipients = append(sub.Recipients, rc)
		}
		r.Subprocessors = sub
	}
	r.Normalize()
	return r
}

func genFlow(rng *rand.Rand, pkg string, s genSDK, kind string) reports.Flow {
	cls := "L" + pkg + "/ui/SearchActivity;"
	f := reports.Flow{
		Rule: reports.RuleInputToSDK, SDK: sp(s.id), Recipient: reports.Recipient{Vendor: s.vendorID, Host: s.host},
		Sink:   reports.FlowSink{Method: "L" + s.prefix + "/Tracker;->logEvent(Ljava/lang/String;Landroid/os/Bundle;)V", Arg: 2, Param: "search_term"},
		Source: reports.FlowSource{Kind: kind, Method: "Landroid/widget/EditText;->getText()Landroid/text/Editable;"},
		Value:  "«" + kind + "»", Confidence: "high", Fingerprint: shaOf(s.id + kind)[:16],
	}
	if kind == "search-query" {
		f.Rule = reports.RuleSearchToSDK
	}
	for k := range 3 + rng.IntN(4) {
		f.Path = append(f.Path, reports.PathStep{Class: cls, Method: fmt.Sprintf("m%d(Ljava/lang/String;)V", k), PC: 4 * k, File: "classes.dex", Kind: "propagate"})
	}
	f.Path[0].Kind, f.Path[len(f.Path)-1].Kind = "source", "sink"
	return f
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// Hostile strings, as a malicious APK could carry them.
const (
	hostileScript = `<script>document.title='pwned';window.pwned=1</script>`
	hostileImg    = `"><img src=x onerror="document.title='pwned'">`
)

// hostileReport is an app whose every string tries to inject markup.
func hostileReport() *reports.Report {
	r := genReport(999_999, 0)
	r.App.SHA256 = shaOf("hostile")
	r.App.Package = "com.evil" + hostileImg
	r.App.Label = hostileScript
	r.App.VersionName = hostileImg
	r.App.Permissions = append(r.App.Permissions, "p"+hostileScript)
	evil := genSDK{id: "evil" + hostileImg, name: hostileScript, vendorID: "v" + hostileImg, vendor: hostileScript, country: hostileImg,
		cats: "analytics", prefix: "com/evil", host: "evil.example" + hostileImg}
	r.SDKs = append(r.SDKs, reports.SDK{ID: evil.id, Name: evil.name, Vendor: reports.Vendor{ID: evil.vendorID, Name: evil.vendor, Country: evil.country},
		Categories: []string{"analytics"}, Used: true, Confidence: "high", Evidence: []reports.Evidence{{Channel: "string", Value: hostileScript, Location: hostileImg}}})
	r.Endpoints = append(r.Endpoints, reports.Endpoint{URL: "javascript:alert(1)//" + hostileImg, Host: evil.host, Owner: evil.vendorID, OwnerName: hostileScript, SDK: sp(evil.id), Count: 1})
	f := genFlow(rand.New(rand.NewPCG(1, 1)), "com/evil", evil, "search-query")
	f.Value = hostileScript
	f.Path[0].Insn = hostileImg
	r.Flows = append(r.Flows, f)
	r.Problems = append(r.Problems, reports.Problem{Where: hostileImg, Error: hostileScript, Severity: "warning"})
	r.Normalize()
	return r
}

// genStore writes n synthetic apps (every tenth package with three
// builds) and, when hostile, the hostile app, through the store's write
// path, into a new SQLite file in dir.
func genStore(tb testing.TB, path string, n int, hostile bool) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	run, err := st.BeginRun(ctx, store.Run{Producer: store.Producer{ToolVersion: "1.0.0", SDKDBDigest: "sha256:synthetic"}, Host: "bench", Started: time.Now()})
	if err != nil {
		tb.Fatal(err)
	}
	put := func(r *reports.Report) {
		rec, err := store.NewRecord(r)
		if err != nil {
			tb.Fatal(err)
		}
		if err := st.PutApp(ctx, run, store.Input{Path: r.App.Path, Size: r.App.Size, ModTime: 1}, rec); err != nil {
			tb.Fatal(err)
		}
	}
	for i := range n {
		builds := 1
		if i%10 == 0 {
			builds = 3
		}
		for v := range builds {
			put(genReport(i, v))
		}
	}
	if hostile {
		put(hostileReport())
	}
	if err := st.FinishRun(ctx, run, time.Now(), store.Counts{Inputs: n, Scanned: n}); err != nil {
		tb.Fatal(err)
	}
	if err := st.EnsureBrowseSchema(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := st.SyncBrowse(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}

func tempDB(tb testing.TB) string { return filepath.Join(tb.TempDir(), "results.sqlite") }
