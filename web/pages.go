package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/reports/diff"
	"github.com/apkscan/apkscan/store"
)

// overview is the data of / and /api/stats.
type overview struct {
	Stats      *store.Stats      `json:"stats"`
	Crosscheck *store.Crosscheck `json:"crosscheck"`
	Computed   string            `json:"computed_at"`
}

// overviewData returns the overview statistics. They are cached for
// CacheTTL and then refreshed in the background while the stale ones are
// served, so that only the first request (or none, with Prewarm) waits
// for them; concurrent requests share one computation.
func (s *server) overviewData(r *http.Request) (*overview, error) {
	if s.opts.CacheTTL < 0 {
		return s.computeOverview(r.Context())
	}
	s.mu.Lock()
	if s.overview != nil {
		if time.Since(s.computed) >= s.opts.CacheTTL && s.inflight == nil {
			s.startRefresh()
		}
		o := s.overview
		s.mu.Unlock()
		return o, nil
	}
	if s.inflight == nil {
		s.startRefresh()
	}
	ch := s.inflight
	s.mu.Unlock()
	select {
	case <-ch:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.overview == nil {
		return nil, s.lastErr
	}
	return s.overview, nil
}

// startRefresh computes the overview in the background; s.mu is held.
func (s *server) startRefresh() {
	ch := make(chan struct{})
	s.inflight = ch
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		o, err := s.computeOverview(ctx)
		s.mu.Lock()
		s.inflight = nil
		if err != nil {
			s.lastErr = err
			s.opts.Logf("web: overview: %v", err)
		} else {
			s.overview, s.computed, s.lastErr = o, time.Now(), nil
		}
		s.mu.Unlock()
		close(ch)
		if err == nil && s.opts.Prewarm {
			s.prewarmSummaries(ctx, o)
		}
	}()
}

// prewarmSummaries computes the pages of the SDKs ranked on the overview
// and of their vendors: the popular ones are the slow ones on a large
// database.
func (s *server) prewarmSummaries(ctx context.Context, o *overview) {
	vendors := map[string]bool{}
	for _, x := range o.Stats.SDKs {
		id := x.ID
		v, err := s.summaries.refresh(ctx, "sdk:"+id, func(ctx context.Context) (any, error) { return s.sdkPage(ctx, id) })
		if err != nil {
			return
		}
		if p, _ := v.(*sdkPage); p != nil && p.SDK.VendorID != "" {
			vendors[p.SDK.VendorID] = true
		}
	}
	for id := range vendors {
		if _, err := s.summaries.refresh(ctx, "vendor:"+id, func(ctx context.Context) (any, error) { return s.vendorPage(ctx, id) }); err != nil {
			return
		}
	}
	if _, err := s.summaries.refresh(ctx, "lists", func(ctx context.Context) (any, error) { return s.listsPage(ctx) }); err != nil {
		return
	}
	for _, l := range o.Stats.Lists {
		d := l.Digest
		if _, err := s.summaries.refresh(ctx, "list:"+d, func(ctx context.Context) (any, error) { return s.listPage(ctx, d) }); err != nil {
			return
		}
	}
}

func (s *server) computeOverview(ctx context.Context) (*overview, error) {
	st, err := s.st.BrowseStats(ctx, s.opts.Top)
	if err != nil {
		return nil, err
	}
	cc, err := s.st.Crosscheck(ctx, s.opts.Top)
	if err != nil {
		return nil, err
	}
	return &overview{Stats: st, Crosscheck: cc, Computed: time.Now().UTC().Format(time.RFC3339)}, nil
}

func (s *server) handleOverview(w http.ResponseWriter, r *http.Request) {
	o, err := s.overviewData(r)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, o)
		return
	}
	s.render(w, r, http.StatusOK, "overview", "Overview", o)
}

// filterParams are the query parameters of /apps, in display order.
var filterParams = []string{"q", "name", "sdk", "vendor", "country", "kind", "sends", "permission", "trackers", "builds",
	"list", "recipient", "recipient_country", "recipient_kind", "outside_eea", "undeclared"}

