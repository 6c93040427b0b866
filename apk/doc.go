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
// Every read from an archive goes through Limits: a per-entry cap, a total
// inflated-bytes budget per archive and a compression-ratio guard, so a zip
// bomb is reported as a problem instead of exhausting memory. Problems that
// do not prevent a partial result are returned in App.Problems; only inputs
// that cannot be read at all produce an error.
//
// The ZIP layer is github.com/avast/apkparser's reader, which accepts the
// broken archives that Android itself installs (unknown compression methods
// treated as deflate, a damaged central directory recovered from local
// headers, duplicate names); its binary-XML decoder produces the manifest.
// Neither library's types appear in this package's API.
package apk
