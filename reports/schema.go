package reports

import _ "embed"

//go:embed schema/report.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (2020-12) of the JSON report.
func Schema() []byte { return append([]byte(nil), schemaJSON...) }
