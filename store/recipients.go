package store

// Recipients in Stats: per subprocessor list, the parties its cross-checks
// found in the apps in scope; without any list, the vendors of the SDKs
// and flows.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/geo"
)

// VendorInfo describes an sdkdb vendor for Stats (StatsOptions.Vendor).
type VendorInfo struct {
	Name        string
	LegalEntity string
	Country     string
}

// ListStat is one subprocessor list applied to stored apps.
type ListStat struct {
	// Digest is the SHA-256 of the list's bytes ("" for verdicts stored
	// before schema version 2, whose list is known by path only).
	Digest string `json:"digest"`
	List   string `json:"list"` // the path it was given as (the latest one)
	Apps   int    `json:"apps"` // apps in scope it was applied to
	// UndeclaredApps are the apps in which it found an undeclared
	// recipient.
	UndeclaredApps int `json:"undeclared_apps"`
}

// RecipientRow is one recipient, for one list (or for none).
type RecipientRow struct {
	ListDigest  string `json:"list_digest"` // "" without a list
	VendorID    string `json:"vendor_id"`   // sdkdb vendor id, or domain:NAME for a host no vendor claims
	Vendor      string `json:"vendor"`
	LegalEntity string `json:"legal_entity"` // the declared entry's entity, else sdkdb's first legal entity; "" unknown
	Country     string `json:"country"`      // the declared entry's country, else the vendor's headquarters; "" unknown
	InEEA       bool   `json:"in_eea"`
	Apps        int    `json:"apps"`
	// UndeclaredApps are the apps whose list does not declare it; null
	// without a list.
	UndeclaredApps *int     `json:"undeclared_apps"`
	DataKinds      []string `json:"data_kinds"` // kinds of user data that flow to it, in any app
	SDKs           []string `json:"sdks"`       // its SDKs found, in any app
}

// recipientStats fills st.Lists and st.Recipients.
func (s *Store) recipientStats(ctx context.Context, st *Stats, cte string, o StatsOptions) error {
	err := s.rows(ctx, cte+`SELECT c.list_digest, MAX(c.list), COUNT(*), SUM(CASE WHEN c.undeclared > 0 THEN 1 ELSE 0 END)
FROM subprocessor_checks c JOIN scope ON scope.sha256 = c.app_sha256
GROUP BY c.list_digest ORDER BY c.list_digest`, func(r *sql.Rows) error {
		var x ListStat
		if err := r.Scan(&x.Digest, &x.List, &x.Apps, &x.UndeclaredApps); err != nil {
			return err
		}
		st.Lists = append(st.Lists, x)
		return nil
	})
	if err != nil {
		return err
	}
	key := func(list, vendor string) string { return list + "\x00" + vendor }
	kinds, sdks := map[string][]string{}, map[string][]string{}
	var rows []RecipientRow
	if len(st.Lists) > 0 {
		err = s.rows(ctx, cte+`SELECT p.list_digest, p.vendor_id, MAX(p.vendor), MAX(p.legal_entity), MAX(p.country),
	MAX(CASE WHEN p.in_eea THEN 1 ELSE 0 END), COUNT(DISTINCT p.app_sha256),
	COUNT(DISTINCT CASE WHEN p.declared THEN NULL ELSE p.app_sha256 END)
FROM subprocessors p JOIN scope ON scope.sha256 = p.app_sha256
GROUP BY p.list_digest, p.vendor_id`, func(r *sql.Rows) error {
			var x RecipientRow
			var eea, undeclared int
			if err := r.Scan(&x.ListDigest, &x.VendorID, &x.Vendor, &x.LegalEntity, &x.Country, &eea, &x.Apps, &undeclared); err != nil {
				return err
			}
			x.InEEA, x.UndeclaredApps = eea == 1, &undeclared
			rows = append(rows, x)
			return nil
		})
		if err != nil {
			return err
		}
		err = s.rows(ctx, cte+`SELECT DISTINCT p.list_digest, p.vendor_id, p.data_kinds, p.sdks
FROM subprocessors p JOIN scope ON scope.sha256 = p.app_sha256`, func(r *sql.Rows) error {
			var list, vendor, k, sd string
			if err := r.Scan(&list, &vendor, &k, &sd); err != nil {
				return err
			}
			kinds[key(list, vendor)] = union(kinds[key(list, vendor)], splitComma(k)...)
			sdks[key(list, vendor)] = union(sdks[key(list, vendor)], splitComma(sd)...)
			return nil
		})
	} else {
		rows, err = s.vendorRecipients(ctx, cte, o, func(vendor, kind, sdk string) {
			if kind != "" {
				kinds[key("", vendor)] = union(kinds[key("", vendor)], kind)
			}
			if sdk != "" {
				sdks[key("", vendor)] = union(sdks[key("", vendor)], sdk)
			}
		})
	}
	if err != nil {
		return err
	}
	for i := range rows {
		x := &rows[i]
		x.DataKinds = nonNil(kinds[key(x.ListDigest, x.VendorID)])
		x.SDKs = nonNil(sdks[key(x.ListDigest, x.VendorID)])
		if x.LegalEntity == "" && o.Vendor != nil && !strings.HasPrefix(x.VendorID, "domain:") {
			if v, ok := o.Vendor(x.VendorID); ok {
				x.LegalEntity = v.LegalEntity
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case a.ListDigest != b.ListDigest:
			return a.ListDigest < b.ListDigest
		case a.Apps != b.Apps:
			return a.Apps > b.Apps
		}
		return a.VendorID < b.VendorID
	})
	n := 0
	for i, x := range rows { // Top per list
		if i > 0 && x.ListDigest != rows[i-1].ListDigest {
			n = 0
		}
		n++
		if o.Top <= 0 || n <= o.Top {
			st.Recipients = append(st.Recipients, x)
		}
	}
	return nil
}

