package reports

import (
	"fmt"
	"strings"
	"testing"
)

func TestPCText(t *testing.T) {
	for pc, want := range map[int]string{-1: "entry", 0: "0000", 50: "0032", 0x1a: "001a", 0xffff: "ffff", 0x12345: "12345"} {
		if got := PCText(pc); got != want {
			t.Errorf("PCText(%d) = %q, want %q", pc, got, want)
		}
	}
}

func TestStepMethodNamesClassOnce(t *testing.T) {
	for _, c := range []struct {
		st   PathStep
		want string
	}{
		{PathStep{Class: "Lcom/x/S;", Method: "Lcom/x/S;->m(I)V"}, "Lcom/x/S;->m(I)V"},
		{PathStep{Class: "Lcom/x/S;", Method: "m(I)V"}, "Lcom/x/S;->m(I)V"},
		{PathStep{Method: "m(I)V"}, "m(I)V"},
		{PathStep{Class: "Lcom/x/S;"}, "Lcom/x/S;"},
	} {
		if got := StepMethod(c.st); got != c.want {
			t.Errorf("StepMethod(%+v) = %q, want %q", c.st, got, c.want)
		}
	}
}

// stepSample is flowSample with path steps as the taint engine writes
// them: Method is a full smali reference that starts with the class.
func stepSample() *Report {
	r := flowSample()
	f := &r.Flows[0]
	for i := range r.Flows {
		if len(r.Flows[i].Path) > 0 {
			f = &r.Flows[i]
		}
	}
	for i := range f.Path {
		st := &f.Path[i]
		st.Method = st.Class + "->" + st.Method
	}
	f.Path[1].PC = 50
	f.Path = append(f.Path, PathStep{Class: "Lcom/x/Search;", Method: "Lcom/x/Search;->onQueryTextSubmit(Ljava/lang/String;)Z", PC: -1, File: "classes.dex", Insn: "parameter 1"})
	return r
}

// TestFlowStepsHexAndClassOnce: every encoder that prints a path step
// prints the PC as dexdump does and names the class once.
func TestFlowStepsHexAndClassOnce(t *testing.T) {
	r := stepSample()
	for _, enc := range []Encoder{HTMLEncoder{}, MarkdownEncoder{}} {
		out := encode(t, enc, r)
		for _, bad := range []string{"Search;-&gt;Lcom/x/Search;", "Search;->Lcom/x/Search;", "@50", "@-1", "@12 "} {
			if strings.Contains(out, bad) {
				t.Errorf("%s contains %q", enc.ID(), bad)
			}
		}
		for _, want := range []string{"@0032", "@0000", "@entry"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", enc.ID(), want)
			}
		}
	}
	if out := encode(t, SARIFEncoder{}, r); !strings.Contains(out, "classes.dex @0032") || strings.Contains(out, "classes.dex @50") {
		t.Errorf("SARIF thread flow messages do not use dexdump offsets")
	}
}

func TestReceiversWithoutDeclaredList(t *testing.T) {
	r := flowSample()
	r.Subprocessors = nil
	sdk2 := "segment"
	r.SDKs = append(r.SDKs, SDK{ID: sdk2, Name: "Segment", Vendor: Vendor{ID: "twilio", Name: "Twilio", Country: "us"}, Confidence: High},
		SDK{ID: "adjust", Name: "Adjust", Vendor: Vendor{ID: "adjust", Name: "Adjust", Country: "DE"}, Confidence: High})
	r.SDKs[1].Vendor = Vendor{ID: "google", Name: "Google", Country: "US"}
	r.Endpoints = append(r.Endpoints,
		Endpoint{Host: "api.twitter.com", Owner: "twitter", OwnerName: "X (Twitter)", Count: 1},
		Endpoint{Host: "cdn.first.example", Owner: "first-party", Count: 1},
		Endpoint{Host: "schemas.example.org", Owner: "unknown", Kind: KindIdentifier, Count: 1})
	r.Normalize()
	groups := r.Receivers()
	var got []string
	for _, g := range groups {
		for _, rc := range g.Receivers {
			got = append(got, g.Where()+"|"+rc.DisplayName()+"|"+strings.Join(rc.DataKinds, ","))
		}
	}
	want := []string{
		"US (outside the EU/EEA)|Google|search-query",
		"US (outside the EU/EEA)|Twilio|",
		"unknown|evil.example (owner not identified)|user-input",
		"unknown|X (Twitter)|",
		"DE (EU/EEA)|Adjust|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Receivers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, enc := range []Encoder{HTMLEncoder{}, MarkdownEncoder{}} {
		out := encode(t, enc, r)
		i := strings.Index(out, "Who receives what")
		if i < 0 {
			t.Fatalf("%s has no 'Who receives what' section", enc.ID())
		}
		j := strings.Index(out, "User data that leaves the app")
		if j < i {
			t.Fatalf("%s: 'Who receives what' does not open the report", enc.ID())
		}
		sec := out[i:j]
		for _, w := range []string{"DE (EU/EEA)", "Adjust", "text the user typed", "X (Twitter)"} {
			if !strings.Contains(sec, w) {
				t.Errorf("%s: receivers lack %q", enc.ID(), w)
			}
		}
		if strings.Contains(sec, "first.example") || strings.Contains(sec, "schemas.example.org") {
			t.Errorf("%s: first-party host or identifier listed as a receiver", enc.ID())
		}
	}
	checkInertHTML(t, encode(t, HTMLEncoder{}, r))
}

