package scan

import (
	"archive/zip"
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/analysis"
	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/detect"
	"github.com/apkscan/apkscan/dex"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// r8Mapping is a ProGuard/R8 mapping.txt read backwards: renamed class
// descriptor → original descriptor, and renamed "Lc;->m" → original names.
type r8Mapping struct {
	class  map[string]string
	method map[string][]string
}

func readMapping(t *testing.T, p string) r8Mapping {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := r8Mapping{class: map[string]string{}, method: map[string][]string{}}
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		orig, renamed, ok := strings.Cut(strings.TrimSpace(line), " -> ")
		if !ok {
			t.Fatalf("mapping line %q", line)
		}
		if !strings.HasPrefix(line, " ") {
			cur = dex.Descriptor(strings.TrimSuffix(renamed, ":"))
			m.class[cur] = dex.Descriptor(orig)
			continue
		}
		if i := strings.IndexByte(orig, '('); i > 0 {
			name := orig[strings.LastIndexByte(orig[:i], ' ')+1 : i]
			k := cur + "->" + renamed
			m.method[k] = append(m.method[k], name)
		}
	}
	return m
}

// renamedOf runs the analyzer graph on an APK and returns Renamed's result.
func renamedOf(t *testing.T, p string) (*detect.RenamedAttribution, *sdkdb.DB) {
	t.Helper()
	db, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	app, err := apk.OpenKnown(p, apk.DefaultLimits(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	in := &analysis.Input{App: app, Index: dex.NewIndex(), DB: db, Matcher: db.Matcher(),
		Config: analysis.Config{MaxEvidence: 8, MaxLocations: 8}}
	indexCode(context.Background(), in, true)
	res, err := graph.Run(context.Background(), in, 1)
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := res.Of(detect.Renamed).(*detect.RenamedAttribution)
	if ra == nil {
		t.Fatal("no renamed result")
	}
	return ra, db
}

// checkRenamedMapping: every renamed class attributed to an SDK is, by
// the ground-truth mapping, a class of that SDK; every mapped sink is on
// a class whose original is the candidate's class, under a method name
// whose original is the candidate's. Returns the number of attributions.
func checkRenamedMapping(t *testing.T, name string, ra *detect.RenamedAttribution, db *sdkdb.DB, m r8Mapping) int {
	t.Helper()
	n := 0
	for _, c := range ra.Classes() {
		orig, ok := m.class[c.Class]
		if !ok {
			t.Errorf("%s: %s attributed to %s but not a renamed class", name, c.Class, c.SDK)
			continue
		}
		found := false
		for _, mt := range db.Matcher().MatchClass(dex.JavaName(orig)) {
			found = found || mt.SDK.ID == c.SDK
		}
		if !found {
			t.Errorf("%s: %s (%s) attributed to %s: wrong recipient", name, c.Class, orig, c.SDK)
		}
		n++
	}
	for _, s := range ra.Sinks() {
		origClass := m.class[s.Method.Class]
		origNames := m.method[s.Method.Class+"->"+s.Method.Name]
		ok := false
		for _, c := range s.Candidates {
			cls, rest, _ := strings.Cut(c.Method, "->")
			cname := rest[:strings.IndexByte(rest, '(')]
			for _, on := range origNames {
				ok = ok || (cls == origClass && on == cname)
			}
		}
		if !ok {
			t.Errorf("%s: sink %s (%s %v) mapped onto no true candidate of %d", name, s.Method, origClass, origNames, len(s.Candidates))
		}
	}
	return n
}

// TestRenamedObfuscated: in medbook-obfuscated.apk every planted flow is
// found through renamed attribution (F4 goes to Cloudinary's host through
// Glide's renamed RequestManager.load, a network sink: Glide's class
// names are all renamed, and it is found by the code strings of its
// Glide class), with medium confidence, the attribution said, and — where
// the sink is unambiguous — the same fingerprint as in medbook.apk. Every
// attribution agrees with the mapping, and so does the renamed evidence
// of the SDKs: Glide is listed from it alone (medium), the SDKs found by
// other evidence are only confirmed by it (weak items, confidence
// unchanged).
func TestRenamedObfuscated(t *testing.T) {
	ra, db := renamedOf(t, filepath.Join(apks, "medbook-obfuscated.apk"))
	m := readMapping(t, filepath.Join(apks, "medbook-obfuscated.mapping.txt"))
	if n := checkRenamedMapping(t, "medbook-obfuscated.apk", ra, db, m); n < 6 {
		t.Errorf("only %d renamed classes attributed", n)
	}
	plain := map[string]reports.Flow{}
	for _, f := range fixtureReport(t, "medbook.apk").Flows {
		plain[f.Fingerprint] = f
	}
	r := fixtureReport(t, "medbook-obfuscated.apk")
	want := map[string]string{ // planted id → sink
		"F1": pinpointRecord, "F2": firebaseLog, "F3": gaSend, "F4": glideLoad, "F5": cloudinaryGen, "F6": segmentTrack,
	}
	if len(r.Flows) != len(want) {
		for _, f := range r.Flows {
			t.Logf("got %s %v %s", f.Rule, *f.SDK, f.Sink.Method)
		}
		t.Fatalf("%d flows, want %d (F1-F6)", len(r.Flows), len(want))
	}
	checkRenamedEvidence(t, r, fixtureReport(t, "medbook.apk"), m)
	if g := sdkOf(r, "glide"); g == nil || g.Confidence != reports.Medium || g.Channels[reports.ChannelRenamed] == 0 {
		t.Errorf("glide not found from its code strings at medium: %+v", g)
	}
	for _, f := range r.Flows {
		if f.Confidence != reports.Medium || f.Attribution == "" {
			t.Errorf("%s: confidence %s, attribution %q", f.Sink.Method, f.Confidence, f.Attribution)
		}
		if p, ok := plain[f.Fingerprint]; ok {
			if p.Sink.Method != f.Sink.Method || *p.SDK != *f.SDK || p.Recipient.Host != f.Recipient.Host {
				t.Errorf("fingerprint %s: %s vs %s", f.Fingerprint, f.Sink.Method, p.Sink.Method)
			}
			if f.Sink.Method == glideLoad && (f.Rule != reports.RuleInputToHost || !strings.Contains(f.Attribution, "RequestManager") || !strings.Contains(f.Attribution, "Glide")) {
				t.Errorf("F4: rule %s, attribution %q", f.Rule, f.Attribution)
			}
			delete(want, idOf(want, f.Sink.Method))
			continue
		}
		// F6: track and screen(String, Properties) are one shape once
		// renamed; the flow names the renamed method and both candidates.
		cls, rest, _ := strings.Cut(f.Sink.Method, "->")
		name := rest[:strings.IndexByte(rest, '(')]
		if *f.SDK != "segment" || m.class[cls] != "Lcom/segment/analytics/Analytics;" || !slices.Contains(m.method[cls+"->"+name], "track") ||
			!strings.Contains(f.Attribution, "track") || !strings.Contains(f.Attribution, "api.segment.io") || f.Sink.Param != "reason" {
			t.Errorf("unexpected flow %s %v %s param %q: %s", f.Rule, *f.SDK, f.Sink.Method, f.Sink.Param, f.Attribution)
			continue
		}
		delete(want, "F6")
	}
	if len(want) > 0 {
		t.Errorf("not found: %v", want)
	}
}

// checkRenamedEvidence: every renamed evidence item of an SDK names a
// renamed class the mapping says is that SDK's, with its location and
// reason; an SDK listed without it (in the plain build too) keeps its
// confidence and its renamed items are weak (they rest on the evidence it
// was found by); an SDK listed only through it is never high.
func checkRenamedEvidence(t *testing.T, r, plain *reports.Report, m r8Mapping) {
	t.Helper()
	n := 0
	for _, s := range r.SDKs {
		others, strong := 0, 0
		for _, e := range s.Evidence {
			if e.Channel != reports.ChannelRenamed {
				if !e.Weak && e.Channel != reports.ChannelCall {
					others++
				}
				continue
			}
			n++
			if !e.Weak {
				strong++
			}
			orig, ok := m.class[dex.Descriptor(e.Value)]
			found := false
			for _, mt := range db(t).Matcher().MatchClass(dex.JavaName(orig)) {
				found = found || mt.SDK.ID == s.ID
			}
			if !ok || !found || e.Location == "" || !strings.Contains(e.Signature, "code holds") {
				t.Errorf("%s: renamed evidence %+v (original %q)", s.ID, e, orig)
			}
		}
		if s.Channels[reports.ChannelRenamed] == 0 {
			continue
		}
		if others == 0 && s.Confidence == reports.High {
			t.Errorf("%s: high on renamed evidence alone", s.ID)
		}
		if strong == 0 && others == 0 {
			t.Errorf("%s: listed on weak renamed evidence only", s.ID)
		}
		if p := sdkOf(plain, s.ID); p == nil && others > 0 {
			t.Errorf("%s: listed in the obfuscated build only, yet not from renamed evidence", s.ID)
		}
	}
	if n == 0 {
		t.Error("no renamed evidence on any SDK")
	}
}

func db(t *testing.T) *sdkdb.DB {
	t.Helper()
	d, err := sdkdb.Default()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func idOf(m map[string]string, sink string) string {
	for k, v := range m {
		if v == sink {
			return k
		}
	}
	return ""
}

// TestRenamedCleanTwin renames medbook-clean the way build.sh renames
// medbook (tools/obfuscate.py, the same keeps) and replaces the two DEX
// files of medbook-clean.apk with the result: the clean twin's SDK calls
// carry constants only, so no flow may appear, and every attribution must
// agree with the mapping obfuscate.py writes.
func TestRenamedCleanTwin(t *testing.T) {
	script := `set -eu
FX=$1 ST=$2 SDK=$1/sdk
for d in dex1 dex2; do
    mkdir -p "$ST/src-$d/com/example/medbook/clean"
    cp -R "$FX/medbook/smali-$d/com/example/medbook/." "$ST/src-$d/com/example/medbook/clean/"
    find "$ST/src-$d" -name '*.smali' -exec sed -i 's|Lcom/example/medbook/|Lcom/example/medbook/clean/|g' {} +
    cp -R "$FX/medbook-clean/overlay-$d/." "$ST/src-$d/"
done
for s in aws-pinpoint firebase-analytics gms-analytics; do cp -R "$SDK/$s/." "$ST/src-dex1/"; done
for s in cloudinary segment glide; do cp -R "$SDK/$s/." "$ST/src-dex2/"; done
P=Lcom/example/medbook/clean
python3 "$FX/tools/obfuscate.py" --map "$ST/mapping.txt" --app-package com/example/medbook/clean \
    --keep "$P/MedBookApp;" --keep "$P/MainActivity;" --keep "$P/DoctorActivity;" --keep "$P/BookingActivity;" \
    --keep "$P/ReminderService;" --keep "$P/ReminderReceiver;" --keep "$P/telemetry/NativeTelemetry;" \
    --keep 'Lcom/google/firebase/provider/FirebaseInitProvider;' \
    "$ST/src-dex1:$ST/obf-dex1" "$ST/src-dex2:$ST/obf-dex2"
smali assemble -j 1 --api 21 -o "$ST/classes.dex" "$ST/obf-dex1"
smali assemble -j 1 --api 21 -o "$ST/classes2.dex" "$ST/obf-dex2"
`
	twin, dir := renamedTwin(t, script, "medbook-clean.apk", "medbook-clean-obfuscated.apk")
	ra, db := renamedOf(t, twin)
	if n := checkRenamedMapping(t, "renamed clean twin", ra, db, readMapping(t, filepath.Join(dir, "mapping.txt"))); n < 6 {
		t.Errorf("only %d renamed classes attributed in the renamed clean twin", n)
	}
	if len(ra.Sinks()) == 0 {
		t.Error("no sinks mapped in the renamed clean twin: the test would not see invented flows")
	}
	r, err := Scan(context.Background(), twin, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Flows {
		t.Errorf("invented flow in the renamed clean twin: %s %v %s ← %s (%s)", f.Rule, *f.SDK, f.Sink.Method, f.Source.Method, f.Attribution)
	}
}

// replaceDex writes src with classes.dex and classes2.dex taken from dir
// (the signature no longer verifies; the scan reports that and goes on).
func replaceDex(t *testing.T, src, dst, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		var rc io.ReadCloser
		if f.Name == "classes.dex" || f.Name == "classes2.dex" {
			rc, err = os.Open(filepath.Join(dir, f.Name))
		} else {
			rc, err = f.Open()
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// renamedTwin builds a renamed twin of the fixture apk the way build.sh
// renames its fixtures: script (sh; $1 the fixtures directory, $2 a work
// directory) writes the renamed DEX files and mapping.txt into $2, which
// replace the DEX files of apk in a copy named out. It returns the copy
// and the work directory; it skips in -short mode and without smali or
// python3.
func renamedTwin(t *testing.T, script, apk, out string) (twin, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds DEX files with smali")
	}
	for _, tool := range []string{"smali", "python3", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian: libsmali-java, python3)", tool)
		}
	}
	fx, _ := filepath.Abs("../testdata/fixtures")
	dir = t.TempDir()
	cmd := exec.Command("sh", "-c", script, "sh", fx, dir)
	if outp, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the renamed twin of %s: %v\n%s", apk, err, outp)
	}
	twin = filepath.Join(dir, out)
	replaceDex(t, filepath.Join(apks, apk), twin, dir)
	return twin, dir
}
