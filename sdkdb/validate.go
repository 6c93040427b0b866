package sdkdb

import (
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/geo"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	idRe        = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	prefixRe    = regexp.MustCompile(`^[A-Za-z0-9_$][A-Za-z0-9_$.]*$`)
	containsRe  = regexp.MustCompile(`^[A-Za-z0-9_$.\-]+$`)
	hostLabelRe = regexp.MustCompile(`^(?:\*|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)$`)
	versionRe   = regexp.MustCompile(`^[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:[.-][0-9A-Za-z.-]+)?$`)
)

// Validate checks the database and returns every problem found (nil when
// valid):
//   - structural: unique ids (per kind), file name = id, a curated entry
//     sharing an id with an imported one carries the same exodus_id, one
//     curated entry per exodus_id;
//   - fields: id syntax, name, vendor reference, categories and roles in the
//     vocabularies, URLs, regexes compile, prefixes/contains/hosts/name
//     patterns/globs well formed, version rules, smali method syntax of
//     sinks and argument indexes;
//   - supersession: a curated entry superseding an imported Exodus entry
//     keeps every Exodus code and network signature;
//   - samples: every true positive matches its SDK and no false positive
//     does; true positives of superseded imported entries must match the
//     curated entry that supersedes them;
//   - vendors: id/name/country/domain syntax and no two vendors sharing a
//     normalised name or alias (ResolveVendor would be ambiguous).
func (db *DB) Validate() []error {
	var errs []error
	errs = append(errs, db.loadErrs...)
	if v := db.meta.Version; v != "" && !versionRe.MatchString(v) {
		errs = append(errs, fmt.Errorf("db.yaml: version %q is not date based (YYYY.MM.DD[.N])", v))
	}
	for _, s := range db.raw {
		errs = append(errs, db.validateSDK(s)...)
	}
	owner := map[int]string{}
	for _, v := range db.rawVendors {
		errs = append(errs, validateVendor(v)...)
		if v.Parent != "" && db.vendorByID[v.Parent] == nil {
			errs = append(errs, fmt.Errorf("%s: vendor %s: unknown parent vendor %q", v.Path, v.ID, v.Parent))
		}
		for _, n := range v.ExodusTrackers {
			if prev, ok := owner[n]; ok && prev != v.ID {
				errs = append(errs, fmt.Errorf("%s: vendor %s: exodus tracker %d is also claimed by vendor %s", v.Path, v.ID, n, prev))
			}
			owner[n] = v.ID
		}
	}
	errs = append(errs, db.validateSamples()...)
	errs = append(errs, db.validateSupersession()...)
	errs = append(errs, db.vendorIndex().errs...)
	errs = append(errs, validateTaint(db.taint)...)
	errs = append(errs, validateEndpoints(db.endpoints)...)
	errs = append(errs, validateConfig(db)...)
	return errs
}

func sdkErr(s *SDK, format string, args ...any) error {
	loc := s.Path
	if loc == "" {
		loc = "<memory>"
	}
	return fmt.Errorf("%s: %s: %s", loc, s.ID, fmt.Sprintf(format, args...))
}

// checkIDAndFile checks an entry's id syntax and that its file is named
// after it (<id>.yaml), for SDKs and vendors alike.
func checkIDAndFile(id, file string, add func(format string, args ...any)) {
	if !idRe.MatchString(id) {
		add("id %q is not lowercase kebab-case", id)
	}
	if file != "" {
		base := path.Base(file)
		if strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml") != id {
			add("file name %s does not match id", base)
		}
	}
}

