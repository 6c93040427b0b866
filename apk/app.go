package apk

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Severity of a Problem.
const (
	// SevError: part of the input could not be read; the report is partial.
	SevError = "error"
	// SevWarning: an anomaly that did not stop the scan (a trick Android
	// tolerates, a suspicious entry name).
	SevWarning = "warning"
)

// Problem is a non-fatal issue tied to a place in the input.
type Problem struct {
	Where    string
	Err      error
	Severity string
}

func (p Problem) Error() string { return p.Where + ": " + p.Err.Error() }

// InputError is returned when an input cannot be scanned at all.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Split is one APK of an app: the base, a config or feature split, or an
// APK nested inside another.
type Split struct {
	// Name is the split's place in the input: "base.apk", "split_config.arm64_v8a.apk",
	// or "outer.apk!assets/inner.apk" for nested APKs.
	Name      string
	SHA256    string
	Size      int64
	Archive   *Archive
	Manifest  *Manifest
	Resources *Resources
	Signers   []Signer
	// Nested is true for an APK found inside another APK (not a bundle split).
	Nested bool
	isBase bool
}

// App is an opened input: one APK, a bundle of splits or a directory of splits.
type App struct {
	Path   string
	Kind   string // apk | apks | xapk | apkm | dir
	SHA256 string // of the input file; of the base split for a directory
	Size   int64
	Splits []*Split // the base split first, then the others by name
	// BundleInfo holds what a bundle's manifest.json / info.json declares.
	BundleInfo map[string]string
	Problems   []Problem
	limits     Limits
	budget     *budget
	files      []io.Closer
	closed     bool // a second Close does nothing
}

// BudgetUsage reports what the scan has consumed so far of its per-scan
// budget (see Limits).
func (a *App) BudgetUsage() Usage { return a.budget.usage() }

// Base returns the base split (the one without a split name).
func (a *App) Base() *Split { return a.Splits[0] }

// Close releases every open file.
func (a *App) Close() error {
	if a.closed {
		return nil
	}
	a.closed = true
	for _, s := range a.Splits {
		s.Archive.Close()
	}
	for _, f := range a.files {
		f.Close()
	}
	return nil
}

func (a *App) problem(where, sev string, err error) {
	a.Problems = append(a.Problems, Problem{Where: where, Err: err, Severity: sev})
}

// Open opens an APK, a split bundle (.apks/.xapk/.apkm or any zip of APKs)
// or a directory of split APKs. It fails only when nothing can be scanned;
// everything else becomes an App.Problem.
func Open(p string, lim Limits) (*App, error) { return OpenKnown(p, lim, "") }

