package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/store/storetest"
)

// backends returns a fresh SQLite store, and a fresh PostgreSQL schema when
// $APKSCAN_TEST_POSTGRES is set.
func backends(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"sqlite": filepath.Join(t.TempDir(), "r.sqlite")}
	if dsn := os.Getenv(storetest.Env); dsn != "" {
		out["postgres"] = storetest.SchemaDSN(t, dsn)
	} else {
		t.Logf("%s not set: PostgreSQL backend not tested (.ci/run starts a server)", storetest.Env)
	}
	return out
}

func sp(s string) *string { return &s }

func testReport(sha string, version int64, sdks ...string) *reports.Report {
	r := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "apkscan", Version: "1.0"},
		SDKDB:         reports.SDKDBInfo{Version: "v", Digest: "d1"},
		App: reports.App{SHA256: sha, Package: "com.example", VersionCode: version, VersionName: fmt.Sprint(version), Kind: "apk", Size: 10,
			Signers: []reports.Signer{{SHA256: "s2"}, {SHA256: "s1"}}},
	}
	for _, id := range sdks {
		r.SDKs = append(r.SDKs, reports.SDK{ID: id, Name: id + " SDK", Vendor: reports.Vendor{ID: "v-" + id, Name: "V " + id, Country: "US"}, Confidence: "high", Used: true})
		r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: id + ".example", URL: "https://" + id + ".example/x", Owner: "v-" + id, SDK: sp(id), Count: 2})
		r.Flows = append(r.Flows, reports.Flow{Rule: reports.RuleInputToSDK, SDK: sp(id), Source: reports.FlowSource{Kind: "search-query"},
			Sink: reports.FlowSink{Method: "Lx;->m()V"}, Fingerprint: "fp-" + id, Confidence: "high"})
	}
	r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: "own.example", Owner: "first-party", Count: 1})
	r.Subprocessors = &reports.Subprocessors{List: "list.yaml", Recipients: []reports.SubprocessorRecipient{{Vendor: reports.Vendor{ID: "v-a", Name: "A"}, Country: "US", Severity: "high", DataKinds: []string{"search-query"}}}}
	r.Normalize()
	return r
}

func TestStoreRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		if v, err := s.Version(ctx); err != nil || v != SchemaVersion {
			t.Fatalf("schema version %d, %v", v, err)
		}
		id, err := s.BeginRun(ctx, Run{Producer: Producer{"1.0", "d1"}, Started: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		p := Producer{"1.0", "d1"}
		in1 := Input{Path: "a/one.apk", Size: 10, ModTime: 1}
		for _, r := range []*reports.Report{testReport("aaa", 1, "sdk-x"), testReport("aaa", 1, "sdk-x", "sdk-y")} {
			rec, err := NewRecord(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.PutApp(ctx, id, in1, rec); err != nil { // twice: the second replaces the first
				t.Fatal(err)
			}
		}
		if err := s.PutApp(ctx, id, Input{Path: "b/two.apk", Size: 10, ModTime: 2}, mustRecord(t, testReport("bbb", 2, "sdk-y", "sdk-z"))); err != nil {
			t.Fatal(err)
		}
		if err := s.PutLink(ctx, id, Input{Path: "c/copy.apk", Size: 10, ModTime: 3}, "aaa", p); err != nil {
			t.Fatal(err)
		}
		if err := s.PutError(ctx, id, Input{Path: "d/bad.apk", Size: 0}, "", ErrInput, "d/bad.apk: empty file", p); err != nil {
			t.Fatal(err)
		}
		// An error later fixed: the error row goes away.
		if err := s.PutError(ctx, id, Input{Path: "c/copy.apk"}, "", ErrTimeout, "timed out", p); err != nil {
			t.Fatal(err)
		}
		if err := s.PutLink(ctx, id, Input{Path: "c/copy.apk", Size: 10, ModTime: 3}, "aaa", p); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishRun(ctx, id, time.Now(), Counts{Inputs: 4}); err != nil {
			t.Fatal(err)
		}

		st, ok, err := s.Input(ctx, "a/one.apk")
		if err != nil || !ok || st.SHA256 != "aaa" || st.Status != StatusOK || st.Producer != p || st.Size != 10 || st.ModTime != 1 {
			t.Errorf("input: %+v %v %v", st, ok, err)
		}
		if _, ok, _ := s.Input(ctx, "nope"); ok {
			t.Error("unknown input found")
		}
		if st, _, _ := s.Input(ctx, "d/bad.apk"); st.Status != StatusError || st.SHA256 != "" {
			t.Errorf("error input: %+v", st)
		}
		if got, ok, err := s.App(ctx, "aaa"); err != nil || !ok || got != p {
			t.Errorf("app: %+v %v %v", got, ok, err)
		}
		rep, err := s.Report(ctx, "aaa")
		if err != nil || len(rep.SDKs) != 2 || rep.App.SHA256 != "aaa" {
			t.Fatalf("stored report: %v %+v", err, rep)
		}
		count := func(q string) int {
			var n int
			if err := s.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		for q, want := range map[string]int{
			"SELECT COUNT(*) FROM apps":                                   2,
			"SELECT COUNT(*) FROM sdks WHERE app_sha256 = 'aaa'":          2,
			"SELECT COUNT(*) FROM flows WHERE app_sha256 = 'aaa'":         2,
			"SELECT COUNT(*) FROM endpoints WHERE app_sha256 = 'aaa'":     3,
			"SELECT COUNT(*) FROM subprocessors WHERE app_sha256 = 'aaa'": 1,
			"SELECT COUNT(*) FROM inputs":                                 4,
			"SELECT COUNT(*) FROM errors":                                 1,
			"SELECT COUNT(*) FROM apps WHERE signer_sha256 = 's1,s2'":     2,
		} {
			if got := count(q); got != want {
				t.Errorf("%s = %d, want %d", q, got, want)
			}
		}

		stats, err := s.Stats(ctx, StatsOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// One package, newest build "bbb": sdk-y and sdk-z.
		if stats.Apps != 1 || stats.Builds != 2 || stats.Packages != 1 || stats.Errors != 1 || stats.Inputs != 4 || len(stats.SDKs) != 2 || stats.SDKs[0].Share != 1 {
			t.Errorf("stats: %+v", stats)
		}
		all, err := s.Stats(ctx, StatsOptions{AllBuilds: true, Top: 1})
		if err != nil {
			t.Fatal(err)
		}
		if all.Apps != 2 || len(all.SDKs) != 1 || all.SDKs[0].ID != "sdk-y" || all.SDKs[0].Apps != 2 {
			t.Errorf("all-builds stats: %+v", all.SDKs)
		}
		if len(all.Hosts) != 1 || all.Hosts[0].Host != "sdk-y.example" || len(all.Flows) != 1 || all.Flows[0].Kind != "search-query" || all.Countries[0].Country != "US" {
			t.Errorf("all-builds stats: hosts %+v flows %+v countries %+v", all.Hosts, all.Flows, all.Countries)
		}
		h, err := s.History(ctx, "com.example")
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Versions) != 2 {
			t.Fatalf("history: %+v", h)
		}
		v := h.Versions[1]
		if !reflect.DeepEqual(v.SDKsAdded, []string{"sdk-z"}) || !reflect.DeepEqual(v.SDKsRemoved, []string{"sdk-x"}) ||
			len(v.FlowsAdded) != 1 || v.FlowsAdded[0].Fingerprint != "fp-sdk-z" || len(v.FlowsRemoved) != 1 {
			t.Errorf("history diff: %+v", v)
		}
	})
}

func mustRecord(t *testing.T, r *reports.Report) *Record {
	t.Helper()
	rec, err := NewRecord(r)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestMigrateIdempotentAndNewer(t *testing.T) {
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			for range 2 {
				s, err := Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
			}
			s, _ := Open(ctx, dsn)
			if _, err := s.SQL().Exec("UPDATE schema_version SET version = 99"); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if _, err := Open(ctx, dsn); err == nil {
				t.Fatal("opened a database with a newer schema")
			}
		})
	}
}

