// Package droidbench scores apkscan's android-privacy taint profile on
// DroidBench (a benchmark harness, not part of the library API).
package droidbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/detect/flows"
	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/scan"
)

// DroidBench scoring of the android-privacy taint profile.
//
// Counting rule: a leak is a distinct (source statement, sink statement)
// pair of an APK, a statement being a method and a bytecode offset (the
// first and last steps of a flow's path). For each APK, with E the
// expected number of leaks (ground_truth.tsv, column
// number_of_leaks(javadoc, per tagged file)) and F the pairs found:
// TP = min(E, F), FP = max(0, F−E), FN = max(0, E−F). Precision and recall
// are summed over APKs.

// DroidBenchExcluded lists the categories a static, intra-app analysis of
// the DEX code cannot be expected to handle, with the reason. They are
// scored but not part of the target.
var DroidBenchExcluded = map[string]string{
	"Reflection":            "calls through java.lang.reflect with computed names",
	"Reflection_ICC":        "reflection combined with inter-component communication",
	"DynamicLoading":        "code loaded at run time (DexClassLoader) is not in the APK's DEX",
	"Native":                "sources or sinks in native (JNI) code",
	"ImplicitFlows":         "control dependencies (if (secret) …) are not data flows; not tracked by design",
	"SelfModification":      "bytecode rewritten at run time",
	"InterAppCommunication": "the leak needs a second app (the receiver or sender is another APK)",
}

// DroidBenchCase is the score of one APK.
type DroidBenchCase struct {
	APK      string // path relative to the DroidBench folder
	Category string
	Expected int
	Found    int
	Pairs    []string // "source → sink" statements found
	Err      string
}

// DroidBenchScore sums the cases of a category (or all of them).
type DroidBenchScore struct {
	Category              string
	APKs, Expected, Found int
	TP, FP, FN            int
}

// Precision is TP/(TP+FP) (1 when nothing was found).
func (s DroidBenchScore) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN) (1 when nothing was expected).
func (s DroidBenchScore) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

func (s *DroidBenchScore) add(c DroidBenchCase) {
	s.APKs++
	s.Expected += c.Expected
	s.Found += c.Found
	s.TP += min(c.Expected, c.Found)
	s.FP += max(0, c.Found-c.Expected)
	s.FN += max(0, c.Expected-c.Found)
}

// LeakPairs returns the distinct (source statement → sink statement)
// pairs of a report's android-privacy flows.
func LeakPairs(r *reports.Report) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range r.Flows {
		if f.Rule != reports.RuleAndroidPrivacy || len(f.Path) == 0 {
			continue
		}
		a, b := f.Path[0], f.Path[len(f.Path)-1]
		k := a.Method + "@" + strconv.Itoa(a.PC) + " → " + b.Method + "@" + strconv.Itoa(b.PC)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// RunDroidBench scans every APK listed in dir/ground_truth.tsv with the
// android-privacy profile and counts its leaks.
func RunDroidBench(ctx context.Context, dir string, opt scan.Options) ([]DroidBenchCase, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground_truth.tsv"))
	if err != nil {
		return nil, err
	}
	opt.Profile = flows.ProfileAndroidPrivacy
	opt.NoTaint = false
	var out []DroidBenchCase
	for i, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 4 || !strings.HasSuffix(f[0], ".apk") {
			continue
		}
		// "a;b" when the leaks are tagged in several files: their sum.
		n := 0
		for _, x := range strings.Split(f[3], ";") {
			if strings.TrimSpace(x) == "" { // helper apps of InterAppCommunication
				continue
			}
			x, _, _ = strings.Cut(strings.TrimSpace(x), " ") // "2 (sendTextMessage + log)"
			k, err := strconv.Atoi(x)
			if err != nil {
				return nil, fmt.Errorf("ground_truth.tsv line %d: bad leak count %q", i+1, f[3])
			}
			n += k
		}
		parts := strings.Split(f[0], "/")
		c := DroidBenchCase{APK: f[0], Expected: n}
		if len(parts) >= 3 {
			c.Category = parts[1]
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := scan.Scan(ctx, filepath.Join(dir, f[0]), opt)
		if err != nil {
			c.Err = err.Error()
		} else {
			c.Pairs = LeakPairs(r)
			c.Found = len(c.Pairs)
		}
		out = append(out, c)
	}
	return out, nil
}

// ScoreDroidBench sums cases per category, over the included categories
// (not in DroidBenchExcluded) and over all.
func ScoreDroidBench(cases []DroidBenchCase) (perCat []DroidBenchScore, included, all DroidBenchScore) {
	by := map[string]*DroidBenchScore{}
	included.Category, all.Category = "included", "all"
	for _, c := range cases {
		s := by[c.Category]
		if s == nil {
			s = &DroidBenchScore{Category: c.Category}
			by[c.Category] = s
		}
		s.add(c)
		all.add(c)
		if _, ex := DroidBenchExcluded[c.Category]; !ex {
			included.add(c)
		}
	}
	for _, s := range by {
		perCat = append(perCat, *s)
	}
	sort.Slice(perCat, func(i, j int) bool { return perCat[i].Category < perCat[j].Category })
	return perCat, included, all
}

// WriteDroidBenchTable prints the per-category table.
func WriteDroidBenchTable(w io.Writer, cases []DroidBenchCase) {
	per, inc, all := ScoreDroidBench(cases)
	fmt.Fprintf(w, "%-34s %4s %5s %5s %4s %4s %4s %9s %7s\n", "category", "apks", "leaks", "found", "TP", "FP", "FN", "precision", "recall")
	row := func(s DroidBenchScore, mark string) {
		fmt.Fprintf(w, "%-34s %4d %5d %5d %4d %4d %4d %8.1f%% %6.1f%%\n", s.Category+mark, s.APKs, s.Expected, s.Found, s.TP, s.FP, s.FN, 100*s.Precision(), 100*s.Recall())
	}
	for _, s := range per {
		mark := ""
		if _, ex := DroidBenchExcluded[s.Category]; ex {
			mark = " (excluded)"
		}
		row(s, mark)
	}
	row(inc, " categories")
	row(all, "")
}