func parseFilter(q url.Values) (store.AppFilter, string) {
	f := store.AppFilter{
		Text:       q.Get("q"),
		SDK:        q.Get("sdk"),
		Vendor:     q.Get("vendor"),
		Country:    q.Get("country"),
		Kind:       q.Get("kind"),
		Sends:      q.Get("sends"),
		Permission: q.Get("permission"),
		Trackers:   q.Get("trackers"),
	}
	if f.Text == "" {
		f.Text = q.Get("name")
	}
	switch q.Get("builds") {
	case "", "latest":
	case "all":
		f.AllBuilds = true
	default:
		return f, "builds: want latest or all"
	}
	switch f.Trackers {
	case "", "0", "1":
	default:
		return f, "trackers: want 0 (no tracker) or 1 (at least one)"
	}
	for _, p := range filterParams {
		if len(q.Get(p)) > 256 {
			return f, p + ": too long"
		}
	}
	return f, parseListFilter(q, &f.List)
}

// parseListFilter reads the filters relative to one subprocessor list:
// list, recipient, recipient_country, recipient_kind, outside_eea and
// undeclared.
func parseListFilter(q url.Values, f *store.ListFilter) string {
	for _, p := range []string{"outside_eea", "undeclared"} {
		switch q.Get(p) {
		case "", "0", "1":
		default:
			return p + ": want 1 (or 0, the default: no filter)"
		}
	}
	f.Recipient, f.Country, f.Kind = q.Get("recipient"), q.Get("recipient_country"), q.Get("recipient_kind")
	f.OutsideEEA, f.Undeclared = q.Get("outside_eea") == "1", q.Get("undeclared") == "1"
	id := q.Get("list")
	if id == "" {
		if f.Recipient != "" || f.Country != "" || f.Kind != "" || f.OutsideEEA || f.Undeclared {
			return "recipient, recipient_country, recipient_kind, outside_eea and undeclared are relative to a subprocessor list: give list=DIGEST too"
		}
		return ""
	}
	d, ok := listDigest(id)
	if !ok {
		return "list: want the SHA-256 digest of a subprocessor list (64 lower-case hex digits), or " + unknownList
	}
	f.Set, f.Digest = true, d
	return ""
}

// unknownList names, in paths and parameters, the list of verdicts
// stored before schema version 2 (digest "").
const unknownList = "unknown"

// listID is how paths and parameters name the list with digest d.
func listID(d string) string {
	if d == "" {
		return unknownList
	}
	return d
}

// listDigest is the digest of the list named id, ok=false when id is
// not a list id.
func listDigest(id string) (string, bool) {
	if id == unknownList {
		return "", true
	}
	return id, sha256Re.MatchString(id)
}

func init() {
	funcs["listID"] = listID
	funcs["intOr"] = func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	// listName is a list's path and short digest, for display.
	funcs["listName"] = func(path, digest string) string {
		d := "digest unknown"
		if digest != "" {
			d = digest[:min(len(digest), 12)]
		}
		if path == "" {
			return d
		}
		return path + " (" + d + ")"
	}
}

// appList is the data of /apps and /api/apps.
type appList struct {
	Filter  map[string]string `json:"filter"`
	Page    int               `json:"page"`
	Per     int               `json:"per"`
	Total   int               `json:"total"`
	Capped  bool              `json:"total_capped,omitempty"` // more than Total match (list.go)
	Pages   int               `json:"pages"`
	Apps    []store.AppRow    `json:"apps"`
	Prev    string            `json:"prev,omitempty"` // query string of the previous page
	Next    string            `json:"next,omitempty"` // and of the next
	Builds  bool              `json:"-"`
	Tracker []string          `json:"-"`
	List    store.ListFilter  `json:"-"`
	// ListPath is the path of the list filtered by, "" unknown.
	ListPath string `json:"-"`
}

func (s *server) handleApps(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, bad := parseFilter(q)
	if bad != "" {
		s.fail(w, r, http.StatusBadRequest, bad)
		return
	}
	p, err := s.paging(q)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	rows, total, capped, err := s.listApps(r.Context(), f, p) // list.go
	if err != nil {
		s.internal(w, r, err)
		return
	}
	l := appList{Filter: map[string]string{}, Page: p.Page, Per: p.Per, Total: total, Apps: rows, Builds: f.AllBuilds, Tracker: store.TrackerCategories, List: f.List, Capped: capped}
	l.Pages = (total + p.Per - 1) / p.Per
	link := url.Values{}
	for _, k := range filterParams {
		if v := q.Get(k); v != "" {
			l.Filter[k] = v
			link.Set(k, v)
		}
	}
	if p.Per != s.opts.DefaultPer {
		link.Set("per", itoa(p.Per))
	}
	if p.Page > 1 {
		link.Set("page", itoa(min(p.Page-1, max(l.Pages, 1))))
		l.Prev = link.Encode()
	}
	if p.Page < l.Pages {
		link.Set("page", itoa(p.Page+1))
		l.Next = link.Encode()
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, l)
		return
	}
	if f.List.Set {
		l.ListPath = s.listPath(r.Context(), f.List.Digest)
	}
	s.render(w, r, http.StatusOK, "apps", "Apps", l)
}

