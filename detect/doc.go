// Package detect holds apkscan's evidence analyzers (see package
// analysis): which SDKs an app embeds and from what (classes, manifest
// entries, SDK files, resources, host strings), whether the app's own code
// calls them, the endpoints it can reach and who owns them. Each analyzer
// returns its findings as its result; none keeps state another reads
// except through Pass.ResultOf. The list that runs is scan.Analyzers.
package detect
