package scan

import (
	"fmt"
	"strings"

	"github.com/apkscan/apkscan/dex/taint"
	"github.com/apkscan/apkscan/sdkdb"
)

// Taint profiles: which sources and sinks the taint detector uses.
//
//   - privacy-sdk (default): user data (URLs, search terms, typed text,
//     identifiers, location, accounts, clipboard, contacts, intent data)
//     reaching the telemetry methods declared in sdkdb (with their argument
//     roles) or a network sink whose destination URL resolves, by constant
//     propagation, to a third-party host (rule input-to-third-party-host).
//   - android-privacy: FlowDroid-style sources (device identifiers,
//     location, accounts, contacts, typed text) reaching Android sinks
//     (SMS, logs, network, files, intents sent to other components,
//     SharedPreferences); rule android-privacy. Used for DroidBench.
//
// Intent.getData/getDataString/get*Extra are "intent-data" (not "url"
// even for VIEW deep links: the data is whatever the sender put there).
const (
	ProfilePrivacySDK     = "privacy-sdk"
	ProfileAndroidPrivacy = "android-privacy"
)

// Profiles lists the taint profiles.
func Profiles() []string { return []string{ProfilePrivacySDK, ProfileAndroidPrivacy} }

// ParseProfiles validates a --profile value ("" = privacy-sdk).
func ParseProfiles(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return []string{ProfilePrivacySDK}, nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		switch p {
		case ProfilePrivacySDK, ProfileAndroidPrivacy:
			if !containsStr(out, p) {
				out = append(out, p)
			}
		default:
			return nil, fmt.Errorf("unknown taint profile %q (known: %s)", p, strings.Join(Profiles(), ", "))
		}
	}
	return out, nil
}

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Source kinds (the fixed vocabulary of reports.FlowSource.Kind).
const (
	KindURL         = "url"
	KindSearch      = "search-query"
	KindInput       = "user-input"
	KindDeviceID    = "device-id"
	KindAdID        = "advertising-id"
	KindLocation    = "location"
	KindAccount     = "account"
	KindContact     = "contact"
	KindClipboard   = "clipboard"
	KindIntentData  = "intent-data"
	KindFile        = "file"
	textViews       = "Landroid/widget/TextView;|Landroid/widget/EditText;"
	searchViews     = "Landroid/widget/SearchView;|Landroidx/appcompat/widget/SearchView;|Landroid/support/v7/widget/SearchView;"
	telephony       = "Landroid/telephony/TelephonyManager;"
	contactsURI     = "Landroid/provider/ContactsContract"
	contactsAuthURI = "content://com.android.contacts"
)

type srcRow struct {
	kind, pat string
	cond      *taint.ConstArg
	argOut    int // the data is written into this argument (0: the return value)
}

// Sources common to both profiles.
var commonSources = []srcRow{
	{KindDeviceID, telephony + "->getDeviceId(*)", nil, 0},
	{KindDeviceID, telephony + "->getImei(*)", nil, 0},
	{KindDeviceID, telephony + "->getMeid(*)", nil, 0},
	{KindDeviceID, telephony + "->getSubscriberId(*)", nil, 0},
	{KindDeviceID, telephony + "->getLine1Number(*)", nil, 0},
	{KindDeviceID, telephony + "->getSimSerialNumber(*)", nil, 0},
	{KindDeviceID, telephony + "->getVoiceMailNumber(*)", nil, 0},
	{KindDeviceID, "Landroid/provider/Settings$Secure;|Landroid/provider/Settings$System;->getString(Landroid/content/ContentResolver;Ljava/lang/String;)", &taint.ConstArg{Index: 1, Value: "android_id"}, 0},
	{KindDeviceID, "Landroid/net/wifi/WifiInfo;->getMacAddress()", nil, 0},
	{KindDeviceID, "Landroid/bluetooth/BluetoothAdapter;->getAddress()", nil, 0},
	{KindAdID, "Lcom/google/android/gms/ads/identifier/AdvertisingIdClient;->getAdvertisingIdInfo(*)", nil, 0},
	{KindAdID, "Lcom/google/android/gms/ads/identifier/AdvertisingIdClient$Info;->getId()", nil, 0},
	{KindAdID, "Landroidx/ads/identifier/AdvertisingIdInfo;->getId()", nil, 0},
	{KindLocation, "Landroid/location/LocationManager;->getLastKnownLocation(*)", nil, 0},
	{KindLocation, "Landroid/location/Location;->getLatitude()", nil, 0},
	{KindLocation, "Landroid/location/Location;->getLongitude()", nil, 0},
	{KindLocation, "Lcom/google/android/gms/location/FusedLocationProviderClient;->getLastLocation(*)", nil, 0},
	{KindLocation, "Lcom/google/android/gms/location/FusedLocationProviderClient;->getCurrentLocation(*)", nil, 0},
	{KindLocation, "Lcom/google/android/gms/location/LocationResult;->getLastLocation()", nil, 0},
	{KindLocation, "Lcom/google/android/gms/location/LocationResult;->getLocations()", nil, 0},
	{KindAccount, "Landroid/accounts/AccountManager;->getAccounts*(*)", nil, 0},
	{KindContact, "Landroid/content/ContentResolver;->query(*)", &taint.ConstArg{Index: 1, Field: contactsURI, Prefix: contactsAuthURI}, 0},
}

