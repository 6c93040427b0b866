// Package subprocessors reads a company's declared subprocessor list (GDPR
// Art. 28) and cross-checks it against the recipients a scan found: the
// vendors of the SDKs an app embeds, the owners of the hosts it can reach,
// and the data kinds that flow to each. It depends on reports and sdkdb
// only.
package subprocessors

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/geo"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// MaxListSize bounds the size of a declared list file.
const MaxListSize = 4 << 20

// MaxEntries bounds the number of entries in a declared list.
const MaxEntries = 10000

// List is a declared subprocessor list.
type List struct {
	// Path is the file as given (it goes into the report).
	Path string
	// Digest is the hex SHA-256 of the list's bytes as read: it identifies
	// the list in a result store, where the verdicts of several lists
	// coexist.
	Digest  string
	Entries []Entry
}

// Entry is one declared subprocessor.
type Entry struct {
	// Name is how the company calls the subprocessor ("Amazon Web Services").
	Name string
	// Entity is the legal entity ("Amazon Web Services EMEA SARL").
	Entity string
	// Country is the entity's country, normalised to ISO 3166-1 alpha-2
	// ("EU"/"EEA" for an EU-wide entry); "" when not given.
	Country  string
	Purposes []string
	// Domains the subprocessor answers at (optional): they identify it when
	// the name is not in sdkdb, and match hosts no vendor claims.
	Domains []string
	// Line is the entry's line in the file (1-based).
	Line int
}

// Format names.
const (
	FormatYAML = "yaml"
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// Load reads a declared list from a file. Errors are one line and name the
// file (and the line when known).
func Load(path string) (*List, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxListSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(data) > MaxListSize {
		return nil, fmt.Errorf("%s: larger than %d MiB: not a subprocessor list", path, MaxListSize>>20)
	}
	return Parse(path, data)
}

// DetectFormat guesses the format from the file extension, else from the
// content: a JSON document starts with { or [, a CSV file has a header
// line with a "name" column and no "key:" syntax; anything else is YAML.
func DetectFormat(name string, data []byte) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return FormatYAML
	case ".json":
		return FormatJSON
	case ".csv", ".tsv":
		return FormatCSV
	}
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return FormatJSON
	}
	first := string(t)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	low := strings.ToLower(first)
	if strings.ContainsAny(first, ",;\t") && strings.Contains(low, "name") && !strings.Contains(first, ":") {
		return FormatCSV
	}
	return FormatYAML
}

// Parse reads a declared list in YAML, JSON or CSV (see DetectFormat).
// name is used for the format guess and in error messages.
func Parse(name string, data []byte) (*List, error) {
	sum := sha256.Sum256(data)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(data) > MaxListSize {
		return nil, fmt.Errorf("%s: larger than %d MiB: not a subprocessor list", name, MaxListSize>>20)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not UTF-8 text", name)
	}
	var (
		entries []Entry
		err     error
	)
	switch DetectFormat(name, data) {
	case FormatCSV:
		entries, err = parseCSV(name, data)
	case FormatJSON:
		if !json.Valid(data) {
			return nil, jsonSyntaxError(name, data)
		}
		entries, err = parseYAML(name, data) // JSON is YAML; the YAML parser keeps line numbers
	default:
		entries, err = parseYAML(name, data)
	}
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s: no subprocessors listed", name)
	}
	return &List{Path: name, Digest: hex.EncodeToString(sum[:]), Entries: entries}, nil
}

func jsonSyntaxError(name string, data []byte) error {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("%s:%d: invalid JSON: %v", name, line, se)
	}
	return fmt.Errorf("%s: invalid JSON: %v", name, err)
}

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// lineError is an error at a line of the list.
func lineError(name string, line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
}

// entryKeys are the fields of an entry. Fields marked false are accepted
// (they appear in published lists) and ignored.
var entryKeys = map[string]bool{
	"name": true, "entity": true, "legal_entity": true, "country": true, "purposes": true,
	"purpose": true, "domains": true, "domain": true,
	"location": false, "notes": false, "description": false, "website": false, "address": false,
	"services": false, "transfer_mechanism": false, "safeguards": false, "category": false,
}

