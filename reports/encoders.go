package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Encoder renders a Report in one output format.
type Encoder interface {
	// ID is the name users pass to --format.
	ID() string
	Encode(w io.Writer, r *Report) error
}

// MultiEncoder is implemented by the formats that write the reports of
// several apps as one document (a SARIF log with a run per app, one HTML
// page, a JSON array, …); see EncodeReports.
type MultiEncoder interface {
	Encoder
	EncodeAll(w io.Writer, rs []*Report) error
}

// Encoders is the one explicit list of output formats.
func Encoders() []Encoder {
	return []Encoder{
		TableEncoder{},
		JSONEncoder{},
		SARIFEncoder{},
		HTMLEncoder{},
		MarkdownEncoder{},
		ExodusEncoder{},
		JSONLinesEncoder{},
	}
}

// FormatIDs lists the accepted --format values.
func FormatIDs() []string {
	var ids []string
	for _, e := range Encoders() {
		ids = append(ids, e.ID())
	}
	sort.Strings(ids)
	return ids
}

// Lookup finds an encoder by ID.
func Lookup(id string) (Encoder, error) {
	for _, e := range Encoders() {
		if e.ID() == id {
			return e, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", id, strings.Join(FormatIDs(), ", "))
}
