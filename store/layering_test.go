package store

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering: store depends on reports only (of apkscan's packages), and
// bulk on nothing from cmd; neither imports cobra.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go command unavailable: %v", err)
	}
	const mod = "github.com/apkscan/apkscan/"
	rules := map[string][]string{
		"../store": {mod + "apk", mod + "dex", mod + "sdkdb", mod + "scan", mod + "bulk", mod + "cmd", "github.com/spf13/cobra"},
		"../bulk":  {mod + "cmd", "github.com/spf13/cobra"},
	}
	for pkg, banned := range rules {
		deps, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}`, pkg).Output()
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
}
