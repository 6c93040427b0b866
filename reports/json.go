package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSONEncoder writes the Report as one indented JSON document. HTML
// characters stay escaped (\u003c) so that a report pasted into a web page
// cannot inject markup.
type JSONEncoder struct{}

// ID implements Encoder.
func (JSONEncoder) ID() string { return "json" }

// Encode implements Encoder.
func (JSONEncoder) Encode(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}

// DecodeJSON reads a Report written by JSONEncoder, normalised.
func DecodeJSON(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(io.LimitReader(rd, 512<<20))
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not an apkscan JSON report: %w", err)
	}
	if r.SchemaVersion == "" {
		return nil, fmt.Errorf("not an apkscan JSON report: no schema_version")
	}
	r.Normalize() // a decoded report is produced here: readers get it ready
	return &r, nil
}

// EncodeJSONLine writes the Report as one compact JSON line (JSON Lines),
// for streams of many reports.
func EncodeJSONLine(w io.Writer, r *Report) error {
	if err := json.NewEncoder(w).Encode(r); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}