// sha256Re is the form of an app id.
var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)

// appPage is the data of /apps/{id} and /api/apps/{id}.
type appPage struct {
	Meta   store.AppMeta   `json:"meta"`
	Report *reports.Report `json:"report"`
	// Verdicts are the stored cross-checks of the build, one per
	// subprocessor list (bulk --subprocessors, apkscan recheck).
	Verdicts []store.AppVerdict `json:"verdicts"`
	// for the HTML page only:
	Undeclared []reports.SubprocessorRecipient `json:"-"`
	SDKNames   map[string]string               `json:"-"`
}

// maxEvidence caps the evidence shown per SDK in HTML (all are in JSON).
const maxEvidence = 25

func (s *server) handleApp(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !sha256Re.MatchString(id) {
		s.fail(w, r, http.StatusNotFound, "no such app (an app id is its SHA-256, 64 lower-case hex digits)")
		return
	}
	meta, rep, ok := s.storedApp(w, r, id, false)
	if !ok {
		return
	}
	verdicts, err := s.st.AppVerdicts(r.Context(), id)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, appPage{Meta: meta, Report: rep, Verdicts: verdicts})
		return
	}
	p := appPage{Meta: meta, Report: rep, Verdicts: verdicts, SDKNames: rep.SDKNames()}
	if rep.Subprocessors != nil {
		p.Undeclared = rep.Subprocessors.Undeclared()
	}
	title := rep.App.Label
	if title == "" {
		title = rep.App.Package
	}
	s.render(w, r, http.StatusOK, "app", title, p)
}

// sdkPage is the data of /sdks/{id}.
type sdkPage struct {
	SDK  *store.SDKSummary `json:"sdk"`
	Apps []store.AppRow    `json:"apps"` // the first apps embedding it
	More bool              `json:"more"` // more apps than listed: see /api/apps?sdk=ID
}

// maxID bounds the ids in paths (sdkdb and vendor ids, "domain:NAME").
const maxID = 200

func (s *server) handleSDK(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" || len(id) > maxID {
		s.fail(w, r, http.StatusNotFound, "no such SDK")
		return
	}
	v, err := s.summaries.get(r.Context(), "sdk:"+id, s.opts.CacheTTL, func(ctx context.Context) (any, error) { return s.sdkPage(ctx, id) })
	if err != nil {
		s.internal(w, r, err)
		return
	}
	p, _ := v.(*sdkPage)
	if p == nil {
		s.fail(w, r, http.StatusNotFound, "no app in the database embeds or sends data to this SDK")
		return
	}
	x := p.SDK
	if isAPI(r) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	title := x.Name
	if title == "" {
		title = x.ID
	}
	s.render(w, r, http.StatusOK, "sdk", title, p)
}

// sdkPage computes the SDK page of id, nil when unknown.
func (s *server) sdkPage(ctx context.Context, id string) (*sdkPage, error) {
	x, ok, err := s.st.SDKSummary(ctx, id, s.opts.Top)
	if err != nil || !ok {
		return nil, err
	}
	rows, more, err := s.st.ListAppsPage(ctx, store.AppFilter{SDK: id}, 0, s.opts.Top)
	if err != nil {
		return nil, err
	}
	return &sdkPage{SDK: x, Apps: rows, More: more}, nil
}

// vendorPage computes the vendor page of id, nil when unknown.
func (s *server) vendorPage(ctx context.Context, id string) (*vendorPage, error) {
	v, ok, err := s.st.VendorSummary(ctx, id, s.opts.Top)
	if err != nil || !ok {
		return nil, err
	}
	rows, more, err := s.st.ListAppsPage(ctx, store.AppFilter{Vendor: id}, 0, s.opts.Top)
	if err != nil {
		return nil, err
	}
	ls, err := s.lists(ctx)
	if err != nil {
		return nil, err
	}
	vl, err := s.st.VendorLists(ctx, id, ls)
	if err != nil {
		return nil, err
	}
	return &vendorPage{Vendor: v, Apps: rows, More: more, Lists: vl}, nil
}