func (db *DB) validateSDK(s *SDK) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, sdkErr(s, format, args...)) }
	checkIDAndFile(s.ID, s.Path, add)
	if s.Disabled {
		return errs
	}
	if strings.TrimSpace(s.Name) == "" {
		add("name is empty")
	}
	switch {
	case s.Vendor == "":
		add("vendor is empty")
	case db.vendorByID[s.Vendor] == nil:
		add("unknown vendor %q", s.Vendor)
	}
	if len(s.Categories) == 0 {
		add("no categories")
	}
	seenCat := map[Category]bool{}
	for _, c := range s.Categories {
		if !c.Valid() {
			add("unknown category %q", c)
		}
		if seenCat[c] {
			add("duplicate category %q", c)
		}
		seenCat[c] = true
	}
	switch s.Source {
	case "":
	case SourceExodus:
		if s.ExodusID <= 0 {
			add("imported entry without exodus_id")
		}
	default:
		add("unknown source %q", s.Source)
	}
	if s.ExodusID < 0 {
		add("negative exodus_id")
	}
	if s.Website != "" && !isHTTPURL(s.Website) {
		add("website %q is not an http(s) URL", s.Website)
	}
	for _, p := range s.Code.Prefixes {
		if !prefixRe.MatchString(p) || len(p) < 3 {
			add("code prefix %q: want a dotted Java name prefix (at least 3 characters, no leading dot)", p)
		}
	}
	for _, p := range s.Code.Contains {
		if !containsRe.MatchString(p) {
			add("code contains %q: only letters, digits, '_', '$', '-' and '.' are allowed", p)
		} else if len(containsAnchor(p)) < 3 {
			add("code contains %q: needs a literal fragment of at least 3 characters", p)
		}
	}
	for _, p := range s.Code.Regexes {
		if _, err := regexp.Compile(p); err != nil {
			add("code regex %q: %v", p, err)
		}
	}
	seenStr := map[string]bool{}
	for _, c := range s.Code.Strings {
		if err := checkCodeString(c); err != nil {
			add("code string %q: %v", c, err)
		}
		if seenStr[c] {
			add("code string %q listed twice", c)
		}
		seenStr[c] = true
		sampled := false
		for _, smp := range s.Samples.TruePositives {
			sampled = sampled || smp.CodeString == c
		}
		if !sampled {
			add("code string %q: no true-positive sample names it (samples: - string: ...)", c)
		}
	}
	for _, h := range s.Network.Hosts {
		if err := checkHostPattern(h); err != nil {
			add("host %q: %v", h, err)
		}
	}
	for _, p := range s.Network.Regexes {
		if _, err := regexp.Compile(p); err != nil {
			add("network regex %q: %v", p, err)
		}
	}
	checkNames := func(field string, pats []string) {
		seen := map[string]bool{}
		for _, p := range pats {
			if err := checkNamePattern(p); err != nil {
				add("%s %q: %v", field, p, err)
			}
			if seen[p] {
				add("%s %q listed twice", field, p)
			}
			seen[p] = true
		}
	}
	checkNames("manifest component", s.Manifest.Components)
	checkNames("manifest meta_data", s.Manifest.MetaData)
	checkNames("manifest authority", s.Manifest.Authorities)
	checkNames("manifest permission", s.Manifest.Permissions)
	checkNames("resource", s.Resources)
	for _, f := range s.Files {
		if err := checkFileRule(f); err != nil {
			add("file %q: %v", f.Glob, err)
		}
	}
	seenSink := map[string]bool{}
	for _, sk := range s.Sinks {
		for _, err := range checkSink(sk) {
			add("%v", err)
		}
		k := sinkKey(sk.Method)
		if seenSink[k] {
			add("sink %s listed twice", sk.Method)
		}
		seenSink[k] = true
	}
	for _, smp := range append(append([]Sample(nil), s.Samples.TruePositives...), s.Samples.FalsePositives...) {
		if k, _ := smp.kind(); k == "" {
			add("sample %s: exactly one of class, host, url, component, meta_data, authority, permission, file, resource, method, string must be set", smp)
		}
	}
	db.validateRules(s, add)
	return errs
}

