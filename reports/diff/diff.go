// Package diff compares two apkscan reports of an app — typically two
// versions — by identities that survive rebuilds and obfuscation: SDK ids,
// flow fingerprints, normalised hosts, permission and component names,
// signer digests and cross-check recipients. It depends only on reports.
package diff

import (
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/reports"
)

// Diff is what changed from Old to New.
type Diff struct {
	Old           Identity          `json:"old"`
	New           Identity          `json:"new"`
	SDKs          SDKChanges        `json:"sdks"`
	Flows         FlowChanges       `json:"flows"`
	Endpoints     EndpointChanges   `json:"endpoints"`
	Permissions   StringChanges     `json:"permissions"`
	Components    ComponentChanges  `json:"components"`
	SignerChanged bool              `json:"signer_changed"`
	Signers       SignerChanges     `json:"signers"`
	Subprocessors *RecipientChanges `json:"subprocessors,omitempty"`
	// Summary counts the changes by kind.
	Summary map[string]int `json:"summary"`
	Notes   []string       `json:"notes"`

	// oldR and newR are the compared reports (for SARIF, HTML and the
	// case-file sections); nil in a Diff not made by Compare.
	oldR, newR *reports.Report
}

// Identity says which build a side is.
type Identity struct {
	Path        string `json:"path"`
	Package     string `json:"package"`
	Label       string `json:"label"`
	VersionCode int64  `json:"version_code"`
	VersionName string `json:"version_name"`
	SHA256      string `json:"sha256"`
}

// SDKRef names an SDK.
type SDKRef struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Vendor  string  `json:"vendor"`
	Version *string `json:"version"`
	Used    bool    `json:"used"`
}

// SDKChange is an SDK in both reports whose version or use changed.
type SDKChange struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	OldVersion *string `json:"old_version"`
	NewVersion *string `json:"new_version"`
	OldUsed    bool    `json:"old_used"`
	NewUsed    bool    `json:"new_used"`
}

// SDKChanges lists SDK changes, sorted by id.
type SDKChanges struct {
	Added   []SDKRef    `json:"added"`
	Removed []SDKRef    `json:"removed"`
	Changed []SDKChange `json:"changed"`
}

// FlowRef identifies a flow.
type FlowRef struct {
	// ID is Flow.Fingerprint, or a hash of rule, SDK, sink method, source
	// kind and normalised host when the fingerprint is empty.
	ID         string  `json:"id"`
	Rule       string  `json:"rule"`
	SDK        *string `json:"sdk"`
	Recipient  string  `json:"recipient"`
	SourceKind string  `json:"source_kind"`
	Sink       string  `json:"sink"`
	Param      string  `json:"param,omitempty"`
	// Text is the plain-language line: "search query from … → … logEvent".
	Text string `json:"text"`
}

// Changes lists items added and removed.
type Changes[T any] struct {
	Added   []T `json:"added"`
	Removed []T `json:"removed"`
}

// FlowChanges lists flows added and removed.
type FlowChanges = Changes[FlowRef]

// HostRef is a host and who owns it.
type HostRef struct {
	Host      string `json:"host"`
	Owner     string `json:"owner"`
	OwnerName string `json:"owner_name,omitempty"`
}

// EndpointChanges lists hosts added and removed.
type EndpointChanges = Changes[HostRef]

// StringChanges lists names added and removed.
type StringChanges = Changes[string]

// ComponentRef is a manifest component.
type ComponentRef struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Exported bool   `json:"exported"`
}

// ComponentChanges lists components added, removed, and whose exported
// flag changed.
type ComponentChanges struct {
	Added   []ComponentRef `json:"added"`
	Removed []ComponentRef `json:"removed"`
	// ExportedChanged holds the new state of components whose exported flag
	// flipped.
	ExportedChanged []ComponentRef `json:"exported_changed"`
}

// SignerChanges lists signing certificate digests.
type SignerChanges struct {
	Old []string `json:"old"`
	New []string `json:"new"`
}

