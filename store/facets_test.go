package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/apkscan/apkscan/reports"
)

// browseState is the content of the derived tables, in a stable order
// (counters that dropped to zero are left out: a recount has no row).
type browseState struct {
	Index, Facets, Counts []string
}

type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func readBrowseState(t *testing.T, q queryer) browseState {
	t.Helper()
	ctx := context.Background()
	read := func(stmt string) []string {
		rows, err := q.QueryContext(ctx, stmt)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if i > 0 {
					b.WriteString("|")
				}
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				if bl, ok := v.(bool); ok { // PostgreSQL booleans, SQLite integers
					v = b2i(bl)
				}
				fmt.Fprint(&b, v)
			}
			out = append(out, b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return browseState{
		Index:  read("SELECT sha256, package, version_code, latest, lpackage, llabel FROM app_index ORDER BY sha256"),
		Facets: read("SELECT sha256, facet, value, sub, package, version_code, latest, n FROM app_facets ORDER BY sha256, facet, value, sub"),
		Counts: read("SELECT facet, value, sub, apps, builds, n FROM facet_counts WHERE apps <> 0 OR builds <> 0 OR n <> 0 ORDER BY facet, value, sub"),
	}
}

// recounted is the state backfillBrowse computes from scratch (in a
// transaction rolled back).
func recounted(t *testing.T, s *Store) browseState {
	t.Helper()
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := s.backfillBrowse(ctx, tx); err != nil {
		t.Fatal(err)
	}
	return readBrowseState(t, tx)
}

func diffStates(a, b browseState) string {
	var out []string
	for _, part := range []struct {
		name string
		x, y []string
	}{{"app_index", a.Index, b.Index}, {"app_facets", a.Facets, b.Facets}, {"facet_counts", a.Counts, b.Counts}} {
		in := map[string]int{}
		for _, r := range part.x {
			in[r]++
		}
		for _, r := range part.y {
			in[r]--
		}
		for r, n := range in {
			if n > 0 {
				out = append(out, part.name+" incremental only: "+r)
			} else if n < 0 {
				out = append(out, part.name+" recount only: "+r)
			}
		}
	}
	return strings.Join(out, "\n")
}

// browseReport is a build of pkg with the given SDKs, a permission per
// SDK, and a flow of the android-privacy rule when private.
func browseReport(sha, pkg string, version int64, private bool, sdks ...string) *reports.Report {
	r := testReport(sha, version, sdks...)
	r.App.Package, r.App.Label = pkg, "Label "+strings.ToUpper(pkg)
	for i, id := range sdks {
		r.App.Permissions = append(r.App.Permissions, "perm."+id)
		r.SDKs[i].Categories = []string{map[bool]string{true: "analytics", false: "push"}[i%2 == 0]}
	}
	if private {
		r.Flows = append(r.Flows, reports.Flow{Rule: "android-privacy", Source: reports.FlowSource{Kind: "location"},
			Recipient: reports.Recipient{Vendor: "os"}, Sink: reports.FlowSink{Method: "Ly;->n()V"}, Fingerprint: "fp-os", Confidence: "high"})
	}
	r.Normalize()
	return r
}

// TestBrowseCounters: after every put, rescan and supersession, the
// derived tables PutApp maintains equal a from-scratch recount from the
// stored reports, and the statistics, summaries and list counts read
// from them equal the ones aggregated from the base tables.
func TestBrowseCounters(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		steps := []struct {
			what string
			r    *reports.Report
		}{
			{"first build", browseReport("a1", "com.a", 1, false, "x", "y")},
			{"newer build supersedes", browseReport("a2", "com.a", 2, true, "y", "z")},
			{"older build arrives late", browseReport("a0", "com.a", 0, false, "w")},
			{"other package", browseReport("b1", "com.b", 5, true, "x")},
			{"rescan of the newest, other SDKs", browseReport("a2", "com.a", 2, false, "x")},
			{"rescan of a superseded build", browseReport("a1", "com.a", 1, true, "z", "w", "y")},
			{"same version code: greater sha256 wins", browseReport("a3", "com.a", 2, false, "q")},
			{"same version code: smaller sha256 does not", browseReport("a20", "com.a", 2, false, "r")},
			{"no package", browseReport("n1", "", 1, false, "x")},
			{"no package again (each counts)", browseReport("n2", "", 1, true, "y")},
			{"rescan moves a build to another package", browseReport("b1", "com.a", 9, true, "x", "y")},
			{"rescan moves it back, version lowered", browseReport("b1", "com.b", 1, false)},
			{"rescan makes the newest an older version", browseReport("a3", "com.a", 0, false, "q")},
			{"rescan without package", browseReport("a2", "", 2, false, "z")},
		}
		for i, step := range steps {
			rec, err := NewRecord(step.r)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.PutApp(ctx, 1, Input{Path: fmt.Sprint(i)}, rec); err != nil {
				t.Fatalf("%s: %v", step.what, err)
			}
			got, want := readBrowseState(t, s.db), recounted(t, s)
			if d := diffStates(got, want); d != "" {
				t.Fatalf("after %q the incremental tables differ from a recount:\n%s", step.what, d)
			}
			if len(got.Counts) == 0 {
				t.Fatalf("no counters after %q", step.what)
			}
		}
		// Verdicts of another list (apkscan recheck), of a newest and a
		// superseded build, then replaced.
		for i, vs := range [][]Verdict{
			{{App: "a1", ListDigest: "L2", Result: crosscheck("l2.yaml", map[string]bool{"v-y": true}, "v-y", "v-z")},
				{App: "a3", ListDigest: "L2", Result: crosscheck("l2.yaml", nil, "v-q", "domain:q.example")},
				{App: "gone", ListDigest: "L2", Result: crosscheck("l2.yaml", nil, "v-q")}},
			{{App: "a3", ListDigest: "L2", Result: crosscheck("l2.yaml", map[string]bool{"v-q": true}, "v-q")},
				{App: "b1", ListDigest: "L3", Result: crosscheck("l3.yaml", nil)}},
		} {
			if err := s.PutVerdicts(ctx, vs); err != nil {
				t.Fatal(err)
			}
			if d := diffStates(readBrowseState(t, s.db), recounted(t, s)); d != "" {
				t.Fatalf("after verdicts %d the incremental tables differ from a recount:\n%s", i, d)
			}
		}
		if cc, err := s.Crosscheck(ctx, 0); err != nil {
			t.Fatal(err)
		} else if want := naiveCrosscheck(t, s); !reflect.DeepEqual(cc, want) || cc.Apps == 0 || len(cc.Undeclared) == 0 {
			t.Errorf("Crosscheck %+v\nfrom the verdicts %+v", cc, want)
		}
		for _, v := range []string{"v-q", "v-y", "v-a"} {
			vs, ok, err := s.VendorSummary(ctx, v, 0)
			if err != nil || !ok {
				t.Fatal(v, ok, err)
			}
			var decl, undecl int
			s.db.QueryRow(s.q(`SELECT COALESCE(SUM(CASE WHEN declared THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN declared THEN 0 ELSE 1 END), 0)
FROM subprocessors WHERE vendor_id = ? AND `+s.latest("app_sha256")), v).Scan(&decl, &undecl)
			if vs.Recipient.Declared != decl || vs.Recipient.Undeclared != undecl {
				t.Errorf("vendor %s: verdicts %+v, want %d declared, %d undeclared", v, vs.Recipient, decl, undecl)
			}
		}
		// The counters' views equal the aggregates of the base tables.
		wantStats, err := s.Stats(ctx, StatsOptions{})
		if err != nil {
			t.Fatal(err)
		}
		gotStats, err := s.BrowseStats(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotStats, wantStats) {
			t.Errorf("BrowseStats %+v\nStats %+v", gotStats, wantStats)
		}
		var newest int
		s.db.QueryRow(`SELECT COUNT(*) FROM apps a WHERE a.package = '' OR NOT EXISTS (SELECT 1 FROM apps b WHERE b.package = a.package AND
	(b.version_code > a.version_code OR (b.version_code = a.version_code AND b.sha256 > a.sha256)))`).Scan(&newest)
		if newest != wantStats.Apps || newest < 4 {
			t.Errorf("%d newest builds, Stats says %d", newest, wantStats.Apps)
		}
		for _, f := range []AppFilter{{}, {SDK: "x"}, {SDK: "y"}, {Vendor: "v-x"}, {Permission: "perm.x"}, {Sends: "search-query"},
			{Kind: "location"}, {Sends: "location"}, {Trackers: "0"}, {Trackers: "1"}, {SDK: "x", Trackers: "1"}, {Text: "COM.A"},
			{SDK: "x", AllBuilds: true}, {AllBuilds: true}, {SDK: "nope"}} {
			rows, total, err := s.ListApps(ctx, f, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			if want := naiveCount(t, s, f); total != want || len(rows) != want {
				t.Errorf("%+v: total %d, %d rows; the base tables say %d", f, total, len(rows), want)
			}
			// Every page, also walked from the end, is the slice of the
			// whole list.
			for per := 1; per <= 3; per++ {
				for off := 0; off < total; off += per {
					page, _, err := s.ListApps(ctx, f, off, per)
					if err != nil {
						t.Fatal(err)
					}
					for j, r := range page {
						if r.SHA256 != rows[off+j].SHA256 {
							t.Fatalf("%+v per %d offset %d: row %d is %s, want %s", f, per, off, j, r.SHA256, rows[off+j].SHA256)
						}
					}
					if want := min(per, total-off); len(page) != want {
						t.Fatalf("%+v per %d offset %d: %d rows, want %d", f, per, off, len(page), want)
					}
				}
			}
		}
		// A capped count: exact below the cap and from a counter; else
		// the first maxCount matches only.
		for _, c := range []struct {
			f       AppFilter
			max     int
			capped  bool
			wantTot int
		}{
			{AppFilter{Text: "com."}, 1, true, 1},
			{AppFilter{Text: "com."}, 100, false, naiveCount(t, s, AppFilter{Text: "com."})},
			{AppFilter{Trackers: "1", Text: "label"}, 2, true, 2},
			{AppFilter{}, 1, false, naiveCount(t, s, AppFilter{})},
			{AppFilter{Trackers: "1"}, 1, false, naiveCount(t, s, AppFilter{Trackers: "1"})},
		} {
			all, _, _ := s.ListApps(ctx, c.f, 0, 100)
			rows, total, capped, err := s.ListAppsCapped(ctx, c.f, 0, 100, c.max)
			if err != nil {
				t.Fatal(err)
			}
			if capped != c.capped || total != c.wantTot || len(rows) != min(total, len(all)) || capped && len(all) <= total {
				t.Errorf("%+v cap %d: total %d capped %v, %d rows; want %d %v", c.f, c.max, total, capped, len(rows), c.wantTot, c.capped)
			}
			for i := range rows {
				if rows[i].SHA256 != all[i].SHA256 {
					t.Errorf("%+v cap %d: row %d differs", c.f, c.max, i)
				}
			}
			if rows, _, _, _ := s.ListAppsCapped(ctx, c.f, total, 100, c.max); c.capped && len(rows) != 0 {
				t.Errorf("%+v cap %d: %d rows past the cap", c.f, c.max, len(rows))
			}
		}
		sum, ok, err := s.SDKSummary(ctx, "y", 0)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		var apps, used, sending int
		s.db.QueryRow(s.q(`SELECT COUNT(*), SUM(CASE WHEN used THEN 1 ELSE 0 END) FROM sdks WHERE sdk_id = 'y' AND `+s.latest("app_sha256"))).Scan(&apps, &used)
		s.db.QueryRow(s.q(`SELECT COUNT(DISTINCT app_sha256) FROM flows WHERE sdk_id = 'y' AND ` + s.latest("app_sha256"))).Scan(&sending)
		if sum.Apps != apps || sum.Used != used || sum.Sending != sending || apps == 0 {
			t.Errorf("SDK y: %d/%d/%d apps/used/sending, want %d/%d/%d", sum.Apps, sum.Used, sum.Sending, apps, used, sending)
		}
	})
}

