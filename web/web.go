// Package web is a read-only web UI over a bulk result database (package
// store): server-rendered HTML pages and the same data as JSON under
// /api/. It serves no JavaScript and fetches nothing external; every
// string from a report is escaped by html/template (reports describe
// hostile APKs), and responses carry a strict Content-Security-Policy.
//
// Routes, parameters and JSON shapes are documented in README.md.
//
// It depends on store, reports and reports/diff only.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// CSP is the Content-Security-Policy of every response.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Options configure the handler. The zero value is usable.
type Options struct {
	// Title heads every page ("apkscan results" when empty).
	Title string
	// DefaultPer and MaxPer bound the page size of lists (50 and 500 when
	// zero).
	DefaultPer, MaxPer int
	// Top caps the rankings of the overview, SDK and vendor pages (20 when
	// zero).
	Top int
	// CacheTTL is how long the overview's statistics and the SDK and
	// vendor summaries are served before being refreshed in the background
	// (5 minutes when zero; negative: computed for every request).
	CacheTTL time.Duration
	// Prewarm starts computing the overview's statistics in New, and the
	// pages of the SDKs it ranks and of their vendors after each refresh,
	// so that visitors do not wait for them on a large database.
	Prewarm bool
	// Logf logs server errors (log.Printf when nil).
	Logf func(format string, args ...any)
}

type server struct {
	st    *store.Store
	opts  Options
	pages map[string]*template.Template
	mux   *http.ServeMux

	mu       sync.Mutex
	overview *overview
	computed time.Time
	inflight chan struct{} // closed when the running refresh ends
	lastErr  error

	summaries cache // SDK and vendor pages
}

// New returns the handler serving st. It only reads st. The pages read
// the derived tables the store maintains as it writes (store/facets.go);
// st.EnsureBrowseSchema adds indexes of the base tables that the SDK and
// vendor names and the cross-check lookups use, as 'apkscan serve' does.
func New(st *store.Store, opts Options) http.Handler {
	if opts.Title == "" {
		opts.Title = "apkscan results"
	}
	if opts.DefaultPer <= 0 {
		opts.DefaultPer = 50
	}
	if opts.MaxPer <= 0 {
		opts.MaxPer = 500
	}
	opts.DefaultPer = min(opts.DefaultPer, opts.MaxPer)
	if opts.Top <= 0 {
		opts.Top = 20
	}
	if opts.CacheTTL == 0 {
		opts.CacheTTL = 5 * time.Minute
	}
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	s := &server{st: st, opts: opts, pages: parseTemplates(), mux: http.NewServeMux()}
	s.summaries = cache{m: map[string]cached{}, inflight: map[string]bool{}}
	if opts.Prewarm && opts.CacheTTL > 0 {
		s.mu.Lock()
		s.startRefresh()
		s.mu.Unlock()
	}
	static, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServerFS(static))
	s.mux.HandleFunc("GET /static/{file}", func(w http.ResponseWriter, r *http.Request) {
		if _, err := fs.Stat(static, r.PathValue("file")); err != nil {
			s.fail(w, r, http.StatusNotFound, "no such file")
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
	s.mux.HandleFunc("GET /{$}", s.handleOverview)
	s.mux.HandleFunc("GET /apps", s.handleApps)
	s.mux.HandleFunc("GET /apps/{id}", s.handleApp)
	s.mux.HandleFunc("GET /sdks/{id}", s.handleSDK)
	s.mux.HandleFunc("GET /vendors/{id}", s.handleVendor)
	s.mux.HandleFunc("GET /packages/{package}", s.handlePackage)
	s.mux.HandleFunc("GET /diff", s.handleDiff)
	s.mux.HandleFunc("GET /apps/{id}/export", s.handleAppExport) // export.go
	s.mux.HandleFunc("GET /diff/export", s.handleDiffExport)
	s.mux.HandleFunc("GET /lists", s.handleLists)
	s.mux.HandleFunc("GET /lists/{digest}", s.handleList)
	s.mux.HandleFunc("GET /api/stats", s.handleOverview)
	s.mux.HandleFunc("GET /api/apps", s.handleApps)
	s.mux.HandleFunc("GET /api/apps/{id}", s.handleApp)
	s.mux.HandleFunc("GET /api/sdks/{id}", s.handleSDK)
	s.mux.HandleFunc("GET /api/vendors/{id}", s.handleVendor)
	s.mux.HandleFunc("GET /api/packages/{package}", s.handlePackage)
	s.mux.HandleFunc("GET /api/diff", s.handleDiff)
	s.mux.HandleFunc("GET /api/lists", s.handleLists)
	s.mux.HandleFunc("GET /api/lists/{digest}", s.handleList)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "no such page")
	})
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		s.fail(w, r, http.StatusMethodNotAllowed, "read-only: only GET and HEAD are allowed")
		return
	}
	if r.Method == http.MethodHead {
		w = headWriter{w}
	}
	s.mux.ServeHTTP(w, r)
}

// headWriter drops the body of a HEAD response (net/http's server does
// too; this keeps handlers simple and other ResponseWriters honest).
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(b []byte) (int, error) { return len(b), nil }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
}

// fail answers with an error page, or a JSON error under /api/.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if isAPI(r) {
		writeJSON(w, status, map[string]any{"error": msg, "status": status})
		return
	}
	s.render(w, r, status, "error", http.StatusText(status), errorPage{Status: status, Message: msg})
}

// internal logs err and answers 500 (the message never reaches the
// client: it may name paths or SQL).
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.opts.Logf("web: %s %s: %v", r.Method, r.URL.Path, err)
	s.fail(w, r, http.StatusInternalServerError, "internal error (see the server log)")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// pageData wraps a page's data for the layout.
type pageData struct {
	Title     string
	SiteTitle string
	Path      string
	Data      any
}

func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	t := s.pages[page]
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout", pageData{Title: title, SiteTitle: s.opts.Title, Path: r.URL.Path, Data: data}); err != nil {
		s.opts.Logf("web: template %s: %v", page, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// paging reads page and per.
type paging struct {
	Page, Per int
}

func (s *server) paging(q url.Values) (paging, error) {
	p := paging{Page: 1, Per: s.opts.DefaultPer}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return p, fmt.Errorf("page %q: want a number from 1 to 1000000", v)
		}
		p.Page = n
	}
	if v := q.Get("per"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, fmt.Errorf("per %q: want a number from 1 to %d", v, s.opts.MaxPer)
		}
		p.Per = min(n, s.opts.MaxPer)
	}
	return p, nil
}

func (p paging) offset() int { return (p.Page - 1) * p.Per }

// pathEsc escapes one path segment.
func pathEsc(s string) string { return url.PathEscape(s) }

var funcs = template.FuncMap{
	"pathEsc": pathEsc,
	"pct": func(f float64) string {
		return strconv.FormatFloat(100*f, 'f', 1, 64) + "%"
	},
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12]
		}
		return s
	},
	"deref": func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	},
	"add": func(a, b int) int { return a + b },
	// pageURL makes a link to /apps from a query string built by
	// url.Values.Encode (so already escaped).
	"pageURL": func(q string) template.URL { return template.URL("/apps?" + q) },
	"firstEvidence": func(ev []reports.Evidence) []reports.Evidence {
		return ev[:min(len(ev), maxEvidence)]
	},
	"flowSentence": reports.FlowSentence,
	"kindLabel":    reports.DataKindLabel,
	"join":         strings.Join,
	"orDash": func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	},
	"yesno": func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	},
}

func parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	pages := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, n))
	}
	return pages
}
