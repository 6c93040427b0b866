package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// TableEncoder writes a human-readable summary for a terminal. Every value
// from the APK passes through Sanitize.
type TableEncoder struct{}

// ID implements Encoder.
func (TableEncoder) ID() string { return "table" }

func s(v string) string { return Sanitize(v, 160) }

// Encode implements Encoder.
func (TableEncoder) Encode(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	a := r.App
	label := a.Label
	if label == "" {
		label = a.Package
	}
	ew.printf("%s (%s) version %s (%d), min SDK %d, target SDK %d\n", s(label), s(a.Package), s(a.VersionName), a.VersionCode, a.MinSDK, a.TargetSDK)
	ew.printf("%s  %s  sha256 %s  %d bytes\n", a.Kind, s(a.Path), a.SHA256, a.Size)
	if r.ScannedAt != "" {
		ew.printf("scanned %s\n", s(r.ScannedAt))
	}
	for _, sg := range a.Signers {
		ew.printf("signer  %s  %s  %s\n", sg.SHA256, strings.Join(sg.Schemes, ","), s(sg.Subject))
	}
	if len(a.Signers) == 0 {
		ew.printf("signer  none (unsigned)\n")
	}
	if len(a.Splits) > 1 {
		names := make([]string, 0, len(a.Splits))
		for _, sp := range a.Splits {
			names = append(names, s(sp.Name))
		}
		ew.printf("splits  %s\n", strings.Join(names, ", "))
	}
	exported := 0
	for _, c := range a.Components {
		if c.Exported {
			exported++
		}
	}
	clear := "default"
	if a.Application.UsesCleartextTraffic != nil {
		clear = fmt.Sprint(*a.Application.UsesCleartextTraffic)
	}
	ew.printf("code    %d DEX files, %d classes, %d call sites; components %d (%d exported); allowBackup=%v cleartext=%s debuggable=%v\n",
		r.Stats.DexFiles, r.Stats.Classes, r.Stats.CallSites, len(a.Components), exported, a.Application.AllowBackup, clear, a.Application.Debuggable)
	ew.printf("perms   %s\n\n", s(strings.Join(shortPerms(a.Permissions), ", ")))
	if ew.err != nil {
		return ew.err
	}

	if len(r.SDKs) == 0 {
		ew.printf("No known SDK found (sdkdb %s, %d signatures).\n\n", r.SDKDB.Version, r.SDKDB.SDKs)
	} else {
		ew.printf("SDKs (%d)\n", len(r.SDKs))
		rows := make([][]string, 0, len(r.SDKs))
		byName := append([]SDK(nil), r.SDKs...)
		sort.SliceStable(byName, func(i, j int) bool { return strings.ToLower(byName[i].Name) < strings.ToLower(byName[j].Name) })
		for _, sdk := range byName {
			ver := "-"
			if sdk.Version != nil {
				ver = *sdk.Version
			}
			used := "no"
			if sdk.Used {
				used = "yes"
			}
			vendor := sdk.Vendor.Name
			country := sdk.Vendor.Country
			switch {
			case country == "" && sdk.Vendor.SelfHosted:
				country = "-" // sends only where the developer points it
			case country == "":
				country = "?"
			}
			rows = append(rows, []string{s(sdk.Name), s(vendor), country, s(ver), used, sdk.Confidence, channelSummary(sdk.Channels)})
		}
		if err := renderTable(w, []string{"SDK", "Vendor", "Country", "Version", "Used", "Confidence", "Evidence"}, rows); err != nil {
			return err
		}
		ew.printf("\n")
	}

	// One row per host: a host is what a reader acts on; the URLs are in JSON.
	type hostRow struct {
		owner, sdk, where, use string
		urls, count            int
	}
	hosts := map[string]*hostRow{}
	var order []string
	third := 0
	for _, e := range r.Endpoints {
		if e.IsIdentifier() {
			continue
		}
		h := hosts[e.Host]
		if h == nil {
			owner := e.Owner
			if e.OwnerName != "" {
				owner = e.OwnerName
			}
			h = &hostRow{owner: owner, sdk: "-"}
			hosts[e.Host] = h
			order = append(order, e.Host)
			if e.Owner != "first-party" && e.Owner != "local" {
				third++
			}
		}
		if e.SDK != nil && h.sdk == "-" {
			h.sdk = *e.SDK
		}
		if e.URL != "" {
			h.urls++
		}
		if h.where == "" && len(e.Locations) > 0 {
			h.where = e.Locations[0]
		}
		h.count += e.Count
		h.use = StrongerUse(h.use, e.Use)
	}
	var rows [][]string
	for _, host := range order {
		h := hosts[host]
		where := h.where
		if h.count > 1 {
			where += fmt.Sprintf(" (+%d)", h.count-1)
		}
		rows = append(rows, []string{Sanitize(host, 60), s(h.owner), s(h.sdk), orDash(h.use), fmt.Sprint(h.urls), Sanitize(where, 70)})
	}
	ew.printf("Hosts (%d, %d third-party)\n", len(order), third)
	if len(rows) > 0 {
		if err := renderTable(w, []string{"Host", "Owner", "SDK", "Use", "URLS", "Seen in"}, rows); err != nil {
			return err
		}
	}
	if n := CountIdentifiers(r.Endpoints); n > 0 {
		ew.printf("Identifiers (%d): %s\n", n, identifiersNote)
	}
	if err := writeConfigTable(w, ew, r); err != nil {
		return err
	}
	writeFlowLines(ew, r)
	if err := writeCrossCheck(w, ew, r); err != nil {
		return err
	}
	if len(r.Problems) > 0 {
		ew.printf("\nProblems (%d)\n", len(r.Problems))
		for _, p := range r.Problems {
			ew.printf("  %s: %s: %s\n", p.Severity, s(p.Where), Sanitize(p.Error, 300))
		}
	}
	return ew.err
}

func shortPerms(p []string) []string {
	out := make([]string, 0, len(p))
	for _, x := range p {
		out = append(out, strings.TrimPrefix(x, "android.permission."))
	}
	return out
}

func channelSummary(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return channelRank(keys[i]) < channelRank(keys[j]) })
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s:%d", k, c[k]))
	}
	return strings.Join(parts, " ")
}

func renderTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeader(header),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	)
	if err := t.Bulk(rows); err != nil {
		return err
	}
	return t.Render()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
