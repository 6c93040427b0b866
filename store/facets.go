package store

// Derived data for browsing, maintained at write time (schema version 3;
// the per-list verdict facets since version 4):
//
//   - app_index: one row per stored build, with whether it is the newest
//     build of its package (latest) and its package and label in lower
//     case (the name filter);
//   - app_facets: one row per build and facet it has (an SDK it embeds, a
//     vendor, a country, a permission, a data kind it sends …), carrying
//     the build's sort key and latest flag, so that a filtered list is a
//     walk of one index in page order;
//   - facet_counts: per facet, how many newest builds (apps) and how many
//     builds have it, and the sum of its weight n over the newest builds
//     (e.g. flows): the overview, SDK and vendor pages and the count of a
//     single-filter list read these counters instead of aggregating.
//
// PutApp updates the three tables in its transaction: it removes the
// build's earlier contribution (a rescan), adds the new one, and moves the
// latest flag (and the counters' apps) when the newest build of the
// package changes. Migration 3 fills them from the stored reports
// (backfillBrowse), which is also the from-scratch recount the tests
// compare the incremental counters with.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Facet names (app_facets.facet, facet_counts.facet). The list filters use
// the ones with an empty sub; the others feed the aggregate pages.
const (
	facetAll          = ""                // every build (value "")
	facetSDK          = "sdk"             // embeds SDK value
	facetSDKUsed      = "sdk-used"        // embeds SDK value and its code calls it
	facetSDKSending   = "sdk-sending"     // has a flow to SDK value
	facetSDKHost      = "sdk-host"        // SDK value, host sub attributed to it
	facetVendor       = "vendor"          // embeds an SDK of vendor value, or sends it data
	facetVendorEmbeds = "vendor-embeds"   // embeds an SDK of vendor value
	facetVendorSends  = "vendor-sends"    // has a flow to vendor value
	facetVendorKind   = "vendor-kind"     // flows of kind sub to vendor value (n = flows)
	facetVendorSDK    = "vendor-sdk"      // embeds SDK sub of vendor value
	facetVendorUsed   = "vendor-sdk-used" // … and calls it
	facetCountry      = "country"         // embeds an SDK whose vendor is in country value
	facetCountryVend  = "country-vendor"  // … of vendor sub
	facetKind         = "kind"            // has a flow of source kind value
	facetSends        = "sends"           // sends kind value to a third party (rule other than android-privacy)
	facetFlow         = "flow"            // flows to SDK value ("" none) of kind sub (n = flows)
	facetPermission   = "permission"      // requests permission value
	facetTrackers     = "trackers"        // value "0" no tracker SDK, "1" at least one
	facetHost         = "host"            // third-party host value (owner neither first-party nor local)
	facetPartial      = "partial"         // the report lists error problems (value "")

	// From the cross-check verdicts (the subprocessors rows of a build,
	// of any list): PutApp and PutVerdicts refresh them. They all start
	// with "cc".
	facetCC             = "cc"         // a cross-check found a recipient (value "")
	facetCCVendor       = "cc-vendor"  // recipient value, sub "declared"/"undeclared" (n = verdicts)
	facetCCCountry      = "cc-country" // a recipient in country value
	facetCCCountryVend  = "cc-country-vendor"
	facetCCCountryUndec = "cc-country-undeclared" // an undeclared recipient in country value

	// Per subprocessor list (schema version 4; lists.go): value is the
	// list digest, or listKey(digest, recipient vendor id).
	facetCCList        = "cc-list"            // the list was applied (a subprocessor_checks row)
	facetCCListUndec   = "cc-list-undeclared" // … and found an undeclared recipient
	facetCCListPath    = "cc-list-path"       // … given as path sub
	facetCCListVendor  = "cc-list-vendor"     // … found recipient sub (n = 1 when undeclared)
	facetCCListName    = "cc-list-name"       // listKey: the recipient's name sub
	facetCCListEntity  = "cc-list-entity"     // listKey: its legal entity sub
	facetCCListCountry = "cc-list-country"    // listKey: its country sub
	facetCCListEEA     = "cc-list-eea"        // listKey: it is in the EU/EEA
	facetCCListKind    = "cc-list-kind"       // listKey: it receives data kind sub
	facetCCListSDK     = "cc-list-sdk"        // listKey: through SDK sub
	// The list filter (ListFilter): value listKey(digest, dim, dimValue)
	// with dim "" (any recipient), "recipient", "country" or "kind", sub
	// the conditions the recipient meets ("", "undeclared", "outside-eea"
	// or "undeclared outside-eea"; one row for each that holds).
	facetCCListFilter = "cc-list-filter"
)

