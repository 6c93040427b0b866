package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"

	"github.com/apkscan/apkscan/reports"
)

// InputState is what the store knows about a path from an earlier run.
type InputState struct {
	Input
	SHA256 string
	Status string // StatusOK or StatusError
	Producer
}

// Input returns the state of path, ok=false when it was never recorded.
func (s *Store) Input(ctx context.Context, path string) (st InputState, ok bool, err error) {
	var sha sql.NullString
	err = s.db.QueryRowContext(ctx, s.q("SELECT path, size, mtime_ns, sha256, status, tool_version, sdkdb_digest FROM inputs WHERE path = ?"), path).
		Scan(&st.Path, &st.Size, &st.ModTime, &sha, &st.Status, &st.ToolVersion, &st.SDKDBDigest)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	st.SHA256 = sha.String
	return st, err == nil, err
}

// App returns who produced the stored report of the build sha256, ok=false
// when the build is not stored.
func (s *Store) App(ctx context.Context, sha256 string) (p Producer, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, s.q("SELECT tool_version, sdkdb_digest FROM apps WHERE sha256 = ?"), sha256).Scan(&p.ToolVersion, &p.SDKDBDigest)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// Report returns the stored JSON report of the build sha256.
func (s *Store) Report(ctx context.Context, sha256 string) (*reports.Report, error) {
	var gz []byte
	if err := s.db.QueryRowContext(ctx, s.q("SELECT report FROM apps WHERE sha256 = ?"), sha256).Scan(&gz); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errors.New("no app " + sha256 + " in the store")
		}
		return nil, err
	}
	raw, err := gunzip(gz)
	if err != nil {
		return nil, err
	}
	return reports.DecodeJSON(bytes.NewReader(raw))
}
