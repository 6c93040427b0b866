package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/store"
)

// TestExports: a stored build's case file and the diff of two builds of a
// package download in every format, rendered from the stored reports by
// the CLI's encoders; names are safe file names even for the hostile app,
// whose case file stays inert; unknown formats and ids are refused.
func TestExports(t *testing.T) {
	h := testServer(t)
	multi, hv := multiBuild(t, h)
	older, newer := hv.Versions[len(hv.Versions)-2].SHA256, hv.Versions[len(hv.Versions)-1].SHA256

	for format, want := range map[string]string{
		"":         "<!DOCTYPE html>",
		"html":     "Who receives what",
		"markdown": "## Who receives what",
		"md":       "## Who receives what",
		"sarif":    `"$schema"`,
		"json":     `"schema_version"`,
		"exodus":   `"trackers"`,
		"table":    "SDKs (",
		"jsonl":    `{"schema_version"`,
	} {
		r := fetch(t, h, "/apps/"+newer+"/export?format="+format)
		if !strings.Contains(r.body, want) {
			t.Errorf("export format %q lacks %q: %.200s", format, want, r.body)
		}
		cd := r.hdr.Get("Content-Disposition")
		if !strings.HasPrefix(cd, `attachment; filename="`+fileName(multi.Package)) {
			t.Errorf("export format %q: Content-Disposition %q", format, cd)
		}
		if csp := r.hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
			t.Errorf("export CSP %q", csp)
		}
	}
	for format, want := range map[string]string{
		"html": "Who receives what: changes", "markdown": "## Who receives what: changes", "sarif": `"baselineState"`, "json": `"old":`,
	} {
		r := fetch(t, h, "/diff/export?a="+older+"&b="+newer+"&format="+format)
		if !strings.Contains(r.body, want) {
			t.Errorf("diff export %q lacks %q: %.200s", format, want, r.body)
		}
		if cd := r.hdr.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="diff-`) {
			t.Errorf("diff export %q: Content-Disposition %q", format, cd)
		}
	}

	hostile := fetch(t, h, "/apps/"+hostileSHA+"/export")
	checkInert(t, "hostile export", hostile.body)
	cd := hostile.hdr.Get("Content-Disposition")
	name := strings.TrimSuffix(strings.TrimPrefix(cd, `attachment; filename="`), `"`)
	if name == cd || strings.ContainsAny(name, `"/\<> ;`+"\n\r") || strings.HasPrefix(name, ".") {
		t.Errorf("hostile export file name %q (header %q)", name, cd)
	}

	for target, code := range map[string]int{
		"/apps/" + newer + "/export?format=xml":                      http.StatusBadRequest,
		"/apps/" + strings.Repeat("0", 64) + "/export":               http.StatusNotFound,
		"/apps/nothex/export":                                        http.StatusNotFound,
		"/diff/export?a=" + older + "&b=" + newer + "&format=exodus": http.StatusBadRequest,
		"/diff/export?a=" + older + "&b=" + strings.Repeat("0", 64):  http.StatusNotFound,
		"/diff/export?a=" + older:                                    http.StatusBadRequest,
	} {
		if r := do(t, h, http.MethodGet, target); r.code != code {
			t.Errorf("%s: %d, want %d", target, r.code, code)
		}
	}
}

// fetch GETs a download: 200, and the export's own headers (a CSP that
// allows the case file's inline style and nothing else, nosniff).
func fetch(t *testing.T, h http.Handler, target string) resp {
	t.Helper()
	r := do(t, h, http.MethodGet, target)
	if r.code != http.StatusOK {
		t.Fatalf("GET %s: %d: %.300s", target, r.code, r.body)
	}
	if r.hdr.Get("Content-Security-Policy") != exportCSP || r.hdr.Get("X-Content-Type-Options") != "nosniff" || r.hdr.Get("Content-Type") == "" {
		t.Errorf("GET %s: headers %v", target, r.hdr)
	}
	return r
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"com.example.app":         "com.example.app",
		`../../etc/passwd`:        "etc_passwd",
		"a\"b; c\r\nd<e>":         "a_b_c_d_e",
		"..":                      "apkscan",
		"":                        "apkscan",
		strings.Repeat("x", 300):  strings.Repeat("x", 100),
		"\u202eevil\u202dgpj.exe": "evil_gpj.exe",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportLinks: the app, diff and package pages link to the exports.
func TestExportLinks(t *testing.T) {
	h := testServer(t)
	multi, hv := multiBuild(t, h)
	a, b := hv.Versions[0].SHA256, hv.Versions[1].SHA256
	for page, link := range map[string]string{
		"/apps/" + b:                                 `href="/apps/` + b + `/export?format=html"`,
		"/diff?a=" + a + "&b=" + b:                   `href="/diff/export?a=` + a + `&amp;b=` + b + `&amp;format=sarif"`,
		"/packages/" + url.PathEscape(multi.Package): `href="/diff/export?a=` + a + `&amp;b=` + b + `&amp;format=html"`,
	} {
		if body := get(t, h, page, http.StatusOK).body; !strings.Contains(body, link) {
			t.Errorf("%s lacks %s", page, link)
		}
	}
}

// multiBuild finds a package of the fixture with three builds (its newest
// build's row) and reads its history.
func multiBuild(t *testing.T, h http.Handler) (store.AppRow, store.History) {
	t.Helper()
	all, _ := appIDs(t, h, "per=500")
	var multi store.AppRow
	for _, a := range all {
		if strings.HasSuffix(a.Package, "0") && a.VersionCode == 120 {
			multi = a
		}
	}
	if multi.SHA256 == "" {
		t.Fatal("no package with three builds")
	}
	var hv store.History
	if err := json.Unmarshal([]byte(get(t, h, "/api/packages/"+url.PathEscape(multi.Package), http.StatusOK).body), &hv); err != nil {
		t.Fatal(err)
	}
	if len(hv.Versions) != 3 {
		t.Fatalf("history of %s: %d builds", multi.Package, len(hv.Versions))
	}
	return multi, hv
}
