package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// EncodeReports writes the reports of several apps in one format: with a
// MultiEncoder one document (SARIF log, HTML page, JSON array, Markdown
// document, Exodus array), else one encoding after the other. One report is
// always written by Encode, as the format's single-app document.
func EncodeReports(w io.Writer, enc Encoder, rs []*Report) error {
	if len(rs) == 1 {
		return enc.Encode(w, rs[0])
	}
	if me, ok := enc.(MultiEncoder); ok {
		return me.EncodeAll(w, rs)
	}
	for _, r := range rs {
		if err := enc.Encode(w, r); err != nil {
			return err
		}
	}
	return nil
}

// EncodeAll implements MultiEncoder: one JSON array of reports.
func (JSONEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	if rs == nil {
		rs = []*Report{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rs); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	return nil
}

// JSONLinesEncoder writes JSON Lines: each report as one compact JSON
// document on its own line (as bulk --jsonl does), for streams of many
// apps.
type JSONLinesEncoder struct{}

// ID implements Encoder.
func (JSONLinesEncoder) ID() string { return "jsonl" }

// Encode implements Encoder.
func (JSONLinesEncoder) Encode(w io.Writer, r *Report) error { return EncodeJSONLine(w, r) }

// EncodeAll implements MultiEncoder: one line per report.
func (JSONLinesEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	for _, r := range rs {
		if err := EncodeJSONLine(w, r); err != nil {
			return err
		}
	}
	return nil
}

// EncodeAll implements MultiEncoder: the summaries one after the other,
// separated by a rule.
func (e TableEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	for i, r := range rs {
		if i > 0 {
			if _, err := fmt.Fprintln(w, strings.Repeat("─", 60)); err != nil {
				return err
			}
		}
		if err := e.Encode(w, r); err != nil {
			return err
		}
	}
	return nil
}

// EncodeAll implements MultiEncoder: one Markdown document with a list of
// the apps and a section per app (each app's report with its headings one
// level down). Headings are the only lines that start with '#': every APK
// string is escaped (MarkdownEscape escapes '#' and has no newlines).
func (e MarkdownEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	ew := &errWriter{w: w}
	ew.printf("# Privacy reports: %d apps\n\n", len(rs))
	for _, r := range rs {
		ew.printf("- %s %s (%s)\n", MarkdownEscape(appTitle(r)), MarkdownEscape(r.App.VersionName), MarkdownEscape(r.App.Path))
	}
	ew.printf("\n")
	for _, r := range rs {
		var b bytes.Buffer
		if err := e.Encode(&b, r); err != nil {
			return err
		}
		for _, line := range strings.SplitAfter(b.String(), "\n") {
			if strings.HasPrefix(line, "#") {
				ew.printf("#")
			}
			ew.printf("%s", line)
		}
		ew.printf("\n")
	}
	return ew.err
}

// EncodeAll implements MultiEncoder: one page, a section per app. Each
// app's page is rendered by the template and its <main> content kept: the
// template's own tags are the only markup in it (html/template escapes
// every APK string), so the first <main> and the last </main> delimit it.
func (e HTMLEncoder) EncodeAll(w io.Writer, rs []*Report) error {
	var head, tail string
	var body strings.Builder
	for i, r := range rs {
		var b bytes.Buffer
		if err := e.Encode(&b, r); err != nil {
			return err
		}
		page := b.String()
		start := strings.Index(page, "<main>")
		end := strings.LastIndex(page, "</main>")
		if start < 0 || end < start {
			return fmt.Errorf("html: template without <main>")
		}
		if i == 0 {
			head = page[:start]
			tail = page[end:]
			if t0, t1 := strings.Index(head, "<title>"), strings.Index(head, "</title>"); t0 >= 0 && t1 > t0 {
				head = head[:t0] + fmt.Sprintf("<title>Privacy reports: %d apps</title>", len(rs)) + head[t1+len("</title>"):]
			}
			if k := strings.Index(head, "</style>"); k >= 0 {
				head = head[:k] + htmlMultiCSS + head[k:]
			}
		}
		body.WriteString("<section class=\"app\">\n")
		body.WriteString(page[start+len("<main>") : end])
		body.WriteString("</section>\n")
	}
	if len(rs) == 0 {
		return fmt.Errorf("html: no report")
	}
	_, err := io.WriteString(w, head+"<main>\n"+body.String()+tail)
	return err
}

// htmlMultiCSS separates the apps of one page: on screen by a rule, in
// print by a page break.
const htmlMultiCSS = "section.app + section.app { border-top: 4px solid var(--line); margin-top: 48px; break-before: page; }\n"

func appTitle(r *Report) string {
	if r.App.Label != "" {
		return r.App.Label
	}
	return r.App.Package
}
