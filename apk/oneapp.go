package apk

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// NotOneAppError reports that the APKs of a directory or bundle are not
// the base and splits of one app: their packages differ, there is more
// than one base APK, or splits are signed by none of the base's
// certificates (Android installs a split set only when every APK has the
// base's package and signer). Open returns it wrapped in an *InputError
// (so errors.Is(err, errs.ErrInput) holds) unless Limits.MergeApps is set;
// then the App holds every APK and a problem of severity error whose Err
// wraps it.
type NotOneAppError struct {
	// Kind is the input's kind: "dir", "apks", "xapk" or "apkm".
	Kind string
	// Path is the input as given to Open.
	Path string
	// Packages are the distinct package names of the APKs, sorted. More
	// than one means different apps.
	Packages []string
	// Bases names the base APKs (those without a split name) when there
	// are several of one package.
	Bases []string
	// OtherSigners names the splits none of whose certificates signs the
	// base (only checked when the package is one and the base is one).
	OtherSigners []string
	// Base is the base APK the other signers were compared with.
	Base string
}

// maxListed bounds the names an error message lists.
const maxListed = 5

// what describes the difference: "2 apps (com.a, com.b)".
func (e *NotOneAppError) what() string {
	switch {
	case len(e.Packages) > 1:
		return fmt.Sprintf("%d apps (%s)", len(e.Packages), listNames(e.Packages))
	case len(e.Bases) > 1:
		pkg := ""
		if len(e.Packages) == 1 {
			pkg = " of " + safeName(e.Packages[0])
		}
		return fmt.Sprintf("%d base APKs%s (%s)", len(e.Bases), pkg, listNames(e.Bases))
	default:
		splits := "splits"
		if len(e.OtherSigners) == 1 {
			splits = "split"
		}
		return fmt.Sprintf("%d %s signed by other certificates than %s (%s)", len(e.OtherSigners), splits, safeName(e.Base), listNames(e.OtherSigners))
	}
}

// Error is one line, "holds 2 apps (com.a, com.b): scan them one by one,
// or use apkscan bulk DIR" (the *InputError around it adds the path).
func (e *NotOneAppError) Error() string {
	advice := "scan them one by one"
	if e.Kind != "dir" {
		advice = "extract its APKs and scan them one by one"
	} else if len(e.Packages) > 1 || len(e.Bases) > 1 {
		// apkscan bulk scans each of these APKs on its own (bulk.Collect
		// groups a directory only when it holds one package and one base).
		advice += ", or use apkscan bulk " + safePath(e.Path)
	}
	return "holds " + e.what() + ": " + advice
}

// mergedError is the problem recorded when Limits.MergeApps merged APKs
// that are not one app.
type mergedError struct{ e *NotOneAppError }

func (m *mergedError) Error() string {
	what := m.e.what()
	if len(m.e.Packages) > 1 {
		what = strings.Replace(what, " apps", " different apps", 1)
	}
	return "merged " + what + " as one app: the report mixes them"
}

func (m *mergedError) Unwrap() error { return m.e }

// checkOneApp returns a *NotOneAppError when the splits (the base first,
// as sorted by finishSplits) are not one app, nil when they are.
func (app *App) checkOneApp() *NotOneAppError {
	e := &NotOneAppError{Kind: app.Kind, Path: app.Path}
	pkgs := map[string]bool{}
	var bases []*Split
	for _, s := range app.Splits {
		if s.Nested {
			continue
		}
		pkgs[s.Manifest.Package] = true
		if s.Manifest.Split == "" {
			bases = append(bases, s)
			e.Bases = append(e.Bases, s.Name)
		}
	}
	for p := range pkgs {
		e.Packages = append(e.Packages, p)
	}
	sort.Strings(e.Packages)
	sort.Strings(e.Bases)
	if len(e.Packages) > 1 || len(e.Bases) > 1 {
		return e
	}
	if len(bases) == 1 && len(bases[0].Signers) > 0 {
		base := bases[0]
		certs := map[string]bool{}
		for _, c := range base.Signers {
			certs[c.SHA256] = true
		}
		for _, s := range app.Splits {
			if s == base || s.Nested || len(s.Signers) == 0 {
				continue // an unsigned split proves nothing either way
			}
			shared := false
			for _, c := range s.Signers {
				shared = shared || certs[c.SHA256]
			}
			if !shared {
				e.OtherSigners = append(e.OtherSigners, s.Name)
			}
		}
		if len(e.OtherSigners) > 0 {
			e.Base = base.Name
			sort.Strings(e.OtherSigners)
			return e
		}
	}
	return nil
}

var plainName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,200}$`)

// safeName returns a package or APK name as is when it is plain ASCII,
// else quoted with every non-ASCII or control character escaped (names
// come from the input: a manifest, a zip entry, a file name).
func safeName(s string) string {
	if plainName.MatchString(s) {
		return s
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return strconv.QuoteToASCII(s)
}

// safePath is safeName for a path as given by the caller: kept as is
// unless it holds control or non-ASCII characters.
func safePath(s string) string {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f {
			return safeName(s)
		}
	}
	return s
}

func listNames(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == maxListed {
			fmt.Fprintf(&b, ", … (%d more)", len(names)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(safeName(n))
	}
	return b.String()
}
