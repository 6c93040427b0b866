package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns a Chromium or Chrome binary, "" when none.
func findChromium() string {
	if p := os.Getenv("APKSCAN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("browser test skipped: no chromium, chromium-browser or google-chrome on $PATH (set $APKSCAN_CHROMIUM to its path)")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelC := chromedp.NewContext(actx)
	// The first run starts the browser; it must not have a deadline (that
	// would stop the browser), later ones do.
	if err := chromedp.Do(bctx); err != nil {
		cancelC()
		cancelA()
		t.Skipf("browser test skipped: cannot start %s: %v", bin, err)
	}
	ctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

// pageState is what the tests read from a loaded page.
type pageState struct {
	Title   string `json:"title"`
	Pwned   bool   `json:"pwned"`
	Ran     bool   `json:"ran"`
	Scripts int    `json:"scripts"`
	Images  int    `json:"images"`
	H1      string `json:"h1"`
}

const readState = `({title: document.title, pwned: window.pwned === 1, ran: window.ran === 1,
	scripts: document.scripts.length, images: document.images.length,
	h1: (document.querySelector('h1') || {}).textContent || ''})`

func TestBrowser(t *testing.T) {
	ctx := browser(t)

	// Control: scripts DO run in this browser, so the checks below can fail.
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><title>control</title><h1>control</h1><script>document.title='ran';window.ran=1;window.pwned=1</script>`)
	}))
	defer control.Close()
	must(t, chromedp.Do(ctx, chromedp.Navigate(control.URL), chromedp.WaitReady("h1")))
	st := state(t, ctx)
	if st.Title != "ran" || !st.Ran || !st.Pwned {
		t.Fatalf("control page: scripts did not run (%+v): the browser checks would prove nothing", st)
	}

	srv := httptest.NewServer(testServer(t)) // 127.0.0.1:0
	defer srv.Close()

	// Overview → Apps → the first app.
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("h1")))
	overviewPNG := run(t, ctx, chromedp.FullScreenshot(100))
	must(t, chromedp.Do(ctx,
		chromedp.Click(`nav a[href="/apps"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`table.apps`),
		chromedp.Click(`table.apps tbody tr:first-child td:first-child a`, chromedp.NodeVisible),
		chromedp.WaitVisible(`section.facts`),
	))
	loc := run(t, ctx, chromedp.Location())
	st = state(t, ctx)
	appPNG := run(t, ctx, chromedp.FullScreenshot(100))
	if !strings.HasPrefix(loc, srv.URL+"/apps/") || len(loc) != len(srv.URL+"/apps/")+64 {
		t.Errorf("followed the first app link to %s", loc)
	}
	if st.H1 == "" || st.Scripts != 0 {
		t.Errorf("app page: %+v", st)
	}

	// A filter applied through the form.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/apps"),
		chromedp.WaitVisible(`form.filters`),
		chromedp.SetValue(`form.filters input[name="sdk"]`, "google-admob"),
		chromedp.SetValue(`form.filters input[name="sends"]`, "search-query"),
		chromedp.Submit(`form.filters input[name="sdk"]`),
		chromedp.WaitVisible(`form.filters input[name="sdk"][value="google-admob"]`),
	))
	loc = run(t, ctx, chromedp.Location())
	count := run(t, ctx, chromedp.Text(`p.count`))
	if !strings.Contains(loc, "sdk=google-admob") || !strings.Contains(loc, "sends=search-query") {
		t.Errorf("filter form went to %s", loc)
	}
	_, want := appIDs(t, testServer(t), "sdk=google-admob&sends=search-query")
	if !strings.HasPrefix(count, fmt.Sprintf("%d apps match", want)) {
		t.Errorf("filtered count %q, want %d apps", count, want)
	}

	// Overview → its cross-check section's link to the lists → company A's
	// list → the apps in which a vendor is undeclared → the first of them,
	// whose verdict under that list says so.
	la, lb := listDigests(t)
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(`section.crosscheck a[href="/lists"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`table.lists`),
		chromedp.Click(`table.lists a[href="/lists/`+la+`"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`table.recipients`),
	))
	loc = run(t, ctx, chromedp.Location())
	if loc != srv.URL+"/lists/"+la {
		t.Errorf("followed the list link to %s", loc)
	}
	listPNG := run(t, ctx, chromedp.FullScreenshot(100))
	vendor := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('table.recipients a.undeclared').closest('tr').querySelector('a.vendor').getAttribute('href')`))
	must(t, chromedp.Do(ctx,
		chromedp.Click(`table.recipients a.undeclared`, chromedp.NodeVisible),
		chromedp.WaitVisible(`p.listfilter`),
	))
	loc = run(t, ctx, chromedp.Location())
	u, err := url.Parse(loc)
	must(t, err)
	q := u.Query()
	if u.Path != "/apps" || q.Get("list") != la || "/vendors/"+url.PathEscape(q.Get("recipient")) != vendor || q.Get("undeclared") != "1" {
		t.Fatalf("followed the undeclared link of %s to %s", vendor, loc)
	}
	count = run(t, ctx, chromedp.Text(`p.count`))
	if _, want := appIDs(t, testServer(t), u.RawQuery); want == 0 || !strings.HasPrefix(count, fmt.Sprintf("%d apps match", want)) {
		t.Errorf("undeclared %s: count %q, want %d apps", vendor, count, want)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(`table.apps tbody tr:first-child td:first-child a`, chromedp.NodeVisible),
		chromedp.WaitVisible(`section.verdicts`),
	))
	// In the app's verdict under list A, that vendor's row says undeclared.
	undeclared := run(t, ctx, chromedp.Evaluate[bool](`((list, vendor) => {
		const h = [...document.querySelectorAll('section.verdicts h3')].find(h => h.querySelector('a').getAttribute('href') === list);
		let t = h && h.nextElementSibling;
		while (t && t.tagName !== 'TABLE') t = t.nextElementSibling;
		return !!t && [...t.querySelectorAll('tbody tr')].some(r => r.querySelector('a').getAttribute('href') === vendor && r.cells[3].textContent.trim() === 'no');
	})(`+jsonString("/lists/"+la)+`, `+jsonString(vendor)+`)`))
	if !undeclared {
		t.Errorf("the app listed as having %s undeclared under list A does not show it so", vendor)
	}
	t.Logf("overview → /lists → /lists/%s → apps with %s undeclared → %s", la[:12], vendor, run(t, ctx, chromedp.Location()))

	// The scenario through the form: the apps in which list B
	// found an undeclared recipient outside the EU/EEA that receives a
	// data kind (search terms when some app sends them so).
	kind := ""
	for _, k := range []string{"search-query", "url", "user-input", "device-id", "advertising-id", "location"} {
		if _, n := appIDs(t, testServer(t), "list="+lb+"&undeclared=1&outside_eea=1&recipient_kind="+k); n > 0 {
			kind = k
			break
		}
	}
	if kind == "" {
		t.Fatal("no app has an undeclared recipient outside the EU/EEA receiving a data kind under list B")
	}
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/apps"),
		chromedp.WaitVisible(`form.filters`),
		chromedp.SetValue(`form.filters input[name="list"]`, lb),
		chromedp.SetValue(`form.filters select[name="undeclared"]`, "1"),
		chromedp.SetValue(`form.filters select[name="outside_eea"]`, "1"),
		chromedp.SetValue(`form.filters input[name="recipient_kind"]`, kind),
		chromedp.Submit(`form.filters input[name="list"]`),
		chromedp.WaitVisible(`form.filters input[name="recipient_kind"][value="`+kind+`"]`),
	))
	loc = run(t, ctx, chromedp.Location())
	u, err = url.Parse(loc)
	must(t, err)
	q = u.Query()
	if q.Get("list") != lb || q.Get("undeclared") != "1" || q.Get("outside_eea") != "1" || q.Get("recipient_kind") != kind {
		t.Errorf("the scenario's form went to %s", loc)
	}
	rows, want := appIDs(t, testServer(t), "list="+lb+"&undeclared=1&outside_eea=1&recipient_kind="+kind)
	count = run(t, ctx, chromedp.Text(`p.count`))
	first := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('table.apps tbody tr:first-child td:first-child a').getAttribute('href')`))
	note := run(t, ctx, chromedp.Text(`p.listfilter`))
	if !strings.HasPrefix(count, fmt.Sprintf("%d apps match", want)) || first != "/apps/"+rows[0].SHA256 || !strings.Contains(note, "that receives "+kind) {
		t.Errorf("scenario %s: count %q, first app %s, note %q; want %d apps, first /apps/%s", kind, count, first, note, want, rows[0].SHA256)
	}
	t.Logf("undeclared recipients outside the EU/EEA receiving %s under list B: %d apps", kind, want)

	// The hostile app renders inert: its strings are text, not markup.
	for _, target := range []string{"/apps/" + hostileSHA, "/apps?q=evil", "/packages/" + url.PathEscape("com.evil"+hostileImg), "/lists", "/lists/" + lb} {
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+target),
			chromedp.WaitVisible("h1"),
			chromedp.Sleep(200*time.Millisecond), // let any onerror fire
		))
		st = state(t, ctx)
		text := run(t, ctx, chromedp.Text("main"))
		if st.Pwned || st.Title == "pwned" || st.Scripts != 0 || st.Images != 0 {
			t.Errorf("%s: hostile strings became markup: %+v", target, st)
		}
		if !strings.Contains(text, "<script>document.title='pwned'") && !strings.Contains(text, `<img src=x onerror=`) {
			t.Errorf("%s: the hostile strings are not shown as text", target)
		}
	}

	if os.Getenv("APKSCAN_SCREENSHOTS") == "1" {
		dir := filepath.Join("testdata", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"overview.png": overviewPNG, "app.png": appPNG, "list.png": listPNG} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("wrote %s/overview.png, app.png and list.png", dir)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	must(t, err)
	return v
}

func state(t *testing.T, ctx context.Context) pageState {
	t.Helper()
	return run(t, ctx, chromedp.Evaluate[pageState](readState))
}
