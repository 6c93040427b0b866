package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/apkscan/apkscan/store"
)

// BenchmarkPages measures every page on a SQLite database of N synthetic
// apps (packages; every tenth has three builds), written through the
// store's normal write path:
//
//	go test ./web -run '^$' -bench . -benchtime 20x
//	APKSCAN_WEB_BENCH_APPS=100000 APKSCAN_WEB_BENCH_DB=/tmp/web100k.sqlite go test ./web -run '^$' -bench . -benchtime 3x -timeout 2h
//
// APKSCAN_WEB_BENCH_APPS is N (default 2000). APKSCAN_WEB_BENCH_DB keeps
// the generated database at that path and reuses it when it exists
// (generating 100,000 apps takes minutes); it may be a postgres:// URL
// (of an empty database, filled on the first run).
func BenchmarkPages(b *testing.B) {
	n := 2000
	if v := os.Getenv("APKSCAN_WEB_BENCH_APPS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 10 {
			b.Fatalf("APKSCAN_WEB_BENCH_APPS=%q: want a number ≥ 10", v)
		}
	}
	path := os.Getenv("APKSCAN_WEB_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.sqlite")
	}
	ctx := context.Background()
	var st *store.Store
	if exists(ctx, b, path) {
		t0 := time.Now()
		// Opening migrates a database of an older schema (migration 3
		// fills the derived tables from the reports).
		var err error
		if st, err = store.OpenExisting(ctx, path); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := st.EnsureBrowseSchema(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := st.SyncBrowse(ctx); err != nil {
			b.Fatal(err)
		}
		b.Logf("reusing %s (open and migrate: %s; indexes and sync: %s)", path, t1.Sub(t0).Round(time.Millisecond), time.Since(t1).Round(time.Millisecond))
	} else {
		t0 := time.Now()
		st = genStore(b, path, n, true)
		b.Logf("generated %d apps in %s", n, time.Since(t0).Round(time.Second))
	}
	defer st.Close()
	var apps int
	if err := st.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM apps").Scan(&apps); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d builds in %s", apps, path)

	// Ids for the pages: an ordinary app, a package with three builds.
	first := genReport(0, 2)
	mid := genReport(n/2, 0)
	cold := New(st, Options{CacheTTL: -1, Logf: b.Logf})
	warm := New(st, Options{Logf: b.Logf})
	pages := []struct{ name, target string }{
		{"apps", "/apps"},
		{"apps-page-last", "/apps?per=50&page=" + strconv.Itoa(max(1, n/50))},
		{"apps-per-500", "/apps?per=500&page=3"},
		{"apps-sdk", "/apps?sdk=google-admob"},
		{"apps-vendor", "/apps?vendor=meta"},
		{"apps-country", "/apps?country=CN"},
		{"apps-kind", "/apps?kind=location"},
		{"apps-sends-search", "/apps?sends=search-query"},
		{"apps-no-tracker", "/apps?trackers=0"},
		{"apps-permission", "/apps?permission=android.permission.CAMERA"},
		{"apps-name", "/apps?q=health"},
		{"apps-combined", "/apps?sdk=google-firebase-analytics&sends=search-query&country=US&page=2"},
		{"apps-all-builds", "/apps?builds=all&page=10"},
		// Wide filters combined (each matches most apps; their count and
		// pages are walked, not read from a counter), and deep pages.
		{"apps-combined-wide", "/apps?trackers=1&permission=android.permission.INTERNET&page=3"},
		{"apps-combined-wide-deep", "/apps?trackers=1&permission=android.permission.INTERNET&page=" + strconv.Itoa(max(1, n/100))},
		{"apps-sdk-deep", "/apps?sdk=google-firebase-analytics&page=" + strconv.Itoa(max(1, n/200))},
		{"apps-name-vendor", "/apps?q=a&vendor=google"},
		{"api-apps", "/api/apps?sends=search-query&per=100"},
		{"app", "/apps/" + mid.App.SHA256},
		{"api-app", "/api/apps/" + mid.App.SHA256},
		{"sdk-popular-uncached", "/sdks/google-firebase-analytics"},
		{"sdk-rare-uncached", "/sdks/baidu-mobstat"},
		{"vendor-google-uncached", "/vendors/google"},
		{"vendor-rare-uncached", "/vendors/baidu"},
		{"package", "/packages/" + url.PathEscape(first.App.Package)},
		{"diff", "/diff?a=" + genReport(0, 1).App.SHA256 + "&b=" + first.App.SHA256},
		// The subprocessor list of the generated verdicts (stored without
		// a digest: "unknown"), its page and the app filters relative to
		// it.
		{"lists-uncached", "/lists"},
		{"list-uncached", "/lists/unknown"},
		{"api-list-uncached", "/api/lists/unknown"},
		{"apps-list", "/apps?list=unknown"},
		{"apps-list-undeclared", "/apps?list=unknown&undeclared=1"},
		{"apps-list-recipient", "/apps?list=unknown&recipient=yandex&undeclared=1"},
		{"apps-list-outside-eea", "/apps?list=unknown&outside_eea=1&undeclared=1&page=3"},
		{"apps-list-kind", "/apps?list=unknown&undeclared=1&outside_eea=1&recipient_kind=device-id"},
		{"apps-list-kind-none", "/apps?list=unknown&undeclared=1&outside_eea=1&recipient_kind=search-query"},
	}
	for _, p := range pages {
		h := http.Handler(cold)
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.target, rec.Code)
				}
			}
		})
	}
	// The pages the handler caches: computed, and from the cache (after a
	// first request, as Prewarm makes at start).
	for _, p := range []struct {
		name, target string
		h            http.Handler
	}{
		{"overview-uncached", "/", cold},
		{"overview-cached", "/", warm},
		{"api-stats-cached", "/api/stats", warm},
		{"sdk-popular-cached", "/sdks/google-firebase-analytics", warm},
		{"vendor-google-cached", "/vendors/google", warm},
	} {
		b.Run(p.name, func(b *testing.B) {
			if p.h == warm {
				warm.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p.target, nil))
			}
			for b.Loop() {
				rec := httptest.NewRecorder()
				p.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.target, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.target, rec.Code)
				}
			}
		})
	}
}

// exists reports whether the benchmark database at path holds apps.
func exists(ctx context.Context, b *testing.B, path string) bool {
	if !store.IsPostgres(path) {
		_, err := os.Stat(path)
		return err == nil
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var n int
	if err := st.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM apps").Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n > 0
}
