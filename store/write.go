package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/apkscan/apkscan/reports"
)

// Input identifies one bulk input as found on disk: the cheap key used to
// skip it on a later run without reading it.
type Input struct {
	Path    string
	Size    int64
	ModTime int64 // Unix nanoseconds
}

// Producer identifies what produced a result: skipping and staleness
// compare these.
type Producer struct {
	ToolVersion string
	SDKDBDigest string
}

// Run describes one bulk run (a row of scans).
type Run struct {
	Producer
	SDKDBVersion string
	Shard        string // "I/N" or ""
	Host         string
	Started      time.Time
}

// Counts are a run's totals, written when it finishes.
type Counts struct {
	Inputs, Scanned, Skipped, Failed int
}

// Status of an input row.
const (
	StatusOK    = "ok"
	StatusError = "error"
)

// Error kinds in the errors table.
const (
	ErrInput    = "input"     // the input could not be scanned (apk.InputError …)
	ErrTimeout  = "timeout"   // the per-input time limit expired
	ErrPanic    = "panic"     // a bug: recovered panic
	ErrTooLarge = "too-large" // above the --max-size cap, not scanned
	ErrWalk     = "walk"      // could not be listed or stat'ed
)

// BeginRun records the start of a run and returns its id.
func (s *Store) BeginRun(ctx context.Context, r Run) (int64, error) {
	started := ts(r.Started)
	args := []any{r.ToolVersion, r.SDKDBVersion, r.SDKDBDigest, r.Shard, r.Host, started}
	const ins = "INSERT INTO scans (tool_version, sdkdb_version, sdkdb_digest, shard, host, started_at) VALUES (?, ?, ?, ?, ?, ?)"
	if s.backend == "postgres" {
		var id int64
		err := s.db.QueryRowContext(ctx, s.q(ins+" RETURNING id"), args...).Scan(&id)
		return id, err
	}
	res, err := s.db.ExecContext(ctx, ins, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FinishRun records the end of a run.
func (s *Store) FinishRun(ctx context.Context, id int64, finished time.Time, c Counts) error {
	_, err := s.db.ExecContext(ctx, s.q("UPDATE scans SET finished_at = ?, inputs = ?, scanned = ?, skipped = ?, failed = ? WHERE id = ?"),
		ts(finished), c.Inputs, c.Scanned, c.Skipped, c.Failed, id)
	return err
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Record is a report prepared for storage: encoded and compressed, with
// the rows of its child tables. Build it with NewRecord outside the writer
// goroutine (it is the CPU-heavy part of a write).
type Record struct {
	Report *reports.Report
	// ListDigest identifies the subprocessor list of the report's
	// cross-check (subprocessors.List.Digest); its verdicts are stored
	// under it. "" when unknown.
	ListDigest string
	gz         []byte
	flows      []reports.Flow
	subproc    *reports.Subprocessors
}

// NewRecord encodes r (compact JSON, gzip) and extracts the rows stored
// beside it. Flows and subprocessor verdicts are read from the JSON form
// ("flows", "subprocessors"), so the store needs no change when a report
// starts carrying them.
func NewRecord(r *reports.Report) (*Record, error) {
	var raw bytes.Buffer
	if err := reports.EncodeJSONLine(&raw, r); err != nil {
		return nil, err
	}
	var extra struct {
		Flows         []reports.Flow         `json:"flows"`
		Subprocessors *reports.Subprocessors `json:"subprocessors"`
	}
	if err := json.Unmarshal(raw.Bytes(), &extra); err != nil {
		return nil, fmt.Errorf("report flows: %w", err)
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return &Record{Report: r, gz: gz.Bytes(), flows: extra.Flows, subproc: extra.Subprocessors}, nil
}

// JSON returns the report's compact JSON (one line, with newline).
func (rec *Record) JSON() ([]byte, error) { return gunzip(rec.gz) }

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, 1<<30))
}

// PutApp stores one app's report and marks the input as done, in one
// transaction: the app row, its sdks/flows/endpoints/subprocessors rows
// (replacing any from an earlier scan of the same build), its browse rows
// and counters (facets.go), the input row, and the removal of an earlier
// error for this path.
func (s *Store) PutApp(ctx context.Context, runID int64, in Input, rec *Record) error {
	r := rec.Report
	a := &r.App
	var signers []string
	for _, sg := range a.Signers {
		signers = append(signers, sg.SHA256)
	}
	sort.Strings(signers)
	now := ts(time.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		// The app row first: on PostgreSQL its row lock serialises two
		// workers that store the same build at once.
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO apps (sha256, package, version_code, version_name, label, kind, signer_sha256, size, path,
	min_sdk, target_sdk, partial, problems, tool_version, sdkdb_digest, scan_id, scanned_at, report)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (sha256) DO UPDATE SET package = excluded.package, version_code = excluded.version_code,
	version_name = excluded.version_name, label = excluded.label, kind = excluded.kind, signer_sha256 = excluded.signer_sha256,
	size = excluded.size, path = excluded.path, min_sdk = excluded.min_sdk, target_sdk = excluded.target_sdk,
	partial = excluded.partial, problems = excluded.problems, tool_version = excluded.tool_version,
	sdkdb_digest = excluded.sdkdb_digest, scan_id = excluded.scan_id, scanned_at = excluded.scanned_at, report = excluded.report`),
			s.text([]any{a.SHA256, a.Package, a.VersionCode, a.VersionName, a.Label, a.Kind, strings.Join(signers, ","), a.Size, in.Path,
				a.MinSDK, a.TargetSDK, r.HasErrors(), len(r.Problems), r.Tool.Version, r.SDKDB.Digest, runID, now, rec.gz})...)
		if err != nil {
			return fmt.Errorf("apps: %w", err)
		}
		// The report is replaced: verdicts made from the old one (of any
		// list) go too; 'apkscan recheck' applies other lists again.
		for _, t := range []string{"sdks", "flows", "endpoints", "subprocessors", "subprocessor_checks"} {
			if _, err := tx.ExecContext(ctx, s.q("DELETE FROM "+t+" WHERE app_sha256 = ?"), a.SHA256); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		var rows [][]any
		for _, sd := range r.SDKs {
			rows = append(rows, []any{a.SHA256, sd.ID, sd.Name, sd.Vendor.ID, sd.Vendor.Name, sd.Vendor.Country,
				nullString(sd.Version), sd.Used, sd.Confidence, strings.Join(sd.Categories, ",")})
		}
		if err := s.insertRows(ctx, tx, "sdks", "app_sha256, sdk_id, name, vendor_id, vendor, country, version, used, confidence, categories", rows); err != nil {
			return err
		}
		rows = rows[:0]
		for i, f := range rec.flows {
			rows = append(rows, []any{a.SHA256, i, f.Rule, nullString(f.SDK), f.Recipient.Vendor, f.Recipient.Host,
				f.Source.Kind, f.Sink.Method, f.Confidence, f.Fingerprint})
		}
		if err := s.insertRows(ctx, tx, "flows", "app_sha256, seq, rule, sdk_id, vendor, host, source_kind, sink_method, confidence, fingerprint", rows); err != nil {
			return err
		}
		rows = rows[:0]
		for _, e := range r.Endpoints {
			rows = append(rows, []any{a.SHA256, e.Host, e.URL, e.Owner, e.OwnerName, nullString(e.SDK), e.Count})
		}
		if err := s.insertRows(ctx, tx, "endpoints", "app_sha256, host, url, owner, owner_name, sdk_id, count", rows); err != nil {
			return err
		}
		// The verdict first: putBrowse computes the build's verdict facets
		// from the stored verdicts along with its other facets.
		if sp := rec.subproc; sp != nil {
			v := Verdict{App: a.SHA256, ListDigest: rec.ListDigest, SDKDBDigest: r.SDKDB.Digest, Result: sp}
			if err := s.putVerdict(ctx, tx, v, now); err != nil {
				return err
			}
		}
		if err := s.putBrowse(ctx, tx, a.SHA256, docOf(rec), r.HasErrors()); err != nil {
			return err
		}
		return s.putInput(ctx, tx, runID, in, a.SHA256, StatusOK, Producer{r.Tool.Version, r.SDKDB.Digest}, now)
	})
}

// PutLink marks an input as done by an app already stored under sha256 (the
// same build found at another path, or moved): no scan, one input row.
func (s *Store) PutLink(ctx context.Context, runID int64, in Input, sha256 string, p Producer) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		return s.putInput(ctx, tx, runID, in, sha256, StatusOK, p, ts(time.Now()))
	})
}

// PutError records that an input could not be scanned. sha256 may be "".
func (s *Store) PutError(ctx context.Context, runID int64, in Input, sha256, kind, msg string, p Producer) error {
	now := ts(time.Now())
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO errors (path, sha256, kind, error, tool_version, sdkdb_digest, scan_id, at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, kind = excluded.kind, error = excluded.error,
	tool_version = excluded.tool_version, sdkdb_digest = excluded.sdkdb_digest, scan_id = excluded.scan_id, at = excluded.at`),
			s.text([]any{in.Path, nullIfEmpty(sha256), kind, msg, p.ToolVersion, p.SDKDBDigest, runID, now})...)
		if err != nil {
			return fmt.Errorf("errors: %w", err)
		}
		return s.putInput(ctx, tx, runID, in, sha256, StatusError, p, now)
	})
}

