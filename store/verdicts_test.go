package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/apkscan/apkscan/reports"
)

// openV1 creates a database at schema version 1 (as apkscan wrote it
// before verdicts were keyed by list) holding one app with one verdict.
func openV1(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	s := &Store{backend: "sqlite"}
	driver, src := "sqlite", strings.TrimPrefix(dsn, "sqlite:")
	if IsPostgres(dsn) {
		s.backend, driver, src = "postgres", "pgx", dsn
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s.db = db
	for _, stmt := range strings.Split(migrations[0], ";\n") {
		if _, err := db.ExecContext(ctx, s.ddl(stmt)); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		"CREATE TABLE schema_version (version INTEGER NOT NULL)",
		"INSERT INTO schema_version (version) VALUES (1)",
		`INSERT INTO apps (sha256, package, version_code, version_name, label, kind, signer_sha256, size, path, min_sdk, target_sdk,
	partial, problems, tool_version, sdkdb_digest, scan_id, scanned_at, report) VALUES ('old', 'com.old', 1, '1', '', 'apk', '', 1, 'old.apk', 1, 1, FALSE, 0, 't', 'd', 1, '', '')`,
		`INSERT INTO subprocessors (app_sha256, vendor_id, vendor, country, in_eea, declared, matched_entry, severity, data_kinds, sdks, hosts, list)
	VALUES ('old', 'google', 'Google', 'US', FALSE, FALSE, NULL, 'medium', '', 'google-admob', '', 'legacy.yaml')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestMigrateV1Verdicts(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			openV1(t, dsn)
			for range 2 { // the second open finds version 2 and changes nothing
				s, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := s.Version(ctx); v != SchemaVersion || SchemaVersion < 2 {
					t.Fatalf("schema version %d", v)
				}
				var digest, list, vendor string
				if err := s.SQL().QueryRow("SELECT list_digest, list, vendor FROM subprocessors WHERE app_sha256 = 'old'").Scan(&digest, &list, &vendor); err != nil {
					t.Fatal(err)
				}
				if digest != "" || list != "legacy.yaml" || vendor != "Google" {
					t.Errorf("migrated verdict: %q %q %q", digest, list, vendor)
				}
				var checks, recipients, undeclared int
				s.SQL().QueryRow("SELECT COUNT(*), MAX(recipients), MAX(undeclared) FROM subprocessor_checks").Scan(&checks, &recipients, &undeclared)
				if checks != 1 || recipients != 1 || undeclared != 1 {
					t.Errorf("migrated checks: %d %d %d", checks, recipients, undeclared)
				}
				st, err := s.Stats(ctx, StatsOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if len(st.Lists) != 1 || st.Lists[0].Digest != "" || st.Lists[0].List != "legacy.yaml" || len(st.Recipients) != 1 || st.Recipients[0].VendorID != "google" {
					t.Errorf("stats of a migrated store: %+v %+v", st.Lists, st.Recipients)
				}
				// The browse indexes apply to the rebuilt table.
				if err := s.EnsureBrowseSchema(ctx); err != nil {
					t.Fatal(err)
				}
				s.Close()
			}
		})
	}
}

func crosscheck(list string, declared map[string]bool, vendors ...string) *reports.Subprocessors {
	sp := &reports.Subprocessors{List: list}
	for _, v := range vendors {
		rc := reports.SubprocessorRecipient{Vendor: reports.Vendor{ID: v, Name: "V " + v}, Country: "US", Severity: "medium", SDKs: []string{v + "-sdk"}}
		if strings.HasPrefix(v, "domain:") {
			rc.Vendor = reports.Vendor{Name: strings.TrimPrefix(v, "domain:")}
			rc.Unidentified, rc.Country, rc.Severity, rc.SDKs = true, "", "low", nil
		}
		if declared[v] {
			e := "Entry " + v
			rc.Declared, rc.MatchedEntry, rc.Country, rc.InEEA, rc.Severity = true, &e, "IE", true, "info"
			sp.Declared = append(sp.Declared, reports.DeclaredSubprocessor{Name: e, Entity: v + " Ireland Ltd", Country: "IE", InEEA: true, Observed: true})
		}
		sp.Recipients = append(sp.Recipients, rc)
	}
	sp.Normalize()
	return sp
}

func TestVerdictsOfSeveralLists(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		id, _ := s.BeginRun(ctx, Run{Producer: Producer{"1.0", "d1"}, Started: time.Now()})
		a, b := testReport("aaa", 1, "sdk-x"), testReport("bbb", 1, "sdk-y")
		b.App.Package = "org.other"
		b.Subprocessors = nil
		recA := mustRecord(t, a)
		recA.ListDigest = "list-a"
		if err := s.PutApp(ctx, id, Input{Path: "a.apk"}, recA); err != nil {
			t.Fatal(err)
		}
		if err := s.PutApp(ctx, id, Input{Path: "b.apk"}, mustRecord(t, b)); err != nil {
			t.Fatal(err)
		}
		// The scan's own verdict, under its list's digest.
		if ok, err := s.Checked(ctx, "aaa", "list-a", "d1"); !ok || err != nil {
			t.Errorf("verdict of the scan: %v %v", ok, err)
		}
		if ok, _ := s.Checked(ctx, "aaa", "list-a", "d2"); ok {
			t.Error("a verdict made with another sdkdb counts as current")
		}
		// Two more lists; list B applied twice (the second replaces).
		vs := []Verdict{
			{App: "aaa", ListDigest: "list-b", SDKDBDigest: "d1", Result: crosscheck("b.yaml", nil, "v-sdk-x", "google")},
			{App: "aaa", ListDigest: "list-b", SDKDBDigest: "d1", Result: crosscheck("b.yaml", map[string]bool{"google": true}, "v-sdk-x", "google", "domain:cdn.example")},
			{App: "bbb", ListDigest: "list-b", SDKDBDigest: "d1", Result: crosscheck("b.yaml", nil, "google", "evil\x1b[2J\n")},
			{App: "bbb", ListDigest: "list-c", SDKDBDigest: "d1", Result: crosscheck("c.yaml", nil)},
			{App: "gone", ListDigest: "list-c", SDKDBDigest: "d1", Result: crosscheck("c.yaml", nil, "google")},
		}
		for _, v := range vs {
			if err := s.PutVerdicts(ctx, []Verdict{v}); err != nil {
				t.Fatal(err)
			}
		}
		count := func(q string) int {
			var n int
			if err := s.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		for q, want := range map[string]int{
			"SELECT COUNT(*) FROM subprocessors WHERE list_digest = 'list-a'": 1,
			"SELECT COUNT(*) FROM subprocessors WHERE list_digest = 'list-b'": 5,
			"SELECT COUNT(*) FROM subprocessors WHERE list_digest = 'list-c'": 0, // bbb: no recipient; gone: not stored
			"SELECT COUNT(*) FROM subprocessor_checks":                        4,
			"SELECT COUNT(*) FROM subprocessors WHERE app_sha256 = 'gone'":    0,
		} {
			if n := count(q); n != want {
				t.Errorf("%s = %d, want %d", q, n, want)
			}
		}
		var le string
		s.SQL().QueryRow("SELECT legal_entity FROM subprocessors WHERE list_digest = 'list-b' AND vendor_id = 'google' AND app_sha256 = 'aaa'").Scan(&le)
		if le != "google Ireland Ltd" {
			t.Errorf("legal entity of a declared recipient: %q", le)
		}

		st, err := s.Stats(ctx, StatsOptions{AllBuilds: true, Vendor: func(id string) (VendorInfo, bool) {
			return VendorInfo{Name: "N " + id, LegalEntity: id + " Inc.", Country: "US"}, id != "nobody"
		}})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Lists) != 3 || st.Lists[1].Digest != "list-b" || st.Lists[1].Apps != 2 || st.Lists[1].UndeclaredApps != 2 || st.Lists[2].UndeclaredApps != 0 {
			t.Errorf("lists: %+v", st.Lists)
		}
		var google *RecipientRow
		for i, x := range st.Recipients {
			if x.ListDigest == "list-b" && x.VendorID == "google" {
				google = &st.Recipients[i]
			}
		}
		if google == nil || google.Apps != 2 || google.UndeclaredApps == nil || *google.UndeclaredApps != 1 || google.LegalEntity != "google Ireland Ltd" ||
			strings.Join(google.SDKs, ",") != "google-sdk" {
			t.Errorf("google under list B: %+v", google)
		}
		if first := st.Recipients[0]; first.ListDigest != "list-a" || first.LegalEntity != "v-a Inc." || first.UndeclaredApps == nil || strings.Join(first.DataKinds, ",") != "search-query" {
			t.Errorf("list A's recipient (legal entity from the vendor callback): %+v", first)
		}
		var tbl strings.Builder
		st.WriteTable(&tbl)
		if strings.Contains(tbl.String(), "\x1b") || strings.Contains(tbl.String(), "[2J\n") {
			t.Errorf("a control character from an APK reaches the terminal:\n%q", tbl.String())
		}
		for _, want := range []string{"Recipients, list b.yaml list-b: 2 apps checked, 2 with an undeclared recipient", "google Ireland Ltd", "(none found)"} {
			if !strings.Contains(tbl.String(), want) {
				t.Errorf("table lacks %q:\n%s", want, tbl.String())
			}
		}

		// Rescanning a build drops every list's verdicts (they were made
		// from the old report) and keeps the scan's own.
		if err := s.PutApp(ctx, id, Input{Path: "a.apk"}, recA); err != nil {
			t.Fatal(err)
		}
		if n := count("SELECT COUNT(*) FROM subprocessor_checks WHERE app_sha256 = 'aaa'"); n != 1 {
			t.Errorf("checks after a rescan: %d", n)
		}

		keys, err := s.Apps(ctx, "com.")
		if err != nil || len(keys) != 1 || keys[0].SHA256 != "aaa" {
			t.Errorf("Apps(com.): %+v %v", keys, err)
		}
		if keys, _ := s.Apps(ctx, "com_"); len(keys) != 0 {
			t.Errorf("'_' is a wildcard: %+v", keys)
		}
		if keys, _ := s.Apps(ctx, ""); len(keys) != 2 {
			t.Errorf("Apps(): %+v", keys)
		}
	})
}

func TestRecipientsWithoutList(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) { recipientsWithoutList(t, dsn) })
	}
}

func recipientsWithoutList(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := testReport("aaa", 1, "sdk-x", "sdk-y")
	r.Subprocessors = nil
	r.Flows = append(r.Flows, reports.Flow{Rule: reports.RuleInputToSDK, Recipient: reports.Recipient{Vendor: "hostco", Host: "h.example"},
		Source: reports.FlowSource{Kind: "location"}, Sink: reports.FlowSink{Method: "Lz;->m()V"}, Fingerprint: "fp-h", Confidence: "high"})
	r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: "h.example", URL: "https://h.example/", Owner: "hostco", Count: 1})
	r.Normalize()
	if err := s.PutApp(ctx, 1, Input{Path: "a.apk"}, mustRecord(t, r)); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx, StatsOptions{Vendor: func(id string) (VendorInfo, bool) {
		return VendorInfo{Name: "Host Co", LegalEntity: "Host Co GmbH", Country: "DE"}, id == "hostco"
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]RecipientRow{}
	for _, x := range st.Recipients {
		got[x.VendorID] = x
	}
	if len(st.Lists) != 0 || len(got) != 3 {
		t.Fatalf("recipients: %+v", st.Recipients)
	}
	if h := got["hostco"]; h.Vendor != "Host Co" || h.Country != "DE" || !h.InEEA || h.Apps != 1 || h.UndeclaredApps != nil || strings.Join(h.DataKinds, ",") != "location" || len(h.SDKs) != 0 {
		t.Errorf("flow-only vendor: %+v", h)
	}
	if x := got["v-sdk-x"]; x.Vendor != "V sdk-x" || x.Country != "US" || x.InEEA || strings.Join(x.SDKs, ",") != "sdk-x" || strings.Join(x.DataKinds, ",") != "search-query" {
		t.Errorf("SDK vendor: %+v", x)
	}
	var tbl strings.Builder
	st.WriteTable(&tbl)
	if !strings.Contains(tbl.String(), "no subprocessor list applied") || !strings.Contains(tbl.String(), "Host Co GmbH") {
		t.Errorf("table:\n%s", tbl.String())
	}
}
