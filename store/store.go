// Package store keeps bulk-scan results in a SQL database: an embedded
// SQLite file by default (pure Go, no cgo) or a PostgreSQL server for many
// workers on many machines. Both backends share one schema (schema.go),
// one set of statements and one API; only a few dialect details differ.
//
// The store is written by one goroutine per process (the bulk writer), one
// transaction per app, so that a killed process leaves every app either
// completely stored or absent. PostgreSQL writers in different processes
// are safe together: every write is an upsert, and migrations run under an
// advisory lock.
//
// It depends on reports only.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite"
)

// DefaultPath is the SQLite file used when no --db is given.
const DefaultPath = "results.sqlite"

// Store is an open result database.
type Store struct {
	db      *sql.DB
	backend string // "sqlite" | "postgres"
	where   string // the DSN with any password removed, for messages
}

// IsPostgres reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql:// URL).
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating and migrating as needed) the database named by dsn:
// a postgres:// URL, or the path of a SQLite file (optionally prefixed with
// "sqlite:").
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	s := &Store{}
	var err error
	if IsPostgres(dsn) {
		s.backend = "postgres"
		s.where = redact(dsn)
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.where, err)
		}
		s.db.SetMaxOpenConns(8)
	} else {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if strings.ContainsAny(path, "?#") {
			return nil, fmt.Errorf("%s: '?' and '#' are not allowed in a SQLite file name", path)
		}
		s.backend = "sqlite"
		s.where = path
		// The database must be a regular file (or not exist yet): SQLite's
		// own message for a directory is "out of memory (14)".
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			what := "not a regular file"
			if fi.IsDir() {
				what = "a directory"
			}
			return nil, fmt.Errorf("%s: is %s; --db needs a SQLite file (created if missing) or a postgres:// URL", path, what)
		}
		// WAL: readers never block the writer; synchronous=NORMAL: a commit
		// survives a killed process (the WAL is in the OS's hands), only a
		// power loss can lose the last commits, never corrupt the file.
		// _txlock=immediate: a write transaction takes the lock at BEGIN,
		// so two processes sharing one file wait instead of deadlocking.
		q := "_pragma=busy_timeout(60000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		s.db, err = sql.Open("sqlite", path+"?"+q)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s.db.SetMaxOpenConns(4)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("%s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("%s: %w", s.where, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Backend is "sqlite" or "postgres".
func (s *Store) Backend() string { return s.backend }

// String names the database for messages (no password).
func (s *Store) String() string { return s.where }

// SQL is the underlying database, for ad-hoc read queries (tests, tools).
// Placeholders are the driver's own: ? for SQLite, $1 for PostgreSQL.
func (s *Store) SQL() *sql.DB { return s.db }

// q rewrites ? placeholders to $n for PostgreSQL. Statements in this
// package never contain a literal '?'.
func (s *Store) q(query string) string {
	if s.backend != "postgres" {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxx")
		}
	}
	return u.String()
}

// ErrNewerSchema is returned when the database was written by a newer
// apkscan.
var ErrNewerSchema = errors.New("database schema is newer than this apkscan")

// OpenExisting is Open for readers: a SQLite file must already exist
// (Open would create an empty one).
func OpenExisting(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	if !IsPostgres(dsn) {
		path := strings.TrimPrefix(dsn, "sqlite:")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%s: no result database here (write one with 'apkscan bulk PATH --db %s'): %w", path, path, errors.Unwrap(err))
		}
	}
	return Open(ctx, dsn)
}
