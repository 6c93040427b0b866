package store

// Read queries for browsing a result database (the web UI of 'apkscan
// serve'): filtered, paginated app lists and per-SDK, per-vendor and
// per-app summaries. Every query is bounded (LIMIT) and served by indexes
// (browseSchema), so that it stays fast on hundreds of thousands of apps.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// browseSchema are the indexes and the permissions table the browse
// queries need. They are idempotent (IF NOT EXISTS) and independent of the
// versioned migrations: EnsureBrowseSchema applies them to any database
// of SchemaVersion 1 or later.
var browseSchema = []string{
	"CREATE INDEX IF NOT EXISTS apps_package_sha ON apps (package, version_code, sha256)",
	// Covers the app lists (their order, the name filter and the listed
	// columns) without reading the rows, which hold the reports.
	"CREATE INDEX IF NOT EXISTS apps_list ON apps (package, version_code, sha256, label, version_name, kind, partial, problems, scanned_at)",
	// Cover the per-vendor and per-SDK aggregates.
	"CREATE INDEX IF NOT EXISTS sdks_vendor_cover ON sdks (vendor_id, sdk_id, app_sha256, used, name)",
	"CREATE INDEX IF NOT EXISTS sdks_sdk_cover ON sdks (sdk_id, app_sha256, used)",
	"CREATE INDEX IF NOT EXISTS sdks_country_cover ON sdks (country, app_sha256, vendor_id)",
	"CREATE INDEX IF NOT EXISTS endpoints_host_cover ON endpoints (host, app_sha256, owner)",
	"CREATE INDEX IF NOT EXISTS sdks_country ON sdks (country, app_sha256)",
	"CREATE INDEX IF NOT EXISTS flows_kind ON flows (source_kind, app_sha256)",
	"CREATE INDEX IF NOT EXISTS flows_vendor ON flows (vendor, app_sha256)",
	"CREATE INDEX IF NOT EXISTS flows_sdk_app ON flows (sdk_id, app_sha256)",
	"CREATE INDEX IF NOT EXISTS endpoints_sdk ON endpoints (sdk_id)",
	"CREATE INDEX IF NOT EXISTS endpoints_owner ON endpoints (owner)",
	"CREATE INDEX IF NOT EXISTS subprocessors_vendor ON subprocessors (vendor_id, app_sha256)",
	`CREATE TABLE IF NOT EXISTS app_permissions (
	app_sha256 TEXT NOT NULL,
	permission TEXT NOT NULL,
	PRIMARY KEY (app_sha256, permission)
)`,
	"CREATE INDEX IF NOT EXISTS app_permissions_permission ON app_permissions (permission, app_sha256)",
	// The builds that are not the newest of their package, as of the last
	// SyncBrowse: "NOT IN app_superseded" is one index probe per row.
	"CREATE TABLE IF NOT EXISTS app_superseded (sha256 TEXT PRIMARY KEY)",
	// The builds (sha256, scanned_at) whose permissions are in
	// app_permissions, with their number of tracker SDKs: a rescan changes
	// scanned_at and is indexed again.
	`CREATE TABLE IF NOT EXISTS app_browse (
	app_sha256 TEXT PRIMARY KEY,
	scanned_at TEXT NOT NULL,
	trackers   INTEGER NOT NULL
)`,
	"CREATE INDEX IF NOT EXISTS app_browse_trackers ON app_browse (trackers, app_sha256)",
}

// EnsureBrowseSchema creates the indexes and tables the browse queries
// use, when missing. It is idempotent and cheap when they exist; on a
// large database the first call builds the indexes (seconds).
func (s *Store) EnsureBrowseSchema(ctx context.Context) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
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
		return nil
	})
	browseTables.Delete(s)
	return err
}

