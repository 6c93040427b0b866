// Command apkscan tells which third parties an Android app talks to and
// what it hands them. See the README for usage.
package main

import (
	"os"

	"github.com/apkscan/apkscan/cmd/apkscan/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
