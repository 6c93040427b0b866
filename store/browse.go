package store

// Read queries for browsing a result database (the web UI of 'apkscan
// serve'): filtered, paginated app lists and per-SDK, per-vendor and
// per-app summaries. They read the derived tables PutApp maintains
// (facets.go): a list is a walk of one index in page order, and the
// counts of the overview, SDK and vendor pages and of single-filter lists
// are counters, so that no page aggregates over all apps.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// browseSchema are indexes of the base tables that the remaining browse
// queries (names, owners, cross-check verdicts) and 'apkscan stats' use.
// They are idempotent (IF NOT EXISTS) and independent of the versioned
// migrations: EnsureBrowseSchema applies them to any database.
var browseSchema = []string{
	"CREATE INDEX IF NOT EXISTS apps_package_sha ON apps (package, version_code, sha256)",
	"CREATE INDEX IF NOT EXISTS sdks_vendor_cover ON sdks (vendor_id, sdk_id, app_sha256, used, name)",
	"CREATE INDEX IF NOT EXISTS sdks_sdk_cover ON sdks (sdk_id, app_sha256, used)",
	"CREATE INDEX IF NOT EXISTS sdks_country_cover ON sdks (country, app_sha256, vendor_id)",
	"CREATE INDEX IF NOT EXISTS endpoints_host_cover ON endpoints (host, app_sha256, owner)",
	"CREATE INDEX IF NOT EXISTS flows_sdk_app ON flows (sdk_id, app_sha256)",
	"CREATE INDEX IF NOT EXISTS subprocessors_vendor ON subprocessors (vendor_id, app_sha256)",
}

// EnsureBrowseSchema creates the indexes of the base tables the browse
// queries use, when missing. It is idempotent and cheap when they exist;
// on a large database the first call builds the indexes (seconds). The
// pages work without them (the derived tables come with the schema), a
// little slower on the SDK and vendor names and the cross-check.
func (s *Store) EnsureBrowseSchema(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.backend == "postgres" {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLockKey); err != nil {
				return fmt.Errorf("migration lock: %w", err)
			}
		}
		for _, stmt := range browseSchema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("browse schema: %w", err)
			}
		}
		return s.ensureListSchema(ctx, tx) // lists.go
	})
}

// SyncBrowse indexes, into the derived tables, the stored builds that
// lack their rows there, and returns how many. PutApp maintains those
// tables and migration 3 fills them from the reports of a database
// written before, so this finds nothing unless rows were written by other
// means than this package; it is cheap (one index probe per build).
func (s *Store) SyncBrowse(ctx context.Context) (int, error) {
	total := 0
	for {
		type todo struct {
			sha     string
			partial bool
			doc     *browseDoc
		}
		var batch []todo
		err := s.rowsArgs(ctx, `SELECT a.sha256, a.partial, a.package, a.label, a.version_code, a.report FROM apps a
WHERE NOT EXISTS (SELECT 1 FROM app_index i WHERE i.sha256 = a.sha256) ORDER BY a.sha256 LIMIT 500`, nil, func(r *sql.Rows) error {
			var t todo
			var gz []byte
			var pkg, label string
			var code int64
			if err := r.Scan(&t.sha, &t.partial, &pkg, &label, &code, &gz); err != nil {
				return err
			}
			t.doc = storedDoc(pkg, label, code, gz)
			batch = append(batch, t)
			return nil
		})
		if err != nil || len(batch) == 0 {
			return total, err
		}
		for _, t := range batch { // one transaction per build, as PutApp
			err := s.tx(ctx, func(tx *sql.Tx) error { return s.putBrowse(ctx, tx, t.sha, t.doc, t.partial) })
			if err != nil {
				return total, err
			}
			total++
		}
	}
}

