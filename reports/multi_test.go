package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func twoReports() []*Report {
	a, b := flowSample(), sample()
	b.App.Path, b.App.Package, b.App.Label = "b.apk", "com.second", "Second app"
	return []*Report{a, b}
}

func encodeMany(t *testing.T, enc Encoder, rs []*Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodeReports(&buf, enc, rs); err != nil {
		t.Fatalf("%s: %v", enc.ID(), err)
	}
	return buf.String()
}

// TestEncodeReportsOne: one report is the format's single-app document.
func TestEncodeReportsOne(t *testing.T) {
	r := flowSample()
	for _, enc := range Encoders() {
		if got, want := encodeMany(t, enc, []*Report{r}), encode(t, enc, r); got != want {
			t.Errorf("%s: EncodeReports of one report differs from Encode", enc.ID())
		}
	}
}

func TestSARIFManyRuns(t *testing.T) {
	out := encodeMany(t, SARIFEncoder{}, twoReports())
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF of two apps does not match the SARIF 2.1.0 schema: %v", err)
	}
	var log struct {
		Runs []struct {
			Properties map[string]any `json:"properties"`
		} `json:"runs"`
	}
	json.Unmarshal([]byte(out), &log)
	if len(log.Runs) != 2 || log.Runs[1].Properties["package"] != "com.second" {
		t.Errorf("want one run per app, got %d runs", len(log.Runs))
	}
}

func TestJSONArrayAndLines(t *testing.T) {
	rs := twoReports()
	var docs []json.RawMessage
	if err := json.Unmarshal([]byte(encodeMany(t, JSONEncoder{}, rs)), &docs); err != nil || len(docs) != 2 {
		t.Fatalf("json of two apps: want an array of 2, got %d (%v)", len(docs), err)
	}
	sch := compileSchema(t)
	for i, d := range docs {
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(d))
		if err := sch.Validate(inst); err != nil {
			t.Errorf("array element %d does not match the report schema: %v", i, err)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(encodeMany(t, JSONLinesEncoder{}, rs)))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		if _, err := DecodeJSON(bytes.NewReader(sc.Bytes())); err != nil {
			t.Errorf("jsonl line %d: %v", n+1, err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("jsonl: %d lines, want 2", n)
	}
}

func TestHTMLOnePage(t *testing.T) {
	out := encodeMany(t, HTMLEncoder{}, twoReports())
	checkInertHTML(t, out)
	for tag, want := range map[string]int{"<html": 1, "</html>": 1, "<main>": 1, "</main>": 1, `<section class="app">`: 2, "<footer>": 2, "<h1>": 2} {
		if got := strings.Count(out, tag); got != want {
			t.Errorf("%s appears %d times, want %d", tag, got, want)
		}
	}
	for _, want := range []string{"<title>Privacy reports: 2 apps</title>", "Second app", "section.app + section.app", "&lt;script&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestMarkdownOneDocument(t *testing.T) {
	out := encodeMany(t, MarkdownEncoder{}, twoReports())
	var h1, h2 int
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "# "):
			h1++
		case strings.HasPrefix(l, "## Privacy report: "):
			h2++
		}
	}
	if h1 != 1 || h2 != 2 {
		t.Errorf("want one title and a section per app, got %d titles and %d app sections:\n%s", h1, h2, out)
	}
	if !strings.Contains(out, "## Privacy report: Second app") || strings.Contains(out, "<script") {
		t.Errorf("markdown of two apps:\n%s", out)
	}
}

func TestExodusArray(t *testing.T) {
	var docs []struct {
		Application struct {
			Handle string `json:"handle"`
		} `json:"application"`
	}
	if err := json.Unmarshal([]byte(encodeMany(t, ExodusEncoder{}, twoReports())), &docs); err != nil || len(docs) != 2 || docs[1].Application.Handle != "com.second" {
		t.Fatalf("exodus of two apps: %v %+v", err, docs)
	}
}
