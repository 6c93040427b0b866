package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/store"
	"github.com/apkscan/apkscan/subprocessors"
)

var (
	fixtureOnce sync.Once
	fixture     *store.Store
	fixtureDir  string
)

// testStore is a store of 60 synthetic packages (six with three builds)
// and the hostile app, cross-checked against two subprocessor lists
// (testLists) besides the verdicts in the reports, shared by the tests of
// this package.
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
		addLists(t, fixture)
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
	multi, hv := multiBuild(t, h) // a package with three builds
	diffQ := "a=" + hv.Versions[0].SHA256 + "&b=" + hv.Versions[1].SHA256
	for _, target := range []string{
		"/", "/apps", "/apps?page=2&per=10", "/apps/" + first.SHA256, "/apps/" + hostileSHA,
		"/sdks/google-firebase-analytics", "/vendors/google", "/packages/" + url.PathEscape(multi.Package),
		"/diff?" + diffQ, "/static/style.css",
		"/api/stats", "/api/apps", "/api/apps/" + first.SHA256, "/api/sdks/google-admob", "/api/vendors/meta",
		"/api/packages/" + url.PathEscape(multi.Package), "/api/diff?" + diffQ,
		"/lists", "/lists/unknown", "/api/lists", "/api/lists/unknown", "/apps?list=unknown&undeclared=1",
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
		"/apps/" + hostileSHA, "/sdks/google-firebase-analytics", "/vendors/google", "/api/stats", "/lists", "/api/lists", "/apps?list=unknown"} {
		get(t, h, target, http.StatusOK)
	}
	if _, n := appIDs(t, h, ""); n != 2 {
		t.Errorf("%d apps, want 2 (newest build of each package)", n)
	}
}

// Two companies' subprocessor lists, applied to every stored app as
// 'apkscan recheck' does. Company A declares Google and Meta, company B
// AppsFlyer (under a hostile entry name), Adjust and Yandex; the path of
// B is hostile (it is whatever the user typed).
var testLists = []struct{ path, yaml string }{
	{"company-a.yaml", `subprocessors:
  - name: Google
    entity: Google Ireland Limited
    country: IE
  - name: Meta
    entity: Meta Platforms Ireland Limited
    country: IE
`},
	{"lists/company-b" + hostileImg + ".yaml", `subprocessors:
  - name: "` + strings.ReplaceAll(hostileScript, `"`, `\"`) + `"
    entity: AppsFlyer Ltd.
    country: IL
    domains: [appsflyer.com]
  - name: Adjust
    entity: Adjust GmbH
    country: DE
  - name: Yandex
    country: RU
`},
}