// TrackerCategories are the sdkdb categories that make an SDK a tracker
// for AppFilter.Trackers (Exodus Privacy's sense: code that collects data
// about the user or their use of the app).
var TrackerCategories = []string{"advertisement", "analytics", "attribution", "crash-reporting", "identification", "location", "profiling"}

// AppFilter selects apps; the conditions set are combined with AND.
type AppFilter struct {
	SDK        string // embeds this SDK id
	Vendor     string // embeds an SDK of this vendor id, or sends it data
	Country    string // embeds an SDK whose vendor is in this country
	Kind       string // has a flow of this source kind (any rule)
	Sends      string // sends this data kind to a third party (an SDK or third-party host)
	Permission string // requests this permission (needs SyncPermissions)
	Text       string // package or label contains this, case-insensitively
	// Trackers: "0" apps embedding no tracker SDK, "1" at least one, ""
	// either.
	Trackers string
	// AllBuilds lists every stored build; by default only the newest
	// build of each package (as Stats counts).
	AllBuilds bool
	// List keeps apps by the verdicts of one subprocessor list (lists.go).
	List ListFilter
}

// AppRow is one app in a list.
type AppRow struct {
	SHA256      string `json:"sha256"`
	Package     string `json:"package"`
	Label       string `json:"label"`
	VersionCode int64  `json:"version_code"`
	VersionName string `json:"version_name"`
	Kind        string `json:"kind"`
	Partial     bool   `json:"partial"`
	Problems    int    `json:"problems"`
	ScannedAt   string `json:"scanned_at"`
	SDKs        int    `json:"sdks"`
	Flows       int    `json:"flows"`
}

// superseded selects the builds that are not the newest of their package
// (a newer version code, or the same with a greater sha256, exists), as
// scopeCTE does. It reads only the apps_package_sha index, and the

// latest keeps the rows of col's build when it is the newest of its
// package (the superseded builds are a small set, computed once per
// statement).
func (s *Store) latest(col string) string {
	return col + " NOT IN (SELECT sha256 FROM app_index WHERE latest = FALSE)"
}

func isTracker(categories []string) bool {
	for _, c := range categories {
		for _, t := range TrackerCategories {
			if c == t {
				return true
			}
		}
	}
	return false
}

// likeEscape escapes LIKE wildcards (the ESCAPE character is '!').
func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

const appRowCols = `a.sha256, a.package, a.label, a.version_code, a.version_name, a.kind, a.partial, a.problems, a.scanned_at,
	(SELECT COUNT(*) FROM sdks s WHERE s.app_sha256 = a.sha256), (SELECT COUNT(*) FROM flows f WHERE f.app_sha256 = a.sha256)`

func scanAppRow(r *sql.Rows) (AppRow, error) {
	var x AppRow
	err := r.Scan(&x.SHA256, &x.Package, &x.Label, &x.VersionCode, &x.VersionName, &x.Kind, &x.Partial, &x.Problems, &x.ScannedAt, &x.SDKs, &x.Flows)
	return x, err
}

// listQuery is how ListApps reads a filter: a driver (app_index for no
// facet filter, else the app_facets rows of the facet with the fewest
// builds) walked in page order, the other facets and the name checked per
// row by primary-key probes.
type listQuery struct {
	from  string // "… d WHERE …": d has sha256, package, version_code
	args  []any
	total int  // when known from a counter, else -1
	empty bool // a facet no build has: nothing matches
}

// filterFacet is a facet row (sub "" but for the list filter) a list
// walks or probes; a driverOnly one matches a superset of its filter and
// is only walked (the filter is checked by its own conditions).
type filterFacet struct {
	facet, value, sub string
	driverOnly        bool
}

func (f AppFilter) facets() []filterFacet {
	var out []filterFacet
	for _, x := range []filterFacet{
		{facet: facetSDK, value: f.SDK}, {facet: facetVendor, value: f.Vendor}, {facet: facetCountry, value: f.Country},
		{facet: facetKind, value: f.Kind}, {facet: facetSends, value: f.Sends}, {facet: facetPermission, value: f.Permission},
		{facet: facetTrackers, value: f.Trackers},
	} {
		if x.value != "" {
			out = append(out, x)
		}
	}
	return out
}

