package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/store"
)

// TestRecheckAndRecipients is apkscan issue 12: a list given to bulk on
// apps stored earlier is applied to them, recheck applies lists per
// package prefix, and stats shows the recipients of each list.
func TestRecheckAndRecipients(t *testing.T) {
	needFixture(t)
	medbook := "../../../../testdata/subprocessors/medbook.yaml"
	if _, err := os.Stat(medbook); err != nil {
		t.Skipf("subprocessor list missing: %v", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "r.sqlite")
	if code, _, stderr := runIn(t, "", "bulk", fixtureDir, "--db", db, "--workers", "2", "-q"); code != ExitOK {
		t.Fatalf("bulk: exit %d: %s", code, stderr)
	}
	// Without a list, stats names the vendors of SDKs and flows.
	code, stdout, stderr := runIn(t, "", "stats", "--db", db, "--format", "json", "--top", "0")
	if code != ExitOK {
		t.Fatalf("stats: %d %s", code, stderr)
	}
	var st store.Stats
	if err := json.Unmarshal([]byte(stdout), &st); err != nil {
		t.Fatal(err)
	}
	google := func(st store.Stats, digest string) *store.RecipientRow {
		for i, x := range st.Recipients {
			if x.VendorID == "google" && x.ListDigest == digest {
				return &st.Recipients[i]
			}
		}
		return nil
	}
	if len(st.Lists) != 0 || google(st, "") == nil || google(st, "").UndeclaredApps != nil || google(st, "").LegalEntity == "" || len(google(st, "").SDKs) == 0 {
		t.Errorf("recipients without a list: %+v", google(st, ""))
	}
	if !strings.Contains(stdout, `"undeclared_apps": null`) {
		t.Error("undeclared_apps is not null without a list")
	}

	// The issue: every app is stored; the list must still be applied.
	code, _, stderr = runIn(t, "", "bulk", fixtureDir, "--db", db, "--subprocessors", medbook)
	if code != ExitOK || !strings.Contains(stderr, "12 already stored") || !strings.Contains(stderr, "stored apps cross-checked against the list") {
		t.Fatalf("bulk with a list over stored apps: exit %d: %s", code, stderr)
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var checked, rows int
	s.SQL().QueryRow("SELECT COUNT(*) FROM subprocessor_checks").Scan(&checked)
	s.SQL().QueryRow("SELECT COUNT(*) FROM subprocessors").Scan(&rows)
	s.Close()
	if checked < 8 || rows == 0 {
		t.Errorf("after bulk --subprocessors: %d apps checked, %d verdict rows", checked, rows)
	}

	// A second company's list, applied to its packages only.
	other := filepath.Join(dir, "other.yaml")
	os.WriteFile(other, []byte("subprocessors:\n  - name: Google Ireland Limited\n    country: IE\n"), 0o644)
	code, _, stderr = runIn(t, "", "recheck", "--db", db, "--subprocessors", other, "--package-prefix", "com.example.medbook")
	if code != ExitOK || !strings.Contains(stderr, "apkscan: recheck: ") || !strings.Contains(stderr, " checked, 0 unreadable") {
		t.Fatalf("recheck: exit %d: %s", code, stderr)
	}
	code, stdout, _ = runIn(t, "", "stats", "--db", db, "--format", "json", "--top", "0")
	st = store.Stats{}
	if err := json.Unmarshal([]byte(stdout), &st); code != ExitOK || err != nil {
		t.Fatal(code, err)
	}
	if len(st.Lists) != 2 {
		t.Fatalf("lists: %+v", st.Lists)
	}
	var medbookDigest, otherDigest string
	for _, l := range st.Lists {
		if strings.HasSuffix(l.List, "medbook.yaml") {
			medbookDigest = l.Digest
		} else {
			otherDigest = l.Digest
			if l.Apps == 0 || l.Apps >= st.Lists[0].Apps+st.Lists[1].Apps-l.Apps {
				t.Errorf("prefix list applied to %d apps: %+v", l.Apps, st.Lists)
			}
		}
	}
	gm, go2 := google(st, medbookDigest), google(st, otherDigest)
	if gm == nil || go2 == nil || *gm.UndeclaredApps != gm.Apps || *go2.UndeclaredApps != 0 || go2.Country != "IE" || !go2.InEEA {
		t.Errorf("google per list: medbook %+v, other %+v", gm, go2)
	}
	code, stdout, _ = runIn(t, "", "stats", "--db", db)
	if code != ExitOK || !strings.Contains(stdout, "Recipients, list "+other) || !strings.Contains(stdout, "UNDECLARED") {
		t.Errorf("stats table:\n%s", stdout)
	}

	// Usage errors.
	for _, args := range [][]string{
		{"recheck", "--db", db},
		{"recheck", "--db", db, "--subprocessors", filepath.Join(dir, "none.yaml")},
	} {
		if code, _, _ := runIn(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
	}
	if code, _, _ := runIn(t, "", "recheck", "--db", filepath.Join(dir, "no.sqlite"), "--subprocessors", other); code != ExitInput {
		t.Errorf("missing database: exit %d", code)
	}
}