// OpenKnown is Open for a caller that has already hashed the input file
// (a bulk scan checks its store by SHA-256 before scanning): sha256, when
// not empty, is used instead of reading the file a second time.
//
// One budget (see Limits) is created per call and shared by every archive
// of the input. Only directories and regular files are opened: a FIFO,
// socket or device is an *InputError, never a blocking open.
func OpenKnown(p string, lim Limits, sha256 string) (*App, error) {
	lim = lim.withDefaults()
	fi, err := os.Stat(p)
	if err != nil {
		return nil, &InputError{p, pathErr(err)}
	}
	app := &App{Path: p, limits: lim, budget: newBudget(lim)}
	if fi.IsDir() {
		if err := app.openDir(p); err != nil {
			app.Close()
			return nil, &InputError{p, err}
		}
		return app, nil
	}
	f, fi, err := openRegular(p)
	if err != nil {
		return nil, &InputError{p, err}
	}
	if fi.Size() == 0 {
		f.Close()
		return nil, &InputError{p, errors.New("empty file (0 bytes)")}
	}
	app.files = append(app.files, f)
	app.Size = fi.Size()
	if sha256 != "" {
		app.SHA256 = sha256
	} else if app.SHA256, err = hashReader(f); err != nil {
		app.Close()
		return nil, &InputError{p, err}
	}
	ar, err := openArchive(filepath.Base(p), f, lim, app.budget)
	if err != nil {
		app.Close()
		return nil, &InputError{p, err}
	}
	app.Kind = strings.TrimPrefix(strings.ToLower(filepath.Ext(p)), ".")
	if ar.Has("AndroidManifest.xml") {
		if app.Kind != "apk" {
			app.Kind = "apk"
		}
		s := &Split{Name: filepath.Base(p), SHA256: app.SHA256, Size: app.Size, Archive: ar}
		app.loadSplit(s, f, fi.Size())
		if s.Manifest == nil {
			app.Close()
			return nil, &InputError{p, firstErr(app.Problems, "AndroidManifest.xml could not be decoded")}
		}
		app.Splits = append(app.Splits, s)
		app.openNested(s, 1)
		return app, nil
	}
	if ar.Recovered && !ar.Has("AndroidManifest.xml") {
		ar.Close()
		app.Close()
		return nil, &InputError{p, errors.New("damaged zip (no readable central directory: truncated?) and AndroidManifest.xml is not recoverable")}
	}
	apks := ar.Glob("*.apk")
	apks = append(apks, ar.Glob("*/*.apk")...)
	if len(apks) == 0 {
		ar.Close()
		app.Close()
		if len(ar.Glob("classes*.dex")) > 0 {
			return nil, &InputError{p, errors.New("no AndroidManifest.xml: not an APK (truncated, or a plain DEX/JAR archive)")}
		}
		return nil, &InputError{p, errors.New("no AndroidManifest.xml and no split APKs: not an APK or bundle")}
	}
	if app.Kind != "apks" && app.Kind != "xapk" && app.Kind != "apkm" {
		app.Kind = "apks"
	}
	for _, msg := range ar.Ambiguities() {
		app.problem(app.Path, SevError, errors.New(msg))
	}
	app.readBundleInfo(ar)
	for _, name := range apks {
		if len(app.Splits) >= lim.MaxSplits {
			app.problem(name, SevError, fmt.Errorf("more than %d splits; rest skipped", lim.MaxSplits))
			break
		}
		data, err := ar.ReadEntry(name, 0)
		if err != nil {
			app.problem(name, SevError, err)
			if errors.Is(err, ErrBudget) {
				break
			}
			continue
		}
		// The split's bytes back its Archive until Close.
		if err := app.budget.hold(int64(len(data))); err != nil {
			app.problem(name, SevError, fmt.Errorf("%w; rest skipped", err))
			break
		}
		sub, err := openArchive(name, bytes.NewReader(data), lim, app.budget)
		if err != nil {
			app.problem(name, SevError, err)
			app.budget.release(int64(len(data)))
			continue
		}
		s := &Split{Name: name, SHA256: hashBytes(data), Size: int64(len(data)), Archive: sub}
		app.loadSplit(s, bytes.NewReader(data), int64(len(data)))
		if s.Manifest == nil {
			sub.Close()
			app.budget.release(int64(len(data)))
			continue
		}
		app.Splits = append(app.Splits, s)
	}
	ar.Close()
	return app.finishSplits()
}

func firstErr(ps []Problem, def string) error {
	for _, p := range ps {
		if p.Severity == SevError {
			return p.Err
		}
	}
	return errors.New(def)
}