// counter returns the apps (newest builds), builds and weight of a facet.
func (s *Store) counter(ctx context.Context, facet, value, sub string) (apps, builds, n int, err error) {
	err = s.db.QueryRowContext(ctx, s.q("SELECT apps, builds, n FROM facet_counts WHERE facet = ? AND value = ? AND sub = ?"),
		s.text([]any{facet, value, sub})...).Scan(&apps, &builds, &n)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return
}

func (s *Store) plan(ctx context.Context, f AppFilter) (listQuery, error) {
	q := listQuery{total: -1}
	facets := f.facets()
	listFacets, listExact := f.List.facets(s.textOf) // lists.go
	facets = append(facets, listFacets...)
	pick := func(apps, builds int) int {
		if f.AllBuilds {
			return builds
		}
		return apps
	}
	best, bestN := -1, 0
	for i, x := range facets {
		apps, builds, _, err := s.counter(ctx, x.facet, x.value, x.sub)
		if err != nil {
			return q, err
		}
		if n := pick(apps, builds); n == 0 {
			q.empty, q.total = true, 0
			return q, nil
		} else if best < 0 || n < bestN {
			best, bestN = i, n
		}
	}
	var conds []string
	add := func(c string, a ...any) {
		conds = append(conds, c)
		q.args = append(q.args, a...)
	}
	if best < 0 {
		q.from = "app_index d"
		if !f.AllBuilds {
			add("d.latest = TRUE")
		}
		if f.Text == "" {
			apps, builds, _, err := s.counter(ctx, facetAll, "", "")
			if err != nil {
				return q, err
			}
			q.total = pick(apps, builds)
		}
	} else {
		q.from = "app_facets d"
		add("d.facet = ? AND d.value = ? AND d.sub = ?", facets[best].facet, facets[best].value, facets[best].sub)
		if !f.AllBuilds {
			add("d.latest = TRUE")
		}
		for i, x := range facets {
			if i != best && !x.driverOnly {
				add("EXISTS (SELECT 1 FROM app_facets y WHERE y.sha256 = d.sha256 AND y.facet = ? AND y.value = ? AND y.sub = ?)", x.facet, x.value, x.sub)
			}
		}
		if len(facets) == 1 && f.Text == "" {
			q.total = bestN
		}
	}
	if !listExact {
		f.List.conds("d.sha256", s.backend, add) // lists.go
		q.total = -1
	}
	if f.Text != "" {
		p := "%" + likeEscape(strings.ToLower(f.Text)) + "%"
		cond := "(i.lpackage LIKE ? ESCAPE '!' OR i.llabel LIKE ? ESCAPE '!')"
		if best < 0 {
			add(strings.ReplaceAll(cond, "i.", "d."), p, p)
		} else {
			add("EXISTS (SELECT 1 FROM app_index i WHERE i.sha256 = d.sha256 AND "+cond+")", p, p)
		}
	}
	if len(conds) > 0 {
		q.from += " WHERE " + strings.Join(conds, " AND ")
	}
	q.args = s.text(q.args)
	return q, nil
}

// page returns limit rows of q from offset, in page order. Past the middle
// of a list of known length it walks the index from the end, so that the
// last pages cost as little as the first.
func (s *Store) page(ctx context.Context, q listQuery, offset, limit int) ([]AppRow, error) {
	rows := []AppRow{}
	if q.empty || limit <= 0 {
		return rows, nil
	}
	dir := ""
	if q.total >= 0 && offset > q.total/2 {
		if offset >= q.total {
			return rows, nil
		}
		dir = " DESC"
		from := q.total - offset - limit
		if from < 0 {
			limit += from
			from = 0
		}
		offset = from
	}
	order := "d.package" + dir + ", d.version_code" + dir + ", d.sha256" + dir
	stmt := "SELECT " + appRowCols + " FROM (SELECT d.sha256 AS k_sha, d.package AS k_pkg, d.version_code AS k_code FROM " + q.from +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) k JOIN apps a ON a.sha256 = k.k_sha ORDER BY k.k_pkg, k.k_code, k.k_sha"
	err := s.rowsArgs(ctx, stmt, append(append([]any{}, q.args...), limit, offset), func(r *sql.Rows) error {
		x, err := scanAppRow(r)
		rows = append(rows, x)
		return err
	})
	return rows, err
}

