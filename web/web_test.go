package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/store"
)

var (
	fixtureOnce sync.Once
	fixture     *store.Store
	fixtureDir  string
)

// testStore is a store of 60 synthetic packages (six with three builds)
// and the hostile app, shared by the tests of this package.
func testStore(t *testing.T) *store.Store {
	t.Helper()
	fixtureOnce.Do(func() {
		// Not t.TempDir: the store outlives the first test that asks.
		dir, err := mkTemp()
		if err != nil {
			t.Fatal(err)
		}
		fixtureDir = dir
		fixture = genStore(t, dir+"/results.sqlite", 60, true)
	})
	if fixture == nil {
		t.Fatal("no fixture store")
	}
	return fixture
}

func testServer(t *testing.T) http.Handler {
	return New(testStore(t), Options{Logf: t.Logf})
}

type resp struct {
	code int
	hdr  http.Header
	body string
}

func do(t *testing.T, h http.Handler, method, target string) resp {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return resp{rec.Code, rec.Result().Header, string(b)}
}

func get(t *testing.T, h http.Handler, target string, want int) resp {
	t.Helper()
	r := do(t, h, http.MethodGet, target)
	if r.code != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", target, r.code, want, trunc(r.body))
	}
	checkHeaders(t, target, r)
	return r
}

func trunc(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

func checkHeaders(t *testing.T, target string, r resp) {
	t.Helper()
	if got := r.hdr.Get("Content-Security-Policy"); got != CSP {
		t.Errorf("%s: CSP %q", target, got)
	}
	if got := r.hdr.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", target, got)
	}
	ct := r.hdr.Get("Content-Type")
	switch {
	case strings.HasPrefix(target, "/api/"):
		if ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
		if !json.Valid([]byte(r.body)) {
			t.Errorf("%s: invalid JSON", target)
		}
	case strings.HasPrefix(target, "/static/"):
		if !strings.HasPrefix(ct, "text/css") {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
	default:
		if ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", target, ct)
		}
	}
	checkInert(t, target, r.body)
}

// checkInert fails when a hostile string reached the page unescaped.
func checkInert(t *testing.T, target, body string) {
	t.Helper()
	for _, bad := range []string{"<script", "<img", "onerror=\"document", "href=\"javascript:"} {
		if strings.Contains(strings.ToLower(body), bad) {
			t.Errorf("%s: page contains %q unescaped", target, bad)
		}
	}
}

func appIDs(t *testing.T, h http.Handler, query string) ([]store.AppRow, int) {
	t.Helper()
	var l struct {
		Apps  []store.AppRow `json:"apps"`
		Total int            `json:"total"`
	}
	r := get(t, h, "/api/apps?"+query, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &l); err != nil {
		t.Fatal(err)
	}
	return l.Apps, l.Total
}

var hostileSHA = shaOf("hostile")

func TestRoutes(t *testing.T) {
	h := testServer(t)
	apps, total := appIDs(t, h, "per=5")
	if total != 61 || len(apps) != 5 {
		t.Fatalf("apps: total %d, %d listed; want 61, 5", total, len(apps))
	}
	first := apps[0]
	var multi store.AppRow // a package with three builds
	all, _ := appIDs(t, h, "per=500")
	for _, a := range all {
		if strings.HasSuffix(a.Package, "0") && a.VersionCode == 120 {
			multi = a
		}
	}
	if multi.SHA256 == "" {
		t.Fatal("no package with three builds")
	}
	hist := get(t, h, "/api/packages/"+url.PathEscape(multi.Package), http.StatusOK)
	var hv store.History
	json.Unmarshal([]byte(hist.body), &hv)
	if len(hv.Versions) != 3 {
		t.Fatalf("history of %s: %d builds", multi.Package, len(hv.Versions))
	}
	diffQ := "a=" + hv.Versions[0].SHA256 + "&b=" + hv.Versions[1].SHA256
	for _, target := range []string{
		"/", "/apps", "/apps?page=2&per=10", "/apps/" + first.SHA256, "/apps/" + hostileSHA,
		"/sdks/google-firebase-analytics", "/vendors/google", "/packages/" + url.PathEscape(multi.Package),
		"/diff?" + diffQ, "/static/style.css",
		"/api/stats", "/api/apps", "/api/apps/" + first.SHA256, "/api/sdks/google-admob", "/api/vendors/meta",
		"/api/packages/" + url.PathEscape(multi.Package), "/api/diff?" + diffQ,
	} {
		t.Run(target, func(t *testing.T) {
			get(t, h, target, http.StatusOK)
			r := do(t, h, http.MethodHead, target)
			if r.code != http.StatusOK || r.body != "" {
				t.Errorf("HEAD %s: %d, %d bytes", target, r.code, len(r.body))
			}
		})
	}
	page := get(t, h, "/packages/"+url.PathEscape(multi.Package), http.StatusOK).body
	if !strings.Contains(page, `/diff?a=`+hv.Versions[1].SHA256+`&amp;b=`+hv.Versions[2].SHA256) {
		t.Errorf("package page lacks the diff link between builds 2 and 3")
	}
	app := get(t, h, "/apps/"+first.SHA256, http.StatusOK).body
	for _, want := range []string{first.Package, "/packages/", "Permissions", "Hosts and endpoints"} {
		if !strings.Contains(app, want) {
			t.Errorf("app page lacks %q", want)
		}
	}
}

