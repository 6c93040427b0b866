package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/apkscan/apkscan/reports"
)

// StatsOptions select what Stats counts.
type StatsOptions struct {
	// Top caps every ranking (0 = no cap).
	Top int
	// AllBuilds counts every stored build; by default each package counts
	// once, by its newest build (highest version code).
	AllBuilds bool
	// Vendor, when set, describes a vendor id (from sdkdb): the legal
	// entity of recipients and, for vendors only flows name, their name
	// and country.
	Vendor func(id string) (VendorInfo, bool)
}

// Stats summarise a store.
type Stats struct {
	Scope string `json:"scope"` // "latest-build-per-package" | "all-builds"
	// Apps is the number of builds in scope (the denominator of shares).
	Apps      int           `json:"apps"`
	Builds    int           `json:"builds"`
	Packages  int           `json:"packages"`
	Partial   int           `json:"partial"` // stored builds whose report lists error problems
	Inputs    int           `json:"inputs"`
	Errors    int           `json:"errors"`
	Runs      int           `json:"runs"`
	ErrorKind []KindCount   `json:"errors_by_kind"`
	SDKs      []SDKStat     `json:"sdks"`
	Hosts     []HostStat    `json:"third_party_hosts"`
	Flows     []FlowStat    `json:"flows"`
	Countries []CountryStat `json:"vendor_countries"`
	// Lists are the subprocessor lists applied to apps in scope (bulk
	// --subprocessors, apkscan recheck), by digest.
	Lists []ListStat `json:"recipient_lists"`
	// Recipients are, per list, the parties its cross-checks found; with
	// no list applied, the vendors of the SDKs and flows (UndeclaredApps
	// null).
	Recipients []RecipientRow `json:"recipients"`
}

// KindCount is a count by kind.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// SDKStat is the prevalence of one SDK.
type SDKStat struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Vendor  string  `json:"vendor"`
	Country string  `json:"country"`
	Apps    int     `json:"apps"`
	Used    int     `json:"used"` // apps whose own code calls it
	Share   float64 `json:"share"`
}

// HostStat is a third-party host (owner neither first-party nor local).
type HostStat struct {
	Host      string  `json:"host"`
	Owner     string  `json:"owner"`
	OwnerName string  `json:"owner_name"`
	SDK       string  `json:"sdk"`
	Apps      int     `json:"apps"`
	Share     float64 `json:"share"`
}

// FlowStat counts flows to one SDK (or host-only recipient) per data kind.
type FlowStat struct {
	SDK   string `json:"sdk"` // "" for a host-only recipient
	Kind  string `json:"kind"`
	Flows int    `json:"flows"`
	Apps  int    `json:"apps"`
}

// CountryStat counts apps embedding an SDK whose vendor is in a country.
type CountryStat struct {
	Country string  `json:"country"` // "" when unknown
	Apps    int     `json:"apps"`
	Vendors int     `json:"vendors"`
	Share   float64 `json:"share"`
}

// scopeCTE selects the builds counted: the newest build of each package
// (ties broken by sha256), or every build.
func scopeCTE(all bool) string {
	if all {
		return "WITH scope AS (SELECT sha256 FROM apps) "
	}
	return `WITH scope AS (SELECT a.sha256 FROM apps a WHERE a.package = '' OR NOT EXISTS (
	SELECT 1 FROM apps b WHERE b.package = a.package AND (b.version_code > a.version_code OR (b.version_code = a.version_code AND b.sha256 > a.sha256)))) `
}

func limit(n int) string {
	if n <= 0 {
		return ""
	}
	return " LIMIT " + strconv.Itoa(n)
}