// ccFacetNames are the facets computed from the cross-check verdicts.
var ccFacetNames = []string{facetCC, facetCCVendor, facetCCCountry, facetCCCountryVend, facetCCCountryUndec,
	facetCCList, facetCCListUndec, facetCCListPath, facetCCListVendor, facetCCListName, facetCCListEntity, facetCCListCountry,
	facetCCListEEA, facetCCListKind, facetCCListSDK, facetCCListFilter}

// ccFacets selects the verdict facets of app_facets.
var ccFacets = "facet IN ('" + strings.Join(ccFacetNames, "', '") + "')"

// listKey joins parts into one facet value, each prefixed by its length
// in bytes (unambiguous for any strings).
func listKey(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// listFilterSubs are the sub values of facetCCListFilter a recipient row
// has.
func listFilterSubs(undeclared, outside bool) []string {
	subs := []string{""}
	if undeclared {
		subs = append(subs, "undeclared")
	}
	if outside {
		subs = append(subs, "outside-eea")
	}
	if undeclared && outside {
		subs = append(subs, "undeclared outside-eea")
	}
	return subs
}

// maxFacetKey bounds value+sub of a facet row (a hostile APK's strings
// may be long; a PostgreSQL index entry is at most about 2,700 bytes).
// Longer values are neither filtered nor counted. The web filters accept
// values of at most 256 bytes.
const maxFacetKey = 1000

// maxNameKey bounds the lower-case package and label of app_index (an
// index of PostgreSQL holds them; a hostile label may be long): the name
// filter accepts at most 256 bytes, so a match can only be missed in a
// name longer than this.
const maxNameKey = 512

// nameKey is the lower-case form of a package or label the name filter
// searches, cut to maxNameKey bytes on a UTF-8 boundary.
func nameKey(s string) string {
	s = strings.ToLower(s)
	if len(s) <= maxNameKey {
		return s
	}
	cut := maxNameKey
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// packageLockSpace is the first key of the PostgreSQL advisory locks taken
// per package by putBrowse ("pkgs").
const packageLockSpace = 0x706b6773

// browseDoc is what the derived tables need from a report, as in its JSON
// form (so that migration 3 can read it from stored reports).
type browseDoc struct {
	App struct {
		Package     string   `json:"package"`
		Label       string   `json:"label"`
		VersionCode int64    `json:"version_code"`
		Permissions []string `json:"permissions"`
	} `json:"app"`
	SDKs      []docSDK      `json:"sdks"`
	Flows     []docFlow     `json:"flows"`
	Endpoints []docEndpoint `json:"endpoints"`
}

type docSDK struct {
	ID     string `json:"id"`
	Vendor struct {
		ID      string `json:"id"`
		Country string `json:"country"`
	} `json:"vendor"`
	Used       bool     `json:"used"`
	Categories []string `json:"categories"`
}

type docFlow struct {
	Rule      string  `json:"rule"`
	SDK       *string `json:"sdk"`
	Recipient struct {
		Vendor string `json:"vendor"`
	} `json:"recipient"`
	Source struct {
		Kind string `json:"kind"`
	} `json:"source"`
}

type docEndpoint struct {
	Host  string  `json:"host"`
	Owner string  `json:"owner"`
	SDK   *string `json:"sdk"`
}

type facetKey struct{ facet, value, sub string }

// facetSet collects the facets of a build in the order first added, with
// their weights; a value longer than maxFacetKey is not counted.
type facetSet struct {
	order []facetKey
	n     map[facetKey]int
}

func newFacetSet() *facetSet { return &facetSet{n: map[facetKey]int{}} }

func (f *facetSet) add(facet, value, sub string, w int) {
	if len(value)+len(sub) > maxFacetKey {
		return
	}
	k := facetKey{facet, value, sub}
	if _, ok := f.n[k]; !ok {
		f.order = append(f.order, k)
	}
	f.n[k] += w
}

// facets returns the facets of a build and their weights, in a
// deterministic order. partial is the apps row's flag.
func (d *browseDoc) facets(partial bool) ([]facetKey, map[facetKey]int) {
	fs := newFacetSet()
	n, add := fs.n, fs.add
	one := func(facet, value, sub string) {
		k := facetKey{facet, value, sub}
		if _, ok := n[k]; !ok {
			add(facet, value, sub, 1)
		}
	}
	one(facetAll, "", "")
	if partial {
		one(facetPartial, "", "")
	}
	trackers := "0"
	seen := map[string]bool{}
	for _, s := range d.SDKs {
		if seen[s.ID] { // the sdks table keeps the first row of an id
			continue
		}
		seen[s.ID] = true
		one(facetSDK, s.ID, "")
		one(facetVendor, s.Vendor.ID, "")
		one(facetVendorEmbeds, s.Vendor.ID, "")
		one(facetVendorSDK, s.Vendor.ID, s.ID)
		one(facetCountry, s.Vendor.Country, "")
		one(facetCountryVend, s.Vendor.Country, s.Vendor.ID)
		if s.Used {
			one(facetSDKUsed, s.ID, "")
			one(facetVendorUsed, s.Vendor.ID, s.ID)
		}
		if isTracker(s.Categories) {
			trackers = "1"
		}
	}
	one(facetTrackers, trackers, "")
	for _, f := range d.Flows {
		sdk := ""
		if f.SDK != nil {
			sdk = *f.SDK
			one(facetSDKSending, sdk, "")
		}
		one(facetVendor, f.Recipient.Vendor, "")
		one(facetVendorSends, f.Recipient.Vendor, "")
		add(facetVendorKind, f.Recipient.Vendor, f.Source.Kind, 1)
		one(facetKind, f.Source.Kind, "")
		if f.Rule != "android-privacy" {
			one(facetSends, f.Source.Kind, "")
		}
		add(facetFlow, sdk, f.Source.Kind, 1)
	}
	for _, e := range d.Endpoints {
		if e.Host == "" {
			continue
		}
		if e.SDK != nil {
			one(facetSDKHost, *e.SDK, e.Host)
		}
		if e.Owner != "first-party" && e.Owner != "local" {
			one(facetHost, e.Host, "")
		}
	}
	for _, p := range d.App.Permissions {
		one(facetPermission, p, "")
	}
	return fs.order, n
}

// docOf is the browseDoc of a report being stored.
func docOf(rec *Record) *browseDoc {
	r := rec.Report
	d := &browseDoc{}
	d.App.Package, d.App.Label, d.App.VersionCode, d.App.Permissions = r.App.Package, r.App.Label, r.App.VersionCode, r.App.Permissions
	for _, s := range r.SDKs {
		x := docSDK{ID: s.ID, Used: s.Used, Categories: s.Categories}
		x.Vendor.ID, x.Vendor.Country = s.Vendor.ID, s.Vendor.Country
		d.SDKs = append(d.SDKs, x)
	}
	for _, f := range rec.flows {
		x := docFlow{Rule: f.Rule, SDK: f.SDK}
		x.Recipient.Vendor, x.Source.Kind = f.Recipient.Vendor, f.Source.Kind
		d.Flows = append(d.Flows, x)
	}
	for _, e := range r.Endpoints {
		d.Endpoints = append(d.Endpoints, docEndpoint{e.Host, e.Owner, e.SDK})
	}
	return d
}

// putBrowse replaces the derived rows of build sha (stored or rescanned
// in tx) and keeps the latest flags and counters of its package exact.
func (s *Store) putBrowse(ctx context.Context, tx *sql.Tx, sha string, d *browseDoc, partial bool) error {
	if s.backend == "postgres" { // stored as s.text stores it
		d.App.Package = s.textOf(d.App.Package)
	}
	var oldPkg string
	var oldLatest bool
	err := tx.QueryRowContext(ctx, s.q("SELECT package, latest FROM app_index WHERE sha256 = ?"), sha).Scan(&oldPkg, &oldLatest)
	found := err == nil
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("app_index: %w", err)
	}
	pkgs := []string{d.App.Package}
	if found {
		pkgs = append(pkgs, oldPkg)
	}
	if err := s.lockPackages(ctx, tx, pkgs...); err != nil {
		return err
	}
	if found { // read again under the lock
		err := tx.QueryRowContext(ctx, s.q("SELECT latest FROM app_index WHERE sha256 = ?"), sha).Scan(&oldLatest)
		if err != nil {
			return fmt.Errorf("app_index: %w", err)
		}
	}
	if found {
		if err := s.bump(ctx, tx, sha, b2i(oldLatest)*-1, -1); err != nil {
			return err
		}
		for _, t := range []string{"app_facets", "app_index"} {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM "+t+" WHERE sha256 = ?"), sha); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
	}
	if err := s.insertBrowse(ctx, tx, sha, d, partial); err != nil {
		return err
	}
	latest := d.App.Package == "" // every build without a package counts
	if err := s.bump(ctx, tx, sha, b2i(latest), 1); err != nil {
		return err
	}
	if err := s.fixLatest(ctx, tx, d.App.Package); err != nil {
		return err
	}
	if found && oldPkg != d.App.Package {
		return s.fixLatest(ctx, tx, oldPkg)
	}
	return nil
}

// insertBrowse inserts the app_index and app_facets rows of a build, with
// latest set only for a build without package.
func (s *Store) insertBrowse(ctx context.Context, tx *sql.Tx, sha string, d *browseDoc, partial bool) error {
	a := d.App
	latest := a.Package == ""
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO app_index (sha256, package, version_code, latest, lpackage, llabel) VALUES (?, ?, ?, ?, ?, ?)`),
		s.text([]any{sha, a.Package, a.VersionCode, latest, nameKey(a.Package), nameKey(a.Label)})...)
	if err != nil {
		return fmt.Errorf("app_index: %w", err)
	}
	keys, n := d.facets(partial)
	if err := s.insertFacets(ctx, tx, sha, a.Package, a.VersionCode, latest, keys, n); err != nil {
		return err
	}
	keys, n, err = s.verdictFacets(ctx, tx, sha)
	if err != nil {
		return err
	}
	return s.insertFacets(ctx, tx, sha, a.Package, a.VersionCode, latest, keys, n)
}

func (s *Store) insertFacets(ctx context.Context, tx *sql.Tx, sha, pkg string, code int64, latest bool, keys []facetKey, n map[facetKey]int) error {
	rows := make([][]any, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, []any{k.facet, k.value, k.sub, sha, pkg, code, latest, n[k]})
	}
	return s.insertRows(ctx, tx, "app_facets", "facet, value, sub, sha256, package, version_code, latest, n", rows)
}

// verdictFacets returns the facets of the stored cross-check verdicts of
// build sha.
func (s *Store) verdictFacets(ctx context.Context, tx *sql.Tx, sha string) ([]facetKey, map[facetKey]int, error) {
	fs := newFacetSet()
	n, add := fs.n, fs.add
	weighted := map[string]bool{facetCCVendor: true, facetCCListVendor: true}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT list_digest, vendor_id, vendor, legal_entity, country, in_eea, declared, data_kinds, sdks
FROM subprocessors WHERE app_sha256 = ? ORDER BY list_digest, vendor_id`), sha)
	if err != nil {
		return nil, nil, fmt.Errorf("subprocessors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var list, vendor, name, entity, country, kinds, sdks string
		var eea, declared bool
		if err := rows.Scan(&list, &vendor, &name, &entity, &country, &eea, &declared, &kinds, &sdks); err != nil {
			return nil, nil, err
		}
		add(facetCC, "", "", 0)
		verdict := "undeclared"
		if declared {
			verdict = "declared"
		}
		add(facetCCVendor, vendor, verdict, 1)
		add(facetCCCountry, country, "", 0)
		add(facetCCCountryVend, country, vendor, 0)
		if !declared {
			add(facetCCCountryUndec, country, "", 0)
		}
		// Per list (one row per list, app and vendor: the primary key).
		add(facetCCListVendor, list, vendor, b2i(!declared))
		lv := listKey(list, vendor)
		add(facetCCListName, lv, name, 0)
		add(facetCCListEntity, lv, entity, 0)
		add(facetCCListCountry, lv, country, 0)
		if eea {
			add(facetCCListEEA, lv, "", 0)
		}
		ks := splitComma(kinds)
		for _, k := range ks {
			add(facetCCListKind, lv, k, 0)
		}
		for _, sd := range splitComma(sdks) {
			add(facetCCListSDK, lv, sd, 0)
		}
		subs := listFilterSubs(!declared, !eea && country != "")
		dims := [][2]string{{"", ""}, {"recipient", vendor}, {"country", country}}
		for _, k := range ks {
			dims = append(dims, [2]string{"kind", k})
		}
		for _, d := range dims {
			v := listKey(list, d[0], d[1])
			for _, sub := range subs {
				add(facetCCListFilter, v, sub, 0)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows.Close()
	checks, err := tx.QueryContext(ctx, s.q("SELECT list_digest, list, undeclared FROM subprocessor_checks WHERE app_sha256 = ? ORDER BY list_digest"), sha)
	if err != nil {
		return nil, nil, fmt.Errorf("subprocessor_checks: %w", err)
	}
	defer checks.Close()
	for checks.Next() {
		var list, path string
		var undeclared int
		if err := checks.Scan(&list, &path, &undeclared); err != nil {
			return nil, nil, err
		}
		add(facetCCList, list, "", 0)
		if undeclared > 0 {
			add(facetCCListUndec, list, "", 0)
		}
		add(facetCCListPath, list, path, 0)
	}
	for k := range n { // only the verdict counts are weighted
		if !weighted[k.facet] {
			n[k] = 1
		}
	}
	return fs.order, n, checks.Err()
}

// putVerdictFacets replaces the verdict facets of build sha after its
// verdicts changed (in tx, with its package locked on PostgreSQL).
func (s *Store) putVerdictFacets(ctx context.Context, tx *sql.Tx, sha string) error {
	var pkg string
	var code int64
	var latest bool
	err := tx.QueryRowContext(ctx, s.q("SELECT package, version_code, latest FROM app_index WHERE sha256 = ?"), sha).Scan(&pkg, &code, &latest)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("app_index: %w", err)
	}
	if err := s.bumpWhere(ctx, tx, sha, ccFacets, -b2i(latest), -1); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q("DELETE FROM app_facets WHERE sha256 = ? AND "+ccFacets), sha); err != nil {
		return fmt.Errorf("app_facets: %w", err)
	}
	keys, n, err := s.verdictFacets(ctx, tx, sha)
	if err != nil {
		return err
	}
	if err := s.insertFacets(ctx, tx, sha, pkg, code, latest, keys, n); err != nil {
		return err
	}
	return s.bumpWhere(ctx, tx, sha, ccFacets, b2i(latest), 1)
}

// lockPackages takes, on PostgreSQL, the advisory locks of the packages
// (in order; held until the transaction ends): writers of builds of one
// package take turns, each seeing the other's committed build when
// choosing the newest. A transaction takes all its package locks before
// it changes a counter.
func (s *Store) lockPackages(ctx context.Context, tx *sql.Tx, pkgs ...string) error {
	if s.backend != "postgres" {
		return nil
	}
	pkgs = append([]string(nil), pkgs...)
	sort.Strings(pkgs)
	for i, p := range pkgs {
		if i > 0 && p == pkgs[i-1] {
			continue
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+strconv.Itoa(packageLockSpace)+", hashtext($1))", p); err != nil {
			return fmt.Errorf("package lock: %w", err)
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bump adds dApps (and dApps times the weight) and dBuilds to the
// counters of every facet of build sha.
//
// On PostgreSQL the counter rows are locked in key order, and every
// build's first one is ("", "", "") (or ("cc", "", "") for only the
// verdict facets): concurrent writers queue there instead of deadlocking.
func (s *Store) bump(ctx context.Context, tx *sql.Tx, sha string, dApps, dBuilds int) error {
	return s.bumpWhere(ctx, tx, sha, "", dApps, dBuilds)
}

func (s *Store) bumpWhere(ctx context.Context, tx *sql.Tx, sha, cond string, dApps, dBuilds int) error {
	if dApps == 0 && dBuilds == 0 {
		return nil
	}
	if cond != "" {
		cond = " AND " + cond
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO facet_counts (facet, value, sub, apps, builds, n)
SELECT facet, value, sub, CAST(? AS INTEGER), CAST(? AS INTEGER), n * CAST(? AS INTEGER) FROM app_facets WHERE sha256 = ?`+cond+`
ORDER BY facet, value, sub
ON CONFLICT (facet, value, sub) DO UPDATE SET apps = facet_counts.apps + excluded.apps,
	builds = facet_counts.builds + excluded.builds, n = facet_counts.n + excluded.n`), dApps, dBuilds, dApps, sha)
	if err != nil {
		return fmt.Errorf("facet_counts: %w", err)
	}
	return nil
}

// fixLatest makes the newest build of pkg (highest version code, ties by
// sha256) the one flagged latest, moving the counters' apps.
func (s *Store) fixLatest(ctx context.Context, tx *sql.Tx, pkg string) error {
	if pkg == "" {
		return nil
	}
	var cur, want string
	err := tx.QueryRowContext(ctx, s.q("SELECT sha256 FROM app_index WHERE package = ? AND latest"), pkg).Scan(&cur)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("app_index: %w", err)
	}
	err = tx.QueryRowContext(ctx, s.q("SELECT sha256 FROM app_index WHERE package = ? ORDER BY version_code DESC, sha256 DESC LIMIT 1"), pkg).Scan(&want)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("app_index: %w", err)
	}
	if cur == want {
		return nil
	}
	set := func(sha string, latest bool) error {
		for _, t := range []string{"app_index", "app_facets"} {
			if _, err := tx.ExecContext(ctx, s.q("UPDATE "+t+" SET latest = ? WHERE sha256 = ?"), latest, sha); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		return s.bump(ctx, tx, sha, map[bool]int{true: 1, false: -1}[latest], 0)
	}
	if cur != "" {
		if err := set(cur, false); err != nil {
			return err
		}
	}
	if want != "" {
		return set(want, true)
	}
	return nil
}

// decodeBrowseDoc reads a stored (gzipped JSON) report.
func decodeBrowseDoc(gz []byte) (*browseDoc, error) {
	raw, err := gunzip(gz)
	if err != nil {
		return nil, err
	}
	d := &browseDoc{}
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(d); err != nil {
		return nil, err
	}
	return d, nil
}

// storedDoc is the browseDoc of a stored build: its report, with the
// apps row's package, label and version code. An unreadable report (never
// written by PutApp) still counts as a build of its package, without
// other facets.
func storedDoc(pkg, label string, code int64, gz []byte) *browseDoc {
	d, err := decodeBrowseDoc(gz)
	if err != nil {
		d = &browseDoc{}
	}
	d.App.Package, d.App.Label, d.App.VersionCode = pkg, label, code
	return d
}

// backfillBrowse fills the derived tables from scratch from the stored
// reports (migration 3; the tests' recount): latest flags by one
// statement over app_index, the counters by grouping app_facets.
func (s *Store) backfillBrowse(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"app_index", "app_facets", "facet_counts"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	// 1: app_index from the apps rows, and the newest build of each
	// package in one statement.
	type build struct {
		sha, pkg, label string
		code            int64
		partial, latest bool
		doc             *browseDoc
	}
	scan := func(cols, from string, each func(r *sql.Rows) (build, error), batch func([]build) error) error {
		after := ""
		for {
			rows, err := tx.QueryContext(ctx, s.q("SELECT "+cols+" FROM "+from+" WHERE a.sha256 > ? ORDER BY a.sha256 LIMIT 500"), after)
			if err != nil {
				return err
			}
			var bs []build
			for rows.Next() {
				b, err := each(rows)
				if err != nil {
					rows.Close()
					return err
				}
				bs = append(bs, b)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(bs) == 0 {
				return nil
			}
			if err := batch(bs); err != nil {
				return err
			}
			after = bs[len(bs)-1].sha
		}
	}
	err := scan("a.sha256, a.package, a.label, a.version_code", "apps a", func(r *sql.Rows) (build, error) {
		var b build
		err := r.Scan(&b.sha, &b.pkg, &b.label, &b.code)
		return b, err
	}, func(bs []build) error {
		var rows [][]any
		for _, b := range bs {
			rows = append(rows, []any{b.sha, b.pkg, b.code, false, nameKey(b.pkg), nameKey(b.label)})
		}
		return s.insertRows(ctx, tx, "app_index", "sha256, package, version_code, latest, lpackage, llabel", rows)
	})
	if err != nil {
		return fmt.Errorf("app_index: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE app_index SET latest = (package = '' OR NOT EXISTS (SELECT 1 FROM app_index c WHERE c.package = app_index.package AND
	(c.version_code > app_index.version_code OR (c.version_code = app_index.version_code AND c.sha256 > app_index.sha256))))`)
	if err != nil {
		return fmt.Errorf("app_index: %w", err)
	}
	// 2: the facets of every build, from its report and verdicts.
	err = scan("a.sha256, a.partial, a.package, a.label, a.version_code, a.report, i.latest", "apps a JOIN app_index i ON i.sha256 = a.sha256",
		func(r *sql.Rows) (build, error) {
			var b build
			var gz []byte
			err := r.Scan(&b.sha, &b.partial, &b.pkg, &b.label, &b.code, &gz, &b.latest)
			b.doc = storedDoc(b.pkg, b.label, b.code, gz)
			return b, err
		}, func(bs []build) error {
			for _, b := range bs {
				keys, n := b.doc.facets(b.partial)
				if err := s.insertFacets(ctx, tx, b.sha, b.pkg, b.code, b.latest, keys, n); err != nil {
					return err
				}
				keys, n, err := s.verdictFacets(ctx, tx, b.sha)
				if err != nil {
					return err
				}
				if err := s.insertFacets(ctx, tx, b.sha, b.pkg, b.code, b.latest, keys, n); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("app_facets: %w", err)
	}
	// 3: the counters.
	_, err = tx.ExecContext(ctx, `INSERT INTO facet_counts (facet, value, sub, apps, builds, n)
SELECT facet, value, sub, SUM(CASE WHEN latest THEN 1 ELSE 0 END), COUNT(*), SUM(CASE WHEN latest THEN n ELSE 0 END)
FROM app_facets GROUP BY facet, value, sub`)
	if err != nil {
		return fmt.Errorf("facet_counts: %w", err)
	}
	return nil
}

// browseIndexes are the indexes of the derived tables that migration 3
// creates after filling them (faster than maintaining them meanwhile).
var browseIndexes = []string{
	"CREATE INDEX app_index_latest ON app_index (latest, package, version_code, sha256, lpackage, llabel)",
	"CREATE INDEX app_facets_list ON app_facets (facet, value, sub, latest, package, version_code, sha256)",
}

// migrate3 fills the derived tables of a database of version 2 and
// indexes them.
func (s *Store) migrate3(ctx context.Context, tx *sql.Tx) error {
	if err := s.backfillBrowse(ctx, tx); err != nil {
		return err
	}
	for _, stmt := range browseIndexes {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// migrate4 adds the per-list verdict facets (schema version 4) to a
// database of version 3: the verdict facets of every build with a
// verdict are computed again, and their counters recounted.
func (s *Store) migrate4(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"app_facets", "facet_counts"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t+" WHERE "+ccFacets); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	type build struct {
		sha, pkg string
		code     int64
		latest   bool
	}
	after := ""
	for {
		var bs []build
		err := s.rowsTx(ctx, tx, `SELECT i.sha256, i.package, i.version_code, i.latest FROM app_index i
WHERE i.sha256 > ? AND (EXISTS (SELECT 1 FROM subprocessor_checks c WHERE c.app_sha256 = i.sha256)
	OR EXISTS (SELECT 1 FROM subprocessors p WHERE p.app_sha256 = i.sha256))
ORDER BY i.sha256 LIMIT 500`, []any{after}, func(r *sql.Rows) error {
			var b build
			err := r.Scan(&b.sha, &b.pkg, &b.code, &b.latest)
			bs = append(bs, b)
			return err
		})
		if err != nil {
			return fmt.Errorf("app_index: %w", err)
		}
		if len(bs) == 0 {
			break
		}
		for _, b := range bs {
			keys, n, err := s.verdictFacets(ctx, tx, b.sha)
			if err != nil {
				return err
			}
			if err := s.insertFacets(ctx, tx, b.sha, b.pkg, b.code, b.latest, keys, n); err != nil {
				return err
			}
		}
		after = bs[len(bs)-1].sha
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO facet_counts (facet, value, sub, apps, builds, n)
SELECT facet, value, sub, SUM(CASE WHEN latest THEN 1 ELSE 0 END), COUNT(*), SUM(CASE WHEN latest THEN n ELSE 0 END)
FROM app_facets WHERE `+ccFacets+` GROUP BY facet, value, sub`)
	if err != nil {
		return fmt.Errorf("facet_counts: %w", err)
	}
	return nil
}

// rowsTx calls each for the rows of query (with ? placeholders) in tx.
func (s *Store) rowsTx(ctx context.Context, tx *sql.Tx, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, s.q(query), s.text(args)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// lockVerdictPackages takes the package locks of the apps of vs (see
// lockPackages) before PutVerdicts changes their facets.
func (s *Store) lockVerdictPackages(ctx context.Context, tx *sql.Tx, vs []Verdict) error {
	if s.backend != "postgres" {
		return nil
	}
	var pkgs []string
	for _, v := range vs {
		var pkg string
		err := tx.QueryRowContext(ctx, s.q("SELECT package FROM app_index WHERE sha256 = ?"), v.App).Scan(&pkg)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return fmt.Errorf("app_index: %w", err)
		}
		pkgs = append(pkgs, pkg)
	}
	return s.lockPackages(ctx, tx, pkgs...)
}
