package sdkdb

import (
	"path"
	"strings"
)

// Matching archive entry names against file signatures, and SDK versions from version files.

func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[\\") }

// MatchFile matches a path inside the APK ("META-INF/x.version",
// "assets/amplifyconfiguration.json").
func (m *Matcher) MatchFile(p string) []*FileHit {
	p = strings.TrimPrefix(p, "/")
	var hits []*FileHit
	add := func(fe fileEntry) {
		for _, h := range hits {
			if h.SDK == fe.sdk {
				if !fe.sdk.Evidence.empty() && fe.sdk.rank(KindFile, fe.pattern) > fe.sdk.rank(KindFile, h.Pattern) {
					*h = FileHit{Match: Match{SDK: fe.sdk, Kind: KindFile, Pattern: fe.pattern}, Rule: fe.rule, vre: fe.vre}
				}
				return
			}
		}
		hits = append(hits, &FileHit{Match: Match{SDK: fe.sdk, Kind: KindFile, Pattern: fe.pattern}, Rule: fe.rule, vre: fe.vre})
	}
	for _, fe := range m.fileExact[p] {
		add(fe)
	}
	for _, fe := range m.fileGlobs {
		if ok, _ := path.Match(strings.TrimPrefix(fe.pattern, "/"), p); ok {
			add(fe)
		}
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].SDK.ID < hits[j-1].SDK.ID; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	return hits
}

// WantsContent reports whether Version needs the file content.
func (h *FileHit) WantsContent() bool {
	return h.Rule != nil && h.Rule.Version != nil && h.Rule.Version.From != "path"
}

// HasVersion reports whether the rule carries a version capture rule.
func (h *FileHit) HasVersion() bool { return h.Rule != nil && h.Rule.Version != nil }

// Version extracts the SDK version for this hit from the file path and its
// content (only the first MaxVersionContent bytes are read). It returns ""
// when the rule has no version capture or nothing usable is found.
func (h *FileHit) Version(filePath string, content []byte) string {
	if !h.HasVersion() {
		return ""
	}
	src := filePath
	if h.Rule.Version.From != "path" {
		if len(content) > MaxVersionContent {
			content = content[:MaxVersionContent]
		}
		src = string(content)
	}
	if h.vre != nil {
		sm := h.vre.FindStringSubmatch(src)
		if len(sm) < 2 {
			return ""
		}
		return cleanVersion(sm[1])
	}
	if h.Rule.Version.From == "path" {
		return ""
	}
	for _, line := range strings.Split(src, "\n") {
		if l := strings.TrimSpace(line); l != "" {
			return cleanVersion(l)
		}
	}
	return ""
}

// cleanVersion trims and bounds a version string; it returns "" for values
// that do not look like versions (binary data, very long lines).
func cleanVersion(v string) string {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "\ufeff"))
	if v == "" || len(v) > 64 {
		return ""
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			return ""
		}
	}
	return v
}

// FileVersions is MatchFile followed by Version for every hit that has a
// version rule: given a path and its (bounded) content it returns the SDK
// versions found. Hits without a version rule are not returned.
func (m *Matcher) FileVersions(filePath string, content []byte) []FileVersion {
	var out []FileVersion
	for _, h := range m.MatchFile(filePath) {
		if !h.HasVersion() {
			continue
		}
		if v := h.Version(filePath, content); v != "" {
			out = append(out, FileVersion{SDK: h.SDK, Pattern: h.Pattern, Version: v})
		}
	}
	return out
}