// SyncBrowse brings the tables derived for browsing up to date with the
// apps table: app_superseded (the builds that are not the newest of their
// package), and app_permissions for the builds not yet indexed (or
// rescanned since), reading their reports one batch at a time. It returns
// how many builds' permissions it indexed. PutApp does not write these
// tables: call it after EnsureBrowseSchema and after bulk runs (apkscan
// serve does at start and then every minute).
func (s *Store) SyncBrowse(ctx context.Context) (int, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM app_superseded"); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO app_superseded (sha256) "+superseded)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("app_superseded: %w", err)
	}
	total := 0
	for {
		type todo struct {
			sha, at  string
			perms    []string
			trackers int
		}
		var batch []todo
		err := s.rowsArgs(ctx, `SELECT a.sha256, a.scanned_at, a.report FROM apps a
LEFT JOIN app_browse p ON p.app_sha256 = a.sha256
WHERE p.scanned_at IS NULL OR p.scanned_at <> a.scanned_at
ORDER BY a.sha256 LIMIT 500`, nil, func(r *sql.Rows) error {
			var t todo
			var gz []byte
			if err := r.Scan(&t.sha, &t.at, &gz); err != nil {
				return err
			}
			raw, err := gunzip(gz)
			if err != nil {
				return fmt.Errorf("%s: %w", t.sha, err)
			}
			var doc struct {
				App struct {
					Permissions []string `json:"permissions"`
				} `json:"app"`
				SDKs []struct {
					Categories []string `json:"categories"`
				} `json:"sdks"`
			}
			if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&doc); err != nil {
				return fmt.Errorf("%s: %w", t.sha, err)
			}
			t.perms = doc.App.Permissions
			for _, sd := range doc.SDKs {
				if isTracker(sd.Categories) {
					t.trackers++
				}
			}
			batch = append(batch, t)
			return nil
		})
		if err != nil {
			return total, err
		}
		if len(batch) == 0 {
			return total, nil
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			for _, t := range batch {
				if _, err := tx.ExecContext(ctx, s.q("DELETE FROM app_permissions WHERE app_sha256 = ?"), t.sha); err != nil {
					return err
				}
				var rows [][]any
				for _, p := range t.perms {
					rows = append(rows, []any{t.sha, p})
				}
				if err := s.insertRows(ctx, tx, "app_permissions", "app_sha256, permission", rows); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO app_browse (app_sha256, scanned_at, trackers) VALUES (?, ?, ?)
ON CONFLICT (app_sha256) DO UPDATE SET scanned_at = excluded.scanned_at, trackers = excluded.trackers`), t.sha, t.at, t.trackers); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += len(batch)
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
// database evaluates it once per statement (it is not correlated), so
// "x NOT IN (superseded)" is cheaper than a NOT EXISTS probe per row.
const superseded = `SELECT b.sha256 FROM apps b WHERE b.package <> '' AND EXISTS (SELECT 1 FROM apps c WHERE c.package = b.package AND
	(c.version_code > b.version_code OR (c.version_code = b.version_code AND c.sha256 > b.sha256)))`

// browseTables records the stores whose browse tables exist
// (*Store → bool).
var browseTables sync.Map

// browseReady reports whether the database has the browse tables
// (EnsureBrowseSchema ran on it once).
func (s *Store) browseReady() bool {
	ready, ok := browseTables.Load(s)
	if !ok {
		var n int
		err := s.db.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM app_browse WHERE 1 = 0").Scan(&n)
		ready = err == nil
		browseTables.Store(s, ready)
	}
	return ready.(bool)
}

// latest keeps the rows of col's build when it is the newest of its
// package: by the app_superseded table (as of the last SyncBrowse; one
// index probe per row) when the database has it, else by computing the
// superseded builds in the statement.
func (s *Store) latest(col string) string {
	if s.browseReady() {
		return col + " NOT IN (SELECT sha256 FROM app_superseded)"
	}
	return col + " NOT IN (" + superseded + ")"
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

// trackerCond keeps apps with (op "<>") or without (op "=") a tracker
// SDK: by app_browse when SyncBrowse indexed the database, else by
// matching the sdks' categories.
func (s *Store) trackerCond(op string) string {
	if s.browseReady() {
		return "a.sha256 IN (SELECT app_sha256 FROM app_browse WHERE trackers " + op + " 0)"
	}
	var ors []string
	for _, c := range TrackerCategories {
		ors = append(ors, "(',' || t.categories || ',') LIKE '%,"+c+",%'")
	}
	cond := "a.sha256 IN (SELECT t.app_sha256 FROM sdks t WHERE " + strings.Join(ors, " OR ") + ")"
	if op == "=" {
		return "NOT " + cond
	}
	return cond
}

// likeEscape escapes LIKE wildcards (the ESCAPE character is '!').
func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

func (f AppFilter) where(s *Store) (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) {
		conds = append(conds, c)
		args = append(args, a...)
	}
	if !f.AllBuilds {
		add(s.latest("a.sha256"))
	}
	if f.SDK != "" {
		add("a.sha256 IN (SELECT app_sha256 FROM sdks WHERE sdk_id = ?)", f.SDK)
	}
	if f.Vendor != "" {
		add("(a.sha256 IN (SELECT app_sha256 FROM sdks WHERE vendor_id = ?) OR a.sha256 IN (SELECT app_sha256 FROM flows WHERE vendor = ?))", f.Vendor, f.Vendor)
	}
	if f.Country != "" {
		add("a.sha256 IN (SELECT app_sha256 FROM sdks WHERE country = ?)", f.Country)
	}
	if f.Kind != "" {
		add("a.sha256 IN (SELECT app_sha256 FROM flows WHERE source_kind = ?)", f.Kind)
	}
	if f.Sends != "" {
		add("a.sha256 IN (SELECT app_sha256 FROM flows WHERE source_kind = ? AND rule <> 'android-privacy')", f.Sends)
	}
	if f.Permission != "" {
		if s.browseReady() {
			add("a.sha256 IN (SELECT app_sha256 FROM app_permissions WHERE permission = ?)", f.Permission)
		} else {
			add("1 = 0") // permissions not indexed (no EnsureBrowseSchema)
		}
	}
	if f.Text != "" {
		p := "%" + likeEscape(strings.ToLower(f.Text)) + "%"
		add("(LOWER(a.package) LIKE ? ESCAPE '!' OR LOWER(a.label) LIKE ? ESCAPE '!')", p, p)
	}
	switch f.Trackers {
	case "0":
		add(s.trackerCond("="))
	case "1":
		add(s.trackerCond("<>"))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

const appRowCols = `a.sha256, a.package, a.label, a.version_code, a.version_name, a.kind, a.partial, a.problems, a.scanned_at,
	(SELECT COUNT(*) FROM sdks s WHERE s.app_sha256 = a.sha256), (SELECT COUNT(*) FROM flows f WHERE f.app_sha256 = a.sha256)`

func scanAppRow(r *sql.Rows) (AppRow, error) {
	var x AppRow
	err := r.Scan(&x.SHA256, &x.Package, &x.Label, &x.VersionCode, &x.VersionName, &x.Kind, &x.Partial, &x.Problems, &x.ScannedAt, &x.SDKs, &x.Flows)
	return x, err
}

// ListApps returns the apps matching f ordered by package, version code
// and sha256 (a stable order), skipping offset and returning at most
// limit, with the number of all matching apps.
func (s *Store) ListApps(ctx context.Context, f AppFilter, offset, limit int) (rows []AppRow, total int, err error) {
	where, args := f.where(s)
	if err := s.db.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM apps a"+where), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows = []AppRow{}
	if offset >= total || limit <= 0 {
		return rows, total, nil
	}
	q := "SELECT " + appRowCols + " FROM apps a" + where + " ORDER BY a.package, a.version_code, a.sha256 LIMIT ? OFFSET ?"
	err = s.rowsArgs(ctx, q, append(args, limit, offset), func(r *sql.Rows) error {
		x, err := scanAppRow(r)
		rows = append(rows, x)
		return err
	})
	return rows, total, err
}

// ListAppsPage is ListApps without the count: the apps matching f in the
// same order, and whether more follow.
func (s *Store) ListAppsPage(ctx context.Context, f AppFilter, offset, limit int) (rows []AppRow, more bool, err error) {
	where, args := f.where(s)
	rows = []AppRow{}
	q := "SELECT " + appRowCols + " FROM apps a" + where + " ORDER BY a.package, a.version_code, a.sha256 LIMIT ? OFFSET ?"
	err = s.rowsArgs(ctx, q, append(args, limit+1, offset), func(r *sql.Rows) error {
		x, err := scanAppRow(r)
		rows = append(rows, x)
		return err
	})
	if len(rows) > limit {
		rows, more = rows[:limit], true
	}
	return rows, more, err
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
	err = s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.used THEN 1 ELSE 0 END), 0)
FROM sdks s WHERE s.sdk_id = ? AND `+s.latest("s.app_sha256")), id).Scan(&x.Apps, &x.Used)
	if err != nil {
		return nil, false, err
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(DISTINCT f.app_sha256) FROM flows f
WHERE f.sdk_id = ? AND `+s.latest("f.app_sha256")), id).Scan(&x.Sending)
	if err != nil {
		return nil, false, err
	}
	if !name.Valid && x.Sending == 0 {
		return nil, false, nil
	}
	err = s.rowsArgs(ctx, `SELECT f.source_kind, COUNT(*) AS n, COUNT(DISTINCT f.app_sha256) FROM flows f
WHERE f.sdk_id = ? AND `+s.latest("f.app_sha256")+` GROUP BY f.source_kind ORDER BY n DESC, f.source_kind`+limit(top), []any{id}, func(r *sql.Rows) error {
		var k KindApps
		err := r.Scan(&k.Kind, &k.Flows, &k.Apps)
		x.Kinds = append(x.Kinds, k)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	err = s.rowsArgs(ctx, `SELECT e.host, COUNT(DISTINCT e.app_sha256) AS n FROM endpoints e
WHERE e.sdk_id = ? AND e.host <> '' AND `+s.latest("e.app_sha256")+` GROUP BY e.host ORDER BY n DESC, e.host`+limit(top), []any{id}, func(r *sql.Rows) error {
		var h HostApps
		err := r.Scan(&h.Host, &h.Apps)
		x.Hosts = append(x.Hosts, h)
		return err
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
	err := s.rowsArgs(ctx, `SELECT s.sdk_id, MAX(s.name), COUNT(*) AS n, SUM(CASE WHEN s.used THEN 1 ELSE 0 END)
FROM sdks s WHERE s.vendor_id = ? AND `+s.latest("s.app_sha256")+`
GROUP BY s.sdk_id ORDER BY n DESC, s.sdk_id`+limit(top), []any{id}, func(r *sql.Rows) error {
		var x SDKRow
		err := r.Scan(&x.ID, &x.Name, &x.Apps, &x.Used)
		v.SDKs = append(v.SDKs, x)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if err := one(`SELECT COUNT(DISTINCT s.app_sha256) FROM sdks s WHERE s.vendor_id = ? AND `+s.latest("s.app_sha256"), &v.Apps); err != nil {
		return nil, false, err
	}
	if err := one(`SELECT COUNT(DISTINCT f.app_sha256) FROM flows f WHERE f.vendor = ? AND `+s.latest("f.app_sha256"), &v.Sending); err != nil {
		return nil, false, err
	}
	err = s.rowsArgs(ctx, `SELECT f.source_kind, COUNT(*) AS n, COUNT(DISTINCT f.app_sha256) FROM flows f
WHERE f.vendor = ? AND `+s.latest("f.app_sha256")+` GROUP BY f.source_kind ORDER BY n DESC, f.source_kind`+limit(top), []any{id}, func(r *sql.Rows) error {
		var k KindApps
		err := r.Scan(&k.Kind, &k.Flows, &k.Apps)
		v.Kinds = append(v.Kinds, k)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	err = s.db.QueryRowContext(ctx, s.q(`SELECT COALESCE(SUM(CASE WHEN p.declared THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN p.declared THEN 0 ELSE 1 END), 0)
FROM subprocessors p WHERE p.vendor_id = ? AND `+s.latest("p.app_sha256")), id).Scan(&v.Recipient.Declared, &v.Recipient.Undeclared)
	if err != nil {
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

// Crosscheck returns the cross-check summary, rankings capped at top.
func (s *Store) Crosscheck(ctx context.Context, top int) (*Crosscheck, error) {
	c := &Crosscheck{Undeclared: []RecipientStat{}, Countries: []RecipientCountry{}}
	scope := " WHERE " + s.latest("p.app_sha256")
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(DISTINCT p.app_sha256) FROM subprocessors p"+scope).Scan(&c.Apps); err != nil {
		return nil, err
	}
	if c.Apps == 0 {
		return c, nil
	}
	// DISTINCT: an app checked against several lists counts once.
	err := s.rows(ctx, `SELECT p.vendor_id, MAX(p.vendor), MAX(p.country), COUNT(DISTINCT p.app_sha256) AS n FROM subprocessors p`+scope+`
AND NOT p.declared GROUP BY p.vendor_id ORDER BY n DESC, p.vendor_id`+limit(top), func(r *sql.Rows) error {
		var x RecipientStat
		err := r.Scan(&x.VendorID, &x.Vendor, &x.Country, &x.Apps)
		c.Undeclared = append(c.Undeclared, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, `SELECT p.country, COUNT(DISTINCT p.vendor_id), COUNT(DISTINCT p.app_sha256) AS n,
	COUNT(DISTINCT CASE WHEN p.declared THEN NULL ELSE p.app_sha256 END)
FROM subprocessors p`+scope+` GROUP BY p.country ORDER BY n DESC, p.country`+limit(top), func(r *sql.Rows) error {
		var x RecipientCountry
		err := r.Scan(&x.Country, &x.Recipients, &x.Apps, &x.Undeclared)
		c.Countries = append(c.Countries, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// BrowseStats is Stats (latest build of each package, rankings capped at
// top) computed from the browse indexes and app_superseded: the same
// result when SyncBrowse is current, much faster on a large database.
// Without the browse tables it is Stats.
func (s *Store) BrowseStats(ctx context.Context, top int) (*Stats, error) {
	if !s.browseReady() {
		return s.Stats(ctx, StatsOptions{Top: top})
	}
	st := &Stats{Scope: "latest-build-per-package"}
	lat := func(col string) string { return s.latest(col) }
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{"SELECT COUNT(*) FROM apps a WHERE " + lat("a.sha256"), &st.Apps},
		{"SELECT COUNT(*) FROM apps", &st.Builds},
		{"SELECT COUNT(DISTINCT package) FROM apps", &st.Packages},
		{"SELECT COUNT(*) FROM apps INDEXED BY apps_list WHERE partial", &st.Partial},
		{"SELECT COUNT(*) FROM inputs", &st.Inputs},
		{"SELECT COUNT(*) FROM errors", &st.Errors},
		{"SELECT COUNT(*) FROM scans", &st.Runs},
	} {
		q := c.q
		if s.backend == "postgres" {
			q = strings.Replace(q, " INDEXED BY apps_list", "", 1)
		}
		if err := s.db.QueryRowContext(ctx, q).Scan(c.dst); err != nil {
			return nil, err
		}
	}
	share := func(n int) float64 {
		if st.Apps == 0 {
			return 0
		}
		return float64(n) / float64(st.Apps)
	}
	err := s.rows(ctx, "SELECT kind, COUNT(*) FROM errors GROUP BY kind ORDER BY COUNT(*) DESC, kind", func(r *sql.Rows) error {
		var k KindCount
		err := r.Scan(&k.Kind, &k.Count)
		st.ErrorKind = append(st.ErrorKind, k)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, `SELECT s.sdk_id, COUNT(*) AS n, SUM(CASE WHEN s.used THEN 1 ELSE 0 END) FROM sdks s WHERE `+lat("s.app_sha256")+`
GROUP BY s.sdk_id ORDER BY n DESC, s.sdk_id`+limit(top), func(r *sql.Rows) error {
		var x SDKStat
		err := r.Scan(&x.ID, &x.Apps, &x.Used)
		x.Share = share(x.Apps)
		st.SDKs = append(st.SDKs, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range st.SDKs {
		x := &st.SDKs[i]
		err := s.db.QueryRowContext(ctx, s.q("SELECT name, vendor, country FROM sdks WHERE sdk_id = ? ORDER BY app_sha256 DESC LIMIT 1"), x.ID).Scan(&x.Name, &x.Vendor, &x.Country)
		if err != nil {
			return nil, err
		}
	}
	err = s.rows(ctx, `SELECT e.host, COUNT(DISTINCT e.app_sha256) AS n FROM endpoints e
WHERE e.owner NOT IN ('first-party', 'local') AND e.host <> '' AND `+lat("e.app_sha256")+`
GROUP BY e.host ORDER BY n DESC, e.host`+limit(top), func(r *sql.Rows) error {
		var x HostStat
		err := r.Scan(&x.Host, &x.Apps)
		x.Share = share(x.Apps)
		st.Hosts = append(st.Hosts, x)
		return err
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
	err = s.rows(ctx, `SELECT COALESCE(f.sdk_id, ''), f.source_kind, COUNT(*) AS n, COUNT(DISTINCT f.app_sha256) FROM flows f WHERE `+lat("f.app_sha256")+`
GROUP BY COALESCE(f.sdk_id, ''), f.source_kind ORDER BY n DESC, COALESCE(f.sdk_id, ''), f.source_kind`+limit(top), func(r *sql.Rows) error {
		var x FlowStat
		err := r.Scan(&x.SDK, &x.Kind, &x.Flows, &x.Apps)
		st.Flows = append(st.Flows, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, `SELECT s.country, COUNT(DISTINCT s.app_sha256) AS n, COUNT(DISTINCT s.vendor_id) FROM sdks s WHERE `+lat("s.app_sha256")+`
GROUP BY s.country ORDER BY n DESC, s.country`+limit(top), func(r *sql.Rows) error {
		var x CountryStat
		err := r.Scan(&x.Country, &x.Apps, &x.Vendors)
		x.Share = share(x.Apps)
		st.Countries = append(st.Countries, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	cte := "WITH scope AS (SELECT a.sha256 FROM apps a WHERE " + lat("a.sha256") + ") "
	if err := s.recipientStats(ctx, st, cte, StatsOptions{Top: top}); err != nil {
		return nil, err
	}
	st.normalize()
	return st, nil
}
