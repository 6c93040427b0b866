package scan

import (
	"bufio"
	"bytes"
	"context"
	"fmt"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/subprocessors"
)

// IsReportFile reports whether path is a regular file whose content starts
// like a JSON document (after optional white space and a UTF-8 BOM): an
// apkscan JSON report rather than an APK (which starts with "PK").
func IsReportFile(path string) bool {
	f, err := apk.OpenRegular(path) // never blocks on a FIFO or device
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := bufio.NewReader(f).Read(head)
	t := bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// Load returns the report of an input that is either an app (APK, bundle,
// split directory: it is scanned) or a saved apkscan JSON report (it is
// read; detected by content, see IsReportFile). With opt.Declared, the
// cross-check is computed for a read report too (replacing any it holds).
func Load(ctx context.Context, path string, opt Options) (*reports.Report, error) {
	if !IsReportFile(path) {
		return Scan(ctx, path, opt)
	}
	f, err := apk.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := reports.DecodeJSON(f)
	if err != nil {
		return nil, &apk.InputError{Path: path, Err: err}
	}
	if opt.Declared != nil {
		db := opt.DB
		if db == nil {
			if db, err = sdkdb.Default(); err != nil {
				return nil, fmt.Errorf("built-in sdkdb: %w", err)
			}
		}
		subprocessors.Apply(r, opt.Declared, db)
	}
	r.Normalize()
	return r, nil
}