func isHTTPURL(u string) bool {
	return (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && !strings.ContainsAny(u, " \t\n")
}

// checkHostPattern validates a network.hosts entry.
func checkHostPattern(h string) error {
	if h == "" {
		return errors.New("empty")
	}
	if h != strings.ToLower(h) {
		return errors.New("must be lower case")
	}
	if strings.HasPrefix(h, "*.") {
		return errors.New(`leading "*." is ambiguous: write ".example.com" for the domain and all its subdomains`)
	}
	body := strings.TrimPrefix(h, ".")
	labels := strings.Split(body, ".")
	if len(labels) < 2 {
		return errors.New("needs at least two labels")
	}
	for i, l := range labels {
		if !hostLabelRe.MatchString(l) {
			return fmt.Errorf("bad label %q", l)
		}
		if l == "*" && i == 0 {
			return errors.New("the first label cannot be '*'")
		}
	}
	if labels[len(labels)-1] == "*" {
		return errors.New("the last label cannot be '*'")
	}
	return nil
}

// Code strings: long enough to be the SDK's own (at least 12 bytes),
// bounded, printable, and not a URL (hosts belong in network.hosts).
const (
	minCodeString = 12
	maxCodeString = 256
)

func checkCodeString(c string) error {
	switch {
	case len(c) < minCodeString:
		return fmt.Errorf("shorter than %d bytes: app code may hold it too", minCodeString)
	case len(c) > maxCodeString:
		return fmt.Errorf("longer than %d bytes", maxCodeString)
	case !utf8.ValidString(c):
		return errors.New("not valid UTF-8")
	case strings.TrimSpace(c) != c:
		return errors.New("leading or trailing white space")
	case strings.Contains(c, "://"):
		return errors.New("a URL: list its host in network.hosts")
	}
	for _, r := range c {
		if unicode.IsControl(r) {
			return errors.New("control character")
		}
	}
	return nil
}

// checkNamePattern validates an exact / "prefix*" / "*suffix" name pattern.
func checkNamePattern(p string) error {
	if p == "" {
		return errors.New("empty")
	}
	if strings.ContainsAny(p, " \t\n") {
		return errors.New("contains white space")
	}
	n := strings.Count(p, "*")
	switch {
	case n == 0:
	case n == 1 && (strings.HasPrefix(p, "*") || strings.HasSuffix(p, "*")):
		if len(p) < 4 {
			return errors.New("wildcard pattern needs at least 3 literal characters")
		}
	default:
		return errors.New(`'*' is only allowed once, at the start ("*suffix") or at the end ("prefix*")`)
	}
	return nil
}

func checkFileRule(f FileRule) error {
	if f.Glob == "" {
		return errors.New("empty glob")
	}
	if strings.HasPrefix(f.Glob, "/") {
		return errors.New("globs are relative to the APK root (no leading '/')")
	}
	if _, err := path.Match(f.Glob, ""); err != nil {
		return err
	}
	if v := f.Version; v != nil {
		switch v.From {
		case "content":
		case "path":
			if v.Regex == "" {
				return errors.New("version from path needs a regex")
			}
		default:
			return fmt.Errorf("version.from %q: want content or path", v.From)
		}
		if v.Regex != "" {
			re, err := regexp.Compile(v.Regex)
			if err != nil {
				return fmt.Errorf("version regex: %v", err)
			}
			if re.NumSubexp() < 1 {
				return errors.New("version regex needs a capture group")
			}
		}
	}
	return nil
}

func checkSink(sk Sink) []error {
	var errs []error
	m, err := ParseMethodRef(sk.Method)
	if err != nil {
		return []error{fmt.Errorf("sink: %v", err)}
	}
	if m.Return == "" {
		errs = append(errs, fmt.Errorf("sink %s: return type missing", sk.Method))
	}
	if sk.Static && (m.Name == "<init>" || m.Name == "<clinit>") {
		errs = append(errs, fmt.Errorf("sink %s: a constructor cannot be static", sk.Method))
	}
	nargs := len(m.Params)
	if !sk.Static {
		nargs++ // index 0 is the receiver
	}
	seen := map[int]bool{}
	for _, a := range sk.Args {
		if a.Index < 0 || a.Index >= nargs {
			errs = append(errs, fmt.Errorf("sink %s: arg index %d out of range (0..%d; static=%v)", sk.Method, a.Index, nargs-1, sk.Static))
		}
		if !a.Role.Valid() {
			errs = append(errs, fmt.Errorf("sink %s: unknown role %q", sk.Method, a.Role))
		}
		if seen[a.Index] {
			errs = append(errs, fmt.Errorf("sink %s: arg index %d listed twice", sk.Method, a.Index))
		}
		seen[a.Index] = true
	}
	return errs
}

func validateVendor(v *Vendor) []error {
	var errs []error
	loc := v.Path
	if loc == "" {
		loc = "<memory>"
	}
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: vendor %s: %s", loc, v.ID, fmt.Sprintf(format, args...)))
	}
	checkIDAndFile(v.ID, v.Path, add)
	if v.Disabled {
		return errs
	}
	if strings.TrimSpace(v.Name) == "" {
		add("name is empty")
	}
	if v.Country != "" && !geo.IsCode(v.Country) {
		add("country %q is not an ISO 3166-1 alpha-2 code", v.Country)
	}
	for _, u := range []string{v.Website, v.PrivacyPolicy} {
		if u != "" && !isHTTPURL(u) {
			add("%q is not an http(s) URL", u)
		}
	}
	for _, d := range v.Domains {
		if err := checkHostPattern(d); err != nil || strings.HasPrefix(d, ".") || strings.Contains(d, "*") {
			add("domain %q: want a plain lower-case domain name", d)
		}
	}
	for _, n := range append(append([]string(nil), v.LegalEntities...), v.Aliases...) {
		if strings.TrimSpace(n) == "" {
			add("empty legal entity or alias")
		}
	}
	switch v.Source {
	case "", SourceExodus:
	default:
		add("unknown source %q", v.Source)
	}
	for _, k := range sortedKeys(v.Sources) {
		u := v.Sources[k]
		if !VendorFacts[k] {
			add("sources: unknown fact %q (want one of legal_entities, country, eu_entity, parent, privacy_policy)", k)
		}
		if u != Unverified && !isHTTPURL(u) {
			add("sources.%s: %q is neither an http(s) URL nor %q", k, u, Unverified)
		}
	}
	seen := map[int]bool{}
	for _, n := range v.ExodusTrackers {
		if n <= 0 || seen[n] {
			add("exodus_trackers: %d is not a positive, unique tracker id", n)
		}
		seen[n] = true
	}
	return errs
}

