package store

// Cross-check verdicts: the result of applying a declared subprocessor
// list to a stored report, kept per list (by the digest of the list's
// bytes) so that the lists of several companies coexist in one database.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/apkscan/apkscan/reports"
)

// Verdict is one list's cross-check of one stored app.
type Verdict struct {
	App        string // the app's sha256
	ListDigest string // subprocessors.List.Digest
	// SDKDBDigest is the signature database the check resolved vendors
	// with.
	SDKDBDigest string
	Result      *reports.Subprocessors
}

// PutVerdicts stores verdicts in one transaction, each replacing the
// earlier verdict of the same list for the same app. An app that is not
// stored (any more) is skipped: its verdict would outlive it.
func (s *Store) PutVerdicts(ctx context.Context, vs []Verdict) error {
	if len(vs) == 0 {
		return nil
	}
	now := ts(time.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockVerdictPackages(ctx, tx, vs); err != nil { // facets.go
			return err
		}
		for _, v := range vs {
			var one int
			err := tx.QueryRowContext(ctx, s.q("SELECT 1 FROM apps WHERE sha256 = ?"), v.App).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("apps: %w", err)
			}
			for _, t := range []string{"subprocessors", "subprocessor_checks"} {
				if _, err := tx.ExecContext(ctx, s.q("DELETE FROM "+t+" WHERE list_digest = ? AND app_sha256 = ?"), v.ListDigest, v.App); err != nil {
					return fmt.Errorf("%s: %w", t, err)
				}
			}
			if err := s.putVerdict(ctx, tx, v, now); err != nil {
				return err
			}
			if err := s.putVerdictFacets(ctx, tx, v.App); err != nil { // facets.go
				return err
			}
		}
		return nil
	})
}

// putVerdict inserts the rows of v (the caller removed older ones).
func (s *Store) putVerdict(ctx context.Context, tx *sql.Tx, v Verdict, now string) error {
	sp := v.Result
	entity := map[string]string{} // declared entry name → its legal entity
	for _, d := range sp.Declared {
		if d.Entity != "" {
			entity[d.Name] = d.Entity
		}
	}
	var rows [][]any
	undeclared := 0
	for _, rc := range sp.Recipients {
		id := rc.Key() // the vendor id, or domain:NAME for a host no vendor claims
		le := ""
		if rc.MatchedEntry != nil {
			le = entity[*rc.MatchedEntry]
		}
		if !rc.Declared {
			undeclared++
		}
		rows = append(rows, []any{v.ListDigest, v.App, id, rc.Vendor.Name, le, rc.Country, rc.InEEA, rc.Declared,
			nullString(rc.MatchedEntry), rc.Severity, strings.Join(rc.DataKinds, ","), strings.Join(rc.SDKs, ","), strings.Join(rc.Hosts, ","), sp.List})
	}
	if err := s.insertRows(ctx, tx, "subprocessors", "list_digest, app_sha256, vendor_id, vendor, legal_entity, country, in_eea, declared, matched_entry, severity, data_kinds, sdks, hosts, list", rows); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO subprocessor_checks (list_digest, app_sha256, list, sdkdb_digest, recipients, undeclared, checked_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (list_digest, app_sha256) DO UPDATE SET list = excluded.list, sdkdb_digest = excluded.sdkdb_digest,
	recipients = excluded.recipients, undeclared = excluded.undeclared, checked_at = excluded.checked_at`),
		v.ListDigest, v.App, sp.List, v.SDKDBDigest, len(sp.Recipients), undeclared, now)
	if err != nil {
		return fmt.Errorf("subprocessor_checks: %w", err)
	}
	return nil
}

// Checked reports whether the list listDigest was applied to the stored
// app sha256 with the signature database sdkdbDigest (a verdict that is
// current: applying it again would give the same rows).
func (s *Store) Checked(ctx context.Context, sha256, listDigest, sdkdbDigest string) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, s.q("SELECT 1 FROM subprocessor_checks WHERE list_digest = ? AND app_sha256 = ? AND sdkdb_digest = ?"),
		listDigest, sha256, sdkdbDigest).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// AppKey names a stored build.
type AppKey struct {
	SHA256  string
	Package string
}

// Apps lists the stored builds whose package starts with packagePrefix
// ("" for all), by package, version code and sha256. It reads the index
// only, not the reports.
func (s *Store) Apps(ctx context.Context, packagePrefix string) ([]AppKey, error) {
	q := "SELECT sha256, package FROM apps"
	var args []any
	if packagePrefix != "" {
		// substr, not LIKE: '_' and '%' are common in package names.
		q += " WHERE substr(package, 1, ?) = ?"
		args = append(args, utf8.RuneCountInString(packagePrefix), packagePrefix) // substr counts characters
	}
	q += " ORDER BY package, version_code, sha256"
	var out []AppKey
	err := s.rowsArgs(ctx, q, args, func(r *sql.Rows) error {
		var k AppKey
		if err := r.Scan(&k.SHA256, &k.Package); err != nil {
			return err
		}
		out = append(out, k)
		return nil
	})
	return out, err
}
