// Command endpoints measures how a scan classifies endpoints over a set of
// APKs: per app and in total, the endpoints kept (kind "endpoint", or no
// kind at all in reports from before the classification), the identifiers
// dropped from the recipient views, and the kept endpoints whose owner is
// unknown. It reads the reports as generic JSON, so the same program
// measures any version of the scanner.
//
// usage: go run ./scripts/endpoints [-list] DIR|APK...
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apkscan/apkscan/scan"
)

type endpoint struct {
	URL   string `json:"url"`
	Host  string `json:"host"`
	Owner string `json:"owner"`
	Kind  string `json:"kind"`
	Use   string `json:"use"`
	Why   string `json:"why"`
}

func main() {
	list := flag.Bool("list", false, "also list every identifier and unknown-owner endpoint")
	flag.Parse()
	var apks []string
	for _, a := range flag.Args() {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			m, _ := filepath.Glob(filepath.Join(a, "*.apk"))
			apks = append(apks, m...)
		} else {
			apks = append(apks, a)
		}
	}
	sort.Strings(apks)
	var tk, ti, tu, tn int
	fmt.Printf("%-48s %6s %6s %6s %6s\n", "app", "kept", "ident", "unkn", "netw")
	for _, p := range apks {
		r, err := scan.Scan(context.Background(), p, scan.Options{NoTaint: true})
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", p, err)
			continue
		}
		b, _ := json.Marshal(r.Endpoints)
		var eps []endpoint
		_ = json.Unmarshal(b, &eps)
		var k, i, u, n int
		for _, e := range eps {
			if e.Kind == "identifier" {
				i++
				if *list {
					fmt.Printf("    identifier %s %s (%s)\n", e.Host, e.URL, e.Why)
				}
				continue
			}
			k++
			if e.Use == "network" {
				n++
			}
			if e.Owner == "unknown" {
				u++
				if *list {
					fmt.Printf("    unknown    %s %s\n", e.Host, e.URL)
				}
			}
		}
		fmt.Printf("%-48s %6d %6d %6d %6d\n", strings.TrimSuffix(filepath.Base(p), ".apk"), k, i, u, n)
		tk, ti, tu, tn = tk+k, ti+i, tu+u, tn+n
	}
	fmt.Printf("%-48s %6d %6d %6d %6d\n", "TOTAL", tk, ti, tu, tn)
}
