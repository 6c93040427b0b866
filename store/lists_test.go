package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
)

// listRecipient is a recipient of listVerdict: vendor id (or domain:NAME),
// country, declared, and its data kinds.
type listRecipient struct {
	vendor, country string
	declared        bool
	kinds           []string
}

// listVerdict is a cross-check by list of app with the recipients rs.
func listVerdict(app, digest, list string, rs ...listRecipient) Verdict {
	sp := &reports.Subprocessors{List: list}
	for _, x := range rs {
		rc := reports.SubprocessorRecipient{Vendor: reports.Vendor{ID: x.vendor, Name: "V " + x.vendor}, Country: x.country,
			InEEA: x.country == "IE" || x.country == "DE", DataKinds: x.kinds, Severity: "high", SDKs: []string{x.vendor + "-sdk", "shared-sdk"}}
		if strings.HasPrefix(x.vendor, "domain:") {
			rc.Vendor = reports.Vendor{Name: strings.TrimPrefix(x.vendor, "domain:")}
			rc.Unidentified, rc.SDKs = true, nil
		}
		if x.declared {
			e := "Entry " + x.vendor
			rc.Declared, rc.MatchedEntry, rc.Severity = true, &e, "info"
			sp.Declared = append(sp.Declared, reports.DeclaredSubprocessor{Name: e, Entity: x.vendor + " Ltd (" + app + ")", Country: x.country, Observed: true})
		}
		sp.Recipients = append(sp.Recipients, rc)
	}
	sp.Normalize()
	return Verdict{App: app, ListDigest: digest, SDKDBDigest: "d1", Result: sp}
}

