package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apkscan/apkscan/apk"
	"github.com/apkscan/apkscan/errs"
	"github.com/apkscan/apkscan/scan"
)

// A budget is one per-scan bound a user may change with --budget
// NAME=VALUE. The defaults are far above what real apps need (see the
// README's "Hostile input" section for the measured maxima).
type budget struct {
	doc  string
	size bool // VALUE is a size (64MiB) rather than a count
	get  func(*scan.Options) int64
	set  func(*scan.Options, int64)
}

var budgets = map[string]budget{
	"inflate":     {"bytes inflated from all archives of a scan", true, func(o *scan.Options) int64 { return o.Limits.MaxTotal }, func(o *scan.Options, v int64) { o.Limits.MaxTotal = v }},
	"entry":       {"bytes of one inflated entry", true, func(o *scan.Options) int64 { return o.Limits.MaxEntry }, func(o *scan.Options, v int64) { o.Limits.MaxEntry = v }},
	"nested":      {"nested APKs opened (count)", false, func(o *scan.Options) int64 { return int64(o.Limits.MaxNestedArchives) }, func(o *scan.Options, v int64) { o.Limits.MaxNestedArchives = int(v) }},
	"depth":       {"nesting depth of APKs inside APKs", false, func(o *scan.Options) int64 { return int64(o.Limits.MaxNestedDepth) }, func(o *scan.Options, v int64) { o.Limits.MaxNestedDepth = int(v) }},
	"held":        {"bytes of nested and split APKs held in memory", true, func(o *scan.Options) int64 { return o.Limits.MaxHeldBytes }, func(o *scan.Options, v int64) { o.Limits.MaxHeldBytes = v }},
	"strings":     {"bytes of decoded resource strings", true, func(o *scan.Options) int64 { return o.Limits.MaxStringBytes }, func(o *scan.Options, v int64) { o.Limits.MaxStringBytes = v }},
	"xml-strings": {"bytes of decoded binary-XML strings", true, func(o *scan.Options) int64 { return o.Limits.MaxXMLStringBytes }, func(o *scan.Options, v int64) { o.Limits.MaxXMLStringBytes = v }},
	"v1-files":    {"v1 (JAR) signature files examined", false, func(o *scan.Options) int64 { return int64(o.Limits.MaxV1SigFiles) }, func(o *scan.Options, v int64) { o.Limits.MaxV1SigFiles = int(v) }},
	"v1-certs":    {"certificates examined in v1 signature files", false, func(o *scan.Options) int64 { return int64(o.Limits.MaxV1Certs) }, func(o *scan.Options, v int64) { o.Limits.MaxV1Certs = int(v) }},
	"taint-instructions": {"instructions the taint engine may interpret", false, func(o *scan.Options) int64 { return o.TaintBudget.Instructions },
		func(o *scan.Options, v int64) { o.TaintBudget.Instructions = v }},
	"taint-methods": {"methods the taint engine may analyse", false, func(o *scan.Options) int64 { return int64(o.TaintBudget.Methods) },
		func(o *scan.Options, v int64) { o.TaintBudget.Methods = int(v) }},
	"taint-members": {"methods and fields of classes the taint engine may decode", false, func(o *scan.Options) int64 { return int64(o.TaintBudget.ClassMembers) },
		func(o *scan.Options, v int64) { o.TaintBudget.ClassMembers = int(v) }},
	"memory": {"process heap before the scan is stopped with a partial report", true, func(o *scan.Options) int64 { return o.MemoryBudget },
		func(o *scan.Options, v int64) { o.MemoryBudget = v }},
}

// budgetHelp lists the budget names for --help.
func budgetHelp() string {
	names := make([]string, 0, len(budgets))
	for n := range budgets {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("change a per-scan budget, NAME=VALUE (repeatable); NAME is one of:")
	for _, n := range names {
		fmt.Fprintf(&b, "\n  %s: %s", n, budgets[n].doc)
	}
	return b.String()
}

// applyBudgets sets the --budget values on o.
func applyBudgets(o *scan.Options, specs []string) error {
	if o.Limits.MaxEntry == 0 {
		o.Limits = apk.DefaultLimits()
	}
	for _, s := range specs {
		name, val, ok := strings.Cut(s, "=")
		b, known := budgets[name]
		if !ok || !known {
			return errs.Usagef("--budget %q: want NAME=VALUE with NAME one of the names in --help", s)
		}
		var v int64
		var err error
		if b.size {
			v, err = parseSize(val)
		} else {
			v, err = strconv.ParseInt(val, 10, 64)
		}
		if err != nil || v <= 0 {
			return errs.Usagef("--budget %s: %q is not a positive %s", name, val, map[bool]string{true: "size such as 64MiB", false: "number"}[b.size])
		}
		b.set(o, v)
	}
	return nil
}