// ListApps returns the apps matching f ordered by package, version code
// and sha256 (a stable order), skipping offset and returning at most
// limit, with the number of all matching apps (ListAppsCapped without a
// cap).
func (s *Store) ListApps(ctx context.Context, f AppFilter, offset, limit int) (rows []AppRow, total int, err error) {
	rows, total, _, err = s.ListAppsCapped(ctx, f, offset, limit, 0)
	return rows, total, err
}

// ListAppsCapped is ListApps counting at most maxCount matches (0: no
// cap). The number is a counter for no filter or one facet filter (SDK,
// vendor, country, kind, sends, permission, trackers), exact and free.
// Otherwise the matches are counted by walking the rows of the rarest
// facet filtered (or all newest builds, for the name alone) and checking
// the others: capped is set when more than maxCount match, total is then
// maxCount and the apps past it are not listed (offset >= maxCount gives
// none), so that no request walks more than about maxCount matches.
func (s *Store) ListAppsCapped(ctx context.Context, f AppFilter, offset, limit, maxCount int) (rows []AppRow, total int, capped bool, err error) {
	q, err := s.plan(ctx, f)
	if err != nil {
		return nil, 0, false, err
	}
	if q.total < 0 {
		stmt, args := "SELECT COUNT(*) FROM "+q.from, q.args
		if maxCount > 0 {
			stmt = "SELECT COUNT(*) FROM (SELECT 1 AS one FROM " + q.from + " LIMIT ?) t"
			args = append(append([]any{}, q.args...), maxCount+1)
		}
		if err := s.db.QueryRowContext(ctx, s.q(stmt), args...).Scan(&q.total); err != nil {
			return nil, 0, false, err
		}
		if maxCount > 0 && q.total > maxCount {
			q.total, capped = maxCount, true
		}
	}
	if offset >= q.total {
		return []AppRow{}, q.total, capped, nil
	}
	total = q.total
	if capped { // the first maxCount only, walked forward
		limit = min(limit, total-offset)
		q.total = -1
	}
	rows, err = s.page(ctx, q, offset, limit)
	return rows, total, capped, err
}

// ListAppsPage is ListApps without the count: the apps matching f in the
// same order, and whether more follow.
func (s *Store) ListAppsPage(ctx context.Context, f AppFilter, offset, limit int) (rows []AppRow, more bool, err error) {
	q, err := s.plan(ctx, f)
	if err != nil {
		return nil, false, err
	}
	q.total = -1 // forward walk
	rows, err = s.page(ctx, q, offset, limit+1)
	if len(rows) > limit {
		rows, more = rows[:limit], true
	}
	return rows, more, err
}

// ranking calls each for the counters of facet (and value, unless
// anyValue) with apps > 0, by apps or weight (byN) descending, then key,
// at most top.
func (s *Store) ranking(ctx context.Context, facet, value string, anyValue, byN bool, top int, each func(value, sub string, apps, n int)) error {
	by := "apps"
	if byN {
		by = "n"
	}
	cond, args := "facet = ? AND value = ?", []any{facet, value}
	if anyValue {
		cond, args = "facet = ?", []any{facet}
	}
	return s.rowsArgs(ctx, "SELECT value, sub, apps, n FROM facet_counts WHERE "+cond+" AND apps > 0 ORDER BY "+by+" DESC, value, sub"+limit(top),
		s.text(args), func(r *sql.Rows) error {
			var v, sub string
			var apps, n int
			err := r.Scan(&v, &sub, &apps, &n)
			each(v, sub, apps, n)
			return err
		})
}