// Sources of the privacy-sdk profile only.
var sdkSources = []srcRow{
	{KindInput, textViews + "->getText()", nil, 0},
	{KindSearch, searchViews + "->getQuery()", nil, 0},
	{KindURL, "Landroid/webkit/WebView;->getUrl()", nil, 0},
	{KindURL, "Landroid/webkit/WebView;->getOriginalUrl()", nil, 0},
	{KindIntentData, "Landroid/content/Intent;->getData()", nil, 0},
	{KindIntentData, "Landroid/content/Intent;->getDataString()", nil, 0},
	{KindIntentData, "Landroid/content/Intent;->get*Extra(*)", nil, 0},
	{KindClipboard, "Landroid/content/ClipboardManager;|Landroid/text/ClipboardManager;->getPrimaryClip()", nil, 0},
	{KindClipboard, "Landroid/content/ClipboardManager;|Landroid/text/ClipboardManager;->getText()", nil, 0},
}

// Sources of the android-privacy profile only (FlowDroid-style: typed text
// is a source only when read from an EditText).
var androidSources = []srcRow{
	{KindInput, "Landroid/widget/EditText;->getText()", nil, 0},
	{KindFile, "Ljava/io/FileInputStream;->read([B*)", nil, 1},
}

type cbRow struct {
	kind, class, name, params string
	args                      []int
}

var sdkCallbacks = []cbRow{
	{KindSearch, "Landroid/widget/SearchView$OnQueryTextListener;", "onQueryTextSubmit", "Ljava/lang/String;", []int{1}},
	{KindSearch, "Landroid/widget/SearchView$OnQueryTextListener;", "onQueryTextChange", "Ljava/lang/String;", []int{1}},
	{KindSearch, "Landroidx/appcompat/widget/SearchView$OnQueryTextListener;", "onQueryTextSubmit", "Ljava/lang/String;", []int{1}},
	{KindSearch, "Landroidx/appcompat/widget/SearchView$OnQueryTextListener;", "onQueryTextChange", "Ljava/lang/String;", []int{1}},
	{KindSearch, "Landroid/support/v7/widget/SearchView$OnQueryTextListener;", "onQueryTextSubmit", "Ljava/lang/String;", []int{1}},
	{KindSearch, "Landroid/support/v7/widget/SearchView$OnQueryTextListener;", "onQueryTextChange", "Ljava/lang/String;", []int{1}},
	{KindURL, "Landroid/webkit/WebViewClient;", "onPageStarted", "Landroid/webkit/WebView;Ljava/lang/String;Landroid/graphics/Bitmap;", []int{2}},
	{KindURL, "Landroid/webkit/WebViewClient;", "onPageFinished", "Landroid/webkit/WebView;Ljava/lang/String;", []int{2}},
	{KindURL, "Landroid/webkit/WebViewClient;", "shouldOverrideUrlLoading", "Landroid/webkit/WebView;Ljava/lang/String;", []int{2}},
	{KindURL, "Landroid/webkit/WebViewClient;", "shouldOverrideUrlLoading", "Landroid/webkit/WebView;Landroid/webkit/WebResourceRequest;", []int{2}},
	{KindInput, "Landroid/text/TextWatcher;", "afterTextChanged", "Landroid/text/Editable;", []int{1}},
	{KindInput, "Landroid/text/TextWatcher;", "onTextChanged", "Ljava/lang/CharSequence;III", []int{1}},
	{KindInput, "Landroid/widget/TextView$OnEditorActionListener;", "onEditorAction", "Landroid/widget/TextView;ILandroid/view/KeyEvent;", []int{1}},
}

var commonCallbacks = []cbRow{
	{KindLocation, "Landroid/location/LocationListener;", "onLocationChanged", "Landroid/location/Location;", []int{1}},
	{KindLocation, "Lcom/google/android/gms/location/LocationListener;", "onLocationChanged", "Landroid/location/Location;", []int{1}},
	{KindLocation, "Lcom/google/android/gms/location/LocationCallback;", "onLocationResult", "Lcom/google/android/gms/location/LocationResult;", []int{1}},
}