func TestOpenExisting(t *testing.T) {
	if _, err := OpenExisting(context.Background(), filepath.Join(t.TempDir(), "missing.sqlite")); err == nil {
		t.Fatal("OpenExisting created a database")
	}
}

func TestPlaceholders(t *testing.T) {
	s := &Store{backend: "postgres"}
	if got := s.q("a = ? AND b IN (?, ?)"); got != "a = $1 AND b IN ($2, $3)" {
		t.Fatal(got)
	}
	if redact("postgres://u:secret@h/db") == "postgres://u:secret@h/db" {
		t.Fatal("password not redacted")
	}
}

// TestNULStrings: APK strings may hold NUL bytes, which PostgreSQL TEXT
// rejects; the store keeps them (SQLite) or writes U+FFFD (PostgreSQL),
// and the JSON report keeps the original.
func TestNULStrings(t *testing.T) {
	eachBackend(t, func(t *testing.T, ctx context.Context, s *Store) {
		id, err := s.BeginRun(ctx, Run{Producer: Producer{"1.0", "d1"}, Started: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		r := testReport("nul", 1, "sdk-x")
		r.App.Label = "evil\x00label"
		r.Endpoints = append(r.Endpoints, reports.Endpoint{Host: "a\x00b.example", Owner: "unknown", Count: 1})
		r.Normalize()
		if err := s.PutApp(ctx, id, Input{Path: "nul.apk", Size: 1, ModTime: 1}, mustRecord(t, r)); err != nil {
			t.Fatalf("PutApp with NUL bytes: %v", err)
		}
		if err := s.PutError(ctx, id, Input{Path: "bad.apk", Size: 1, ModTime: 1}, "", ErrInput, "bad\x00 input", Producer{"1.0", "d1"}); err != nil {
			t.Fatalf("PutError with NUL bytes: %v", err)
		}
		var label string
		if err := s.SQL().QueryRow(s.q("SELECT label FROM apps WHERE sha256 = ?"), "nul").Scan(&label); err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"sqlite": "evil\x00label", "postgres": "evil\uFFFDlabel"}[s.Backend()]; label != want {
			t.Errorf("label %q, want %q", label, want)
		}
	})
}

// TestOpenDirectory: a directory given as the SQLite file is a clear
// error, not SQLite's "out of memory (14)".
func TestOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("err = %v", err)
	}
}

// eachBackend runs f as a subtest on a fresh store of every backend
// (backends).
func eachBackend(t *testing.T, f func(t *testing.T, ctx context.Context, s *Store)) {
	t.Helper()
	for name, dsn := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			f(t, ctx, s)
		})
	}
}