// AppMeta is what the apps row says about a stored build beyond its
// report.
type AppMeta struct {
	AppRow
	Path        string `json:"path"`
	Signer      string `json:"signer_sha256"`
	ToolVersion string `json:"tool_version"`
	SDKDBDigest string `json:"sdkdb_digest"`
	ScanID      int64  `json:"scan_id"`
	// Builds is the number of stored builds of the package.
	Builds int `json:"builds"`
}

// AppMeta returns the apps row of the build sha256, ok=false when it is
// not stored.
func (s *Store) AppMeta(ctx context.Context, sha256 string) (m AppMeta, ok bool, err error) {
	found := false
	err = s.rowsArgs(ctx, "SELECT "+appRowCols+`, a.path, a.signer_sha256, a.tool_version, a.sdkdb_digest, a.scan_id,
	(SELECT COUNT(*) FROM apps c WHERE c.package = a.package)
FROM apps a WHERE a.sha256 = ?`, []any{sha256}, func(r *sql.Rows) error {
		found = true
		x := &m.AppRow
		return r.Scan(&x.SHA256, &x.Package, &x.Label, &x.VersionCode, &x.VersionName, &x.Kind, &x.Partial, &x.Problems, &x.ScannedAt, &x.SDKs, &x.Flows,
			&m.Path, &m.Signer, &m.ToolVersion, &m.SDKDBDigest, &m.ScanID, &m.Builds)
	})
	return m, found && err == nil, err
}

// KindApps counts flows and apps per data kind.
type KindApps struct {
	Kind  string `json:"kind"`
	Flows int    `json:"flows"`
	Apps  int    `json:"apps"`
}

// HostApps counts apps per host.
type HostApps struct {
	Host string `json:"host"`
	Apps int    `json:"apps"`
}

// SDKRow is an SDK with the number of apps embedding it.
type SDKRow struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Apps int    `json:"apps"`
	Used int    `json:"used"`
}

// SDKSummary is what the store knows about one SDK over the newest build
// of each package.
type SDKSummary struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	VendorID   string     `json:"vendor_id"`
	Vendor     string     `json:"vendor"`
	Country    string     `json:"country"`
	Categories []string   `json:"categories"`
	Apps       int        `json:"apps"`         // apps embedding it
	Used       int        `json:"used"`         // apps whose code calls it
	Sending    int        `json:"sending_apps"` // apps with a flow to it
	Kinds      []KindApps `json:"data_kinds"`   // what those flows carry
	Hosts      []HostApps `json:"hosts"`        // hosts attributed to it
}