// RecipientRef is a cross-check recipient.
type RecipientRef struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Declared  bool     `json:"declared"`
	Severity  string   `json:"severity"`
	Country   string   `json:"country"`
	DataKinds []string `json:"data_kinds"`
}

// RecipientChange is a recipient in both reports whose status changed.
type RecipientChange struct {
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	OldDeclared  bool     `json:"old_declared"`
	NewDeclared  bool     `json:"new_declared"`
	OldSeverity  string   `json:"old_severity"`
	NewSeverity  string   `json:"new_severity"`
	OldDataKinds []string `json:"old_data_kinds"`
	NewDataKinds []string `json:"new_data_kinds"`
}

// RecipientChanges compares the cross-checks (present when both reports
// have one).
type RecipientChanges struct {
	Added   []RecipientRef    `json:"added"`
	Removed []RecipientRef    `json:"removed"`
	Changed []RecipientChange `json:"changed"`
	// NewlyUndeclared are recipients undeclared in New that were absent or
	// declared in Old.
	NewlyUndeclared []string `json:"newly_undeclared"`
}

func identity(r *reports.Report) Identity {
	a := r.App
	return Identity{Path: a.Path, Package: a.Package, Label: a.Label, VersionCode: a.VersionCode, VersionName: a.VersionName, SHA256: a.SHA256}
}

// NormalizeHost lower-cases a host and drops a trailing dot and a port.
func NormalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[:i], ":") {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

// Compare diffs two normalised reports (as scan.Scan and
// reports.DecodeJSON return them); it does not modify them.
func Compare(oldR, newR *reports.Report) *Diff {
	d := &Diff{Old: identity(oldR), New: identity(newR), oldR: oldR, newR: newR}
	names := oldR.SDKNames()
	for k, v := range newR.SDKNames() {
		names[k] = v
	}

	// SDKs by id.
	oldSDK := map[string]reports.SDK{}
	for _, s := range oldR.SDKs {
		oldSDK[s.ID] = s
	}
	newSDK := map[string]reports.SDK{}
	for _, s := range newR.SDKs {
		newSDK[s.ID] = s
		o, ok := oldSDK[s.ID]
		if !ok {
			d.SDKs.Added = append(d.SDKs.Added, sdkRef(s))
			continue
		}
		if !eqPtr(o.Version, s.Version) || o.Used != s.Used {
			d.SDKs.Changed = append(d.SDKs.Changed, SDKChange{ID: s.ID, Name: s.Name, OldVersion: o.Version, NewVersion: s.Version, OldUsed: o.Used, NewUsed: s.Used})
		}
	}
	for _, s := range oldR.SDKs {
		if _, ok := newSDK[s.ID]; !ok {
			d.SDKs.Removed = append(d.SDKs.Removed, sdkRef(s))
		}
	}

	// Flows by identity.
	oldFlows, newFlows := flowSet(oldR, names), flowSet(newR, names)
	d.Flows.Added = minus(newFlows, oldFlows)
	d.Flows.Removed = minus(oldFlows, newFlows)

	// Hosts.
	oldHosts, newHosts := hostSet(oldR), hostSet(newR)
	d.Endpoints.Added = minus(newHosts, oldHosts)
	d.Endpoints.Removed = minus(oldHosts, newHosts)

	// Permissions.
	d.Permissions.Added, d.Permissions.Removed = stringDiff(oldR.App.Permissions, newR.App.Permissions)

	// Components by kind and name.
	oc, nc := compSet(oldR), compSet(newR)
	for _, k := range sortedKeys(nc) {
		o, ok := oc[k]
		switch {
		case !ok:
			d.Components.Added = append(d.Components.Added, nc[k])
		case o.Exported != nc[k].Exported:
			d.Components.ExportedChanged = append(d.Components.ExportedChanged, nc[k])
		}
	}
	d.Components.Removed = minus(oc, nc)

	// Signers.
	d.Signers.Old, d.Signers.New = signerSet(oldR), signerSet(newR)
	d.SignerChanged = strings.Join(d.Signers.Old, ",") != strings.Join(d.Signers.New, ",")

	// Cross-check.
	if oldR.Subprocessors != nil && newR.Subprocessors != nil {
		d.Subprocessors = compareRecipients(oldR.Subprocessors, newR.Subprocessors)
	} else if newR.Subprocessors != nil || oldR.Subprocessors != nil {
		d.Notes = append(d.Notes, "only one report has a subprocessor cross-check: give --subprocessors to compare them")
	}
	if oldR.App.Package != newR.App.Package {
		d.Notes = append(d.Notes, "the two inputs are different apps (package names differ)")
	}
	d.normalize()
	return d
}

func sdkRef(s reports.SDK) SDKRef {
	return SDKRef{ID: s.ID, Name: s.Name, Vendor: s.Vendor.Name, Version: s.Version, Used: s.Used}
}

func eqPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func flowSet(r *reports.Report, names map[string]string) map[string]FlowRef {
	out := map[string]FlowRef{}
	for _, f := range r.Flows {
		id := reports.FlowIdentity(f)
		if _, dup := out[id]; dup {
			continue
		}
		out[id] = FlowRef{ID: id, Rule: f.Rule, SDK: f.SDK, Recipient: reports.FlowRecipientName(f, names), SourceKind: f.Source.Kind,
			Sink: f.Sink.Method, Param: f.Sink.Param, Text: reports.FlowSentence(f, names)}
	}
	return out
}

// minus returns the values of a whose keys are not in b, sorted by key.
func minus[V, W any](a map[string]V, b map[string]W) []V {
	var out []V
	for _, k := range sortedKeys(a) {
		if _, ok := b[k]; !ok {
			out = append(out, a[k])
		}
	}
	return out
}

func hostSet(r *reports.Report) map[string]HostRef {
	out := map[string]HostRef{}
	for _, e := range r.Endpoints {
		h := NormalizeHost(e.Host)
		if h == "" {
			continue
		}
		if _, ok := out[h]; !ok {
			out[h] = HostRef{Host: h, Owner: e.Owner, OwnerName: e.OwnerName}
		}
	}
	return out
}

func compSet(r *reports.Report) map[string]ComponentRef {
	out := map[string]ComponentRef{}
	for _, c := range r.App.Components {
		out[c.Kind+"\x00"+c.Name] = ComponentRef{Kind: c.Kind, Name: c.Name, Exported: c.Exported}
	}
	return out
}

func signerSet(r *reports.Report) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range r.App.Signers {
		if !seen[s.SHA256] {
			seen[s.SHA256] = true
			out = append(out, s.SHA256)
		}
	}
	sort.Strings(out)
	return out
}