// naiveListCount counts the newest builds f keeps (and embed the SDK
// sdk, unless ""), from the base tables: the subprocessors rows, their
// data kinds split here.
func naiveListCount(t *testing.T, s *Store, f ListFilter, sdk string) int {
	t.Helper()
	ctx := context.Background()
	with := map[string]bool{}
	err := s.rowsArgs(ctx, "SELECT app_sha256 FROM sdks WHERE sdk_id = ?", []any{sdk}, func(r *sql.Rows) error {
		var app string
		err := r.Scan(&app)
		with[app] = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	apps := map[string]bool{}
	count := func() int {
		n := 0
		for app := range apps {
			if sdk == "" || with[app] {
				n++
			}
		}
		return n
	}
	if f.Recipient == "" && f.Country == "" && !f.OutsideEEA && f.Kind == "" {
		q := "SELECT c.app_sha256 FROM subprocessor_checks c WHERE c.list_digest = ? AND " + s.latest("c.app_sha256")
		if f.Undeclared {
			q += " AND c.undeclared > 0"
		}
		err := s.rowsArgs(ctx, q, []any{f.Digest}, func(r *sql.Rows) error {
			var app string
			err := r.Scan(&app)
			apps[app] = true
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return count()
	}
	err = s.rowsArgs(ctx, `SELECT app_sha256, vendor_id, country, in_eea, declared, data_kinds FROM subprocessors
WHERE list_digest = ? AND `+s.latest("app_sha256"), []any{f.Digest}, func(r *sql.Rows) error {
		var app, vendor, country, kinds string
		var eea, declared bool
		if err := r.Scan(&app, &vendor, &country, &eea, &declared, &kinds); err != nil {
			return err
		}
		ok := (f.Recipient == "" || vendor == f.Recipient) && (f.Country == "" || country == f.Country) &&
			(!f.OutsideEEA || !eea && country != "") && (!f.Undeclared || !declared)
		if f.Kind != "" {
			has := false
			for _, k := range strings.Split(kinds, ",") {
				has = has || k == f.Kind
			}
			ok = ok && has
		}
		if ok {
			apps[app] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return count()
}

// TestListCounters: the per-list verdict counters (schema version 4)
// equal a from-scratch recount after puts, supersessions, rescans and
// verdicts of several lists, and the list views read from them (Lists,
// ListRecipients, VendorLists, BrowseStats' recipients, the app filters
// relative to a list) equal the aggregates of the base tables.
func TestListCounters(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		var err error
		la, lb := strings.Repeat("a", 64), strings.Repeat("b", 64)
		put := func(sha, pkg string, version int64) {
			rec, err := NewRecord(browseReport(sha, pkg, version, false, "x"))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.PutApp(ctx, 1, Input{Path: sha}, rec); err != nil {
				t.Fatal(err)
			}
		}
		google := func(declared bool, kinds ...string) listRecipient {
			return listRecipient{"google", "US", declared, kinds}
		}
		steps := []struct {
			what string
			do   func()
		}{
			{"builds", func() {
				put("p1", "com.p", 1)
				put("q1", "com.q", 1)
				put("r1", "com.r", 1)
				put("n1", "", 1)
			}},
			{"verdicts of two lists", func() {
				err = s.PutVerdicts(ctx, []Verdict{
					listVerdict("p1", la, "a.yaml", google(false, "search-query", "device-id"), listRecipient{"adjust", "DE", false, []string{"device-id"}}),
					listVerdict("q1", la, "a.yaml", google(true, "location"), listRecipient{"domain:t.example", "", false, nil}),
					listVerdict("r1", la, "a-renamed.yaml"),
					listVerdict("n1", la, "a.yaml", listRecipient{"yandex", "RU", false, []string{"search-query"}}),
					listVerdict("p1", lb, "b.yaml", google(true, "search-query")),
					listVerdict("q1", "", "old.yaml", google(false)),
				})
			}},
			{"a newer build supersedes, with its own verdict", func() {
				put("p2", "com.p", 2)
				err = s.PutVerdicts(ctx, []Verdict{listVerdict("p2", la, "a.yaml", google(true, "url"), listRecipient{"yandex", "RU", true, []string{"search-query", "url"}})})
			}},
			{"verdict replaced", func() {
				err = s.PutVerdicts(ctx, []Verdict{listVerdict("q1", la, "a.yaml", google(false, "location", "search-query"))})
			}},
			{"rescan drops the verdicts of the newest build", func() { put("q1", "com.q", 1) }},
			{"an older build arrives late", func() {
				put("p0", "com.p", 0)
				err = s.PutVerdicts(ctx, []Verdict{listVerdict("p0", la, "z.yaml", google(false, "search-query"))})
			}},
			{"rescan moves the newest build to another package", func() { put("p2", "com.r", 0) }},
		}
		for _, step := range steps {
			err = nil
			step.do()
			if err != nil {
				t.Fatalf("%s: %v", step.what, err)
			}
			got := readBrowseState(t, s.db)
			if d := diffStates(got, recounted(t, s)); d != "" {
				t.Fatalf("after %q the incremental tables differ from a recount:\n%s", step.what, d)
			}
			checkListViews(t, s, step.what)
		}
	})
}

// checkListViews compares the per-list views read from the counters with
// Stats (aggregating the base tables) and naive counts.
func checkListViews(t *testing.T, s *Store, what string) {
	t.Helper()
	ctx := context.Background()
	want, err := s.Stats(ctx, StatsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lists, err := s.Lists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(lists, want.Lists) || len(lists) == 0 {
		t.Errorf("%s: Lists %+v\nStats %+v", what, lists, want.Lists)
	}
	for _, top := range []int{0, 1, 2} {
		got, err := s.BrowseStats(ctx, top)
		if err != nil {
			t.Fatal(err)
		}
		w, err := s.Stats(ctx, StatsOptions{Top: top})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Recipients, w.Recipients) || !reflect.DeepEqual(got.Lists, w.Lists) {
			t.Errorf("%s: top %d: BrowseStats recipients %+v\nStats %+v", what, top, got.Recipients, w.Recipients)
		}
	}
	vendors := map[string]bool{"nobody": true}
	for _, l := range want.Lists {
		var rs []RecipientRow
		for _, x := range want.Recipients {
			if x.ListDigest == l.Digest {
				rs = append(rs, x)
				vendors[x.VendorID] = true
			}
		}
		for _, max := range []int{0, 1, len(rs)} {
			got, ok, err := s.ListRecipients(ctx, l.Digest, max)
			if err != nil || !ok {
				t.Fatal(l.Digest, ok, err)
			}
			w := &ListRecipients{List: l, Recipients: append([]RecipientRow{}, rs...)}
			if max > 0 && len(w.Recipients) > max {
				w.Recipients, w.More = w.Recipients[:max], true
			}
			if w.Recipients == nil {
				w.Recipients = []RecipientRow{}
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s: ListRecipients(%q, %d) %+v\nStats %+v", what, l.Digest, max, got, w)
			}
		}
	}
	if _, ok, err := s.ListRecipients(ctx, strings.Repeat("c", 64), 0); ok || err != nil {
		t.Errorf("%s: a list never applied: %v %v", what, ok, err)
	}
	for v := range vendors {
		got, err := s.VendorLists(ctx, v, want.Lists)
		if err != nil {
			t.Fatal(err)
		}
		w := []VendorListCount{}
		for _, l := range want.Lists {
			var apps, und int
			err := s.db.QueryRow(s.q(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN declared THEN 0 ELSE 1 END), 0) FROM subprocessors
WHERE list_digest = ? AND vendor_id = ? AND `+s.latest("app_sha256")), l.Digest, v).Scan(&apps, &und)
			if err != nil {
				t.Fatal(err)
			}
			if apps > 0 {
				w = append(w, VendorListCount{ListDigest: l.Digest, List: l.List, Apps: apps, Undeclared: und})
			}
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: VendorLists(%s) %+v, want %+v", what, v, got, w)
		}
	}
	// The app filters relative to a list: every combination of the
	// conditions, also with another filter.
	for _, l := range append(want.Lists, ListStat{Digest: strings.Repeat("c", 64)}) {
		for _, rec := range []string{"", "google", "yandex"} {
			for _, country := range []string{"", "US", "RU"} {
				for _, kind := range []string{"", "search-query", "device-id", "url", "nope"} {
					for c := range 4 {
						lf := ListFilter{Set: true, Digest: l.Digest, Recipient: rec, Country: country, Kind: kind, Undeclared: c&1 != 0, OutsideEEA: c&2 != 0}
						for _, f := range []AppFilter{{List: lf}, {List: lf, SDK: "x"}} {
							rows, total, err := s.ListApps(ctx, f, 0, 100)
							if err != nil {
								t.Fatal(err)
							}
							if n := naiveListCount(t, s, lf, f.SDK); total != n || len(rows) != n {
								t.Errorf("%s: %+v: total %d, %d rows; the base tables say %d", what, f, total, len(rows), n)
							}
							if total > 1 { // the pages are slices of the whole list
								page, _, err := s.ListApps(ctx, f, 1, 1)
								if err != nil || len(page) != 1 || page[0].SHA256 != rows[1].SHA256 {
									t.Errorf("%s: %+v: second page %+v (%v)", what, f, page, err)
								}
							}
						}
					}
				}
			}
		}
	}
	// The scenario matches someone here.
	if n := naiveListCount(t, s, ListFilter{Set: true, Digest: strings.Repeat("a", 64), Undeclared: true, OutsideEEA: true, Kind: "search-query"}, ""); n == 0 && what == "verdicts of two lists" {
		t.Errorf("%s: the scenario matches no app", what)
	}
}

// TestMigrateListFacets: a database of schema version 3 (without the
// per-list verdict facets) is brought to version 4 with them filled as
// PutVerdicts and PutApp write them.
func TestMigrateListFacets(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range []*reports.Report{browseReport("m1", "com.m", 1, false, "x"), browseReport("m2", "com.m", 2, true, "y"),
				browseReport("k1", "com.k", 1, false), browseReport("e1", "", 3, false, "x")} {
				rec, _ := NewRecord(r)
				if err := s.PutApp(ctx, 1, Input{Path: fmt.Sprint(i)}, rec); err != nil {
					t.Fatal(err)
				}
			}
			la := strings.Repeat("a", 64)
			err = s.PutVerdicts(ctx, []Verdict{
				listVerdict("m1", la, "a.yaml", listRecipient{"google", "US", false, []string{"search-query"}}),
				listVerdict("m2", la, "a.yaml", listRecipient{"google", "US", true, []string{"url", "search-query"}}, listRecipient{"adjust", "DE", false, nil}),
				listVerdict("k1", "", "old.yaml"),
				listVerdict("e1", la, "b.yaml", listRecipient{"domain:t.example", "", false, nil}),
			})
			if err != nil {
				t.Fatal(err)
			}
			want := readBrowseState(t, s.db)
			// Version 3: the verdict facets it knew, without the per-list ones.
			v3 := "facet IN ('" + strings.Join(ccFacetNames[:5], "', '") + "')"
			for _, stmt := range []string{"DELETE FROM app_facets WHERE " + ccFacets + " AND NOT " + v3,
				"DELETE FROM facet_counts WHERE " + ccFacets + " AND NOT " + v3, "UPDATE schema_version SET version = 3"} {
				if _, err := s.db.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			if d := diffStates(readBrowseState(t, s.db), want); d == "" {
				t.Fatal("the version 3 tables have the per-list facets")
			}
			s.Close()
			if s, err = Open(ctx, dsn); err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if v, _ := s.Version(ctx); v != SchemaVersion || SchemaVersion < 4 {
				t.Errorf("version %d after migrating", v)
			}
			if d := diffStates(readBrowseState(t, s.db), want); d != "" {
				t.Errorf("migrated tables differ from PutVerdicts':\n%s", d)
			}
			checkListViews(t, s, "migrated")
		})
	}
}