// addLists applies testLists to every stored build of st as 'apkscan
// recheck' does (bulk.Recheck: subprocessors.Check on the stored report,
// store.PutVerdicts; bulk itself is not imported, it would build the
// scanner) and brings the browse tables up to date.
func addLists(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := st.Apps(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range testLists {
		l, err := subprocessors.Parse(tl.path, []byte(tl.yaml))
		if err != nil {
			t.Fatal(err)
		}
		var vs []store.Verdict
		for _, k := range keys {
			rep, err := st.Report(ctx, k.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			vs = append(vs, store.Verdict{App: k.SHA256, ListDigest: l.Digest, SDKDBDigest: db.Digest(), Result: subprocessors.Check(rep, l, db)})
		}
		if err := st.PutVerdicts(ctx, vs); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SyncBrowse(ctx); err != nil {
		t.Fatal(err)
	}
}

// listDigests returns the digests of testLists.
func listDigests(t *testing.T) (a, b string) {
	t.Helper()
	var ds []string
	for _, tl := range testLists {
		l, err := subprocessors.Parse(tl.path, []byte(tl.yaml))
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, l.Digest)
	}
	return ds[0], ds[1]
}

// TestLists: the pages of the subprocessor lists agree with store.Stats,
// the two lists' different verdicts on the same apps show, and the app
// filters relative to one list agree with the list page and with the
// verdicts of each app listed.
func TestLists(t *testing.T) {
	h := testServer(t)
	a, b := listDigests(t)
	want, err := testStore(t).Stats(t.Context(), store.StatsOptions{Top: 0})
	if err != nil {
		t.Fatal(err)
	}
	var lists listsPage
	json.Unmarshal([]byte(get(t, h, "/api/lists", http.StatusOK).body), &lists)
	if g, w := jsonString(lists.Lists), jsonString(want.Lists); g != w {
		t.Errorf("/api/lists: %s, want %s", g, w)
	}
	stat := map[string]store.ListStat{}
	for _, l := range lists.Lists {
		stat[l.Digest] = l
	}
	if stat[a].List != testLists[0].path || stat[b].List != testLists[1].path || stat[a].Apps != want.Apps || stat[b].Apps != want.Apps {
		t.Fatalf("lists %+v: want both test lists applied to all %d apps", lists.Lists, want.Apps)
	}
	recipients := map[string]map[string]store.RecipientRow{} // digest → vendor → row
	for _, d := range []string{a, b, ""} {
		var got store.ListRecipients
		json.Unmarshal([]byte(get(t, h, "/api/lists/"+listID(d), http.StatusOK).body), &got)
		var w []store.RecipientRow
		for _, x := range want.Recipients {
			if x.ListDigest == d {
				w = append(w, x)
			}
		}
		if jsonString(got.List) != jsonString(stat[d]) || jsonString(got.Recipients) != jsonString(w) || got.More {
			t.Errorf("/api/lists/%s differs from stats:\n got %s %s\nwant %s %s", listID(d), jsonString(got.List), trunc(jsonString(got.Recipients)), jsonString(stat[d]), trunc(jsonString(w)))
		}
		recipients[d] = map[string]store.RecipientRow{}
		for _, x := range got.Recipients {
			recipients[d][x.VendorID] = x
		}
	}
	// A declares Google (its Irish entity), B does not: same apps,
	// different verdicts.
	ga, gb := recipients[a]["google"], recipients[b]["google"]
	if ga.Apps == 0 || ga.Apps != gb.Apps || *ga.UndeclaredApps != 0 || !ga.InEEA || ga.Country != "IE" || ga.LegalEntity != "Google Ireland Limited" ||
		*gb.UndeclaredApps != gb.Apps || gb.InEEA || gb.Country != "US" {
		t.Errorf("google under A %+v, under B %+v", ga, gb)
	}
	if _, ok := recipients[b]["v"+hostileImg]; !ok {
		t.Errorf("the hostile app's vendor is not a recipient of list B")
	}

	// The filters relative to a list agree with the list page, recipient
	// by recipient, and with the verdicts of every app they list.
	verdicts := func(sha string) []store.AppVerdict {
		var p struct {
			Verdicts []store.AppVerdict `json:"verdicts"`
		}
		json.Unmarshal([]byte(get(t, h, "/api/apps/"+sha, http.StatusOK).body), &p)
		return p.Verdicts
	}
	check := func(query string, wantN int, ok func(store.VerdictRecipient) bool) {
		t.Helper()
		rows, n := appIDs(t, h, query+"&per=500")
		if n != wantN || len(rows) != n {
			t.Errorf("%s: %d apps (%d listed), want %d", query, n, len(rows), wantN)
		}
		d, _ := listDigest(url.Values{"x": {query}}.Get("x")[len("list="):][:min(len(query)-5, 64)])
		if strings.HasPrefix(query, "list=unknown") {
			d = ""
		}
		for _, r := range rows {
			found := false
			for _, v := range verdicts(r.SHA256) {
				if v.ListDigest != d {
					continue
				}
				if ok == nil {
					found = true
				}
				for _, x := range v.Recipients {
					found = found || (ok != nil && ok(x))
				}
			}
			if !found {
				t.Errorf("%s lists %s, whose verdicts do not match", query, r.Package)
			}
		}
	}
	for _, d := range []string{a, b} {
		id := listID(d)
		check("list="+id, stat[d].Apps, nil)
		check("list="+id+"&undeclared=1", stat[d].UndeclaredApps, func(x store.VerdictRecipient) bool { return !x.Declared })
		for v, x := range recipients[d] {
			q := "list=" + id + "&recipient=" + url.QueryEscape(v)
			check(q, x.Apps, func(y store.VerdictRecipient) bool { return y.VendorID == v })
			check(q+"&undeclared=1", *x.UndeclaredApps, func(y store.VerdictRecipient) bool { return y.VendorID == v && !y.Declared })
		}
		_, nOut := appIDs(t, h, "list="+id+"&outside_eea=1&undeclared=1")
		check("list="+id+"&outside_eea=1&undeclared=1", nOut, func(y store.VerdictRecipient) bool { return !y.Declared && !y.InEEA && y.Country != "" })
		_, nIE := appIDs(t, h, "list="+id+"&recipient_country=IE")
		check("list="+id+"&recipient_country=IE", nIE, func(y store.VerdictRecipient) bool { return y.Country == "IE" })
		if (d == a) != (nIE >= ga.Apps && nIE > 0) {
			t.Errorf("list %s: %d apps with a recipient in IE (google's entity under list A: %d apps)", id, nIE, ga.Apps)
		}
	}
	if _, n := appIDs(t, h, "list="+a+"&recipient=google&undeclared=1"); n != 0 {
		t.Errorf("list A declares Google, yet %d apps have it undeclared", n)
	}
	// recipient_kind: the totals equal a direct count of the newest builds
	// with one recipient meeting all the conditions.
	db := testStore(t).SQL()
	direct := func(d, kind string, undeclared, outside bool, recipient string) int {
		t.Helper()
		rows, err := db.Query(`SELECT p.app_sha256, p.data_kinds FROM subprocessors p JOIN apps a ON a.sha256 = p.app_sha256
WHERE p.list_digest = ? AND (a.package = '' OR NOT EXISTS (SELECT 1 FROM apps b WHERE b.package = a.package AND
	(b.version_code > a.version_code OR (b.version_code = a.version_code AND b.sha256 > a.sha256))))
	AND (NOT p.declared OR ?) AND ((NOT p.in_eea AND p.country <> '') OR ?) AND (p.vendor_id = ? OR ? = '')`,
			d, !undeclared, !outside, recipient, recipient) // the fixture is a SQLite file
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		apps := map[string]bool{}
		for rows.Next() {
			var sha, kinds string
			if err := rows.Scan(&sha, &kinds); err != nil {
				t.Fatal(err)
			}
			if slices.Contains(strings.Split(kinds, ","), kind) {
				apps[sha] = true
			}
		}
		return len(apps)
	}
	scenario := 0
	for _, d := range []string{a, b} {
		kinds := map[string]bool{"nope": true}
		for _, x := range recipients[d] {
			for _, k := range x.DataKinds {
				kinds[k] = true
			}
		}
		if len(kinds) < 3 {
			t.Fatalf("list %s: recipients receive only %v", listID(d), kinds)
		}
		for k := range kinds {
			for c := range 4 {
				und, out := c&1 != 0, c&2 != 0
				q := "list=" + listID(d) + "&recipient_kind=" + url.QueryEscape(k)
				if und {
					q += "&undeclared=1"
				}
				if out {
					q += "&outside_eea=1"
				}
				n := direct(d, k, und, out, "")
				check(q, n, func(y store.VerdictRecipient) bool {
					return slices.Contains(y.DataKinds, k) && (!und || !y.Declared) && (!out || !y.InEEA && y.Country != "")
				})
				if und && out && d == b {
					scenario += n
				}
				// With a recipient too (two conditions on one recipient).
				check(q+"&recipient=google", direct(d, k, und, out, "google"), func(y store.VerdictRecipient) bool {
					return y.VendorID == "google" && slices.Contains(y.DataKinds, k) && (!und || !y.Declared) && (!out || !y.InEEA && y.Country != "")
				})
			}
		}
	}
	if scenario == 0 {
		t.Error("no app sends data to an undeclared recipient outside the EU/EEA under list B")
	}
	// Combined with the other filters (AND).
	_, nSDK := appIDs(t, h, "sdk=google-admob")
	if _, n := appIDs(t, h, "sdk=google-admob&list="+b+"&recipient=google&undeclared=1"); n != nSDK {
		t.Errorf("admob apps with Google undeclared by B: %d, want all %d admob apps", n, nSDK)
	}

	for _, target := range []string{"/apps?list=abc", "/apps?list=" + strings.ToUpper(a), "/apps?recipient=google", "/apps?undeclared=1",
		"/apps?list=" + a + "&undeclared=2", "/apps?list=" + a + "&outside_eea=yes", "/api/apps?outside_eea=1", "/apps?recipient_kind=search-query"} {
		if r := do(t, h, http.MethodGet, target); r.code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, r.code)
		}
	}
	for _, target := range []string{"/lists/abc", "/lists/" + strings.Repeat("0", 64), "/api/lists/" + strings.Repeat("0", 64), "/lists/" + strings.ToUpper(a), "/lists/", "/api/lists/x"} {
		r := do(t, h, http.MethodGet, target)
		if r.code != http.StatusNotFound || (strings.HasPrefix(target, "/api/") && !json.Valid([]byte(r.body))) {
			t.Errorf("GET %s: %d, want 404", target, r.code)
		}
	}
}

