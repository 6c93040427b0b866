package store

// Browse queries over the cross-check verdicts of each subprocessor list
// (the web UI's list pages, the app page's verdicts and the app filters
// relative to one list). Like the other browse queries they count the
// newest build of each package and are served by indexes (listSchema).

import (
	"context"
	"database/sql"
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
// OutsideEEA) hold for one and the same recipient; with Undeclared, for
// one the list does not declare. Without any of them, Undeclared keeps
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
}

// conds adds f's conditions on the build id column col: probes of the
// primary keys of subprocessor_checks (list_digest, app_sha256) and
// subprocessors (list_digest, app_sha256, vendor_id), one per row.
func (f ListFilter) conds(col string, add func(cond string, args ...any)) {
	if !f.Set {
		return
	}
	if f.Recipient == "" && f.Country == "" && !f.OutsideEEA {
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
	add(q+")", args...)
}

// Lists returns the subprocessor lists applied to the newest build of
// some package, by digest: Stats' ListStats, from one walk of
// subprocessor_checks' primary key.
func (s *Store) Lists(ctx context.Context) ([]ListStat, error) {
	out := []ListStat{}
	err := s.rows(ctx, `SELECT c.list_digest, MAX(c.list), COUNT(*), SUM(CASE WHEN c.undeclared > 0 THEN 1 ELSE 0 END)
FROM subprocessor_checks c WHERE `+s.latest("c.app_sha256")+`
GROUP BY c.list_digest ORDER BY c.list_digest`, func(r *sql.Rows) error {
		var x ListStat
		err := r.Scan(&x.Digest, &x.List, &x.Apps, &x.UndeclaredApps)
		out = append(out, x)
		return err
	})
	return out, err
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
// RecipientRows of that list (without StatsOptions.Vendor).
func (s *Store) ListRecipients(ctx context.Context, digest string, max int) (*ListRecipients, bool, error) {
	lat := s.latest("c.app_sha256")
	l := &ListRecipients{List: ListStat{Digest: digest}, Recipients: []RecipientRow{}}
	var path sql.NullString
	var undeclared sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT MAX(c.list), COUNT(*), SUM(CASE WHEN c.undeclared > 0 THEN 1 ELSE 0 END)
FROM subprocessor_checks c WHERE c.list_digest = ? AND `+lat), digest).Scan(&path, &l.List.Apps, &undeclared)
	if err != nil {
		return nil, false, err
	}
	if l.List.Apps == 0 {
		return nil, false, nil
	}
	l.List.List, l.List.UndeclaredApps = path.String, int(undeclared.Int64)
	lat = s.latest("p.app_sha256")
	byVendor := map[string]int{}
	// The primary key makes (list, app, vendor) unique: COUNT(*) counts
	// apps.
	err = s.rowsArgs(ctx, `SELECT p.vendor_id, MAX(p.vendor), MAX(p.legal_entity), MAX(p.country),
	MAX(CASE WHEN p.in_eea THEN 1 ELSE 0 END), COUNT(*), SUM(CASE WHEN p.declared THEN 0 ELSE 1 END)
FROM subprocessors p WHERE p.list_digest = ? AND `+lat+`
GROUP BY p.vendor_id`, []any{digest}, func(r *sql.Rows) error {
		x := RecipientRow{ListDigest: digest}
		var eea, und int
		if err := r.Scan(&x.VendorID, &x.Vendor, &x.LegalEntity, &x.Country, &eea, &x.Apps, &und); err != nil {
			return err
		}
		x.InEEA, x.UndeclaredApps = eea == 1, &und
		byVendor[x.VendorID] = len(l.Recipients)
		l.Recipients = append(l.Recipients, x)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	kinds, sdks := map[string][]string{}, map[string][]string{}
	err = s.rowsArgs(ctx, `SELECT DISTINCT p.vendor_id, p.data_kinds, p.sdks FROM subprocessors p
WHERE p.list_digest = ? AND `+lat, []any{digest}, func(r *sql.Rows) error {
		var v, k, sd string
		if err := r.Scan(&v, &k, &sd); err != nil {
			return err
		}
		kinds[v] = union(kinds[v], splitComma(k)...)
		sdks[v] = union(sdks[v], splitComma(sd)...)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	for v, i := range byVendor {
		l.Recipients[i].DataKinds = nonNil(kinds[v])
		l.Recipients[i].SDKs = nonNil(sdks[v])
	}
	sort.Slice(l.Recipients, func(i, j int) bool {
		a, b := l.Recipients[i], l.Recipients[j]
		if a.Apps != b.Apps {
			return a.Apps > b.Apps
		}
		return a.VendorID < b.VendorID
	})
	if max > 0 && len(l.Recipients) > max {
		l.Recipients, l.More = l.Recipients[:max], true
	}
	return l, true, nil
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
// many undeclared: one range of the subprocessors_list_vendor index per
// list.
func (s *Store) VendorLists(ctx context.Context, vendorID string, lists []ListStat) ([]VendorListCount, error) {
	out := []VendorListCount{}
	for _, l := range lists {
		x := VendorListCount{ListDigest: l.Digest, List: l.List}
		var und sql.NullInt64
		err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*), SUM(CASE WHEN p.declared THEN 0 ELSE 1 END) FROM subprocessors p
WHERE p.list_digest = ? AND p.vendor_id = ? AND `+s.latest("p.app_sha256")), l.Digest, vendorID).Scan(&x.Apps, &und)
		if err != nil {
			return nil, err
		}
		if x.Apps > 0 {
			x.Undeclared = int(und.Int64)
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
