package sdkdb

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed data
var embedded embed.FS

// DB is a loaded signature database. A DB is immutable after loading and
// safe for concurrent use.
type DB struct {
	meta Meta

	raw        []*SDK    // every loaded entry, including disabled and superseded ones
	rawVendors []*Vendor // every loaded vendor, including disabled ones
	loadErrs   []error   // structural problems found while loading (duplicate ids…)

	sdks       []*SDK // effective entries, sorted by id
	byID       map[string]*SDK
	byExodus   map[int]*SDK
	superseded []*SDK // imported entries hidden by a curated entry with the same exodus_id

	vendors    []*Vendor // effective vendors, sorted by id
	vendorByID map[string]*Vendor

	taint     *TaintSpec    // data/taint/*.yaml
	endpoints *EndpointSpec // data/endpoints/*.yaml
	config    *ConfigSpec   // data/config/*.yaml

	matcherOnce sync.Once
	matcher     *Matcher

	vendorIdxOnce sync.Once
	vendorIdx     *vendorIndex

	digestOnce sync.Once
	digest     string
}

var (
	defaultOnce sync.Once
	defaultDB   *DB
	defaultErr  error
)

// Default returns the embedded database (data/ in this package), loaded once
// and cached. It reads the pre-decoded snapshot of data/ (see snapshot.go),
// which the package tests keep identical to the YAML files and validate;
// without a usable snapshot it parses and validates the YAML files, and
// fails if they do not validate.
func Default() (*DB, error) {
	defaultOnce.Do(func() {
		if db, err := loadSnapshot(snapshotData); err == nil {
			defaultDB = db
			return
		}
		sub, err := fs.Sub(embedded, "data")
		if err != nil {
			defaultErr = err
			return
		}
		db, err := Load(sub)
		if err != nil {
			defaultErr = fmt.Errorf("sdkdb: embedded data: %w", err)
			return
		}
		if errs := db.Validate(); len(errs) > 0 {
			defaultErr = fmt.Errorf("sdkdb: embedded data does not validate: %w", errors.Join(errs...))
			return
		}
		defaultDB = db
	})
	return defaultDB, defaultErr
}

// EmbeddedFS returns the embedded data folder (the content of data/).
func EmbeddedFS() fs.FS {
	sub, _ := fs.Sub(embedded, "data")
	return sub
}

// LoadDir loads a database folder from disk; see Load.
func LoadDir(dir string) (*DB, error) {
	if st, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("sdkdb: %s is not a directory", dir)
	}
	return Load(os.DirFS(dir))
}

// Load reads every *.yaml / *.yml file below the root of fsys:
//
//   - db.yaml at the root is the Meta (version) file;
//   - a file below a directory named "vendors" holds one Vendor;
//   - files below a directory named "taint" hold the TaintSpec, files
//     below one named "endpoints" the EndpointSpec, files below one
//     named "config" the ConfigSpec (concatenated);
//   - every other YAML file holds one SDK.
//
// Other files (README, ATTRIBUTION…) are ignored. Unknown YAML fields are
// errors. Load returns an error for unreadable or unparsable files;
// semantic problems (duplicate ids, unknown vendors, bad regexes…) are
// reported by Validate.
func Load(fsys fs.FS) (*DB, error) {
	db := &DB{}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		switch {
		case p == "db.yaml" || p == "db.yml":
			if err := decodeStrict(data, &db.meta); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
			}
		case inTaintDir(p):
			t := &TaintSpec{}
			if err := decodeStrict(data, t); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			t.Path = p
			if db.taint == nil {
				db.taint = &TaintSpec{}
			}
			db.taint.append(t)
		case inEndpointsDir(p):
			e := &EndpointSpec{}
			if err := decodeStrict(data, e); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			e.Path = p
			if db.endpoints == nil {
				db.endpoints = &EndpointSpec{}
			}
			db.endpoints.append(e)
		case inConfigDir(p):
			c := &ConfigSpec{}
			if err := decodeStrict(data, c); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			c.Path = p
			if db.config == nil {
				db.config = &ConfigSpec{}
			}
			db.config.append(c)
		case inVendorsDir(p):
			v := &Vendor{}
			if err := decodeStrict(data, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			v.Path = p
			db.rawVendors = append(db.rawVendors, v)
		default:
			s := &SDK{}
			if err := decodeStrict(data, s); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			s.Path = p
			db.raw = append(db.raw, s)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	db.build()
	return db, nil
}

func inVendorsDir(p string) bool {
	dir := path.Dir(p)
	for dir != "." && dir != "/" {
		if path.Base(dir) == "vendors" {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}

func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return errors.New("empty document")
		}
		return err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return errors.New("more than one YAML document in file")
	}
	return nil
}