// hrefs returns the links of an HTML page that start with prefix,
// unescaped as a browser would.
func hrefs(body, prefix string) []string {
	var out []string
	for _, part := range strings.Split(body, `href="`)[1:] {
		h := html.UnescapeString(part[:strings.IndexByte(part, '"')])
		if strings.HasPrefix(h, prefix) {
			out = append(out, h)
		}
	}
	return out
}

// TestListPages: the HTML of the list pages, the overview's list section
// and the app page's verdicts link each other, escape the hostile list
// path and vendor, and their links lead where they say.
func TestListPages(t *testing.T) {
	h := testServer(t)
	a, b := listDigests(t)
	over := get(t, h, "/", http.StatusOK).body
	for _, want := range []string{`href="/lists"`, `href="/lists/` + a + `"`, `href="/lists/` + b + `"`, "company-a.yaml (" + a[:12] + ")",
		"lists/company-b&#34;&gt;&lt;img src=x onerror=&#34;document.title=&#39;pwned&#39;&#34;&gt;.yaml (" + b[:12] + ")", "a cross-check against one of 3 subprocessor lists found a recipient"} {
		if !strings.Contains(over, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	page := get(t, h, "/lists", http.StatusOK).body
	for _, want := range []string{`href="/lists/` + a + `"`, `href="/lists/` + b + `"`, `href="/lists/unknown"`, `href="/apps?list=` + b + `&amp;undeclared=1"`,
		"lists/company-b&#34;&gt;&lt;img src=x onerror="} {
		if !strings.Contains(page, want) {
			t.Errorf("/lists lacks %q", want)
		}
	}
	page = get(t, h, "/lists/"+b, http.StatusOK).body
	for _, want := range []string{`href="/vendors/google"`, `href="/apps?list=` + b + `&amp;recipient=google&amp;undeclared=1"`,
		`href="/vendors/v%22%3E%3Cimg%20src=x%20onerror=%22document.title=%27pwned%27%22%3E"`, "&lt;script&gt;document.title=",
		`<h2 id="c-US">US · outside the EU/EEA</h2>`, `<h2 id="c-DE">DE · in the EU/EEA</h2>`} {
		if !strings.Contains(page, want) {
			t.Errorf("/lists/%s lacks %q", b[:12], want)
		}
	}
	// Groups: outside the EU/EEA, then unknown, then the EU/EEA.
	last := 0
	for _, part := range strings.Split(page, `<h2 id="c-`)[1:] {
		head := part[:strings.Index(part, "</h2>")]
		rank := 0
		switch {
		case strings.HasSuffix(head, "in the EU/EEA"):
			rank = 2
		case strings.HasSuffix(head, "EU/EEA status unknown"):
			rank = 1
		case !strings.HasSuffix(head, "outside the EU/EEA"):
			t.Errorf("group heading %q", head)
		}
		if rank < last {
			t.Errorf("group %q after a group of rank %d", head, last)
		}
		last = rank
	}
	// Every link to the app list parses and answers; the hostile vendor's
	// undeclared link lists the hostile app.
	links := hrefs(page, "/apps?")
	hostile := false
	for _, l := range links {
		rows, n := appIDs(t, h, strings.TrimPrefix(l, "/apps?")+"&per=500")
		if n == 0 {
			t.Errorf("%s: no app", l)
		}
		u, _ := url.Parse(l)
		if u.Query().Get("recipient") == "v"+hostileImg && u.Query().Get("undeclared") == "1" {
			hostile = len(rows) == 1 && rows[0].SHA256 == hostileSHA
		}
		get(t, h, l, http.StatusOK)
	}
	if len(links) < 10 || !hostile {
		t.Errorf("%d links to /apps; the hostile vendor's lists the hostile app: %v", len(links), hostile)
	}
	for _, l := range hrefs(page, "/vendors/") {
		get(t, h, l, http.StatusOK)
	}
	// The filtered app list names its list.
	page = get(t, h, "/apps?list="+b+"&recipient=google&undeclared=1", http.StatusOK).body
	if !strings.Contains(page, `Cross-check by the list <a href="/lists/`+b+`">lists/company-b&#34;&gt;&lt;img src=x onerror=&#34;document.title=&#39;pwned&#39;&#34;&gt;.yaml (`+b[:12]+`)</a>: apps it was applied to in which it found an undeclared recipient <a href="/vendors/google">google</a>`) ||
		!strings.Contains(page, `name="list" value="`+b+`"`) {
		t.Errorf("filtered app list does not name its filter")
	}
	// The vendor page: each list's verdicts on the vendor, as on the list
	// pages.
	var vp vendorPage
	json.Unmarshal([]byte(get(t, h, "/api/vendors/google", http.StatusOK).body), &vp)
	byList := map[string]store.VendorListCount{}
	for _, x := range vp.Lists {
		byList[x.ListDigest] = x
	}
	for _, d := range []string{a, b} {
		var l store.ListRecipients
		json.Unmarshal([]byte(get(t, h, "/api/lists/"+d, http.StatusOK).body), &l)
		for _, x := range l.Recipients {
			if x.VendorID == "google" && (byList[d].Apps != x.Apps || byList[d].Undeclared != *x.UndeclaredApps || byList[d].List != l.List.List) {
				t.Errorf("vendor page, list %s: %+v; list page: %+v", d[:12], byList[d], x)
			}
		}
	}
	if byList[a].Apps == 0 || byList[a].Undeclared != 0 || byList[b].Undeclared != byList[b].Apps {
		t.Errorf("google's verdicts: %+v", vp.Lists)
	}
	page = get(t, h, "/vendors/google", http.StatusOK).body
	if !strings.Contains(page, `<a href="/apps?list=`+b+`&amp;recipient=google&amp;undeclared=1"><strong class="warn">`+itoa(byList[b].Undeclared)+`</strong></a>`) ||
		!strings.Contains(page, `<a href="/lists/`+a+`">company-a.yaml (`+a[:12]+`)</a>`) {
		t.Errorf("vendor page lacks its verdicts per list")
	}
	get(t, h, "/vendors/"+url.PathEscape("v"+hostileImg), http.StatusOK)

	// The app page shows one verdict per list, linking to its page.
	page = get(t, h, "/apps/"+hostileSHA, http.StatusOK).body
	var api struct {
		Verdicts []store.AppVerdict `json:"verdicts"`
	}
	json.Unmarshal([]byte(get(t, h, "/api/apps/"+hostileSHA, http.StatusOK).body), &api)
	if len(api.Verdicts) < 2 || strings.Count(page, "<h3><a href=\"/lists/") != len(api.Verdicts) {
		t.Errorf("app page: %d verdict headings, %d verdicts", strings.Count(page, "<h3><a href=\"/lists/"), len(api.Verdicts))
	}
	for _, v := range api.Verdicts {
		if !strings.Contains(page, `<h3><a href="/lists/`+listID(v.ListDigest)+`">`) {
			t.Errorf("app page lacks the verdict of list %q", v.ListDigest)
		}
	}
}

// TestGroupRecipients: countries outside the EU/EEA first, then unknown,
// then the EU/EEA, each by undeclared recipients, recipients, code;
// recipients keep their order.
func TestGroupRecipients(t *testing.T) {
	n := func(i int) *int { return &i }
	rs := []store.RecipientRow{
		{VendorID: "a", Country: "US", UndeclaredApps: n(2)}, {VendorID: "b", Country: "DE", InEEA: true, UndeclaredApps: n(0)},
		{VendorID: "c", Country: "", UndeclaredApps: n(1)}, {VendorID: "d", Country: "CN", UndeclaredApps: n(0)},
		{VendorID: "e", Country: "US", UndeclaredApps: n(1)}, {VendorID: "f", Country: "EU", InEEA: true, UndeclaredApps: n(3)},
		{VendorID: "g", Country: "RU", UndeclaredApps: n(0)}, {VendorID: "h", Country: "IL", UndeclaredApps: n(0)}, {VendorID: "i", Country: "IL", UndeclaredApps: n(0)},
	}
	var got []string
	for _, g := range groupRecipients(rs) {
		var ids []string
		for _, x := range g.Recipients {
			ids = append(ids, x.VendorID)
		}
		got = append(got, fmt.Sprintf("%s/%v/%d:%s", g.Country, g.InEEA, g.Undeclared, strings.Join(ids, ",")))
	}
	if want := "US/false/2:a,e IL/false/0:h,i CN/false/0:d RU/false/0:g /false/1:c EU/true/1:f DE/true/0:b"; strings.Join(got, " ") != want {
		t.Errorf("groups %q, want %q", strings.Join(got, " "), want)
	}
}

// TestREADMERoutes: the route tables of README.md name every route the
// handler registers (web.go), and no other.
func TestREADMERoutes(t *testing.T) {
	src, err := os.ReadFile("web.go")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	norm := func(p string) string {
		p = strings.TrimSuffix(strings.SplitN(p, "?", 2)[0], "{$}")
		return regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(p, "{}")
	}
	code := map[string]bool{}
	for _, m := range regexp.MustCompile(`HandleFunc\("GET (/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		code[norm(m[1])] = true
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `(/[^`]*)` \\|").FindAllStringSubmatch(string(doc), -1) {
		p := norm(m[1])
		if p == "/static/style.css" {
			p = "/static/{}"
		}
		documented[p] = true
	}
	if len(code) < 10 {
		t.Fatalf("found %d routes in web.go", len(code))
	}
	for p := range code {
		if !documented[p] {
			t.Errorf("route %s is not in README.md's tables", p)
		}
	}
	for p := range documented {
		if !code[p] {
			t.Errorf("README.md documents %s, which web.go does not register", p)
		}
	}
}
