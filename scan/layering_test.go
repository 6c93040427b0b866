package scan

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering enforces the import direction, one table:
//
//	cmd → scan → analysis, detect, detect/flows → {apk, dex, dex/taint, sdkdb, reports, subprocessors}
//
// reports, sdkdb and dex import nothing of apkscan's but the leaf
// packages errs and hostname (sdkdb's own subpackages may import sdkdb);
// store reads reports only; apk does not know about DEX code,
// SDKs or reports; the analyzers know nothing of scan; only cmd imports
// cobra.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go command unavailable: %v", err)
	}
	const mod = "github.com/apkscan/apkscan/"
	ours := func(pkgs ...string) []string {
		var out []string
		for _, p := range pkgs {
			out = append(out, mod+p)
		}
		return out
	}
	lower := []string{"scan", "cmd", "bulk", "store", "web", "analysis", "detect"}
	rules := map[string][]string{
		"errs":          ours("apk", "dex", "sdkdb", "reports", "scan", "cmd", "analysis", "detect"),
		"reports":       ours(append([]string{"apk", "dex", "sdkdb", "subprocessors"}, lower...)...),
		"sdkdb":         ours(append([]string{"apk", "dex", "reports", "subprocessors"}, lower...)...),
		"dex":           ours(append([]string{"apk", "sdkdb", "reports", "subprocessors"}, lower...)...),
		"apk":           ours(append([]string{"dex", "sdkdb", "reports", "subprocessors"}, lower...)...),
		"subprocessors": ours("apk", "dex", "scan", "cmd", "bulk", "store", "web", "analysis", "detect"),
		"geo":           ours("apk", "dex", "sdkdb", "reports", "subprocessors", "scan", "cmd", "bulk", "store", "web", "analysis", "detect", "hostname"),
		"hostname":      ours("apk", "dex", "sdkdb", "reports", "subprocessors", "scan", "cmd", "bulk", "store", "web", "analysis", "detect"),
		"analysis":      ours("reports", "scan", "cmd", "bulk", "store", "web", "detect"),
		"detect":        ours("scan", "cmd", "bulk", "store", "web"),
		"scan":          ours("cmd", "bulk", "store", "web"),
		"store":         ours("apk", "dex", "sdkdb", "scan", "cmd", "bulk", "web", "analysis", "detect"),
		"bulk":          ours("cmd", "web"),
	}
	for pkg, banned := range rules {
		out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, "../"+pkg+"/...").CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 {
			t.Fatalf("go list %s listed nothing", pkg)
		}
		for _, d := range deps {
			if pkg != "cmd" && (d == "github.com/spf13/cobra" || strings.HasPrefix(d, "github.com/spf13/cobra/")) {
				t.Errorf("%s imports cobra: only cmd may", pkg)
			}
			for _, b := range banned {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
}