func parseYAML(name string, data []byte) ([]Entry, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.SplitN(err.Error(), "\n", 2)[0]
		if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			return nil, lineError(name, n, "%s", m[2])
		}
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(msg, "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	root := doc.Content[0]
	seq := root
	if root.Kind == yaml.MappingNode {
		seq = nil
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "subprocessors" {
				seq = root.Content[i+1]
			}
		}
		if seq == nil {
			return nil, lineError(name, root.Line, "no 'subprocessors:' list")
		}
	}
	if seq.Kind != yaml.SequenceNode {
		return nil, lineError(name, seq.Line, "'subprocessors' must be a list of entries")
	}
	if len(seq.Content) > MaxEntries {
		return nil, fmt.Errorf("%s: more than %d entries", name, MaxEntries)
	}
	var out []Entry
	for _, n := range seq.Content {
		if n.Kind != yaml.MappingNode {
			return nil, lineError(name, n.Line, "an entry must be a mapping with at least 'name'")
		}
		e := Entry{Line: n.Line}
		var country string
		countryLine := n.Line
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := strings.ToLower(k.Value)
			use, known := entryKeys[key]
			if !known {
				return nil, lineError(name, k.Line, "unknown field %q (known: name, entity, country, purposes, domains)", k.Value)
			}
			if !use {
				continue
			}
			switch key {
			case "name", "entity", "legal_entity", "country":
				if v.Kind != yaml.ScalarNode {
					return nil, lineError(name, v.Line, "%s must be text", k.Value)
				}
				switch key {
				case "name":
					e.Name = strings.TrimSpace(v.Value)
				case "entity", "legal_entity":
					e.Entity = strings.TrimSpace(v.Value)
				case "country":
					country, countryLine = v.Value, v.Line
				}
			case "purposes", "purpose", "domains", "domain":
				vals, err := scalars(v)
				if err != nil {
					return nil, lineError(name, v.Line, "%s: %v", k.Value, err)
				}
				if strings.HasPrefix(key, "purpose") {
					e.Purposes = append(e.Purposes, vals...)
				} else {
					e.Domains = append(e.Domains, vals...)
				}
			}
		}
		if err := finish(&e, country); err != nil {
			line := e.Line
			if strings.HasPrefix(err.Error(), "country") {
				line = countryLine
			}
			return nil, lineError(name, line, "%v", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// scalars reads a list of strings, or one string of comma/semicolon
// separated values.
func scalars(n *yaml.Node) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return splitList(n.Value), nil
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, errors.New("must be a list of text values")
			}
			out = append(out, splitList(c.Value)...)
		}
		return out, nil
	}
	return nil, errors.New("must be a list of text values")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// finish validates and normalises an entry.
func finish(e *Entry, country string) error {
	if e.Name == "" {
		e.Name = e.Entity
	}
	if e.Name == "" {
		return errors.New("entry without a name (or entity)")
	}
	c, ok := geo.Normalize(country)
	if !ok {
		return fmt.Errorf("country %q is not an ISO 3166-1 alpha-2 code or a known country name", strings.TrimSpace(country))
	}
	e.Country = c
	for i, d := range e.Domains {
		h := strings.ToLower(strings.TrimSpace(d))
		h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
		if j := strings.IndexAny(h, "/:?#"); j >= 0 {
			h = h[:j]
		}
		h = strings.TrimPrefix(strings.TrimPrefix(h, "*."), ".")
		h = strings.TrimSuffix(h, ".")
		if h == "" || strings.ContainsAny(h, " \t\"'<>") {
			return fmt.Errorf("domain %q is not a domain name", d)
		}
		e.Domains[i] = h
	}
	return nil
}

// csvColumns maps header names (lower case, spaces and dashes as _) to
// entry fields. Other columns are ignored.
var csvColumns = map[string]string{
	"name": "name", "subprocessor": "name", "sub_processor": "name", "company": "name",
	"entity": "entity", "legal_entity": "entity", "legal_name": "entity",
	"country": "country", "location": "country",
	"purposes": "purposes", "purpose": "purposes",
	"domains": "domains", "domain": "domains",
}

func parseCSV(name string, data []byte) ([]Entry, error) {
	first := string(data)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	r := csv.NewReader(bytes.NewReader(data))
	switch {
	case strings.Count(first, "\t") > strings.Count(first, ","):
		r.Comma = '\t'
	case strings.Count(first, ";") > strings.Count(first, ","):
		r.Comma = ';' // spreadsheets in many EU locales
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
		if f, ok := csvColumns[k]; ok {
			if _, dup := cols[f]; !dup {
				cols[f] = i
			}
		}
	}
	if _, ok := cols["name"]; !ok {
		if _, ok := cols["entity"]; !ok {
			return nil, lineError(name, 1, "CSV header has no 'name' column (columns: name, entity, country, purposes, domains)")
		}
	}
	get := func(rec []string, f string) string {
		if i, ok := cols[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []Entry
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		empty := true
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		if len(out) >= MaxEntries {
			return nil, fmt.Errorf("%s: more than %d entries", name, MaxEntries)
		}
		e := Entry{Name: get(rec, "name"), Entity: get(rec, "entity"), Purposes: splitList(get(rec, "purposes")),
			Domains: splitList(get(rec, "domains")), Line: line}
		if err := finish(&e, get(rec, "country")); err != nil {
			return nil, lineError(name, line, "%v", err)
		}
		out = append(out, e)
	}
	return out, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return lineError(name, pe.Line, "invalid CSV: %v", pe.Err)
	}
	if err == io.EOF {
		return fmt.Errorf("%s: empty file", name)
	}
	return fmt.Errorf("%s: invalid CSV: %v", name, err)
}