// Stats computes the summary.
func (s *Store) Stats(ctx context.Context, o StatsOptions) (*Stats, error) {
	st := &Stats{Scope: "latest-build-per-package"}
	if o.AllBuilds {
		st.Scope = "all-builds"
	}
	cte := scopeCTE(o.AllBuilds)
	one := func(q string, dst *int) error {
		return s.db.QueryRowContext(ctx, q).Scan(dst)
	}
	for _, c := range []struct {
		q   string
		dst *int
	}{
		{cte + "SELECT COUNT(*) FROM scope", &st.Apps},
		{"SELECT COUNT(*) FROM apps", &st.Builds},
		{"SELECT COUNT(DISTINCT package) FROM apps", &st.Packages},
		{"SELECT COUNT(*) FROM apps WHERE partial", &st.Partial},
		{"SELECT COUNT(*) FROM inputs", &st.Inputs},
		{"SELECT COUNT(*) FROM errors", &st.Errors},
		{"SELECT COUNT(*) FROM scans", &st.Runs},
	} {
		if err := one(c.q, c.dst); err != nil {
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
		if err := r.Scan(&k.Kind, &k.Count); err != nil {
			return err
		}
		st.ErrorKind = append(st.ErrorKind, k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+`SELECT s.sdk_id, MAX(s.name), MAX(s.vendor), MAX(s.country), COUNT(*) AS n,
	SUM(CASE WHEN s.used THEN 1 ELSE 0 END)
FROM sdks s JOIN scope ON scope.sha256 = s.app_sha256
GROUP BY s.sdk_id ORDER BY n DESC, s.sdk_id`+limit(o.Top), func(r *sql.Rows) error {
		var x SDKStat
		if err := r.Scan(&x.ID, &x.Name, &x.Vendor, &x.Country, &x.Apps, &x.Used); err != nil {
			return err
		}
		x.Share = share(x.Apps)
		st.SDKs = append(st.SDKs, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+`SELECT e.host, MAX(e.owner), MAX(e.owner_name), COALESCE(MAX(e.sdk_id), ''), COUNT(DISTINCT e.app_sha256) AS n
FROM endpoints e JOIN scope ON scope.sha256 = e.app_sha256
WHERE e.owner NOT IN ('first-party', 'local') AND e.host <> ''
GROUP BY e.host ORDER BY n DESC, e.host`+limit(o.Top), func(r *sql.Rows) error {
		var x HostStat
		if err := r.Scan(&x.Host, &x.Owner, &x.OwnerName, &x.SDK, &x.Apps); err != nil {
			return err
		}
		x.Share = share(x.Apps)
		st.Hosts = append(st.Hosts, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+`SELECT COALESCE(f.sdk_id, ''), f.source_kind, COUNT(*) AS n, COUNT(DISTINCT f.app_sha256)
FROM flows f JOIN scope ON scope.sha256 = f.app_sha256
GROUP BY COALESCE(f.sdk_id, ''), f.source_kind ORDER BY n DESC, COALESCE(f.sdk_id, ''), f.source_kind`+limit(o.Top), func(r *sql.Rows) error {
		var x FlowStat
		if err := r.Scan(&x.SDK, &x.Kind, &x.Flows, &x.Apps); err != nil {
			return err
		}
		st.Flows = append(st.Flows, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.rows(ctx, cte+`SELECT s.country, COUNT(DISTINCT s.app_sha256) AS n, COUNT(DISTINCT s.vendor_id)
FROM sdks s JOIN scope ON scope.sha256 = s.app_sha256
GROUP BY s.country ORDER BY n DESC, s.country`+limit(o.Top), func(r *sql.Rows) error {
		var x CountryStat
		if err := r.Scan(&x.Country, &x.Apps, &x.Vendors); err != nil {
			return err
		}
		x.Share = share(x.Apps)
		st.Countries = append(st.Countries, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.recipientStats(ctx, st, cte, o); err != nil {
		return nil, err
	}
	st.normalize()
	return st, nil
}

func (st *Stats) normalize() {
	if st.ErrorKind == nil {
		st.ErrorKind = []KindCount{}
	}
	if st.SDKs == nil {
		st.SDKs = []SDKStat{}
	}
	if st.Hosts == nil {
		st.Hosts = []HostStat{}
	}
	if st.Flows == nil {
		st.Flows = []FlowStat{}
	}
	if st.Countries == nil {
		st.Countries = []CountryStat{}
	}
	if st.Lists == nil {
		st.Lists = []ListStat{}
	}
	if st.Recipients == nil {
		st.Recipients = []RecipientRow{}
	}
}

// rows runs a query without arguments and calls each for every row.
func (s *Store) rows(ctx context.Context, q string, each func(*sql.Rows) error) error {
	return s.rowsArgs(ctx, q, nil, each)
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// clean neutralises a string from an APK for a terminal.
func clean(s string) string { return reports.Sanitize(s, 80) }

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// WriteTable renders the summary as plain-text tables.
func (st *Stats) WriteTable(w io.Writer) error {
	scope := "newest build of each package"
	if st.Scope == "all-builds" {
		scope = "every stored build"
	}
	fmt.Fprintf(w, "%d apps (%s); %d builds of %d packages; %d inputs, %d errors, %d partial reports; %d runs\n",
		st.Apps, scope, st.Builds, st.Packages, st.Inputs, st.Errors, st.Partial, st.Runs)
	if len(st.ErrorKind) > 0 {
		fmt.Fprint(w, "errors by kind:")
		for _, k := range st.ErrorKind {
			fmt.Fprintf(w, " %s %d", k.Kind, k.Count)
		}
		fmt.Fprintln(w)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	section := func(title, header string) {
		fmt.Fprintf(tw, "\n%s\n%s\n", title, header)
	}
	section("SDK prevalence", "SDK\tNAME\tVENDOR\tCOUNTRY\tAPPS\tSHARE\tUSED")
	for _, x := range st.SDKs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%d\n", clean(x.ID), clean(x.Name), clean(x.Vendor), orDash(x.Country), x.Apps, pct(x.Share), x.Used)
	}
	section("Top third-party hosts", "HOST\tOWNER\tSDK\tAPPS\tSHARE")
	for _, x := range st.Hosts {
		owner := x.Owner
		if x.OwnerName != "" {
			owner = x.OwnerName
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", clean(x.Host), clean(owner), orDash(clean(x.SDK)), x.Apps, pct(x.Share))
	}
	section("Flows per SDK and data kind", "SDK\tDATA KIND\tFLOWS\tAPPS")
	if len(st.Flows) == 0 {
		fmt.Fprintln(tw, "(none recorded)")
	}
	for _, x := range st.Flows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", orDash(clean(x.SDK)), clean(x.Kind), x.Flows, x.Apps)
	}
	section("Apps per SDK vendor country", "COUNTRY\tAPPS\tSHARE\tVENDORS")
	for _, x := range st.Countries {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\n", orDash(clean(x.Country)), x.Apps, pct(x.Share), x.Vendors)
	}
	st.writeRecipients(tw)
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