// TestHTMLColumnsDoNotBreakWords: prose cells break only words longer
// than their column ("unknow n", "X (Twitte r" came from
// overflow-wrap:anywhere on every cell); code cells may break anywhere.
func TestHTMLColumnsDoNotBreakWords(t *testing.T) {
	out := encode(t, HTMLEncoder{}, flowSample())
	style := out[strings.Index(out, "<style>"):strings.Index(out, "</style>")]
	if !strings.Contains(style, "td, li { overflow-wrap: break-word;") {
		t.Error("prose cells do not use overflow-wrap: break-word")
	}
	if strings.Contains(style, "td, li { overflow-wrap: anywhere") {
		t.Error("prose cells may break inside words")
	}
	if !strings.Contains(style, "td.code, li.code, span.code { overflow-wrap: anywhere; }") {
		t.Error("code cells cannot break long names")
	}
}

func TestScannedAtOnlyWhenSet(t *testing.T) {
	r := flowSample()
	for _, enc := range []Encoder{HTMLEncoder{}, MarkdownEncoder{}, TableEncoder{}, JSONEncoder{}} {
		if out := encode(t, enc, r); strings.Contains(strings.ToLower(out), "scanned") {
			t.Errorf("%s mentions a scan date without ScannedAt", enc.ID())
		}
	}
	r.ScannedAt = "2026-01-02T03:04:05Z" + hScript
	for _, enc := range []Encoder{HTMLEncoder{}, MarkdownEncoder{}, TableEncoder{}} {
		out := encode(t, enc, r)
		if !strings.Contains(out, "2026-01-02T03:04:05Z") {
			t.Errorf("%s lacks the scan date", enc.ID())
		}
		if enc.ID() != "table" && strings.Contains(out, "<script") { // the table is text for a terminal
			t.Errorf("%s lets markup through the scan date", enc.ID())
		}
	}
}

// TestDiagram: the diagram has the four columns, lines from data to SDK
// to company to country, at most diagramMaxRows nodes per column ("+N
// more"), and no markup from the APK gets through.
func TestDiagram(t *testing.T) {
	r := flowSample()
	for i := 0; i < 40; i++ {
		id := fmt.Sprintf("sdk%02d", i)
		r.SDKs = append(r.SDKs, SDK{ID: id, Name: "SDK " + id + hSVG, Vendor: Vendor{ID: "v" + id, Name: "Vendor" + hScript + id, Country: "DE"}, Confidence: High})
	}
	r.Normalize()
	d := r.Diagram()
	if d == nil || len(d.Cols) != 4 {
		t.Fatalf("diagram %+v", d)
	}
	perCol := map[int]int{}
	more := 0
	for _, n := range d.Nodes {
		perCol[n.X]++
		if n.Class == "more" {
			more++
			if !strings.HasPrefix(n.Label, "+") || !strings.HasSuffix(n.Label, " more") {
				t.Errorf("more node %q", n.Label)
			}
		}
		if n.X+n.W > d.Width || n.Y+n.H > d.Height {
			t.Errorf("node %q outside the drawing", n.Label)
		}
	}
	for x, n := range perCol {
		if n > diagramMaxRows {
			t.Errorf("column at x=%d has %d nodes", x, n)
		}
	}
	// 42 SDKs; 42 companies: 40 vendors, google and evil.example (flows).
	if more != 2 || d.Hidden != (42-29)+(42-29) {
		t.Errorf("more nodes %d, hidden %d", more, d.Hidden)
	}
	if len(d.Lines) < 40 {
		t.Errorf("only %d lines", len(d.Lines))
	}
	out := encode(t, HTMLEncoder{}, r)
	checkInertHTML(t, out)
	if strings.Count(out, "<svg") != 1 || strings.Contains(out, "<svg onload") || strings.Contains(out, "<script") {
		t.Error("markup from the APK in the diagram")
	}
	if !strings.Contains(out, "Where the data goes") || !strings.Contains(out, " more</text>") {
		t.Error("diagram missing from the HTML report")
	}
	if (&Report{}).Diagram() != nil {
		t.Error("a diagram for an app without SDKs or flows")
	}
}
