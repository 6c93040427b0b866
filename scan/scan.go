// Package scan is apkscan's library API: Scan opens an app, indexes its
// code, runs the detectors (one explicit list, see Detectors) and returns a
// reports.Report. It prints nothing and never exits.
package scan

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/subprocessors"
)

// Options configure a scan.
type Options struct {
	// DB is the signature database; nil means sdkdb.Default().
	DB *sdkdb.DB
	// Limits bound every read from the input; zero means apk.DefaultLimits().
	Limits apk.Limits
	// ToolVersion goes into report.tool.version.
	ToolVersion string
	// MaxEvidence caps evidence items kept per SDK and channel (default 8);
	// counts are always complete.
	MaxEvidence int
	// MaxLocations caps the locations kept per endpoint (default 8).
	MaxLocations int
	// Declared, when set, is a declared subprocessor list: the report gets
	// the cross-check (report.subprocessors).
	Declared *subprocessors.List
	// Profile selects the taint analysis's sources and sinks (see
	// taint_profiles.go): "privacy-sdk" (default), "android-privacy", or
	// both separated by a comma.
	Profile string
	// NoTaint disables the taint analysis: report.flows stays empty.
	NoTaint bool
	// SHA256, when set, is the caller's SHA-256 of the input file (not of a
	// directory), so the scan does not read the file once more to hash it.
	SHA256 string
}

// Scan scans one input: an APK, a split bundle or a directory of splits.
// It returns an error only when the input cannot be scanned at all (an
// *apk.InputError); anything less becomes a problem in the report.
func Scan(ctx context.Context, path string, opt Options) (rep *reports.Report, err error) {
	if opt.DB == nil {
		if opt.DB, err = sdkdb.Default(); err != nil {
			return nil, err
		}
	}
	if opt.Limits.MaxEntry == 0 {
		opt.Limits = apk.DefaultLimits()
	}
	if opt.MaxEvidence <= 0 {
		opt.MaxEvidence = 8
	}
	if opt.MaxLocations <= 0 {
		opt.MaxLocations = 8
	}
	app, err := apk.OpenKnown(path, opt.Limits, opt.SHA256)
	if err != nil {
		return nil, err
	}
	defer app.Close()
	defer func() {
		// A bug in a detector must cost one report, not the process (bulk
		// scans run thousands of apps in one process).
		if p := recover(); p != nil {
			rep, err = nil, &apk.InputError{Path: path, Err: fmt.Errorf("internal error (please report): %v\n%s", p, debug.Stack())}
		}
	}()
	p := newPass(ctx, app, opt)
	p.indexCode()
	for _, d := range Detectors() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d.Run(p)
	}
	rep = p.report()
	subprocessors.Apply(rep, opt.Declared, opt.DB)
	return rep, nil
}

// Pass is the state shared by the detectors of one scan: the opened app,
// its code index, the signature matcher, and what detectors found so far.
type Pass struct {
	Ctx     context.Context
	App     *apk.App
	DB      *sdkdb.DB
	Matcher *sdkdb.Matcher
	Index   *dex.Index
	opt     Options

	codeFiles []reports.CodeFile
	hits      map[string]*sdkHit
	endpoints map[string]*endpoint // by URL or "host:"+host
	// sdkClassOwner caches class → SDK id for "used" detection.
	sdkClass map[string]string
	// vendorDomains maps a vendor domain to its vendor, built on first use.
	vendorDomains map[string]*sdkdb.Vendor
	// taint holds the DEX files kept for the taint detector and its flows.
	taint taintState
}

type sdkHit struct {
	sdk      *sdkdb.SDK
	evidence map[string][]reports.Evidence
	counts   map[string]int
	version  string
	used     bool
	// uniqueHost: a host that only this SDK claims was seen.
	uniqueHost bool
}

type endpoint struct {
	url, host string
	locs      []string
	seen      map[string]bool
	count     int
}

func newPass(ctx context.Context, app *apk.App, opt Options) *Pass {
	return &Pass{
		Ctx:       ctx,
		App:       app,
		DB:        opt.DB,
		Matcher:   opt.DB.Matcher(),
		Index:     dex.NewIndex(),
		opt:       opt,
		hits:      map[string]*sdkHit{},
		endpoints: map[string]*endpoint{},
	}
}