// browseRecipientStats is recipientStats over the newest builds (cte)
// with rankings capped at top, from the per-list counters (lists.go):
// the same result, without aggregating the subprocessors rows. Without
// any list applied it aggregates as Stats does.
func (s *Store) browseRecipientStats(ctx context.Context, st *Stats, cte string, top int) error {
	ls, err := s.Lists(ctx)
	if err != nil {
		return err
	}
	if len(ls) == 0 {
		return s.recipientStats(ctx, st, cte, StatsOptions{Top: top})
	}
	st.Lists = ls
	for _, l := range ls {
		rows, _, err := s.listRecipients(ctx, l.Digest, top)
		if err != nil {
			return err
		}
		st.Recipients = append(st.Recipients, rows...)
	}
	sort.SliceStable(st.Recipients, func(i, j int) bool { return st.Recipients[i].ListDigest < st.Recipients[j].ListDigest })
	return nil
}

// flowVendors (a CTE after scope) gives the vendor id a flow reaches:
// its SDK's vendor, else the owner of its host (flows store the vendor's
// name, not its id).
const flowVendors = `, fv AS (SELECT DISTINCT f.app_sha256 AS app, COALESCE(s2.vendor_id, e.owner) AS vendor, f.source_kind AS kind
	FROM flows f JOIN scope ON scope.sha256 = f.app_sha256
	LEFT JOIN sdks s2 ON s2.app_sha256 = f.app_sha256 AND s2.sdk_id = f.sdk_id AND s2.vendor_id <> ''
	LEFT JOIN endpoints e ON f.sdk_id IS NULL AND e.app_sha256 = f.app_sha256 AND e.host = f.host
		AND e.owner NOT IN ('', 'unknown', 'first-party', 'local')
	WHERE COALESCE(s2.vendor_id, e.owner) IS NOT NULL) `

