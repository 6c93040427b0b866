package scan

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering enforces the import direction: reports, sdkdb and dex import
// nothing of apkscan's (sdkdb's own subpackages may import sdkdb); apk does
// not know about DEX code, SDKs or reports; only cmd imports cobra.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go command unavailable: %v", err)
	}
	const mod = "github.com/apkscan/apkscan/"
	rules := map[string][]string{
		"reports": {mod + "apk", mod + "dex", mod + "sdkdb", mod + "scan", mod + "cmd"},
		"sdkdb":   {mod + "apk", mod + "dex", mod + "reports", mod + "scan", mod + "cmd"},
		"dex":     {mod + "apk", mod + "sdkdb", mod + "reports", mod + "scan", mod + "cmd"},
		"apk":     {mod + "dex", mod + "sdkdb", mod + "reports", mod + "scan", mod + "cmd"},
		"scan":    {mod + "cmd", "github.com/spf13/cobra"},
	}
	for pkg, banned := range rules {
		deps, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, "../"+pkg+"/...").Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, d := range strings.Fields(string(deps)) {
			for _, b := range banned {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
	for _, pkg := range []string{"apk", "dex", "sdkdb", "reports", "scan"} {
		deps, _ := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, "../"+pkg+"/...").Output()
		if strings.Contains(string(deps), "github.com/spf13/cobra") {
			t.Errorf("%s imports cobra: only cmd may", pkg)
		}
	}
}