func (app *App) openDir(dir string) error {
	app.Kind = "dir"
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".apk") {
			continue
		}
		if len(app.Splits) >= app.limits.MaxSplits {
			app.problem(e.Name(), SevError, fmt.Errorf("more than %d splits; rest skipped", app.limits.MaxSplits))
			break
		}
		fp := filepath.Join(dir, e.Name())
		f, fi, err := openRegular(fp)
		if err != nil {
			app.problem(e.Name(), SevError, &InputError{fp, err})
			continue
		}
		app.files = append(app.files, f)
		if fi.Size() == 0 {
			app.problem(e.Name(), SevError, errors.New("empty file (0 bytes)"))
			continue
		}
		sum, err := hashReader(f)
		if err != nil {
			app.problem(e.Name(), SevError, err)
			continue
		}
		ar, err := openArchive(e.Name(), f, app.limits, app.budget)
		if err != nil {
			app.problem(e.Name(), SevError, err)
			continue
		}
		s := &Split{Name: e.Name(), SHA256: sum, Size: fi.Size(), Archive: ar}
		app.loadSplit(s, f, fi.Size())
		if s.Manifest == nil {
			ar.Close()
			continue
		}
		app.Splits = append(app.Splits, s)
	}
	if len(app.Splits) == 0 {
		return errors.New("directory holds no readable APK")
	}
	if _, err := app.finishSplits(); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return ie.Err // OpenKnown adds the path
		}
		return err
	}
	return nil
}

// finishSplits puts the base split first and checks the set is one app.
func (app *App) finishSplits() (*App, error) {
	if len(app.Splits) == 0 {
		app.Close()
		return nil, &InputError{app.Path, firstErr(app.Problems, "bundle holds no readable APK")}
	}
	sort.SliceStable(app.Splits, func(i, j int) bool {
		bi, bj := app.Splits[i].Manifest.Split == "", app.Splits[j].Manifest.Split == ""
		if bi != bj {
			return bi
		}
		return app.Splits[i].Name < app.Splits[j].Name
	})
	base := app.Splits[0]
	if base.Manifest.Split != "" {
		app.problem(app.Path, SevError, errors.New("no base APK among the splits; using "+base.Name))
	}
	if e := app.checkOneApp(); e != nil {
		if !app.limits.MergeApps {
			app.Close()
			return nil, &InputError{app.Path, e}
		}
		app.problem(app.Path, SevError, &mergedError{e})
	}
	for _, s := range app.Splits[1:] {
		if s.Manifest.Package != base.Manifest.Package {
			app.problem(s.Name, SevWarning, fmt.Errorf("package %q differs from base %q", s.Manifest.Package, base.Manifest.Package))
		}
	}
	if app.SHA256 == "" {
		app.SHA256 = base.SHA256
		app.Size = base.Size
	}
	return app, nil
}

var xapkKeys = regexp.MustCompile(`^(package_name|pname|version_code|versionCode|version_name|versionName|name|app_name|min_sdk_version|target_sdk_version|xapk_version|apkm_version)$`)

// readBundleInfo records the scalar fields of manifest.json (XAPK) or
// info.json (APKM).
func (app *App) readBundleInfo(ar *Archive) {
	for _, name := range []string{"manifest.json", "info.json"} {
		if !ar.Has(name) {
			continue
		}
		data, err := ar.ReadEntry(name, 1<<20)
		if err != nil {
			app.problem(name, SevWarning, err)
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			app.problem(name, SevWarning, fmt.Errorf("bundle manifest: %w", err))
			continue
		}
		app.BundleInfo = map[string]string{}
		for k, v := range m {
			if !xapkKeys.MatchString(k) {
				continue
			}
			switch x := v.(type) {
			case string:
				app.BundleInfo[k] = x
			case float64:
				app.BundleInfo[k] = fmt.Sprintf("%.0f", x)
			}
		}
	}
}