// vendorRecipients are the recipients without a list: the vendor of
// every SDK found and every vendor a flow reaches. each receives the data
// kinds and SDKs per vendor.
func (s *Store) vendorRecipients(ctx context.Context, cte string, o StatsOptions, each func(vendor, kind, sdk string)) ([]RecipientRow, error) {
	var rows []RecipientRow
	err := s.rows(ctx, cte+flowVendors+`, r AS (
	SELECT s.app_sha256 AS app, s.vendor_id AS vendor FROM sdks s JOIN scope ON scope.sha256 = s.app_sha256 WHERE s.vendor_id <> ''
	UNION
	SELECT fv.app, fv.vendor FROM fv)
SELECT r.vendor, COALESCE(MAX(s.vendor), ''), COALESCE(MAX(s.country), ''), COUNT(DISTINCT r.app)
FROM r LEFT JOIN sdks s ON s.vendor_id = r.vendor AND s.app_sha256 = r.app
GROUP BY r.vendor`, func(r *sql.Rows) error {
		var x RecipientRow
		if err := r.Scan(&x.VendorID, &x.Vendor, &x.Country, &x.Apps); err != nil {
			return err
		}
		if o.Vendor != nil {
			if v, ok := o.Vendor(x.VendorID); ok {
				if x.Vendor == "" {
					x.Vendor = v.Name
				}
				if x.Country == "" {
					x.Country = v.Country
				}
			}
		}
		if x.Vendor == "" {
			x.Vendor = x.VendorID
		}
		x.InEEA = geo.InEEA(x.Country)
		rows = append(rows, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+flowVendors+`SELECT DISTINCT fv.vendor, fv.kind FROM fv`, func(r *sql.Rows) error {
		var v, k string
		if err := r.Scan(&v, &k); err != nil {
			return err
		}
		each(v, k, "")
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+`SELECT DISTINCT s.vendor_id, s.sdk_id FROM sdks s JOIN scope ON scope.sha256 = s.app_sha256 WHERE s.vendor_id <> ''`, func(r *sql.Rows) error {
		var v, id string
		if err := r.Scan(&v, &id); err != nil {
			return err
		}
		each(v, "", id)
		return nil
	})
	return rows, err
}

func splitComma(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// union adds vs to the sorted set xs.
func union(xs []string, vs ...string) []string {
	for _, v := range vs {
		i := sort.SearchStrings(xs, v)
		if i < len(xs) && xs[i] == v {
			continue
		}
		xs = append(xs, "")
		copy(xs[i+1:], xs[i:])
		xs[i] = v
	}
	return xs
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// writeRecipients renders st.Lists and st.Recipients as table sections.
func (st *Stats) writeRecipients(w io.Writer) {
	byList := map[string][]RecipientRow{}
	for _, x := range st.Recipients {
		byList[x.ListDigest] = append(byList[x.ListDigest], x)
	}
	header := "VENDOR\tLEGAL ENTITY\tCOUNTRY\tEU/EEA\tAPPS\tUNDECLARED\tDATA\tSDKS"
	row := func(x RecipientRow) {
		eea, und := "no", "-"
		if x.InEEA {
			eea = "yes"
		} else if x.Country == "" {
			eea = "?"
		}
		if x.UndeclaredApps != nil {
			und = fmt.Sprint(*x.UndeclaredApps)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", clean(x.Vendor), orDash(clean(x.LegalEntity)), orDash(clean(x.Country)), eea,
			x.Apps, und, orDash(clean(strings.Join(x.DataKinds, ","))), orDash(clean(strings.Join(x.SDKs, ","))))
	}
	if len(st.Lists) == 0 {
		fmt.Fprintf(w, "\nRecipients (no subprocessor list applied: vendors of SDKs and flows)\n%s\n", header)
		if len(st.Recipients) == 0 {
			fmt.Fprintln(w, "(none recorded)")
		}
		for _, x := range st.Recipients {
			row(x)
		}
		return
	}
	for _, l := range st.Lists {
		d := l.Digest
		if d == "" {
			d = "(digest unknown, stored before schema 2)"
		} else if len(d) > 12 {
			d = d[:12]
		}
		fmt.Fprintf(w, "\nRecipients, list %s %s: %d apps checked, %d with an undeclared recipient\n%s\n", clean(l.List), d, l.Apps, l.UndeclaredApps, header)
		if len(byList[l.Digest]) == 0 {
			fmt.Fprintln(w, "(none found)")
		}
		for _, x := range byList[l.Digest] {
			row(x)
		}
	}
}
