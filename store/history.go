package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// History is every stored build of one package, oldest version first,
// with what changed from the build before.
type History struct {
	Package  string           `json:"package"`
	Versions []HistoryVersion `json:"versions"`
}

// FlowKey identifies a flow across builds (its fingerprint) and says what
// it is.
type FlowKey struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	SDK         string `json:"sdk"`
	Kind        string `json:"source_kind"`
	Host        string `json:"host,omitempty"`
}

// HistoryVersion is one build and its differences from the previous one.
type HistoryVersion struct {
	SHA256        string    `json:"sha256"`
	VersionCode   int64     `json:"version_code"`
	VersionName   string    `json:"version_name"`
	Signer        string    `json:"signer_sha256"`
	SignerChanged bool      `json:"signer_changed"`
	Path          string    `json:"path"`
	ScannedAt     string    `json:"scanned_at"`
	Partial       bool      `json:"partial"`
	SDKs          []string  `json:"sdks"`
	Flows         []FlowKey `json:"flows"`
	SDKsAdded     []string  `json:"sdks_added"`
	SDKsRemoved   []string  `json:"sdks_removed"`
	FlowsAdded    []FlowKey `json:"flows_added"`
	FlowsRemoved  []FlowKey `json:"flows_removed"`
}

// History returns the builds of pkg; an empty Versions list when none.
func (s *Store) History(ctx context.Context, pkg string) (*History, error) {
	h := &History{Package: pkg, Versions: []HistoryVersion{}}
	rs, err := s.db.QueryContext(ctx, s.q(`SELECT sha256, version_code, version_name, signer_sha256, path, scanned_at, partial
FROM apps WHERE package = ? ORDER BY version_code, scanned_at, sha256`), pkg)
	if err != nil {
		return nil, err
	}
	for rs.Next() {
		var v HistoryVersion
		if err := rs.Scan(&v.SHA256, &v.VersionCode, &v.VersionName, &v.Signer, &v.Path, &v.ScannedAt, &v.Partial); err != nil {
			rs.Close()
			return nil, err
		}
		h.Versions = append(h.Versions, v)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, err
	}
	for i := range h.Versions {
		v := &h.Versions[i]
		v.SDKs = []string{}
		err := s.rowsArgs(ctx, "SELECT sdk_id FROM sdks WHERE app_sha256 = ? ORDER BY sdk_id", []any{v.SHA256}, func(r *sql.Rows) error {
			var id string
			err := r.Scan(&id)
			v.SDKs = append(v.SDKs, id)
			return err
		})
		if err != nil {
			return nil, err
		}
		v.Flows = []FlowKey{}
		seen := map[string]bool{}
		err = s.rowsArgs(ctx, "SELECT fingerprint, rule, COALESCE(sdk_id, ''), source_kind, host FROM flows WHERE app_sha256 = ? ORDER BY fingerprint, seq", []any{v.SHA256}, func(r *sql.Rows) error {
			var f FlowKey
			if err := r.Scan(&f.Fingerprint, &f.Rule, &f.SDK, &f.Kind, &f.Host); err != nil {
				return err
			}
			if !seen[f.Fingerprint] {
				seen[f.Fingerprint] = true
				v.Flows = append(v.Flows, f)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if i == 0 {
			// The first build has nothing to differ from.
			v.SDKsAdded, v.SDKsRemoved, v.FlowsAdded, v.FlowsRemoved = []string{}, []string{}, []FlowKey{}, []FlowKey{}
			continue
		}
		p := &h.Versions[i-1]
		v.SignerChanged = p.Signer != v.Signer
		v.SDKsAdded, v.SDKsRemoved = diffStrings(p.SDKs, v.SDKs)
		v.FlowsAdded, v.FlowsRemoved = diffFlows(p.Flows, v.Flows)
	}
	return h, nil
}

func (s *Store) rowsArgs(ctx context.Context, q string, args []any, each func(*sql.Rows) error) error {
	rs, err := s.db.QueryContext(ctx, s.q(q), args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := each(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

func diffStrings(old, cur []string) (added, removed []string) {
	in := func(xs []string, x string) bool {
		i := sort.SearchStrings(xs, x)
		return i < len(xs) && xs[i] == x
	}
	added, removed = []string{}, []string{}
	for _, x := range cur {
		if !in(old, x) {
			added = append(added, x)
		}
	}
	for _, x := range old {
		if !in(cur, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}

func diffFlows(old, cur []FlowKey) (added, removed []FlowKey) {
	has := func(xs []FlowKey) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x.Fingerprint] = true
		}
		return m
	}
	o, c := has(old), has(cur)
	added, removed = []FlowKey{}, []FlowKey{}
	for _, x := range cur {
		if !o[x.Fingerprint] {
			added = append(added, x)
		}
	}
	for _, x := range old {
		if !c[x.Fingerprint] {
			removed = append(removed, x)
		}
	}
	return added, removed
}

func (f FlowKey) String() string {
	s := f.Rule + " " + f.Kind + "→" + orDash(f.SDK)
	if f.Host != "" {
		s += " (" + f.Host + ")"
	}
	return s
}

// WriteTable renders the history as a table and a list of changes.
func (h *History) WriteTable(w io.Writer) error {
	if len(h.Versions) == 0 {
		_, err := fmt.Fprintf(w, "no builds of %s in the store\n", clean(h.Package))
		return err
	}
	fmt.Fprintf(w, "%s: %d builds\n\n", clean(h.Package), len(h.Versions))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION CODE\tVERSION\tSHA-256\tSDKS\tFLOWS\tSDKS ADDED\tSDKS REMOVED\tFLOWS +/-")
	for _, v := range h.Versions {
		name := clean(v.VersionName)
		if v.Partial {
			name += " (partial)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\t+%d/-%d\n", v.VersionCode, orDash(name), v.SHA256[:min(12, len(v.SHA256))],
			len(v.SDKs), len(v.Flows), joinOrDash(v.SDKsAdded), joinOrDash(v.SDKsRemoved), len(v.FlowsAdded), len(v.FlowsRemoved))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for i, v := range h.Versions {
		if i == 0 || (len(v.FlowsAdded) == 0 && len(v.FlowsRemoved) == 0 && !v.SignerChanged) {
			continue
		}
		fmt.Fprintf(w, "\n%d (%s):\n", v.VersionCode, clean(v.VersionName))
		if v.SignerChanged {
			fmt.Fprintf(w, "  signer changed: %s\n", orDash(v.Signer))
		}
		for _, f := range v.FlowsAdded {
			fmt.Fprintf(w, "  + flow %s\n", clean(f.String()))
		}
		for _, f := range v.FlowsRemoved {
			fmt.Fprintf(w, "  - flow %s\n", clean(f.String()))
		}
	}
	return nil
}

func joinOrDash(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	var out []string
	for _, x := range xs {
		out = append(out, clean(x))
	}
	return strings.Join(out, ",")
}
