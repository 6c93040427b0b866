// Package apk opens Android application packages as a hostile-input-safe
// unpacker: single APKs, split bundles (.apks, .xapk, .apkm, a directory of
// splits), nested APKs and secondary DEX/JAR files in assets.
//
// It decodes what a report needs to identify a build — package, versions,
// SDK levels, permissions, components, meta-data, application flags,
// <queries>, the app label, the signing certificates (v1 JAR signatures and
// the v2/v3/v3.1 APK Signing Block) and the APK's SHA-256 — and hands out
// bounded reads of any entry. It knows nothing about DEX code, SDKs or reports.
//
// Every read goes through Limits: a per-entry cap, a compression-ratio
// guard and one budget per scan (per Open/OpenKnown call), shared by the
// base archive, every split and every nested archive: inflated bytes,
// nested archives and nesting depth, archive bytes held in memory, decoded
// resource-string bytes, v1 signature files and certificates. A zip bomb
// or an amplification through nesting or aliasing is reported as a
// problem ("budget: <name>: more than <limit>") instead of exhausting
// memory. Problems that do not prevent a partial result are returned in
// App.Problems; only inputs that cannot be read at all produce an error.
// Only directories and regular files are opened (a FIFO never blocks).
//
// Entries are resolved by their exact name, as Android's libziparchive
// does; duplicate names, non-canonical aliases of the names Android reads
// ("./AndroidManifest.xml", "classes.dex/") are reported as
// "ambiguous archive: possible parser-differential evasion: …" errors and
// never chosen over the real entry.
//
// The central directory is read with archive/zip (unknown compression
// methods treated as deflate, as Android does); an archive without a
// readable central directory is recovered from its local headers by
// github.com/avast/apkparser's reader, whose binary-XML decoder also
// produces the manifest.
// Neither library's types appear in this package's API.
package apk
