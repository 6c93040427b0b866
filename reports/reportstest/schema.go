// Package reportstest holds test helpers shared by the packages that check
// apkscan's outputs against their JSON Schemas (the report schema, the
// vendored SARIF 2.1.0 schema). It imports nothing of apkscan's, so the
// reports package's own tests can use it.
package reportstest

import (
	"bytes"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile compiles a JSON Schema document (the draft comes from its
// $schema), with format assertions on. It fails the test on any error.
func Compile(t testing.TB, name string, schema []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// CompileFile is Compile over a schema file.
func CompileFile(t testing.TB, path string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Compile(t, path, data)
}