// SDKSummary returns the summary of SDK id, ok=false when no stored app
// embeds it or sends it data. Rankings are capped at top.
func (s *Store) SDKSummary(ctx context.Context, id string, top int) (*SDKSummary, bool, error) {
	x := &SDKSummary{ID: id, Categories: []string{}, Kinds: []KindApps{}, Hosts: []HostApps{}}
	var cats sql.NullString
	var name, vendorID, vendor, country sql.NullString
	// One row: the sdkdb names an SDK the same way in every report of
	// one sdkdb version (MAX over all rows would read them all).
	err := s.db.QueryRowContext(ctx, s.q(`SELECT name, vendor_id, vendor, country, categories FROM sdks WHERE sdk_id = ? ORDER BY app_sha256 DESC LIMIT 1`), id).
		Scan(&name, &vendorID, &vendor, &country, &cats)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
	}
	x.Name, x.VendorID, x.Vendor, x.Country = name.String, vendorID.String, vendor.String, country.String
	if cats.String != "" {
		x.Categories = strings.Split(cats.String, ",")
	}
	if x.Apps, _, _, err = s.counter(ctx, facetSDK, id, ""); err != nil {
		return nil, false, err
	}
	if x.Used, _, _, err = s.counter(ctx, facetSDKUsed, id, ""); err != nil {
		return nil, false, err
	}
	if x.Sending, _, _, err = s.counter(ctx, facetSDKSending, id, ""); err != nil {
		return nil, false, err
	}
	if !name.Valid && x.Sending == 0 {
		return nil, false, nil
	}
	err = s.ranking(ctx, facetFlow, id, false, true, top, func(_, kind string, apps, n int) {
		x.Kinds = append(x.Kinds, KindApps{Kind: kind, Flows: n, Apps: apps})
	})
	if err != nil {
		return nil, false, err
	}
	err = s.ranking(ctx, facetSDKHost, id, false, false, top, func(_, host string, apps, _ int) {
		x.Hosts = append(x.Hosts, HostApps{Host: host, Apps: apps})
	})
	if err != nil {
		return nil, false, err
	}
	return x, true, nil
}

// RecipientCount is a cross-check verdict count for one vendor.
type RecipientCount struct {
	Declared   int `json:"declared_apps"`
	Undeclared int `json:"undeclared_apps"`
}

// VendorSummary is what the store knows about one vendor over the newest
// build of each package.
type VendorSummary struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Country string     `json:"country"`
	SDKs    []SDKRow   `json:"sdks"`
	Apps    int        `json:"apps"`         // apps embedding one of its SDKs
	Sending int        `json:"sending_apps"` // apps with a flow to it
	Kinds   []KindApps `json:"data_kinds"`
	// Recipient counts the cross-check verdicts naming it (apps with a
	// subprocessor list).
	Recipient RecipientCount `json:"subprocessor_verdicts"`
}

// VendorSummary returns the summary of vendor id (an sdkdb vendor id, or
// "domain:NAME" for a recipient no vendor claims), ok=false when the
// store never mentions it.
func (s *Store) VendorSummary(ctx context.Context, id string, top int) (*VendorSummary, bool, error) {
	v := &VendorSummary{ID: id, SDKs: []SDKRow{}, Kinds: []KindApps{}}
	var name, country sql.NullString
	one := func(q string, dst ...any) error {
		err := s.db.QueryRowContext(ctx, s.q(q), id).Scan(dst...)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	}
	if err := one("SELECT vendor, country FROM sdks WHERE vendor_id = ? LIMIT 1", &name, &country); err != nil {
		return nil, false, err
	}
	if !name.Valid {
		if err := one("SELECT vendor, country FROM subprocessors WHERE vendor_id = ? LIMIT 1", &name, &country); err != nil {
			return nil, false, err
		}
	}
	v.Name, v.Country = name.String, country.String
	err := s.ranking(ctx, facetVendorSDK, id, false, false, top, func(_, sdk string, apps, _ int) {
		v.SDKs = append(v.SDKs, SDKRow{ID: sdk, Apps: apps})
	})
	if err != nil {
		return nil, false, err
	}
	for i := range v.SDKs {
		x := &v.SDKs[i]
		var err error
		if x.Used, _, _, err = s.counter(ctx, facetVendorUsed, id, x.ID); err != nil {
			return nil, false, err
		}
		err = s.db.QueryRowContext(ctx, s.q("SELECT name FROM sdks WHERE sdk_id = ? AND vendor_id = ? LIMIT 1"), x.ID, id).Scan(&x.Name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, false, err
		}
	}
	if v.Apps, _, _, err = s.counter(ctx, facetVendorEmbeds, id, ""); err != nil {
		return nil, false, err
	}
	if v.Sending, _, _, err = s.counter(ctx, facetVendorSends, id, ""); err != nil {
		return nil, false, err
	}
	err = s.ranking(ctx, facetVendorKind, id, false, true, top, func(_, kind string, apps, n int) {
		v.Kinds = append(v.Kinds, KindApps{Kind: kind, Flows: n, Apps: apps})
	})
	if err != nil {
		return nil, false, err
	}
	if _, _, v.Recipient.Declared, err = s.counter(ctx, facetCCVendor, id, "declared"); err != nil {
		return nil, false, err
	}
	if _, _, v.Recipient.Undeclared, err = s.counter(ctx, facetCCVendor, id, "undeclared"); err != nil {
		return nil, false, err
	}
	if !name.Valid && v.Sending == 0 {
		return nil, false, nil
	}
	return v, true, nil
}

