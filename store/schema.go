package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// SchemaVersion is the newest schema this package writes. Each version is
// a migration in migrations; the database's version is the row in
// schema_version.
const SchemaVersion = 4

// migrations[i] brings a database from version i to i+1. Statements are
// separated by ";\n". {{ID}} and {{BLOB}} are dialect types; {{NOROWID}}
// makes a SQLite table a clustered index of its primary key. Timestamps
// are RFC 3339 UTC text in both dialects.
var migrations = []string{
	// 1: first schema.
	`
CREATE TABLE scans (
	id            {{ID}},
	tool_version  TEXT NOT NULL,
	sdkdb_version TEXT NOT NULL,
	sdkdb_digest  TEXT NOT NULL,
	shard         TEXT NOT NULL,
	host          TEXT NOT NULL,
	started_at    TEXT NOT NULL,
	finished_at   TEXT,
	inputs        INTEGER NOT NULL DEFAULT 0,
	scanned       INTEGER NOT NULL DEFAULT 0,
	skipped       INTEGER NOT NULL DEFAULT 0,
	failed        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE apps (
	sha256        TEXT PRIMARY KEY,
	package       TEXT NOT NULL,
	version_code  BIGINT NOT NULL,
	version_name  TEXT NOT NULL,
	label         TEXT NOT NULL,
	kind          TEXT NOT NULL,
	signer_sha256 TEXT NOT NULL,
	size          BIGINT NOT NULL,
	path          TEXT NOT NULL,
	min_sdk       INTEGER NOT NULL,
	target_sdk    INTEGER NOT NULL,
	partial       BOOLEAN NOT NULL,
	problems      INTEGER NOT NULL,
	tool_version  TEXT NOT NULL,
	sdkdb_digest  TEXT NOT NULL,
	scan_id       BIGINT NOT NULL,
	scanned_at    TEXT NOT NULL,
	report        {{BLOB}} NOT NULL
);
CREATE INDEX apps_package ON apps (package, version_code);
CREATE TABLE sdks (
	app_sha256 TEXT NOT NULL,
	sdk_id     TEXT NOT NULL,
	name       TEXT NOT NULL,
	vendor_id  TEXT NOT NULL,
	vendor     TEXT NOT NULL,
	country    TEXT NOT NULL,
	version    TEXT,
	used       BOOLEAN NOT NULL,
	confidence TEXT NOT NULL,
	categories TEXT NOT NULL,
	PRIMARY KEY (app_sha256, sdk_id)
);
CREATE INDEX sdks_sdk ON sdks (sdk_id);
CREATE TABLE flows (
	app_sha256  TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	rule        TEXT NOT NULL,
	sdk_id      TEXT,
	vendor      TEXT NOT NULL,
	host        TEXT NOT NULL,
	source_kind TEXT NOT NULL,
	sink_method TEXT NOT NULL,
	confidence  TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	PRIMARY KEY (app_sha256, seq)
);
CREATE INDEX flows_sdk ON flows (sdk_id, source_kind);
CREATE TABLE endpoints (
	app_sha256 TEXT NOT NULL,
	host       TEXT NOT NULL,
	url        TEXT NOT NULL,
	owner      TEXT NOT NULL,
	owner_name TEXT NOT NULL,
	sdk_id     TEXT,
	count      INTEGER NOT NULL,
	PRIMARY KEY (app_sha256, host, url)
);
CREATE INDEX endpoints_host ON endpoints (host);
CREATE TABLE subprocessors (
	app_sha256    TEXT NOT NULL,
	vendor_id     TEXT NOT NULL,
	vendor        TEXT NOT NULL,
	country       TEXT NOT NULL,
	in_eea        BOOLEAN NOT NULL,
	declared      BOOLEAN NOT NULL,
	matched_entry TEXT,
	severity      TEXT NOT NULL,
	data_kinds    TEXT NOT NULL,
	sdks          TEXT NOT NULL,
	hosts         TEXT NOT NULL,
	list          TEXT NOT NULL,
	PRIMARY KEY (app_sha256, vendor_id)
);
CREATE TABLE inputs (
	path         TEXT PRIMARY KEY,
	size         BIGINT NOT NULL,
	mtime_ns     BIGINT NOT NULL,
	sha256       TEXT,
	status       TEXT NOT NULL,
	tool_version TEXT NOT NULL,
	sdkdb_digest TEXT NOT NULL,
	scan_id      BIGINT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX inputs_sha256 ON inputs (sha256);
CREATE TABLE errors (
	path         TEXT PRIMARY KEY,
	sha256       TEXT,
	kind         TEXT NOT NULL,
	error        TEXT NOT NULL,
	tool_version TEXT NOT NULL,
	sdkdb_digest TEXT NOT NULL,
	scan_id      BIGINT NOT NULL,
	at           TEXT NOT NULL
)`,
	// 2: the cross-check verdicts of several subprocessor lists coexist,
	// keyed by the list's digest (SHA-256 of its bytes); a row of
	// subprocessor_checks records that a list was applied to an app
	// (also when it found no recipient). Verdicts stored by version 1
	// keep the digest '' (unknown).
	`
CREATE TABLE subprocessors_v2 (
	list_digest   TEXT NOT NULL,
	app_sha256    TEXT NOT NULL,
	vendor_id     TEXT NOT NULL,
	vendor        TEXT NOT NULL,
	legal_entity  TEXT NOT NULL,
	country       TEXT NOT NULL,
	in_eea        BOOLEAN NOT NULL,
	declared      BOOLEAN NOT NULL,
	matched_entry TEXT,
	severity      TEXT NOT NULL,
	data_kinds    TEXT NOT NULL,
	sdks          TEXT NOT NULL,
	hosts         TEXT NOT NULL,
	list          TEXT NOT NULL,
	PRIMARY KEY (list_digest, app_sha256, vendor_id)
);
INSERT INTO subprocessors_v2 (list_digest, app_sha256, vendor_id, vendor, legal_entity, country, in_eea, declared,
	matched_entry, severity, data_kinds, sdks, hosts, list)
SELECT '', app_sha256, vendor_id, vendor, '', country, in_eea, declared, matched_entry, severity, data_kinds, sdks, hosts, list
FROM subprocessors;
DROP TABLE subprocessors;
ALTER TABLE subprocessors_v2 RENAME TO subprocessors;
CREATE INDEX subprocessors_app ON subprocessors (app_sha256, list_digest);
CREATE TABLE subprocessor_checks (
	list_digest  TEXT NOT NULL,
	app_sha256   TEXT NOT NULL,
	list         TEXT NOT NULL,
	sdkdb_digest TEXT NOT NULL,
	recipients   INTEGER NOT NULL,
	undeclared   INTEGER NOT NULL,
	checked_at   TEXT NOT NULL,
	PRIMARY KEY (list_digest, app_sha256)
);
INSERT INTO subprocessor_checks (list_digest, app_sha256, list, sdkdb_digest, recipients, undeclared, checked_at)
SELECT '', app_sha256, MAX(list), '', COUNT(*), SUM(CASE WHEN declared THEN 0 ELSE 1 END), ''
FROM subprocessors GROUP BY app_sha256`,
	// 3: the derived tables of browsing (facets.go), maintained by PutApp
	// and filled here from the stored reports (migrationFill). They
	// replace the tables EnsureBrowseSchema used to create for
	// SyncBrowse.
	`
CREATE TABLE app_index (
	sha256       TEXT PRIMARY KEY,
	package      TEXT NOT NULL,
	version_code BIGINT NOT NULL,
	latest       BOOLEAN NOT NULL,
	lpackage     TEXT NOT NULL,
	llabel       TEXT NOT NULL
){{NOROWID}};
CREATE INDEX app_index_package ON app_index (package, version_code, sha256);
CREATE TABLE app_facets (
	facet        TEXT NOT NULL,
	value        TEXT NOT NULL,
	sub          TEXT NOT NULL,
	sha256       TEXT NOT NULL,
	package      TEXT NOT NULL,
	version_code BIGINT NOT NULL,
	latest       BOOLEAN NOT NULL,
	n            INTEGER NOT NULL,
	PRIMARY KEY (sha256, facet, value, sub)
){{NOROWID}};
CREATE TABLE facet_counts (
	facet  TEXT NOT NULL,
	value  TEXT NOT NULL,
	sub    TEXT NOT NULL,
	apps   INTEGER NOT NULL,
	builds INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (facet, value, sub)
){{NOROWID}};
DROP TABLE IF EXISTS app_superseded;
DROP TABLE IF EXISTS app_browse;
DROP TABLE IF EXISTS app_permissions`,
	// 4: the per-list verdict facets (facets.go, lists.go) in the tables
	// of version 3, filled by migrationFill.
	``,
}