// vendorPage is the data of /vendors/{id}.
type vendorPage struct {
	Vendor *store.VendorSummary `json:"vendor"`
	Apps   []store.AppRow       `json:"apps"`
	More   bool                 `json:"more"`
	// Lists are the verdicts on it of each subprocessor list that found
	// it.
	Lists []store.VendorListCount `json:"subprocessor_lists"`
}

func (s *server) handleVendor(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" || len(id) > maxID {
		s.fail(w, r, http.StatusNotFound, "no such vendor")
		return
	}
	c, err := s.summaries.get(r.Context(), "vendor:"+id, s.opts.CacheTTL, func(ctx context.Context) (any, error) { return s.vendorPage(ctx, id) })
	if err != nil {
		s.internal(w, r, err)
		return
	}
	p, _ := c.(*vendorPage)
	if p == nil {
		s.fail(w, r, http.StatusNotFound, "no app in the database embeds an SDK of this vendor or sends it data")
		return
	}
	v := p.Vendor
	if isAPI(r) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	title := v.Name
	if title == "" {
		title = v.ID
	}
	s.render(w, r, http.StatusOK, "vendor", title, p)
}

// packagePage is the data of /packages/{package}.
type packagePage struct {
	History *store.History `json:"history"`
	Pairs   []pair         `json:"-"`
}

type pair struct {
	V    store.HistoryVersion
	Prev string // sha256 of the build before, "" for the first
}

// maxHistory caps the builds listed for one package.
const maxHistory = 1000

func (s *server) handlePackage(w http.ResponseWriter, r *http.Request) {
	pkg := r.PathValue("package")
	if pkg == "" || len(pkg) > 1024 {
		s.fail(w, r, http.StatusNotFound, "no such package")
		return
	}
	h, err := s.st.History(r.Context(), pkg)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(h.Versions) == 0 {
		s.fail(w, r, http.StatusNotFound, "no build of this package in the database")
		return
	}
	if len(h.Versions) > maxHistory {
		h.Versions = h.Versions[len(h.Versions)-maxHistory:]
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, h)
		return
	}
	p := packagePage{History: h}
	for i, v := range h.Versions {
		pr := pair{V: v}
		if i > 0 {
			pr.Prev = h.Versions[i-1].SHA256
		}
		p.Pairs = append(p.Pairs, pr)
	}
	// Newest first on the page.
	for i, j := 0, len(p.Pairs)-1; i < j; i, j = i+1, j-1 {
		p.Pairs[i], p.Pairs[j] = p.Pairs[j], p.Pairs[i]
	}
	s.render(w, r, http.StatusOK, "package", h.Package, p)
}

// diffPage is the data of /diff.
type diffPage struct {
	A, B store.AppMeta
	Diff *diff.Diff
}

func (s *server) handleDiff(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a, b := q.Get("a"), q.Get("b")
	if !sha256Re.MatchString(a) || !sha256Re.MatchString(b) {
		s.fail(w, r, http.StatusBadRequest, "a and b: want the ids (SHA-256) of two stored builds")
		return
	}
	var metas [2]store.AppMeta
	var reps [2]*reports.Report
	for i, id := range []string{a, b} {
		m, rep, ok := s.storedApp(w, r, id, true)
		if !ok {
			return
		}
		metas[i], reps[i] = m, rep
	}
	d := diff.Compare(reps[0], reps[1])
	if isAPI(r) {
		writeJSON(w, http.StatusOK, d)
		return
	}
	s.render(w, r, http.StatusOK, "diff", "Diff", diffPage{A: metas[0], B: metas[1], Diff: d})
}

func itoa(n int) string { return strconv.Itoa(n) }

// listsPage is the data of /lists and /api/lists.
type listsPage struct {
	Lists    []store.ListStat `json:"lists"`
	Computed string           `json:"computed_at"`
}

// listsPage computes the data of /lists.
func (s *server) listsPage(ctx context.Context) (*listsPage, error) {
	ls, err := s.st.Lists(ctx)
	if err != nil {
		return nil, err
	}
	return &listsPage{Lists: ls, Computed: time.Now().UTC().Format(time.RFC3339)}, nil
}

