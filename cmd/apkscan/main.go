// Command apkscan tells which third parties an Android app talks to and
// what it hands them. See the README for usage.
package main

import (
	"os"
	"runtime/debug"

	"github.com/apkscan/apkscan/cmd/apkscan/internal/cli"
)

func main() {
	// apkscan is a short-lived batch tool whose heap is dominated by one
	// inflated DEX file at a time plus the compact index: collecting at 50%
	// growth instead of 100% trades ~5% CPU for ~10% less peak RSS
	// (scripts/bench.sh). GOGC still wins when set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