// New builds a database from in-memory entries (mainly for tests and
// tools). The slices are not copied deeply; do not modify them afterwards.
func New(meta Meta, sdks []*SDK, vendors []*Vendor) *DB {
	db := &DB{meta: meta, raw: append([]*SDK(nil), sdks...), rawVendors: append([]*Vendor(nil), vendors...)}
	db.build()
	return db
}

// build computes the effective view from the raw entries.
//
// Rules:
//   - ids are unique per kind: at most one curated and one imported (Exodus)
//     entry per id; a curated entry with the same id as an imported entry
//     supersedes it (and must carry the same exodus_id);
//   - a curated entry with exodus_id N supersedes the imported entry with
//     exodus_id N whatever its id;
//   - disabled entries (curated kind) remove the id entirely.
func (db *DB) build() {
	db.loadErrs = nil
	type slot struct{ curated, imported *SDK }
	slots := map[string]*slot{}
	var ids []string
	for _, s := range db.raw {
		sl := slots[s.ID]
		if sl == nil {
			sl = &slot{}
			slots[s.ID] = sl
			ids = append(ids, s.ID)
		}
		if s.Imported() {
			if sl.imported != nil {
				db.loadErrs = append(db.loadErrs, fmt.Errorf("duplicate imported SDK id %q (%s and %s)", s.ID, where(sl.imported.Path), where(s.Path)))
				continue
			}
			sl.imported = s
		} else {
			if sl.curated != nil {
				db.loadErrs = append(db.loadErrs, fmt.Errorf("duplicate SDK id %q (%s and %s)", s.ID, where(sl.curated.Path), where(s.Path)))
				continue
			}
			sl.curated = s
		}
	}
	curatedExodus := map[int]*SDK{}
	var candidates []*SDK
	db.superseded = nil
	for _, id := range ids {
		sl := slots[id]
		imported := sl.imported
		if imported != nil && imported.Disabled {
			imported = nil
		}
		if sl.curated == nil {
			if imported != nil {
				candidates = append(candidates, imported)
			}
			continue
		}
		if sl.curated.Disabled {
			continue
		}
		candidates = append(candidates, sl.curated)
		if imported != nil {
			if sl.curated.ExodusID != imported.ExodusID {
				db.loadErrs = append(db.loadErrs, fmt.Errorf("SDK %q: curated entry (%s) has exodus_id %d but the imported entry with the same id has exodus_id %d", id, where(sl.curated.Path), sl.curated.ExodusID, imported.ExodusID))
			}
			db.superseded = append(db.superseded, imported)
		}
		if n := sl.curated.ExodusID; n != 0 {
			if prev := curatedExodus[n]; prev != nil {
				db.loadErrs = append(db.loadErrs, fmt.Errorf("exodus_id %d claimed by two curated entries: %q and %q", n, prev.ID, id))
			} else {
				curatedExodus[n] = sl.curated
			}
		}
	}
	db.sdks = nil
	db.byID = map[string]*SDK{}
	db.byExodus = map[int]*SDK{}
	for _, s := range candidates {
		if s.Imported() && s.ExodusID != 0 && curatedExodus[s.ExodusID] != nil {
			db.superseded = append(db.superseded, s)
			continue
		}
		db.sdks = append(db.sdks, s)
	}
	sort.Slice(db.sdks, func(i, j int) bool { return db.sdks[i].ID < db.sdks[j].ID })
	sort.Slice(db.superseded, func(i, j int) bool { return db.superseded[i].ID < db.superseded[j].ID })
	for _, s := range db.sdks {
		db.byID[s.ID] = s
		if s.ExodusID != 0 {
			if prev := db.byExodus[s.ExodusID]; prev != nil {
				db.loadErrs = append(db.loadErrs, fmt.Errorf("exodus_id %d used by %q and %q", s.ExodusID, prev.ID, s.ID))
				continue
			}
			db.byExodus[s.ExodusID] = s
		}
	}

	db.vendors = nil
	db.vendorByID = map[string]*Vendor{}
	for _, v := range db.rawVendors {
		if prev := db.vendorByID[v.ID]; prev != nil {
			// A curated vendor replaces the stub the Exodus importer
			// generated under the same id (until the next import drops it).
			switch {
			case prev.Source == SourceExodus && v.Source != SourceExodus:
				db.vendorByID[v.ID] = v
				continue
			case v.Source == SourceExodus && prev.Source != SourceExodus:
				continue
			}
			db.loadErrs = append(db.loadErrs, fmt.Errorf("duplicate vendor id %q (%s and %s)", v.ID, where(prev.Path), where(v.Path)))
			continue
		}
		db.vendorByID[v.ID] = v
	}
	for id, v := range db.vendorByID {
		if v.Disabled {
			delete(db.vendorByID, id)
			continue
		}
		db.vendors = append(db.vendors, v)
	}
	sort.Slice(db.vendors, func(i, j int) bool { return db.vendors[i].ID < db.vendors[j].ID })
}

