package store

// Browse queries over the cross-check verdicts of each subprocessor list
// (the web UI's list pages, the app page's verdicts and the app filters
// relative to one list). Like the other browse queries they count the
// newest build of each package and are served by indexes (listSchema).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
)

// listSchema are the indexes the list queries need, applied by
// EnsureBrowseSchema (idempotent, outside the versioned migrations).
var listSchema = []string{
	// One list's recipients grouped by vendor (the list page).
	"CREATE INDEX IF NOT EXISTS subprocessors_list_vendor ON subprocessors (list_digest, vendor_id, declared, app_sha256)",
	// The verdicts of one app (the primary key starts with the list).
	"CREATE INDEX IF NOT EXISTS subprocessor_checks_app ON subprocessor_checks (app_sha256)",
}

// ensureListSchema creates listSchema in tx (called by EnsureBrowseSchema).
func (s *Store) ensureListSchema(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range listSchema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("list schema: %w", err)
		}
	}
	return nil
}

// ListFilter keeps the apps by the verdicts of one subprocessor list
// (AppFilter.List). The recipient conditions (Recipient, Country,
// OutsideEEA, Kind) hold for one and the same recipient; with Undeclared,
// for one the list does not declare. Without any of them, Undeclared keeps
// the apps in which the list found an undeclared recipient, and no
// condition the apps the list was applied to.
type ListFilter struct {
	// Set filters by the list Digest ("" is a valid digest: verdicts
	// stored before schema version 2).
	Set    bool
	Digest string
	// Recipient is a recipient's vendor id (or domain:NAME).
	Recipient string
	// Country is a recipient's country (the declared entry's, else the
	// vendor's headquarters).
	Country string
	// OutsideEEA keeps recipients whose country is known and not in the
	// EU/EEA.
	OutsideEEA bool
	Undeclared bool
	// Kind is a kind of user data the recipient receives (one of its
	// data_kinds).
	Kind string
}

// facets returns the facet rows (facetCCList…) that can drive a walk of
// f's matches: one that matches exactly f (exact), or, when f sets
// several of Recipient, Country and Kind, one per condition, each
// matching a superset (the recipient of one need not be that of the
// other), checked by conds. text makes a value as stored.
func (f ListFilter) facets(text func(string) string) (out []filterFacet, exact bool) {
	if !f.Set {
		return nil, true
	}
	d := text(f.Digest)
	if f.Recipient == "" && f.Country == "" && !f.OutsideEEA && f.Kind == "" {
		if f.Undeclared {
			return []filterFacet{{facet: facetCCListUndec, value: d}}, true
		}
		return []filterFacet{{facet: facetCCList, value: d}}, true
	}
	subs := listFilterSubs(f.Undeclared, f.OutsideEEA)
	sub := subs[len(subs)-1] // the one of all the conditions
	var dims [][2]string
	for _, x := range [][2]string{{"recipient", f.Recipient}, {"country", f.Country}, {"kind", f.Kind}} {
		if x[1] != "" {
			dims = append(dims, [2]string{x[0], text(x[1])})
		}
	}
	if len(dims) == 0 {
		dims = [][2]string{{"", ""}}
	}
	for _, x := range dims {
		out = append(out, filterFacet{facet: facetCCListFilter, value: listKey(d, x[0], x[1]), sub: sub, driverOnly: len(dims) > 1})
	}
	return out, len(dims) == 1
}

// textOf is v as s.text stores it.
func (s *Store) textOf(v string) string { return s.text([]any{v})[0].(string) }

// conds adds f's conditions on the build id column col: probes of the
// primary keys of subprocessor_checks (list_digest, app_sha256) and
// subprocessors (list_digest, app_sha256, vendor_id), one per row. plan
// uses them only when no facet row is exactly f.
func (f ListFilter) conds(col, backend string, add func(cond string, args ...any)) {
	if !f.Set {
		return
	}
	if f.Recipient == "" && f.Country == "" && !f.OutsideEEA && f.Kind == "" {
		q := "EXISTS (SELECT 1 FROM subprocessor_checks c WHERE c.list_digest = ? AND c.app_sha256 = " + col
		if f.Undeclared {
			q += " AND c.undeclared > 0"
		}
		add(q+")", f.Digest)
		return
	}
	q := "EXISTS (SELECT 1 FROM subprocessors p WHERE p.list_digest = ? AND p.app_sha256 = " + col
	args := []any{f.Digest}
	if f.Recipient != "" {
		q += " AND p.vendor_id = ?"
		args = append(args, f.Recipient)
	}
	if f.Country != "" {
		q += " AND p.country = ?"
		args = append(args, f.Country)
	}
	if f.OutsideEEA {
		q += " AND NOT p.in_eea AND p.country <> ''"
	}
	if f.Undeclared {
		q += " AND NOT p.declared"
	}
	if f.Kind != "" { // an element of the comma-separated list
		find := "instr(',' || p.data_kinds || ',', ?) > 0"
		if backend == "postgres" {
			find = "strpos(',' || p.data_kinds || ',', ?) > 0"
		}
		q += " AND " + find
		args = append(args, ","+f.Kind+",")
	}
	add(q+")", args...)
}

