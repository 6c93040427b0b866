package sdkdb

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
)

// snapshotData is the embedded database pre-decoded into gob: decoding
// ~800 YAML files costs ~25 ms, which dominated the scan of a small APK.
// TestSnapshotFresh fails when it no longer equals the YAML files, and
// `go generate ./sdkdb` rewrites it.
//
//go:embed snapshot.gob
var snapshotData []byte

type snapshot struct {
	Meta      Meta
	SDKs      []*SDK
	Vendors   []*Vendor
	Taint     *TaintSpec
	Endpoints *EndpointSpec
	Config    *ConfigSpec
	// Digest is db.Digest() of the snapshotted database, stored so that a
	// run does not marshal the whole database to hash it (~6 ms of every
	// scan's fixed cost); TestSnapshotFresh compares it with the digest
	// computed from the YAML files.
	Digest string
}

// WriteSnapshot writes the loaded entries of db (before superseding and
// merging) in the embedded snapshot format.
func WriteSnapshot(w io.Writer, db *DB) error {
	return gob.NewEncoder(w).Encode(snapshot{Meta: db.meta, SDKs: db.raw, Vendors: db.rawVendors, Taint: db.taint, Endpoints: db.endpoints, Config: db.config, Digest: db.Digest()})
}

// loadSnapshot rebuilds a DB from snapshot bytes. The result is the DB that
// Load would build from the same YAML files (the embedded snapshot is
// validated by the package tests, not at run time).
func loadSnapshot(data []byte) (*DB, error) {
	if len(data) == 0 {
		return nil, errors.New("empty snapshot")
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	db := &DB{meta: s.Meta, raw: s.SDKs, rawVendors: s.Vendors, taint: s.Taint, endpoints: s.Endpoints, config: s.Config}
	db.build()
	if s.Digest != "" {
		db.digestOnce.Do(func() { db.digest = s.Digest })
	}
	return db, nil
}
