package reports

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ExodusEncoder writes the JSON document that Exodus Privacy's
// exodus_analyze.py -j (exodus-standalone, on exodus-core) prints, so that
// scripts written for Exodus read apkscan's output unchanged:
//
//	{"application": {"handle", "version_name", "version_code", "uaid",
//	  "name", "permissions", "libraries"},
//	 "apk": {"path", "checksum"},
//	 "trackers": [{"name", "id"}, …]}
//
// with the keys in that order, two-space indentation and ASCII-only
// strings (\uXXXX escapes), as Python's json.dumps(…, indent=2) writes
// them. version_code is a string, as androguard returns it. uaid is
// ExodusUAID. trackers, named as in the Exodus list, are the SDKs with an Exodus id found with medium or
// high confidence (Exodus finds trackers by class names; a host name alone
// is not enough), one per id, by id. Differences that remain are listed in
// the README ("--format exodus").
//
// Several reports (EncodeAll) give one JSON array of such documents.
type ExodusEncoder struct{}

// ID implements Encoder.
func (ExodusEncoder) ID() string { return "exodus" }

// Encode implements Encoder.
func (ExodusEncoder) Encode(w io.Writer, r *Report) error {
	var b strings.Builder
	pyJSON(&b, exodusDocument(r), 0)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// EncodeAll implements MultiEncoder: one JSON array.
func (ExodusEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	docs := make(pyList, 0, len(rs))
	for _, r := range rs {
		docs = append(docs, exodusDocument(r))
	}
	var b strings.Builder
	pyJSON(&b, docs, 0)
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// ExodusUAID is Exodus Privacy's "application universal id" of a build:
// the upper-case hex SHA-1 of the package name and the upper-case hex SHA-1
// fingerprints of the v1 (JAR) signing certificates, joined by spaces
// (exodus-core StaticAnalysis.get_application_universal_id, which reads
// the certificates of META-INF/*.RSA|DSA|EC through androguard). An APK
// signed only with v2/v3 has the SHA-1 of its package name alone, as in
// Exodus. ok is false when the report lacks the SHA-1 of a v1 certificate
// (a report saved by an apkscan before 2026-12) or has no package.
func ExodusUAID(a App) (uaid string, ok bool) {
	if a.Package == "" {
		return "", false
	}
	parts := []string{a.Package}
	for _, sg := range a.Signers {
		if !hasScheme(sg, "v1") {
			continue
		}
		if len(sg.SHA1) != 40 {
			return "", false
		}
		parts = append(parts, strings.ToUpper(sg.SHA1))
	}
	sum := sha1.Sum([]byte(strings.Join(parts, " ")))
	return strings.ToUpper(hex.EncodeToString(sum[:])), true
}

func hasScheme(sg Signer, scheme string) bool {
	for _, s := range sg.Schemes {
		if s == scheme {
			return true
		}
	}
	return false
}

// exodusDocument builds the document in Exodus' key order.
func exodusDocument(r *Report) pyObject {
	a := r.App
	var uaid any
	if u, ok := ExodusUAID(a); ok {
		uaid = u
	}
	perms := make(pyList, 0, len(a.Permissions))
	for _, p := range a.Permissions {
		perms = append(perms, p)
	}
	libs := pyList{}
	for _, l := range a.Libraries {
		libs = append(libs, androguardName(a.Package, l))
	}
	trackers := pyList{}
	for _, t := range exodusTrackers(r.SDKs) {
		trackers = append(trackers, pyObject{{"name", t.name}, {"id", t.id}})
	}
	return pyObject{
		{"application", pyObject{
			{"handle", nullIfEmpty(a.Package)},
			{"version_name", nullIfEmpty(a.VersionName)},
			// androguard returns the attribute as text; the manifest
			// attribute is 32 bits (versionCodeMajor is not part of it).
			{"version_code", strconv.FormatInt(a.VersionCode&0xffffffff, 10)},
			{"uaid", uaid},
			{"name", a.Label},
			{"permissions", perms},
			{"libraries", libs},
		}},
		{"apk", pyObject{
			{"path", a.Path},
			{"checksum", a.SHA256},
		}},
		{"trackers", trackers},
	}
}

type exodusTracker struct {
	id   int
	name string
}

// exodusTrackers keeps one entry per Exodus id, from the SDKs found with
// medium or high confidence, named as in the Exodus list (ExodusName, else
// the SDK's name); several apkscan SDKs can share an Exodus id (the lowest
// SDK id names it).
func exodusTrackers(sdks []SDK) []exodusTracker {
	byID := map[int]exodusTracker{}
	first := map[int]string{}
	for _, s := range sdks {
		if s.ExodusID == nil || (s.Confidence != High && s.Confidence != Medium) {
			continue
		}
		id := *s.ExodusID
		if f, ok := first[id]; ok && f <= s.ID {
			continue
		}
		first[id] = s.ID
		name := s.Name
		if s.ExodusName != "" {
			name = s.ExodusName
		}
		byID[id] = exodusTracker{id: id, name: name}
	}
	out := make([]exodusTracker, 0, len(byID))
	for _, t := range byID {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// androguardName qualifies a name as androguard's APK._format_value does
// for get_libraries: a leading dot or no dot at all prefixes the package.
func androguardName(pkg, v string) string {
	switch {
	case v == "":
		return v
	case v[0] == '.':
		return pkg + v
	case !strings.Contains(v, "."):
		return pkg + "." + v
	}
	return v
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// pyObject is a JSON object with ordered keys; pyList a JSON array. With
// strings, ints and nil they are all pyJSON writes.
type (
	pyObject []pyField
	pyField  struct {
		k string
		v any
	}
	pyList []any
)

// pyJSON writes v as Python's json.dumps(v, indent=2) does (ensure_ascii:
// every character outside printable ASCII as \uXXXX, surrogate pairs
// beyond the BMP), except that <, > and & are escaped too (\u003c…), as in
// every JSON apkscan writes, so that the document is inert pasted into
// HTML; a JSON reader sees the same strings.
func pyJSON(b *strings.Builder, v any, level int) {
	nl := func(l int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", l))
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		pyString(b, x)
	case int:
		b.WriteString(strconv.Itoa(x))
	case pyObject:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, f := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(level + 1)
			pyString(b, f.k)
			b.WriteString(": ")
			pyJSON(b, f.v, level+1)
		}
		nl(level)
		b.WriteByte('}')
	case pyList:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			nl(level + 1)
			pyJSON(b, e, level+1)
		}
		nl(level)
		b.WriteByte(']')
	default:
		panic(fmt.Sprintf("pyJSON: unsupported %T", v))
	}
}

func pyString(b *strings.Builder, s string) {
	const hexd = "0123456789abcdef"
	u := func(c rune) {
		b.WriteString(`\u`)
		b.WriteByte(hexd[c>>12&0xf])
		b.WriteByte(hexd[c>>8&0xf])
		b.WriteByte(hexd[c>>4&0xf])
		b.WriteByte(hexd[c&0xf])
	}
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		i += n // invalid UTF-8 decodes as U+FFFD
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '<' || c == '>' || c == '&':
			u(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(byte(c))
		case c > 0xffff:
			c -= 0x10000
			u(0xd800 + c>>10)
			u(0xdc00 + c&0x3ff)
		default:
			u(c)
		}
	}
	b.WriteByte('"')
}