// Network sinks: the argument is a destination URL; its value is
// reconstructed to find the host.
var networkSinks = []struct{ pat, method string }{
	{"Ljava/net/URL;-><init>(Ljava/lang/String;)", "Ljava/net/URL;-><init>(Ljava/lang/String;)V"},
	{"Lokhttp3/Request$Builder;->url(Ljava/lang/String;)", "Lokhttp3/Request$Builder;->url(Ljava/lang/String;)Lokhttp3/Request$Builder;"},
	{"Landroid/webkit/WebView;->loadUrl(*)", "Landroid/webkit/WebView;->loadUrl(Ljava/lang/String;)V"},
	{"Landroid/webkit/WebView;->postUrl(*)", "Landroid/webkit/WebView;->postUrl(Ljava/lang/String;[B)V"},
	{"Lcom/bumptech/glide/RequestManager;->load(Ljava/lang/String;)", "Lcom/bumptech/glide/RequestManager;->load(Ljava/lang/String;)Lcom/bumptech/glide/RequestBuilder;"},
	{"Lcom/bumptech/glide/RequestManager;->load(Landroid/net/Uri;)", "Lcom/bumptech/glide/RequestManager;->load(Landroid/net/Uri;)Lcom/bumptech/glide/RequestBuilder;"},
	{"Lcom/bumptech/glide/RequestManager;->load(Ljava/lang/Object;)", "Lcom/bumptech/glide/RequestManager;->load(Ljava/lang/Object;)Lcom/bumptech/glide/RequestBuilder;"},
	{"Lcom/bumptech/glide/RequestBuilder;->load(*)", "Lcom/bumptech/glide/RequestBuilder;->load(Ljava/lang/String;)Lcom/bumptech/glide/RequestBuilder;"},
	{"Lcom/squareup/picasso/Picasso;->load(Ljava/lang/String;)", "Lcom/squareup/picasso/Picasso;->load(Ljava/lang/String;)Lcom/squareup/picasso/RequestCreator;"},
	{"Lcom/squareup/picasso/Picasso;->load(Landroid/net/Uri;)", "Lcom/squareup/picasso/Picasso;->load(Landroid/net/Uri;)Lcom/squareup/picasso/RequestCreator;"},
	{"Lcoil/request/ImageRequest$Builder;->data(Ljava/lang/Object;)", "Lcoil/request/ImageRequest$Builder;->data(Ljava/lang/Object;)Lcoil/request/ImageRequest$Builder;"},
}

// Android sinks of the android-privacy profile (FlowDroid categories).
var androidSinks = []struct {
	pat, category string
	args          []int // nil: every argument
}{
	{"Landroid/telephony/SmsManager;->send*Message(*)", "sms", nil},
	{"Landroid/util/Log;->v(*)", "log", nil},
	{"Landroid/util/Log;->d(*)", "log", nil},
	{"Landroid/util/Log;->i(*)", "log", nil},
	{"Landroid/util/Log;->w(*)", "log", nil},
	{"Landroid/util/Log;->e(*)", "log", nil},
	{"Landroid/util/Log;->wtf(*)", "log", nil},
	{"Landroid/util/Log;->println(*)", "log", nil},
	{"Ljava/net/URL;-><init>(*)", "network", []int{1}},
	{"Ljava/net/URLConnection;|Ljava/net/HttpURLConnection;->setRequestProperty(*)", "network", []int{2}},
	{"Ljava/io/OutputStream;|Ljava/io/FileOutputStream;|Ljava/io/FilterOutputStream;|Ljava/io/BufferedOutputStream;|Ljava/io/DataOutputStream;->write(*)", "file", []int{1}},
	{"Ljava/io/Writer;|Ljava/io/OutputStreamWriter;|Ljava/io/FileWriter;|Ljava/io/BufferedWriter;|Ljava/io/PrintWriter;->write(*)", "file", []int{1}},
	{"Ljava/io/Writer;|Ljava/io/PrintWriter;->append(*)", "file", []int{1}},
	{"Ljava/io/PrintWriter;->print*(*)", "file", []int{1}},
	{"Lorg/apache/http/client/HttpClient;->execute(*)", "network", []int{1}},
	{"Landroid/content/Context;->startActivit*(*)", "intent", []int{1}},
	{"Landroid/content/Context;->sendBroadcast*(*)", "intent", []int{1}},
	{"Landroid/content/Context;->sendOrderedBroadcast(*)", "intent", []int{1}},
	{"Landroid/content/Context;->sendStickyBroadcast(*)", "intent", []int{1}},
	{"Landroid/content/Context;->startService(*)", "intent", []int{1}},
	{"Landroid/content/Context;->bindService(*)", "intent", []int{1}},
	{"Landroid/app/Activity;->startActivit*(*)", "intent", []int{1}},
	{"Landroid/app/Activity;->setResult(ILandroid/content/Intent;)", "intent", []int{2}},
	{"Landroid/content/SharedPreferences$Editor;->put*(*)", "preferences", []int{2}},
	{"Ljava/lang/ProcessBuilder;->command(*)", "process", []int{1}},
	{"Ljava/lang/ProcessBuilder;-><init>(*)", "process", []int{1}},
	{"Ljava/lang/Runtime;->exec(*)", "process", []int{1}},
	{"Ljava/io/ObjectOutputStream;->writeObject(*)", "file", []int{1}},
}