// migrationFill[v], when set, runs after the statements of migration v,
// in its transaction: data a statement cannot compute (it reads reports).
var migrationFill = map[int]func(s *Store, ctx context.Context, tx *sql.Tx) error{
	3: (*Store).migrate3, // and the indexes browseIndexes
	4: (*Store).migrate4,
}

// migrationLockKey is the PostgreSQL advisory lock taken while migrating
// ("apkscan" in ASCII).
const migrationLockKey = 0x61706b7363616e

func (s *Store) ddl(stmt string) string {
	id, blob, norowid := "INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", " WITHOUT ROWID"
	if s.backend == "postgres" {
		id, blob, norowid = "BIGSERIAL PRIMARY KEY", "BYTEA", ""
	}
	return strings.NewReplacer("{{ID}}", id, "{{BLOB}}", blob, "{{NOROWID}}", norowid).Replace(stmt)
}

// migrate brings the database to SchemaVersion in one transaction: under a
// PostgreSQL advisory lock, or SQLite's write lock (BEGIN IMMEDIATE), so
// that workers starting together migrate once.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.backend == "postgres" {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLockKey); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); err != nil {
		return err
	}
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_version").Scan(&v); err != nil {
		return err
	}
	cur := int(v.Int64)
	if cur > SchemaVersion {
		return fmt.Errorf("%w (database %d, apkscan %d)", ErrNewerSchema, cur, SchemaVersion)
	}
	if cur == SchemaVersion {
		return tx.Commit()
	}
	for i := cur; i < SchemaVersion; i++ {
		for _, stmt := range strings.Split(migrations[i], ";\n") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.ddl(stmt)); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		if fill := migrationFill[i+1]; fill != nil && !(cur < 3 && i+1 == 4) {
			// (migration 3's backfill computes the derived tables as
			// this code does, version 4's facets included: migration 4's
			// fill is for databases already at version 3)
			if err := fill(s, ctx, tx); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM schema_version"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q("INSERT INTO schema_version (version) VALUES (?)"), SchemaVersion); err != nil {
		return err
	}
	return tx.Commit()
}

// Version returns the database's schema version.
func (s *Store) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_version").Scan(&v)
	return v, err
}