// RecipientStat counts the apps in which a cross-check found a recipient
// undeclared.
type RecipientStat struct {
	VendorID string `json:"vendor_id"`
	Vendor   string `json:"vendor"`
	Country  string `json:"country"`
	Apps     int    `json:"apps"`
}

// RecipientCountry counts cross-check recipients per country.
type RecipientCountry struct {
	Country    string `json:"country"`
	Recipients int    `json:"recipients"`
	Apps       int    `json:"apps"`
	Undeclared int    `json:"undeclared_apps"`
}

// Crosscheck summarises the cross-check verdicts stored (reports made with
// a subprocessor list), over the newest build of each package.
type Crosscheck struct {
	Apps       int                `json:"apps"` // apps with a cross-check
	Undeclared []RecipientStat    `json:"undeclared"`
	Countries  []RecipientCountry `json:"countries"`
}

// Crosscheck returns the cross-check summary, rankings capped at top,
// from the verdict counters. A recipient's name and country are those of
// one of its undeclared verdicts (the greatest of the first 1000).
func (s *Store) Crosscheck(ctx context.Context, top int) (*Crosscheck, error) {
	c := &Crosscheck{Undeclared: []RecipientStat{}, Countries: []RecipientCountry{}}
	var err error
	if c.Apps, _, _, err = s.counter(ctx, facetCC, "", ""); err != nil {
		return nil, err
	}
	if c.Apps == 0 {
		return c, nil
	}
	err = s.rowsArgs(ctx, "SELECT value, apps FROM facet_counts WHERE facet = ? AND sub = 'undeclared' AND apps > 0 ORDER BY apps DESC, value"+limit(top),
		[]any{facetCCVendor}, func(r *sql.Rows) error {
			var x RecipientStat
			err := r.Scan(&x.VendorID, &x.Apps)
			c.Undeclared = append(c.Undeclared, x)
			return err
		})
	if err != nil {
		return nil, err
	}
	for i := range c.Undeclared {
		x := &c.Undeclared[i]
		err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(vendor), MAX(country) FROM (SELECT vendor, country FROM subprocessors
WHERE vendor_id = ? AND NOT declared LIMIT 1000) t`), x.VendorID).Scan(&x.Vendor, &x.Country)
		if err != nil {
			return nil, err
		}
	}
	err = s.ranking(ctx, facetCCCountry, "", true, false, top, func(country, _ string, apps, _ int) {
		c.Countries = append(c.Countries, RecipientCountry{Country: country, Apps: apps})
	})
	if err != nil {
		return nil, err
	}
	for i := range c.Countries {
		x := &c.Countries[i]
		err := s.db.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0"), s.text([]any{facetCCCountryVend, x.Country})...).Scan(&x.Recipients)
		if err != nil {
			return nil, err
		}
		if x.Undeclared, _, _, err = s.counter(ctx, facetCCCountryUndec, x.Country, ""); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// BrowseStats is Stats (latest build of each package, rankings capped at
// top) computed from the counters of the derived tables: the same result,
// without aggregating over the apps.
func (s *Store) BrowseStats(ctx context.Context, top int) (*Stats, error) {
	st := &Stats{Scope: "latest-build-per-package"}
	var err error
	if st.Apps, st.Builds, _, err = s.counter(ctx, facetAll, "", ""); err != nil {
		return nil, err
	}
	if _, st.Partial, _, err = s.counter(ctx, facetPartial, "", ""); err != nil {
		return nil, err
	}
	// Every package has one newest build, and every build without a
	// package counts as newest: COUNT(DISTINCT package).
	var unnamed int
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{"SELECT COUNT(*) FROM app_index WHERE package = ''", &unnamed},
		{"SELECT COUNT(*) FROM inputs", &st.Inputs},
		{"SELECT COUNT(*) FROM errors", &st.Errors},
		{"SELECT COUNT(*) FROM scans", &st.Runs},
	} {
		if err := s.db.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil {
			return nil, err
		}
	}
	st.Packages = st.Apps - unnamed
	if unnamed > 0 {
		st.Packages++
	}
	share := func(n int) float64 {
		if st.Apps == 0 {
			return 0
		}
		return float64(n) / float64(st.Apps)
	}
	err = s.rows(ctx, "SELECT kind, COUNT(*) FROM errors GROUP BY kind ORDER BY COUNT(*) DESC, kind", func(r *sql.Rows) error {
		var k KindCount
		err := r.Scan(&k.Kind, &k.Count)
		st.ErrorKind = append(st.ErrorKind, k)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = s.ranking(ctx, facetSDK, "", true, false, top, func(id, _ string, apps, _ int) {
		st.SDKs = append(st.SDKs, SDKStat{ID: id, Apps: apps, Share: share(apps)})
	})
	if err != nil {
		return nil, err
	}
	for i := range st.SDKs {
		x := &st.SDKs[i]
		if x.Used, _, _, err = s.counter(ctx, facetSDKUsed, x.ID, ""); err != nil {
			return nil, err
		}
		err := s.db.QueryRowContext(ctx, s.q("SELECT name, vendor, country FROM sdks WHERE sdk_id = ? ORDER BY app_sha256 DESC LIMIT 1"), x.ID).Scan(&x.Name, &x.Vendor, &x.Country)
		if err != nil {
			return nil, err
		}
	}
	err = s.ranking(ctx, facetHost, "", true, false, top, func(host, _ string, apps, _ int) {
		st.Hosts = append(st.Hosts, HostStat{Host: host, Apps: apps, Share: share(apps)})
	})
	if err != nil {
		return nil, err
	}
	for i := range st.Hosts {
		x := &st.Hosts[i]
		err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(owner), MAX(owner_name), COALESCE(MAX(sdk_id), '') FROM (SELECT owner, owner_name, sdk_id FROM endpoints
WHERE host = ? AND owner NOT IN ('first-party', 'local') LIMIT 1000) t`), x.Host).Scan(&x.Owner, &x.OwnerName, &x.SDK)
		if err != nil {
			return nil, err
		}
	}
	err = s.ranking(ctx, facetFlow, "", true, true, top, func(sdk, kind string, apps, n int) {
		st.Flows = append(st.Flows, FlowStat{SDK: sdk, Kind: kind, Flows: n, Apps: apps})
	})
	if err != nil {
		return nil, err
	}
	err = s.ranking(ctx, facetCountry, "", true, false, top, func(country, _ string, apps, _ int) {
		st.Countries = append(st.Countries, CountryStat{Country: country, Apps: apps, Share: share(apps)})
	})
	if err != nil {
		return nil, err
	}
	for i := range st.Countries {
		x := &st.Countries[i]
		err := s.db.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0"), s.text([]any{facetCountryVend, x.Country})...).Scan(&x.Vendors)
		if err != nil {
			return nil, err
		}
	}
	cte := "WITH scope AS (SELECT sha256 FROM app_index WHERE latest = TRUE) "
	if err := s.browseRecipientStats(ctx, st, cte, top); err != nil { // recipients.go
		return nil, err
	}
	st.normalize()
	return st, nil
}
