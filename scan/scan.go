// Package scan is apkscan's library API: Scan opens an app, indexes its
// code, runs the analyzer graph (one explicit list, see Analyzers) and
// returns a reports.Report. It prints nothing and never exits.
package scan

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/errs"
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
	// detect/flows): "privacy-sdk" (default), "android-privacy", or
	// both separated by a comma.
	Profile string
	// NoTaint disables the taint analysis: report.flows stays empty.
	NoTaint bool
	// SHA256, when set, is the caller's SHA-256 of the input file (not of a
	// directory), so the scan does not read the file once more to hash it.
	SHA256 string
	// Parallel is how many analyzers of one scan may run at once (< 1:
	// one). Bulk runs keep 1 and scan several apps at once instead.
	Parallel int
	// MemoryBudget stops the scan with a partial report when the process
	// heap grows past it (0: DefaultMemoryBudget; < 0: no limit).
	MemoryBudget int64
	// TaintBudget bounds the taint engine's work (zero fields: defaults).
	TaintBudget analysis.TaintBudget
}

// maxKeptCode bounds the DEX bytes kept in memory for the taint analyzer
// (the index itself keeps no DEX bytes). Beyond it files are indexed but
// not kept, and the taint result is marked partial.
const maxKeptCode = 768 << 20

// Scan scans one input: an APK, a split bundle or a directory of splits.
// It returns an error only when the input cannot be scanned at all
// (errors.Is(err, errs.ErrInput)), when ctx ends (ctx.Err()), or for a bug
// (*errs.Internal); anything less becomes a problem in the report. The
// report is normalised once, here; callers treat it as read-only.
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
	if _, err := flows.ParseProfiles(opt.Profile); err != nil {
		return nil, errs.Usage(err)
	}
	if opt.MemoryBudget == 0 {
		opt.MemoryBudget = DefaultMemoryBudget
	}
	outer := ctx
	ctx, stopWatch := watchMemory(ctx, opt.MemoryBudget)
	defer stopWatch()
	app, err := apk.OpenKnown(path, opt.Limits, opt.SHA256)
	if err != nil {
		return nil, err
	}
	defer app.Close()
	defer func() {
		// A bug must cost one report, not the process (bulk scans run
		// thousands of apps in one process).
		if p := recover(); p != nil {
			rep, err = nil, &errs.Internal{Where: path, Value: p, Stack: debug.Stack()}
		}
	}()
	in := &analysis.Input{
		App:     app,
		Index:   dex.NewIndex(),
		DB:      opt.DB,
		Matcher: opt.DB.Matcher(),
		Config: analysis.Config{MaxEvidence: opt.MaxEvidence, MaxLocations: opt.MaxLocations, Profile: opt.Profile, NoTaint: opt.NoTaint,
			TaintBudget: opt.TaintBudget},
	}
	// The code is kept even without taint: the hosts analyzer reads the
	// methods that load URL constants (how each URL is used).
	codeFiles := indexCode(ctx, in, true)
	res, err := graph.Run(ctx, in, opt.Parallel)
	in.Code = nil // release the DEX bytes
	if err != nil {
		if outer.Err() != nil || !errors.Is(context.Cause(ctx), errMemoryBudget) {
			// Interrupted (signal, bulk timeout): no report, the cause
			// names the input.
			return nil, fmt.Errorf("%s: scan interrupted: %w", path, err)
		}
		// Stopped by the memory watchdog: a partial report of what the
		// analyzers that finished found.
		app.AddProblem("scan", apk.SevError, fmt.Errorf("memory budget exceeded: the process heap grew past %d MiB; the report is partial", opt.MemoryBudget>>20))
	}
	for _, pr := range res.Problems {
		if ie, ok := errs.AsInternal(pr.Err); ok {
			// A panicking analyzer is a bug: the report says so, and the
			// caller sees an internal error rather than a partial scan.
			return nil, &errs.Internal{Where: path + ": " + ie.Where, Value: ie.Value, Stack: ie.Stack}
		}
		app.AddProblem(pr.Where, pr.Severity, pr.Err)
	}
	rep = buildReport(in, codeFiles, res, opt)
	subprocessors.Apply(rep, opt.Declared, opt.DB)
	rep.Normalize()
	return rep, nil
}

// inflated is one DEX file read by inflateCode.
type inflated struct {
	data []byte
	err  error
}

// inflateCode inflates files in order on its own goroutine, so that the
// next DEX file inflates while the previous one is indexed (the two cost
// about the same). At most one file waits beyond the one being indexed.
// Buffers the consumer no longer needs come back on free. It touches
// nothing but the archives (problems are recorded by the consumer) and
// returns once stop is closed or every file was sent.
func inflateCode(app *apk.App, files []apk.CodeFile, out chan<- inflated, free <-chan []byte, stop <-chan struct{}) {
	defer close(out)
	for _, cf := range files {
		var buf []byte
		select {
		case <-stop:
			return
		case buf = <-free:
		default:
		}
		data, err := app.ReadCodeInto(buf, cf)
		select {
		case out <- inflated{data, err}:
		case <-stop:
			return
		}
	}
}