// indexCode inflates every DEX file in load order and adds it to the index,
// one at a time into one reused buffer: the index keeps no reference to the
// DEX bytes, so peak memory is the largest DEX plus the compact index.
func (p *Pass) indexCode() {
	var buf []byte
	for _, cf := range p.App.CodeFiles() {
		if p.Ctx.Err() != nil {
			return
		}
		name := cf.Name()
		data, err := p.App.ReadCodeInto(buf, cf)
		if err != nil {
			p.App.AddProblem(name, apk.SevError, err)
			continue
		}
		before := p.Index.NumClasses()
		// Parse failures are recorded by the index (Index.Problems).
		if !p.addCode(name, data) { // true: the bytes are kept for the taint detector
			buf = data[:0]
		} else {
			buf = nil
		}
		p.codeFiles = append(p.codeFiles, reports.CodeFile{Name: name, Size: int64(len(data)), Classes: p.Index.NumClasses() - before, Secondary: cf.Secondary})
	}
	for _, pr := range p.Index.Problems() {
		p.App.AddProblem(pr.Where, apk.SevError, pr.Err)
	}
}

// Report records one piece of evidence for an SDK.
func (p *Pass) Report(sdk *sdkdb.SDK, ev reports.Evidence) {
	h := p.record(sdk)
	h.counts[ev.Channel]++
	if len(h.evidence[ev.Channel]) < p.opt.MaxEvidence {
		h.evidence[ev.Channel] = append(h.evidence[ev.Channel], ev)
	}
}

// record returns the SDK's hit record, creating it.
func (p *Pass) record(sdk *sdkdb.SDK) *sdkHit {
	h := p.hits[sdk.ID]
	if h == nil {
		h = &sdkHit{sdk: sdk, evidence: map[string][]reports.Evidence{}, counts: map[string]int{}}
		p.hits[sdk.ID] = h
	}
	return h
}

// AddEndpoint records a URL (or a bare host when url is "") seen at loc.
func (p *Pass) AddEndpoint(url, host, loc string) {
	key := url
	if key == "" {
		key = "host:" + host
	}
	e := p.endpoints[key]
	if e == nil {
		e = &endpoint{url: url, host: host, seen: map[string]bool{}}
		p.endpoints[key] = e
	}
	e.count++
	if !e.seen[loc] && len(e.locs) < p.opt.MaxLocations {
		e.seen[loc] = true
		e.locs = append(e.locs, loc)
	}
}

func (p *Pass) report() *reports.Report {
	app := p.App
	base := app.Base()
	m := base.Manifest
	r := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "apkscan", Version: p.opt.ToolVersion},
		SDKDB:         reports.SDKDBInfo{Version: p.DB.Version(), Digest: p.DB.Digest(), SDKs: len(p.DB.SDKs())},
	}
	ra := &r.App
	ra.Path = app.Path
	ra.Kind = app.Kind
	ra.SHA256 = app.SHA256
	ra.Size = app.Size
	ra.Package = m.Package
	ra.VersionCode = m.VersionCode
	ra.VersionName = m.VersionName
	ra.MinSDK = m.MinSDK
	ra.TargetSDK = m.TargetSDK
	ra.Label = m.Application.Label
	if strings.HasPrefix(ra.Label, "@") && base.Resources != nil {
		ra.Label = "" // unresolved reference: better empty than a raw id
	}
	ra.Application = reports.AppFlags{
		Class:                 m.Application.Class,
		Debuggable:            m.Application.Debuggable,
		AllowBackup:           m.Application.AllowBackup,
		UsesCleartextTraffic:  m.Application.UsesCleartextTraffic,
		NetworkSecurityConfig: m.Application.NetworkSecurityConfig,
	}
	perms := map[string]bool{}
	for _, s := range app.Splits {
		sm := s.Manifest
		splitName := ""
		if s != base {
			splitName = s.Name
		}
		for _, x := range sm.Permissions {
			perms[x] = true
		}
		for _, x := range sm.DeclaredPermissions {
			ra.DeclaredPermissions = append(ra.DeclaredPermissions, reports.DeclaredPermission{Name: x.Name, ProtectionLevel: x.ProtectionLevel})
		}
		for _, c := range sm.Components {
			ra.Components = append(ra.Components, reports.Component{Kind: c.Kind, Name: c.Name, Exported: c.Exported, Permission: c.Permission,
				Authorities: c.Authorities, Actions: c.Actions, Categories: c.Categories, Data: c.DataURIs, Split: splitName})
		}
		for _, md := range sm.MetaData {
			ra.MetaData = append(ra.MetaData, reports.MetaData{Name: md.Name, Value: md.Value, Resource: md.Resource, Owner: md.Owner})
		}
		for _, sg := range s.Signers {
			ra.Signers = append(ra.Signers, reports.Signer{SHA256: sg.SHA256, Schemes: sg.Schemes, Subject: sg.Subject, Issuer: sg.Issuer,
				NotBefore: sg.NotBefore, NotAfter: sg.NotAfter, Split: splitName})
		}
		ra.Splits = append(ra.Splits, reports.Split{Name: s.Name, SHA256: s.SHA256, Size: s.Size, Split: sm.Split, ConfigForSplit: sm.ConfigForSplit, Nested: s.Nested})
		ra.Queries.Packages = append(ra.Queries.Packages, sm.Queries.Packages...)
		ra.Queries.Intents = append(ra.Queries.Intents, sm.Queries.Intents...)
		ra.Queries.Providers = append(ra.Queries.Providers, sm.Queries.Providers...)
	}
	for x := range perms {
		ra.Permissions = append(ra.Permissions, x)
	}
	ra.Signers = dedupSigners(ra.Signers)
	ra.CodeFiles = p.codeFiles

	kept := map[string]bool{}
	for id, h := range p.hits {
		if keepSDK(h) {
			kept[id] = true
			r.SDKs = append(r.SDKs, p.sdkReport(h))
		}
	}
	for _, e := range p.endpoints {
		r.Endpoints = append(r.Endpoints, p.endpointReport(e, kept))
	}
	seenProblem := map[reports.Problem]bool{}
	for _, pr := range app.Problems {
		rp := reports.Problem{Where: pr.Where, Error: pr.Err.Error(), Severity: pr.Severity}
		if !seenProblem[rp] {
			seenProblem[rp] = true
			r.Problems = append(r.Problems, rp)
		}
	}
	r.Flows = p.taint.flows
	r.Stats = reports.Stats{DexFiles: len(p.codeFiles), Classes: p.Index.NumClasses(), CallSites: p.Index.NumCalls(), Strings: p.Index.NumStrings()}
	r.Normalize()
	return r
}