// inMemory are streams and writers that keep the data in memory: writing
// to them is not a sink (their content is followed by the models).
var inMemory = []string{"Ljava/io/ByteArrayOutputStream;", "Ljava/io/StringWriter;", "Ljava/io/CharArrayWriter;", "Ljava/io/PipedOutputStream;"}

// sinkTag is carried by engine sinks back to the detector.
type sinkTag struct {
	profile string
	sdk     *sdkdb.SDK  // sdkdb sink
	decl    *sdkdb.Sink // as declared in sdkdb
	method  string      // smali method for reports (declared or canonical)
	network bool
	cat     string // android-privacy category
}

type srcTag struct{ profile string }

func mustPattern(s string) taint.Pattern { return taint.MustPattern(s) }

// taintConfig builds the engine configuration of one profile.
func (p *Pass) taintConfig(profile string) taint.Config {
	cfg := taint.Config{Propagators: taint.DefaultPropagators(), Invokers: taint.DefaultInvokers()}
	tag := &srcTag{profile: profile}
	addSrc := func(rows []srcRow) {
		for _, r := range rows {
			cfg.Sources = append(cfg.Sources, taint.Source{Kind: r.kind, Pattern: mustPattern(r.pat), ConstArg: r.cond, ArgOut: r.argOut, Tag: tag})
		}
	}
	addCb := func(rows []cbRow) {
		for _, r := range rows {
			cfg.Callbacks = append(cfg.Callbacks, taint.Callback{Kind: r.kind, Class: r.class, Name: r.name, Params: r.params, Args: r.args, Tag: tag})
		}
	}
	addSrc(commonSources)
	addCb(commonCallbacks)
	switch profile {
	case ProfilePrivacySDK:
		addSrc(sdkSources)
		addCb(sdkCallbacks)
		for _, s := range p.DB.SDKs() {
			for i := range s.Sinks {
				if sk, ok := engineSink(s, &s.Sinks[i]); ok {
					cfg.Sinks = append(cfg.Sinks, sk)
				}
			}
		}
		for _, n := range networkSinks {
			cfg.Sinks = append(cfg.Sinks, taint.Sink{ID: "net:" + n.method, Pattern: mustPattern(n.pat), Network: true,
				Args: []taint.SinkArg{{Index: 1, Role: "url", Name: "url", Key: taint.NoKey}},
				Tag:  &sinkTag{profile: profile, method: n.method, network: true}})
		}
	case ProfileAndroidPrivacy:
		addSrc(androidSources)
		for _, s := range androidSinks {
			sk := taint.Sink{ID: "android:" + s.pat, Pattern: mustPattern(s.pat), Tag: &sinkTag{profile: profile, cat: s.category}, Not: inMemory}
			for _, a := range s.args {
				sk.Args = append(sk.Args, taint.SinkArg{Index: a, Key: taint.NoKey})
			}
			cfg.Sinks = append(cfg.Sinks, sk)
		}
	}
	cfg.Opaque = p.opaqueClass
	return cfg
}

// engineSink converts an sdkdb sink: the pattern is its class and
// name(params); the argument roles come along, and an attribute value's
// key is the "name"/"key" argument before it.
func engineSink(s *sdkdb.SDK, sk *sdkdb.Sink) (taint.Sink, bool) {
	i := strings.Index(sk.Method, "->")
	j := strings.IndexByte(sk.Method, ')')
	if i <= 0 || j < i {
		return taint.Sink{}, false
	}
	pat, err := taint.ParsePattern(sk.Method[:j+1])
	if err != nil {
		return taint.Sink{}, false
	}
	out := taint.Sink{ID: "sdk:" + s.ID + ":" + sk.Method, Pattern: pat, Tag: &sinkTag{profile: ProfilePrivacySDK, sdk: s, decl: sk, method: sk.Method}}
	for _, a := range sk.Args {
		sa := taint.SinkArg{Index: a.Index, Role: string(a.Role), Name: a.Name, Key: taint.NoKey}
		for _, b := range sk.Args {
			if b.Index == a.Index-1 && b.Role == sdkdb.RoleOther && (b.Name == "name" || b.Name == "key" || b.Name == "attribute") &&
				a.Role != sdkdb.RoleOther {
				sa.Key = b.Index
			}
		}
		out.Args = append(out.Args, sa)
	}
	if len(out.Args) == 0 {
		return taint.Sink{}, false // nothing to watch
	}
	return out, true
}