// indexCode inflates every DEX file in load order and adds it to the index,
// one at a time, reusing buffers: the index keeps no reference to the DEX
// bytes, so peak memory is the largest DEX files in flight (at most three)
// plus the compact index. With keep, the parsed files are also kept for the
// taint analyzer (up to maxKeptCode bytes).
func indexCode(ctx context.Context, in *analysis.Input, keep bool) []reports.CodeFile {
	var kept int64
	var out []reports.CodeFile
	files := in.App.CodeFiles()
	ch := make(chan inflated)
	free := make(chan []byte, 2)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		inflateCode(in.App, files, ch, free, stop)
	}()
	// The reader must be done with the archives before the caller may
	// close them.
	defer wg.Wait()
	defer close(stop)
	for _, cf := range files {
		if ctx.Err() != nil {
			return out
		}
		name := cf.Name()
		got := <-ch
		data, err := got.data, got.err
		if err != nil {
			in.App.AddProblem(name, apk.SevError, err)
			continue
		}
		before := in.Index.NumClasses()
		reuse := true
		switch {
		case !keep:
			_ = in.Index.AddData(name, data) // parse failures are recorded by the index
		case kept+int64(len(data)) > maxKeptCode:
			in.Dropped = append(in.Dropped, name)
			_ = in.Index.AddData(name, data)
		default:
			f, err := dex.Parse(name, data)
			if err != nil {
				_ = in.Index.AddData(name, data) // records the parse problem
				break
			}
			in.Index.Add(f)
			in.Code = append(in.Code, f)
			kept += int64(len(data))
			reuse = false // f holds data
		}
		if reuse {
			select {
			case free <- data[:0]:
			default:
			}
		}
		out = append(out, reports.CodeFile{Name: name, Size: int64(len(data)), Classes: in.Index.NumClasses() - before, Secondary: cf.Secondary})
	}
	for _, pr := range in.Index.Problems() {
		in.App.AddProblem(pr.Where, apk.SevError, pr.Err)
	}
	return out
}

func buildReport(in *analysis.Input, codeFiles []reports.CodeFile, res *analysis.Results, opt Options) *reports.Report {
	app := in.App
	base := app.Base()
	m := base.Manifest
	r := &reports.Report{
		SchemaVersion: reports.SchemaVersion,
		Tool:          reports.Tool{Name: "apkscan", Version: opt.ToolVersion},
		SDKDB:         reports.SDKDBInfo{Version: in.DB.Version(), Digest: in.DB.Digest(), SDKs: len(in.DB.SDKs())},
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
	perms, libs := map[string]bool{}, map[string]bool{}
	for _, s := range app.Splits {
		sm := s.Manifest
		splitName := ""
		if s != base {
			splitName = s.Name
		}
		for _, x := range sm.Permissions {
			perms[x] = true
		}
		for _, x := range sm.Libraries {
			libs[x] = true
		}
		for _, x := range sm.DeclaredPermissions {
			ra.DeclaredPermissions = append(ra.DeclaredPermissions, reports.DeclaredPermission{Name: x.Name, ProtectionLevel: x.ProtectionLevel})
		}
		for _, c := range sm.Components {
			ra.Components = append(ra.Components, reports.Component{Kind: c.Kind, Name: c.Name, Exported: c.Exported, Permission: c.Permission,
				Authorities: c.Authorities, Actions: c.Actions, Categories: c.Categories, Data: c.DataURIs, Split: splitName})
		}
		for _, md := range sm.MetaData {
			value := in.DB.Config().RedactSecrets("meta-data", md.Name, md.Value, reports.Redact)
			ra.MetaData = append(ra.MetaData, reports.MetaData{Name: md.Name, Value: value, Resource: md.Resource, Owner: md.Owner})
		}
		for _, sg := range s.Signers {
			ra.Signers = append(ra.Signers, reports.Signer{SHA256: sg.SHA256, SHA1: sg.SHA1, Schemes: sg.Schemes, Subject: sg.Subject, Issuer: sg.Issuer,
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
	for x := range libs {
		ra.Libraries = append(ra.Libraries, x)
	}
	ra.Signers = dedupSigners(ra.Signers)
	ra.CodeFiles = codeFiles

	if set, ok := res.Of(detect.SDKs).(*detect.SDKSet); ok {
		r.SDKs = set.SDKs
	}
	if ra, ok := res.Of(detect.Renamed).(*detect.RenamedAttribution); ok && ra != nil {
		r.SDKs = ra.SDKs() // with the renamed classes as evidence
	}
	if eps, ok := res.Of(detect.Endpoints).([]reports.Endpoint); ok {
		r.Endpoints = eps
	}
	seenProblem := map[reports.Problem]bool{}
	for _, pr := range app.Problems {
		rp := reports.Problem{Where: pr.Where, Error: pr.Err.Error(), Severity: pr.Severity}
		if !seenProblem[rp] {
			seenProblem[rp] = true
			r.Problems = append(r.Problems, rp)
		}
	}
	if cf, ok := res.Of(detect.Config).([]reports.ConfigFinding); ok {
		r.Config = cf
	}
	if fr, ok := res.Of(flows.Taint).(*flows.Result); ok {
		r.Flows = fr.Flows
	}
	r.Stats = reports.Stats{DexFiles: len(codeFiles), Classes: in.Index.NumClasses(), CallSites: in.Index.NumCalls(), Strings: in.Index.NumStrings()}
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