// dedupSigners keeps one row per certificate: splits of one app are
// normally signed by the same key.
func dedupSigners(in []reports.Signer) []reports.Signer {
	seen := map[string]bool{}
	var out []reports.Signer
	for _, s := range in {
		if seen[s.SHA256] {
			continue
		}
		seen[s.SHA256] = true
		s.Split = ""
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SHA256 < out[j].SHA256 })
	return out
}

func (p *Pass) sdkReport(h *sdkHit) reports.SDK {
	s := h.sdk
	out := reports.SDK{ID: s.ID, Name: s.Name, Used: h.used, Channels: map[string]int{}}
	for _, c := range s.Categories {
		out.Categories = append(out.Categories, string(c))
	}
	if v := p.DB.Vendor(s.Vendor); v != nil {
		out.Vendor = reports.Vendor{ID: v.ID, Name: v.Name, Country: v.Country}
	} else {
		out.Vendor = reports.Vendor{ID: s.Vendor, Name: s.Vendor}
	}
	if s.ExodusID != 0 {
		id := s.ExodusID
		out.ExodusID = &id
	}
	if h.version != "" {
		v := h.version
		out.Version = &v
	}
	for ch, n := range h.counts {
		out.Channels[ch] = n
	}
	for _, evs := range h.evidence {
		out.Evidence = append(out.Evidence, evs...)
	}
	out.Confidence = confidence(h.counts)
	return out
}

// keepSDK decides whether the evidence reveals the SDK. Anything but host
// strings does. Host strings alone do only when a host that no other SDK
// claims was seen and the signature is curated: the network signatures
// imported from Exodus name vendor-wide domains (Exodus itself never uses
// them to detect trackers), so an app that merely links to facebook.com
// does not embed "Facebook Ads".
func keepSDK(h *sdkHit) bool {
	for ch, n := range h.counts {
		if n > 0 && ch != reports.ChannelHost && ch != reports.ChannelCall {
			return true
		}
	}
	return h.uniqueHost && !h.sdk.Imported()
}

// confidence: a class match, or two independent kinds of evidence, is high;
// a manifest entry, SDK file or named resource alone is medium; a host
// string alone is low (an app may merely link to a website).
func confidence(c map[string]int) string {
	kinds := 0
	for ch, n := range c {
		if n > 0 && ch != reports.ChannelCall {
			kinds++
		}
	}
	switch {
	case c[reports.ChannelClass] > 0 || kinds >= 2:
		return reports.High
	case c[reports.ChannelManifest] > 0 || c[reports.ChannelFile] > 0 || c[reports.ChannelResource] > 0:
		return reports.Medium
	}
	return reports.Low
}

func (p *Pass) endpointReport(e *endpoint, kept map[string]bool) reports.Endpoint {
	out := reports.Endpoint{URL: e.url, Host: e.host, Locations: e.locs, Count: e.count}
	owner, name, sdk := p.ownerOf(e.host, kept)
	out.Owner, out.OwnerName = owner, name
	if sdk != "" {
		out.SDK = &sdk
	}
	return out
}