// Lists returns the subprocessor lists applied to the newest build of
// some package, by digest: Stats' ListStats, from the per-list counters.
func (s *Store) Lists(ctx context.Context) ([]ListStat, error) {
	out := []ListStat{}
	err := s.rowsArgs(ctx, "SELECT value, apps FROM facet_counts WHERE facet = ? AND sub = '' AND apps > 0 ORDER BY value", []any{facetCCList}, func(r *sql.Rows) error {
		var x ListStat
		err := r.Scan(&x.Digest, &x.Apps)
		out = append(out, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.listStat(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// listStat fills the path and undeclared apps of x (Digest set) from the
// counters.
func (s *Store) listStat(ctx context.Context, x *ListStat) error {
	var path sql.NullString
	err := s.db.QueryRowContext(ctx, s.q(`SELECT (SELECT MAX(sub) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0),
	(SELECT COALESCE(MAX(apps), 0) FROM facet_counts WHERE facet = ? AND value = ? AND sub = '')`),
		s.text([]any{facetCCListPath, x.Digest, facetCCListUndec, x.Digest})...).Scan(&path, &x.UndeclaredApps)
	x.List = path.String
	return err
}

// ListRecipients is one subprocessor list's cross-checks over the newest
// build of each package: the list and every recipient it found.
type ListRecipients struct {
	List       ListStat       `json:"list"`
	Recipients []RecipientRow `json:"recipients"` // by apps (descending), then vendor id
	// More is set when there were more than the max recipients asked for.
	More bool `json:"more"`
}

// ListRecipients returns the list with digest digest and its recipients
// (the first max by apps; max <= 0: all), ok=false when the list was
// applied to no app in scope. It equals Stats' ListStat and
// RecipientRows of that list (without StatsOptions.Vendor), read from the
// per-list counters: the work is that of the recipients returned.
func (s *Store) ListRecipients(ctx context.Context, digest string, max int) (*ListRecipients, bool, error) {
	l := &ListRecipients{List: ListStat{Digest: digest}}
	var err error
	if l.List.Apps, _, _, err = s.counter(ctx, facetCCList, digest, ""); err != nil || l.List.Apps == 0 {
		return nil, false, err
	}
	if err := s.listStat(ctx, &l.List); err != nil {
		return nil, false, err
	}
	if l.Recipients, l.More, err = s.listRecipients(ctx, digest, max); err != nil {
		return nil, false, err
	}
	return l, true, nil
}

// listRecipients returns the recipients of the list digest over the
// newest builds, by apps (descending) then vendor id, the first top
// (<= 0: all), and whether there were more: from the counters of the
// recipients ranked, and of the ones returned their names, countries,
// data kinds and SDKs.
func (s *Store) listRecipients(ctx context.Context, digest string, top int) ([]RecipientRow, bool, error) {
	least := 1
	if top > 0 { // the apps of the first recipient past top: ties are ordered here, by byte
		err := s.db.QueryRowContext(ctx, s.q("SELECT apps FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0 ORDER BY apps DESC LIMIT 1 OFFSET ?"),
			s.text([]any{facetCCListVendor, digest, top})...).Scan(&least)
		if errors.Is(err, sql.ErrNoRows) {
			least = 1
		} else if err != nil {
			return nil, false, err
		}
	}
	rows := []RecipientRow{}
	err := s.rowsArgs(ctx, "SELECT sub, apps, n FROM facet_counts WHERE facet = ? AND value = ? AND apps >= ?",
		s.text([]any{facetCCListVendor, digest, least}), func(r *sql.Rows) error {
			x := RecipientRow{ListDigest: digest}
			var und int
			err := r.Scan(&x.VendorID, &x.Apps, &und)
			x.UndeclaredApps = &und
			rows = append(rows, x)
			return err
		})
	if err != nil {
		return nil, false, err
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Apps != b.Apps {
			return a.Apps > b.Apps
		}
		return a.VendorID < b.VendorID
	})
	more := false
	if top > 0 && len(rows) > top {
		rows, more = rows[:top], true
	}
	for i := range rows {
		x := &rows[i]
		lv := listKey(digest, x.VendorID)
		var name, entity, country sql.NullString
		var eea int
		err := s.db.QueryRowContext(ctx, s.q(`SELECT (SELECT MAX(sub) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0),
	(SELECT MAX(sub) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0),
	(SELECT MAX(sub) FROM facet_counts WHERE facet = ? AND value = ? AND apps > 0),
	(SELECT COUNT(*) FROM facet_counts WHERE facet = ? AND value = ? AND sub = '' AND apps > 0)`),
			s.text([]any{facetCCListName, lv, facetCCListEntity, lv, facetCCListCountry, lv, facetCCListEEA, lv})...).Scan(&name, &entity, &country, &eea)
		if err != nil {
			return nil, false, err
		}
		x.Vendor, x.LegalEntity, x.Country, x.InEEA = name.String, entity.String, country.String, eea > 0
		x.DataKinds, x.SDKs = []string{}, []string{}
		err = s.rowsArgs(ctx, "SELECT facet, sub FROM facet_counts WHERE facet IN (?, ?) AND value = ? AND apps > 0",
			s.text([]any{facetCCListKind, facetCCListSDK, lv}), func(r *sql.Rows) error {
				var facet, v string
				if err := r.Scan(&facet, &v); err != nil {
					return err
				}
				if facet == facetCCListKind {
					x.DataKinds = union(x.DataKinds, v)
				} else {
					x.SDKs = union(x.SDKs, v)
				}
				return nil
			})
		if err != nil {
			return nil, false, err
		}
	}
	return rows, more, nil
}

// VendorListCount is how one subprocessor list judged one recipient, over
// the newest build of each package.
type VendorListCount struct {
	ListDigest string `json:"list_digest"`
	List       string `json:"list"`
	Apps       int    `json:"apps"`            // apps in which the list found it
	Undeclared int    `json:"undeclared_apps"` // … and does not declare it
}

// VendorLists returns, for each list in lists that found the recipient
// vendorID (an sdkdb vendor id or domain:NAME), in which apps and in how
// many undeclared: one counter per list.
func (s *Store) VendorLists(ctx context.Context, vendorID string, lists []ListStat) ([]VendorListCount, error) {
	out := []VendorListCount{}
	for _, l := range lists {
		x := VendorListCount{ListDigest: l.Digest, List: l.List}
		var err error
		if x.Apps, _, x.Undeclared, err = s.counter(ctx, facetCCListVendor, l.Digest, vendorID); err != nil {
			return nil, err
		}
		if x.Apps > 0 {
			out = append(out, x)
		}
	}
	return out, nil
}

// AppVerdict is one subprocessor list's cross-check of one stored build.
type AppVerdict struct {
	ListDigest  string `json:"list_digest"` // "" for a verdict stored before schema version 2
	List        string `json:"list"`        // the path the list was given as
	SDKDBDigest string `json:"sdkdb_digest"`
	CheckedAt   string `json:"checked_at"` // RFC 3339; "" for a verdict stored before schema version 2
	// Undeclared counts the recipients the list does not declare.
	Undeclared int                `json:"undeclared"`
	Recipients []VerdictRecipient `json:"recipients"` // undeclared first, then by vendor id
}

// VerdictRecipient is one recipient of an AppVerdict.
type VerdictRecipient struct {
	VendorID     string   `json:"vendor_id"` // sdkdb vendor id, or domain:NAME for a host no vendor claims
	Vendor       string   `json:"vendor"`
	LegalEntity  string   `json:"legal_entity"`
	Country      string   `json:"country"`
	InEEA        bool     `json:"in_eea"`
	Declared     bool     `json:"declared"`
	MatchedEntry *string  `json:"matched_entry"` // the declared entry that covers it; null when undeclared
	Severity     string   `json:"severity"`
	DataKinds    []string `json:"data_kinds"`
	SDKs         []string `json:"sdks"`
	Hosts        []string `json:"hosts"`
}

// AppVerdicts returns the stored cross-check verdicts of the build
// sha256, one per list, by list digest.
func (s *Store) AppVerdicts(ctx context.Context, sha256 string) ([]AppVerdict, error) {
	out := []AppVerdict{}
	at := map[string]int{}
	err := s.rowsArgs(ctx, `SELECT list_digest, list, sdkdb_digest, checked_at, undeclared FROM subprocessor_checks
WHERE app_sha256 = ? ORDER BY list_digest`, []any{sha256}, func(r *sql.Rows) error {
		v := AppVerdict{Recipients: []VerdictRecipient{}}
		if err := r.Scan(&v.ListDigest, &v.List, &v.SDKDBDigest, &v.CheckedAt, &v.Undeclared); err != nil {
			return err
		}
		at[v.ListDigest] = len(out)
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rowsArgs(ctx, `SELECT list_digest, vendor_id, vendor, legal_entity, country, in_eea, declared, matched_entry, severity, data_kinds, sdks, hosts
FROM subprocessors WHERE app_sha256 = ? ORDER BY list_digest, declared, vendor_id`, []any{sha256}, func(r *sql.Rows) error {
		var d, kinds, sdks, hosts string
		var x VerdictRecipient
		var entry sql.NullString
		if err := r.Scan(&d, &x.VendorID, &x.Vendor, &x.LegalEntity, &x.Country, &x.InEEA, &x.Declared, &entry, &x.Severity, &kinds, &sdks, &hosts); err != nil {
			return err
		}
		if entry.Valid {
			x.MatchedEntry = &entry.String
		}
		x.DataKinds, x.SDKs, x.Hosts = nonNil(splitComma(kinds)), nonNil(splitComma(sdks)), nonNil(splitComma(hosts))
		i, ok := at[d]
		if !ok { // a row without its check (not written by this package)
			i = len(out)
			at[d] = i
			out = append(out, AppVerdict{ListDigest: d, Recipients: []VerdictRecipient{}})
		}
		out[i].Recipients = append(out[i].Recipients, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
