package sdkdb

import (
	"strconv"
	"testing"
)

// syntheticClasses returns n class names shaped like a large app: mostly
// framework/library/app classes that match nothing, with ~5% SDK classes.
func syntheticClasses(n int) []string {
	roots := []string{
		"androidx.appcompat.widget.", "androidx.recyclerview.widget.", "androidx.compose.ui.node.",
		"kotlin.collections.", "kotlinx.coroutines.internal.", "com.google.android.material.button.",
		"com.google.android.gms.common.internal.", "com.google.firebase.components.", "okhttp3.internal.http2.",
		"com.squareup.moshi.", "io.reactivex.rxjava3.internal.operators.observable.", "com.example.shop.ui.checkout.",
		"com.example.shop.data.repository.", "a.b.", "c.d.e.", "org.jetbrains.annotations.",
		"com.facebook.react.bridge.", "com.bumptech.glide.load.engine.", "dagger.internal.", "retrofit2.",
	}
	sdk := []string{
		"com.google.firebase.analytics.FirebaseAnalytics", "com.google.android.gms.measurement.internal.zzfr",
		"com.flurry.android.FlurryAgent", "com.appsflyer.internal.AFb1x", "com.adjust.sdk.ActivityHandler",
		"io.sentry.android.core.SentryAndroid", "com.segment.analytics.Analytics$Builder",
		"com.facebook.appevents.AppEventsLogger", "com.unity3d.ads.UnityAds", "com.amplitude.api.AmplitudeClient",
	}
	seed := uint32(12345)
	rnd := func(k int) int {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return int(seed % uint32(k))
	}
	out := make([]string, n)
	for i := range out {
		if rnd(20) == 0 {
			out[i] = sdk[rnd(len(sdk))] + "$" + strconv.Itoa(i)
			continue
		}
		name := roots[rnd(len(roots))] + "Class" + strconv.Itoa(i)
		if rnd(3) == 0 {
			name += "$Inner" + strconv.Itoa(rnd(9))
		}
		out[i] = name
	}
	return out
}

func BenchmarkMatchClass(b *testing.B) {
	db, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	m := db.Matcher()
	classes := syntheticClasses(30000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, c := range classes {
			m.MatchClass(c)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/30k-classes")
}

func BenchmarkMatchClassParallel(b *testing.B) {
	db, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	m := db.Matcher()
	classes := syntheticClasses(30000)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			m.MatchClass(classes[i%len(classes)])
			i++
		}
	})
}

func BenchmarkMatchHost(b *testing.B) {
	db, _ := Default()
	m := db.Matcher()
	hosts := []string{"app-measurement.com", "api.segment.io", "www.example.com", "graph.facebook.com", "cdn.jsdelivr.net"}
	for i := 0; i < b.N; i++ {
		m.MatchHost(hosts[i%len(hosts)])
	}
}

func BenchmarkDefaultLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db, err := Load(EmbeddedFS())
		if err != nil {
			b.Fatal(err)
		}
		db.Matcher()
	}
}