func stringDiff(old, new []string) (added, removed []string) {
	o, n := map[string]bool{}, map[string]bool{}
	for _, x := range old {
		o[x] = true
	}
	for _, x := range new {
		n[x] = true
	}
	for _, x := range sortedKeys(n) {
		if !o[x] {
			added = append(added, x)
		}
	}
	for _, x := range sortedKeys(o) {
		if !n[x] {
			removed = append(removed, x)
		}
	}
	return added, removed
}

func compareRecipients(o, n *reports.Subprocessors) *RecipientChanges {
	rc := &RecipientChanges{}
	om, nm := map[string]reports.SubprocessorRecipient{}, map[string]reports.SubprocessorRecipient{}
	for _, r := range o.Recipients {
		om[r.Key()] = r
	}
	for _, r := range n.Recipients {
		nm[r.Key()] = r
	}
	ref := func(r reports.SubprocessorRecipient) RecipientRef {
		return RecipientRef{Key: r.Key(), Name: r.Vendor.Name, Declared: r.Declared, Severity: r.Severity, Country: r.Country, DataKinds: r.DataKinds}
	}
	for _, k := range sortedKeys(nm) {
		nr := nm[k]
		or, ok := om[k]
		if !ok {
			rc.Added = append(rc.Added, ref(nr))
		} else if or.Declared != nr.Declared || or.Severity != nr.Severity || strings.Join(or.DataKinds, ",") != strings.Join(nr.DataKinds, ",") {
			rc.Changed = append(rc.Changed, RecipientChange{Key: k, Name: nr.Vendor.Name, OldDeclared: or.Declared, NewDeclared: nr.Declared,
				OldSeverity: or.Severity, NewSeverity: nr.Severity, OldDataKinds: or.DataKinds, NewDataKinds: nr.DataKinds})
		}
		if !nr.Declared && (!ok || or.Declared) {
			rc.NewlyUndeclared = append(rc.NewlyUndeclared, nr.Vendor.Name)
		}
	}
	for _, k := range sortedKeys(om) {
		if _, ok := nm[k]; !ok {
			rc.Removed = append(rc.Removed, ref(om[k]))
		}
	}
	return rc
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// normalize replaces nil lists by empty ones (JSON arrays are never null)
// and fills Summary.
func (d *Diff) normalize() {
	nz := func(p any) {
		switch s := p.(type) {
		case *[]string:
			if *s == nil {
				*s = []string{}
			}
		case *[]SDKRef:
			if *s == nil {
				*s = []SDKRef{}
			}
		case *[]SDKChange:
			if *s == nil {
				*s = []SDKChange{}
			}
		case *[]FlowRef:
			if *s == nil {
				*s = []FlowRef{}
			}
		case *[]HostRef:
			if *s == nil {
				*s = []HostRef{}
			}
		case *[]ComponentRef:
			if *s == nil {
				*s = []ComponentRef{}
			}
		case *[]RecipientRef:
			if *s == nil {
				*s = []RecipientRef{}
			}
		case *[]RecipientChange:
			if *s == nil {
				*s = []RecipientChange{}
			}
		}
	}
	for _, p := range []any{&d.SDKs.Added, &d.SDKs.Removed, &d.SDKs.Changed, &d.Flows.Added, &d.Flows.Removed,
		&d.Endpoints.Added, &d.Endpoints.Removed, &d.Permissions.Added, &d.Permissions.Removed,
		&d.Components.Added, &d.Components.Removed, &d.Components.ExportedChanged, &d.Signers.Old, &d.Signers.New, &d.Notes} {
		nz(p)
	}
	if s := d.Subprocessors; s != nil {
		for _, p := range []any{&s.Added, &s.Removed, &s.Changed, &s.NewlyUndeclared} {
			nz(p)
		}
	}
	d.Summary = map[string]int{
		"sdks_added": len(d.SDKs.Added), "sdks_removed": len(d.SDKs.Removed), "sdks_changed": len(d.SDKs.Changed),
		"flows_added": len(d.Flows.Added), "flows_removed": len(d.Flows.Removed),
		"hosts_added": len(d.Endpoints.Added), "hosts_removed": len(d.Endpoints.Removed),
		"permissions_added": len(d.Permissions.Added), "permissions_removed": len(d.Permissions.Removed),
		"components_added": len(d.Components.Added), "components_removed": len(d.Components.Removed),
	}
	if s := d.Subprocessors; s != nil {
		d.Summary["recipients_added"] = len(s.Added)
		d.Summary["recipients_removed"] = len(s.Removed)
		d.Summary["newly_undeclared"] = len(s.NewlyUndeclared)
	}
}

// Additions reports what --fail-on added looks at: SDKs added, flows added
// and recipients newly undeclared. It returns one line per kind.
func (d *Diff) Additions() []string {
	var out []string
	if n := len(d.SDKs.Added); n > 0 {
		out = append(out, plural(n, "SDK")+" added")
	}
	if n := len(d.Flows.Added); n > 0 {
		out = append(out, plural(n, "flow")+" of user data added")
	}
	if d.Subprocessors != nil {
		if n := len(d.Subprocessors.NewlyUndeclared); n > 0 {
			out = append(out, plural(n, "recipient")+" newly undeclared")
		}
	}
	return out
}

// Changed reports whether anything differs (--fail-on any).
func (d *Diff) Changed() bool {
	for _, n := range d.Summary {
		if n > 0 {
			return true
		}
	}
	return d.SignerChanged || len(d.Components.ExportedChanged) > 0 ||
		(d.Subprocessors != nil && len(d.Subprocessors.Changed) > 0)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
