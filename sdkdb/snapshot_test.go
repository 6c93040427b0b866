package sdkdb

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var updateSnapshot = flag.Bool("update-snapshot", false, "rewrite snapshot.gob from data/")

// TestSnapshotFresh: the embedded snapshot that Default reads must equal
// what the YAML files load to, and those files must validate.
func TestSnapshotFresh(t *testing.T) {
	fromYAML, err := Load(EmbeddedFS())
	if err != nil {
		t.Fatal(err)
	}
	if errs := fromYAML.Validate(); len(errs) > 0 {
		t.Fatalf("data/ does not validate: %v", errs)
	}
	if *updateSnapshot {
		var buf bytes.Buffer
		if err := WriteSnapshot(&buf, fromYAML); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("snapshot.gob", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	snap, err := loadSnapshot(snapshotData)
	if err != nil {
		t.Fatalf("%v (run go generate ./sdkdb)", err)
	}
	canon := func(db *DB) string {
		b, _ := json.Marshal(struct {
			M Meta
			S []*SDK
			V []*Vendor
			T *TaintSpec
		}{db.meta, db.raw, db.rawVendors, db.taint})
		return string(b)
	}
	if canon(snap) != canon(fromYAML) || snap.Digest() != fromYAML.Digest() {
		t.Fatal("snapshot.gob is stale: data/ changed; run go generate ./sdkdb (or go test ./sdkdb -run TestSnapshotFresh -update-snapshot)")
	}
	def, err := Default()
	if err != nil || def.Digest() != fromYAML.Digest() {
		t.Fatalf("Default() differs from data/: %v", err)
	}
}
