package detect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// Config reads the configuration SDKs ship — google-services resources,
// manifest <meta-data>, AWS/Amplify JSON config files — and the hosts that
// state a region, as data (sdkdb's config spec): per value the recipient,
// host, account or project id, region and its country, where it is, and
// secrets (redacted).
var Config = &analysis.Analyzer{
	Name:     "config",
	Doc:      "SDK configuration (resources, meta-data, config files, regional hosts): recipients, account ids, regions, secrets",
	Requires: []*analysis.Analyzer{Endpoints},
	Run:      runConfig,
}

// Bounds: config files are attacker-controlled.
const (
	maxConfigFileBytes = 256 << 10 // bytes read of one config file
	maxConfigJSONDepth = 32        // nesting followed in a config file
	maxConfigJSONItems = 20000     // values visited in one config file
	maxConfigFindings  = 1000      // findings kept per scan
	maxConfigValueLen  = 300       // characters of a value kept in the report
)

type configRun struct {
	p    *analysis.Pass
	spec *sdkdb.ConfigSpec
	out  []reports.ConfigFinding
	full bool
}

func runConfig(p *analysis.Pass) (any, error) {
	c := &configRun{p: p, spec: p.DB.Config()}
	for _, s := range p.App.Splits {
		if s.Resources != nil {
			loc := where(p.App, s, "resources.arsc")
			for _, name := range slices.Sorted(maps.Keys(s.Resources.Named)) {
				v := s.Resources.Named[name]
				hits := c.spec.MatchResource(name, v)
				c.addAll(hits, "resource", name, v, loc, nil)
				if len(hits) == 0 {
					c.addAll(c.spec.MatchValue(v), "resource", name, v, loc, nil)
				}
			}
		}
		if s.Manifest != nil {
			loc := where(p.App, s, "AndroidManifest.xml") + " <meta-data>"
			for _, md := range s.Manifest.MetaData {
				hits := c.spec.MatchMetaData(md.Name, md.Value)
				c.addAll(hits, "meta-data", md.Name, md.Value, loc, nil)
				if len(hits) == 0 {
					c.addAll(c.spec.MatchValue(md.Value), "meta-data", md.Name, md.Value, loc, nil)
				}
			}
		}
		for _, f := range c.spec.Files {
			if s.Archive.Has(f.Path) {
				c.file(s, f.Path)
			}
		}
	}
	// Hosts that state a region, once each, unless a config value above
	// already names the host.
	named := map[string]bool{}
	for _, f := range c.out {
		named[f.Host] = true
	}
	eps := analysis.Result[[]reports.Endpoint](p, Endpoints)
	for _, e := range eps {
		h := strings.ToLower(e.Host)
		if named[h] {
			continue
		}
		hr, ok := c.spec.MatchHost(h)
		if !ok {
			continue
		}
		named[h] = true
		loc := ""
		if len(e.Locations) > 0 {
			loc = e.Locations[0]
		}
		c.add(reports.ConfigFinding{Service: hr.Service, Vendor: hr.Vendor, Kind: "endpoint", Value: h, Host: h,
			Region: hr.Region, Source: "host", Location: loc, Confidence: reports.Low}, hr.Regions)
	}
	if c.full {
		p.Problem("config", apk.SevWarning, fmt.Errorf("more than %d SDK configuration values: the rest are not reported", maxConfigFindings))
	}
	return c.out, nil
}

