package sdkdb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"go.yaml.in/yaml/v3"
)

// MarshalSDK renders an entry as YAML deterministically (field order of the
// struct, two-space indentation, empty fields omitted). It is the writer
// used by the Exodus importer.
func MarshalSDK(s *SDK) ([]byte, error) { return marshalYAML(s) }

// MarshalVendor renders a vendor as YAML deterministically.
func MarshalVendor(v *Vendor) ([]byte, error) { return marshalYAML(v) }

func marshalYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Digest returns the hex SHA-256 of the canonical content of the effective
// database (db.yaml metadata, entries sorted by id, vendors sorted by id,
// serialised as JSON). It does not depend on file layout, comments or
// formatting, and is stable across runs.
func (db *DB) Digest() string {
	db.digestOnce.Do(func() { db.digest = db.computeDigest() })
	return db.digest
}

func (db *DB) computeDigest() string {
	doc := struct {
		Meta      Meta          `json:"meta"`
		SDKs      []*SDK        `json:"sdks"`
		Vendors   []*Vendor     `json:"vendors"`
		Taint     *TaintSpec    `json:"taint,omitempty"`
		Endpoints *EndpointSpec `json:"endpoints,omitempty"`
		Config    *ConfigSpec   `json:"config,omitempty"`
	}{db.meta, db.sdks, db.vendors, db.taint, db.endpoints, db.config}
	b, err := json.Marshal(doc)
	if err != nil {
		// Cannot happen: the types contain only strings, ints, bools and slices.
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
