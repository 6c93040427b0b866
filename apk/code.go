package apk

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

// CodeFile is one DEX file of the app: a classesN.dex of a split, a DEX in
// assets, or a classesN.dex inside a JAR/ZIP in assets (secondary DEX that
// apps load at run time).
type CodeFile struct {
	Split *Split
	Entry string // entry in the split
	Inner string // entry inside Entry when Entry is a JAR/ZIP; "" otherwise
	// Secondary is true for DEX files outside the classesN.dex sequence.
	Secondary bool
}

// Name is the file's location as reports show it: "classes2.dex" for the
// base split, "split_x.apk!classes.dex", "assets/p.jar!classes.dex".
func (c CodeFile) Name() string {
	n := c.Entry
	if c.Inner != "" {
		n += "!" + c.Inner
	}
	if c.Split != nil && c.Split.Name != "" && !c.isBase() {
		n = c.Split.Name + "!" + n
	}
	return n
}

func (c CodeFile) isBase() bool { return c.Split != nil && c.Split.isBase }

// dexOrder sorts classes.dex, classes2.dex, … classes10.dex numerically.
func dexOrder(name string) int {
	base := strings.TrimSuffix(strings.TrimPrefix(name, "classes"), ".dex")
	if base == "" {
		return 1
	}
	n, err := strconv.Atoi(base)
	if err != nil {
		return 1 << 30
	}
	return n
}

func isPrimaryDex(name string) bool {
	return strings.HasPrefix(name, "classes") && strings.HasSuffix(name, ".dex") && !strings.Contains(name, "/")
}

// CodeFiles lists every DEX file in Android load order: the base split's
// classesN.dex, then the other splits', then secondary DEX/JAR files.
// JAR/ZIP containers in assets are opened (bounded) to list their DEX.
func (a *App) CodeFiles() []CodeFile {
	var primary, secondary []CodeFile
	for i, s := range a.Splits {
		s.isBase = i == 0
		var names []string
		for _, e := range s.Archive.Entries() {
			if e.Dir {
				continue
			}
			switch {
			case isPrimaryDex(e.Name):
				names = append(names, e.Name)
			case strings.HasPrefix(e.Name, "assets/") || strings.HasPrefix(e.Name, "res/raw/"):
				switch strings.ToLower(path.Ext(e.Name)) {
				case ".dex", ".odex":
					secondary = append(secondary, CodeFile{Split: s, Entry: e.Name, Secondary: true})
				case ".jar", ".zip":
					secondary = append(secondary, a.containerDex(s, e.Name)...)
				}
			}
		}
		sort.Slice(names, func(i, j int) bool { return dexOrder(names[i]) < dexOrder(names[j]) })
		for _, n := range names {
			primary = append(primary, CodeFile{Split: s, Entry: n})
		}
	}
	return append(primary, secondary...)
}

func (a *App) containerDex(s *Split, entry string) []CodeFile {
	data, err := s.Archive.ReadEntry(entry, 0)
	if err != nil {
		a.problem(s.Name+"!"+entry, SevError, err)
		return nil
	}
	if len(data) < 4 || string(data[:2]) != "PK" {
		return nil // not a zip: an opaque or encrypted payload
	}
	inner, err := openArchive(entry, bytes.NewReader(data), a.limits, a.budget)
	if err != nil {
		a.problem(s.Name+"!"+entry, SevWarning, fmt.Errorf("secondary code container: %w", err))
		return nil
	}
	defer inner.Close()
	var out []CodeFile
	for _, e := range inner.Entries() {
		if strings.HasSuffix(e.Name, ".dex") {
			out = append(out, CodeFile{Split: s, Entry: entry, Inner: e.Name, Secondary: true})
		}
	}
	return out
}

// ReadCode inflates one DEX file, bounded by Limits.
func (a *App) ReadCode(c CodeFile) ([]byte, error) { return a.ReadCodeInto(nil, c) }

// ReadCodeInto is ReadCode reusing buf's storage when it is large enough.
// The result aliases buf: the caller must be done with it before reusing.
func (a *App) ReadCodeInto(buf []byte, c CodeFile) ([]byte, error) {
	if c.Inner == "" {
		return c.Split.Archive.ReadEntryInto(buf, c.Entry, 0)
	}
	data, err := c.Split.Archive.ReadEntry(c.Entry, 0)
	if err != nil {
		return nil, err
	}
	inner, err := openArchive(c.Entry, bytes.NewReader(data), a.limits, c.Split.Archive.budget)
	if err != nil {
		return nil, err
	}
	defer inner.Close()
	return inner.ReadEntryInto(buf, c.Inner, 0)
}

// ReadFile reads any entry of a split, bounded by max (0: Limits.MaxEntry).
func (a *App) ReadFile(s *Split, name string, max int64) ([]byte, error) {
	return s.Archive.ReadEntry(name, max)
}

// AddProblem records a problem found by a caller while reading the app
// (a DEX that does not parse, say), so that every problem ends in one list.
func (a *App) AddProblem(where, severity string, err error) { a.problem(where, severity, err) }