func TestNotFoundAndMethods(t *testing.T) {
	h := testServer(t)
	for _, target := range []string{
		"/nope", "/apps/" + strings.Repeat("0", 64), "/apps/not-a-sha", "/sdks/no-such-sdk", "/vendors/no-such-vendor",
		"/packages/no.such.package", "/api/apps/" + strings.Repeat("0", 64), "/api/sdks/none", "/api/vendors/none",
		"/api/packages/none", "/api/nope", "/static/", "/static/x/style.css", "/diff?a=" + strings.Repeat("1", 64) + "&b=" + hostileSHA, "/static/nope.css",
	} {
		r := do(t, h, http.MethodGet, target)
		if r.code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", target, r.code)
		}
		if r.hdr.Get("Content-Security-Policy") != CSP {
			t.Errorf("GET %s: no CSP", target)
		}
		if strings.HasPrefix(target, "/api/") && !json.Valid([]byte(r.body)) {
			t.Errorf("GET %s: error is not JSON", target)
		}
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		for _, target := range []string{"/", "/apps", "/api/apps", "/apps/" + hostileSHA} {
			r := do(t, h, m, target)
			if r.code != http.StatusMethodNotAllowed || r.hdr.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", m, target, r.code, r.hdr.Get("Allow"))
			}
		}
	}
	for _, target := range []string{"/apps?page=0", "/apps?page=x", "/apps?per=0", "/apps?per=-1", "/apps?trackers=2",
		"/apps?builds=some", "/api/apps?page=99999999", "/diff?a=1&b=2", "/diff"} {
		if r := do(t, h, http.MethodGet, target); r.code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, r.code)
		}
	}
}

func TestEscaping(t *testing.T) {
	h := testServer(t)
	for _, target := range []string{"/", "/apps", "/apps?q=evil", "/apps/" + hostileSHA, "/sdks/" + url.PathEscape("evil"+hostileImg),
		"/vendors/" + url.PathEscape("v"+hostileImg), "/packages/" + url.PathEscape("com.evil"+hostileImg),
		"/apps?q=" + url.QueryEscape(hostileScript), "/apps?sdk=" + url.QueryEscape(hostileImg)} {
		r := get(t, h, target, http.StatusOK)
		if target == "/apps/"+hostileSHA {
			for _, want := range []string{"&lt;script&gt;document.title=", "&#34;&gt;&lt;img src=x onerror=", "evil.example&#34;&gt;&lt;img"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("%s: lacks escaped %q", target, want)
				}
			}
			// Links to hostile ids are path-escaped.
			if !strings.Contains(r.body, `href="/sdks/evil%22%3E%3Cimg%20src=x%20onerror=%22document.title=%27pwned%27%22%3E"`) {
				t.Errorf("%s: SDK link not path-escaped", target)
			}
		}
	}
	// JSON: the strings are data, and escaped for HTML contexts too.
	r := get(t, h, "/api/apps/"+hostileSHA, http.StatusOK)
	if strings.Contains(r.body, "<script") || !strings.Contains(r.body, `\u003cscript\u003e`) {
		t.Errorf("JSON does not escape <script>")
	}
}