// Unverified marks a vendor fact that no stored public source was found for.
const Unverified = "unverified"

// VendorFacts are the facts a vendor's sources may document.
var VendorFacts = map[string]bool{"legal_entities": true, "country": true, "eu_entity": true, "parent": true, "privacy_policy": true}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// matchSample returns the SDKs a sample matches.
func (m *Matcher) matchSample(smp Sample) []*SDK {
	kind, val := smp.kind()
	var ms []Match
	switch kind {
	case "class":
		ms = m.MatchClass(val)
	case "host":
		ms = m.MatchHost(val)
	case "url":
		ms = m.MatchURL(val)
	case "component":
		ms = m.MatchComponent(val)
	case "meta_data":
		ms = m.MatchMetaData(val)
	case "authority":
		ms = m.MatchAuthority(val)
	case "permission":
		ms = m.MatchPermission(val)
	case "resource":
		ms = m.MatchResource(val)
	case "string":
		ms = m.MatchString(val)
	case "file":
		var out []*SDK
		for _, h := range m.MatchFile(val) {
			out = append(out, h.SDK)
		}
		return out
	case "method":
		var out []*SDK
		for _, sm := range m.SinksFor(val) {
			out = append(out, sm.SDK)
		}
		return out
	}
	out := make([]*SDK, 0, len(ms))
	for _, x := range ms {
		out = append(out, x.SDK)
	}
	return out
}

func sdkIn(list []*SDK, s *SDK) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CheckSamples runs the samples of s against the database matcher and
// returns the failures. s need not belong to db (useful for previews).
func (db *DB) CheckSamples(s *SDK) []error {
	return checkSamplesAgainst(db.Matcher(), s, s)
}

func checkSamplesAgainst(m *Matcher, s, target *SDK) []error {
	var errs []error
	for _, smp := range s.Samples.TruePositives {
		if k, _ := smp.kind(); k == "" {
			continue
		}
		got := m.matchSample(smp)
		if !sdkIn(got, target) {
			if s == target {
				errs = append(errs, sdkErr(s, "true positive %s does not match (matched: %s)", smp, idList(got)))
			} else {
				errs = append(errs, sdkErr(s, "true positive %s of this superseded imported entry does not match the curated entry %q (matched: %s)", smp, target.ID, idList(got)))
			}
		}
	}
	if s != target {
		return errs
	}
	for _, smp := range s.Samples.FalsePositives {
		if k, _ := smp.kind(); k == "" {
			continue
		}
		if got := m.matchSample(smp); sdkIn(got, s) {
			errs = append(errs, sdkErr(s, "false positive %s matches", smp))
		}
	}
	return errs
}

