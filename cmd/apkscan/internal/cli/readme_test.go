package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/internal/testshared"
)

var updateREADME = flag.Bool("update-readme", false, "regenerate the README's examples")

// exampleRe matches an example marker and the fenced block after it:
//
//	<!-- example: ARGS [| from: TEXT] [| lines: N] -->
//	```
//	$ apkscan ARGS
//	…output…
//	```
//
// The block is the output of `apkscan ARGS` (stdout, then stderr), run
// in-process from the repository root; with `from:`, only the lines from
// the first one containing TEXT (after a "…" line); with `lines:`, at
// most N lines.
var exampleRe = regexp.MustCompile("(?m)^<!-- example: (.*?) -->\n```\n([\\s\\S]*?)```\n")

// TestREADMEExamples regenerates every marked README example and fails
// when the README differs (go test ./cmd/apkscan/internal/cli -run
// TestREADMEExamples -update-readme rewrites it). Examples that read
// ../shared are skipped when it is absent.
func TestREADMEExamples(t *testing.T) {
	root, err := filepath.Abs("../../../..")
	if err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join(root, "README.md")
	text, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	_, sharedErr := testshared.Dir()
	n, stale := 0, 0
	out := exampleRe.ReplaceAllStringFunc(string(text), func(block string) string {
		m := exampleRe.FindStringSubmatch(block)
		spec := strings.Split(m[1], "|")
		args := strings.Fields(strings.TrimSpace(spec[0]))
		if len(args) == 0 || args[0] != "apkscan" {
			t.Errorf("example %q: must start with apkscan", m[1])
			return block
		}
		if strings.Contains(m[1], "../shared/") && sharedErr != nil {
			t.Logf("example %q skipped: ../shared absent", m[1])
			return block
		}
		var from string
		maxLines := 0
		for _, opt := range spec[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(opt), ":")
			switch strings.TrimSpace(k) {
			case "from":
				from = strings.TrimSpace(v)
			case "lines":
				for _, c := range strings.TrimSpace(v) {
					maxLines = maxLines*10 + int(c-'0')
				}
			default:
				t.Errorf("example %q: unknown option %q", m[1], k)
			}
		}
		var stdout, stderr bytes.Buffer
		Run(args[1:], strings.NewReader(""), &stdout, &stderr)
		lines := strings.Split(strings.TrimRight(stdout.String()+stderr.String(), "\n"), "\n")
		var body []string
		if from != "" {
			i := 0
			for i < len(lines) && !strings.Contains(lines[i], from) {
				i++
			}
			if i == len(lines) {
				t.Errorf("example %q: no line contains %q", m[1], from)
			}
			body = append(body, "…")
			lines = lines[min(i, len(lines)):]
		}
		if maxLines > 0 && len(lines) > maxLines {
			lines = append(lines[:maxLines], "…")
		}
		body = append(body, lines...)
		fresh := "<!-- example: " + m[1] + " -->\n```\n$ " + strings.Join(args, " ") + "\n" + strings.Join(body, "\n") + "\n```\n"
		n++
		if fresh != block {
			stale++
			if !*updateREADME {
				t.Errorf("README example %q is stale; run: go test ./cmd/apkscan/internal/cli -run TestREADMEExamples -update-readme", m[1])
			}
		}
		return fresh
	})
	if n == 0 {
		t.Fatal("no example markers in README.md")
	}
	if *updateREADME && stale > 0 {
		if err := os.WriteFile(readme, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %d of %d README examples", stale, n)
	}
}