func TestFilters(t *testing.T) {
	h := testServer(t)
	_, total := appIDs(t, h, "")
	_, builds := appIDs(t, h, "builds=all")
	if builds != total+12 {
		t.Errorf("builds=all: %d, want %d", builds, total+12)
	}
	check := func(query string, ok func(r store.AppRow, rep map[string]any) bool) int {
		t.Helper()
		rows, n := appIDs(t, h, query+"&per=500")
		if n != len(rows) {
			t.Errorf("%s: total %d, listed %d", query, n, len(rows))
		}
		for _, a := range rows {
			var body struct {
				Report map[string]any `json:"report"`
			}
			json.Unmarshal([]byte(get(t, h, "/api/apps/"+a.SHA256, http.StatusOK).body), &body)
			if !ok(a, body.Report) {
				t.Errorf("%s: %s does not match", query, a.Package)
			}
		}
		return n
	}
	has := func(rep map[string]any, list, field, want string) bool {
		xs, _ := rep[list].([]any)
		for _, x := range xs {
			m, _ := x.(map[string]any)
			if strings.Contains(jsonString(m), want) && (field == "" || jsonString(m[field]) != "") {
				return true
			}
		}
		return false
	}
	nSDK := check("sdk=google-admob", func(_ store.AppRow, rep map[string]any) bool { return has(rep, "sdks", "", `"id":"google-admob"`) })
	nSearch := check("sends=search-query", func(_ store.AppRow, rep map[string]any) bool {
		return has(rep, "flows", "", `"kind":"search-query"`)
	})
	nBoth := check("sdk=google-admob&sends=search-query", func(_ store.AppRow, rep map[string]any) bool {
		return has(rep, "sdks", "", `"id":"google-admob"`) && has(rep, "flows", "", `"kind":"search-query"`)
	})
	if nSDK == 0 || nSearch == 0 || nBoth > min(nSDK, nSearch) {
		t.Errorf("sdk %d, search %d, both %d", nSDK, nSearch, nBoth)
	}
	check("vendor=meta", func(_ store.AppRow, rep map[string]any) bool { return has(rep, "sdks", "", `"id":"meta"`) })
	check("country=CN", func(_ store.AppRow, rep map[string]any) bool { return has(rep, "sdks", "", `"country":"CN"`) })
	check("kind=location", func(_ store.AppRow, rep map[string]any) bool { return has(rep, "flows", "", `"kind":"location"`) })
	nPerm := check("permission=android.permission.CAMERA", func(_ store.AppRow, rep map[string]any) bool {
		return strings.Contains(jsonString(rep["app"]), `"android.permission.CAMERA"`)
	})
	if nPerm == 0 {
		t.Errorf("no app requests CAMERA")
	}
	nNone := check("trackers=0", func(_ store.AppRow, rep map[string]any) bool {
		sdks, _ := rep["sdks"].([]any)
		for _, x := range sdks {
			cats, _ := x.(map[string]any)["categories"].([]any)
			for _, c := range cats {
				for _, tc := range store.TrackerCategories {
					if c == tc {
						return false
					}
				}
			}
		}
		return true
	})
	_, nSome := appIDs(t, h, "trackers=1")
	if nNone == 0 || nSome == 0 || nNone+nSome != total {
		t.Errorf("trackers=0: %d, trackers=1: %d, total %d", nNone, nSome, total)
	}
	if _, n := appIDs(t, h, "q=EVIL"); n != 1 {
		t.Errorf("q=EVIL: %d apps, want the hostile one", n)
	}
	if _, n := appIDs(t, h, "q=%25"); n != 0 {
		t.Errorf("q=%%: %d apps, want 0 (wildcards are literal)", n)
	}
	if _, n := appIDs(t, h, "sdk=google-admob&vendor=adjust&country=XX"); n != 0 {
		t.Errorf("impossible filter matched %d", n)
	}
	// The filter form shows the values back, escaped.
	body := get(t, h, "/apps?sdk=google-admob&sends=search-query", http.StatusOK).body
	if !strings.Contains(body, `name="sdk" value="google-admob"`) || !strings.Contains(body, `<strong>`+itoa(nBoth)+`</strong> apps match`) {
		t.Errorf("filter form or count missing")
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestPagination(t *testing.T) {
	h := testServer(t)
	all, total := appIDs(t, h, "per=500")
	var paged []store.AppRow
	for p := 1; ; p++ {
		rows, n := appIDs(t, h, "per=7&page="+itoa(p))
		if n != total {
			t.Fatalf("page %d: total %d", p, n)
		}
		if len(rows) == 0 {
			break
		}
		paged = append(paged, rows...)
	}
	if len(paged) != len(all) {
		t.Fatalf("pages hold %d apps, want %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].SHA256 != all[i].SHA256 {
			t.Fatalf("order differs at %d", i)
		}
		if i > 0 && all[i-1].Package > all[i].Package {
			t.Fatalf("not sorted by package at %d", i)
		}
	}
	// per is capped at MaxPer; a page past the end is empty, not an error.
	var l appList
	json.Unmarshal([]byte(get(t, h, "/api/apps?per=100000", http.StatusOK).body), &l)
	if l.Per != 500 {
		t.Errorf("per=100000 gave per %d", l.Per)
	}
	json.Unmarshal([]byte(get(t, h, "/api/apps?page=1000", http.StatusOK).body), &l)
	if len(l.Apps) != 0 || l.Next != "" || l.Prev == "" {
		t.Errorf("page past the end: %d apps, next %q, prev %q", len(l.Apps), l.Next, l.Prev)
	}
	// Next/previous links keep the filter.
	body := get(t, h, "/apps?per=5&page=2&sends=search-query", http.StatusOK).body
	if !strings.Contains(body, `href="/apps?page=3&amp;per=5&amp;sends=search-query"`) && !strings.Contains(body, "No app matches") {
		if !strings.Contains(body, `page=1&amp;per=5&amp;sends=search-query`) {
			t.Errorf("pager links lose the filter:\n%s", trunc(body[strings.Index(body, "pager"):]))
		}
	}
}

// TestLayering: web depends on no cmd/ or scan/ package.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go command unavailable: %v", err)
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range strings.Fields(string(out)) {
		for _, b := range []string{"cmd", "scan", "apk", "dex", "bulk"} {
			p := "github.com/apkscan/apkscan/" + b
			if d == p || strings.HasPrefix(d, p+"/") {
				t.Errorf("web depends on %s", d)
			}
		}
	}
}

func mkTemp() (string, error) { return os.MkdirTemp("", "apkscan-web-test-") }

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture != nil {
		fixture.Close()
	}
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// TestBrowseStats: the overview's fast statistics equal store.Stats.
func TestBrowseStats(t *testing.T) {
	st := testStore(t)
	ctx := t.Context()
	for _, top := range []int{0, 5} {
		want, err := st.Stats(ctx, store.StatsOptions{Top: top})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.BrowseStats(ctx, top)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := jsonString(got), jsonString(want); g != w {
			t.Errorf("top %d: BrowseStats differs from Stats\n got %s\nwant %s", top, trunc(g), trunc(w))
		}
	}
}

// TestWithoutBrowseSchema: a database never prepared with
// EnsureBrowseSchema/SyncBrowse (serve --no-sync) still serves every page.
func TestWithoutBrowseSchema(t *testing.T) {
	ctx := t.Context()
	st, err := store.Open(ctx, tempDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, r := range []*reports.Report{genReport(1, 0), genReport(1, 1), hostileReport()} {
		rec, err := store.NewRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PutApp(ctx, 1, store.Input{Path: itoa(i)}, rec); err != nil {
			t.Fatal(err)
		}
	}
	h := New(st, Options{Logf: t.Logf})
	for _, target := range []string{"/", "/apps", "/apps?permission=android.permission.INTERNET", "/apps?trackers=0", "/apps?trackers=1",
		"/apps/" + hostileSHA, "/sdks/google-firebase-analytics", "/vendors/google", "/api/stats"} {
		get(t, h, target, http.StatusOK)
	}
	if _, n := appIDs(t, h, ""); n != 2 {
		t.Errorf("%d apps, want 2 (newest build of each package)", n)
	}
}