func idList(sdks []*SDK) string {
	if len(sdks) == 0 {
		return "nothing"
	}
	ids := make([]string, len(sdks))
	for i, s := range sdks {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

func (db *DB) validateSamples() []error {
	m := db.Matcher()
	var errs []error
	for _, s := range db.sdks {
		errs = append(errs, checkSamplesAgainst(m, s, s)...)
		errs = append(errs, checkDecisions(m, s)...)
		// A code string two entries hold cannot tell whose code it is.
		for _, c := range s.Code.Strings {
			if ms := m.MatchString(c); len(ms) > 1 {
				errs = append(errs, sdkErr(s, "code string %q is also held by %s", c, matchIDs(ms)))
			}
		}
	}
	for _, s := range db.superseded {
		if c := db.SupersededBy(s); c != nil {
			errs = append(errs, checkSamplesAgainst(m, s, c)...)
		}
	}
	return errs
}

// SupersededBy returns the curated entry hiding the imported entry s, or nil.
func (db *DB) SupersededBy(s *SDK) *SDK {
	if !s.Imported() {
		return nil
	}
	if c := db.byID[s.ID]; c != nil && c != s && !c.Imported() {
		return c
	}
	if c := db.byExodus[s.ExodusID]; c != nil && c != s && !c.Imported() {
		return c
	}
	return nil
}

func (db *DB) validateSupersession() []error {
	var errs []error
	for _, s := range db.superseded {
		c := db.SupersededBy(s)
		if c == nil {
			continue
		}
		miss := func(kind, p string) {
			errs = append(errs, sdkErr(c, "supersedes imported %q (exodus_id %d) but does not keep its %s signature %q", s.ID, s.ExodusID, kind, p))
		}
		for _, p := range s.Code.Prefixes {
			if !hasString(c.Code.Prefixes, p) && !hasString(c.Code.Contains, p) {
				miss("code prefix", p)
			}
		}
		for _, p := range s.Code.Contains {
			if !hasString(c.Code.Contains, p) {
				miss("code contains", p)
			}
		}
		for _, p := range s.Code.Regexes {
			if !hasString(c.Code.Regexes, p) {
				miss("code regex", p)
			}
		}
		// Every class Exodus detects the tracker by must still reveal it:
		// no imported code signature may be weak, and with a requires rule
		// each must satisfy it.
		for _, p := range concat(s.Code.Prefixes, s.Code.Contains, s.Code.Regexes) {
			weak, req := c.Weigh(ChannelClass, p)
			if weak {
				errs = append(errs, sdkErr(c, "marks the code signature %q of imported %q (exodus_id %d) weak: Exodus detects the tracker by it", p, s.ID, s.ExodusID))
			}
			if len(c.Evidence.Requires) > 0 && !req {
				errs = append(errs, sdkErr(c, "requires rule does not list the code signature %q of imported %q (exodus_id %d): Exodus detects the tracker by it", p, s.ID, s.ExodusID))
			}
		}
		for _, h := range s.Network.Hosts {
			covered := false
			for _, q := range c.Network.Hosts {
				if hostCovers(q, h) {
					covered = true
					break
				}
			}
			if !covered {
				miss("host", h)
			}
		}
		for _, p := range s.Network.Regexes {
			if !hasString(c.Network.Regexes, p) {
				miss("network regex", p)
			}
		}
	}
	return errs
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hostCovers reports whether host pattern q matches every host p matches.
func hostCovers(q, p string) bool {
	q, p = strings.ToLower(q), strings.ToLower(p)
	if q == p {
		return true
	}
	if strings.Contains(q, "*") || strings.Contains(p, "*") {
		return false
	}
	if !strings.HasPrefix(q, ".") {
		return false
	}
	qb := q[1:]
	pb := strings.TrimPrefix(p, ".")
	return pb == qb || strings.HasSuffix(pb, "."+qb)
}