func where(p string) string {
	if p == "" {
		return "<memory>"
	}
	return p
}

// Merge returns a new database made of db overlaid with overlay: an overlay
// SDK replaces the base entry of the same id and kind (curated or imported),
// an overlay vendor replaces the base vendor of the same id, and an overlay
// entry with `disabled: true` removes the id. The overlay's db.yaml version,
// when set, wins. Neither input is modified. Validate the result, not the
// overlay alone (an overlay usually references base vendors).
func (db *DB) Merge(overlay *DB) *DB {
	if overlay == nil {
		return db
	}
	out := &DB{meta: db.meta, taint: db.taint, endpoints: db.endpoints, config: db.config}
	if overlay.config != nil {
		// An overlay's config data adds to the base's.
		c := &ConfigSpec{}
		if db.config != nil {
			c.append(db.config)
		}
		c.append(overlay.config)
		out.config = c
	}
	if overlay.endpoints != nil {
		// An overlay's endpoint data adds to the base's.
		e := &EndpointSpec{}
		if db.endpoints != nil {
			e.append(db.endpoints)
		}
		e.append(overlay.endpoints)
		out.endpoints = e
	}
	if overlay.taint != nil {
		// An overlay's taint data adds to the base's.
		t := &TaintSpec{}
		if db.taint != nil {
			t.append(db.taint)
		}
		t.append(overlay.taint)
		out.taint = t
	}
	if overlay.meta.Version != "" {
		out.meta.Version = overlay.meta.Version
	}
	if overlay.meta.Description != "" {
		out.meta.Description = overlay.meta.Description
	}
	key := func(s *SDK) string {
		if s.Imported() {
			return "i:" + s.ID
		}
		return "c:" + s.ID
	}
	over := map[string]bool{}
	for _, s := range overlay.raw {
		over[key(s)] = true
	}
	for _, s := range db.raw {
		if !over[key(s)] {
			out.raw = append(out.raw, s)
		}
	}
	out.raw = append(out.raw, overlay.raw...)
	overV := map[string]bool{}
	for _, v := range overlay.rawVendors {
		overV[v.ID] = true
	}
	for _, v := range db.rawVendors {
		if !overV[v.ID] {
			out.rawVendors = append(out.rawVendors, v)
		}
	}
	out.rawVendors = append(out.rawVendors, overlay.rawVendors...)
	out.build()
	return out
}

// Meta returns the db.yaml content.
func (db *DB) Meta() Meta { return db.meta }

// Version returns the database version from db.yaml.
func (db *DB) Version() string { return db.meta.Version }

// SDKs returns the effective entries sorted by id. Do not modify them.
func (db *DB) SDKs() []*SDK { return db.sdks }

// SDK returns the effective entry with the given id, or nil.
func (db *DB) SDK(id string) *SDK { return db.byID[id] }

// SDKByExodusID returns the effective entry carrying the Exodus tracker id n
// (imported, or the curated entry superseding it), or nil.
func (db *DB) SDKByExodusID(n int) *SDK { return db.byExodus[n] }

// Superseded returns the imported entries hidden by curated entries.
func (db *DB) Superseded() []*SDK { return db.superseded }

// Vendors returns the effective vendors sorted by id.
func (db *DB) Vendors() []*Vendor { return db.vendors }

// Vendor returns the vendor with the given id, or nil.
func (db *DB) Vendor(id string) *Vendor { return db.vendorByID[id] }

// Matcher returns the compiled matcher for the effective entries (built once).
func (db *DB) Matcher() *Matcher {
	db.matcherOnce.Do(func() { db.matcher = NewMatcher(db.sdks) })
	return db.matcher
}