// handleLists lists the subprocessor lists applied (cached like the
// vendor pages).
func (s *server) handleLists(w http.ResponseWriter, r *http.Request) {
	p, err := s.cachedLists(r.Context())
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	s.render(w, r, http.StatusOK, "lists", "Subprocessor lists", p)
}

// lists returns the subprocessor lists applied (cached).
func (s *server) lists(ctx context.Context) ([]store.ListStat, error) {
	p, err := s.cachedLists(ctx)
	if err != nil {
		return nil, err
	}
	return p.Lists, nil
}

// cachedLists is the data of /lists, cached like the vendor pages.
func (s *server) cachedLists(ctx context.Context) (*listsPage, error) {
	v, err := s.summaries.get(ctx, "lists", s.opts.CacheTTL, func(ctx context.Context) (any, error) { return s.listsPage(ctx) })
	if err != nil {
		return nil, err
	}
	return v.(*listsPage), nil
}

// listPath is the path of the list with digest d, "" when unknown (or on
// an error, logged: it only names the list on a page).
func (s *server) listPath(ctx context.Context, d string) string {
	ls, err := s.lists(ctx)
	if err != nil {
		s.opts.Logf("web: lists: %v", err)
	}
	for _, l := range ls {
		if l.Digest == d {
			return l.List
		}
	}
	return ""
}

// maxListRecipients caps the recipients listed for one list.
const maxListRecipients = 1000

// listPage is the data of /lists/{digest} and /api/lists/{digest}.
type listPage struct {
	*store.ListRecipients
	Groups []recipientGroup `json:"-"`
}

// recipientGroup is the recipients in one country, for the HTML page.
type recipientGroup struct {
	Country string // "" unknown
	InEEA   bool
	// Undeclared counts the recipients undeclared in at least one app.
	Undeclared int
	Recipients []store.RecipientRow
}

// groupRecipients groups rs by country: first the countries outside the
// EU/EEA, then unknown, then the EU/EEA; within each, by the number of
// recipients undeclared somewhere, then of recipients (descending), then
// by country code. Recipients keep their order.
func groupRecipients(rs []store.RecipientRow) []recipientGroup {
	at := map[[2]string]int{}
	var gs []recipientGroup
	for _, x := range rs {
		k := [2]string{x.Country, strconv.FormatBool(x.InEEA)}
		i, ok := at[k]
		if !ok {
			i = len(gs)
			at[k] = i
			gs = append(gs, recipientGroup{Country: x.Country, InEEA: x.InEEA})
		}
		g := &gs[i]
		g.Recipients = append(g.Recipients, x)
		if x.UndeclaredApps != nil && *x.UndeclaredApps > 0 {
			g.Undeclared++
		}
	}
	rank := func(g recipientGroup) int {
		switch {
		case g.InEEA:
			return 2
		case g.Country == "":
			return 1
		}
		return 0
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		switch {
		case rank(a) != rank(b):
			return rank(a) < rank(b)
		case a.Undeclared != b.Undeclared:
			return a.Undeclared > b.Undeclared
		case len(a.Recipients) != len(b.Recipients):
			return len(a.Recipients) > len(b.Recipients)
		}
		return a.Country < b.Country
	})
	return gs
}

// listPage computes the page of the list with digest d, nil when no
// app in scope was checked against it.
func (s *server) listPage(ctx context.Context, d string) (*listPage, error) {
	l, ok, err := s.st.ListRecipients(ctx, d, maxListRecipients)
	if err != nil || !ok {
		return nil, err
	}
	return &listPage{ListRecipients: l, Groups: groupRecipients(l.Recipients)}, nil
}

func (s *server) handleList(w http.ResponseWriter, r *http.Request) {
	d, ok := listDigest(r.PathValue("digest"))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "no such list (a list is named by the SHA-256 of its bytes, 64 lower-case hex digits, or "+unknownList+")")
		return
	}
	v, err := s.summaries.get(r.Context(), "list:"+d, s.opts.CacheTTL, func(ctx context.Context) (any, error) { return s.listPage(ctx, d) })
	if err != nil {
		s.internal(w, r, err)
		return
	}
	p, _ := v.(*listPage)
	if p == nil {
		s.fail(w, r, http.StatusNotFound, "no app in the database was checked against this list")
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, p)
		return
	}
	title := "Subprocessor list " + p.List.List
	if p.List.List == "" {
		title = "Subprocessor list"
	}
	s.render(w, r, http.StatusOK, "list", title, p)
}