func (s *Store) putInput(ctx context.Context, tx *sql.Tx, runID int64, in Input, sha256, status string, p Producer, now string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO inputs (path, size, mtime_ns, sha256, status, tool_version, sdkdb_digest, scan_id, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
	status = excluded.status, tool_version = excluded.tool_version, sdkdb_digest = excluded.sdkdb_digest,
	scan_id = excluded.scan_id, updated_at = excluded.updated_at`),
		s.text([]any{in.Path, in.Size, in.ModTime, nullIfEmpty(sha256), status, p.ToolVersion, p.SDKDBDigest, runID, now})...)
	if err != nil {
		return fmt.Errorf("inputs: %w", err)
	}
	if status == StatusOK {
		if _, err := tx.ExecContext(ctx, s.q("DELETE FROM errors WHERE path = ?"), in.Path); err != nil {
			return fmt.Errorf("errors: %w", err)
		}
	}
	return nil
}

// insertRows inserts rows with multi-row INSERTs (few round trips on
// PostgreSQL). Duplicate keys are ignored.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0])
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	const chunk = 200
	for len(rows) > 0 {
		k := min(chunk, len(rows))
		var args []any
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		stmt := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ") + " ON CONFLICT DO NOTHING"
		if _, err := tx.ExecContext(ctx, s.q(stmt), s.text(args)...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		rows = rows[k:]
	}
	return nil
}

// tx runs fn in a transaction and commits it.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// text makes string arguments storable: PostgreSQL text cannot hold NUL
// bytes, which APK strings may contain (the hostile-strings fixture does),
// so on PostgreSQL each NUL becomes U+FFFD. SQLite stores them as they are.
// The JSON report column is unaffected (JSON escapes NUL as \u0000).
func (s *Store) text(args []any) []any {
	if s.backend != "postgres" {
		return args
	}
	for i, a := range args {
		if v, ok := a.(string); ok && strings.IndexByte(v, 0) >= 0 {
			args[i] = strings.ReplaceAll(v, "\x00", "\uFFFD")
		}
	}
	return args
}
