package web

// Exports: a stored build's report, and the diff of two stored builds, in
// the formats of `apkscan --format` and `apkscan diff --format` (the case
// files a regulator files: HTML and Markdown; SARIF and JSON for tools),
// rendered from the stored report by the same encoders, as a download.

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/reports/diff"
	"github.com/apkscan/apkscan/store"
)

// exportFormats are the formats an export may ask for, with the file
// extension and media type of the download. The report accepts all of
// them; the diff those diff.Encode knows.
var exportFormats = map[string]struct{ ext, mime string }{
	"html":     {"html", "text/html; charset=utf-8"},
	"markdown": {"md", "text/markdown; charset=utf-8"},
	"sarif":    {"sarif", "application/sarif+json"},
	"json":     {"json", "application/json"},
	"exodus":   {"exodus.json", "application/json"},
	"table":    {"txt", "text/plain; charset=utf-8"},
	"jsonl":    {"jsonl", "application/x-ndjson"},
}

// exportCSP lets a downloaded case file opened from the server render its
// inline stylesheet, and nothing else: no script, no fetch, no frame.
const exportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName builds a download name from stored (hostile) strings: only
// [A-Za-z0-9._-], at most 100 characters, never empty or a dot file.
func fileName(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.Trim(unsafeFileChars.ReplaceAllString(p, "_"), "._-"); p != "" {
			keep = append(keep, p)
		}
	}
	n := strings.Join(keep, "-")
	if len(n) > 100 {
		n = n[:100]
	}
	if n == "" {
		n = "apkscan"
	}
	return n
}

// exportFormat reads ?format= (html when absent); ok false after an
// error response.
func (s *server) exportFormat(w http.ResponseWriter, r *http.Request, allowed []string) (string, bool) {
	f := r.URL.Query().Get("format")
	if f == "" {
		f = "html"
	}
	if f == "md" {
		f = "markdown"
	}
	if _, ok := exportFormats[f]; !ok || (allowed != nil && !slices.Contains(allowed, f)) {
		known := allowed
		if known == nil {
			known = reports.FormatIDs()
		}
		s.fail(w, r, http.StatusBadRequest, "format: want one of "+strings.Join(known, ", "))
		return "", false
	}
	return f, true
}

// download writes body as an attachment named name.ext.
func download(w http.ResponseWriter, format, name string, body []byte) {
	f := exportFormats[format]
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Disposition", `attachment; filename="`+name+"."+f.ext+`"`)
	h.Set("Content-Security-Policy", exportCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// handleAppExport serves GET /apps/{id}/export?format=F: the stored
// report of one build in format F (html by default).
func (s *server) handleAppExport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !sha256Re.MatchString(id) {
		s.fail(w, r, http.StatusNotFound, "no such app (an app id is its SHA-256, 64 lower-case hex digits)")
		return
	}
	format, ok := s.exportFormat(w, r, nil)
	if !ok {
		return
	}
	meta, rep, ok := s.storedApp(w, r, id, false)
	if !ok {
		return
	}
	enc, err := reports.Lookup(format)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := enc.Encode(&b, rep); err != nil {
		s.internal(w, r, err)
		return
	}
	download(w, format, fileName(meta.Package, meta.VersionName, id[:12]), b.Bytes())
}

// handleDiffExport serves GET /diff/export?a=OLD&b=NEW&format=F: the
// diff of two stored builds in one of diff.Formats (html by default).
func (s *server) handleDiffExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a, b := q.Get("a"), q.Get("b")
	if !sha256Re.MatchString(a) || !sha256Re.MatchString(b) {
		s.fail(w, r, http.StatusBadRequest, "a and b: want the ids (SHA-256) of two stored builds")
		return
	}
	format, ok := s.exportFormat(w, r, diff.Formats)
	if !ok {
		return
	}
	var reps [2]*reports.Report
	var pkg [2]string
	for i, id := range []string{a, b} {
		m, rep, ok := s.storedApp(w, r, id, true)
		if !ok {
			return
		}
		reps[i], pkg[i] = rep, m.Package+"-"+m.VersionName
	}
	var buf bytes.Buffer
	if err := diff.Encode(&buf, diff.Compare(reps[0], reps[1]), format); err != nil {
		s.internal(w, r, err)
		return
	}
	download(w, format, fileName("diff", pkg[0], "to", pkg[1]), buf.Bytes())
}

// storedApp loads one stored build (id already checked to be a SHA-256)
// for a page: its apps row and its report; ok false after an error
// response (404 when it is not stored; side is true for a side of a
// diff, whose message names the id).
func (s *server) storedApp(w http.ResponseWriter, r *http.Request, id string, side bool) (store.AppMeta, *reports.Report, bool) {
	meta, found, err := s.st.AppMeta(r.Context(), id)
	if err != nil {
		s.internal(w, r, err)
		return meta, nil, false
	}
	if !found {
		msg := "no such app in the database"
		if side {
			msg = "no app " + id + " in the database"
		}
		s.fail(w, r, http.StatusNotFound, msg)
		return meta, nil, false
	}
	rep, err := s.st.Report(r.Context(), id)
	if err != nil {
		s.internal(w, r, err)
		return meta, nil, false
	}
	return meta, rep, true
}