// naiveCount counts f from the base tables (as ListApps did before the
// derived tables).
func naiveCount(t *testing.T, s *Store, f AppFilter) int {
	t.Helper()
	var conds []string
	var args []any
	if !f.AllBuilds {
		conds = append(conds, `(a.package = '' OR NOT EXISTS (SELECT 1 FROM apps b WHERE b.package = a.package AND
	(b.version_code > a.version_code OR (b.version_code = a.version_code AND b.sha256 > a.sha256))))`)
	}
	in := func(q string, a ...any) { conds = append(conds, "a.sha256 IN ("+q+")"); args = append(args, a...) }
	if f.SDK != "" {
		in("SELECT app_sha256 FROM sdks WHERE sdk_id = ?", f.SDK)
	}
	if f.Vendor != "" {
		in("SELECT app_sha256 FROM sdks WHERE vendor_id = ? UNION SELECT app_sha256 FROM flows WHERE vendor = ?", f.Vendor, f.Vendor)
	}
	if f.Kind != "" {
		in("SELECT app_sha256 FROM flows WHERE source_kind = ?", f.Kind)
	}
	if f.Sends != "" {
		in("SELECT app_sha256 FROM flows WHERE source_kind = ? AND rule <> 'android-privacy'", f.Sends)
	}
	tracker := "SELECT app_sha256 FROM sdks WHERE categories = 'analytics'"
	switch f.Trackers {
	case "1":
		in(tracker)
	case "0":
		conds = append(conds, "a.sha256 NOT IN ("+tracker+")")
	}
	if f.Text != "" {
		conds = append(conds, "(LOWER(a.package) LIKE ? OR LOWER(a.label) LIKE ?)")
		p := "%" + strings.ToLower(f.Text) + "%"
		args = append(args, p, p)
	}
	q := "SELECT COUNT(*) FROM apps a"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	var n int
	if f.Permission != "" { // in the reports only
		rows, err := s.db.Query(s.q("SELECT a.sha256 FROM apps a"+strings.TrimPrefix(q, "SELECT COUNT(*) FROM apps a")), args...)
		if err != nil {
			t.Fatal(err)
		}
		var shas []string
		for rows.Next() {
			var sha string
			rows.Scan(&sha)
			shas = append(shas, sha)
		}
		rows.Close()
		for _, sha := range shas {
			r, err := s.Report(context.Background(), sha)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range r.App.Permissions {
				if p == f.Permission {
					n++
				}
			}
		}
		return n
	}
	if err := s.db.QueryRow(s.q(q), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrateBrowse: a database of schema version 2 (without the derived
// tables) is brought to version 3 with the tables filled from its
// reports, as PutApp would have written them.
func TestMigrateBrowse(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range []*reports.Report{browseReport("m1", "com.m", 1, false, "x"), browseReport("m2", "com.m", 2, true, "y", "z"),
				browseReport("k1", "com.k", 1, false), browseReport("e1", "", 3, false, "x")} {
				rec, _ := NewRecord(r)
				if err := s.PutApp(ctx, 1, Input{Path: fmt.Sprint(i)}, rec); err != nil {
					t.Fatal(err)
				}
			}
			want := readBrowseState(t, s.db)
			for _, stmt := range []string{"DROP TABLE facet_counts", "DROP TABLE app_facets", "DROP TABLE app_index", "UPDATE schema_version SET version = 2"} {
				if _, err := s.db.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			if s, err = Open(ctx, dsn); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if v, _ := s.Version(ctx); v != SchemaVersion {
				t.Errorf("version %d after migrating", v)
			}
			got := readBrowseState(t, s.db)
			if d := diffStates(got, want); d != "" || len(got.Facets) == 0 {
				t.Errorf("migrated tables differ from PutApp's:\n%s", d)
			}
			if n, err := s.SyncBrowse(ctx); err != nil || n != 0 {
				t.Errorf("SyncBrowse after the migration: %d, %v", n, err)
			}
			// A build written around PutApp (another tool) is indexed by
			// SyncBrowse.
			err = s.tx(ctx, func(tx *sql.Tx) error {
				if err := s.bump(ctx, tx, "k1", -1, -1); err != nil { // k1 is the newest of com.k
					return err
				}
				for _, q := range []string{"DELETE FROM app_facets WHERE sha256 = 'k1'", "DELETE FROM app_index WHERE sha256 = 'k1'"} {
					if _, err := tx.Exec(q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n, err := s.SyncBrowse(ctx); err != nil || n != 1 {
				t.Errorf("SyncBrowse of a missing build: %d, %v", n, err)
			}
			if d := diffStates(readBrowseState(t, s.db), want); d != "" {
				t.Errorf("after SyncBrowse:\n%s", d)
			}
		})
	}
}

// naiveCrosscheck is Crosscheck aggregated from the subprocessors rows.
func naiveCrosscheck(t *testing.T, s *Store) *Crosscheck {
	t.Helper()
	c := &Crosscheck{Undeclared: []RecipientStat{}, Countries: []RecipientCountry{}}
	scope := " WHERE " + s.latest("p.app_sha256")
	s.db.QueryRow("SELECT COUNT(DISTINCT p.app_sha256) FROM subprocessors p" + scope).Scan(&c.Apps)
	err := s.rows(context.Background(), `SELECT p.vendor_id, MAX(p.vendor), MAX(p.country), COUNT(DISTINCT p.app_sha256) AS n FROM subprocessors p`+scope+`
AND NOT p.declared GROUP BY p.vendor_id ORDER BY n DESC, p.vendor_id`, func(r *sql.Rows) error {
		var x RecipientStat
		err := r.Scan(&x.VendorID, &x.Vendor, &x.Country, &x.Apps)
		c.Undeclared = append(c.Undeclared, x)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.rows(context.Background(), `SELECT p.country, COUNT(DISTINCT p.vendor_id), COUNT(DISTINCT p.app_sha256) AS n,
	COUNT(DISTINCT CASE WHEN p.declared THEN NULL ELSE p.app_sha256 END)
FROM subprocessors p`+scope+` GROUP BY p.country ORDER BY n DESC, p.country`, func(r *sql.Rows) error {
		var x RecipientCountry
		err := r.Scan(&x.Country, &x.Recipients, &x.Apps, &x.Undeclared)
		c.Countries = append(c.Countries, x)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBrowseConcurrentWriters: writers storing builds of the same
// packages at once (PostgreSQL: separate connections, as bulk workers on
// several machines) leave the derived tables equal to a recount.
func TestBrowseConcurrentWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		const writers, builds = 4, 12
		errc := make(chan error, writers)
		for w := range writers {
			go func() {
				for i := range builds {
					pkg := fmt.Sprintf("com.p%d", i%3)
					sha := fmt.Sprintf("w%d-%02d", w, i)
					r := browseReport(sha, pkg, int64((i*7+w)%5), i%2 == 0, []string{"x", "y", "z"}[i%3], "q")
					rec, err := NewRecord(r)
					if err == nil {
						err = s.PutApp(ctx, 1, Input{Path: sha}, rec)
					}
					if err == nil && i%4 == 0 {
						err = s.PutVerdicts(ctx, []Verdict{{App: sha, ListDigest: "L", Result: crosscheck("l.yaml", nil, "v-x")},
							{App: fmt.Sprintf("w%d-%02d", (w+1)%writers, i), ListDigest: "L", Result: crosscheck("l.yaml", map[string]bool{"v-y": true}, "v-y")}})
					}
					if err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		for range writers {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		got := readBrowseState(t, s.db)
		if d := diffStates(got, recounted(t, s)); d != "" {
			t.Fatalf("concurrent writers: the tables differ from a recount:\n%s", d)
		}
		if len(got.Index) != writers*builds {
			t.Errorf("%d builds indexed, want %d", len(got.Index), writers*builds)
		}
	})
}

// TestNameKey: the lower-case name columns are bounded (a PostgreSQL
// index holds them) and cut on a UTF-8 boundary.
func TestNameKey(t *testing.T) {
	if got := nameKey("Com.Example"); got != "com.example" {
		t.Errorf("nameKey = %q", got)
	}
	long := strings.Repeat("é", maxNameKey) // 2 bytes each
	got := nameKey("x" + long)
	if len(got) > maxNameKey || !utf8.ValidString(got) || !strings.HasPrefix(got, "xé") {
		t.Errorf("nameKey of %d bytes: %d bytes, valid %v", len(long)+1, len(got), utf8.ValidString(got))
	}
}