// file reads one JSON config file, bounded.
func (c *configRun) file(s *apk.Split, name string) {
	loc := where(c.p.App, s, name)
	e, _ := s.Archive.Entry(name)
	if e.Size > maxConfigFileBytes {
		c.p.Problem(loc, apk.SevWarning, fmt.Errorf("SDK config file of %d bytes, over the %d read: not parsed", e.Size, maxConfigFileBytes))
		return
	}
	data, err := s.Archive.ReadEntry(name, maxConfigFileBytes)
	if err != nil {
		c.p.Problem(loc, apk.SevWarning, err)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		c.p.Problem(loc, apk.SevWarning, fmt.Errorf("SDK config file: %w", err))
		return
	}
	items, deep := 0, false
	var walk func(v any, path []string, parent map[string]any)
	walk = func(v any, path []string, parent map[string]any) {
		items++
		if len(path) > maxConfigJSONDepth {
			deep = true
			return
		}
		if items > maxConfigJSONItems || c.full {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], append(path[:len(path):len(path)], k), x)
			}
		case []any:
			for i, el := range x {
				walk(el, append(path[:len(path):len(path)], fmt.Sprint(i)), parent)
			}
		case string:
			key := strings.Join(path, ".")
			hits := c.spec.MatchJSON(path, x)
			c.addAll(hits, "file", key, x, loc+" #"+key, parent)
			if len(hits) == 0 {
				c.addAll(c.spec.MatchValue(x), "file", key, x, loc+" #"+key, parent)
			}
		}
	}
	walk(doc, nil, nil)
	if items > maxConfigJSONItems {
		c.p.Problem(loc, apk.SevWarning, fmt.Errorf("SDK config file: over %d values, the rest not read", maxConfigJSONItems))
	}
	if deep {
		c.p.Problem(loc, apk.SevWarning, fmt.Errorf("SDK config file: nested deeper than %d levels, the deeper values not read", maxConfigJSONDepth))
	}
}

func (c *configRun) addAll(hits []sdkdb.ConfigHit, source, key, value, loc string, parent map[string]any) {
	for _, h := range hits {
		t := h.Target
		f := reports.ConfigFinding{Service: t.Service, Vendor: t.Vendor, Kind: t.Kind, Key: key, Value: value,
			Account: h.Account, Region: h.Region, Host: h.Host, Source: source, Location: loc, Confidence: reports.Medium}
		if h.Strong {
			f.Confidence = reports.High
		}
		if t.SDK != "" {
			id := t.SDK
			f.SDK = &id
		}
		if f.Region == "" && parent != nil {
			if rk := c.spec.JSONRegionKey(t); rk != "" {
				for k, v := range parent {
					if s, ok := v.(string); ok && strings.EqualFold(k, rk) && regionRe.MatchString(s) {
						f.Region = strings.ToLower(s)
					}
				}
			}
		}
		if t.Secret != "" && h.Secret != "" {
			f.Secret = t.Secret
			f.Value = strings.ReplaceAll(value, h.Secret, reports.Redact(h.Secret))
		}
		scheme := t.Regions
		if strings.Contains(f.Host, "{region}") {
			if f.Region == "" {
				f.Host = "" // a regional host without its region: do not guess
			} else {
				f.Host = strings.ReplaceAll(f.Host, "{region}", f.Region)
			}
		}
		// The region of a host the value states (not of a default host:
		// an SDK's default host says nothing of a zone configured elsewhere).
		if f.Host != "" && h.HostStated {
			if hr, ok := c.spec.MatchHost(f.Host); ok && (f.Region == "" || scheme == "") {
				if f.Region == "" {
					f.Region = hr.Region
				}
				scheme = hr.Regions
			}
		}
		c.add(f, scheme)
	}
}

func (c *configRun) add(f reports.ConfigFinding, scheme string) {
	if len(c.out) >= maxConfigFindings {
		c.full = true
		return
	}
	if f.Region != "" {
		f.Country = c.spec.RegionCountry(scheme, f.Region)
		if f.Country != "" {
			f.CountryName = c.spec.CountryName(f.Country)
		}
	}
	if v := c.p.DB.Vendor(f.Vendor); v != nil {
		f.VendorName = v.Name
	}
	f.Value = clip(f.Value, maxConfigValueLen)
	f.Key = clip(f.Key, maxConfigValueLen)
	f.Region = clip(f.Region, 64)
	c.out = append(c.out, f)
}

// regionRe is what a region code stated in a config file may look like
// (eu-west-1, europe-west1, de); anything else is ignored.
var regionRe = regexp.MustCompile(`^[A-Za-z0-9-]{2,32}$`)

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