// loadSplit decodes manifest, resources and signers of one split and
// records anomalies of its entries.
func (app *App) loadSplit(s *Split, r io.ReaderAt, size int64) {
	ar := s.Archive
	if ar.Recovered {
		app.problem(s.Name, SevError, errors.New("no readable central directory (truncated or damaged zip); entries recovered from local headers, some may be missing"))
	}
	for _, msg := range ar.Ambiguities() {
		app.problem(s.Name, SevError, errors.New(msg))
	}
	encrypted := 0
	for _, e := range ar.Entries() {
		if why := suspiciousName(e.Name); why != "" {
			app.problem(s.Name+"!"+sanitizeName(e.Name), SevWarning, fmt.Errorf("suspicious entry name (%s); never extracted", why))
		}
		if e.Encrypted {
			encrypted++
		}
		if err := ar.CheckBomb(e); err != nil {
			app.problem(s.Name, SevError, err)
		}
	}
	if encrypted > 0 {
		app.problem(s.Name, SevWarning, fmt.Errorf("%d entries have the ZIP encryption flag set; Android ignores it (an anti-analysis trick), so apkscan reads them as plain data", encrypted))
	}
	var arsc []byte
	if ar.Has("resources.arsc") {
		var err error
		if arsc, err = ar.ReadEntry("resources.arsc", app.limits.MaxResources); err != nil {
			app.problem(s.Name+"!resources.arsc", SevError, err)
		} else if s.Resources, err = parseResources(arsc, app.budget); err != nil {
			app.problem(s.Name+"!resources.arsc", SevError, err)
			if errors.Is(err, ErrBudget) {
				arsc = nil // not decoded a second time for the manifest
			}
		}
	}
	mdata, err := ar.ReadEntry("AndroidManifest.xml", app.limits.MaxManifest)
	if err != nil {
		app.problem(s.Name+"!AndroidManifest.xml", SevError, err)
	} else {
		m, resErr, err := parseManifest(mdata, arsc, app.budget)
		if resErr != nil && s.Resources != nil {
			app.problem(s.Name+"!resources.arsc", SevWarning, fmt.Errorf("manifest references not resolved: %w", resErr))
		}
		if err != nil {
			app.problem(s.Name, SevError, err)
		}
		s.Manifest = m
	}
	var probs []error
	s.Signers, probs = readSigners(ar, r, size)
	for _, p := range probs {
		sev := SevWarning
		if errors.Is(p, ErrBudget) {
			sev = SevError // signers past the budget were not examined
		}
		app.problem(s.Name, sev, p)
	}
}

// openNested opens .apk entries inside an APK (plugins, embedded
// installers), depth levels below the input, within the scan's budget of
// nested archives, nesting depth and bytes held. Each nested APK's bytes
// back its Archive (later readers such as ReadCode need them) and are
// counted as held.
func (app *App) openNested(parent *Split, depth int) {
	for _, e := range parent.Archive.Entries() {
		if e.Dir || !strings.EqualFold(path.Ext(e.Name), ".apk") {
			continue
		}
		name := parent.Name + "!" + e.Name
		if depth > app.limits.MaxNestedDepth {
			app.problem(name, SevError, fmt.Errorf("%w; nested APK not opened", &BudgetError{Name: budgetDepth, Limit: int64(app.limits.MaxNestedDepth)}))
			continue
		}
		if err := app.budget.takeNested(depth); err != nil {
			app.problem(name, SevError, fmt.Errorf("%w; this and further nested APKs not opened", err))
			return
		}
		data, err := parent.Archive.ReadEntry(e.Name, 0)
		if err != nil {
			app.problem(name, SevError, err)
			if errors.Is(err, ErrBudget) {
				return
			}
			continue
		}
		if err := app.budget.hold(int64(len(data))); err != nil {
			app.problem(name, SevError, fmt.Errorf("%w; nested APK not opened", err))
			continue
		}
		sub, err := openArchive(name, bytes.NewReader(data), app.limits, app.budget)
		if err != nil {
			app.problem(name, SevWarning, fmt.Errorf("nested .apk is not a readable zip: %w", err))
			app.budget.release(int64(len(data)))
			continue
		}
		s := &Split{Name: name, SHA256: hashBytes(data), Size: int64(len(data)), Archive: sub, Nested: true}
		app.loadSplit(s, bytes.NewReader(data), int64(len(data)))
		if s.Manifest == nil {
			sub.Close()
			app.budget.release(int64(len(data)))
			continue
		}
		app.Splits = append(app.Splits, s)
		app.openNested(s, depth+1)
	}
}

func hashReader(f io.ReadSeeker) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashBytes(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func sanitizeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
